"""Where an error nobody foresaw is written down: a file in the user's cache dir holding
the traceback, the version and the command, for the user to attach to a report."""

from __future__ import annotations

import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from studytool import __version__, paths
from studytool.core.text import without_passwords


def write(error: BaseException) -> Path | None:
    """The crash log written for ``error``, or None when no folder would take it. A
    server address's password, on the command line or in the traceback, is left out: the
    file is meant to be sent to someone."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    text = without_passwords("".join([
        f"studytool {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
        f"command: {sys.argv!r}\n\n",
        *traceback.format_exception(error),
    ]))  # fmt: skip
    folders = [paths.cache_dir(), Path(tempfile.gettempdir())]
    for folder in (f for f in folders if f is not None):
        target = folder / "crashes" / f"crash-{stamp}.log"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return target
    return None
