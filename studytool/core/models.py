"""The deck and its cards, as loaded from a deck file.

Every model is a frozen dataclass: a loaded deck is a value that nothing downstream can
change by accident, and equal decks compare equal. Slotted, because a large collection
holds a hundred thousand cards and each saves its instance dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CardType = Literal["basic", "mcq", "multi", "typed", "cloze", "order"]
CARD_TYPES: tuple[CardType, ...] = ("basic", "mcq", "multi", "typed", "cloze", "order")


@dataclass(frozen=True, kw_only=True, slots=True)
class Card:
    """What every card has. ``id`` is stable: progress is keyed on (deck id, card id)."""

    id: str
    topic: str
    source: str | None = None
    """The source section the card cites; lint warns when a card has none."""
    explanation: str | None = None
    hint: str | None = None
    line: int = 0
    """Line of the card in its deck file, so later tools can point back at it."""
    column: int = 0
    """Column where the card starts on that line, for messages in editor format."""

    @property
    def type(self) -> CardType:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True, slots=True)
class BasicCard(Card):
    front: str
    back: str

    @property
    def type(self) -> CardType:
        return "basic"


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    text: str
    correct: bool = False
    why: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class McqCard(Card):
    question: str
    options: tuple[Option, ...]

    @property
    def type(self) -> CardType:
        return "mcq"

    @property
    def answer(self) -> Option:
        return next(option for option in self.options if option.correct)


@dataclass(frozen=True, kw_only=True, slots=True)
class MultiCard(Card):
    question: str
    options: tuple[Option, ...]

    @property
    def type(self) -> CardType:
        return "multi"


@dataclass(frozen=True, kw_only=True, slots=True)
class TypedCard(Card):
    question: str
    answer: str
    accept: tuple[str, ...] = ()

    @property
    def type(self) -> CardType:
        return "typed"


@dataclass(frozen=True, slots=True)
class Blank:
    """A gap in a cloze text; ``answers[0]`` is the one shown as the answer."""

    answers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ClozeCard(Card):
    text: str
    parts: tuple[str | Blank, ...]
    """The text split into literal runs and blanks, in reading order."""

    @property
    def type(self) -> CardType:
        return "cloze"

    @property
    def blanks(self) -> tuple[Blank, ...]:
        return tuple(part for part in self.parts if isinstance(part, Blank))


@dataclass(frozen=True, kw_only=True, slots=True)
class OrderCard(Card):
    question: str
    steps: tuple[str, ...]
    """In their correct order."""

    @property
    def type(self) -> CardType:
        return "order"


AnyCard = BasicCard | McqCard | MultiCard | TypedCard | ClozeCard | OrderCard


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    title: str
    author: str | None = None
    published: str | None = None
    url: str | None = None
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Deck:
    id: str
    title: str
    version: int
    source: Source
    topics: tuple[Topic, ...]
    cards: tuple[AnyCard, ...]
    description: str | None = None
    path: str | None = None
    """Where the deck was read from, for messages; None for a deck built in memory."""

    def topic_name(self, topic_id: str) -> str:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic.name
        return topic_id

    def card(self, card_id: str) -> AnyCard:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)
