"""FSRS-6 as the opt-in scheduler: its intervals are the `fsrs` package's, the grade
mapping never turns a failed recall into Hard, and switching scheduler either way loses
nothing: every card is rescheduled by replaying its log, and switching back restores SM-2's
states exactly."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

import fsrs
import pytest
from conftest import VALID, FakeClock, make_deck

from studytool.core.queue import Limits
from studytool.core.schedule import CardState
from studytool.core.schedulers import SCHEDULERS
from studytool.core.schedulers.fsrs6 import FSRS, RATINGS, FSRSState, at_noon
from studytool.core.schedulers.sm2 import SM2
from studytool.engine.study import Study
from studytool.store.database import Store

DAY = date(2026, 3, 2)


def package_days(grades: list[int], retention: float = 0.9) -> list[int]:
    """The package's own intervals for ratings given on each due day, with the settings
    the scheduler documents (no steps, no fuzz)."""
    scheduler = fsrs.Scheduler(
        desired_retention=retention, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    card = fsrs.Card(card_id=1, due=at_noon(DAY))
    when = at_noon(DAY)
    days = []
    for rating in grades:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), when)
        days.append((card.due - when).days)
        when = card.due
    return days


def our_days(qualities: list[int], retention: float = 0.9) -> list[int]:
    scheduler = FSRS(retention)
    memory, day = scheduler.new(), DAY
    days = []
    for quality in qualities:
        memory, due = scheduler.review(memory, quality, day)
        days.append((due - day).days)
        day = due
    return days


@pytest.mark.parametrize(
    ("qualities", "ratings"),
    [
        ([4, 4, 4, 4, 4], [3, 3, 3, 3, 3]),
        ([5, 5, 3, 5], [4, 4, 2, 4]),
        ([4, 4, 1, 4, 4, 4], [3, 3, 1, 3, 3, 3]),
        ([0, 3, 4, 2, 4, 5], [1, 2, 3, 1, 3, 4]),
    ],
)
@pytest.mark.parametrize("retention", [0.9, 0.85])
def test_intervals_equal_the_fsrs_package(
    qualities: list[int], ratings: list[int], retention: float
) -> None:
    assert our_days(qualities, retention) == package_days(ratings, retention)


def test_a_failed_recall_is_never_hard() -> None:
    assert [RATINGS[q] for q in range(6)] == [1, 1, 1, 2, 3, 4]
    # "Almost" (2) is a failure: the memory lapses as with Again, not as with Hard.
    assert our_days([4, 4, 2]) == our_days([4, 4, 0])
    assert our_days([4, 4, 2]) != our_days([4, 4, 3])


def test_memory_round_trips_and_counts_learned_and_mature() -> None:
    scheduler = FSRS()
    memory, day = scheduler.new(), DAY
    assert not scheduler.learned(memory)
    for _ in range(4):
        memory, day = scheduler.review(memory, 5, day)
    assert scheduler.learned(memory) and scheduler.mature(memory)
    assert scheduler.from_dict(scheduler.to_dict(memory)) == memory
    failed, _ = scheduler.review(memory, 1, day)
    assert not scheduler.learned(failed) and not scheduler.mature(failed)
    assert scheduler.from_dict(scheduler.to_dict(scheduler.new())) == FSRSState()
    with pytest.raises(ValueError, match="0 to 5"):
        scheduler.review(memory, 6, day)


def studied(path: Path, clock: FakeClock, days: int) -> dict[tuple[str, str], CardState]:
    """A few days of study under SM-2 (c0 remembered, c1 missed then re-drilled), the
    states it left."""
    store = Store.open(path, now=clock())
    study = Study(store, (make_deck(3, topics=1),), Limits(), clock, zone=UTC)
    for _ in range(days):
        session = study.start()
        while (item := session.current) is not None:
            miss = item.card_id == "c1" and item.kind != "redrill"
            study.answer(1 if miss else 4, True)
        clock.advance(days=1)
    states = store.stored_states()
    store.close()
    return states


def test_switching_to_fsrs_and_back_loses_nothing(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "studytool.db"
    before = studied(path, clock, days=8)
    assert {s.scheduler for s in before.values()} == {"sm2"}

    store = Store.open(path, now=clock())
    assert store.schedule_with(SCHEDULERS["sm2"], clock()) is None  # nothing to change
    assert store.schedule_with(FSRS(), clock()) == len(before)
    switched = store.stored_states()
    assert {s.scheduler for s in switched.values()} == {"fsrs"}
    assert store.consistent_states()[0] == store.consistent_states()[1]
    # Each card's FSRS state is its own log replayed through the package's model.
    c0 = switched[("d", "c0")].memory
    assert isinstance(c0, FSRSState) and c0.stability is not None and c0.stability > 1
    assert switched[("d", "c1")].lapses == before[("d", "c1")].lapses
    assert store.schedule_with(FSRS(), clock()) is None  # a second run changes nothing
    # Another desired retention gives other intervals: every card is rescheduled.
    assert store.schedule_with(FSRS(0.8), clock()) == len(before)

    assert store.schedule_with(SM2(), clock()) == len(before)
    assert store.stored_states() == before
    store.close()


def test_new_answers_under_fsrs_are_scheduled_by_it(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduler = FSRS(0.85)
    monkeypatch.setitem(SCHEDULERS, scheduler.name, scheduler)
    store = Store.open(tmp_path / "studytool.db", now=clock())
    store.schedule_with(scheduler, clock())
    study = Study(store, (make_deck(1, topics=1),), Limits(), clock, zone=UTC)
    study.start()
    study.answer(4, True)
    state = store.state("d", "c0")
    assert state.scheduler == "fsrs"
    assert state.due == study.today() + timedelta(days=package_days([3], 0.85)[0])
    stored, replayed = store.consistent_states()
    assert stored == replayed


def answer_one(path: Path) -> None:
    from studytool.deck.reader import load_deck

    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    store = Store.open(path, now=FakeClock()())
    study = Study(store, (deck,), Limits(), FakeClock(), zone=UTC)
    study.start()
    study.answer(4, True)
    store.close()


def test_the_scheduler_is_chosen_in_config_or_for_one_run(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from studytool.cli import main

    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    env = {"STUDYTOOL_CONFIG": str(config)}
    args = ["--data-dir", str(data), "--deck", str(VALID / "every-type.yaml")]

    def run(*extra: str) -> tuple[int, str, set[str]]:
        result = CliRunner().invoke(main, [*extra, *args, "due"], env=env)
        store = Store.open(data / "studytool.db", now=FakeClock()())
        kept = {s.scheduler for s in store.stored_states().values()}
        store.close()
        return result.exit_code, result.output, kept

    assert run()[::2] == (0, {"sm2"})
    code, output, kept = run("--scheduler", "fsrs")
    assert (code, kept, "rescheduled" in output) == (0, {"fsrs"}, False)  # nothing answered
    run()
    answer_one(data / "studytool.db")
    code, output, kept = run("--scheduler", "fsrs")
    assert (code, kept) == (0, {"fsrs"})
    assert "rescheduled 1 card with FSRS-6 (desired retention 0.90) from their answers" in output
    code, output, kept = run()  # the flag was for one run: back to the settings' SM-2
    assert (kept, "with SM-2" in output) == ({"sm2"}, True)
    config.write_text('scheduler = "fsrs"\ndesired_retention = 0.85\n')
    assert "FSRS-6 (desired retention 0.85)" in run()[1]
    assert "rescheduled" not in run()[1]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('scheduler = "anki"\n', "scheduler must be one of sm2, fsrs, not 'anki'"),
        ("desired_retention = 1.5\n", "desired_retention must be a number from 0.70 to 0.99"),
        ('desired_retention = "high"\n', "desired_retention must be a number"),
    ],
)
def test_a_bad_scheduler_setting_is_a_clear_usage_error(
    tmp_path: Path, content: str, words: str
) -> None:
    from click.testing import CliRunner

    from studytool.cli import main

    config = tmp_path / "config.toml"
    config.write_text(content)
    result = CliRunner().invoke(
        main, ["--data-dir", str(tmp_path / "d"), "due"], env={"STUDYTOOL_CONFIG": str(config)}
    )
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
