"""Reading a zip archive that may be hostile: damaged, a zip bomb, or full of odd names.

An Anki package comes from anyone, so before anything is read every member is checked: its
name (no absolute paths, no '..', no duplicates), its declared size (the whole archive at most
``MAX_TOTAL`` uncompressed, no member squeezed more than ``MAX_RATIO`` times) — and then the
bytes actually read are counted too, because a header can lie. Nothing is ever extracted by
member name: callers copy the one member they want into a file they name themselves.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

MAX_TOTAL = 256 * 1024 * 1024
"""Uncompressed bytes an archive may hold in all."""
MAX_RATIO = 200
"""How many times smaller than its content a large member may be; zip bombs are far beyond."""
RATIO_FROM = 1024 * 1024
"""Members smaller than this are not held to MAX_RATIO (a small file of blanks compresses
very well and harms no one)."""
MAX_MEMBERS = 100_000
CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _unsafe_name(name: str) -> str | None:
    """Why a member name is not acceptable, or None."""
    if "\x00" in name:
        return "contains a NUL character"
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "climbs out of the archive with '..'"
    return None


class SafeZip:
    """A zip archive whose members have all passed the checks above."""

    def __init__(self, archive: zipfile.ZipFile, shown: str) -> None:
        self._zip = archive
        self._shown = shown
        self.members = {info.filename: info for info in archive.infolist()}

    def copy(self, name: str, target: IO[bytes]) -> int:
        """Copy one member into ``target``, counting the bytes as they come: more than its
        header declared, or more than MAX_TOTAL, and the copy stops with ArchiveError (as
        it does on damaged data). Returns the bytes copied."""
        info = self.members[name]
        total = 0
        try:
            with self._zip.open(info) as source:
                while chunk := source.read(CHUNK):
                    total += len(chunk)
                    if total > info.file_size:
                        raise ArchiveError(
                            f"{self._shown}: member '{name}' holds more than the "
                            f"{info.file_size} bytes its header declares; refusing the archive"
                        )
                    if total > MAX_TOTAL:
                        raise ArchiveError(
                            f"{self._shown}: member '{name}' unpacks to more than "
                            f"{megabytes(MAX_TOTAL)}; refusing to read further"
                        )
                    target.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise ArchiveError(f"{self._shown}: member '{name}' is damaged ({exc})") from None
        return total


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


@contextmanager
def open_zip(path: Path, shown: str | None = None) -> Iterator[SafeZip]:
    """Open ``path`` as a zip archive and check every member, or raise ArchiveError."""
    name = shown or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ArchiveError(f"{name}: not a zip archive, or a damaged one ({exc})") from None
    except OSError as exc:
        raise ArchiveError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    with archive:
        _check(archive, name)
        yield SafeZip(archive, name)


def _check(archive: zipfile.ZipFile, shown: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"{shown}: holds {len(infos)} files; an Anki package has a handful")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if why := _unsafe_name(name):
            raise ArchiveError(f"{shown}: member name {name!r} {why}; refusing the archive")
        if name in seen:
            raise ArchiveError(f"{shown}: member '{name}' appears twice; refusing the archive")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise ArchiveError(f"{shown}: member '{name}' is encrypted")
        total += info.file_size
        if total > MAX_TOTAL:
            raise ArchiveError(f"{shown}: unpacks to more than {megabytes(MAX_TOTAL)}; refusing it")
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise ArchiveError(
                f"{shown}: member '{name}' would unpack {ratio} times larger than it is "
                "stored (a zip bomb?); refusing the archive"
            )
