"""Migration 5 moves SM-2's columns into the scheduler's own form: a database written at
version 4, with a real history, keeps every state, due day, mastery count and statistic."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FakeClock, make_deck

from studytool.core.queue import Limits
from studytool.core.schedule import CardState, ReviewKind, apply_review, new_card
from studytool.core.schedulers.sm2 import SM2State
from studytool.engine.study import Study
from studytool.store import migrations
from studytool.store.database import Store

VERSION = 4
START = date(2026, 1, 5)


def old_json(state: CardState) -> str:
    """A state as version 4 logged it."""
    assert isinstance(state.memory, SM2State)
    return json.dumps(
        {
            "repetitions": state.memory.repetitions,
            "easiness": str(state.memory.easiness),
            "interval": state.memory.interval,
            "due": state.due.isoformat() if state.due else None,
            "lapses": state.lapses,
            "suspended": state.suspended,
            "leech": state.leech,
        },
        sort_keys=True,
    )


def write_history(connection: sqlite3.Connection, cards: int, seed: int) -> None:
    """Cards answered on their due days up to half a year, as version 4 wrote them: a
    review row per answer (re-drills and practice too), some undone, one card suspended,
    and each card's state row."""
    rng = random.Random(seed)
    for n in range(cards):
        # started a fortnight apart, so some are mature, some young and the last unseen
        card_id, state = f"c{n}", new_card()
        day = START + timedelta(days=18 * n)
        while day < START + timedelta(days=180):
            kind: ReviewKind = "new" if state.is_new else "review"
            quality = rng.choice([1, 2, 3, 4, 4, 5, 5, 5])
            answers = [(kind, quality)]
            if quality < 4:
                answers.append(("redrill", 4))
            if rng.random() < 0.1:
                answers.append(("practice", rng.choice([1, 5])))
            for logged_kind, grade in answers:
                after = apply_review(state, logged_kind, grade, day)
                cursor = connection.execute(
                    "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, "
                    "answer, seconds, before, after, session) "
                    "VALUES (?, ?, 'd', ?, ?, ?, ?, 'null', 3.0, ?, ?, 's')",
                    (f"{day}T12:00:00.000000+00:00", day.isoformat(), card_id, logged_kind,
                     grade, int(grade >= 3), old_json(state), old_json(after)),
                )  # fmt: skip
                if logged_kind == kind and rng.random() < 0.08:  # a mis-keyed grade, undone
                    connection.execute(
                        "INSERT INTO events (at, deck_id, card_id, kind, after_review, "
                        "review_id) VALUES (?, 'd', ?, 'undo', ?, ?)",
                        (f"{day}T12:01:00+00:00", card_id, cursor.lastrowid, cursor.lastrowid),
                    )
                    break
                state = after
            day = state.due or day  # an undone first answer is given again that day
        if n == 1:
            newest = connection.execute("SELECT max(id) FROM reviews").fetchone()[0]
            connection.execute(
                "INSERT INTO events (at, deck_id, card_id, kind, after_review) "
                "VALUES ('2026-07-01T12:00:00+00:00', 'd', ?, 'suspend', ?)",
                (card_id, newest),
            )
            state = replace(state, suspended=True)
        assert isinstance(state.memory, SM2State)
        connection.execute(
            "UPDATE cards SET repetitions = ?, easiness = ?, interval = ?, due = ?, lapses = ?, "
            "suspended = ?, leech = ? WHERE deck_id = 'd' AND card_id = ?",
            (state.memory.repetitions, str(state.memory.easiness), state.memory.interval,
             state.due.isoformat() if state.due else None, state.lapses, int(state.suspended),
             int(state.leech), card_id),
        )  # fmt: skip


def figures(connection: sqlite3.Connection) -> dict[str, list[tuple]]:
    """What version 4 showed, read with its own SQL."""
    read = {
        "states": "SELECT card_id, repetitions, easiness, interval, due, lapses, suspended, "
        "leech FROM cards ORDER BY card_id",
        "topics": "SELECT topic, count(*), sum(interval >= 21), sum(due IS NULL) FROM cards "
        "WHERE removed = 0 GROUP BY topic ORDER BY topic",
        "unfinished": "SELECT total(due IS NULL), total(interval < 21) FROM cards "
        "WHERE removed = 0 AND suspended = 0",
        "days": "SELECT day, kind, passed, mature, answers FROM day_tallies "
        "WHERE answers > 0 ORDER BY 1, 2, 3, 4",
        "cards": "SELECT card_id, asked, missed FROM card_tallies ORDER BY card_id",
    }
    return {name: connection.execute(sql).fetchall() for name, sql in read.items()}


@pytest.fixture
def version_4(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "studytool.db"
    older = migrations.MIGRATIONS[:VERSION]
    monkeypatch.setattr("studytool.store.database.MIGRATIONS", older)
    monkeypatch.setattr("studytool.store.database.SCHEMA_VERSION", VERSION)
    with sqlite3.connect(path) as connection:
        # version 4's own sync: state columns left to their defaults
        Store.open(path, now=clock()).close()
        deck = make_deck(12)
        connection.executemany(
            "INSERT INTO cards (deck_id, card_id, added, topic) VALUES ('d', ?, ?, ?)",
            [(c.id, clock().isoformat(), c.topic) for c in deck.cards],
        )
        write_history(connection, 12, seed=7)
    connection.close()
    monkeypatch.undo()
    return path


def test_migrating_keeps_states_due_days_mastery_and_statistics(
    version_4: Path, clock: FakeClock
) -> None:
    with sqlite3.connect(version_4) as connection:
        before = figures(connection)
    connection.close()
    assert any(mature for _, _, _, mature, _ in before["days"])  # the history matured cards
    assert any(suspended for *_, suspended, _ in before["states"])

    clock.moment = datetime(2026, 8, 15, 12, tzinfo=UTC)
    store = Store.open(version_4, now=clock())
    version = store.connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == migrations.SCHEMA_VERSION
    (backup,) = version_4.parent.glob(f"studytool.db.v{VERSION}-*.bak")
    with sqlite3.connect(backup) as copy:
        assert figures(copy) == before
    copy.close()

    states = store.states("d")
    assert [
        (card_id, s.memory, s.due.isoformat() if s.due else None, s.lapses, s.suspended, s.leech)
        for card_id, s in sorted(states.items())
    ] == [
        (card_id, SM2State(n, Decimal(ef), interval), due, lapses, bool(sus), bool(leech))
        for card_id, n, ef, interval, due, lapses, sus, leech in before["states"]
    ]
    assert {s.scheduler for s in states.values()} == {"sm2"}
    assert [tuple(t.__dict__.values()) for t in store.topic_cards("d")] == before["topics"]
    assert store.unfinished("d") == tuple(int(n) for n in before["unfinished"][0])
    assert [
        (t.day.isoformat(), t.kind, t.passed, t.mature, t.answers) for t in store.day_tallies("d")
    ] == [(day, kind, bool(p), bool(m), n) for day, kind, p, m, n in before["days"]]
    assert [tuple(t.__dict__.values()) for t in store.hardest("d", 100)] == sorted(
        ((c, a, m) for c, a, m in before["cards"] if m), key=lambda t: (-t[2], -t[1], t[0])
    )
    # doctor: the stored states are the replay of the log, the tallies a count of it
    stored, replayed = store.consistent_states()
    assert stored == replayed
    assert store.tallies_match_log()
    for query, index in [
        ("SELECT * FROM cards WHERE deck_id = 'd' AND removed = 0 AND suspended = 0 "
         "AND due IS NOT NULL AND due <= '2026-07-06' ORDER BY due", "cards_due"),
        ("SELECT card_id FROM cards WHERE deck_id = 'd' AND leech = 1", "cards_leech"),
    ]:  # fmt: skip
        plan = store.connection.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
        assert any(index in row[-1] for row in plan), plan

    # and answering goes on where it stood, counted as before
    study = Study(store, (make_deck(12),), Limits(), clock, zone=UTC)
    session = study.start()
    assert session.queue
    mature_before = sum(t.answers for t in store.day_tallies("d") if t.mature)
    while (item := session.current) is not None:
        was_mature = store.state("d", item.card_id).mature
        study.answer(5, True)
        mature_before += was_mature
    assert sum(t.answers for t in store.day_tallies("d") if t.mature) == mature_before
    stored, replayed = store.consistent_states()
    assert stored == replayed
    assert store.tallies_match_log()
