"""Each card type's answer becomes the quality the documented table gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studytool.core.cards import (
    BasicCard,
    ClozeCard,
    McqCard,
    MultiCard,
    Option,
    OrderCard,
    TypedCard,
    parse_cloze,
)
from studytool.core.folding import normalize
from studytool.core.grading import Quality, grade, grade_self
from studytool.core.matching import edit_distance, match_text

COMMON = {"topic": "t", "source": "s", "explanation": "e"}
MCQ = McqCard(
    id="m", question="q", **COMMON,
    options=(Option(text="a", why="w"), Option(text="b", correct=True), Option(text="c", why="w")),
)  # fmt: skip
MULTI = MultiCard(
    id="x", question="q", **COMMON,
    options=tuple(Option(text=t, correct=c) for t, c in
                  [("a", True), ("b", True), ("c", False), ("d", False)]),
)  # fmt: skip
TYPED = TypedCard(id="t", question="q", answer="Semitendinosus", accept=("semi-t",), **COMMON)
SHORT = TypedCard(id="s", question="q", answer="flex", **COMMON)
CLOZE_TEXT = "The {{hamstrings}} flex the {{knee}}."
CLOZE = ClozeCard(id="c", text=CLOZE_TEXT, parts=parse_cloze(CLOZE_TEXT), **COMMON)
ORDER = OrderCard(id="o", question="q", steps=("a", "b", "c", "d"), **COMMON)


def test_mcq() -> None:
    assert grade(MCQ, 1).quality == Quality.PERFECT
    assert grade(MCQ, 0).quality == Quality.WRONG
    assert grade(MCQ, 1, guessed=True).quality == Quality.GUESSED
    assert grade(MCQ, 1, hinted=True).quality == Quality.HESITANT
    assert grade(MCQ, 1, seconds=45).quality == Quality.HESITANT
    assert grade(MCQ, 1, seconds=5).quality == Quality.PERFECT


def test_guessed_wrong_answer_stays_wrong() -> None:
    assert grade(MCQ, 2, guessed=True).quality == Quality.WRONG


def test_multi_partial_credit() -> None:
    right = grade(MULTI, {0, 1})
    assert (right.quality, right.score) == (Quality.PERFECT, 1.0)
    one_off = grade(MULTI, {0})
    assert (one_off.quality, one_off.score, one_off.close) == (Quality.CLOSE, 0.75, True)
    two_off = grade(MULTI, {0, 2, 3})
    assert (two_off.quality, two_off.score) == (Quality.WRONG, 0.25)


@pytest.mark.parametrize(
    "typed", ["Semitendinosus", "semitendinosus", "  SEMITENDINOSUS. ", "the semitendinosus",
              "Sémitendinosus", "semi t", "Semi-T"],
)  # fmt: skip
def test_typed_is_lenient_about_form(typed: str) -> None:
    assert grade(TYPED, typed).quality == Quality.PERFECT


def test_typed_one_typo_is_close_two_is_wrong() -> None:
    assert grade(TYPED, "semitendinosis").quality == Quality.CLOSE
    assert grade(TYPED, "semitnedinosus").quality == Quality.CLOSE  # neighbours swapped
    assert grade(TYPED, "semitendonisis").quality == Quality.WRONG
    assert grade(TYPED, "").quality == Quality.WRONG


def test_short_answers_must_be_exact() -> None:
    assert grade(SHORT, "flux").quality == Quality.WRONG
    assert grade(SHORT, "Flex!").quality == Quality.PERFECT


def test_cloze_every_blank_counts() -> None:
    assert grade(CLOZE, ["hamstrings", "knee"]).quality == Quality.PERFECT
    close = grade(CLOZE, ["hamstrigs", "knee"])
    assert (close.quality, close.score) == (Quality.CLOSE, 0.5)
    assert grade(CLOZE, ["quads", "knee"]).quality == Quality.WRONG


def test_order_scored_by_steps_in_their_place() -> None:
    assert grade(ORDER, [0, 1, 2, 3]).quality == Quality.PERFECT
    one_swap = grade(ORDER, [1, 0, 2, 3])
    assert (one_swap.quality, one_swap.score) == (Quality.CLOSE, 0.5)
    far_swap = grade(ORDER, [3, 1, 2, 0])  # two steps exchanged: still one slip
    assert (far_swap.quality, far_swap.score) == (Quality.CLOSE, 0.5)
    # Every step one place late: each pair but three is in order, yet no step is in place.
    shifted = grade(ORDER, [3, 0, 1, 2])
    assert (shifted.quality, shifted.score) == (Quality.WRONG, 0.0)
    reversed_ = grade(ORDER, [3, 2, 1, 0])
    assert (reversed_.quality, reversed_.score) == (Quality.WRONG, 0.0)


def test_self_graded() -> None:
    assert grade_self(4).quality == 4
    assert grade_self(5, guessed=True).quality == Quality.GUESSED
    assert grade_self(1, guessed=True).quality == 1
    with pytest.raises(TypeError):
        grade(BasicCard(id="b", front="f", back="b", **COMMON), 3)


def test_normalize() -> None:
    assert normalize("  The Biceps-Femoris! ") == "biceps femoris"
    assert normalize("A") == ""


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_zero_only_for_equal(a: str, b: str) -> None:
    assert edit_distance(a, b) == edit_distance(b, a)
    assert (edit_distance(a, b) == 0) == (a == b)


def test_match_text_reports_close() -> None:
    assert match_text("quadricepz", ["quadriceps"]) == (False, True)
