from __future__ import annotations

from datetime import date, timedelta

from studytool.core.stats import (
    DayTally,
    Retention,
    TopicAnswers,
    TopicCards,
    TopicFigures,
    answers_per_day,
    forecast,
    longest_streak,
    streak,
    topic_figures,
    true_retention,
)

TODAY = date(2026, 3, 10)


def days_back(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


def test_streak_counts_back_from_today_or_yesterday() -> None:
    assert streak(days_back(0, 1, 2, 4), TODAY) == 3
    assert streak(days_back(1, 2), TODAY) == 2  # today not studied yet: still alive
    assert streak(days_back(2, 3), TODAY) == 0
    assert streak([], TODAY) == 0


def answer(day: int, kind: str = "review", quality: int = 5,
           mature: bool = False) -> DayTally:  # fmt: skip
    """One answer, counted as the store counts it."""
    return DayTally(TODAY - timedelta(days=day), kind, quality >= 3,  # type: ignore[arg-type]
                    mature, 1)  # fmt: skip


def test_answers_per_day_and_longest_streak() -> None:
    log = [answer(0), answer(0, "new"), answer(1), answer(5), answer(6), answer(7), answer(8)]
    # a day whose only answers were undone counts nothing
    log.append(DayTally(TODAY - timedelta(days=3), "review", True, False, 0))
    per_day = answers_per_day(log)
    assert per_day[TODAY] == 2 and per_day[TODAY - timedelta(days=5)] == 1
    assert TODAY - timedelta(days=3) not in per_day
    # days 5,6,7,8 back are four in a row; today and yesterday two
    assert longest_streak(per_day) == 4
    assert longest_streak([]) == 0


def test_forecast_counts_overdue_today_and_stops_at_its_horizon() -> None:
    def due_in(days: int, cards: int = 1) -> tuple[date, int]:
        return TODAY + timedelta(days=days), cards

    counts = forecast([due_in(-3), due_in(0), due_in(1, 2), due_in(29), due_in(30)], TODAY)
    assert len(counts) == 30
    assert (counts[0], counts[1], counts[2], counts[29]) == (2, 2, 0, 1)
    assert sum(counts) == 5


def test_true_retention_counts_only_due_reviews_split_young_and_mature() -> None:
    log = [
        answer(0, quality=5), answer(0, quality=2),  # young: 1 of 2
        answer(0, quality=3, mature=True), answer(0, quality=4, mature=True),  # mature: 2 of 3
        answer(0, quality=0, mature=True),
        answer(0, "new", quality=0), answer(0, "redrill", quality=0),
        answer(0, "practice", quality=0),
    ]  # fmt: skip
    retention = true_retention(log)
    assert (retention.young, retention.young_passed) == (2, 1)
    assert (retention.mature, retention.mature_passed) == (3, 2)
    # tallies of several answers weigh as many
    assert true_retention([DayTally(TODAY, "review", True, True, 7)]).mature_passed == 7
    assert Retention.share(2, 3) == 2 / 3 and Retention.share(0, 0) is None


def test_topic_figures_join_cards_and_recent_answers_by_topic() -> None:
    cards = [TopicCards("t1", cards=3, mastered=1, unseen=1), TopicCards("t2", 1, 1, 0)]
    # answers in a topic no longer in the deck ("gone") are left out
    recent = [TopicAnswers("t1", asked=3, missed=1), TopicAnswers("gone", 4, 4)]
    figures = topic_figures(cards, recent)
    assert figures == {
        "t1": TopicFigures("t1", cards=3, mastered=1, unseen=1, answered_30d=3, right_30d=2),
        "t2": TopicFigures("t2", 1, 1, 0, answered_30d=0, right_30d=0),
    }
