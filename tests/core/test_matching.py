"""Fair matching: a right answer in another form is right; another key term never is."""

from __future__ import annotations

import pytest

from studytool.core.matching import match_text
from studytool.core.terms import opposed_words

RIGHT = "right", (True, False)
CLOSE = "close", (False, True)
WRONG = "wrong", (False, False)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [
        ("hamstring curls", ["hamstring curl"]),  # plural
        ("Quadricep", ["quadriceps"]),  # singular
        ("bends", ["flex", "bend"]),  # verb form of an alternative
        ("extends", ["extend"]),
        ("extended", ["extend"]),
        ("flexion at the knee", ["knee flexion"]),  # word order and filler
        ("concentric phase", ["concentric"]),  # filler word
        ("the hamstring muscles", ["hamstrings"]),
        ("Borg's scale", ["Borg scale"]),  # a possessive
        ("hip extension and knee flexion", ["knee flexion and hip extension"]),  # parts swapped
        ("hip extension, knee flexion", ["knee flexion and hip extension"]),
        ("knee flexion hip extension", ["knee flexion and hip extension"]),  # no "and"
    ],
)
def test_a_right_answer_in_another_form_is_right(given: str, accepted: list[str]) -> None:
    assert match_text(given, accepted) == (True, False)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [
        ("extension", ["flexion"]),
        ("knee extension", ["knee flexion"]),
        ("extension at the knee", ["knee flexion"]),
        ("eccentric", ["concentric"]),
        ("eccentric phase", ["concentric"]),
        ("lateral hamstrings", ["medial hamstrings"]),
        ("medial", ["lateral"]),
        ("antagonist", ["agonist"]),
        ("agonists", ["antagonist"]),
        ("short head", ["long head"]),
        ("hip flexion and knee extension", ["knee flexion and hip extension"]),
        ("hip flexion knee extension", ["knee flexion hip extension"]),  # order counts here
        ("extend", ["flex"]),
        ("knee extensors", ["quadriceps"]),  # only when the deck says they are synonyms
    ],
)
def test_another_key_term_is_wrong(given: str, accepted: list[str]) -> None:
    assert match_text(given, accepted) == (False, False)


def test_terms_one_letter_apart_are_wrong_not_close() -> None:
    # One letter, but the opposite movement: no partial credit for a confusion of terms.
    assert match_text("abduction", ["adduction"]) == (False, False)
    assert match_text("hip abductors", ["hip adductors"]) == (False, False)


@pytest.mark.parametrize(
    ("given", "accepted"),
    [
        ("quadricepz", ["quadriceps"]),
        ("hamstrng curl", ["hamstring curl"]),
        ("flexion at the kneee", ["knee flexion"]),  # a typo in an answer in another order
        ("adductoin", ["adduction"]),
    ],
)
def test_one_typo_is_close(given: str, accepted: list[str]) -> None:
    assert match_text(given, accepted) == (False, True)


def test_short_answers_must_be_exact() -> None:
    assert match_text("flux", ["flex"]) == (False, False)


def test_declared_synonyms_are_right_both_ways() -> None:
    synonyms = (("bend", "flex"), ("quadriceps", "knee extensors", "quads"))
    assert match_text("knee extensors", ["quadriceps"], synonyms) == (True, False)
    assert match_text("the quads", ["knee extensors"], synonyms) == (True, False)
    assert match_text("bending", ["flex"], synonyms) == (True, False)
    assert match_text("bending the knee", ["knee flexion"], synonyms) == (False, False)
    assert match_text("knee flexors", ["quadriceps"], synonyms) == (False, False)


def test_an_empty_answer_is_neither_right_nor_close() -> None:
    assert match_text("  ?! ", ["knee"]) == (False, False)


def test_opposite_words_are_named() -> None:
    assert opposed_words("Knee flexion", "knee extension") == ("flexion", "extension")
    assert opposed_words("quadriceps", "knee extensors") is None
