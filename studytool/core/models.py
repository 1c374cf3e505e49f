"""The deck, as loaded from a deck file; its cards are the kinds in ``core.cards``.

Every model is a frozen dataclass: a loaded deck is a value that nothing downstream can
change by accident, and equal decks compare equal. Slotted, because a large collection
holds a hundred thousand cards and each saves its instance dict.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from studytool.core.cards import Card
from studytool.core.cardset import Cards
from studytool.core.terms import Synonyms

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    title: str
    author: str | None = None
    published: str | None = None
    url: str | None = None
    sections: tuple[str, ...] = ()


_BRACKETS = re.compile(r"\s*\([^)]*\)")
_ET_AL = re.compile(r"et al\.?", re.IGNORECASE)
_INITIALS = re.compile(r"\s+[A-Z]{1,4}$")
"""A surname's initials, as reference lists write them after it ("Maeo S", "Agur AMR")."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Reference:
    """A work beyond the deck's source that a card cites for a fact the source lacks or
    gets wrong: a textbook, a position stand, a study."""

    id: str
    author: str
    year: int
    title: str
    published_in: str
    """The journal with volume and pages, or a book's edition and publisher."""
    url: str | None = None

    def citation(self) -> str:
        """The whole reference, as a reference list prints it."""
        where = f" {self.url}" if self.url else ""
        return f"{self.author} ({self.year}). {self.title}. {self.published_in}.{where}"

    def label(self) -> str:
        """First author, year and title ("Maeo et al. 2021, Greater…"): enough to find
        the work in the deck's list, short enough to read under an answer."""
        return f"{self.short_author()} {self.year}, {self.title}"

    def short_author(self) -> str:
        """The authors as a citation in the text names them: "Borg", "Haff and Triplett",
        "Maeo et al.", or an organisation's whole name. Editors' notes in brackets and
        initials go."""
        names = [part.strip() for part in _BRACKETS.sub("", self.author).split(",")]
        many = any(_ET_AL.fullmatch(name) for name in names)
        names = [_INITIALS.sub("", name) for name in names if name and not _ET_AL.fullmatch(name)]
        if not names:
            return self.author
        if many or len(names) > 2:
            return f"{names[0]} et al."
        return " and ".join(names)


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
    cards: Cards
    description: str | None = None
    synonyms: Synonyms = ()
    """Groups of words that mean the same in every typed and cloze answer of the deck."""
    references: tuple[Reference, ...] = ()
    path: str | None = None
    """Where the deck was read from, for messages; None for a deck built in memory."""

    def topic_name(self, topic_id: str) -> str:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic.name
        return topic_id

    def cited(self, card: Card) -> list[str]:
        """What ``card`` cites, each a section of the source or a reference's label."""
        labels = {reference.id: reference.label() for reference in self.references}
        return [labels.get(name, name) for name in card.source]

    def card(self, card_id: str) -> Card:
        return self.cards.by_id(card_id)

    def synced_digest(self) -> str:
        """A fingerprint of what the store keeps of the deck's cards: their ids and topics
        (``Cards.digest``) and the study order, which also follows the topics' order."""
        topics = ",".join(topic.id for topic in self.topics)
        return hashlib.sha256(f"{self.cards.digest} {topics}".encode()).hexdigest()

    def has(self, card_id: str) -> bool:
        try:
            self.cards.place(card_id)
        except KeyError:
            return False
        return True

    def own(self, placed: Iterable[tuple[str, T, int | None]]) -> list[tuple[str, T]]:
        """Of (card id, something, place in the study order) as the store keeps them,
        those of cards this deck has: the place, when right, answers without the index
        of ids (the store may hold cards of a newer version of the deck, synced by
        another process while this one runs)."""
        order = self.study_order()
        return [(card_id, value) for card_id, value, at in placed
                if (at is not None and 0 <= at < len(order) and order[at] == card_id)
                or self.has(card_id)]  # fmt: skip

    def study_order(self) -> tuple[str, ...]:
        """The card ids in the order new cards are studied: one card of each topic in
        turn, each topic's cards in file order."""
        return self.cards.study_order([topic.id for topic in self.topics])
