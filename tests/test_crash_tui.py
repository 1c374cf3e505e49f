"""Kill the real `studytool` review app (-9) in a terminal at random points: every answer
whose feedback was on screen is in the database, and the file is sound."""

from __future__ import annotations

import fcntl
import os
import pty
import random
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

RUNS = int(os.environ.get("STUDYTOOL_CRASH_RUNS_TUI", "3"))

DECK = """\
id: flips
title: Flips
version: 1
source: {title: S}
topics: {t: T}
cards:
""" + "".join(
    f"  - {{id: c{i}, type: basic, topic: t, source: S, front: Front {i}, back: Back {i},"
    f" explanation: e}}\n"
    for i in range(200)
)


class Terminal:
    """studytool in a pseudo-terminal of 80x24, fed keys and read like a screen."""

    def __init__(self, deck: Path, data: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "STUDYTOOL_DATA_DIR": str(data)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "studytool", "review", "flips", "--deck", str(deck),
             "--new-limit", "100"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 15) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    return False
                if text.encode() in self.seen:
                    self.seen = b""
                    return True
        return False

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_killing_the_review_app_loses_no_answer_that_was_shown(tmp_path: Path) -> None:
    deck = tmp_path / "flips.yaml"
    deck.write_text(DECK)
    data = tmp_path / "data"
    rng = random.Random(4)
    shown = 0
    for _ in range(RUNS):
        terminal = Terminal(deck, data)
        try:
            assert terminal.wait_for("space: show the answer"), "the first card never showed"
            for _ in range(rng.randint(1, 4)):
                terminal.press(b" ")
                assert terminal.wait_for("How well did you know it?")
                terminal.press(rng.choice([b"4", b"5"]))
                assert terminal.wait_for("Enter: next card")
                shown += 1
                terminal.press(b"\r")
                assert terminal.wait_for("space: show the answer")
            terminal.press(b" ")  # the kill lands with the next card half answered
            time.sleep(rng.random() * 0.2)
        finally:
            terminal.kill()
        with sqlite3.connect(data / "studytool.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            saved = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
        connection.close()
        assert saved == shown
