"""A deck read card by card for the author's preview: broken cards keep their place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BROKEN, ROOT, VALID

from studytool.core.cards import McqCard
from studytool.deck.preview_text import preview_lines
from studytool.deck.reader import BrokenCard, load_deck, preview_deck, preview_text

EVERY_TYPE = (VALID / "every-type.yaml").read_text()
MCQ_WITHOUT_WHY = EVERY_TYPE.replace("        why: That is the quadriceps.\n", "")


def ids(preview: object) -> list[str | None]:
    return [entry.id for entry in preview.cards]  # type: ignore[attr-defined]


def test_a_good_deck_gives_the_same_cards_as_the_loader() -> None:
    preview = preview_deck(VALID / "every-type.yaml")
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    assert preview.cards == tuple(deck.cards)
    assert preview.title == "One card of every type"
    assert preview.errors == ()


def test_a_broken_card_keeps_its_place_with_its_own_errors() -> None:
    preview = preview_text(MCQ_WITHOUT_WHY, "d.yaml")
    assert ids(preview) == ["basic-1", "mcq-1", "multi-1", "typed-1", "cloze-1", "order-1", "42"]
    broken = preview.cards[1]
    assert isinstance(broken, BrokenCard)
    assert broken.line == 22
    assert [str(d) for d in broken.diagnostics] == [
        "d.yaml:30:9: error: wrong option 'Extend it' has no 'why': "
        "tell the candidate why it is wrong"
    ]
    assert not any(isinstance(entry, BrokenCard) for entry in preview.cards[2:])
    assert preview.deck is not None and preview.deck.topic_name("form") == "Form"
    assert preview.errors == ()


def test_a_duplicate_id_breaks_only_the_second_card() -> None:
    text = EVERY_TYPE.replace("id: multi-1", "id: mcq-1")
    preview = preview_text(text, "d.yaml")
    assert isinstance(preview.cards[1], McqCard)
    second = preview.cards[2]
    assert isinstance(second, BrokenCard) and second.id == "mcq-1"
    assert "duplicate card id 'mcq-1'" in second.diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (EVERY_TYPE.replace("title: One", "titel: One"), "unknown key 'titel'"),
        (EVERY_TYPE.replace("topics:\n", "topics: [\n"), "YAML syntax"),
        ("", "the file is empty"),
        (EVERY_TYPE.replace("cards:", "cardz:"), "unknown key 'cardz'"),
    ],
    ids=["header-key", "yaml-syntax", "empty", "no-cards"],
)
def test_errors_outside_the_cards_leave_no_card_to_show(text: str, message: str) -> None:
    preview = preview_text(text, "d.yaml")
    assert preview.cards == ()
    assert any(message in d.message for d in preview.errors)


def test_an_error_in_a_key_after_the_cards_is_not_blamed_on_the_last_card() -> None:
    text = EVERY_TYPE.replace("description: A small deck the tests load.\n", "")
    text += "description: [not text]\n"
    preview = preview_text(text, "d.yaml")
    assert preview.cards == ()
    assert preview.errors[0].line == text.count("\n")


def test_warnings_are_kept_with_the_card_they_are_about() -> None:
    text = EVERY_TYPE.replace("    explanation: Numbers are text too.\n", "")
    preview = preview_text(text, "d.yaml")
    assert preview.notes[-1][0].code == "no-explanation"
    assert all(notes == () for notes in preview.notes[:-1])


def test_an_unreadable_file_is_an_error_not_an_exception() -> None:
    preview = preview_deck(BROKEN / "latin1.yaml")
    assert preview.cards == () and "not UTF-8" in preview.errors[0].message


@pytest.mark.parametrize(
    ("deck", "cuts"), [(VALID / "every-type.yaml", 400), (ROOT / "decks" / "leg-curl.yaml", 40)]
)
def test_a_file_caught_half_written_never_raises(deck: Path, cuts: int) -> None:
    """An editor saving in pieces: the preview reads whatever is there."""
    text = deck.read_text()
    step = max(1, len(text) // cuts)
    for end in range(0, len(text), step):
        preview = preview_text(text[:end], "d.yaml")
        assert preview.cards or preview.errors, end
        preview_lines(preview)


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.name)
def test_every_broken_example_shows_cards_or_errors(path: Path) -> None:
    preview = preview_deck(path)
    assert preview.cards or preview.errors
    shown = [d for entry in preview.cards if isinstance(entry, BrokenCard)
             for d in entry.diagnostics]  # fmt: skip
    every = load_deck(path).errors
    # Each error the loader finds is shown: with its card, or in the deck's list.
    assert set(every) <= set(shown) | set(preview.errors)
