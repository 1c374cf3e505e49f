"""Mock-exam drawing, scoring and the exam-date plan, worked out by hand."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from studytool.core.exam import allocate, draw, mastery_runway, plan, score
from studytool.core.schedulers.sm2 import SM2

RUNWAY = 22
"""SM-2 answered 4 from new: intervals 1, 6 and 15 days, then 38 (mature) on day 22."""


def test_allocation_is_proportional_by_largest_remainder() -> None:
    # 20 questions over 10/6/4 cards (of 20): exactly 10/6/4.
    assert allocate({"a": 10, "b": 6, "c": 4}, 20) == {"a": 10, "b": 6, "c": 4}
    # 10 questions over 36/15/9 (of 60): 6, 2.5, 1.5 -> 6, then remainders .5 and .5 -> 6/3/1
    # or 6/2/2; ties go to the earlier topic name.
    assert allocate({"a": 36, "b": 15, "c": 9}, 10) == {"a": 6, "b": 3, "c": 1}
    assert allocate({"a": 2, "b": 1}, 50) == {"a": 2, "b": 1}  # never more than there are


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), min_size=1),
       st.integers(0, 200))  # fmt: skip
def test_allocation_sums_to_the_questions_asked_when_there_are_enough(
    available: dict[str, int], questions: int
) -> None:
    counts = allocate(available, questions)
    assert sum(counts.values()) == min(questions, sum(available.values()))
    assert all(counts[t] <= available[t] for t in available)


def test_draw_takes_each_topics_share_without_repeats() -> None:
    cards = [(f"a{i}", "a") for i in range(10)] + [(f"b{i}", "b") for i in range(5)]
    chosen = draw(cards, 6, random.Random(1))
    assert len(chosen) == len(set(chosen)) == 6
    assert Counter(c[0] for c in chosen) == {"a": 4, "b": 2}


def test_score_per_topic_and_pass_mark() -> None:
    result = score([("a", True), ("a", False), ("b", True), ("b", True)], pass_mark=70)
    assert (result.questions, result.correct, result.score) == (4, 3, 75.0)
    assert result.passed
    assert result.per_topic == {"a": (1, 2), "b": (2, 2)}
    assert not score([("a", True), ("a", False)], pass_mark=70).passed
    assert score([], 70).score == 0.0


def test_the_runway_to_mastery_is_asked_of_the_scheduler() -> None:
    assert mastery_runway(SM2()) == RUNWAY


def test_plan_for_an_exam_date() -> None:
    today = date(2026, 3, 1)
    # 52 days left, 30 of them to introduce cards (22 to master the last ones): 60 unseen
    # cards need 2 a day, which the default 20 covers.
    easy = plan(date(2026, 4, 22), today, unseen=60, unmastered=70, new_per_day=20, runway=RUNWAY)
    assert (easy.days_left, easy.needed_per_day, easy.fits) == (52, 2, True)
    tight = plan(date(2026, 3, 28), today, unseen=60, unmastered=60, new_per_day=5, runway=RUNWAY)
    assert (tight.days_left, tight.needed_per_day, tight.fits) == (27, 12, False)
    late = plan(date(2026, 3, 10), today, unseen=5, unmastered=5, new_per_day=20, runway=RUNWAY)
    assert (late.needed_per_day, late.fits) == (5, False)
    done = plan(date(2026, 3, 10), today, unseen=0, unmastered=3, new_per_day=20, runway=RUNWAY)
    assert (done.needed_per_day, done.fits) == (0, True)
