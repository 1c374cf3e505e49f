"""Figures computed from card states and review days: pure, so tests can work them out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from studytool.core.schedule import CardState

MATURE_DAYS = 21
"""A card whose interval reached this many days counts as mastered (Anki calls it mature)."""


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive study days ending today, or yesterday when today is not done yet."""
    studied = set(days)
    day = today if today in studied else today - timedelta(days=1)
    count = 0
    while day in studied:
        count += 1
        day -= timedelta(days=1)
    return count


def mastery(states: Sequence[CardState]) -> float:
    """Share of cards whose interval has reached MATURE_DAYS."""
    if not states:
        return 0.0
    return sum(s.sm2.interval >= MATURE_DAYS for s in states) / len(states)
