"""A session's time and the candidate's pace, worked out by hand from answer moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studytool.core.timing import (
    DEFAULT_SECONDS_PER_CARD,
    MIN_SAMPLES,
    PAUSE,
    Pace,
    StudyTime,
    pace,
    study_time,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_session_takes_its_wall_time_feedback_included() -> None:
    # Nine answers 35 s apart from the first card shown: 5 min 15 s at the desk, however
    # little of each 35 s the card itself was on screen before its answer.
    answers = [at(35 * n) for n in range(1, 10)]
    assert answers[-1] - T0 == timedelta(minutes=5, seconds=15)
    assert study_time(T0, answers) == StudyTime(315.0, 0)


def test_pauses_over_five_minutes_are_left_out_and_counted() -> None:
    assert timedelta(minutes=5) == PAUSE
    answers = [at(20), at(40), at(40 + 6 * 60), at(40 + 6 * 60 + 15), at(40 + 6 * 60 + 315)]
    # 20 + 20 are study; 6 min away; 15 s; then exactly 5 min, which is not yet a pause.
    assert study_time(T0, answers) == StudyTime(20 + 20 + 15 + 300, 1)


def test_no_answer_is_no_time() -> None:
    assert study_time(T0, []) == StudyTime(0.0, 0)


def test_pace_is_the_median_gap_within_sessions() -> None:
    quick = [("a", at(10 * n)) for n in range(6)]  # five gaps of 10 s
    slow = [("b", at(1000 + 40 * n)) for n in range(7)]  # six gaps of 40 s
    away = [("b", at(1000 + 40 * 6 + 3600))]  # an hour later: a pause, not a gap
    measured = pace([*slow, *away, *quick])  # any order: the store reads newest first
    assert measured == Pace(40.0, measured=True)  # 11 gaps: the 6th smallest is 40


def test_pace_never_bridges_two_sessions() -> None:
    # Two sessions a minute apart, each of one answer: no gap to measure.
    answers = [(f"s{n}", at(60 * n)) for n in range(MIN_SAMPLES * 2)]
    assert pace(answers) == Pace(DEFAULT_SECONDS_PER_CARD, measured=False)


def test_too_little_history_gives_the_default() -> None:
    few = [("a", at(25 * n)) for n in range(MIN_SAMPLES)]  # one gap short
    assert pace(few) == Pace(DEFAULT_SECONDS_PER_CARD, measured=False)
    enough = [("a", at(25 * n)) for n in range(MIN_SAMPLES + 1)]
    assert pace(enough) == Pace(25.0, measured=True)
