from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from studytool.core.schedule import NEW_CARD, CardState
from studytool.core.sm2 import SM2State
from studytool.core.stats import (
    LoggedAnswer,
    Retention,
    TopicFigures,
    answers_per_day,
    forecast,
    hardest,
    longest_streak,
    mastery,
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


def test_mastery_is_the_share_at_21_days_or_more() -> None:
    def at(interval: int):
        return replace(NEW_CARD, sm2=SM2State(3, NEW_CARD.sm2.easiness, interval))

    assert mastery([at(21), at(20), at(50), NEW_CARD]) == 0.5
    assert mastery([]) == 0.0


def answer(day: int, kind: str = "review", quality: int = 5, interval: int = 1,
           card: str = "c") -> LoggedAnswer:  # fmt: skip
    return LoggedAnswer(TODAY - timedelta(days=day), "d", card, kind, quality, interval)  # type: ignore[arg-type]


def test_answers_per_day_and_longest_streak() -> None:
    log = [answer(0), answer(0, "new"), answer(1), answer(5), answer(6), answer(7), answer(8)]
    per_day = answers_per_day(log)
    assert per_day[TODAY] == 2 and per_day[TODAY - timedelta(days=5)] == 1
    # days 5,6,7,8 back are four in a row; today and yesterday two
    assert longest_streak(per_day) == 4
    assert longest_streak([]) == 0


def test_forecast_counts_overdue_today_and_skips_suspended_and_new() -> None:
    def due_in(days: int, **kw: object):
        return replace(NEW_CARD, due=TODAY + timedelta(days=days), **kw)

    states = [due_in(-3), due_in(0), due_in(1), due_in(1), due_in(29), due_in(30),
              due_in(2, suspended=True), NEW_CARD]  # fmt: skip
    counts = forecast(states, TODAY)
    assert len(counts) == 30
    assert (counts[0], counts[1], counts[2], counts[29]) == (2, 2, 0, 1)
    assert sum(counts) == 5


def test_true_retention_counts_only_due_reviews_split_young_and_mature() -> None:
    log = [
        answer(0, quality=5, interval=1), answer(0, quality=2, interval=6),  # young: 1 of 2
        answer(0, quality=3, interval=21), answer(0, quality=4, interval=50),  # mature: 2 of 3
        answer(0, quality=0, interval=30),
        answer(0, "new", quality=0), answer(0, "redrill", quality=0),
        answer(0, "practice", quality=0),
    ]  # fmt: skip
    retention = true_retention(log)
    assert (retention.young, retention.young_passed) == (2, 1)
    assert (retention.mature, retention.mature_passed) == (3, 2)
    assert Retention.share(2, 3) == 2 / 3 and Retention.share(0, 0) is None


def test_topic_figures_worked_out_by_hand() -> None:
    def card(interval: int) -> CardState:
        return replace(NEW_CARD, sm2=SM2State(2, NEW_CARD.sm2.easiness, interval),
                       due=TODAY)  # fmt: skip

    cards = [("a", "t1", card(30)), ("b", "t1", card(3)), ("c", "t1", NEW_CARD),
             ("d", "t2", card(21))]  # fmt: skip
    log = [
        answer(1, card="a", quality=5), answer(2, card="b", quality=1),
        answer(29, card="b", quality=4), answer(30, card="a", quality=0),  # 30 days ago: out
        answer(3, card="d", quality=3),
    ]  # fmt: skip
    figures = topic_figures(cards, log, TODAY)
    assert figures["t1"] == TopicFigures("t1", cards=3, mastered=1, unseen=1,
                                         answered_30d=3, right_30d=2)  # fmt: skip
    assert figures["t2"] == TopicFigures("t2", 1, 1, 0, 1, 1)


def test_hardest_cards_rank_by_wrong_answers() -> None:
    log = [answer(0, card="x", quality=1), answer(1, card="x", quality=2),
           answer(0, card="y", quality=0), answer(0, card="y", quality=5),
           answer(0, card="y", quality=5), answer(0, card="z", quality=5)]  # fmt: skip
    assert hardest(log) == [("x", 2, 2), ("y", 1, 3)]
