"""The database schema, as an ordered list of migrations.

The schema version is SQLite's own ``PRAGMA user_version``: migration N brings a database
from version N-1 to N. A file whose version is higher than the last migration here was
written by a newer studytool and is refused, untouched. The store writes a backup copy
before any migration runs on an existing file.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], None]
MIGRATIONS: list[Migration] = []


def migration(step: Migration) -> Migration:
    MIGRATIONS.append(step)
    return step


@migration
def create_cards_reviews_events(db: Database) -> None:
    db.table("cards").create(
        {
            "deck_id": str,
            "card_id": str,
            "repetitions": int,
            "easiness": str,  # exact decimal, e.g. "2.36"
            "interval": int,
            "due": str,  # ISO study day; NULL until the first graded review
            "lapses": int,
            "suspended": int,
            "leech": int,
            "removed": int,  # no longer in its deck: history kept, not scheduled
            "added": str,  # UTC time the card was first seen
        },
        pk=("deck_id", "card_id"),
        not_null=["repetitions", "easiness", "interval", "lapses", "suspended", "leech",
                  "removed", "added"],
        defaults={"repetitions": 0, "easiness": "2.5", "interval": 0, "lapses": 0,
                  "suspended": 0, "leech": 0, "removed": 0},
    )  # fmt: skip
    db.table("cards").create_index(
        ["deck_id", "removed", "suspended", "due"], index_name="cards_due"
    )
    db.table("reviews").create(
        {
            "id": int,
            "at": str,  # UTC, ISO 8601
            "day": str,  # the study day it counts for
            "deck_id": str,
            "card_id": str,
            "kind": str,  # new / review / redrill / practice
            "quality": int,
            "correct": int,
            "answer": str,  # JSON of what was answered
            "seconds": float,
            "before": str,  # JSON of the card state before
            "after": str,  # and after
            "session": str,
        },
        pk="id",
        not_null=["at", "day", "deck_id", "card_id", "kind", "quality", "correct", "before",
                  "after"],
    )  # fmt: skip
    db.table("reviews").create_index(["deck_id", "card_id"], index_name="reviews_card")
    db.table("reviews").create_index(["day"], index_name="reviews_day")
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "deck_id": str,
            "card_id": str,
            "kind": str,  # suspend / unsuspend / undo
            "after_review": int,  # newest review id when it happened: orders it in the log
            "review_id": int,  # for undo: the review taken back
        },
        pk="id",
        not_null=["at", "deck_id", "card_id", "kind", "after_review"],
    )
    db.table("events").create_index(["deck_id", "card_id"], index_name="events_card")
    # Daily limits and streaks skip undone answers: find an undo by the review it undid.
    db.table("events").create_index(["review_id"], index_name="events_review")
    # The log is append-only: the database itself refuses edits and deletions.
    for table in ("reviews", "events"):
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is an append-only log'); END"
            )


@migration
def create_flags(db: Database) -> None:
    """Cards a candidate reported as wrong, for the deck's instructor."""
    db.table("flags").create(
        {"id": int, "at": str, "deck_id": str, "card_id": str, "note": str},
        pk="id",
        not_null=["at", "deck_id", "card_id"],
    )
    db.table("flags").create_index(["deck_id", "card_id"], index_name="flags_card")


@migration
def create_exams(db: Database) -> None:
    """Mock-exam results, and a day on events so a missed card can be sent to a review."""
    db.table("exams").create(
        {
            "id": int,
            "at": str,  # UTC time it was submitted
            "deck_id": str,
            "topic": str,  # NULL for the whole deck
            "questions": int,
            "correct": int,
            "pass_mark": int,
            "minutes": int,
            "seconds_used": float,
            "timed_out": int,
            "detail": str,  # JSON: per question card id, topic, answer, right, flagged
        },
        pk="id",
        not_null=["at", "deck_id", "questions", "correct", "pass_mark", "minutes"],
    )
    db.execute("ALTER TABLE events ADD COLUMN day TEXT")


# Written out rather than imported: a migration must do the same thing forever. A test
# holds them equal to core's PASSING and SM-2's MATURE_DAYS; changing those needs a new
# migration.
TALLY_PASSING = 3
TALLY_MATURE_DAYS = 21
NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'undo' AND e.review_id = r.id)"


def _day_key(row: str = "") -> str:
    """What one answer is counted under in day_tallies; ``row`` is e.g. "NEW."."""
    return (
        f"{row}deck_id, {row}day, {row}kind, {row}quality >= {TALLY_PASSING}, "
        f"coalesce(json_extract({row}before, '$.interval'), 0) >= {TALLY_MATURE_DAYS}"
    )


TALLY_RECOUNTS = {
    "day_tallies": (
        "deck_id, day, kind, passed, mature, answers",
        "answers > 0",
        f"SELECT {_day_key()}, count(*) FROM reviews r WHERE {NOT_UNDONE} GROUP BY 1, 2, 3, 4, 5",
    ),
    "card_tallies": (
        "deck_id, card_id, asked, missed",
        "asked > 0",
        f"SELECT deck_id, card_id, count(*), sum(quality < {TALLY_PASSING}) FROM reviews r "
        f"WHERE {NOT_UNDONE} GROUP BY 1, 2",
    ),
}
"""Each tally table: its columns, which rows count (all their answers may be undone), and
the query that counts them afresh from the log."""


@migration
def create_tallies(db: Database) -> None:
    """Answers counted per deck, day, kind, passed and mature, and per card; each card's
    topic.

    The statistics read these small tables instead of a million-row log. SQLite keeps them
    in step with the log by trigger, inside the answer's own transaction, so they cannot
    disagree with it.
    """
    db.execute(
        "CREATE TABLE day_tallies (deck_id TEXT NOT NULL, day TEXT NOT NULL, "
        "kind TEXT NOT NULL, passed INTEGER NOT NULL, mature INTEGER NOT NULL, "
        "answers INTEGER NOT NULL, PRIMARY KEY (deck_id, day, kind, passed, mature))"
    )
    db.execute(
        "CREATE TABLE card_tallies (deck_id TEXT NOT NULL, card_id TEXT NOT NULL, "
        "asked INTEGER NOT NULL, missed INTEGER NOT NULL, PRIMARY KEY (deck_id, card_id))"
    )
    db.execute(
        "CREATE TRIGGER reviews_tally AFTER INSERT ON reviews BEGIN "
        "INSERT INTO day_tallies (deck_id, day, kind, passed, mature, answers) "
        f"VALUES ({_day_key('NEW.')}, 1) "
        "ON CONFLICT (deck_id, day, kind, passed, mature) DO UPDATE SET answers = answers + 1; "
        "INSERT INTO card_tallies (deck_id, card_id, asked, missed) "
        f"VALUES (NEW.deck_id, NEW.card_id, 1, NEW.quality < {TALLY_PASSING}) "
        "ON CONFLICT (deck_id, card_id) DO UPDATE "
        "SET asked = asked + 1, missed = missed + excluded.missed; END"
    )
    # An undone answer stops counting, as everywhere else.
    db.execute(
        "CREATE TRIGGER events_untally AFTER INSERT ON events WHEN NEW.kind = 'undo' BEGIN "
        "UPDATE day_tallies SET answers = answers - 1 "
        f"WHERE (deck_id, day, kind, passed, mature) = (SELECT {_day_key()} FROM reviews "
        "WHERE id = NEW.review_id); "
        "UPDATE card_tallies SET asked = asked - 1, missed = missed - "
        f"(SELECT quality < {TALLY_PASSING} FROM reviews WHERE id = NEW.review_id) "
        "WHERE (deck_id, card_id) = (SELECT deck_id, card_id FROM reviews "
        "WHERE id = NEW.review_id); END"
    )
    for table, (columns, _, recount) in TALLY_RECOUNTS.items():
        db.execute(f"INSERT INTO {table} ({columns}) {recount}")
    # Each card's topic as its deck last said, so per-topic figures are counted in SQL;
    # filled in by the next sync.
    db.execute("ALTER TABLE cards ADD COLUMN topic TEXT")
    db.execute("CREATE INDEX cards_leech ON cards (deck_id) WHERE leech = 1")


# From migration 5 on, each logged state says whether its scheduler called the card mature;
# answers logged before it only carry SM-2's interval, read as migration 4 read it.
def _logged_day_key(row: str = "") -> str:
    """What one answer is counted under in day_tallies from migration 5 on."""
    return (
        f"{row}deck_id, {row}day, {row}kind, {row}quality >= {TALLY_PASSING}, "
        f"coalesce(json_extract({row}before, '$.mature'), "
        f"coalesce(json_extract({row}before, '$.interval'), 0) >= {TALLY_MATURE_DAYS})"
    )


LOGGED_TALLY_RECOUNTS = {
    **TALLY_RECOUNTS,
    "day_tallies": (
        "deck_id, day, kind, passed, mature, answers",
        "answers > 0",
        f"SELECT {_logged_day_key()}, count(*) FROM reviews r WHERE {NOT_UNDONE} "
        "GROUP BY 1, 2, 3, 4, 5",
    ),
}
"""The tally recounts since migration 5: what the store checks and recounts by."""


@migration
def memory_in_scheduler_form(db: Database) -> None:
    """Each card's memory in its scheduler's own serialised form, so another scheduler
    needs no columns of its own: the scheduler's name, its memory as JSON, and whether it
    calls the card mature, which the statistics count in SQL.

    The table is rebuilt rather than altered, as not every SQLite in use can drop a column.
    """
    db.execute(
        "CREATE TABLE cards_new (deck_id TEXT, card_id TEXT, scheduler TEXT NOT NULL, "
        "memory TEXT NOT NULL, mature INTEGER NOT NULL, due TEXT, "
        "lapses INTEGER NOT NULL DEFAULT 0, suspended INTEGER NOT NULL DEFAULT 0, "
        "leech INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0, "
        "added TEXT NOT NULL, topic TEXT, PRIMARY KEY (deck_id, card_id))"
    )
    # Every card so far was kept by SM-2; its memory as SM-2's to_dict writes it.
    db.execute(
        "INSERT INTO cards_new SELECT deck_id, card_id, 'sm2', "
        "json_object('easiness', easiness, 'interval', interval, 'repetitions', repetitions), "
        f"interval >= {TALLY_MATURE_DAYS}, due, lapses, suspended, leech, removed, added, topic "
        "FROM cards ORDER BY rowid"
    )
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE cards_new RENAME TO cards")
    db.execute("CREATE INDEX cards_due ON cards (deck_id, removed, suspended, due)")
    db.execute("CREATE INDEX cards_leech ON cards (deck_id) WHERE leech = 1")
    # The tallies read maturity from the log row from now on. Answers already counted
    # count the same, so the tallies stand as they are.
    db.execute("DROP TRIGGER reviews_tally")
    db.execute("DROP TRIGGER events_untally")
    db.execute(
        "CREATE TRIGGER reviews_tally AFTER INSERT ON reviews BEGIN "
        "INSERT INTO day_tallies (deck_id, day, kind, passed, mature, answers) "
        f"VALUES ({_logged_day_key('NEW.')}, 1) "
        "ON CONFLICT (deck_id, day, kind, passed, mature) DO UPDATE SET answers = answers + 1; "
        "INSERT INTO card_tallies (deck_id, card_id, asked, missed) "
        f"VALUES (NEW.deck_id, NEW.card_id, 1, NEW.quality < {TALLY_PASSING}) "
        "ON CONFLICT (deck_id, card_id) DO UPDATE "
        "SET asked = asked + 1, missed = missed + excluded.missed; END"
    )
    db.execute(
        "CREATE TRIGGER events_untally AFTER INSERT ON events WHEN NEW.kind = 'undo' BEGIN "
        "UPDATE day_tallies SET answers = answers - 1 "
        f"WHERE (deck_id, day, kind, passed, mature) = (SELECT {_logged_day_key()} "
        "FROM reviews WHERE id = NEW.review_id); "
        "UPDATE card_tallies SET asked = asked - 1, missed = missed - "
        f"(SELECT quality < {TALLY_PASSING} FROM reviews WHERE id = NEW.review_id) "
        "WHERE (deck_id, card_id) = (SELECT deck_id, card_id FROM reviews "
        "WHERE id = NEW.review_id); END"
    )


@migration
def deck_syncs_and_study_order(db: Database) -> None:
    """What each deck's cards were when the cards table was last brought in line with it
    (a digest of their ids, topics and the topics' order), so an unchanged deck is not
    compared row by row at every start; and each card's place in its deck's study order,
    so that today's new cards and the order of due ones are read by index."""
    db.execute("CREATE TABLE deck_syncs (deck_id TEXT PRIMARY KEY, digest TEXT NOT NULL)")
    db.execute("ALTER TABLE cards ADD COLUMN position INTEGER")
    db.execute("DROP INDEX cards_due")
    db.execute("CREATE INDEX cards_due ON cards (deck_id, removed, suspended, due, position)")


@migration
def create_settings(db: Database) -> None:
    """Settings the stored states depend on: which scheduler, with which retention, they
    were worked out by. A file without a row was scheduled by SM-2 alone."""
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


LOGGED_COLUMNS = {
    "reviews": ("at", "day", "deck_id", "card_id", "kind", "quality", "correct", "answer",
                "seconds", "before", "after", "session", "id"),
    "events": ("at", "deck_id", "card_id", "kind", "after_review", "review_id", "day", "id"),
}  # fmt: skip
"""The columns of each log table as migration 8 found them (``id`` the row id): none of
them may change."""


@migration
def rows_from_other_devices(db: Database) -> None:
    """Rows `studytool sync` brought from another device of the same learner: the device
    that logged each (``origin``) and its id there (``origin_id``). With them a row is
    never taken twice, an undo names the right answer, and each device's rows replay in
    the order that device logged them. A row this device logged has neither, until the
    file turns out to be a copy of another device's: then the rows both had before the
    copy are given the other device's id, once. And the database's own device id, made
    with it, so that a copy of the file shares it and can be told for what it is."""
    for table in ("reviews", "events", "flags"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin_id INTEGER")
        db.execute(
            f"CREATE UNIQUE INDEX {table}_origin ON {table} (origin, origin_id) "
            "WHERE origin IS NOT NULL"
        )
    # A new row is logged no earlier than the newest row of its card from another device:
    # found in an index of those rows alone, empty on a device that never synced.
    for table in ("reviews", "events"):
        db.execute(
            f"CREATE INDEX {table}_taken ON {table} (deck_id, card_id, at) WHERE origin IS NOT NULL"
        )
    for table, columns in LOGGED_COLUMNS.items():
        # The one change allowed: a row of this file's own given another device's id and
        # its own id as the id there, everything else (the row id too) as it was.
        unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in columns)
        db.execute(f"DROP TRIGGER {table}_no_update")
        db.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN NOT ("
            "OLD.origin IS NULL AND NEW.origin IS NOT NULL AND NEW.origin_id IS OLD.id "
            f"AND {unchanged}) BEGIN SELECT RAISE(ABORT, '{table} is an append-only log'); END"
        )
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('device', ?) ON CONFLICT (key) DO NOTHING",
        (_device_id(db),),
    )


def _device_id(db: Database) -> str:
    """A file that already holds a log takes its id from the log's first row, so that
    copies made of it before this migration share an id, as copies made after do; any
    other file gets a random one."""
    first = db.execute(
        "SELECT * FROM (SELECT at, card_id, kind, session FROM reviews ORDER BY id LIMIT 1) "
        "UNION ALL SELECT * FROM (SELECT at, card_id, kind, '' FROM events ORDER BY id LIMIT 1)"
    ).fetchone()
    if first is None:
        return uuid.uuid4().hex
    return hashlib.sha256(json.dumps(list(first)).encode()).hexdigest()[:32]


SCHEMA_VERSION = len(MIGRATIONS)
