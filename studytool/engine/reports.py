"""What the session engine reports beyond the review itself: what is due (home and
`studytool due`), a session's summary, a deck's statistics, mock exams and the exam-date
plan in words. Apart from ``study.py`` so that a start straight into the review imports
none of it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from studytool.core.cards import ChoiceCard
from studytool.core.exam import ExamResult, Plan
from studytool.core.text import count, shorten

if TYPE_CHECKING:
    from studytool.core.forecast import Forecast
    from studytool.core.queue import Progress
    from studytool.core.stats import Retention, TopicFigures
    from studytool.core.timing import Pace, StudyTime


@dataclass(frozen=True)
class TopicDue:
    topic: str
    name: str
    due: int
    new: int


@dataclass(frozen=True)
class DeckDue:
    deck_id: str
    title: str
    due: int
    """Reviews due today, within today's remaining review limit."""
    new: int
    """New cards for today, within today's remaining new-card limit."""
    redrill: int
    """Cards missed today that come back in the review until they are answered well."""
    unseen: int
    suspended: int
    topics: tuple[TopicDue, ...]


@dataclass(frozen=True)
class Overview:
    """Today on home: what the review Enter starts (or resumes) holds, and how long it
    should take."""

    decks: list[DeckDue]
    in_progress: Progress | None
    """The review under way today, if one was left before its end."""
    pace: Pace

    @property
    def cards(self) -> int:
        return sum(d.due + d.new + d.redrill for d in self.decks)

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded up: an estimate, at the candidate's pace."""
        return math.ceil(self.cards * self.pace.seconds_per_card / 60)


@dataclass(frozen=True)
class TopicSummary:
    topic: str
    name: str
    answered: int
    correct: int


@dataclass(frozen=True)
class Summary:
    answers: int
    cards: int
    correct_first_time: int
    time: StudyTime
    topics: tuple[TopicSummary, ...]
    due_tomorrow: int

    @property
    def accuracy(self) -> float:
        return self.correct_first_time / self.cards if self.cards else 0.0


@dataclass(frozen=True)
class HardCard:
    card_id: str
    question: str | None
    """What the card asks; None for a card no longer in the deck (its history stays)."""
    missed: int
    asked: int


@dataclass(frozen=True)
class DeckStats:
    """Everything the stats screen and `studytool stats --json` show for one deck."""

    deck_id: str
    title: str
    today: date
    per_day: dict[date, int]
    streak: int
    longest_streak: int
    forecast: list[int]
    retention: Retention
    topics: list[tuple[str, TopicFigures]]
    """(display name, figures) in the deck's topic order."""
    hardest: list[HardCard]
    leeches: list[str]
    exam: Forecast | None = None
    """What would be recalled on the exam day (None without an exam date ahead)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Each topic's display name by its id."""


def forecast_lines(f: Forecast, names: Mapping[str, str], topics: bool = True) -> list[str]:
    """The exam-day forecast in words, for home, the stats screen and `studytool stats`:
    short lines that fit home at 60 columns. ``topics``: each topic's recall too."""
    lines = [f"Forecast for {f.exam_day.isoformat()} if you stopped now:"]
    if f.questions:
        lines.append(
            f"  mock exam {f.score:.0f}% ± {f.spread:.0f} ({count(f.questions, 'question')})"
        )
    lines.append(f"  recall {f.recall:.0%} of {count(sum(t.cards for t in f.topics), 'card')}")
    if topics:
        lines += [f"    {shorten(names.get(t.topic, t.topic), 30):<30} {t.recall:4.0%}"
                  for t in f.topics]  # fmt: skip
    if f.advice:
        lines.append(f"  to raise it, study {f.window}:")
    for advice in f.advice:
        topic = shorten(names.get(advice.topic, advice.topic), 18)
        if advice.unseen == advice.cards:
            what = count(advice.cards, "new card")
        else:
            what = count(advice.cards, "card") + (f", {advice.unseen} new" if advice.unseen else "")
        gain = f" (up to +{advice.gain:.0f} points)" if advice.gain >= 0.5 else ""
        lines.append(f"    {topic}: {what}{gain}")
    return lines


def plan_lines(exam_day: date, plans: list[tuple[str, Plan]]) -> list[str]:
    """The exam countdown and plan in words, for home and `studytool exam-date`: short
    lines, each deck's title on its own, so they fit home at 60 columns."""
    if not plans:
        return []
    days = plans[0][1].days_left
    if days < 0:
        return [f"Exam date {exam_day.isoformat()} has passed:",
                "  set the next one with studytool exam-date."]  # fmt: skip
    lines = [f"Exam in {count(days, 'day')} ({exam_day.isoformat()})."]
    for title, p in plans:
        lines.append(f"  {title}")
        lines += [f"    {line}" for line in _verdict(p)]
    return lines


def _verdict(p: Plan) -> list[str]:
    if p.unseen == 0:
        return [f"every card seen; {p.unmastered} not yet mastered."]
    if p.fits:
        return [f"on track: {count(p.unseen, 'new card')} to learn at {p.needed_per_day} a day."]
    if p.days_left <= p.runway:
        return [f"{count(p.unseen, 'card')} unseen, too little time to master:",
                "a topic quiz or mock exam each day helps most."]  # fmt: skip
    return [f"behind: {count(p.unseen, 'new card')} to learn at {p.needed_per_day} a day,",
            f"over new_per_day = {p.new_per_day}: raise it in config.toml."]  # fmt: skip


@dataclass
class ExamQuestion:
    card: ChoiceCard
    answer: int | frozenset[int] | None = None
    """Index of the chosen option (mcq) or the chosen indexes (multi); None unanswered."""
    flagged: bool = False

    @property
    def right(self) -> bool:
        """Marked as the review marks it: a select-all question counts only when every
        option is right."""
        return self.answer is not None and self.card.mark(self.answer).correct


@dataclass
class Exam:
    deck_id: str
    topic: str | None
    questions: list[ExamQuestion]
    minutes: int
    pass_mark: int
    name: str
    """Tells this sitting from the others: the order each question's options are shown in
    follows it, so a candidate who sits the exam again cannot answer by position."""
    result: ExamResult | None = None

    @property
    def answered(self) -> int:
        return sum(q.answer is not None for q in self.questions)
