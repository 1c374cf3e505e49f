"""The answer counts behind the statistics: kept by the database in step with the log."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import FakeClock, make_deck
from test_cli_study import answer_some, run

from studytool.core.cardset import Cards
from studytool.core.queue import Limits
from studytool.core.schedulers import PASSING, sm2
from studytool.engine.study import Study
from studytool.store import migrations
from studytool.store.database import Store


def counted_by_hand(
    store: Store, deck_id: str
) -> tuple[Counter[tuple], Counter[str], Counter[str]]:
    """Per (day, kind, passed, mature) and per card (asked, missed), from the raw log."""
    undone = {r[0] for r in store.connection.execute(
        "SELECT review_id FROM events WHERE kind = 'undo'")}  # fmt: skip
    days: Counter[tuple] = Counter()
    asked: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for review_id, day, kind, card_id, quality, before in store.connection.execute(
        "SELECT id, day, kind, card_id, quality, before FROM reviews WHERE deck_id = ?",
        (deck_id,),
    ):
        if review_id in undone:
            continue
        mature = json.loads(before)["mature"]
        days[(date.fromisoformat(day), kind, quality >= PASSING, mature)] += 1
        asked[card_id] += 1
        missed[card_id] += quality < PASSING
    return days, asked, missed


def random_history(tmp_path: Path, clock: FakeClock, seed: int) -> Study:
    rng = random.Random(seed)
    store = Store.open(tmp_path / "studytool.db", now=clock())
    study = Study(store, (make_deck(30),), Limits(), clock)
    for _ in range(40):
        session = study.start_practice("d") if rng.random() < 0.2 else study.start()
        for _ in range(rng.randint(5, 30)):
            if session.current is None:
                break
            if rng.random() < 0.12:
                study.undo()
            else:
                study.answer(rng.choice([0, 1, 2, 3, 4, 5, 5, 5]), True)
        clock.advance(days=rng.choice([1, 1, 2, 7, 20]), hours=rng.randint(0, 5))
    return study


@pytest.mark.parametrize("seed", [3, 17])
def test_tallies_equal_a_count_of_the_log_after_undos_and_practice(
    tmp_path: Path, clock: FakeClock, seed: int
) -> None:
    study = random_history(tmp_path, clock, seed)
    days, asked, missed = counted_by_hand(study.store, "d")
    assert {"new", "review", "redrill", "practice"} <= {kind for _, kind, _, _ in days}
    undos = "SELECT count(*) FROM events WHERE kind = 'undo'"
    assert study.store.connection.execute(undos).fetchone()[0] > 0
    kept = {(t.day, t.kind, t.passed, t.mature): t.answers for t in study.store.day_tallies("d")}
    assert kept == dict(days)
    assert any(mature for (_, _, _, mature) in days)  # the history reached mature cards
    assert study.store.tallies_match_log()

    report = study.stats("d")
    per_day: Counter[date] = Counter()
    for (day, *_), n in days.items():
        per_day[day] += n
    assert report.per_day == dict(per_day)
    reviews = {k: n for k, n in days.items() if k[1] == "review"}
    assert report.retention.mature == sum(n for k, n in reviews.items() if k[3])
    assert report.retention.young_passed == sum(n for k, n in reviews.items() if k[2] and not k[3])
    worst = sorted((c for c in asked if missed[c]), key=lambda c: (-missed[c], -asked[c], c))
    hardest = [(c.card_id, c.missed, c.asked) for c in report.hardest]
    assert hardest == [(c, missed[c], asked[c]) for c in worst[:5]]


def test_doctor_finds_counts_that_drifted_and_recounts_them(tmp_path: Path) -> None:
    answer_some(tmp_path, 4)
    with sqlite3.connect(tmp_path / "studytool.db") as connection:
        connection.execute("UPDATE day_tallies SET answers = answers + 5")
    connection.close()
    found = run("doctor", "--data-dir", str(tmp_path))
    assert found.exit_code == 1
    assert "answer counts behind the statistics differ" in found.output
    fixed = run("doctor", "--rebuild", "--data-dir", str(tmp_path))
    assert fixed.exit_code == 0 and "answer counts" in fixed.output
    healthy = run("doctor", "--data-dir", str(tmp_path))
    assert healthy.exit_code == 0 and "match the review log" in healthy.output


def test_a_database_from_before_the_tallies_gets_them_counted(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "studytool.db"
    older = migrations.MIGRATIONS[:3]
    monkeypatch.setattr("studytool.store.database.MIGRATIONS", older)
    monkeypatch.setattr("studytool.store.database.SCHEMA_VERSION", len(older))
    Store.open(path, now=clock()).close()
    monkeypatch.undo()
    # three answers as an older studytool wrote them, the last one undone
    with sqlite3.connect(path) as connection:
        for quality in (5, 1, 4):
            connection.execute(
                "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, "
                "before, after) VALUES ('2026-03-02T12:00:00+00:00', '2026-03-02', 'd', "
                "'c0', 'new', ?, 1, '{\"interval\": 0}', '{}')",
                (quality,),
            )
        connection.execute(
            "INSERT INTO events (at, deck_id, card_id, kind, after_review, review_id) "
            "VALUES ('2026-03-02T12:01:00+00:00', 'd', 'c0', 'undo', 3, 3)"
        )
    connection.close()

    store = Store.open(path, now=clock())
    counts = sorted((t.kind, t.passed, t.answers) for t in store.day_tallies("d"))
    assert counts == [("new", False, 1), ("new", True, 1)]  # the undone 4 is not counted
    assert store.tallies_match_log()


def test_the_counts_use_the_thresholds_of_the_statistics() -> None:
    # The migration writes them out; they must stay what core/stats means by them.
    assert migrations.TALLY_PASSING == PASSING
    assert migrations.TALLY_MATURE_DAYS == sm2.MATURE_DAYS


def test_a_card_moved_to_another_topic_counts_there(tmp_path: Path, clock: FakeClock) -> None:
    deck = make_deck(4)  # c0, c2 in t0; c1, c3 in t1
    study = Study(Store.open(tmp_path / "studytool.db", now=clock()), (deck,), Limits(), clock)
    assert {name: f.cards for name, f in study.stats("d").topics} == {"Topic 0": 2, "Topic 1": 2}
    moved = replace(deck, cards=Cards.of((replace(deck.cards[0], topic="t1"), *deck.cards[1:])))
    again = Study(study.store, (moved,), Limits(), clock)
    assert {name: f.cards for name, f in again.stats("d").topics} == {"Topic 0": 1, "Topic 1": 3}
