"""Writing an export or an imported deck: never over a file unasked, never half a file.

The content goes to a temporary file beside the target and is renamed over it only once it
is complete, so a crash or a full disk leaves either the old file or none, not a torn one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from studytool.core.text import shown
from studytool.interchange.drafts import InterchangeError


def check_target(path: Path, force: bool, folder_may_be_missing: bool = False) -> None:
    """Refuse a target that exists (unless ``force``), is a folder, or has no folder."""
    if path.is_dir():
        raise InterchangeError(f"{shown(str(path))} is a folder; give a file name")
    if path.exists() and not force:
        raise InterchangeError(f"{shown(str(path))} already exists; use --force to replace it")
    if not path.parent.is_dir() and not (folder_may_be_missing and not path.parent.exists()):
        raise InterchangeError(f"folder {shown(str(path.parent))} does not exist")


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write; it becomes ``path`` when the block ends without error."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise InterchangeError(f"cannot write {shown(str(path))}: {exc.strerror or exc}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        raise InterchangeError(f"cannot write {shown(str(path))}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def make_folders(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InterchangeError(
            f"cannot create the folder {shown(str(folder))}: {exc.strerror or exc}"
        ) from None


def _mode(path: Path) -> int:
    """The replaced file's permissions, or what a newly created file would get."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(path: Path, text: str) -> None:
    with replacing(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
