"""What importers build: a deck as plain data, checked by the deck loader before it is written.

An importer turns each note or row into a card mapping without judging it; ``finish`` writes
the whole deck, loads it with the same loader ``studytool lint`` uses, and leaves out (and
reports) every card the loader refuses. So an imported deck always loads, and every note that
did not make it is named with the reason.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from studytool.core.models import Deck
from studytool.core.text import CONTROL, shown, slug
from studytool.deck import spec
from studytool.deck.reader import parse_deck
from studytool.interchange.deckwriter import CardData, dump_deck

MAX_ID = 64
MAX_JSON_DEPTH = 8
"""How deeply the JSON in an imported file may nest. studytool's own card data is four
levels deep (card, options, option, text); deeper data is no card of ours, and would strain
the deck writer, which recurses once per level."""


class InterchangeError(Exception):
    """An import or export that cannot go ahead; the message says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def json_data(text: str | bytes) -> Any:
    """The JSON value in ``text`` from an imported file, which anyone may have written.

    Raises ValueError for text that is not JSON, and for JSON nested deeper than
    ``MAX_JSON_DEPTH`` (the parser itself gives up on very deep nesting with a
    RecursionError, which is turned into the same ValueError).
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:  # no recursion: checking must not fail the way parsing did
        item, depth = pending.pop()
        inside = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if inside and depth >= MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        pending.extend((child, depth + 1) for child in inside)
    return value


@dataclass(frozen=True)
class Problem:
    """Something about one note or row that the user should know."""

    where: str
    """'note 1234567 ("first words…")' or 'line 12'."""
    message: str
    skipped: bool = False
    """The note or row gave no card."""

    def __str__(self) -> str:
        tail = "; not imported" if self.skipped else ""
        return shown(f"{self.where}: {self.message}{tail}")


@dataclass
class DraftCard:
    where: str
    data: CardData
    notes: list[str] = field(default_factory=list)
    """What was changed or left behind on the way (media, hints…); the card is still made."""


@dataclass
class Draft:
    header: dict[str, Any]
    """id, title, version, description, source: the deck file's header without topics."""
    topics: dict[str, str]
    cards: list[DraftCard]
    problems: list[Problem] = field(default_factory=list)
    """Notes or rows that gave no card at all (unsupported type, unreadable row…)."""
    kept_topics: set[str] = field(default_factory=set)
    """Topics to keep even when no card uses them (a studytool deck's own topics)."""


@dataclass(frozen=True)
class Imported:
    text: str
    """The deck file to write."""
    deck: Deck
    problems: tuple[Problem, ...]


def finish(draft: Draft, what: str) -> Imported:
    """The deck file for ``draft``, with every card the loader refuses left out and reported.

    ``what`` names the imported file in messages. Raises InterchangeError when no card is left
    or the deck would be too large to load.
    """
    problems = list(draft.problems)
    cards = _unique_ids(draft.cards, problems)
    for card in cards:
        problems.extend(Problem(card.where, note) for note in card.notes)
    # A topic that cannot be written (a bad id, a name with control characters) is left out
    # here, so that only the cards filed under it are refused, not the whole deck.
    usable = {t: n for t, n in draft.topics.items() if is_id(t) and plain(n) == n and n.strip()}
    while True:
        used = {card.data.get("topic") for card in cards}
        topics = {t: n for t, n in usable.items() if t in used or t in draft.kept_topics}
        if not cards:
            raise InterchangeError(_nothing_imported(what, problems))
        text, starts = dump_deck({**draft.header, "topics": topics}, [c.data for c in cards])
        result = parse_deck(text, what)
        if result.deck is not None:
            break
        refused: dict[int, list[str]] = {}
        for diagnostic in result.errors:
            if diagnostic.line < starts[0]:
                raise InterchangeError(
                    f"{what}: the deck header is not valid: {diagnostic.message}"
                )
            index = bisect.bisect_right(starts, diagnostic.line) - 1
            refused.setdefault(index, []).append(diagnostic.message)
        for index, messages in refused.items():
            problems.append(Problem(cards[index].where, "; ".join(messages), skipped=True))
        cards = [card for i, card in enumerate(cards) if i not in refused]
    size = len(text.encode())
    if size > spec.MAX_FILE_BYTES:
        raise InterchangeError(
            f"{what}: the deck would be {size / 1024 / 1024:.1f} MB, over the "
            f"{spec.MAX_FILE_BYTES // 1024 // 1024} MB a deck file may hold; split it first"
        )
    problems.sort(key=_position)
    return Imported(text, result.deck, tuple(problems))


REASONS_SHOWN = 5


def _nothing_imported(what: str, problems: list[Problem]) -> str:
    """That no card came, and why, for the first few notes or rows: an import that gives
    nothing must never leave the user guessing."""
    reasons = sorted(problems, key=_position)
    lines = [f"{what}: no card could be imported" + (":" if reasons else "")]
    lines += [f"  {problem}" for problem in reasons[:REASONS_SHOWN]]
    if len(reasons) > REASONS_SHOWN:
        lines.append(f"  and {len(reasons) - REASONS_SHOWN} more")
    return "\n".join(lines)


def _position(problem: Problem) -> int:
    """Problems are listed in file order: by note id or line number."""
    number = re.search(r"\d+", problem.where)
    return int(number.group()) if number else 0


def _unique_ids(cards: list[DraftCard], problems: list[Problem]) -> list[DraftCard]:
    """Cards whose ids repeat an earlier card's get a numbered id, and the user is told."""
    seen: set[str] = set()
    for card in cards:
        card_id = str(card.data.get("id", ""))
        if card_id in seen:
            number = 2
            while (new := f"{card_id[: MAX_ID - 4]}-{number}") in seen:
                number += 1
            card.notes.append(f"card id '{card_id}' is taken by an earlier card; now '{new}'")
            card.data["id"] = new
            card_id = new
        seen.add(card_id)
    return cards


def is_id(text: object) -> bool:
    return isinstance(text, str) and re.match(spec.ID_PATTERN, text) is not None


def plain(text: str) -> str:
    """``text`` without the control characters the deck loader refuses."""
    return CONTROL.sub("", text)


def short_hash(key: str, length: int = 6) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:length]


def stable_id(text: str, key: str, words: int = 5) -> str:
    """A card id from the first words of ``text`` and a short hash of ``key``: readable, and
    the same every time the same note or row is imported."""
    first = " ".join(text.split()[:words])
    return f"{slug(first, 40) or 'card'}-{short_hash(key)}"


def topic_id(name: str, taken: set[str]) -> str:
    """A topic id for a display name, unlike every id in ``taken``."""
    base = slug(name, 48) or f"topic-{short_hash(name)}"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def first_words(text: str, words: int = 5) -> str:
    """How a note or row is named in messages: its first few words."""
    parts = text.split()
    head = " ".join(parts[:words])
    if len(head) > 40:
        head = head[:40].rstrip()
        return head + "…"
    return head + ("…" if len(parts) > words else "")
