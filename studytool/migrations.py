"""The database schema, as an ordered list of migrations.

The schema version is SQLite's own ``PRAGMA user_version``: migration N brings a database
from version N-1 to N. A file whose version is higher than the last migration here was
written by a newer studytool and is refused, untouched. The store writes a backup copy
before any migration runs on an existing file.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

Migration = Callable[[Database], None]
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


SCHEMA_VERSION = len(MIGRATIONS)
