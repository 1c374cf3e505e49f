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
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from studytool import __version__
from studytool.deck import spec
from studytool.deck.results import LoadResult, read_deck_bytes

FORMAT = 1


_DECK_PACKAGE = Path(__file__).resolve().parent
_CORE = _DECK_PACKAGE.parent / "core"


@cache
def _code_fingerprint() -> str:
    """Everything a checked deck depends on: the modules that read and check decks (this
    package and core, read as files so nothing extra is imported). Editing the CLI or the
    screens keeps every cached deck."""
    digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version_info[:2]}".encode())
    # The YAML parser's own version, read from its file: importing it would cost what a
    # cached start saves.
    parser = importlib.util.find_spec("yaml")
    if parser is not None and parser.origin:
        digest.update(Path(parser.origin).read_bytes())
    for source in sorted([*_DECK_PACKAGE.rglob("*.py"), *_CORE.rglob("*.py")]):
        digest.update(str(source.relative_to(_CORE.parent)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> bytes | None:
    """The file's bytes when it is a readable deck-sized file; None leaves it to the loader
    to say what is wrong."""
    try:  # a pipe can be read once only: the loader reads it, uncached
        data = read_deck_bytes(path, pipes=False)
    except OSError:
        return None
    return data if data is not None and len(data) <= spec.MAX_FILE_BYTES else None


def load(
    path: Path,
    cache_dir: Path | None,
    then: Callable[[LoadResult], LoadResult] | None = None,
    kind: str = "deck",
) -> LoadResult:
    """``load_deck(path)``, from the cache when the file has not changed. ``then`` adds to
    a fresh result (lint's quality checks) before it is kept; each ``kind`` of result is
    kept apart."""
    finish = then or (lambda result: result)
    if cache_dir is None:
        return finish(_parsed(path))
    data = _read(path)
    if data is None:
        return finish(_parsed(path))
    key = (_code_fingerprint(), kind, str(path), hashlib.sha256(data).hexdigest())
    name = hashlib.sha256(f"{kind} {path}".encode()).hexdigest()[:40]
    entry = cache_dir / "decks" / f"{name}.pickle"
    try:
        with open(entry, "rb") as stream:
            stored_key, result = pickle.load(stream)  # our own file, see above
        if stored_key == key and isinstance(result, LoadResult):
            return result
    except Exception:  # any unusable entry only means parsing again
        pass
    result = finish(_parsed(path))
    # Only keep the result if the file did not change while it was being read.
    if _read(path) == data:
        _store(entry, (key, result))
    return result


def _parsed(path: Path) -> LoadResult:
    from studytool.deck.reader import load_deck  # only a deck not cached needs the parser

    return load_deck(path)


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
