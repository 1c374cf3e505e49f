"""A program in a pseudo-terminal of 80x24, watched until some text is on its screen.

The program draws with Textual's real terminal driver, as it does for a user: the stream
it writes is read as it comes, escape sequences stripped, and searched for the text.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# CSI (cursor moves, colours, modes), OSC (titles, up to BEL or ST), other two-byte escapes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def visible(stream: bytes) -> str:
    """The characters a terminal would print, without escape sequences."""
    return _ESCAPES.sub("", stream.decode("utf-8", "replace"))


@dataclass(frozen=True)
class Shown:
    seconds: float
    """From spawning the process until the text was in its output."""
    peak_rss: int | None
    """The process's peak resident set (VmHWM) in bytes when the text showed, if known."""


def peak_rss(pid: int) -> int | None:
    """VmHWM from /proc: the most the process has had resident, in bytes."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def time_until_shown(
    command: Sequence[str],
    text: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    settle: float = 0.0,
) -> Shown:
    """Spawn ``command`` in an 80x24 pty and time it until ``text`` is on screen; then
    wait ``settle`` seconds (for a peak RSS that includes the idle app), and kill it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    environment = {**os.environ, **(env or {}), "TERM": "xterm-256color",
                   "COLUMNS": "80", "LINES": "24"}  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdin=slave, stdout=slave, stderr=slave, env=environment,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    try:
        end = time.monotonic() + timeout
        while True:
            if time.monotonic() > end:
                raise TimeoutError(f"{text!r} not shown within {timeout:g} s: {visible(seen)!r}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                seen += os.read(master, 1 << 16)
            except OSError as exc:  # the program exited: the pty closed
                raise RuntimeError(f"exited before showing {text!r}: {visible(seen)!r}") from exc
            if text in visible(seen):
                seconds = time.perf_counter() - start
                break
        if settle:
            drain_until = time.monotonic() + settle
            while time.monotonic() < drain_until:  # keep reading so its writes never block
                if select.select([master], [], [], 0.05)[0]:
                    os.read(master, 1 << 16)
        return Shown(seconds, peak_rss(process.pid))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
