"""Text fitted to where it is shown: shortened names and counted nouns."""

from __future__ import annotations

from studytool.core.text import QUESTION_WIDTH, count, question_line, shorten


def test_shorten_keeps_text_that_fits_and_cuts_the_rest_with_an_ellipsis() -> None:
    assert shorten("Muscles worked", 14) == "Muscles worked"
    assert shorten("Muscles worked", 10) == "Muscles w…"
    assert shorten("Seated leg curl form", 12) == "Seated leg…"  # no space before …
    assert shorten("two\n  lines", 20) == "two lines"
    assert shorten("anything", 0) == ""


def test_count_says_one_card_and_two_cards() -> None:
    assert [count(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    assert count(1, "day") == "1 day" and count(3, "pause") == "3 pauses"


def test_question_line_quotes_a_question_or_says_why_it_cannot() -> None:
    long = "Which muscle group is the prime mover of knee flexion during the leg curl?"
    quoted = question_line(long)
    assert len(quoted) == QUESTION_WIDTH and quoted.endswith("…")
    assert quoted.startswith("Which muscle group is the prime mover")
    assert "question unavailable" in question_line(None)
