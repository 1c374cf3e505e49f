"""Exam-aware reviews: with an exam date, no card waits past it while its forecast recall
on exam day is below the target; the days cards are brought forward to follow each card's
memory; from the exam on the scheduler's own intervals resume; turning it on or off
reschedules from the log and loses nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from conftest import VALID, FakeClock, run_configured

from studytool.core.schedulers import SCHEDULERS, ExamAware
from studytool.core.schedulers.exam_aware import ExamMemory, cap
from studytool.core.schedulers.fsrs6 import FSRS
from studytool.core.schedulers.sm2 import SM2
from studytool.store.database import Store

DAY = date(2026, 3, 2)
EXAM = DAY + timedelta(days=40)


def days(n: int) -> date:
    return DAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("due", "exam_recall", "target_day", "capped"),
    [
        (days(50), 0.70, days(20), days(20)),  # past the exam and too weak: brought forward
        (days(40), 0.70, days(20), days(20)),  # on the exam day itself: too late as well
        (days(50), 0.95, days(45), days(50)),  # remembered well enough: no review spent
        (days(30), 0.50, days(10), days(30)),  # due before the exam anyway: unchanged
        (days(50), 0.85, days(40), days(39)),  # the target day rounds onto the exam: the eve
        (days(50), 0.30, days(0), days(1)),  # never the same day: the next at the soonest
    ],
)
def test_cap(due: date, exam_recall: float, target_day: date, capped: date) -> None:
    assert cap(due, DAY, EXAM, exam_recall, 0.9, target_day) == capped


def test_nothing_is_capped_from_the_exam_day_on() -> None:
    assert cap(days(60), EXAM, EXAM, 0.2, 0.9, days(45)) == days(60)
    assert cap(days(60), days(41), EXAM, 0.2, 0.9, days(45)) == days(60)


def walk(scheduler: ExamAware, grades: list[int]) -> list[tuple[date, date, ExamMemory]]:
    """(review day, due day, memory) for a card answered with ``grades`` when due."""
    memory, day, seen = scheduler.new(), DAY, []
    for grade in grades:
        memory, due = scheduler.review(memory, grade, day)
        seen.append((day, due, memory))
        day = due
    return seen


def test_no_card_waits_past_the_exam_below_the_target_and_intervals_resume_after() -> None:
    exam, inner = days(60), FSRS(0.80)  # a low desired retention: long intervals
    aware, alone = ExamAware(inner, exam, 0.9), ExamAware(inner, date(2100, 1, 1), 0.9)
    forecaster = FSRS()
    grades = [4, 4, 4, 4, 4, 4, 4]
    # Alone, the scheduler sends the card past the exam at a recall below the target.
    assert any(d < exam <= due and forecaster.recall(m.recall, exam) < 0.9
               for d, due, m in walk(alone, grades))  # fmt: skip
    walked = walk(aware, grades)
    before = [(d, due, m) for d, due, m in walked if d < exam]
    for _, due, memory in before:
        if due >= exam:  # allowed only when the card will still be remembered well enough
            assert forecaster.recall(memory.recall, exam) >= 0.9
    assert forecaster.recall(before[-1][2].recall, exam) >= 0.9
    # The scheduler's own memory moves as without the wrapper; from the exam on its
    # intervals are its own again.
    previous = inner.new()
    for day, due, memory in walked:
        own, own_due = inner.review(previous, 4, day)
        assert memory.memory == own
        if day >= exam:
            assert due == own_due
        previous = own
    assert any(day >= exam for day, _, _ in walked)


def test_cards_brought_forward_spread_over_the_weeks_before_the_exam() -> None:
    # Cards first seen over three weeks, then answered with varied grades.
    aware, rng = ExamAware(FSRS(0.80), EXAM, 0.9), random.Random(5)
    brought: list[date] = []
    for _ in range(60):
        memory, day = aware.new(), days(rng.randrange(21))
        while day < EXAM:
            grade = rng.choice([2, 3, 4, 4, 5])
            _, plain_due = aware.scheduler.review(memory.memory, grade, day)
            memory, due = aware.review(memory, grade, day)
            if due != plain_due:
                brought.append(due)
            day = due
    assert len(brought) >= 30
    assert len(set(brought)) >= 10  # each card's own day, not one day for all
    eve = brought.count(EXAM - timedelta(days=1))
    assert eve < len(brought) / 4


def test_memory_round_trips_and_plain_sm2_reads_it() -> None:
    aware = ExamAware(SM2(), EXAM, 0.9)
    memory, _ = aware.review(aware.new(), 4, DAY)
    stored = aware.to_dict(memory)
    assert aware.from_dict(stored) == memory
    assert SM2().from_dict(stored) == memory.memory  # the wrapper's key is ignored
    assert aware.from_dict(SM2().to_dict(memory.memory)).memory == memory.memory


def run(tmp_path: Path, config: str, *args: str) -> str:
    result = run_configured(tmp_path, config, *args)
    assert result.exit_code == 0, result.output
    return result.output


def own(states: dict[tuple[str, str], object]) -> dict[tuple[str, str], object]:
    """The states of the test deck's cards (the CLI adds the bundled deck's)."""
    return {key: state for key, state in states.items() if key[0] == "every-type"}


def test_setting_and_clearing_the_exam_date_reschedules_and_loses_nothing(
    tmp_path: Path, clock: FakeClock
) -> None:
    answered_history(tmp_path, clock)
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    before = store.stored_states()
    store.close()

    exam = (date.today() + timedelta(days=20)).isoformat()
    output = run(tmp_path, "", "exam-date", exam)
    assert f"with SM-2, exam-aware for {exam} from their answers" in output
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    aware = store.stored_states()
    assert {type(s.memory) for s in aware.values()} == {ExamMemory}
    assert {s.scheduler for s in aware.values()} == {"sm2"}
    SCHEDULERS["sm2"] = ExamAware(SM2(), date.fromisoformat(exam), 0.9)
    stored, replayed = store.consistent_states()
    assert stored == replayed  # doctor's check holds
    store.close()
    assert "rescheduled" not in run(tmp_path, f'exam_date = "{exam}"\n', "due")

    # exam_aware = false keeps the exam date but not the wrapper: plain SM-2 again.
    output = run(tmp_path, f'exam_date = "{exam}"\nexam_aware = false\n', "due")
    assert "rescheduled" in output and "exam-aware" not in output
    SCHEDULERS["sm2"] = SM2()
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    assert own(store.stored_states()) == before
    store.close()

    run(tmp_path, "", "exam-date", exam)
    output = run(tmp_path, "", "exam-date", "--clear")
    assert "rescheduled" in output and "with SM-2 from" in output
    SCHEDULERS["sm2"] = SM2()
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    assert own(store.stored_states()) == before
    store.close()


def test_a_card_brought_forward_is_due_three_quarters_of_the_way_through_its_window() -> None:
    from studytool.core.schedulers.exam_aware import spread

    assert spread(days(10), days(30)) == days(25)
    assert spread(days(10), days(10)) == days(10)


def answered_history(tmp_path: Path, clock: FakeClock) -> None:
    """Five days of answers to the test deck under plain SM-2, in tmp_path/d."""
    from studytool.core.queue import Limits
    from studytool.deck.reader import load_deck
    from studytool.engine.study import Study

    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    for _ in range(5):
        study = Study(store, (deck,), Limits(), clock, zone=UTC)
        session = study.start()
        while session.current is not None:
            study.answer(4, True)
        clock.advance(days=1)
    store.close()


def test_doctor_checks_the_states_with_the_scheduler_they_were_worked_out_with(
    tmp_path: Path, clock: FakeClock
) -> None:
    answered_history(tmp_path, clock)
    exam = (date.today() + timedelta(days=20)).isoformat()
    # The exam date is set by hand in config.toml: nothing has rescheduled the cards yet.
    result = run_configured(tmp_path, f'exam_date = "{exam}"\n', "doctor")
    assert result.exit_code == 0, result.output
    assert "card states and answer counts match the review log" in result.output


def test_an_answer_in_a_session_opened_before_a_switch_moves_the_state_as_switched(
    tmp_path: Path, clock: FakeClock
) -> None:
    from studytool.core.queue import Limits
    from studytool.deck.reader import load_deck
    from studytool.engine.study import Study

    answered_history(tmp_path, clock)
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    path = tmp_path / "d" / "studytool.db"
    clock.advance(days=10)  # cards are due again
    first = Store.open(path, now=clock())
    study = Study(first, (deck,), Limits(), clock, zone=UTC)
    session = study.start()
    assert session.current is not None
    # Another process sets an exam date: it reschedules every card exam-aware...
    other = Store.open(path, now=clock())
    other.schedule_with(ExamAware(SM2(), clock().date() + timedelta(days=20), 0.9), clock())
    other.close()
    SCHEDULERS["sm2"] = SM2()  # ...while this process still has plain SM-2 registered
    study.answer(4, True)
    stored, replayed = first.consistent_states()
    assert stored == replayed
    assert {type(s.memory) for s in stored.values()} == {ExamMemory}
    first.close()


def test_an_exam_date_that_has_passed_brings_nothing_forward(
    tmp_path: Path, clock: FakeClock
) -> None:
    answered_history(tmp_path, clock)
    past = (date.today() - timedelta(days=3)).isoformat()
    output = run(tmp_path, "", "exam-date", past)
    assert "has passed" in output and "rescheduled" not in output
    store = Store.open(tmp_path / "d" / "studytool.db", now=clock())
    assert ExamMemory not in {type(s.memory) for s in store.stored_states().values()}
    store.close()


def test_a_date_and_clear_together_is_a_usage_error(tmp_path: Path) -> None:
    result = run_configured(tmp_path, "", "exam-date", "--clear", "2027-01-10")
    assert result.exit_code == 2
    assert "give a date or --clear, not both" in result.output


@pytest.mark.parametrize(
    "scheduler",
    [SM2(), FSRS(0.85), ExamAware(SM2(), EXAM, 0.9), ExamAware(FSRS(0.8), EXAM, 0.95)],
    ids=["sm2", "fsrs", "sm2-exam", "fsrs-exam"],
)
def test_the_stored_setting_names_the_scheduler_again(scheduler: object) -> None:
    from studytool.core.schedulers import from_setting, setting

    line = setting(scheduler)  # type: ignore[arg-type]
    assert setting(from_setting(line)) == line
