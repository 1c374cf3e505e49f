"""Checked decks kept on disk, so an unchanged deck is neither parsed nor read whole again.

Parsing and checking a 10,000-card deck takes about a second. An entry keeps the result:
the deck's header, its diagnostics and each card's id, topic and kind up front, then each
card on its own, read only when asked for (``core.cardset.Cards``). A start with ten
unchanged 10,000-card decks reads the ten indexes and the cards the first screen shows.

An entry is used only when everything that could change the result is the same: the file's
bytes and path, this studytool's version and the source of the modules that read decks (so
an edited checkout never sees a stale result). The bytes are not even read when the file's
size, times, inode and device are those recorded, once the file had been left alone for a
moment (a file changed twice within its clock's resolution would look unchanged).
Anything wrong with an entry (missing, stale, damaged, unreadable) just means the deck is
parsed again; a cache that cannot be written is skipped. Entries are pickles in the user's
own cache dir, a place only that user can write, like the rest of their files.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import stat
import struct
import sys
import time
from array import array
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from studytool import __version__
from studytool.core.cards import Card
from studytool.core.cardset import Cards
from studytool.core.models import Deck
from studytool.deck import spec
from studytool.deck.results import LoadResult, read_deck_bytes
from studytool.errors import DeckChanged

FORMAT = 2
MAGIC = b"studytool deck cache 2\n"
SIGNATURE = struct.Struct("<6q")
"""Whether it may be trusted, then the deck file's size, mtime and ctime (ns), inode and
device: fixed width, so it can be refreshed in place."""
LENGTH = struct.Struct("<Q")
SETTLED_NS = 2_000_000_000
"""How long a file must have been left alone before its times may stand for its bytes."""


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
    name = hashlib.sha256(f"{kind} {path}".encode()).hexdigest()[:40]
    entry = cache_dir / "decks" / f"{name}.cards"
    signature = _signature(path)
    kept = _Entry.open(entry, (_code_fingerprint(), kind, str(path)))
    if kept is not None and signature is not None and kept.signature == signature:
        return kept.result(path)
    data = _read(path)
    if data is None:
        return finish(_parsed(path))
    content = hashlib.sha256(data).hexdigest()
    if kept is not None and kept.content == content:
        kept.vouch(signature)
        return kept.result(path)
    result = finish(_parsed(path))
    # Only keep the result if the file did not change while it was being read.
    if _read(path) == data:
        key = (_code_fingerprint(), kind, str(path), content)
        _store(entry, key, _settled(signature), result)
    return result


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (1, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def _settled(signature: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The signature when the file has been left alone long enough to be trusted by it."""
    if signature is None or time.time_ns() - max(signature[2], signature[3]) < SETTLED_NS:
        return None
    return signature


def _parsed(path: Path) -> LoadResult:
    from studytool.deck.reader import load_deck  # only a deck not cached needs the parser

    return load_deck(path)


class _Entry:
    """One entry: its signature and header read, its cards left on disk. No file stays
    open: a card is read by opening the entry again, checked to be the same file."""

    def __init__(self, path: Path, identity: tuple[int, int], header: tuple[Any, ...]) -> None:
        self.path = path
        self.identity = identity
        self.signature: tuple[int, ...] | None = header[0]
        self.content: str = header[1]
        self.shell: LoadResult = header[2]
        self.index: tuple[Any, ...] = header[3]
        """Each card's id, topic and kind, the digest of ids and topics, the study order."""
        self.ends: array[int] = header[4]
        self.base: int = header[5]

    @classmethod
    def open(cls, path: Path, wanted: tuple[str, str, str]) -> _Entry | None:
        """The entry when it is whole and was made by this code for this file and kind."""
        try:
            with open(path, "rb") as stream:
                found = os.fstat(stream.fileno())
                head = stream.read(len(MAGIC) + SIGNATURE.size + LENGTH.size)
                if not head.startswith(MAGIC):
                    return None
                fixed = SIGNATURE.unpack_from(head, len(MAGIC))
                (size,) = LENGTH.unpack_from(head, len(MAGIC) + SIGNATURE.size)
                key, shell, index, ends = pickle.loads(stream.read(size))  # our own file
            if tuple(key[:3]) != wanted or not isinstance(shell, LoadResult):
                return None  # another file's entry, or older code's
            signature = tuple(fixed) if fixed[0] else None
            header = (signature, key[3], shell, index, ends, len(head) + size)
            return cls(path, (found.st_dev, found.st_ino), header)
        except Exception:  # any unusable entry only means parsing again
            return None

    def result(self, deck_path: Path) -> LoadResult:
        deck = self.shell.deck
        if deck is None:
            return self.shell
        ids, topics, kinds, digest, order = self.index
        reader = _CardReader(self, ids, deck_path)
        cards = Cards(ids, topics, kinds, reader.read, digest, order)
        return replace(self.shell, deck=replace(deck, cards=cards))

    def vouch(self, signature: tuple[int, ...] | None) -> None:
        """Record that the file as it stands now has the entry's bytes, so the next start
        need not read them (written in place: a torn write only fails to match)."""
        trusted = _settled(signature)
        if trusted is None or trusted == self.signature:
            return
        try:
            with open(self.path, "r+b") as stream:
                stream.seek(len(MAGIC))
                stream.write(SIGNATURE.pack(*trusted))
        except OSError:
            pass  # only slower next time


class _CardReader:
    """Reads card N of an entry. Should the entry fail (damaged, or replaced by another
    process's since it was opened), the card is taken from the deck file itself, if it
    still has it, and a damaged entry is removed so that the next start parses the deck."""

    def __init__(self, entry: _Entry, ids: tuple[str, ...], deck_path: Path) -> None:
        self.entry = entry
        self.ids = ids
        self.deck_path = deck_path
        self.fallback: Deck | None = None

    def read(self, position: int) -> Card:
        entry = self.entry
        start = entry.ends[position - 1] if position else 0
        damaged = False
        try:
            with open(entry.path, "rb") as stream:
                found = os.fstat(stream.fileno())
                if (found.st_dev, found.st_ino) == entry.identity:
                    stream.seek(entry.base + start)
                    card = pickle.loads(stream.read(entry.ends[position] - start))  # ours
                    if isinstance(card, Card) and card.id == self.ids[position]:
                        return card
                    damaged = True
        except OSError:
            pass  # gone or unreadable: the deck file has the card too
        except Exception:  # what it held could not be read back
            damaged = True
        if damaged:
            entry.path.unlink(missing_ok=True)
        return self._from_deck(self.ids[position])

    def _from_deck(self, card_id: str) -> Card:
        if self.fallback is None:
            self.fallback = _parsed(self.deck_path).deck
        try:
            if self.fallback is not None:
                return self.fallback.card(card_id)
        except KeyError:
            pass
        raise DeckChanged(str(self.deck_path), card_id)


def _store(
    entry: Path, key: tuple[str, ...], signature: tuple[int, ...] | None, result: LoadResult
) -> None:
    deck = result.deck
    cards = tuple(deck.cards) if deck is not None else ()
    blobs = [pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL) for card in cards]
    shell = replace(result, deck=replace(deck, cards=Cards.of(()))) if deck else result
    if deck is not None:
        deck.study_order()  # worked out once here rather than at every start
        cards_index = deck.cards
        index = (cards_index.ids, cards_index.topics, cards_index.kinds, cards_index.digest,
                 cards_index.known_order)  # fmt: skip
    else:
        index = ((), (), (), "", None)
    ends = array("q", accumulate(len(blob) for blob in blobs))
    try:
        header = pickle.dumps((key, shell, index, ends), protocol=pickle.HIGHEST_PROTOCOL)
        fixed = SIGNATURE.pack(*(signature or (0,) * 6))
        import tempfile  # only a deck not cached is written

        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + fixed + LENGTH.pack(len(header)) + header)
                stream.writelines(blobs)
            os.replace(temporary, entry)
            entry.with_suffix(".pickle").unlink(missing_ok=True)  # the first format's entry
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a cache that cannot be written is only slower
