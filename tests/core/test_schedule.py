"""Card state transitions and the replay doctor rebuilds from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from studytool.core.schedule import (
    LoggedEvent,
    LoggedReview,
    apply_review,
    in_log_order,
    new_card,
    replay,
    study_day,
)

DAY = date(2026, 3, 2)


def test_study_day_rolls_over_at_the_hour() -> None:
    tz = timezone(timedelta(hours=-5))
    assert study_day(datetime(2026, 3, 3, 3, 59, tzinfo=tz), 4) == date(2026, 3, 2)
    assert study_day(datetime(2026, 3, 3, 4, 0, tzinfo=tz), 4) == date(2026, 3, 3)
    assert study_day(datetime(2026, 3, 3, 0, 0, tzinfo=UTC), 0) == date(2026, 3, 3)
    with pytest.raises(ValueError):
        study_day(datetime(2026, 3, 3), 4)


def test_first_review_sets_due_and_lapses_count_only_on_reviews() -> None:
    learned = apply_review(new_card(), "new", 5, DAY)
    assert learned.due == DAY + timedelta(days=1)
    failed_new = apply_review(new_card(), "new", 1, DAY)
    assert failed_new.lapses == 0
    lapsed = apply_review(learned, "review", 1, DAY)
    assert (lapsed.lapses, lapsed.memory.repetitions) == (1, 0)


def test_redrill_and_practice_leave_state_alone() -> None:
    learned = apply_review(new_card(), "new", 5, DAY)
    assert apply_review(learned, "redrill", 0, DAY) == learned
    assert apply_review(learned, "practice", 5, DAY) == learned


def test_replay_skips_undone_reviews_and_orders_events_by_review() -> None:
    reviews = [
        LoggedReview(1, "new", 5, DAY),
        LoggedReview(2, "review", 0, DAY + timedelta(days=1)),
        LoggedReview(3, "review", 5, DAY + timedelta(days=1)),
    ]
    events = [
        LoggedEvent(1, "undo", after_review=2, review_id=2),
        LoggedEvent(2, "suspend", after_review=3),
    ]
    state = replay(reviews, events)
    expected = apply_review(
        apply_review(new_card(), "new", 5, DAY), "review", 5, DAY + timedelta(days=1)
    )
    assert state.memory == expected.memory and state.lapses == 0
    assert state.suspended
    # a suspend before review 3 is undone by nothing; an unsuspend after it releases it
    events.append(LoggedEvent(3, "unsuspend", after_review=3))
    assert not replay(reviews, events).suspended


def test_failing_a_card_never_learned_is_not_a_lapse() -> None:
    state = apply_review(new_card(), "new", 1, DAY)
    for _ in range(10):
        state = apply_review(state, "review", 1, DAY)
    assert (state.lapses, state.leech, state.suspended) == (0, False, False)


def test_two_devices_logs_interleave_by_time_each_keeping_its_own_order() -> None:
    def at(minute: int) -> str:
        return f"2026-03-02T12:{minute:02d}:00.000000+00:00"

    # The laptop's clock ran behind: its second answer reads earlier than its first.
    laptop = [LoggedReview(1, "new", 5, DAY, at(10), "a-laptop"),
              LoggedReview(7, "review", 2, DAY, at(5), "a-laptop", seq=2)]  # fmt: skip
    desktop = [LoggedReview(4, "review", 4, DAY, at(8), "b-desktop", seq=1)]
    suspend = LoggedEvent(9, "suspend", after_review=1, at=at(11), origin="a-laptop", seq=1)
    ordered = list(in_log_order([*desktop, *laptop], [suspend]))
    # The laptop's own order stands (1, the suspend, then its second); the desktop's
    # answer at :08 comes before the laptop's first at :10, whatever the devices' names.
    assert [(row.origin, row.id) for row in ordered] == [
        ("b-desktop", 4), ("a-laptop", 1), ("a-laptop", 9), ("a-laptop", 7)]  # fmt: skip
    # Whichever device holds the rows, and whatever its local ids, the order is the same.
    renumbered = [LoggedReview(2, "new", 5, DAY, at(10), "a-laptop", seq=1),
                  LoggedReview(3, "review", 2, DAY, at(5), "a-laptop", seq=2),
                  LoggedReview(1, "review", 4, DAY, at(8), "b-desktop")]  # fmt: skip
    moved = LoggedEvent(1, "suspend", after_review=1, at=at(11), origin="a-laptop", seq=1)
    assert replay(renumbered, [moved]) == replay([*desktop, *laptop], [suspend])
    rows = in_log_order(renumbered, [moved])
    qualities = [row.quality for row in rows if isinstance(row, LoggedReview)]
    assert qualities == [4, 5, 2]
