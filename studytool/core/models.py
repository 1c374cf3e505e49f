"""The deck, as loaded from a deck file; its cards are the kinds in ``core.cards``.

Every model is a frozen dataclass: a loaded deck is a value that nothing downstream can
change by accident, and equal decks compare equal. Slotted, because a large collection
holds a hundred thousand cards and each saves its instance dict.
"""

from __future__ import annotations

from dataclasses import dataclass

from studytool.core.cards import Card
from studytool.core.terms import Synonyms


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
    cards: tuple[Card, ...]
    description: str | None = None
    synonyms: Synonyms = ()
    """Groups of words that mean the same in every typed and cloze answer of the deck."""
    path: str | None = None
    """Where the deck was read from, for messages; None for a deck built in memory."""

    def topic_name(self, topic_id: str) -> str:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic.name
        return topic_id

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)
