"""A class's figures, card by card and topic by topic, from every learner's log: how
often a card was answered, how many learners got it right the first time, how often it
was forgotten once learned, and the chance a learner recalls it on a given day."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from studytool.core.schedule import LoggedEvent, LoggedReview, in_log_order, memory_after, replay
from studytool.core.schedulers import FSRS


@dataclass(frozen=True)
class LearnerLog:
    """One learner's log of one card."""

    learner: str
    reviews: list[LoggedReview]
    events: list[LoggedEvent]
    right: frozenset[int]
    """The ids of the reviews answered right."""

    def answers(self) -> list[LoggedReview]:
        """The answers that stand (not undone), in log order."""
        undone = {event.review_id for event in self.events if event.kind == "undo"}
        return [
            row
            for row in in_log_order(self.reviews, self.events)
            if isinstance(row, LoggedReview) and row.id not in undone
        ]


@dataclass(frozen=True)
class CardFigures:
    deck_id: str
    card_id: str
    topic: str
    learners: int
    """Learners who answered it."""
    attempts: int
    first_right: int
    """Learners whose first answer was right."""
    lapses: int
    """Times a learner forgot it after learning it (as SM-2 counts lapses)."""
    recall: float | None
    """The learners' mean chance of recalling it on the day asked (FSRS-6), None when no
    one has answered it yet."""

    @property
    def first_try(self) -> float:
        return self.first_right / self.learners if self.learners else 0.0


@dataclass(frozen=True)
class TopicFigures:
    deck_id: str
    topic: str
    cards: int
    """Cards of the topic someone answered."""
    attempts: int
    first_tries: int
    """(Learner, card) pairs answered at least once."""
    first_right: int
    lapses: int
    recall: float | None

    @property
    def first_try(self) -> float:
        return self.first_right / self.first_tries if self.first_tries else 0.0


def card_figures(
    deck_id: str, card_id: str, topic: str, logs: Sequence[LearnerLog], day: date
) -> CardFigures:
    model = FSRS()
    answered = [(log, answers) for log in logs if (answers := log.answers())]
    chances = [
        model.recall(memory_after(log.reviews, log.events, model), day) for log, _ in answered
    ]
    return CardFigures(
        deck_id,
        card_id,
        topic,
        learners=len(answered),
        attempts=sum(len(answers) for _, answers in answered),
        first_right=sum(answers[0].id in log.right for log, answers in answered),
        # Lapses as SM-2, the default scheduler, counts them (as Anki does).
        lapses=sum(replay(log.reviews, log.events).lapses for log, _ in answered),
        recall=sum(chances) / len(chances) if chances else None,
    )


def topic_figures(
    cards: Iterable[CardFigures], order: Sequence[tuple[str, str]] = ()
) -> list[TopicFigures]:
    """Each topic's figures, in ``order`` (the decks' (deck, topic) pairs), then any
    others by name."""
    grouped: dict[tuple[str, str], list[CardFigures]] = {}
    for card in cards:
        if card.learners:
            grouped.setdefault((card.deck_id, card.topic), []).append(card)
    ranked = {key: place for place, key in enumerate(order)}
    found = []
    for deck_id, topic in sorted(grouped, key=lambda key: (ranked.get(key, len(ranked)), key)):
        members = grouped[(deck_id, topic)]
        weighted = [(card.recall, card.learners) for card in members if card.recall is not None]
        learners = sum(weight for _, weight in weighted)
        found.append(
            TopicFigures(
                deck_id,
                topic,
                cards=len(members),
                attempts=sum(card.attempts for card in members),
                first_tries=sum(card.learners for card in members),
                first_right=sum(card.first_right for card in members),
                lapses=sum(card.lapses for card in members),
                recall=sum(r * w for r, w in weighted) / learners if learners else None,
            )
        )
    return found


def hardest(cards: Iterable[CardFigures], limit: int = 10) -> list[CardFigures]:
    """The cards the class finds hardest: the fewest right at the first try, then the
    most lapses per learner, then the lowest recall; only cards someone answered. The
    share right is counted as if one more learner had been right and one wrong (Laplace's
    rule), so that three learners all wrong weigh more than one."""
    return sorted(
        (card for card in cards if card.learners),
        key=lambda card: ((card.first_right + 1) / (card.learners + 2),
                          -card.lapses / card.learners, card.recall or 0.0, card.card_id),
    )[:limit]  # fmt: skip
