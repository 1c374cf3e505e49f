"""Figures computed from card states and review days: pure, so tests can work them out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from studytool.core.schedule import CardState, ReviewKind
from studytool.core.sm2 import PASSING

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


@dataclass(frozen=True)
class LoggedAnswer:
    """One answer of the review log, as the statistics need it (undone ones left out)."""

    day: date
    deck_id: str
    card_id: str
    kind: ReviewKind
    quality: int
    interval_before: int
    """The card's interval when it was asked: young below MATURE_DAYS, mature from there."""


def answers_per_day(answers: Iterable[LoggedAnswer]) -> dict[date, int]:
    """Answers of every kind per study day, for the calendar heatmap."""
    return dict(Counter(answer.day for answer in answers))


def longest_streak(days: Iterable[date]) -> int:
    """The longest run of consecutive study days ever."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def forecast(states: Iterable[CardState], today: date, days: int = 30) -> list[int]:
    """Cards falling due on each of the next ``days`` days; overdue ones count today."""
    counts = [0] * days
    for state in states:
        if state.due is None or state.suspended:
            continue
        offset = max(0, (state.due - today).days)
        if offset < days:
            counts[offset] += 1
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


def true_retention(answers: Iterable[LoggedAnswer]) -> Retention:
    """Share of due reviews answered 3 or more, split by the card's interval at the time.
    New cards, re-drills and practice do not count: only what the schedule asked."""
    young = young_passed = mature = mature_passed = 0
    for answer in answers:
        if answer.kind != "review":
            continue
        passed = answer.quality >= PASSING
        if answer.interval_before >= MATURE_DAYS:
            mature += 1
            mature_passed += passed
        else:
            young += 1
            young_passed += passed
    return Retention(young, young_passed, mature, mature_passed)


@dataclass(frozen=True)
class TopicFigures:
    topic: str
    cards: int
    mastered: int
    unseen: int
    answered_30d: int
    right_30d: int


def topic_figures(
    cards: Iterable[tuple[str, str, CardState]],
    answers: Iterable[LoggedAnswer],
    today: date,
) -> dict[str, TopicFigures]:
    """Per topic: cards, mastered (interval >= MATURE_DAYS), never seen, and the share of
    answers right (3 or more) over the last 30 days. ``cards`` is (card id, topic, state)."""
    topic_of: dict[str, str] = {}
    totals: dict[str, list[int]] = {}
    for card_id, topic, state in cards:
        topic_of[card_id] = topic
        figures = totals.setdefault(topic, [0, 0, 0, 0, 0])
        figures[0] += 1
        figures[1] += state.sm2.interval >= MATURE_DAYS
        figures[2] += state.is_new
    since = today - timedelta(days=30)
    for answer in answers:
        answered_topic = topic_of.get(answer.card_id)
        if answered_topic is None or answer.day <= since:
            continue
        totals[answered_topic][3] += 1
        totals[answered_topic][4] += answer.quality >= PASSING
    return {topic: TopicFigures(topic, *figures) for topic, figures in totals.items()}


def hardest(answers: Iterable[LoggedAnswer], limit: int = 5) -> list[tuple[str, int, int]]:
    """The cards most often answered wrong: (card id, wrong answers, answers), worst first."""
    asked: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for answer in answers:
        asked[answer.card_id] += 1
        wrong[answer.card_id] += answer.quality < PASSING
    ranked = sorted((c for c in asked if wrong[c]), key=lambda c: (-wrong[c], -asked[c], c))
    return [(card, wrong[card], asked[card]) for card in ranked[:limit]]
