"""What checking a deck file gives: the deck, or the problems found and where. Kept apart
from the checks, so that reading a checked deck back from the cache needs no YAML parser.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studytool.core.models import Deck
from studytool.core.text import shown
from studytool.deck import spec

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        # A file name can hold escape sequences too, and messages quote file names.
        return shown(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")


@dataclass(frozen=True)
class LoadResult:
    path: str
    deck: Deck | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def read_deck_bytes(path: str | Path, pipes: bool = True) -> bytes | None:
    """The file's bytes, at most one more than a deck may hold, or None when it is not a
    regular file (a folder, a device), nor a pipe when ``pipes`` (``--against <(git show
    …)`` reads one). The check is made on the opened file, and the open does not wait: a
    named pipe nobody writes to reads as empty instead of hanging."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, os.O_RDONLY | nonblocking)
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not (stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode))):
            return None
        if nonblocking:  # a writer still writing is waited for, as any reader would
            os.set_blocking(stream.fileno(), True)
        return stream.read(spec.MAX_FILE_BYTES + 1)
