"""The bundled leg-curl deck: big enough, every card type, exam-shaped, and it teaches the
corrections the article needs."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT

from studytool.core.cards import (
    BasicCard,
    Card,
    ClozeCard,
    McqCard,
    MultiCard,
    OrderCard,
    TypedCard,
)
from studytool.core.models import Deck
from studytool.deck.reader import load_deck

DECK_FILE = ROOT / "decks" / "leg-curl.yaml"
ARTICLE = ROOT.parent / "shared" / "source" / "leg-curl-article.txt"


@pytest.fixture(scope="module")
def deck() -> Deck:
    result = load_deck(DECK_FILE)
    assert [str(d) for d in result.diagnostics] == []  # no errors and no warnings
    assert result.deck is not None
    return result.deck


def text_of(card: Card) -> str:
    """Everything a candidate reads on a card, answer and explanation included."""
    parts = [card.explanation]
    match card:
        case BasicCard():
            parts += [card.front, card.back]
        case McqCard() | MultiCard():
            parts += [card.question] + [o.text for o in card.options]
            parts += [o.why or "" for o in card.options]
        case TypedCard():
            parts += [card.question, card.answer, *card.accept]
        case ClozeCard():
            parts.append(card.text)
        case OrderCard():
            parts += [card.question, *card.steps]
    return " ".join(parts).lower()


def test_size_types_and_exam_shape(deck: Deck) -> None:
    assert len(deck.cards) >= 60
    types = Counter(card.type for card in deck.cards)
    assert set(types) == {"basic", "mcq", "multi", "typed", "cloze", "order"}
    assert types.most_common(1)[0][0] == "mcq"


def test_topics_cover_the_syllabus(deck: Deck) -> None:
    used = Counter(card.topic for card in deck.cards)
    for topic in ("basics", "muscles", "prone-form", "seated-form", "mistakes", "benefits",
                  "programming"):  # fmt: skip
        assert used[topic] >= 4, topic


def test_form_steps_are_taught_as_order_cards_and_single_steps(deck: Deck) -> None:
    for form in ("prone-form", "seated-form"):
        cards = [c for c in deck.cards if c.topic == form]
        # One sequence from setup to the end of a rep: split into setup and rep cards, the
        # two halves overlapped and their steps could swap.
        assert sum(isinstance(c, OrderCard) and len(c.steps) >= 5 for c in cards) >= 1, form
        assert sum(not isinstance(c, OrderCard) for c in cards) >= 4, form


def test_every_card_cites_a_section_or_a_listed_reference(deck: Deck) -> None:
    citable = {*deck.source.sections, *(reference.id for reference in deck.references)}
    for card in deck.cards:
        assert card.source, card.id
        assert set(card.source) <= citable, card.id


CORRECTIONS = {
    "isolation, not compound": [r"isolation", r"compound"],
    "open kinetic chain": [r"open.kinetic.chain|open.chain"],
    "hamstrings flex the knee": [r"hamstrings", r"\bflex", r"knee"],
    "hamstrings extend the hip, not adduct it": [r"hip", r"extension|extend", r"adduction"],
    "three hamstrings named": [r"biceps femoris", r"semitendinosus", r"semimembranosus"],
    "quadriceps are antagonists": [r"quadriceps", r"antagonist"],
    "gastrocnemius assists knee flexion": [r"gastrocnemius", r"assist"],
    "RPE 11-15 is on the Borg 6-20 scale": [r"borg", r"6.20", r"11"],
    "heels travel toward the buttocks": [r"heels?", r"buttocks", r"lower back"],
    "glutes do not curl the legs": [r"glute", r"(don't|do not|doesn't|does not) cross"],
    "concentric is the curl, eccentric the return": [r"concentric", r"eccentric"],
    "exhale on the effort": [r"exhale|breathe out"],
    "pad just above the heels": [r"pad", r"above the heels"],
    "knees aligned with the pivot": [r"knee", r"pivot"],
    "screen and refer": [r"refer", r"clearance|screen"],
    "the article's 8-20 reps vs NASM phases": [r"8.*20", r"nasm", r"6.*12|12.*20"],
    "flexibility claim unsupported, Maeo 2021": [r"maeo", r"seated"],
}


@pytest.mark.parametrize("correction", CORRECTIONS)
def test_each_correction_of_the_article_is_taught_by_a_card(deck: Deck, correction: str) -> None:
    patterns = CORRECTIONS[correction]
    teaching = [c.id for c in deck.cards if all(re.search(p, text_of(c)) for p in patterns)]
    assert teaching, f"no card teaches: {correction}"


def test_cards_paraphrase_the_article_rather_than_copy_it(deck: Deck) -> None:
    if not ARTICLE.exists():
        pytest.skip("the source article is not beside this checkout")
    words = re.findall(r"[a-z0-9']+", ARTICLE.read_text().lower())
    runs = {tuple(words[i : i + 8]) for i in range(len(words) - 8)}
    copied = []
    for card in deck.cards:
        mine = re.findall(r"[a-z0-9']+", text_of(card))
        copied += [card.id for i in range(len(mine) - 8) if tuple(mine[i : i + 8]) in runs]
    assert copied == []


def test_mcq_answers_are_not_given_away_by_position_or_length(deck: Deck) -> None:
    mcqs = [c for c in deck.cards if isinstance(c, McqCard)]
    positions = Counter(next(i for i, o in enumerate(c.options) if o.correct) for c in mcqs)
    assert max(positions.values()) <= len(mcqs) / 2
    for card in mcqs:
        longest_wrong = max(len(o.text) for o in card.options if not o.correct)
        assert len(card.answer.text) <= 1.5 * longest_wrong, card.id
