"""Decks as CSV: one row per card, and plain two-column ``front,back`` files in.

studytool's CSV has a header row and these columns:

``deck, id, type, topic, topic_name, front, back, explanation, hint, source, data``

``front`` is what the card asks (a basic card's front, a question, or a cloze text with its
``{{blanks}}``) and ``back`` the answer as a person reads it (a basic card's back, a typed
card's answer, the right option or options, the steps in order, the cloze answers). ``source``
holds what the card cites, several names separated by ``; ``. ``data`` holds, as JSON, what
does not fit in a cell: the options of multiple-choice and select-all cards (with ``correct``
and ``why``), a typed card's other accepted answers, the steps of an order card, and the
whole entry of each reference the card cites (``references``), so the deck's reference list
comes back on import. Importing this file rebuilds every card; for mcq, multi, order and cloze cards
``back`` is only for reading.

A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``)
is written with a leading ``'``, which importing removes again.

Other CSV files are read as two columns, front and back, with or without a header row,
separated by commas, semicolons or tabs; Anki's "Notes in Plain Text" files (with their
``#separator:`` and ``#html:`` lines) are read the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studytool.core.cards import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    OrderCard,
    TypedCard,
)
from studytool.core.models import Deck
from studytool.interchange.anki_text import CLOZE, cloze_text
from studytool.interchange.deckwriter import card_data, reference_data
from studytool.interchange.drafts import (
    Draft,
    DraftCard,
    InterchangeError,
    Problem,
    is_id,
    json_data,
    plain,
    stable_id,
    topic_id,
)
from studytool.interchange.html_text import field_text

COLUMNS = (
    "deck",
    "id",
    "type",
    "topic",
    "topic_name",
    "front",
    "back",
    "explanation",
    "hint",
    "source",
    "data",
)
MAX_BYTES = 16 * 1024 * 1024
SOURCE_SEPARATOR = "; "
"""Between the names a card cites, in the source column."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")
# The header lines of Anki's plain-text export; only these, so that a card starting with
# "#note:" is still a card.
_ANKI_HEADER = re.compile(
    r"#(separator|html|tags|columns|notetype|deck|(?:notetype|deck|tags|guid) column):(.*)", re.I
)
_ANKI_SEPARATORS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_TWO_COLUMN_HEADERS = {("front", "back"), ("question", "answer")}


# -- export -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _basic_out(card: Card) -> tuple[str, str, dict[str, Any]]:
    assert isinstance(card, BasicCard)
    return card.front, card.back, {}


def _own_keys(card: Card, *keys: str) -> dict[str, Any]:
    """The kind's keys beyond its front and back columns, as its deck file holds them."""
    data = card_data(card)
    return {key: data[key] for key in keys if key in data}


def _typed_out(card: Card) -> tuple[str, str, dict[str, Any]]:
    assert isinstance(card, TypedCard)
    return card.question, card.answer, _own_keys(card, "accept", "synonyms")


def _cloze_out(card: Card) -> tuple[str, str, dict[str, Any]]:
    assert isinstance(card, ClozeCard)
    answers = "; ".join(blank.answers[0] for blank in card.blanks)
    return card.text, answers, _own_keys(card, "any_order", "synonyms")


def _choice_out(card: Card) -> tuple[str, str, dict[str, Any]]:
    assert isinstance(card, ChoiceCard)
    right = "\n".join(o.text for o in card.right_options)
    return card.question, right, {"options": card_data(card)["options"]}


def _order_out(card: Card) -> tuple[str, str, dict[str, Any]]:
    assert isinstance(card, OrderCard)
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(card.steps, 1))
    return card.question, steps, {"steps": list(card.steps)}


def _question_in(key: str) -> Callable[[dict[str, str], dict[str, Any]], dict[str, Any]]:
    """A kind whose front column is its question and whose data column holds ``key``."""
    return lambda row, data: {"question": row["front"], key: data.get(key)}


def _typed_in(row: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return {"question": row["front"], "answer": row["back"], "accept": data.get("accept"),
            "synonyms": data.get("synonyms")}  # fmt: skip


def _cloze_in(row: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    return {"text": row["front"], "any_order": data.get("any_order"),
            "synonyms": data.get("synonyms")}  # fmt: skip


@dataclass(frozen=True)
class _Columns:
    """How a card kind fills the front, back and data columns, and is read back from them."""

    out: Callable[[Card], tuple[str, str, dict[str, Any]]]
    into: Callable[[dict[str, str], dict[str, Any]], dict[str, Any]]
    """The kind's own keys of a deck file, from a row and its data column."""


LAYOUTS: dict[str, _Columns] = {
    "basic": _Columns(_basic_out, lambda row, data: {"front": row["front"], "back": row["back"]}),
    "mcq": _Columns(_choice_out, _question_in("options")),
    "multi": _Columns(_choice_out, _question_in("options")),
    "typed": _Columns(_typed_out, _typed_in),
    "cloze": _Columns(_cloze_out, _cloze_in),
    "order": _Columns(_order_out, _question_in("steps")),
}
"""Each card kind's columns; a kind not here is left out of a CSV file, and said so."""


def csv_text(deck: Deck) -> str:
    """The deck as CSV text, header row first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    references = {reference.id: reference for reference in deck.references}
    for card in deck.cards:
        front, back, data = LAYOUTS[card.type].out(card)
        if cited := [reference_data(references[n]) for n in card.source if n in references]:
            data = {**data, "references": cited}
        row = [
            deck.id,
            card.id,
            card.type,
            card.topic,
            deck.topic_name(card.topic),
            front,
            back,
            card.explanation or "",
            card.hint or "",
            SOURCE_SEPARATOR.join(card.source),
            json.dumps(data, ensure_ascii=False) if data else "",
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# -- import -----------------------------------------------------------------------------


def read_csv(path: Path, deck_id: str, shown: str) -> Draft:
    """The draft deck in a CSV file: studytool's own columns, or front and back."""
    text = _read_text(path, shown)
    settings, offset, body = _anki_settings(text)
    stem = path.stem
    try:
        first = next(csv.reader(io.StringIO(body, newline="")), [])
        if tuple(cell.strip().lower() for cell in first) == COLUMNS:
            return _own_rows(body, offset, deck_id, stem)
        return _two_columns(body, offset, settings, deck_id, stem, path.name)
    except csv.Error as exc:
        raise InterchangeError(f"{shown}: not readable as CSV ({exc})") from None


def _read_text(path: Path, shown: str) -> str:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InterchangeError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise InterchangeError(
            f"{shown}: larger than {MAX_BYTES // 1024 // 1024} MB; split it into smaller files"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InterchangeError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from None


def _anki_settings(text: str) -> tuple[dict[str, str], int, str]:
    """Anki's plain-text export starts with lines like '#separator:tab'. Returns them, how
    many lines they took, and the text after them."""
    settings: dict[str, str] = {}
    lines = text.split("\n")
    taken = 0
    for line in lines:
        match = _ANKI_HEADER.fullmatch(line.rstrip("\r"))
        if not match:
            break
        settings[match.group(1).strip().lower()] = match.group(2).strip()
        taken += 1
    return settings, taken, "\n".join(lines[taken:])


def _rows(body: str, offset: int, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span several lines)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1 + offset
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise csv.Error(f"line {start}: {exc}") from None
        # Spreadsheets write line breaks inside a cell as CR LF; deck text has plain ones.
        rows.append((start, [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row]))


def _own_rows(body: str, offset: int, fallback_id: str, stem: str) -> Draft:
    rows = _rows(body, offset)[1:]
    cards: list[DraftCard] = []
    problems: list[Problem] = []
    topics: dict[str, str] = {}
    sections: list[str] = []
    references: dict[str, Any] = {}
    deck_id = ""
    for line, raw in rows:
        where = f"line {line}"
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(COLUMNS):
            problems.append(
                Problem(
                    where,
                    f"has {_columns(len(raw))}; studytool's CSV has {len(COLUMNS)}",
                    skipped=True,
                )
            )
            continue
        row = dict(zip(COLUMNS, (_uncell(cell) for cell in raw), strict=True))
        try:
            data = json_data(row["data"]) if row["data"].strip() else {}
            if not isinstance(data, dict):
                raise ValueError(data)
        except ValueError:
            problems.append(Problem(where, "its data column is not a JSON object", skipped=True))
            continue
        deck_id = deck_id or row["deck"].strip()
        topic = row["topic"].strip()
        topics.setdefault(topic, row["topic_name"].strip() or topic)
        cited = data.pop("references", None)
        for entry in cited if isinstance(cited, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                references.setdefault(entry["id"], entry)
        card = _card(row, data)
        cards.append(DraftCard(where, card))
    for draft in cards:
        for name in draft.data.get("source", []):
            if name not in references and plain(name) == name and name not in sections:
                sections.append(name)
    if not is_id(deck_id):
        deck_id = fallback_id
    title = plain(stem).strip() or "Imported deck"
    header: dict[str, Any] = {
        "id": deck_id,
        "title": title,
        "version": 1,
        "source": {"title": title},
    }
    if sections:
        header["source"]["sections"] = sections
    if references:
        header["references"] = list(references.values())
    return Draft(header, topics, cards, problems)


def _card(row: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
    card: dict[str, Any] = {
        "id": row["id"].strip(),
        "type": row["type"].strip(),
        "topic": row["topic"].strip(),
    }
    if names := [name.strip() for name in row["source"].split(";") if name.strip()]:
        card["source"] = names
    if card["type"] in LAYOUTS:
        card.update(LAYOUTS[card["type"]].into(row, data))
    for key in ("explanation", "hint"):
        if row[key].strip():
            card[key] = row[key]
    return {key: value for key, value in card.items() if value is not None}


def _two_columns(
    body: str, offset: int, settings: dict[str, str], deck_id: str, stem: str, name: str
) -> Draft:
    named = settings.get("separator", "").lower()
    delimiter = _ANKI_SEPARATORS.get(named, named if len(named) == 1 else "") or _sniff(body)
    as_html = settings.get("html", "").lower() == "true"
    title = plain(stem).strip() or "Imported deck"
    topic = topic_id(title, set())
    cards: list[DraftCard] = []
    problems: list[Problem] = []
    rows = _rows(body, offset, delimiter)
    if rows and tuple(c.strip().lower() for c in _trimmed(rows[0][1])) in _TWO_COLUMN_HEADERS:
        rows = rows[1:]
    # Columns Anki's export adds for a note's guid, note type, deck or tags (1-based).
    extra = {int(v) - 1 for k, v in settings.items() if k.endswith(" column") and v.isdigit()}
    for line, cells in rows:
        where = f"line {line}"
        row = _trimmed([cell for i, cell in enumerate(cells) if i not in extra])
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            message = f"has {_columns(len(row))}; expected 2 (front, back)"
            problems.append(Problem(where, message, skipped=True))
            continue
        notes: list[str] = []
        if CLOZE.search(row[0]):  # a cloze note in Anki's plain-text export: Text, Back Extra
            converted = cloze_text(row[0], notes)
            if converted is None:
                problems.append(Problem(where, notes[-1], skipped=True))
                continue
            text, hint = converted
            back_extra = _html_cell(row[1], notes) if as_html else row[1]
            card = {"id": stable_id(text.replace("{{", " ").replace("}}", " "), row[0]),
                    "type": "cloze", "topic": topic, "text": text}  # fmt: skip
            card |= {key: value for key, value in (("explanation", back_extra), ("hint", hint))
                     if value.strip()}  # fmt: skip
            cards.append(DraftCard(where, card, notes))
            continue
        front, back = (_html_cell(cell, notes) if as_html else cell for cell in row)
        card = {
            "id": stable_id(front, f"{front}\x1f{back}"),
            "type": "basic",
            "topic": topic,
            "front": front,
            "back": back,
        }
        cards.append(DraftCard(where, card, notes))
    source = {"title": plain(name).strip() or title}
    header = {"id": deck_id, "title": title, "version": 1, "source": source}
    return Draft(header, {topic: title}, cards, problems)


def _trimmed(row: list[str]) -> list[str]:
    """A row less the empty cells a trailing separator leaves ("front,back,")."""
    while len(row) > 2 and not row[-1].strip():
        row = row[:-1]
    return row


def _html_cell(cell: str, notes: list[str]) -> str:
    converted = field_text(cell)
    if converted.media:
        notes.append(f"media not carried over: {', '.join(converted.media)}")
    return converted.text


def _sniff(body: str) -> str:
    sample = body[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max("\t;,", key=first.count) if any(d in first for d in "\t;,") else ","


def _columns(n: int) -> str:
    return f"{n} column{'s' * (n != 1)}"
