"""What a candidate will remember on exam day if they stop reviewing now, and what would
raise it.

Each card's chance of recall on the exam day comes from its FSRS-6 memory, worked out
from its own log whichever scheduler schedules it; a card never answered counts as not
known. From those chances: the expected recall per topic, and the expected score of a
mock exam as ``studytool exam`` draws one (questions in proportion to the topics, from
the cards that can be exam questions), with its spread: the standard deviation of the
score over the exams that could be drawn and answered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from studytool.core.exam import DEFAULT_QUESTIONS, allocate

ADVICE = 3
"""Topics named in "what would raise it"."""
WEEK = 7


@dataclass(frozen=True)
class CardRecall:
    card_id: str
    topic: str
    exam_question: bool
    """Whether the card's kind can be a mock-exam question."""
    recall: float
    """Its chance of recall on exam day, 0-1 (0 for a card never answered)."""
    seen: bool


@dataclass(frozen=True)
class TopicForecast:
    topic: str
    cards: int
    recall: float
    """The expected share of its cards recalled on exam day, 0-1."""
    below: int
    """Its cards whose recall on exam day is forecast below the target (unseen included)."""


@dataclass(frozen=True)
class Advice:
    """Study ``cards`` cards of ``topic`` (``unseen`` of them new): the expected mock-exam
    score could rise by up to ``gain`` points."""

    topic: str
    cards: int
    unseen: int
    gain: float


@dataclass(frozen=True)
class Forecast:
    exam_day: date
    days_left: int
    target: float
    topics: tuple[TopicForecast, ...]
    recall: float
    """The expected share of all the deck's cards recalled on exam day."""
    questions: int
    """How many questions the mock exam the score is for has (0: the deck has none)."""
    score: float
    """The expected mock-exam score in percent."""
    spread: float
    """Its standard deviation in percentage points."""
    advice: tuple[Advice, ...]

    @property
    def window(self) -> str:
        """When the advice is for: this week, or the days that are left."""
        return "this week" if self.days_left > WEEK else "before the exam"


def forecast(
    cards: Sequence[CardRecall],
    exam_day: date,
    today: date,
    target: float,
    questions: int = DEFAULT_QUESTIONS,
) -> Forecast:
    by_topic: dict[str, list[CardRecall]] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card)
    topics = tuple(
        TopicForecast(
            topic,
            len(held),
            sum(c.recall for c in held) / len(held),
            sum(c.recall < target for c in held),
        )
        for topic, held in by_topic.items()
    )
    exam_chances: dict[str, list[float]] = {}
    for card in cards:
        if card.exam_question:
            exam_chances.setdefault(card.topic, []).append(card.recall)
    counts = allocate({topic: len(c) for topic, c in exam_chances.items()}, questions)
    asked, score, spread = _exam_score(exam_chances, counts)
    return Forecast(
        exam_day=exam_day,
        days_left=(exam_day - today).days,
        target=target,
        topics=topics,
        recall=sum(c.recall for c in cards) / len(cards) if cards else 0.0,
        questions=asked,
        score=score,
        spread=spread,
        advice=_advice(by_topic, target, counts, asked),
    )


def _exam_score(
    exam_chances: dict[str, list[float]], counts: dict[str, int]
) -> tuple[int, float, float]:
    """(questions asked, expected score %, its standard deviation in points), from each
    topic's exam cards' chances of recall and the questions drawn from it.

    A topic's n questions are drawn without replacement from its N exam cards, whose
    chances of recall have mean p and variance v; the right answers in it then vary by
    n*p*(1-p) - n*(n-1)*v/(N-1) (drawn, then answered), and the topics independently."""
    asked = sum(counts.values())
    if not asked:
        return 0, 0.0, 0.0
    expected = variance = 0.0
    for topic, n in counts.items():
        chances = exam_chances[topic]
        mean = sum(chances) / len(chances)
        spread = sum((p - mean) ** 2 for p in chances) / len(chances)
        expected += n * mean
        variance += n * mean * (1 - mean)
        if len(chances) > 1:
            variance -= n * (n - 1) * spread / (len(chances) - 1)
    return asked, 100 * expected / asked, 100 * math.sqrt(max(0.0, variance)) / asked


def _advice(
    by_topic: dict[str, list[CardRecall]], target: float, counts: dict[str, int], asked: int
) -> tuple[Advice, ...]:
    """The topics where bringing every card below the target up to it would raise the
    expected score most (then those with the most such cards)."""
    found = []
    for topic, held in by_topic.items():
        weak = [c for c in held if c.recall < target]
        if not weak:
            continue
        exam_cards = sum(c.exam_question for c in held)
        per_card = counts.get(topic, 0) / exam_cards if exam_cards else 0.0
        gain = sum(target - c.recall for c in weak if c.exam_question) * per_card
        unseen = sum(not c.seen for c in weak)
        found.append(Advice(topic, len(weak), unseen, 100 * gain / asked if asked else 0.0))
    found.sort(key=lambda a: (-round(a.gain, 6), -a.cards, a.topic))
    return tuple(found[:ADVICE])
