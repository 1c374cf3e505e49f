from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from studytool.core.schedule import NEW_CARD
from studytool.core.sm2 import SM2State
from studytool.core.stats import mastery, streak

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
