"""A card's scheduling record and how one logged event changes it.

The live answer path and ``studytool doctor``'s rebuild both go through ``apply_review``
and ``apply_event``, so the state kept in ``cards`` can always be re-derived, exactly, from
the append-only log.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from studytool.core.schedulers import DEFAULT, PASSING, SCHEDULERS, Scheduler

ReviewKind = Literal["new", "review", "redrill", "practice"]
REVIEW_KINDS: tuple[ReviewKind, ...] = ("new", "review", "redrill", "practice")
EventKind = Literal["suspend", "unsuspend", "undo", "due", "overrule"]

LEECH_LAPSES = 8
"""A card forgotten this many times after it was learned is a leech: suspended, user told."""


@dataclass(frozen=True)
class CardState:
    """Where a card stands. ``due`` is None until its first graded review."""

    scheduler: str
    """The name, in SCHEDULERS, of the scheduler that keeps ``memory``."""
    memory: object
    """That scheduler's memory of the card, of its own type."""
    due: date | None = None
    lapses: int = 0
    suspended: bool = False
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.due is None

    @property
    def mature(self) -> bool:
        """Whether the card counts as mastered, as its scheduler says."""
        return self.schedule.mature(self.memory)

    @property
    def schedule(self) -> Scheduler[Any]:
        return SCHEDULERS[self.scheduler]


def new_card(scheduler: str = DEFAULT) -> CardState:
    """A card never answered, kept by the scheduler of that name."""
    return CardState(scheduler, SCHEDULERS[scheduler].new())


def study_day(moment: datetime, rollover_hour: int) -> date:
    """The study day a moment belongs to. ``moment`` is local wall-clock time: a session at
    01:30 with a 04:00 rollover still counts as the day before."""
    if moment.tzinfo is None:
        raise ValueError("study_day needs a time-zone-aware datetime")
    return (moment - timedelta(hours=rollover_hour)).date()


def counts_for_schedule(kind: ReviewKind) -> bool:
    """Only first-time and due reviews move the schedule; re-drills and practice are only
    logged."""
    return kind in ("new", "review")


def apply_review(state: CardState, kind: ReviewKind, quality: int, day: date) -> CardState:
    """The state after one logged answer on study day ``day``."""
    if not counts_for_schedule(kind):
        if not 0 <= quality <= 5:
            raise ValueError(f"quality must be 0-5, not {quality}")
        return state
    memory, due = state.schedule.review(state.memory, quality, day)
    # A lapse is forgetting a card that had been learned, as Anki counts it; failing a
    # card still being (re)learned is not another lapse.
    lapsed = kind == "review" and quality < PASSING and state.schedule.learned(state.memory)
    lapses = state.lapses + lapsed
    leech = state.leech or lapses >= LEECH_LAPSES
    return replace(
        state,
        memory=memory,
        due=due,
        lapses=lapses,
        leech=leech,
        suspended=state.suspended or (leech and not state.leech),
    )


def apply_event(state: CardState, kind: EventKind, day: date | None = None) -> CardState:
    if kind == "due":
        # Sent to a review (a card missed in a mock exam): due that day unless sooner.
        assert day is not None
        return replace(state, due=day if state.due is None else min(state.due, day))
    if kind == "suspend":
        return replace(state, suspended=True)
    if kind == "unsuspend":
        return replace(state, suspended=False)
    if kind == "overrule":
        # It names the review a candidate regraded as right ("I was right"); the regrade
        # itself is the undo of the wrong answer and that review, both replayed as such.
        return state
    raise ValueError(f"{kind} is not a state event")


@dataclass(frozen=True)
class LoggedReview:
    """One row of the review log, as far as scheduling cares."""

    id: int
    kind: ReviewKind
    quality: int
    day: date
    at: str = ""
    """When it was answered (UTC, ISO 8601): how the logs of two devices interleave."""
    origin: str = ""
    """The device that logged it; one device's rows keep the order that device gave them."""
    seq: int | None = None
    """Its id on that device, when that is not ``id`` (a row another device logged)."""


@dataclass(frozen=True)
class LoggedEvent:
    """A suspend, unsuspend, undo, overrule or "due". ``after_review`` is the newest
    review id on its device when it happened, which orders it among that device's reviews
    without trusting the clock."""

    id: int
    kind: EventKind
    after_review: int
    review_id: int | None = None
    """For an undo: the review it takes back; for an overrule: the review that regrades."""
    day: date | None = None
    """For "due": the study day the card is sent to."""
    at: str = ""
    origin: str = ""
    seq: int | None = None


def in_log_order(
    reviews: list[LoggedReview], events: list[LoggedEvent]
) -> Iterator[LoggedReview | LoggedEvent]:
    """A card's log as it is replayed. Each device's rows come in the order that device
    logged them (an event after the review it followed there); the devices' logs are
    interleaved by the moment each row was logged, so every device that holds the same
    rows replays them alike."""
    streams: dict[str, list[tuple[tuple[int, int, int], LoggedReview | LoggedEvent]]] = {}
    for review in reviews:
        seq = review.id if review.seq is None else review.seq
        streams.setdefault(review.origin, []).append(((seq, 0, 0), review))
    for event in events:
        seq = event.id if event.seq is None else event.seq
        streams.setdefault(event.origin, []).append(((event.after_review, 1, seq), event))
    ordered = [
        [row for _, row in sorted(stream, key=lambda placed: placed[0])]
        for _, stream in sorted(streams.items())
    ]
    if len(ordered) == 1:
        return iter(ordered[0])
    return heapq.merge(*ordered, key=lambda row: (row.at, row.origin))


def replay(
    reviews: list[LoggedReview], events: list[LoggedEvent], scheduler: str = DEFAULT
) -> CardState:
    """A card's state from its whole log, kept by ``scheduler``: what ``studytool doctor``
    rebuilds from."""
    undone = _undone(events)
    state = new_card(scheduler)
    for logged in in_log_order(reviews, events):
        if isinstance(logged, LoggedEvent):
            if logged.kind != "undo":
                state = apply_event(state, logged.kind, logged.day)
        elif logged.id not in undone:
            state = apply_review(state, logged.kind, logged.quality, logged.day)
    return state


def _undone(events: list[LoggedEvent]) -> set[int | None]:
    return {e.review_id for e in events if e.kind == "undo"}


def memory_after(
    reviews: list[LoggedReview], events: list[LoggedEvent], scheduler: Scheduler[Any]
) -> Any:
    """What ``scheduler`` remembers of a card after its log, whichever scheduler keeps
    the card: the reviews ``replay`` would apply, in the same order. Events other than
    undo move only the due day and suspension, never the memory."""
    undone = _undone(events)
    memory = scheduler.new()
    # The events are in the order too: they decide how two devices' reviews interleave.
    for logged in in_log_order(reviews, events):
        if isinstance(logged, LoggedEvent):
            continue
        if logged.id not in undone and counts_for_schedule(logged.kind):
            memory, _ = scheduler.review(memory, logged.quality, logged.day)
    return memory
