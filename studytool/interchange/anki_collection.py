"""The notes, note types and decks inside an Anki collection file.

This reads the SQLite database found inside an .apkg — Anki's file, not studytool's own
database (which only ``store`` touches). It is opened read-only and immutable from a private
temporary copy, with the schema marked untrusted, and only plain SELECTs are run on it.

Two layouts exist: the older one (``collection.anki2`` / ``.anki21``) keeps note types and
decks as JSON in the ``col`` table; the newer one (``collection.anki21b``, schema 18) keeps
them in tables of their own with their settings as protocol-buffer blobs, of which only a few
fields are needed, read by the small decoder below.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
FIELD_SEPARATOR = "\x1f"
CLOZE_KIND = 1
IMAGE_OCCLUSION_STOCK_KIND = 6
"""Anki's OriginalStockKind for its Image Occlusion note type."""


class CollectionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]
    """(question format, answer format) of each card template."""
    stock_kind: int
    """Which of Anki's stock note types this one started as (0: unknown)."""


@dataclass(frozen=True)
class AnkiDeck:
    id: int
    name: str
    """Full name, levels joined with '::' as Anki shows them."""
    description: str


@dataclass(frozen=True)
class AnkiNote:
    id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    deck_id: int | None
    """The deck of the note's first card."""


@dataclass(frozen=True)
class AnkiCollection:
    notetypes: dict[int, NoteType]
    decks: dict[int, AnkiDeck]
    notes: tuple[AnkiNote, ...]


MAX_VALUE_BYTES = 16 * 1024 * 1024
"""The longest text or blob a query may make: a note's fields are kilobytes, and a file
whose columns compute gigabytes (a generated column, say) is refused at the first."""
MAX_NOTES_BYTES = 256 * 1024 * 1024
"""All notes' fields together, as much as a package may unpack to."""
MAX_SECONDS = 60
"""Reading even a huge collection takes seconds; SQL that runs longer is refused."""


def _bounded(connection: sqlite3.Connection) -> None:
    """Bound what the file's own SQL (views, generated columns, triggers are not run)
    can cost in memory and time."""
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    deadline = time.monotonic() + MAX_SECONDS
    connection.set_progress_handler(lambda: time.monotonic() > deadline, 100_000)


def read_collection(path: Path, shown: str) -> AnkiCollection:
    """Everything needed from the collection at ``path``; ``shown`` names it in messages."""
    with open(path, "rb") as stream:
        if stream.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise CollectionError(f"{shown} is not an SQLite database, so not an Anki collection")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise CollectionError(f"{shown} cannot be opened as a database ({exc})") from None
    try:
        _bounded(connection)
        connection.execute("PRAGMA trusted_schema = OFF")
        # Anki's own collation, named in the newer schema; sorting is never asked for here.
        connection.create_collation("unicase", _unicase)
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if {"notetypes", "fields", "templates", "decks"} <= tables:
            _require(tables, {"notes", "cards"}, shown)
            notetypes, decks = _schema18(connection)
        else:
            _require(tables, {"col", "notes", "cards"}, shown)
            notetypes, decks = _schema11(connection, shown)
        notes = _notes(connection)
    except sqlite3.Error as exc:
        raise CollectionError(f"{shown} is not a readable Anki collection ({exc})") from None
    # OverflowError: a JSON id or order of Infinity; RecursionError: JSON nested so deeply
    # that the parser gives up. Both are what a hostile file would hold.
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise CollectionError(f"{shown} is a damaged Anki collection ({exc!r})") from None
    finally:
        connection.close()
    return AnkiCollection(notetypes, decks, notes)


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def _require(tables: set[str], needed: set[str], shown: str) -> None:
    if missing := sorted(needed - tables):
        raise CollectionError(
            f"{shown} is not an Anki collection: it has no table {', '.join(missing)}"
        )


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _notes(connection: sqlite3.Connection) -> tuple[AnkiNote, ...]:
    first_deck: dict[int, int] = {}
    rows = connection.execute(
        "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END FROM cards ORDER BY nid, ord"
    )
    for nid, did in rows:
        first_deck.setdefault(int(nid), int(did))
    notes = []
    total = 0
    for nid, guid, mid, flds in connection.execute(
        "SELECT id, guid, mid, flds FROM notes ORDER BY id"
    ):
        note_id = int(nid)
        text = _text(flds)
        total += len(text)
        if total > MAX_NOTES_BYTES:
            raise ValueError(f"its notes hold over {MAX_NOTES_BYTES // 1024 // 1024} MB of text")
        fields = tuple(text.split(FIELD_SEPARATOR))
        notes.append(AnkiNote(note_id, _text(guid), int(mid), fields, first_deck.get(note_id)))
    return tuple(notes)


# -- the older layout: JSON in the col table --------------------------------------------


def _schema11(
    connection: sqlite3.Connection, shown: str
) -> tuple[dict[int, NoteType], dict[int, AnkiDeck]]:
    row = connection.execute("SELECT models, decks FROM col LIMIT 1").fetchone()
    if row is None:
        raise CollectionError(f"{shown} is not an Anki collection: its col table is empty")
    models: dict[str, Any] = json.loads(_text(row[0]) or "{}")
    decks: dict[str, Any] = json.loads(_text(row[1]) or "{}")
    notetypes = {}
    for model in models.values():
        fields = sorted(model.get("flds", []), key=lambda f: int(f.get("ord", 0)))
        templates = sorted(model.get("tmpls", []), key=lambda t: int(t.get("ord", 0)))
        notetype = NoteType(
            id=int(model["id"]),
            name=_text(model.get("name")),
            cloze=int(model.get("type", 0)) == CLOZE_KIND,
            fields=tuple(_text(f.get("name")) for f in fields),
            templates=tuple((_text(t.get("qfmt")), _text(t.get("afmt"))) for t in templates),
            stock_kind=int(model.get("originalStockKind") or 0),
        )
        notetypes[notetype.id] = notetype
    found = {}
    for deck in decks.values():
        entry = AnkiDeck(int(deck["id"]), _text(deck.get("name")), _text(deck.get("desc")))
        found[entry.id] = entry
    return notetypes, found


# -- the newer layout: tables of their own, settings as protocol buffers ----------------


def _schema18(
    connection: sqlite3.Connection,
) -> tuple[dict[int, NoteType], dict[int, AnkiDeck]]:
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, name in connection.execute("SELECT ntid, ord, name FROM fields"):
        fields.setdefault(int(ntid), []).append((int(ord_), _text(name)))
    templates: dict[int, list[tuple[int, str, str]]] = {}
    for ntid, ord_, config in connection.execute("SELECT ntid, ord, config FROM templates"):
        message = _message(config)
        templates.setdefault(int(ntid), []).append(
            (int(ord_), _string(message, 1), _string(message, 2))
        )
    notetypes = {}
    for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        message = _message(config)
        notetype_id = int(ntid)
        notetypes[notetype_id] = NoteType(
            id=notetype_id,
            name=_text(name),
            cloze=_number(message, 1) == CLOZE_KIND,
            fields=tuple(name for _, name in sorted(fields.get(notetype_id, []))),
            templates=tuple((q, a) for _, q, a in sorted(templates.get(notetype_id, []))),
            stock_kind=_number(message, 9),
        )
    decks = {}
    for did, name, kind in connection.execute("SELECT id, name, kind FROM decks"):
        normal = _message(_bytes(_message(kind), 1))
        decks[int(did)] = AnkiDeck(
            int(did), _text(name).replace(FIELD_SEPARATOR, "::"), _string(normal, 4)
        )
    return notetypes, decks


_Message = dict[int, list[int | bytes]]


def _message(data: object) -> _Message:
    """The top-level fields of a protocol-buffer message: number -> values."""
    if not isinstance(data, bytes):
        return {}
    found: _Message = {}
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, position = _varint(data, position)
        elif wire == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError("truncated protocol-buffer field")
            value = data[position : position + length]
            position += length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value = data[position : position + size]
            position += size
        else:
            raise ValueError(f"unknown protocol-buffer wire type {wire}")
        found.setdefault(number, []).append(value)
    return found


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    for _ in range(10):
        if position >= len(data):
            raise ValueError("truncated protocol-buffer varint")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
    raise ValueError("protocol-buffer varint too long")


def _number(message: _Message, number: int) -> int:
    values = message.get(number, [])
    return values[-1] if values and isinstance(values[-1], int) else 0


def _bytes(message: _Message, number: int) -> bytes:
    values = message.get(number, [])
    return values[-1] if values and isinstance(values[-1], bytes) else b""


def _string(message: _Message, number: int) -> str:
    return _bytes(message, number).decode("utf-8", errors="replace")
