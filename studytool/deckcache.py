"""Checked decks kept on disk by content hash, so an unchanged deck is not parsed again.

Parsing and checking a 10,000-card deck takes about a second; reading back the result
takes a tenth of that. Every start of the app and every lint of an unchanged file gains.

An entry is used only when everything that could change the result is the same: the file's
bytes and path, this studytool's version and the source of the modules that read decks (so
an edited checkout never sees a stale result). Anything wrong with an entry (missing,
stale, damaged, unreadable) just means the deck is parsed again; a cache that cannot be
written is skipped. Entries are pickles in the user's own cache dir, a place only that user
can write, like the rest of their files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path

import yaml

from studytool import __version__, deckfile, deckspec, yamltree
from studytool.core import cloze, models
from studytool.deckfile import LoadResult, load_deck

FORMAT = 1


@cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())
    digest.update(yaml.__version__.encode())
    for module in (deckfile, deckspec, yamltree, models, cloze):
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> bytes | None:
    """The file's bytes when it is a readable deck-sized file; None leaves it to the loader
    to say what is wrong."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(deckspec.MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= deckspec.MAX_FILE_BYTES else None


def load(path: Path, cache_dir: Path | None) -> LoadResult:
    """``load_deck(path)``, from the cache when the file has not changed."""
    if cache_dir is None:
        return load_deck(path)
    data = _read(path)
    if data is None:
        return load_deck(path)
    key = (_code_fingerprint(), str(path), hashlib.sha256(data).hexdigest())
    entry = cache_dir / "decks" / f"{hashlib.sha256(str(path).encode()).hexdigest()[:40]}.pickle"
    try:
        with open(entry, "rb") as stream:
            stored_key, result = pickle.load(stream)  # our own file, see above
        if stored_key == key and isinstance(result, LoadResult):
            return result
    except Exception:  # any unusable entry only means parsing again
        pass
    result = load_deck(path)
    # Only keep the result if the file did not change while it was being read.
    if _read(path) == data:
        _store(entry, (key, result))
    return result


def _store(entry: Path, value: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a cache that cannot be written is only slower
