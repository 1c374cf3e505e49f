"""The session engine over a real SQLite file: queue, re-drill, undo, limits, leeches."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FakeClock, make_deck

from studytool.core.cardset import Cards
from studytool.core.models import Deck
from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.store.database import Store, state_to_json


def open_study(
    tmp_path: Path, clock: FakeClock, *decks: Deck, limits: Limits | None = None
) -> Study:
    store = Store.open(tmp_path / "studytool.db", now=clock())
    return Study(store, decks or (make_deck(),), limits or Limits(), clock, zone=UTC)


def rows(study: Study, sql: str) -> list[tuple]:
    with sqlite3.connect(study.store.path) as connection:
        return connection.execute(sql).fetchall()


def answer_all(study: Study, quality: int) -> None:
    session = study.start()
    while not session.finished:
        study.answer(quality, quality >= 3)


def test_first_session_shows_new_cards_in_deck_order(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock)
    session = study.start()
    assert [i.card_id for i in session.queue] == [f"c{i}" for i in range(10)]
    assert {i.kind for i in session.queue} == {"new"}


def test_new_cards_follow_the_topics_order_of_the_deck_as_it_is_now(
    tmp_path: Path, clock: FakeClock
) -> None:
    deck = make_deck(6, topics=3)  # c0 c3 in t0, c1 c4 in t1, c2 c5 in t2
    first = open_study(tmp_path, clock, deck, limits=Limits(new_per_day=4))
    assert [i.card_id for i in first.start().queue] == ["c0", "c1", "c2", "c3"]
    first.close()
    # The same cards, the topics listed in another order: a new start sees it.
    reordered = replace(deck, topics=tuple(reversed(deck.topics)))
    again = open_study(tmp_path, clock, reordered, limits=Limits(new_per_day=4))
    assert [i.card_id for i in again.start().queue] == ["c2", "c1", "c0", "c5"]


def test_worked_example_over_real_days(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(1))
    intervals = []
    for _ in range(4):
        session = study.start()
        assert [i.card_id for i in session.queue] == ["c0"]
        study.answer(5, True)
        state = study.store.state("d", "c0")
        intervals.append(state.memory.interval)
        assert state.due == study.today() + timedelta(days=state.memory.interval)
        clock.advance(days=state.memory.interval)
    assert intervals == [1, 6, 17, 50]
    assert study.store.state("d", "c0").memory.easiness == Decimal("2.9")


def test_nothing_due_until_the_due_day(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(3))
    answer_all(study, 5)
    assert study.start().finished
    clock.advance(days=1)
    assert [i.kind for i in study.start().queue] == ["review"] * 3


def test_most_overdue_first(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(3))
    session = study.start()
    study.answer(5, True)  # c0: due in 1 day
    study.answer(5, True)  # c1
    study.answer(5, True)  # c2
    clock.advance(days=1)
    session = study.start()
    study.answer(5, True)  # c0 again: due in 6 days
    study.answer(2, False)  # c1 lapses: due tomorrow
    while not session.finished:
        study.answer(5, True)
    clock.advance(days=10)
    # c1 lapsed (due the next day); c0 and c2 are due on the same later day: deck order
    assert [i.card_id for i in study.start().queue] == ["c1", "c0", "c2"]


def test_daily_new_limit_holds_across_sessions(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(30), limits=Limits(new_per_day=20))
    session = study.start()
    assert len(session.queue) == 20
    for _ in range(5):
        study.answer(5, True)
    assert len(study.start().queue) == 15  # same day: 5 of the 20 are used
    clock.advance(days=1)
    session = study.start()
    assert sum(i.kind == "new" for i in session.queue) == 20
    assert sum(i.kind == "review" for i in session.queue) == 5


def test_daily_review_limit(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(10), limits=Limits(reviews_per_day=4))
    answer_all(study, 5)
    clock.advance(days=1)
    assert [i.kind for i in study.start().queue] == ["review"] * 4


def test_missed_card_comes_back_after_three_others_until_it_scores_4(
    tmp_path: Path, clock: FakeClock
) -> None:
    study = open_study(tmp_path, clock, make_deck(6))
    session = study.start()
    first = study.answer(2, False)
    assert first.again and first.item.kind == "new"
    state_after_miss = study.store.state("d", "c0")
    assert [i.card_id for i in session.queue[:4]] == ["c1", "c2", "c3", "c0"]
    for _ in range(3):
        study.answer(5, True)
    again = study.answer(3, True)  # a 3 is not enough to leave re-drill
    assert again.item.kind == "redrill" and again.again
    assert study.store.state("d", "c0") == state_after_miss  # re-drills do not move SM-2
    while session.current and session.current.card_id != "c0":
        study.answer(5, True)
    done = study.answer(4, True)
    assert not done.again
    kinds = rows(study, "SELECT kind FROM reviews WHERE card_id = 'c0' ORDER BY id")
    assert kinds == [("new",), ("redrill",), ("redrill",)]
    assert study.progress().redrill == 0


def test_progress_counts_done_left_and_redrill(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(5))
    study.start()
    study.answer(1, False)
    study.answer(5, True)
    progress = study.progress()
    assert (progress.done, progress.left, progress.redrill) == (2, 4, 1)


def test_undo_restores_state_log_and_queue(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(3))
    session = study.start()
    study.answer(5, True)
    before = study.store.state("d", "c1")
    study.answer(0, False)  # mis-keyed
    assert study.undo() is not None
    assert session.current is not None and session.current.card_id == "c1"
    assert study.store.state("d", "c1") == before
    assert study.progress().done == 1
    assert study.store.done_on("d", study.today()) == (1, 0)
    study.answer(5, True)
    assert study.store.stored_states() == study.store.replayed_states()
    assert rows(study, "SELECT count(*) FROM reviews") == [(3,)]  # the log keeps the undone one
    assert rows(study, "SELECT kind, review_id FROM events") == [("undo", 2)]


def test_undo_with_nothing_answered(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock)
    study.start()
    assert study.undo() is None


def test_suspend_and_unsuspend(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(3))
    session = study.start()
    study.suspend("d", "c1")
    assert [i.card_id for i in session.queue] == ["c0", "c2"]
    assert [i.card_id for i in study.start().queue] == ["c0", "c2"]
    study.unsuspend("d", "c1")
    assert [i.card_id for i in study.start().queue] == ["c0", "c1", "c2"]
    assert study.store.stored_states() == study.store.replayed_states()


def test_eighth_lapse_makes_a_leech_and_suspends_it(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(1))
    study.start()
    study.answer(5, True)
    leech_at = None
    for lapse in range(1, 9):
        clock.advance(days=1)
        session = study.start()
        assert session.current is not None and session.current.kind == "review"
        answered = study.answer(1, False)
        if answered.became_leech:
            leech_at = lapse
        while not session.finished:  # re-drill it to 5 so it leaves today's session
            study.answer(5, True)
        clock.advance(days=1)
        session = study.start()
        if session.finished:
            break
        study.answer(5, True)
    assert leech_at == 8
    state = study.store.state("d", "c0")
    assert state.leech and state.suspended and state.lapses == 8
    clock.advance(days=30)
    assert study.start().finished


def test_deck_edits_keep_progress_and_history(tmp_path: Path, clock: FakeClock) -> None:
    deck = make_deck(3)
    study = open_study(tmp_path, clock, deck)
    answer_all(study, 5)
    progressed = study.store.state("d", "c1")
    # reword c1, drop c2, add c3
    reworded = replace(deck.cards[1], front="Where exactly are the hamstrings?")
    edited = replace(deck, cards=Cards.of((deck.cards[0], reworded, *make_deck(4).cards[3:])))
    study = Study(study.store, [edited], Limits(), clock, zone=UTC)
    report = study.sync()["d"]
    assert (report.added, report.removed) == (("c3",), ("c2",))
    assert study.store.state("d", "c1") == progressed
    assert "c2" not in study.store.states("d")
    assert rows(study, "SELECT count(*) FROM reviews WHERE card_id = 'c2'") == [(1,)]
    clock.advance(days=1)
    assert [i.card_id for i in study.start().queue] == ["c0", "c1", "c3"]
    # put c2 back: its progress returns
    study = Study(study.store, [deck], Limits(), clock, zone=UTC)
    assert study.sync()["d"].restored == ("c2",)
    assert study.store.state("d", "c2").memory.repetitions == 1


def test_rollover_hour_keeps_a_late_session_on_the_same_day(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 3, 1, 30, tzinfo=UTC))
    study = open_study(tmp_path, clock, make_deck(1), limits=Limits(rollover_hour=4))
    assert study.today() == date(2026, 3, 2)
    clock.advance(hours=3)  # 04:30
    assert study.today() == date(2026, 3, 3)


def test_study_day_follows_local_time_across_dst(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 29 March 2026: clocks jump from 02:00 to 03:00 in Berlin.
    clock = FakeClock(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))  # 03:30 local, after the jump
    study = open_study(tmp_path, clock, make_deck(1))
    study = Study(study.store, study.decks, Limits(rollover_hour=4), clock, zone=berlin)
    assert study.today() == date(2026, 3, 28)
    clock.advance(hours=1)  # 04:30 local
    assert study.today() == date(2026, 3, 29)
    study.start()
    study.answer(5, True)
    assert study.store.state("d", "c0").due == date(2026, 3, 30)


def test_clock_going_backwards_loses_nothing(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(2))
    study.start()
    study.answer(5, True)
    clock.advance(days=-3)
    study.answer(5, True)
    states = study.store.states("d")
    assert all(s.memory.interval >= 1 for s in states.values())
    assert states["c1"].due == study.today() + timedelta(days=1)
    assert rows(study, "SELECT count(*) FROM reviews") == [(2,)]
    assert study.store.stored_states() == study.store.replayed_states()


def test_practice_is_logged_but_never_scheduled(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(4))
    session = study.start_practice("d", "t1")
    assert [i.card_id for i in session.queue] == ["c1", "c3"]
    study.answer(1, False)
    study.answer(5, True)
    assert session.finished  # no re-drill in practice
    assert all(s.is_new for s in study.store.states("d").values())
    assert rows(study, "SELECT kind FROM reviews") == [("practice",), ("practice",)]


def test_summary(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(4))
    study.start()
    # (seconds since the last answer, seconds the card was on screen): the rest of each
    # gap was spent reading the feedback, and 10 minutes away before the fourth answer.
    for (gap, shown), quality in zip(
        [(3, 3), (15, 10), (7, 2), (600, 2), (9, 4)], [5, 1, 5, 5, 5], strict=True
    ):
        clock.advance(seconds=gap)
        study.answer(quality, quality >= 3, seconds=shown)  # the last is c1 re-drilled
    summary = study.summary()
    assert (summary.answers, summary.cards, summary.correct_first_time) == (5, 4, 3)
    assert summary.accuracy == 0.75
    assert (summary.time.seconds, summary.time.pauses) == (3 + 15 + 7 + 9, 1)
    assert summary.due_tomorrow == 4
    assert {(t.topic, t.answered, t.correct) for t in summary.topics} == {
        ("t0", 2, 2), ("t1", 3, 2),
    }  # fmt: skip


def test_due_per_deck_and_topic(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(30), limits=Limits(new_per_day=20))
    study.sync()
    (deck,) = study.due()
    assert (deck.due, deck.new, deck.unseen) == (0, 20, 30)
    assert [(t.topic, t.new) for t in deck.topics] == [("t0", 10), ("t1", 10)]


def test_200_answers_leave_200_rows_and_cards_equal_to_a_rebuild(
    tmp_path: Path, clock: FakeClock
) -> None:
    rng = random.Random(7)
    study = open_study(tmp_path, clock, make_deck(40), make_deck(25, "e"))
    answered = 0
    while answered < 200:
        session = study.start()
        while not session.finished and answered < 200:
            study.answer(rng.randint(0, 5), True, seconds=rng.random() * 20)
            answered += 1
        clock.advance(days=rng.randint(1, 4), hours=rng.randint(0, 23))
    assert study.store.review_count() == 200
    assert rows(study, "SELECT count(*) FROM reviews") == [(200,)]
    assert study.store.stored_states() == study.store.replayed_states()


def test_long_random_session_with_undo_and_suspend_rebuilds_exactly(
    tmp_path: Path, clock: FakeClock
) -> None:
    rng = random.Random(11)
    study = open_study(tmp_path, clock, make_deck(30))
    for _ in range(25):
        session = study.start()
        for _ in range(rng.randint(5, 40)):
            item = session.current
            if item is None:
                break
            roll = rng.random()
            if roll < 0.1:
                study.undo()
            elif roll < 0.15:
                study.suspend(item.deck_id, item.card_id)
            elif roll < 0.18:
                study.unsuspend("d", f"c{rng.randrange(30)}")
            else:
                study.answer(rng.choice([0, 1, 2, 3, 4, 5, 5, 5]), True)
        clock.advance(days=rng.randint(0, 5), hours=rng.randint(0, 23))
    stored = study.store.stored_states()
    assert stored == study.store.replayed_states()
    assert any(not s.is_new for s in stored.values())
    study.store.rebuild_cards(clock())
    assert study.store.stored_states() == stored


def test_answer_is_on_disk_before_answer_returns(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(2))
    study.start()
    study.answer(4, True, given="flex", seconds=1.5)
    # a separate connection sees it at once: it was committed, not merely buffered
    assert rows(study, "SELECT card_id, quality, answer, seconds FROM reviews") == [
        ("c0", 4, '"flex"', 1.5)
    ]


def test_quality_out_of_range_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock)
    study.start()
    with pytest.raises(ValueError):
        study.answer(6, True)
    assert study.store.review_count() == 0


def test_undoing_the_answer_that_made_a_leech_brings_the_card_back(
    tmp_path: Path, clock: FakeClock
) -> None:
    study = open_study(tmp_path, clock, make_deck(1))
    study.start()
    study.answer(5, True)
    for _ in range(7):  # seven lapses, each followed by relearning
        clock.advance(days=1)
        session = study.start()
        study.answer(1, False)
        while not session.finished:
            study.answer(5, True)
        clock.advance(days=1)
        study.start()
        study.answer(5, True)
    clock.advance(days=1)
    session = study.start()
    assert study.answer(1, False).became_leech
    assert session.finished
    assert study.undo() is not None
    assert session.current is not None and session.current.card_id == "c0"
    state = study.store.state("d", "c0")
    assert (state.leech, state.suspended, state.lapses) == (False, False, 7)


def test_an_undone_day_does_not_count_for_the_streak(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(3))
    study.start()
    study.answer(5, True)
    assert study.streak() == 1
    study.undo()
    assert study.streak() == 0
    assert study.store.review_days() == []


def test_a_failed_undo_can_be_tried_again(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = open_study(tmp_path, clock, make_deck(2))
    study.start()
    study.answer(0, False)
    real_undo = study.store.undo

    def locked(review_id: int, now: datetime) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(study.store, "undo", locked)
    with pytest.raises(sqlite3.OperationalError):
        study.undo()
    monkeypatch.setattr(study.store, "undo", real_undo)
    assert study.undo() is not None
    assert study.store.stored_states() == study.store.replayed_states()


@pytest.mark.parametrize("bad", [True, 4.5, "5"])
def test_a_grade_must_be_a_whole_number(tmp_path: Path, clock: FakeClock, bad: object) -> None:
    study = open_study(tmp_path, clock)
    study.start()
    with pytest.raises(ValueError):
        study.answer(bad, True)  # type: ignore[arg-type]
    assert study.store.review_count() == 0


def test_each_logged_state_chains_to_the_next(tmp_path: Path, clock: FakeClock) -> None:
    """Independent of replay: every answer's 'before' is the previous answer's 'after',
    and the last 'after' is what the card holds now."""
    rng = random.Random(5)
    study = open_study(tmp_path, clock, make_deck(12))
    for _ in range(12):
        session = study.start()
        while not session.finished:
            study.answer(rng.randint(0, 5), True)
        clock.advance(days=rng.randint(1, 7))
    log = rows(study, "SELECT card_id, before, after FROM reviews ORDER BY id")
    last: dict[str, str] = {}
    for card_id, before, after in log:
        if card_id in last:
            assert before == last[card_id]
        last[card_id] = after
    for card_id, after in last.items():
        assert state_to_json(study.store.state("d", card_id)) == after


def test_the_repeated_hour_when_clocks_go_back_stays_on_one_day(tmp_path: Path) -> None:
    new_york = ZoneInfo("America/New_York")
    # 1 November 2026: 01:00-02:00 happens twice in New York.
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    clock = FakeClock(first)
    study = open_study(tmp_path, clock, make_deck(2))
    study = Study(study.store, study.decks, Limits(rollover_hour=4), clock, zone=new_york)
    study.start()
    study.answer(5, True)
    clock.advance(hours=1)  # 01:30 EST, the same wall-clock time again
    study.answer(5, True)
    assert study.today() == date(2026, 10, 31)
    assert {s.due for s in study.store.states("d").values()} == {date(2026, 11, 1)}


@pytest.mark.parametrize(
    ("zone", "local_day"),
    [("Pacific/Kiritimati", date(2026, 3, 3)), ("Pacific/Pago_Pago", date(2026, 3, 2))],
)
def test_due_days_are_local_days_far_from_utc(tmp_path: Path, zone: str, local_day: date) -> None:
    # 18:00 UTC on 2 March is 08:00 on 3 March at UTC+14 and 07:00 on 2 March at UTC-11.
    clock = FakeClock(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    study = open_study(tmp_path, clock, make_deck(1))
    study = Study(study.store, study.decks, Limits(), clock, zone=ZoneInfo(zone))
    assert study.today() == local_day
    study.start()
    study.answer(5, True)
    assert study.store.state("d", "c0").due == local_day + timedelta(days=1)


def test_i_was_right_schedules_as_a_4_would_have(tmp_path: Path, clock: FakeClock) -> None:
    overruled = open_study(tmp_path / "a", clock, make_deck(1))
    straight = open_study(tmp_path / "b", clock, make_deck(1))
    for study, grades in ((overruled, [5, 1]), (straight, [5, 4])):
        for grade in grades:
            study.start()
            study.answer(grade, grade >= 3)
            clock.advance(days=1)
        clock.advance(days=-len(grades))
    answered = overruled.overrule()
    assert answered.saved.after == straight.store.state("d", "c0")
    assert overruled.store.state("d", "c0") == straight.store.state("d", "c0")
    assert overruled.session is not None and overruled.session.finished  # no re-drill owed
    assert overruled.store.stored_states() == overruled.store.replayed_states()
    assert overruled.store.tallies_match_log()


def test_only_an_answer_marked_wrong_can_be_overruled(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(2))
    study.start()
    with pytest.raises(ValueError):
        study.overrule()
    study.answer(5, True)
    with pytest.raises(ValueError):
        study.overrule()


def test_random_sessions_with_overrules_and_undos_rebuild_exactly(
    tmp_path: Path, clock: FakeClock
) -> None:
    rng = random.Random(5)
    study = open_study(tmp_path, clock, make_deck(20))
    overrules = 0
    for _ in range(15):
        session = study.start()
        for _ in range(rng.randint(5, 30)):
            if session.current is None:
                break
            roll = rng.random()
            last = session.results[-1] if session.results else None
            if roll < 0.25 and last is not None and not last.correct:
                study.overrule()
                overrules += 1
            elif roll < 0.32:
                study.undo()
            else:
                grade = rng.choice([0, 1, 2, 4, 5])
                study.answer(grade, grade >= 3)
        clock.advance(days=rng.randint(0, 3), hours=rng.randint(0, 23))
    assert overrules > 5
    assert study.store.stored_states() == study.store.replayed_states()
    assert study.store.tallies_match_log()


def test_a_guess_left_owed_comes_back_labelled_as_a_guess(tmp_path: Path, clock: FakeClock) -> None:
    study = open_study(tmp_path, clock, make_deck(2))
    study.start()
    study.answer(3, True)  # right, but guessed
    study.answer(1, False)  # missed
    study.close()
    again = open_study(tmp_path, clock, make_deck(2))  # the session was quit
    owed = [(i.card_id, i.guessed) for i in again.start().queue if i.kind == "redrill"]
    assert owed == [("c0", True), ("c1", False)]


def test_cards_another_process_synced_from_a_newer_deck_are_not_studied_here(
    tmp_path: Path, clock: FakeClock
) -> None:
    here = open_study(tmp_path, clock, make_deck(3))
    here.sync()
    # An author added a card; `studytool due` in another terminal synced the new version.
    open_study(tmp_path, clock, make_deck(4)).sync()
    assert [i.card_id for i in here.start().queue] == ["c0", "c1", "c2"]
    assert sum(deck.new for deck in here.overview().decks) == 3
