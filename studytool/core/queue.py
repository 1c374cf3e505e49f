"""Today's queue and the session that walks it.

- Due reviews first, most overdue first; then new cards in deck order. Each deck has its
  own daily limits for new cards and reviews, minus what was already done today.
- A card graded below 4 comes back later in the same session, after a few other cards,
  until it scores 4 or 5 (re-drill). Re-drills are logged but do not move the schedule.
- The last answer can be undone: the queue returns to where it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import chain, zip_longest

from studytool.core.schedule import CardState, ReviewKind

REDRILL_PASS = 4
"""A re-drilled card leaves the session once it scores this or more."""


@dataclass(frozen=True)
class Limits:
    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4


@dataclass(frozen=True)
class Item:
    deck_id: str
    card_id: str
    kind: ReviewKind
    guessed: bool = False
    """A re-drill of an answer that was right but marked "guessed", not missed."""


@dataclass(frozen=True)
class DeckCards:
    """One deck's scheduled cards in deck order, and what today already used up."""

    deck_id: str
    cards: list[tuple[str, CardState]]
    new_done: int = 0
    reviews_done: int = 0


def interleave(topics: Iterable[str], card_topics: Iterable[tuple[str, str]]) -> list[str]:
    """Card ids taking one card of each topic in turn, keeping each topic's own order.

    New cards come in this order, so a first session covers every topic rather than the
    first two; mixing topics (interleaved practice) also helps on mixed exam papers.
    """
    queues: dict[str, list[str]] = {topic: [] for topic in topics}
    for card_id, topic in card_topics:
        queues.setdefault(topic, []).append(card_id)
    turns = chain.from_iterable(zip_longest(*queues.values()))  # None where a topic ran out
    return [card_id for card_id in turns if card_id is not None]


def build_queue(decks: Iterable[DeckCards], today: date, limits: Limits) -> list[Item]:
    reviews: list[tuple[date, int, Item]] = []
    new: list[Item] = []
    position = 0
    for deck in decks:
        due: list[tuple[date, int, Item]] = []
        fresh: list[Item] = []
        for card_id, state in deck.cards:
            position += 1
            if state.suspended:
                continue
            if state.due is None:
                fresh.append(Item(deck.deck_id, card_id, "new"))
            elif state.due <= today:
                due.append((state.due, position, Item(deck.deck_id, card_id, "review")))
        due.sort(key=lambda entry: (entry[0], entry[1]))
        reviews.extend(due[: max(0, limits.reviews_per_day - deck.reviews_done)])
        new.extend(fresh[: max(0, limits.new_per_day - deck.new_done)])
    reviews.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for *_, item in reviews] + new


def practice_queue(deck_id: str, card_ids: Iterable[str]) -> list[Item]:
    """Every card of a topic quiz, whatever its due date: logged, never scheduled."""
    return [Item(deck_id, card_id, "practice") for card_id in card_ids]


@dataclass(frozen=True)
class Progress:
    done: int
    """Answers given this session, re-drills included."""
    left: int
    """Cards still ahead, pending re-drills included."""
    redrill: int
    """Of those, how many are re-drills."""


@dataclass(frozen=True)
class SessionAnswer:
    """One answer as the session keeps it, for progress, undo and the summary."""

    item: Item
    quality: int
    correct: bool
    at: datetime
    """When it was given; the first answer's less its ``seconds`` is when the session's
    first card was shown."""
    seconds: float | None
    """From the card shown to the answer given."""


@dataclass
class Session:
    queue: list[Item]
    redrill_gap: int = 3
    """Other cards shown before a missed card comes back."""
    results: list[SessionAnswer] = field(default_factory=list)
    requeued: bool = False
    """Whether the last answer sent its card back for a re-drill."""
    name: str = ""
    """Tells this session from the others (the engine names it by when it began)."""
    # Undo keeps what each answer did (the item taken, the re-drill it queued) rather than
    # a copy of the queue, so an answer costs the same with 20 cards queued or 20,000.
    _history: list[tuple[Item, Item | None, int]] = field(default_factory=list)
    _dropped: set[tuple[str, str]] = field(default_factory=set)
    _redrills: int = 0

    def __post_init__(self) -> None:
        self._redrills = sum(item.kind == "redrill" for item in self.queue)

    @property
    def current(self) -> Item | None:
        return self.queue[0] if self.queue else None

    @property
    def finished(self) -> bool:
        return not self.queue

    def answer(
        self, quality: int, correct: bool, at: datetime, seconds: float | None = None
    ) -> Item:
        """Record the current card's grade, given at ``at``; returns the item as it is to be
        logged."""
        item = self.current
        if item is None:
            raise IndexError("the session is over")
        self.queue.pop(0)
        self._redrills -= item.kind == "redrill"
        self.results.append(SessionAnswer(item, quality, correct, at, seconds))
        again = None
        if quality < REDRILL_PASS and item.kind != "practice":
            again = replace(item, kind="redrill", guessed=correct)
            self.queue.insert(min(self.redrill_gap, len(self.queue)), again)
            self._redrills += 1
        self.requeued = again is not None
        self._history.append((item, again, len(self.results) - 1))
        return item

    def undo(self) -> SessionAnswer | None:
        """Put the last answered card back in front; None if nothing to undo."""
        if not self._history:
            return None
        item, again, results = self._history.pop()
        if again is not None:
            for index, queued in enumerate(self.queue):
                if queued is again:
                    del self.queue[index]
                    self._redrills -= 1
                    break
        if (item.deck_id, item.card_id) not in self._dropped:
            self.queue.insert(0, item)
            self._redrills += item.kind == "redrill"
        undone = self.results[results]
        del self.results[results:]
        return undone

    def drop(self, deck_id: str, card_id: str, *, from_undo: bool = True) -> None:
        """Take every pending showing of a card out (it was suspended). With ``from_undo``
        undo will not bring it back either: a suspension outlives an undo, but a leech
        made by the answer being undone does not."""
        key = (deck_id, card_id)
        kept = [i for i in self.queue if (i.deck_id, i.card_id) != key]
        removed = [i for i in self.queue if (i.deck_id, i.card_id) == key]
        self.queue = kept
        self._redrills -= sum(i.kind == "redrill" for i in removed)
        if from_undo:
            self._dropped.add(key)

    def put_back(self, item: Item) -> None:
        """Show ``item`` next (a suspension taken back)."""
        self._dropped.discard((item.deck_id, item.card_id))
        self.queue.insert(0, item)
        self._redrills += item.kind == "redrill"

    def showing(self) -> str:
        """Names the current card's showing, to seed the order its options are shown in: a
        re-drill comes after other answers and another session has another name, so each
        showing has its own order; an undo shows the card again under the name it had, so
        a mis-keyed answer can be put right without reading the options anew."""
        return f"{self.name}/{len(self.results)}"

    def progress(self) -> Progress:
        return Progress(len(self.results), len(self.queue), self._redrills)
