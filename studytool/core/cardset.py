"""A deck's cards, in file order: each card's id, topic and kind at hand, the card itself
made when it is asked for.

Today's queue, the counts per topic and the exam pool need only ids, topics and kinds; a
screen needs the few cards it shows. A deck read back from the deck cache (deck/cache.py)
reads each card from its entry when asked, so a collection of a hundred thousand cards
opens without making, or holding, every card of every deck.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from studytool.core.cards import Card
from studytool.core.queue import interleave

RECENT = 64
"""Cards kept once read, the first read leaving first: a review asks for the card it
shows many times, and for a few others (the re-drills) again soon."""


class Cards(Sequence[Card]):
    """An immutable sequence of cards. ``Cards.of`` holds cards made in memory; a reader
    (``read(position)`` -> the card there) makes each card on demand."""

    __slots__ = (
        "_digest", "_held", "_order", "_places", "_read", "_recent", "ids", "kinds", "topics",
    )  # fmt: skip

    def __init__(
        self,
        ids: tuple[str, ...],
        topics: tuple[str, ...],
        kinds: tuple[str, ...],
        read: Callable[[int], Card],
        digest: str | None = None,
        order: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> None:
        """``digest`` and ``order`` (see ``study_order``), when already worked out."""
        if not len(ids) == len(topics) == len(kinds):
            raise ValueError("a card set needs an id, a topic and a kind for every card")
        self.ids = ids
        self.topics = topics
        self.kinds = kinds
        """Each card's ``type`` ("mcq", "cloze", …)."""
        self._read = read
        self._held: tuple[Card, ...] | None = None
        self._recent: dict[int, Card] = {}
        self._places: dict[str, int] | None = None
        self._digest = digest
        self._order = order

    @classmethod
    def of(cls, cards: Iterable[Card]) -> Cards:
        held = tuple(cards)
        made = cls(
            tuple(card.id for card in held),
            tuple(card.topic for card in held),
            tuple(card.type for card in held),
            held.__getitem__,
        )
        made._held = held
        return made

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Card, ...]: ...
    def __getitem__(self, index: int | slice) -> Card | tuple[Card, ...]:
        if isinstance(index, slice):
            return tuple(self[n] for n in range(len(self))[index])
        if self._held is not None:
            return self._held[index]
        position = range(len(self.ids))[index]  # IndexError, and negative positions
        card = self._recent.get(position)
        if card is None:
            card = self._read(position)
            if len(self._recent) >= RECENT:
                del self._recent[next(iter(self._recent))]
            self._recent[position] = card
        return card

    def __iter__(self) -> Iterator[Card]:
        if self._held is not None:
            return iter(self._held)
        return map(self._read, range(len(self.ids)))  # a whole pass is not kept

    def place(self, card_id: str) -> int:
        """The position of the card with this id; KeyError when the deck has none."""
        if self._places is None:
            self._places = {card_id: n for n, card_id in enumerate(self.ids)}
        return self._places[card_id]

    def by_id(self, card_id: str) -> Card:
        return self[self.place(card_id)]

    def study_order(self, topics: Sequence[str]) -> tuple[str, ...]:
        """The ids in the order new cards are studied, one card of each of ``topics`` in
        turn (``core.queue.interleave``): worked out once, and kept by the deck cache."""
        key = tuple(topics)
        if self._order is None or self._order[0] != key:
            ids = interleave(key, zip(self.ids, self.topics, strict=True))
            self._order = (key, tuple(ids))
        return self._order[1]

    @property
    def known_order(self) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The study order worked out so far, with the topics it was for."""
        return self._order

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Card):
            return False
        try:
            return self.by_id(value.id) == value
        except KeyError:
            return False

    @property
    def digest(self) -> str:
        """A fingerprint of the ids and topics in order: equal for two readings of a deck
        whose cards have the same ids and topics, whatever their text."""
        if self._digest is None:
            pairs = zip(self.ids, self.topics, strict=True)
            lines = "\n".join(f"{card_id}\t{topic}" for card_id, topic in pairs)
            self._digest = hashlib.sha256(lines.encode()).hexdigest()
        return self._digest

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cards):
            return NotImplemented
        if self is other:
            return True
        index = (self.ids, self.topics, self.kinds)
        if index != (other.ids, other.topics, other.kinds):
            return False
        return all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash((self.ids, self.topics, self.kinds))

    def __reduce__(self) -> tuple[Callable[[Iterable[Card]], Cards], tuple[tuple[Card, ...]]]:
        # A copy sent elsewhere holds its cards: a reader belongs to this process.
        return (Cards.of, (tuple(self),))

    def __repr__(self) -> str:
        return f"Cards({len(self)} cards)"
