"""Figures computed from card states and review days: pure, so tests can work them out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from studytool.core.schedule import ReviewKind


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive study days ending today, or yesterday when today is not done yet."""
    studied = set(days)
    day = today if today in studied else today - timedelta(days=1)
    count = 0
    while day in studied:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class DayTally:
    """How many answers of one kind a deck had on one study day, split by passed (3 or
    more) and by mature (its scheduler called the card mature when it was asked).
    The store keeps these counts as answers come in; undone answers are not counted."""

    day: date
    kind: ReviewKind
    passed: bool
    mature: bool
    answers: int


@dataclass(frozen=True)
class CardTally:
    """How often a card was asked, and missed (answered below 3)."""

    card_id: str
    asked: int
    missed: int


def answers_per_day(tallies: Iterable[DayTally]) -> dict[date, int]:
    """Answers of every kind per study day, for the calendar heatmap."""
    per_day: Counter[date] = Counter()
    for tally in tallies:
        per_day[tally.day] += tally.answers
    return {day: n for day, n in per_day.items() if n}


def longest_streak(days: Iterable[date]) -> int:
    """The longest run of consecutive study days ever."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def forecast(due_counts: Iterable[tuple[date, int]], today: date, days: int = 30) -> list[int]:
    """Cards falling due on each of the next ``days`` days; overdue ones count today.
    ``due_counts`` is (due day, scheduled cards due that day)."""
    counts = [0] * days
    for due, cards in due_counts:
        offset = max(0, (due - today).days)
        if offset < days:
            counts[offset] += cards
    return counts


@dataclass(frozen=True)
class Retention:
    young: int
    young_passed: int
    mature: int
    mature_passed: int

    @staticmethod
    def share(passed: int, total: int) -> float | None:
        return passed / total if total else None


def true_retention(tallies: Iterable[DayTally]) -> Retention:
    """Share of due reviews answered 3 or more, split by whether the card was mature then.
    New cards, re-drills and practice do not count: only what the schedule asked."""
    young = young_passed = mature = mature_passed = 0
    for tally in tallies:
        if tally.kind != "review":
            continue
        if tally.mature:
            mature += tally.answers
            mature_passed += tally.answers * tally.passed
        else:
            young += tally.answers
            young_passed += tally.answers * tally.passed
    return Retention(young, young_passed, mature, mature_passed)


@dataclass(frozen=True)
class TopicFigures:
    topic: str
    cards: int
    mastered: int
    unseen: int
    answered_30d: int
    right_30d: int


@dataclass(frozen=True)
class TopicCards:
    """A topic's scheduled cards: how many, mastered (mature, as their scheduler says) and
    never seen."""

    topic: str
    cards: int
    mastered: int
    unseen: int


@dataclass(frozen=True)
class TopicAnswers:
    """A topic's answers over some days, and how many were missed (below 3)."""

    topic: str
    asked: int
    missed: int


def topic_figures(
    cards: Iterable[TopicCards], recent: Iterable[TopicAnswers]
) -> dict[str, TopicFigures]:
    """Per topic with cards: its cards, and its answers over the last 30 days (``recent``)."""
    answered = {a.topic: a for a in recent}
    figures = {}
    for c in cards:
        a = answered.get(c.topic, TopicAnswers(c.topic, 0, 0))
        figures[c.topic] = TopicFigures(
            c.topic, c.cards, c.mastered, c.unseen, a.asked, a.asked - a.missed
        )
    return figures
