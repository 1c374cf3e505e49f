"""The same collection in Anki's own backend (the `anki` package), for the side-by-side rows.

A studytool database (cards and review rows, as generate.history writes them) is copied
into an Anki collection: one Basic note per card, added through the API in batches; each
card's SM-2 state and every review row are written with direct SQL in one transaction,
as Anki's importers do, because a million answers through the API would take an hour.
The figures are then measured on the reopened collection with the v3 scheduler.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from studytool.core.schedulers.sm2 import SM2State

try:
    from anki.collection import AddNoteRequest, Collection
    from anki.scheduler.v3 import CardAnswer, Scheduler

    MISSING: str | None = None
except ImportError as exc:  # an optional extra: the rows are skipped without it
    MISSING = f"anki is not importable ({exc}); pip install -e '.[bench]' to compare"

NOTE_BATCH = 5_000
OTHER_DECK = "Empty"
"""A deck with no cards, selected in between to make Anki rebuild its queues."""
EASE = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
"""SM-2 quality -> Anki's answer button: below 3 is Again, 3 Hard, 4 Good, 5 Easy."""


@dataclass(frozen=True)
class Built:
    path: Path
    cards: int
    revlog: int
    seconds: float
    version: str


def _batches(count: int, size: int) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(count, start + size))


def build(folder: Path, source: Path) -> Built:
    """An Anki collection in ``folder`` holding the cards and reviews of ``source``."""
    from anki.buildinfo import version

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "collection.anki2"
    with sqlite3.connect(source) as ours:
        cards = ours.execute(
            "SELECT deck_id, card_id, memory, due, lapses FROM cards WHERE NOT removed "
            "ORDER BY rowid"
        ).fetchall()
        reviews = ours.execute(
            "SELECT id, at, deck_id, card_id, kind, quality, seconds, before, after "
            "FROM reviews ORDER BY id"
        ).fetchall()
    ours.close()
    col = Collection(str(path))
    try:
        basic = col.models.by_name("Basic")
        assert basic is not None
        deck = col.decks.id_for_name("Default")
        assert deck is not None
        col.decks.id(OTHER_DECK)
        col.decks.set_current(deck)
        for batch in _batches(len(cards), NOTE_BATCH):
            requests = []
            for n in batch:
                note = col.new_note(basic)
                note["Front"] = f"{cards[n][0]} {cards[n][1]}: front"
                note["Back"] = f"{cards[n][0]} {cards[n][1]}: back"
                requests.append(AddNoteRequest(note=note, deck_id=deck))
            col.add_notes(requests)
        assert col.db is not None
        db = col.db
        # Notes were added in order and ids grow, so the n-th card by note id is cards[n].
        anki_ids: list[int] = db.list("SELECT id FROM cards ORDER BY nid, ord")
        if len(anki_ids) != len(cards):
            raise RuntimeError(f"Anki made {len(anki_ids)} cards for {len(cards)} notes")
        key = {(c[0], c[1]): anki_ids[n] for n, c in enumerate(cards)}
        today_ours = datetime.now().astimezone().date()
        today_anki = col.sched.today
        scheduled = []
        for deck_id, card_id, memory, due, lapses in cards:
            if due is not None:
                sm2 = SM2State.from_dict(json.loads(memory))
                scheduled.append((today_anki + (date.fromisoformat(due) - today_ours).days,
                                  max(1, sm2.interval), round(float(sm2.easiness) * 1000),
                                  sm2.repetitions, lapses, key[(deck_id, card_id)]))  # fmt: skip
        revlog = []
        for row_id, at, deck_id, card_id, kind, quality, seconds, before, after in reviews:
            was = SM2State.from_dict(json.loads(before)["memory"])
            now = SM2State.from_dict(json.loads(after)["memory"])
            # Revlog ids are answer times in ms and must be unique; ours share a noon.
            millis = int(datetime.fromisoformat(at).astimezone(UTC).timestamp() * 1000) + row_id
            revlog.append((millis, key[(deck_id, card_id)], -1, EASE[quality],
                           now.interval, was.interval, round(float(now.easiness) * 1000),
                           int((seconds or 0) * 1000), 0 if kind == "new" else 1))  # fmt: skip

        def write() -> None:
            db.executemany(
                "UPDATE cards SET type=2, queue=2, due=?, ivl=?, factor=?, reps=?, lapses=? "
                "WHERE id=?",
                scheduled,
            )
            db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)

        db.transact(write)
    finally:
        col.close()
    return Built(path, len(cards), len(reviews), time.perf_counter() - started, version)


def _scheduler(col: Collection) -> Scheduler:
    if not isinstance(col.sched, Scheduler):
        raise RuntimeError(f"{col.path} does not use Anki's v3 scheduler")
    return col.sched


def _rebuild_queues(col: Collection) -> None:
    """Make the next get_queued_cards build today's queues afresh, as on opening a deck.
    Selecting another deck clears Anki's cached queues (selecting the current one again
    does not), so an empty deck is selected and then the studied one."""
    studied = col.decks.get_current_id()
    other = col.decks.id_for_name(OTHER_DECK)
    if other is None:
        raise RuntimeError(f"{col.path} has no deck {OTHER_DECK!r}: build() makes one")
    col.decks.set_current(other)
    col.decks.set_current(studied)


def queue_build(built: Built, repeat: int) -> list[float]:
    """Seconds to build today's queues and fetch the first card (get_queued_cards on a
    cleared cache: learning, review and new gathering with the default 20 new/200 review
    limits), the closest equivalent of our due-queue build."""
    col = Collection(str(built.path))
    try:
        sched = _scheduler(col)
        sched.get_queued_cards()  # warm, as ours is timed after one build
        runs = []
        for _ in range(repeat):
            _rebuild_queues(col)
            start = time.perf_counter()
            sched.get_queued_cards()
            runs.append(time.perf_counter() - start)
        return runs
    finally:
        col.close()


def answer_next(built: Built, answers: int) -> list[float]:
    """Seconds per answer -> next card: build_answer + answer_card (Good) and fetching the
    next queued card with its scheduling states, as Anki's reviewer does."""
    from anki.cards import Card

    col = Collection(str(built.path))
    try:
        sched = _scheduler(col)
        queued = sched.get_queued_cards()
        runs = []
        for _ in range(answers):
            if not queued.cards:
                break
            start = time.perf_counter()
            top = queued.cards[0]
            card = Card(col, backend_card=top.card)
            card.start_timer()
            answer = sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD)
            sched.answer_card(answer)
            queued = sched.get_queued_cards()
            runs.append(time.perf_counter() - start)
        return runs
    finally:
        col.close()
