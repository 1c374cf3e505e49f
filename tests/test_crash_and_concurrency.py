"""Real processes on a real file: killed mid-session, or two and four at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import TESTS

from studytool.store.database import Store

HELPER = TESTS / "helpers" / "answer_loop.py"
KILLS = int(os.environ.get("STUDYTOOL_CRASH_RUNS", "12"))


def start(db: Path, answers: int, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HELPER), str(db), str(answers), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def review_ids(db: Path) -> set[int]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM reviews")}


def test_kill_9_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    rng = random.Random(3)
    db = tmp_path / "studytool.db"
    acknowledged: set[int] = set()
    for run in range(KILLS):
        process = start(db, 10_000, seed=run)
        assert process.stdout is not None
        wanted = rng.randint(1, 40)
        for line in process.stdout:
            if line.startswith("ack "):
                acknowledged.add(int(line.split()[1]))
                wanted -= 1
            if wanted <= 0:
                break
        time.sleep(rng.random() * 0.02)  # land the kill anywhere in the next answer
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(db) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert acknowledged <= review_ids(db), f"run {run} lost acknowledged answers"
    store = Store.open(db, now=datetime.now(UTC))
    assert store.stored_states() == store.replayed_states()


@pytest.mark.parametrize("processes", [2, 4])
def test_sessions_at_once_lose_and_double_nothing(tmp_path: Path, processes: int) -> None:
    db = tmp_path / "studytool.db"
    answers = 60
    running = [start(db, answers, seed=n) for n in range(processes)]
    outputs = [p.communicate(timeout=120) for p in running]
    for process, (out, err) in zip(running, outputs, strict=True):
        assert process.returncode == 0, err
        assert "locked" not in err
        assert out.count("ack ") == answers
    acked = [int(line.split()[1]) for out, _ in outputs for line in out.splitlines()
             if line.startswith("ack ")]  # fmt: skip
    assert len(acked) == len(set(acked)) == answers * processes
    assert review_ids(db) == set(acked)
    store = Store.open(db, now=datetime.now(UTC))
    assert store.stored_states() == store.replayed_states()


def test_sessions_creating_the_same_new_database_at_once_all_start(tmp_path: Path) -> None:
    """Switching a brand-new file to WAL needs it alone for a moment; nobody may fail."""
    for round_ in range(8):
        db = tmp_path / f"round-{round_}" / "studytool.db"
        running = [start(db, 0, seed=n) for n in range(4)]
        for process in running:
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
