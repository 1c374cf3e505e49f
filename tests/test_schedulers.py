"""The scheduler interface: a second scheduler plugs in through the registry alone, and
runs through the real store and engine with the schema as it is."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock, make_deck

from studytool.core.exam import mastery_runway
from studytool.core.queue import Limits
from studytool.core.schedule import new_card
from studytool.core.schedulers import DEFAULT, SCHEDULERS, Scheduler
from studytool.core.schedulers.sm2 import SM2, SM2State
from studytool.engine.study import Study
from studytool.store.database import Store


@dataclass(frozen=True)
class Gap:
    """The throwaway scheduler's memory: days until the card is asked again."""

    days: int


class Doubling:
    """Doubles the gap on a grade of 3 or more, back to one day below it."""

    name = "doubling"
    title = "Doubling"
    settings = ""
    grades: Mapping[int, str] = {n: f"g{n}" for n in range(6)}

    def new(self) -> Gap:
        return Gap(0)

    def review(self, memory: Gap, grade: int, day: date) -> tuple[Gap, date]:
        after = Gap(max(1, memory.days * 2)) if grade >= 3 else Gap(1)
        return after, day + timedelta(days=after.days)

    def mature(self, memory: Gap) -> bool:
        return memory.days >= 8

    def learned(self, memory: Gap) -> bool:
        return memory.days >= 2

    def to_dict(self, memory: Gap) -> dict[str, Any]:
        return {"days": memory.days}

    def from_dict(self, data: Mapping[str, Any]) -> Gap:
        return Gap(int(data["days"]))


@pytest.fixture
def doubling(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    scheduler: Scheduler[Gap] = Doubling()
    monkeypatch.setitem(SCHEDULERS, scheduler.name, scheduler)
    yield scheduler.name


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    connection.close()
    return found


def test_sm2_is_the_registered_default() -> None:
    assert isinstance(SCHEDULERS[DEFAULT], SM2)
    assert new_card().scheduler == DEFAULT


def test_a_second_scheduler_runs_through_the_store_and_engine(
    tmp_path: Path, clock: FakeClock, doubling: str
) -> None:
    Store.open(tmp_path / "sm2" / "studytool.db", now=clock()).close()
    store = Store.open(tmp_path / "studytool.db", now=clock(), scheduler=doubling)
    assert schema(store.path) == schema(tmp_path / "sm2" / "studytool.db")
    study = Study(store, (make_deck(2, topics=1),), Limits(), clock, zone=UTC)

    gaps = []
    for _ in range(5):
        session = study.start()
        while (item := session.current) is not None:
            # c0 is always remembered; c1 always missed, then right in its re-drill
            study.answer(5 if item.card_id == "c0" else 4 if item.kind == "redrill" else 2, True)
        state = store.state("d", "c0")
        assert isinstance(state.memory, Gap)
        gaps.append(state.memory.days)
        assert state.due == study.today() + timedelta(days=state.memory.days)
        clock.advance(days=state.memory.days)
    assert gaps == [1, 2, 4, 8, 16]
    assert store.state("d", "c1").memory == Gap(1)
    assert store.state("d", "c1").lapses == 0  # never learned, so never lapsed

    # Mastery, the exam plan and the statistics ask the scheduler, not SM-2.
    assert study.topic_mastery("d") == {"t0": 0.5}
    assert store.unfinished("d") == (0, 1)
    assert mastery_runway(SCHEDULERS[doubling]) == 1 + 2 + 4
    ((_, plan),) = study.exam_plan(study.today() + timedelta(days=30))
    assert plan.runway == 7
    mature = {(t.kind, t.passed): t.answers for t in store.day_tallies("d") if t.mature}
    assert mature == {("review", True): 1}  # c0 asked once at 8 days, and remembered

    # The log keeps the scheduler's own form, and doctor's replay agrees with the cards.
    (after,) = store.connection.execute(
        "SELECT after FROM reviews WHERE card_id = 'c0' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    logged = json.loads(after)
    assert (logged["scheduler"], logged["memory"], logged["mature"]) == (
        "doubling", {"days": 16}, True
    )  # fmt: skip
    study.undo()  # c1's re-drill
    study.undo()  # c0's last answer
    assert store.state("d", "c0").memory == Gap(8)
    assert not [t for t in store.day_tallies("d") if t.mature]
    stored, replayed = store.consistent_states()
    assert stored == replayed
    assert store.tallies_match_log()


def test_each_card_keeps_the_scheduler_it_started_with(
    tmp_path: Path, clock: FakeClock, doubling: str
) -> None:
    path = tmp_path / "studytool.db"
    first = Study(Store.open(path, now=clock()), (make_deck(1, "a"),), Limits(), clock, zone=UTC)
    first.start()
    first.answer(5, True)
    first.store.close()
    store = Store.open(path, now=clock(), scheduler=doubling)
    later = Study(store, (make_deck(1, "a"), make_deck(1, "b")), Limits(), clock, zone=UTC)
    clock.advance(days=1)
    session = later.start()
    assert [(i.deck_id, i.kind) for i in session.queue] == [("a", "review"), ("b", "new")]
    later.answer(5, True)
    later.answer(5, True)
    assert store.state("a", "c0").scheduler == DEFAULT
    assert store.state("a", "c0").memory == SM2State(2, Decimal("2.7"), 6)
    assert store.state("b", "c0").scheduler == doubling
    stored, replayed = store.consistent_states()
    assert stored == replayed


class NeverMature(Doubling):
    def mature(self, memory: Gap) -> bool:
        return False


def test_a_scheduler_that_never_calls_a_card_mature_has_no_runway() -> None:
    with pytest.raises(ValueError, match="never calls a well-known card mature"):
        mastery_runway(NeverMature())
