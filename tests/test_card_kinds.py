"""Every registered card kind has every part it needs, wherever that part lives.

A card kind is one module under core/cards, registered in KINDS; its view, its deck-file
builder, its export layouts, a starter example and a section of docs/deck-format.md live in
tables and texts of their own. These tests fail while any of them is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from studytool.core.cards import KINDS, Card, Field
from studytool.deck.builders import BUILDERS
from studytool.deck.reader import parse_deck
from studytool.deck.starter import starter_text
from studytool.interchange.apkg_export import LAYOUTS as APKG_LAYOUTS
from studytool.interchange.csv_format import LAYOUTS as CSV_LAYOUTS
from studytool.tui.views import VIEWS

DOCS = Path(__file__).parent.parent / "docs" / "deck-format.md"


def missing_parts(kinds: dict[str, type[Card]]) -> list[str]:
    """What each kind lacks, as "kind: part"."""
    starter = parse_deck(starter_text(Path("starter.yaml")), "starter.yaml")
    assert starter.deck is not None, starter.errors
    examples = {card.type for card in starter.deck.cards}
    documented = set(re.findall(r"^\*\*`(\w+)`\*\*", DOCS.read_text(), flags=re.M))
    parts = {
        "view": VIEWS,
        "builder": BUILDERS,
        "Anki layout": APKG_LAYOUTS,
        "CSV layout": CSV_LAYOUTS,
        "starter example": examples,
        "section in docs/deck-format.md": documented,
    }
    return [f"{name}: {part}" for name in kinds for part, has in parts.items() if name not in has]


def test_every_registered_kind_has_every_part() -> None:
    assert missing_parts(KINDS) == []


def test_a_kind_registered_alone_is_reported_missing_each_part() -> None:
    @dataclass(frozen=True, kw_only=True, slots=True)
    class MatchCard(Card):
        type: ClassVar[str] = "match"
        fields: ClassVar[tuple[Field, ...]] = ()

    assert missing_parts({"match": MatchCard}) == [
        "match: view",
        "match: builder",
        "match: Anki layout",
        "match: CSV layout",
        "match: starter example",
        "match: section in docs/deck-format.md",
    ]


def test_no_table_holds_a_kind_that_is_not_registered() -> None:
    for table in (VIEWS, BUILDERS, APKG_LAYOUTS, CSV_LAYOUTS):
        assert set(table) == set(KINDS)


def test_every_kind_says_what_it_asks_and_answers() -> None:
    """The base class leaves these to the kind: a kind that forgets one fails here."""
    starter = parse_deck(starter_text(Path("starter.yaml")), "starter.yaml")
    assert starter.deck is not None
    for card in starter.deck.cards:
        assert card.question_text().strip(), card.type
        assert card.answer_text().strip(), card.type
        assert card.summary_text().strip(), card.type


def test_only_multiple_choice_kinds_are_exam_questions() -> None:
    assert {name for name, kind in KINDS.items() if kind.exam_question} == {"mcq", "multi"}


@pytest.mark.parametrize("suffix", [".csv", ".apkg"])
def test_a_kind_without_an_export_layout_is_left_out_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    from studytool.interchange import transfer

    starter = parse_deck(starter_text(Path("starter.yaml")), "starter.yaml")
    assert starter.deck is not None
    table = "APKG_LAYOUTS" if suffix == ".apkg" else "CSV_LAYOUTS"
    layouts = {k: v for k, v in getattr(transfer, table).items() if k != "order"}
    monkeypatch.setattr(transfer, table, layouts)
    exported = transfer.export_deck(starter.deck, tmp_path / f"out{suffix}", force=False)
    orders = [card.id for card in starter.deck.cards if card.type == "order"]
    assert orders
    assert exported.cards == len(starter.deck.cards) - len(orders)
    assert [line.split("'")[1] for line in exported.left_out] == orders
    assert all("order cards have no" in line for line in exported.left_out)
