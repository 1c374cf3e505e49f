"""Mock exams: which questions to ask, and the score, like the certification exams do it.

Only the card kinds that say they are exam questions (multiple choice and select-all) are
asked, drawn across topics in proportion to the deck (largest remainder), in random order.
A select-all question counts only when every option is right, as on the real exams.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from studytool.core.schedulers import GOOD, Scheduler

DEFAULT_QUESTIONS = 20
SECONDS_PER_QUESTION = 60
"""NASM-CPT gives 120 minutes for 120 scored questions: about a minute each."""
DEFAULT_PASS = 70


def allocate(available: dict[str, int], questions: int) -> dict[str, int]:
    """Questions per topic in proportion to the topic's share, never more than it has."""
    total = sum(available.values())
    questions = min(questions, total)
    if not questions:
        return {topic: 0 for topic in available}
    exact = {topic: questions * count / total for topic, count in available.items()}
    counts = {topic: math.floor(share) for topic, share in exact.items()}
    by_remainder = sorted(exact, key=lambda t: (counts[t] - exact[t], t))
    for topic in by_remainder:
        if sum(counts.values()) >= questions:
            break
        if counts[topic] < available[topic]:
            counts[topic] += 1
    return counts


def draw(cards: Sequence[tuple[str, str]], questions: int, rng: random.Random) -> list[str]:
    """Card ids for an exam from (card id, topic) pairs of exam-question cards."""
    by_topic: dict[str, list[str]] = {}
    for card_id, topic in cards:
        by_topic.setdefault(topic, []).append(card_id)
    counts = allocate({t: len(ids) for t, ids in by_topic.items()}, questions)
    chosen = [card for topic, ids in by_topic.items() for card in rng.sample(ids, counts[topic])]
    rng.shuffle(chosen)
    return chosen


@dataclass(frozen=True)
class ExamResult:
    questions: int
    correct: int
    pass_mark: int
    per_topic: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Topic -> (right, asked)."""

    @property
    def score(self) -> float:
        """Percent right, 0-100."""
        return 100 * self.correct / self.questions if self.questions else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


def score(answers: Sequence[tuple[str, bool]], pass_mark: int) -> ExamResult:
    """Score (topic, right) pairs, one per question; unanswered questions are not right."""
    asked: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for topic, correct in answers:
        asked[topic] += 1
        right[topic] += correct
    return ExamResult(
        questions=len(answers),
        correct=sum(right.values()),
        pass_mark=pass_mark,
        per_topic={topic: (right[topic], asked[topic]) for topic in asked},
    )


@dataclass(frozen=True)
class Plan:
    """Whether the cards not yet mastered fit before an exam at the current new-card limit."""

    days_left: int
    unmastered: int
    unseen: int
    needed_per_day: int
    """New cards a day needed to have seen every card in time to master it (0: none left)."""
    fits: bool
    runway: int
    """Days a card needs from its first answer to mastery (``mastery_runway``)."""
    new_per_day: int
    """The new-card setting the plan was judged against."""


MAX_RUNWAY_REVIEWS = 100
MAX_RUNWAY = timedelta(days=3650)
"""A scheduler that has not called a card mature after this many good answers, or this
long, never will."""


def mastery_runway(scheduler: Scheduler[Any]) -> int:
    """Days from a card's first answer to the answer after which ``scheduler`` calls it
    mature, answered "good" each time it is due (for SM-2: 1 + 6 + 15 = 22)."""
    first = date(2000, 1, 1)  # any day: only the distance counts
    memory, day = scheduler.new(), first
    for _ in range(MAX_RUNWAY_REVIEWS):
        memory, due = scheduler.review(memory, GOOD, day)
        if scheduler.mature(memory):
            return (day - first).days
        if due - first > MAX_RUNWAY:
            break
        day = due
    raise ValueError(f"the {scheduler.name} scheduler never calls a well-known card mature")


def plan(
    exam_day: date, today: date, unseen: int, unmastered: int, new_per_day: int, runway: int
) -> Plan:
    days_left = (exam_day - today).days
    learning_days = days_left - runway
    if unseen == 0:
        needed = 0
    elif learning_days <= 0:
        needed = unseen  # every unseen card today, and even then no time to master it
    else:
        needed = math.ceil(unseen / learning_days)
    fits = days_left >= 0 and (unseen == 0 or (learning_days > 0 and needed <= new_per_day))
    return Plan(days_left, unmastered, unseen, needed, fits, runway, new_per_day)
