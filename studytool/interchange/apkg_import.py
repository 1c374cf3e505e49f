"""Anki package (.apkg / .colpkg) -> a draft deck.

Notes that studytool exported are rebuilt exactly from their hidden ``studytool`` field.
Other notes are converted when their note type is one of Anki's basic ones: Basic (and its
reversed variants) becomes a basic card, Basic (type in the answer) a typed card, Cloze a
cloze card. Every other note type is reported note by note and left out. Fields are turned
from HTML into plain text; pictures and sounds are not carried over, and each note that had
some says so. Anki deck names become topics.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

from studytool.core.cards import CARD_TYPES
from studytool.interchange.anki_collection import (
    IMAGE_OCCLUSION_STOCK_KIND,
    AnkiCollection,
    AnkiNote,
    CollectionError,
    NoteType,
    read_collection,
)
from studytool.interchange.anki_text import cloze_text, note_losses
from studytool.interchange.apkg_export import DATA_FIELD, HEADER_MARK
from studytool.interchange.archive import (
    CHUNK,
    MAX_TOTAL,
    ArchiveError,
    SafeZip,
    megabytes,
    open_zip,
)
from studytool.interchange.drafts import (
    Draft,
    DraftCard,
    InterchangeError,
    Problem,
    first_words,
    json_data,
    plain,
    stable_id,
    topic_id,
)
from studytool.interchange.html_text import field_text

# Newest first: a package from a recent Anki holds an .anki21b and, for older versions, an
# .anki2 whose only note asks the user to update.
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
# Anki's stock note types, by the kind recorded when they were created.
_BASIC_KINDS = {1, 2, 3}
_TYPING_KIND = 4
_CLOZE_KIND = 5
_TYPE_ANSWER = re.compile(r"\{\{type:([^}:]+)\}\}")
_CLOZE_FIELD = re.compile(r"\{\{(?:[^}]*?:)?cloze:([^}]+)\}\}")
"""Stands for a cloze deletion while the text around it is converted."""


@dataclass(frozen=True)
class ApkgSource:
    """Names for a deck built from foreign notes (a package of studytool's own brings its
    own)."""

    deck_id: str
    file_name: str


def read_apkg(path: Path, source: ApkgSource, shown: str) -> Draft:
    """The draft deck inside the package at ``path``; raises InterchangeError on a package
    that is damaged, hostile or not Anki's."""
    try:
        with open_zip(path, shown) as archive, tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / "collection.db"
            member = _copy_collection(archive, database, shown)
            collection = read_collection(database, f"{shown} ({member})")
    except (ArchiveError, CollectionError) as exc:
        raise InterchangeError(exc.message) from None
    return _Converter(collection, source).draft()


def _copy_collection(archive: SafeZip, target: Path, shown: str) -> str:
    member = next((name for name in COLLECTIONS if name in archive.members), None)
    if member is None:
        raise InterchangeError(
            f"{shown}: not an Anki package (it holds no {', '.join(COLLECTIONS)})"
        )
    if member.endswith(".anki21b"):
        packed = target.with_suffix(".zst")
        with open(packed, "wb") as stream:
            archive.copy(member, stream)
        _unzstd(packed, target, f"{shown} ({member})")
    else:
        with open(target, "wb") as stream:
            archive.copy(member, stream)
    return member


def _unzstd(source: Path, target: Path, shown: str) -> None:
    """Decompress the newer collection, counting what comes out: a tiny file may claim to
    unpack to anything."""
    total = 0
    try:
        with open(source, "rb") as raw, open(target, "wb") as out:
            reader = zstandard.ZstdDecompressor().stream_reader(raw)
            while chunk := reader.read(CHUNK):
                total += len(chunk)
                if total > MAX_TOTAL:
                    raise InterchangeError(
                        f"{shown} unpacks to more than {megabytes(MAX_TOTAL)}; "
                        "refusing to read further"
                    )
                out.write(chunk)
    except zstandard.ZstdError as exc:
        raise InterchangeError(f"{shown} is not valid compressed data ({exc})") from None


class _Converter:
    def __init__(self, collection: AnkiCollection, source: ApkgSource) -> None:
        self.collection = collection
        self.source = source
        self.own_headers = self._headers()
        self.own_topics: dict[str, str] = {}
        for header in self.own_headers.values():
            for key, value in header["topics"].items():
                self.own_topics.setdefault(str(key), str(value))
        self.topics: dict[str, str] = {}
        """Topics made here: from Anki deck names, or for notes whose header was lost."""
        self.root = _common_levels(
            [
                collection.decks[n.deck_id].name.split("::")
                for n in collection.notes
                if n.deck_id in collection.decks
            ]
        )
        self.problems: list[Problem] = []

    def _headers(self) -> dict[str, dict[str, Any]]:
        """The headers of studytool decks, kept in the package's deck descriptions."""
        found = {}
        for deck in self.collection.decks.values():
            if match := HEADER_MARK.search(deck.description):
                try:
                    header = json_data(base64.b64decode(match.group(1)))
                except (binascii.Error, ValueError):
                    continue
                if _plausible_header(header):
                    found[header["id"]] = header
        return found

    def draft(self) -> Draft:
        own: list[tuple[str, int, DraftCard]] = []
        foreign: list[DraftCard] = []
        for note in self.collection.notes:
            where = self._where(note)
            notetype = self.collection.notetypes.get(note.notetype_id)
            if notetype is None:
                self.problems.append(Problem(where, "its note type is missing", skipped=True))
            elif len(note.fields) != len(notetype.fields):
                self.problems.append(
                    Problem(where, "its fields do not match its note type", skipped=True)
                )
            elif DATA_FIELD in notetype.fields:
                if (mine := self._own(note, notetype, where)) is not None:
                    own.append(mine)
            else:
                foreign += self._foreign(note, notetype, where)
        own.sort(key=lambda item: (item[0], item[1]))
        header, topics, kept = self._header([deck for deck, _, _ in own])
        for topic, name in self.topics.items():
            topics.setdefault(topic, name)
        cards = [card for _, _, card in own] + foreign
        return Draft(header, topics, cards, self.problems, kept)

    def _where(self, note: AnkiNote) -> str:
        first = field_text(note.fields[0] if note.fields else "")
        label = first.text or (f"[{first.media[0]}]" if first.media else "")
        return f'note {note.id} ("{first_words(label)}")'

    # -- notes studytool wrote ----------------------------------------------------------

    def _own(
        self, note: AnkiNote, notetype: NoteType, where: str
    ) -> tuple[str, int, DraftCard] | None:
        raw = note.fields[notetype.fields.index(DATA_FIELD)]
        try:
            data = json_data(html.unescape(raw))
            card = data["card"]
            position = int(data.get("position", 0))
            deck = str(data.get("deck", ""))
            if not isinstance(card, dict) or card.get("type") not in CARD_TYPES:
                raise ValueError(card)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            message = f"its '{DATA_FIELD}' field does not hold studytool's card data"
            self.problems.append(Problem(where, message, skipped=True))
            return None
        topic = str(card.get("topic", ""))
        if topic not in self.own_topics:
            # The deck's header (in its description) was lost: name the topic after the
            # Anki deck the note is in.
            self.topics.setdefault(topic, self._deck_leaf(note) or topic)
        return deck, position, DraftCard(where, card)

    def _header(self, decks: list[str]) -> tuple[dict[str, Any], dict[str, str], set[str]]:
        """The first studytool deck's own header (with the topics, source sections and
        references of any other), else one named after the Anki deck and the file."""
        chosen = next((self.own_headers[d] for d in decks if d in self.own_headers), None)
        if chosen is None:
            root = plain("::".join(self.root)).strip()
            stem = plain(Path(self.source.file_name).stem).strip()
            title = (root if root != "Default" else "") or stem or "Imported deck"
            header = {
                "id": self.source.deck_id,
                "title": title,
                "version": 1,
                "source": {"title": plain(self.source.file_name).strip() or title},
            }
            return header, {}, set()
        header = {key: value for key, value in chosen.items() if key != "topics"}
        sections = list(chosen["source"].get("sections", []))
        for other in self.own_headers.values():
            extra = other["source"].get("sections", [])
            sections.extend(s for s in extra if s not in sections)
        if sections:
            header["source"] = {**chosen["source"], "sections": sections}
        references: dict[str, Any] = {}
        for other in [chosen, *self.own_headers.values()]:
            for entry in other.get("references", []):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    references.setdefault(entry["id"], entry)
        if references:
            header["references"] = list(references.values())
        return header, dict(self.own_topics), set(self.own_topics)

    # -- everyone else's notes ----------------------------------------------------------

    def _foreign(self, note: AnkiNote, notetype: NoteType, where: str) -> list[DraftCard]:
        """The cards Anki shows for a note: one per card template of a basic type (a
        reversed type gives two, an optional reverse only when it is asked for), else
        one; none, with the reason, when studytool has no such card."""
        kind = _kind(notetype)
        if kind is None:
            self.problems.append(
                Problem(where, f"unsupported note type '{notetype.name}'", skipped=True)
            )
            return []
        fields = dict(zip(notetype.fields, note.fields, strict=True))
        if missing := _missing_field(notetype, kind):
            reason = f"note type '{notetype.name}' asks for the field '{missing}', which it lacks"
            self.problems.append(Problem(where, reason, skipped=True))
            return []
        sides: list[tuple[str, str] | None] = [None]
        if kind == "basic":
            sides = [*(_sides(notetype, fields) or [_front_back(notetype, kind)])]
        # The first card keeps the id a note always had; a reverse one of its own.
        keys = [note.guid, *(f"{note.guid}:{number}" for number in range(2, len(sides) + 1))]
        made = [self._card(note, notetype, where, kind, fields, side, key)
                for side, key in zip(sides, keys, strict=True)]  # fmt: skip
        return [card for card in made if card is not None]

    def _card(
        self,
        note: AnkiNote,
        notetype: NoteType,
        where: str,
        kind: str,
        fields: dict[str, str],
        side: tuple[str, str] | None,
        key: str,
    ) -> DraftCard | None:
        """One card of the note: ``side`` names the asked and the answer field of a basic
        card's template; ``key`` makes its id, the same on every import."""
        notes: list[str] = []
        data: dict[str, Any] = {"type": kind, "topic": self._topic(note)}
        if kind == "cloze":
            text_field = _cloze_field(notetype) or notetype.fields[0]
            converted = cloze_text(fields[text_field], notes)
            if converted is None:
                self.problems.append(Problem(where, notes[-1], skipped=True))
                return None
            data["text"], hint = converted
            if hint:
                data["hint"] = hint
            used = [text_field]
        else:
            front, back = side or _front_back(notetype, kind)
            asked, answer = _plain(fields[front], notes, front), _plain(fields[back], notes, back)
            if kind == "typed":
                data.update(question=asked, answer=answer)
            else:
                data.update(front=asked, back=answer)
            used = [front, back]
        extra = [f for f in notetype.fields if f not in used and _shown_on_back(notetype, f)]
        explanation = "\n\n".join(e for f in extra if (e := _plain(fields[f], notes, f)))
        if explanation:
            data["explanation"] = explanation
        for name in notetype.fields:
            if name not in used and name not in extra and field_text(fields[name]).text:
                notes.append(f"field '{name}' is not carried over")
        # The id reads like the card and stays the same on every import of the same note.
        words = str(data.get("front", data.get("question", data.get("text", ""))))
        data["id"] = stable_id(words.replace("{{", " ").replace("}}", " "), key)
        return DraftCard(where, _ordered(data), notes)

    def _topic(self, note: AnkiNote) -> str:
        """The topic of the note's Anki deck, made on first use."""
        deck = self.collection.decks.get(note.deck_id or 0)
        if deck is None:
            name = Path(self.source.file_name).stem
        else:
            levels = deck.name.split("::")
            # Less the levels every used deck shares, so one deck's subdecks are its topics.
            name = "::".join(levels[len(self.root) :]) or levels[-1]
        for known in (self.own_topics, self.topics):
            for topic, existing in known.items():
                if existing == name:
                    return topic
        topic = topic_id(name, set(self.topics) | set(self.own_topics))
        self.topics[topic] = name
        return topic

    def _deck_leaf(self, note: AnkiNote) -> str:
        deck = self.collection.decks.get(note.deck_id or 0)
        return deck.name.split("::")[-1] if deck else ""


def _plausible_header(header: Any) -> bool:
    """Whether a header found in a deck description has the shape studytool writes (the
    deck loader checks the rest); any other is ignored as if there were none."""
    if not isinstance(header, dict) or not isinstance(header.get("id"), str):
        return False
    topics, source = header.get("topics"), header.get("source")
    return (
        isinstance(topics, dict)
        and all(isinstance(v, str) for v in topics.values())
        and isinstance(source, dict)
        and isinstance(source.get("sections", []), list)
        and all(isinstance(s, str) for s in source.get("sections", []))
        and isinstance(header.get("references", []), list)
    )


def _common_levels(names: list[list[str]]) -> list[str]:
    common: list[str] = []
    for levels in zip(*names, strict=False):
        if len(set(levels)) != 1:
            break
        common.append(levels[0])
    return common


def _kind(notetype: NoteType) -> str | None:
    """Which card a foreign note type becomes, or None when studytool has no such card."""
    templates = "".join(q + a for q, a in notetype.templates)
    if notetype.stock_kind == IMAGE_OCCLUSION_STOCK_KIND or "image-occlusion" in templates:
        return None
    if notetype.cloze:
        return (
            "cloze" if notetype.stock_kind in (0, _CLOZE_KIND) and _cloze_field(notetype) else None
        )
    basic = notetype.stock_kind in (*_BASIC_KINDS, _TYPING_KIND) or (
        notetype.stock_kind == 0 and {"Front", "Back"} <= set(notetype.fields)
    )
    if not basic or not notetype.templates:
        return None
    front, back = _front_back(notetype, "basic")
    if front not in notetype.fields or back not in notetype.fields:
        return None
    question = notetype.templates[0][0]
    return "typed" if _TYPE_ANSWER.search(question) else "basic"


def _front_back(notetype: NoteType, kind: str) -> tuple[str, str]:
    """The question and answer fields: for a typing type, the field its template asks to
    type in and the first other one (Front when there is one); else 'Front' and 'Back',
    or the first two fields of a renamed or translated stock type."""
    if kind == "typed" and (typed := _TYPE_ANSWER.search(notetype.templates[0][0])):
        answer = typed.group(1).strip()
        others = [f for f in notetype.fields if f != answer]
        return ("Front" if "Front" in others else next(iter(others), "")), answer
    if {"Front", "Back"} <= set(notetype.fields):
        return "Front", "Back"
    first, second, *_ = (*notetype.fields, "", "")
    return first, second


def _missing_field(notetype: NoteType, kind: str) -> str | None:
    """A field the note type's templates ask for that it does not have (a hand-edited or
    generated package can hold one; Anki itself refuses to save it)."""
    if kind == "cloze":
        wanted = [_cloze_field(notetype) or notetype.fields[0]]
    else:
        wanted = list(_front_back(notetype, kind))
    return next((name for name in wanted if name not in notetype.fields), None)


_FIELD_REF = re.compile(r"\{\{(?![#/^!])([^{}]+)\}\}")
_CONDITION = re.compile(r"\{\{#([^{}]+)\}\}")


def _sides(notetype: NoteType, fields: dict[str, str]) -> list[tuple[str, str]]:
    """(asked, answer) fields of each card Anki makes from a basic note: the first field
    its question template shows, and the first its answer template adds. A template that
    asks only when a field is filled (an optional reverse) counts when that field is."""
    sides: list[tuple[str, str]] = []
    for question, answer in notetype.templates:
        if any(not field_text(fields.get(name.strip(), "")).text
               for name in _CONDITION.findall(question)):  # fmt: skip
            continue
        asked = [n for n in _referenced(question) if n in notetype.fields]
        added = [n for n in _referenced(answer) if n in notetype.fields and n not in asked]
        if asked and added:
            sides.append((asked[0], added[0]))
    return sides


def _referenced(template: str) -> list[str]:
    """The fields a template shows, filters ("text:", "hint:") set aside."""
    return [ref.rsplit(":", 1)[-1].strip() for ref in _FIELD_REF.findall(template)]


def _cloze_field(notetype: NoteType) -> str | None:
    for question, _ in notetype.templates:
        if found := _CLOZE_FIELD.search(question):
            return found.group(1).strip()
    return None


def _shown_on_back(notetype: NoteType, name: str) -> bool:
    return any(f"{{{{{name}}}}}" in answer for _, answer in notetype.templates)


def _plain(field: str, notes: list[str], name: str) -> str:
    converted = field_text(field)
    note_losses(converted, notes, name)
    return converted.text


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in deck-file order."""
    order = (
        "id",
        "type",
        "topic",
        "source",
        "front",
        "back",
        "question",
        "answer",
        "text",
        "explanation",
        "hint",
    )
    return {key: data[key] for key in order if key in data}
