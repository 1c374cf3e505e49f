"""SM-2 as written: the worked examples in the README, pinned, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studytool.core.schedulers.sm2 import SM2, SM2State, new_state, review


def run(grades: list[int]) -> list[SM2State]:
    states, state = [], new_state()
    for grade in grades:
        state = review(state, grade)
        states.append(state)
    return states


@pytest.mark.parametrize(
    ("grades", "intervals", "easiness"),
    [
        ([5, 5, 5, 5], [1, 6, 17, 50], ["2.6", "2.7", "2.8", "2.9"]),
        ([4, 4, 4], [1, 6, 15], ["2.5", "2.5", "2.5"]),
        ([3, 3, 3, 3], [1, 6, 13, 26], ["2.36", "2.22", "2.08", "1.94"]),
        ([5, 2, 5, 5], [1, 1, 1, 6], ["2.6", "2.6", "2.7", "2.8"]),
        ([0, 0, 5, 5, 5], [1, 1, 1, 6, 17], ["2.5", "2.5", "2.6", "2.7", "2.8"]),
    ],
)
def test_worked_examples(grades: list[int], intervals: list[int], easiness: list[str]) -> None:
    states = run(grades)
    assert [s.interval for s in states] == intervals
    assert [s.easiness for s in states] == [Decimal(e) for e in easiness]


def test_easiness_is_exact_where_floats_drift() -> None:
    assert run([5, 5, 5, 5, 4])[-1].interval == 145


def test_new_card() -> None:
    assert new_state() == SM2State(repetitions=0, easiness=Decimal("2.5"), interval=0)


@pytest.mark.parametrize("bad", [-1, 6, 2.5, "4", None, True])
def test_grade_outside_0_to_5_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        review(new_state(), bad)  # type: ignore[arg-type]


def test_review_leaves_its_input_alone() -> None:
    state = new_state()
    review(state, 5)
    assert state == new_state()


def test_round_trip_through_dict() -> None:
    state = run([5, 3, 4])[-1]
    assert SM2State.from_dict(state.to_dict()) == state


def test_as_a_scheduler_the_due_day_is_the_study_day_plus_the_interval() -> None:
    day = date(2026, 3, 2)
    memory, due = SM2().review(SM2().new(), 5, day)
    assert (memory, due) == (SM2State(1, Decimal("2.6"), 1), day + timedelta(days=1))
    memory, due = SM2().review(run([5, 5])[-1], 5, day)
    assert (memory.interval, due) == (17, day + timedelta(days=17))


def test_mature_from_a_21_day_interval_learned_from_the_first_success() -> None:
    assert [SM2().mature(SM2State(3, Decimal("2.5"), days)) for days in (20, 21)] == [False, True]
    assert not SM2().learned(new_state())
    assert SM2().learned(run([3])[-1])
    assert not SM2().learned(run([5, 5, 1])[-1])  # starting its repetitions again


def test_the_scheduler_serialises_its_memory_and_names_the_grades() -> None:
    state = run([5, 3, 4])[-1]
    assert SM2().from_dict(SM2().to_dict(state)) == state
    assert SM2().to_dict(state) == {"repetitions": 3, "easiness": str(state.easiness),
                                    "interval": state.interval}  # fmt: skip
    assert dict(SM2().grades) == {0: "Blank", 1: "Wrong", 2: "Almost", 3: "Hard", 4: "Good",
                                  5: "Easy"}  # fmt: skip


grades = st.lists(st.integers(min_value=0, max_value=5), max_size=40)


@given(grades)
def test_easiness_never_below_1_3(sequence: list[int]) -> None:
    assert all(s.easiness >= Decimal("1.3") for s in run(sequence))


@given(grades, st.integers(min_value=0, max_value=2))
def test_a_failing_grade_resets_repetitions_and_keeps_easiness(
    sequence: list[int], failing: int
) -> None:
    before = run(sequence)[-1] if sequence else new_state()
    after = review(before, failing)
    assert (after.repetitions, after.interval, after.easiness) == (0, 1, before.easiness)


@given(st.lists(st.integers(min_value=3, max_value=5), min_size=3, max_size=30))
def test_intervals_never_shrink_after_the_second_success(sequence: list[int]) -> None:
    intervals = [s.interval for s in run(sequence)][1:]
    assert intervals == sorted(intervals)
