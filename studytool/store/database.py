"""The SQLite database: the only module that reads or writes it.

- ``reviews`` is an append-only log with one row per graded answer; ``events`` logs
  suspensions and undos. Triggers refuse edits to either.
- ``cards`` holds each card's current state, always equal to a replay of its log
  (``studytool doctor`` checks and can rebuild it).
- Every answer is one ``BEGIN IMMEDIATE`` transaction, committed before the caller moves
  on; WAL mode and a busy timeout let two sessions share the file without losing a row.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from studytool.core import schedulers
from studytool.core.queue import REDRILL_PASS
from studytool.core.schedule import (
    CardState,
    EventKind,
    LoggedEvent,
    LoggedReview,
    ReviewKind,
    new_card,
    replay,
)
from studytool.core.schedulers import DEFAULT, PASSING, SCHEDULERS, Scheduler
from studytool.errors import (
    DatabaseCannotOpen,
    DatabaseCopied,
    DatabaseDamaged,
    DatabaseGone,
    DatabaseIsFolder,
    DatabaseLocked,
    DatabaseProblem,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnreadable,
    DataFolderCannotBeMade,
    DataFolderUnreadable,
    DiskFull,
    ForeignDatabase,
    JournalGone,
    LogIncomplete,
)
from studytool.store.migrations import (
    LOGGED_TALLY_RECOUNTS,
    MIGRATIONS,
    NOT_UNDONE,
    SCHEMA_VERSION,
)
from studytool.store.shipment import FIELDS, Marks, Row, Shipment

if TYPE_CHECKING:
    from studytool.core.stats import CardTally, DayTally, TopicAnswers, TopicCards

BUSY_TIMEOUT_MS = 15_000
# Appended to queries on `reviews r`: an answer that was undone no longer counts.
APPLICATION_ID = 0x53545544
"""SQLite's application_id for our files ("STUD"), so `file` and we can tell them apart."""


@dataclass(frozen=True)
class Review:
    """One row of the review log, as the session engine writes it."""

    at: datetime
    day: date
    deck_id: str
    card_id: str
    kind: ReviewKind
    quality: int
    correct: bool
    answer: Any
    seconds: float | None
    session: str


@dataclass(frozen=True)
class ExamQuestionRecord:
    """How one exam question went, kept with the exam's result."""

    card: str
    topic: str
    right: bool
    flagged: bool


@dataclass(frozen=True)
class ExamRecord:
    """One finished mock exam, as `studytool exam --history` lists it."""

    at: datetime
    deck_id: str
    topic: str | None
    questions: int
    correct: int
    pass_mark: int
    minutes: int
    seconds_used: float
    timed_out: bool
    detail: tuple[ExamQuestionRecord, ...]


@dataclass(frozen=True)
class Saved:
    """A review once it is in the log: its id, and the card's state before and after."""

    review_id: int
    before: CardState
    after: CardState


@dataclass(frozen=True)
class SyncReport:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    restored: tuple[str, ...]


Placed = tuple[str, CardState, int | None]
"""A card's id and state, and its place in its deck's study order when it has one."""


@dataclass(frozen=True)
class QueueCandidates:
    due: list[Placed]
    """Today's due cards, in the deck's study order."""
    unseen: int
    """Cards never seen (not suspended)."""
    suspended: int


def _state_fields(state: CardState) -> dict[str, Any]:
    """A state as data. ``mature`` is what the scheduler says of the memory, kept beside it
    so that SQL can count mastered cards and mature answers without knowing the scheduler."""
    return {
        "scheduler": state.scheduler,
        "memory": state.schedule.to_dict(state.memory),
        "mature": state.mature,
        "due": state.due.isoformat() if state.due else None,
        "lapses": state.lapses,
        "suspended": state.suspended,
        "leech": state.leech,
    }


def state_to_json(state: CardState) -> str:
    """A state as the review log keeps it (before and after each answer)."""
    return json.dumps(_state_fields(state), sort_keys=True)


def _state_columns(state: CardState) -> dict[str, Any]:
    """A state as the ``cards`` columns hold it."""
    return _columns(_state_fields(state))


def _columns(fields: dict[str, Any]) -> dict[str, Any]:
    return {**fields, "memory": json.dumps(fields["memory"], sort_keys=True)}


_STATE_NAMES = tuple(_state_fields(new_card(DEFAULT)))
_UPDATE_STATE = (
    f"UPDATE cards SET {', '.join(f'{name} = ?' for name in _STATE_NAMES)} "
    "WHERE deck_id = ? AND card_id = ?"
)
_INSERT_STATE = (
    f"INSERT INTO cards (deck_id, card_id, added, {', '.join(_STATE_NAMES)}) "
    f"VALUES (?, ?, ?, {', '.join('?' * len(_STATE_NAMES))})"
)
"""A card's state written (made once: the answer path runs them at every answer)."""


def _state_from_row(row: sqlite3.Row) -> CardState:
    return CardState(
        scheduler=row["scheduler"],
        memory=SCHEDULERS[row["scheduler"]].from_dict(json.loads(row["memory"])),
        due=date.fromisoformat(row["due"]) if row["due"] else None,
        lapses=row["lapses"],
        suspended=bool(row["suspended"]),
        leech=bool(row["leech"]),
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


_NEWEST_TAKEN = (
    "SELECT max(at) FROM (SELECT max(at) AS at FROM reviews "
    "WHERE deck_id = ?1 AND card_id = ?2 AND origin IS NOT NULL "
    "UNION ALL SELECT max(at) FROM events "
    "WHERE deck_id = ?1 AND card_id = ?2 AND origin IS NOT NULL)"
)
"""The newest moment among a card's rows from other devices: only they can read later
than this device's clock (its own rows replay in its order). Read from the indexes of
those rows alone, empty until a sync takes some."""


def _logged_at(connection: sqlite3.Connection, deck_id: str, card_id: str, moment: datetime) -> str:
    """When a new row of a card's log is logged: ``moment``, or just after the newest row
    of that card's log from another device if that reads later. The logs of two devices
    are replayed in the order of these times; a clock running behind another device's
    must not put an answer given after seeing that device's rows before them."""
    logged = _utc(moment)
    newest = connection.execute(_NEWEST_TAKEN, (deck_id, card_id)).fetchone()[0]
    if newest is None or newest < logged:
        return logged
    try:
        return _utc(datetime.fromisoformat(newest) + timedelta(microseconds=1))
    except ValueError:  # not a time studytool wrote: it orders nothing
        return logged


def describe_failure(path: Path, exc: sqlite3.Error) -> DatabaseProblem:
    """What an error SQLite raised means for the user's file."""
    detail = str(exc)
    text = detail.lower()
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(path, detail)
    if ("disk" in text and "full" in text) or "no space" in text:
        return DiskFull(path, detail)
    if "locked" in text or "busy" in text:
        return DatabaseLocked(path, detail, BUSY_TIMEOUT_MS // 1000)
    if "unable to open" in text:
        return DatabaseCannotOpen(path, detail)
    return DatabaseUnreadable(path, detail)


P = ParamSpec("P")
R = TypeVar("R")


def _domain_errors(
    method: Callable[Concatenate[Store, P], R],
) -> Callable[Concatenate[Store, P], R]:
    """Whatever SQLite raises while ``method`` runs, as the domain error it means for the
    file: no caller needs to know SQLite's exceptions."""

    @functools.wraps(method)
    def translated(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except sqlite3.Error as exc:
            raise describe_failure(store.path, exc) from None

    return translated


def _identity(path: Path | str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _journal_files(path: Path) -> tuple[str, str]:
    """The write-ahead log and its index beside ``path``."""
    return f"{path}-wal", f"{path}-shm"


def _journal(files: tuple[str, str]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Which files hold the write-ahead log and its index."""
    return _identity(files[0]), _identity(files[1])


def _enter_wal(connection: sqlite3.Connection) -> None:
    """Switch to WAL mode. The switch needs a moment alone with the file, and SQLite does
    not wait for that through the busy timeout: when another session is opening the same
    new file at that instant, retry for as long as a busy write would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


OWN_TABLES = frozenset({"cards", "reviews", "events"})
"""The tables studytool's first migration made, in every studytool database."""

QUICK_CHECK_BYTES = 64 * 1024 * 1024
"""Files up to this size get SQLite's quick_check on every open (a few tens of ms); bigger
ones only through `studytool doctor`, to keep start-up fast."""


def _verdict_path(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def _keep_verdict(path: Path, found: list[str]) -> None:
    """Note which file a full check found damaged, and what it found; a sound verdict
    clears the note."""
    note = _verdict_path(path)
    try:
        if found:
            device, inode = _identity(path) or (0, 0)
            note.write_text(json.dumps({"file": [device, inode], "found": found[:5]}))
        else:
            note.unlink(missing_ok=True)
    except OSError:
        pass  # the check's own report still tells the user


def _found_damaged(path: Path) -> str | None:
    """What a full check found in this very file (not one restored over it), if any."""
    try:
        kept = json.loads(_verdict_path(path).read_text())
        if tuple(kept["file"]) == _identity(path):
            return "; ".join(map(str, kept["found"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _probe_version(path: Path, check: bool = True) -> int:
    """The schema version of an existing file, read without writing a byte to it; with
    ``check``, a small file is also checked for damage first."""
    if path.is_dir():
        raise DatabaseIsFolder(path)
    if check and (verdict := _found_damaged(path)):
        raise DatabaseDamaged(path, f"`studytool doctor` found: {verdict}")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            # One statement, so one snapshot: read one by one, another session's first
            # migration could commit between the version and the tables, and a new
            # studytool file would look like another program's.
            row = probe.execute(
                "SELECT (SELECT user_version FROM pragma_user_version), "
                "(SELECT application_id FROM pragma_application_id), "
                "(SELECT group_concat(name, char(31)) FROM sqlite_master WHERE type = 'table')"
            ).fetchone()  # fmt: skip
            version, application = int(row[0]), int(row[1])
            tables = set(str(row[2]).split("\x1f")) if row[2] else set()
            if check and path.stat().st_size <= QUICK_CHECK_BYTES:
                try:
                    found = [row[0] for row in probe.execute("PRAGMA quick_check(5)")]
                except sqlite3.DatabaseError as exc:
                    # A page too garbled to walk stops the check itself: damage all the same.
                    found = [str(exc)]
                if found != ["ok"]:
                    raise DatabaseDamaged(path, "; ".join(found))
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise describe_failure(path, exc) from None
    # A file from before studytool stamped its application id has our tables; any other
    # file with a version but no id is another program's, whatever its version says.
    unstamped_ours = application == 0 and tables >= OWN_TABLES
    if (
        application not in (0, APPLICATION_ID)
        or (version == 0 and tables)
        or (version > 0 and application == 0 and not unstamped_ours)
    ):
        raise ForeignDatabase(path)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(path, version, SCHEMA_VERSION)
    return version


SM2_ALONE = "sm2"
"""The scheduler setting of a file that has none: every state in it is SM-2's."""
SCHEDULER_SETTING = "SELECT value FROM settings WHERE key = 'scheduler'"


DEVICE = "SELECT value FROM settings WHERE key = 'device'"
"""This database's device id, made with it (migration 8)."""
# A row this device logged is named by this device's id: the log order must be the same
# on every device holding the row.
_ORIGIN = f"coalesce(origin, ({DEVICE}), '') AS origin, origin_id"
_OWN_ROWS = {
    "reviews": "SELECT :me, id, at, day, deck_id, card_id, kind, quality, correct, answer, "
    "seconds, before, after, session FROM reviews r WHERE origin IS NULL AND {} ORDER BY id",
    "events": "SELECT :me, r.id, r.at, r.deck_id, r.card_id, r.kind, r.after_review, "
    "CASE WHEN n.id IS NOT NULL THEN coalesce(n.origin, :me) END, coalesce(n.origin_id, n.id), "
    "r.day FROM events r LEFT JOIN reviews n ON n.id = r.review_id "
    "WHERE r.origin IS NULL AND {} ORDER BY r.id",
    "flags": "SELECT :me, id, at, deck_id, card_id, note FROM flags r "
    "WHERE origin IS NULL AND {} ORDER BY id",
}
"""This device's own rows of each table that a condition on ``r.id`` picks, as a Shipment
holds them."""
_INCOMING = {
    "reviews": "INSERT INTO reviews (origin, origin_id, at, day, deck_id, card_id, kind, "
    "quality, correct, answer, seconds, before, after, session) VALUES (:device, :seq, :at, "
    ":day, :deck_id, :card_id, :kind, :quality, :correct, :answer, :seconds, :before, :after, "
    ":session) ON CONFLICT (origin, origin_id) WHERE origin IS NOT NULL DO NOTHING",
    "events": "INSERT INTO events (origin, origin_id, at, deck_id, card_id, kind, after_review, "
    "review_id, day) VALUES (:device, :seq, :at, :deck_id, :card_id, :kind, :after_review, "
    ":review_id, :day) ON CONFLICT (origin, origin_id) WHERE origin IS NOT NULL DO NOTHING",
    "flags": "INSERT INTO flags (origin, origin_id, at, deck_id, card_id, note) VALUES "
    "(:device, :seq, :at, :deck_id, :card_id, :note) "
    "ON CONFLICT (origin, origin_id) WHERE origin IS NOT NULL DO NOTHING",
}
"""Another device's row of each table, unless it is here already."""
_LOGGED_REVIEW = f"id, kind, quality, day, at, {_ORIGIN}"
_LOGGED_EVENT = f"id, kind, after_review, review_id, day, at, {_ORIGIN}"


def _logged_review(row: sqlite3.Row) -> LoggedReview:
    return LoggedReview(row["id"], row["kind"], row["quality"], date.fromisoformat(row["day"]),
                        row["at"], row["origin"], row["origin_id"])  # fmt: skip


def _logged_event(row: sqlite3.Row) -> LoggedEvent:
    day = date.fromisoformat(row["day"]) if row["day"] else None
    return LoggedEvent(row["id"], row["kind"], row["after_review"], row["review_id"], day,
                       row["at"], row["origin"], row["origin_id"])  # fmt: skip


class Store:
    def __init__(
        self, connection: sqlite3.Connection, path: Path, scheduler: str = DEFAULT
    ) -> None:
        self.connection = connection
        self.path = path
        self.scheduler = scheduler
        """The name of the scheduler new cards start with; each card keeps its own."""
        self._identity = _identity(path)
        self._journal_files = _journal_files(path)
        self._journal = _journal(self._journal_files)
        """The write-ahead log and its index as opened (``open`` has them made)."""
        self._setting: str | None = None
        """The scheduler setting the states are read and moved with, once adopted."""

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, *, now: datetime, check: bool = True, scheduler: str = DEFAULT
    ) -> Store:
        """Open (creating or migrating) the database at ``path``; a DatabaseProblem if it
        can't.
        ``check=False`` skips the damage check, for `doctor`, which reports it itself.
        ``scheduler`` names the scheduler in SCHEDULERS that new cards start with."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFolderCannotBeMade(path.parent, exc.strerror or str(exc)) from None
        try:
            exists = path.exists()
        except OSError as exc:  # a data dir whose permissions keep us out
            raise DataFolderUnreadable(path.parent, exc.strerror or str(exc)) from None
        version = _probe_version(path, check) if exists else 0
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000,
                                         isolation_level=None, check_same_thread=False)  # fmt: skip
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _enter_wal(connection)
            # FULL: a committed answer survives a power cut, not only a killed process.
            connection.execute("PRAGMA synchronous = FULL")
            # A first read makes the log and its index, whose files each write then checks.
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise describe_failure(path, exc) from None
        store = cls(connection, path, scheduler)
        try:
            if version < SCHEMA_VERSION:
                store._migrate(version, now)
            store._adopt(connection)
        except sqlite3.Error as exc:
            connection.close()
            raise describe_failure(path, exc) from None
        return store

    def _adopt(self, connection: sqlite3.Connection) -> None:
        """Read the states back with the scheduler they were worked out with, as the file
        says: another process may have switched it (``schedule_with``) since this one
        registered its own, and an answer recorded here must move the state as the
        others did."""
        try:
            row = connection.execute(SCHEDULER_SETTING).fetchone()
        except sqlite3.OperationalError:  # a file from before settings were kept
            row = None
        found = row[0] if row else SM2_ALONE
        if found == self._setting:
            return
        try:
            kept_by = schedulers.from_setting(found)
        except ValueError:
            return  # a setting this version cannot read: the states are read as they are
        schedulers.use(kept_by)
        self._setting = found

    def _migrate(self, version: int, now: datetime) -> None:
        if version > 0:
            backup = self.path.with_name(
                f"{self.path.name}.v{version}-{now.strftime('%Y%m%dT%H%M%S')}.bak"
            )
            with sqlite3.connect(backup) as target:
                self.connection.backup(target)
            target.close()
        # One transaction for every step: a run that fails half-way leaves the file as it
        # found it, never at a version between.
        with self.transaction():
            # Another process may have migrated while we waited for the lock.
            current = self.connection.execute("PRAGMA user_version").fetchone()[0]
            # sqlite-utils only serves the migrations: importing it on demand keeps tens
            # of milliseconds off every start.
            from sqlite_utils import Database

            for number, step in enumerate(MIGRATIONS, start=1):
                if current >= number:
                    continue
                step(Database(self.connection))
                self.connection.execute(f"PRAGMA user_version = {number}")
            self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @_domain_errors
    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front so that two sessions
        queue for it instead of failing half-way."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            # SQLite may already have rolled back (disk full, I/O error); a second
            # ROLLBACK would then fail and hide the error that matters.
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise
        else:
            self.connection.execute("COMMIT")

    def _write(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        # SQLite keeps writing to a file that was deleted or moved away under it, and
        # those answers vanish when it closes: check it is still the file we opened.
        if _identity(self.path) != self._identity:
            raise DatabaseGone(self.path)
        with self.transaction() as connection:
            result = action(connection)
        # A commit lands in the write-ahead log first: if that was deleted under us, the
        # answer sits in a file a crash takes with it. Two stats per answer tell.
        if _journal(self._journal_files) != self._journal:
            self._rescue()
        return result

    def _rescue(self) -> None:
        """Copy what the vanished log holds into the file itself, then stop: the answers
        are kept, and no more are taken where a crash would lose them."""
        try:
            busy, _, _ = self.connection.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
        except sqlite3.Error:
            busy = 1
        if busy:
            raise DatabaseGone(self.path)
        raise JournalGone(self.path)

    # -- decks -------------------------------------------------------------------------

    @_domain_errors
    def sync_deck(
        self,
        deck_id: str,
        card_ids: Sequence[str],
        now: datetime,
        topics: Sequence[str] | None = None,
        digest: str | None = None,
        order: Sequence[str] | None = None,
    ) -> SyncReport:
        """Give new cards a state row, mark vanished ones removed (history kept), and bring
        back cards that reappear with their progress. ``topics`` (each card's, in the order
        of ``card_ids``) is kept on each row so the statistics can count per topic, and
        each card's place in ``order`` (the deck's study order) so the queue can be read
        in it.

        With ``digest`` (of all of these) a deck synced before with the same digest is
        not read again: nothing can have changed."""
        if (
            digest is not None
            and self.connection.execute(
                "SELECT 1 FROM deck_syncs WHERE deck_id = ? AND digest = ?", (deck_id, digest)
            ).fetchone()
        ):
            return SyncReport((), (), ())
        topic_of = dict(zip(card_ids, topics, strict=True)) if topics is not None else {}
        wanted = set(card_ids)
        fresh = _state_columns(new_card(self.scheduler))
        placed = {card_id: n for n, card_id in enumerate(order or ())}

        # The rows are read inside the write transaction: another process syncing another
        # version of the deck at the same moment then waits rather than interleaves.
        def write(connection: sqlite3.Connection) -> SyncReport:
            rows = connection.execute(
                "SELECT card_id, removed, topic FROM cards WHERE deck_id = ?", (deck_id,)
            ).fetchall()
            known = {row["card_id"]: bool(row["removed"]) for row in rows}
            added = [c for c in card_ids if c not in known]
            removed = [c for c, gone in known.items() if not gone and c not in wanted]
            restored = [c for c, gone in known.items() if gone and c in wanted]
            moved = [
                (topic_of.get(row["card_id"]), deck_id, row["card_id"])
                for row in rows
                if row["card_id"] in wanted and topic_of.get(row["card_id"]) != row["topic"]
            ]
            connection.executemany(
                f"INSERT OR IGNORE INTO cards (deck_id, card_id, added, topic, {', '.join(fresh)}) "
                f"VALUES (?, ?, ?, ?, {', '.join('?' * len(fresh))})",
                [
                    (deck_id, card_id, _utc(now), topic_of.get(card_id), *fresh.values())
                    for card_id in added
                ],
            )
            connection.executemany(
                "UPDATE cards SET removed = ? WHERE deck_id = ? AND card_id = ?",
                [(1, deck_id, c) for c in removed] + [(0, deck_id, c) for c in restored],
            )
            connection.executemany(
                "UPDATE cards SET topic = ? WHERE deck_id = ? AND card_id = ?", moved
            )
            connection.executemany(
                "UPDATE cards SET position = ? WHERE deck_id = ? AND card_id = ?",
                [(n, deck_id, card_id) for card_id, n in placed.items()],
            )
            if digest is not None:
                connection.execute(
                    "INSERT INTO deck_syncs (deck_id, digest) VALUES (?, ?) "
                    "ON CONFLICT (deck_id) DO UPDATE SET digest = excluded.digest",
                    (deck_id, digest),
                )
            return SyncReport(tuple(added), tuple(removed), tuple(restored))

        report: SyncReport = self._write(write)
        return report

    @_domain_errors
    def states(self, deck_id: str) -> dict[str, CardState]:
        """Every scheduled (not removed) card of a deck and its state."""
        rows = self.connection.execute(
            "SELECT * FROM cards WHERE deck_id = ? AND removed = 0", (deck_id,)
        )
        return {row["card_id"]: _state_from_row(row) for row in rows}

    @_domain_errors
    def queue_candidates(self, deck_id: str, today: date, reviews: int) -> QueueCandidates:
        """What today's reviews are built from, read by index rather than the whole deck:
        the ``reviews`` most overdue cards in study order (as ``sync_deck`` placed them),
        and counts."""
        due = [
            (row["card_id"], _state_from_row(row), row["position"])
            for row in self.connection.execute(
                "SELECT * FROM cards WHERE deck_id = ? AND removed = 0 AND suspended = 0 "
                "AND due IS NOT NULL AND due <= ? ORDER BY due LIMIT ?",
                (deck_id, today.isoformat(), max(0, reviews)),
            )
        ]
        due.sort(key=lambda entry: entry[2] or 0)
        unseen, suspended = self.connection.execute(
            "SELECT coalesce(sum(suspended = 0 AND due IS NULL), 0), "
            "coalesce(sum(suspended = 1), 0) FROM cards WHERE deck_id = ? AND removed = 0",
            (deck_id,),
        ).fetchone()
        return QueueCandidates(due, int(unseen), int(suspended))

    @_domain_errors
    def unseen(self, deck_id: str, count: int, skip: int = 0) -> list[Placed]:
        """``count`` cards never seen (nor suspended), in study order, after the first
        ``skip`` of them."""
        return [
            (row["card_id"], _state_from_row(row), row["position"])
            for row in self.connection.execute(
                "SELECT * FROM cards WHERE deck_id = ? AND removed = 0 AND suspended = 0 "
                "AND due IS NULL ORDER BY position LIMIT ? OFFSET ?",
                (deck_id, max(0, count), max(0, skip)),
            )
        ]

    @_domain_errors
    def state(self, deck_id: str, card_id: str) -> CardState:
        """A card's state; a card with no row yet is new. Inside a write transaction it is
        the state as that transaction sees it."""
        row = self.connection.execute(
            "SELECT * FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
        ).fetchone()
        return _state_from_row(row) if row else new_card(self.scheduler)

    # -- answers -----------------------------------------------------------------------

    @_domain_errors
    def record(self, review: Review, transition: Callable[[CardState], CardState]) -> Saved:
        """Log one answer and move the card's state, in one transaction.

        ``transition`` is applied to the state as it is in the database inside the
        transaction, so a second session answering the same card cannot be overwritten.
        """

        def write(connection: sqlite3.Connection) -> Saved:
            self._adopt(connection)
            before = self.state(review.deck_id, review.card_id)
            after = transition(before)
            fields = _state_fields(after)
            saved = self._insert_review(connection, review, before, after, fields)
            if after != before:
                self._put_state(connection, review.deck_id, review.card_id, after, review.at,
                                fields)  # fmt: skip
            return saved

        result: Saved = self._write(write)
        return result

    def _insert_review(
        self,
        connection: sqlite3.Connection,
        review: Review,
        before: CardState,
        after: CardState,
        fields: dict[str, Any] | None = None,
    ) -> Saved:
        """``fields``: ``after`` as data, when the caller has it already."""
        logged_after = json.dumps(fields or _state_fields(after), sort_keys=True)
        cursor = connection.execute(
            "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, "
            "answer, seconds, before, after, session) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _logged_at(connection, review.deck_id, review.card_id, review.at),
                review.day.isoformat(), review.deck_id, review.card_id,
                review.kind, review.quality, int(review.correct),
                json.dumps(review.answer, ensure_ascii=False), review.seconds,
                state_to_json(before), logged_after, review.session,
            ),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        return Saved(cursor.lastrowid, before, after)

    @_domain_errors
    def overrule(
        self,
        review_id: int,
        quality: int,
        now: datetime,
        transition: Callable[[CardState], CardState],
    ) -> Saved:
        """The candidate says an answer marked wrong was right: in one transaction, the
        wrong answer is undone, the same answer is logged again as right at ``quality``
        (moved by ``transition``), and an "overrule" event names the new review. The log
        stays append-only, and a replay gives the state the regrade gave."""

        def write(connection: sqlite3.Connection) -> Saved:
            row = connection.execute(
                "SELECT at, day, deck_id, card_id, kind, answer, seconds, session "
                "FROM reviews WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise KeyError(review_id)
            deck_id, card_id = row["deck_id"], row["card_id"]
            self._event(connection, deck_id, card_id, "undo", now, review_id)
            before = self._replay(connection, deck_id, card_id)
            after = transition(before)
            review = Review(
                datetime.fromisoformat(row["at"]), date.fromisoformat(row["day"]), deck_id,
                card_id, row["kind"], quality, True, json.loads(row["answer"]), row["seconds"],
                row["session"],
            )  # fmt: skip
            saved = self._insert_review(connection, review, before, after)
            self._event(connection, deck_id, card_id, "overrule", now, saved.review_id)
            self._put_state(connection, deck_id, card_id, after, now)
            return saved

        result: Saved = self._write(write)
        return result

    @_domain_errors
    def undo(self, review_id: int, now: datetime) -> CardState:
        """Take back one review: log the undo and replay the card's log without it."""

        def write(connection: sqlite3.Connection) -> CardState:
            row = connection.execute(
                "SELECT deck_id, card_id FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise KeyError(review_id)
            self._event(connection, row["deck_id"], row["card_id"], "undo", now, review_id)
            state = self._replay(connection, row["deck_id"], row["card_id"])
            self._put_state(connection, row["deck_id"], row["card_id"], state, now)
            return state

        result: CardState = self._write(write)
        return result

    @_domain_errors
    def set_suspended(self, deck_id: str, card_id: str, suspended: bool, now: datetime) -> None:
        def write(connection: sqlite3.Connection) -> None:
            self._event(connection, deck_id, card_id, "suspend" if suspended else "unsuspend",
                        now)  # fmt: skip
            state = self._replay(connection, deck_id, card_id)
            self._put_state(connection, deck_id, card_id, state, now)

        self._write(write)

    @_domain_errors
    def still_missed(self, deck_id: str, day: date) -> list[tuple[str, bool]]:
        """Cards whose last scheduled answer on ``day`` was below 4: re-drills a session
        that ended early (quit, crash) still owes; with each, whether that answer was right
        but guessed rather than missed."""
        rows = self.connection.execute(
            "SELECT card_id, quality, correct FROM reviews r WHERE deck_id = ? AND day = ? "
            f"AND kind != 'practice' AND {NOT_UNDONE} ORDER BY at, id",
            (deck_id, day.isoformat()),
        )
        last: dict[str, tuple[int, bool]] = {}
        for row in rows:
            last[row["card_id"]] = (row["quality"], bool(row["correct"]))
        return [(card, correct) for card, (quality, correct) in last.items()
                if quality < REDRILL_PASS]  # fmt: skip

    @_domain_errors
    def answer_times(self, limit: int) -> list[tuple[str, datetime]]:
        """(session, moment answered) of the latest ``limit`` answers timed on screen
        (exam questions are not: they are all logged at hand-in), read newest first by
        row id so a long log is never scanned whole."""
        return [
            (session, datetime.fromisoformat(at))
            for session, at in self.connection.execute(
                "SELECT session, at FROM reviews WHERE seconds IS NOT NULL "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        ]

    @_domain_errors
    def done_on(self, deck_id: str, day: date) -> tuple[int, int]:
        """(new cards introduced, due reviews answered) on a study day, undos excluded:
        what the daily limits count."""
        row = self.connection.execute(
            "SELECT sum(kind = 'new'), sum(kind = 'review') FROM reviews r "
            f"WHERE deck_id = ? AND day = ? AND {NOT_UNDONE}",
            (deck_id, day.isoformat()),
        ).fetchone()
        return int(row[0] or 0), int(row[1] or 0)

    @_domain_errors
    def flag(self, deck_id: str, card_id: str, note: str, now: datetime) -> None:
        """Save a candidate's report that a card is wrong, for the instructor."""

        def write(connection: sqlite3.Connection) -> None:
            connection.execute(
                "INSERT INTO flags (at, deck_id, card_id, note) VALUES (?, ?, ?, ?)",
                (_utc(now), deck_id, card_id, note),
            )

        self._write(write)

    @_domain_errors
    def send_to_review(
        self, deck_id: str, card_ids: Sequence[str], day: date, now: datetime
    ) -> None:
        """Make cards due on ``day`` (unless due sooner), logged so doctor can replay it."""

        def write(connection: sqlite3.Connection) -> None:
            for card_id in card_ids:
                self._event(connection, deck_id, card_id, "due", now, day=day)
                state = self._replay(connection, deck_id, card_id)
                self._put_state(connection, deck_id, card_id, state, now)

        self._write(write)

    @_domain_errors
    def save_exam(self, record: ExamRecord) -> int:
        def write(connection: sqlite3.Connection) -> int:
            cursor = connection.execute(
                "INSERT INTO exams (at, deck_id, topic, questions, correct, pass_mark, minutes, "
                "seconds_used, timed_out, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.at.isoformat(), record.deck_id, record.topic, record.questions,
                    record.correct, record.pass_mark, record.minutes, record.seconds_used,
                    int(record.timed_out), json.dumps([asdict(q) for q in record.detail]),
                ),
            )  # fmt: skip
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        result: int = self._write(write)
        return result

    @_domain_errors
    def exams(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.connection.execute("SELECT * FROM exams ORDER BY id")]

    @_domain_errors
    def flags(self) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            "SELECT deck_id, card_id, at, note FROM flags ORDER BY deck_id, card_id, id"
        )
        return [dict(row) for row in rows]

    # -- sync: this device's rows out, other devices' rows in ------------------------------

    @_domain_errors
    def device(self) -> str:
        """This database's device id; made afresh if its settings row was taken away."""
        row = self.connection.execute(DEVICE).fetchone()
        if row:
            return str(row[0])

        def write(connection: sqlite3.Connection) -> str:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES ('device', ?) "
                "ON CONFLICT (key) DO NOTHING",
                (uuid.uuid4().hex,),
            )
            return str(connection.execute(DEVICE).fetchone()[0])

        made: str = self._write(write)
        return made

    @_domain_errors
    def outgoing(self, held: dict[str, Row]) -> Shipment:
        """This device's rows past the newest of each table that ``held`` says the server
        has, read in one snapshot so every event's review travels with it. A
        DatabaseCopied when that newest row is not this file's, column for column:
        another copy of the file syncs under the same device id."""
        me = self.device()
        shipment = Shipment()
        self.connection.execute("BEGIN")
        try:
            for table, query in _OWN_ROWS.items():
                after = 0
                if table in held:
                    after = int(held[table][1])
                    if self._own_rows(table, me, [after]).get(after) != tuple(held[table]):
                        raise DatabaseCopied(self.path)
                shipment.rows[table] = [
                    tuple(row)
                    for row in self.connection.execute(
                        query.format("r.id > :after"), {"me": me, "after": after}
                    )
                ]
        finally:
            self.connection.execute("COMMIT")
        return shipment

    @_domain_errors
    def own_rows(self, table: str, ids: Sequence[int]) -> dict[int, Row]:
        """This device's own rows of ``table`` among ``ids``, as a Shipment holds them."""
        return self._own_rows(table, self.device(), ids)

    def _own_rows(self, table: str, me: str, ids: Sequence[int]) -> dict[int, Row]:
        named = {f"id{n}": row_id for n, row_id in enumerate(ids)}
        query = _OWN_ROWS[table].format(f"r.id IN ({', '.join(':' + name for name in named)})")
        return {row[1]: tuple(row) for row in self.connection.execute(query, {"me": me, **named})}

    @_domain_errors
    def split_from(self, other: str, shared: dict[str, int]) -> str:
        """This file is a copy of device ``other``'s: its own rows up to ``shared``'s id
        of each table, which both had before the copy, become ``other``'s, and the file
        syncs from now on as a device of its own. Returns its new device id."""

        def write(connection: sqlite3.Connection) -> str:
            current = str(connection.execute(DEVICE).fetchone()[0])
            if current != other:
                return current  # another process split this file meanwhile
            for table, last in shared.items():
                connection.execute(
                    f"UPDATE {table} SET origin = ?, origin_id = id "
                    "WHERE origin IS NULL AND id <= ?",
                    (other, last),
                )
            made = uuid.uuid4().hex
            connection.execute("UPDATE settings SET value = ? WHERE key = 'device'", (made,))
            return made

        result: str = self._write(write)
        return result

    @_domain_errors
    def pulled_marks(self) -> Marks:
        """The highest id of each other device's rows already here, table by table."""
        return {
            (table, origin): seq
            for table in FIELDS
            for origin, seq in self.connection.execute(
                f"SELECT origin, max(origin_id) FROM {table} WHERE origin IS NOT NULL "
                "GROUP BY origin"
            )
        }

    @_domain_errors
    def take(self, shipment: Shipment, now: datetime) -> int:
        """Other devices' rows, in one transaction: each is added unless it is here already,
        and every card they touch is replayed from its merged log. Returns how many cards'
        states changed."""
        me = self.device()

        def write(connection: sqlite3.Connection) -> int:
            touched: set[tuple[str, str]] = set()
            for table, insert in _INCOMING.items():
                for row in shipment.rows[table]:
                    values = dict(zip(FIELDS[table], row, strict=True))
                    if values["device"] == me:
                        continue
                    if table == "events":
                        values["review_id"] = self._local_review(connection, me, values)
                    if connection.execute(insert, values).rowcount:
                        touched.add((values["deck_id"], values["card_id"]))
            changed = 0
            for deck_id, card_id in sorted(touched):
                row = connection.execute(
                    "SELECT * FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
                ).fetchone()
                state = self._replay(connection, deck_id, card_id)
                if row is not None and _state_from_row(row) == state:
                    continue
                self._put_state(connection, deck_id, card_id, state, now)
                changed += 1
                if row is None:
                    # A card of a deck (or a deck's version) this device has not got: its
                    # history is kept, as for a card gone from its deck, until it has.
                    connection.execute(
                        "UPDATE cards SET removed = 1 WHERE deck_id = ? AND card_id = ?",
                        (deck_id, card_id),
                    )
            return changed

        result: int = self._write(write)
        return result

    @staticmethod
    def _local_review(connection: sqlite3.Connection, me: str, event: dict[str, Any]) -> int | None:
        """The id here of the review an incoming event names, which came in before it."""
        device, seq = event["review_device"], event["review_seq"]
        if device is None:
            return None
        row = connection.execute(
            "SELECT id FROM reviews WHERE id = ? AND origin IS NULL"
            if device == me
            else "SELECT id FROM reviews WHERE origin = ? AND origin_id = ?",
            (seq,) if device == me else (device, seq),
        ).fetchone()
        if row is None:
            raise LogIncomplete(event["deck_id"], event["card_id"])
        return int(row[0])

    # -- statistics: read from the tallies and indexes, never the whole log ----------------

    @_domain_errors
    def day_tallies(self, deck_id: str) -> list[DayTally]:
        from studytool.core.stats import DayTally

        return [
            DayTally(date.fromisoformat(day), kind, bool(passed), bool(mature), answers)
            for day, kind, passed, mature, answers in self.connection.execute(
                "SELECT day, kind, passed, mature, answers FROM day_tallies "
                "WHERE deck_id = ? AND answers > 0",
                (deck_id,),
            )
        ]

    @_domain_errors
    def recent_topic_answers(self, deck_id: str, since: date) -> list[TopicAnswers]:
        """Each topic's answers on the study days after ``since``."""
        from studytool.core.stats import TopicAnswers

        # "+deck_id" keeps SQLite on the day index: the recent days are few, a deck's
        # whole log is not.
        return [
            TopicAnswers(topic, asked, missed)
            for topic, asked, missed in self.connection.execute(
                f"SELECT c.topic, count(*), sum(r.quality < {PASSING}) FROM reviews r "
                "JOIN cards c ON c.deck_id = r.deck_id AND c.card_id = r.card_id "
                f"WHERE +r.deck_id = ? AND r.day > ? AND c.topic IS NOT NULL AND {NOT_UNDONE} "
                "GROUP BY c.topic",
                (deck_id, since.isoformat()),
            )
        ]

    @_domain_errors
    def hardest(self, deck_id: str, limit: int = 5) -> list[CardTally]:
        """The cards most often missed, worst first (ties: more answers, then id)."""
        from studytool.core.stats import CardTally

        return [
            CardTally(card_id, asked, missed)
            for card_id, asked, missed in self.connection.execute(
                "SELECT card_id, asked, missed FROM card_tallies WHERE deck_id = ? "
                "AND missed > 0 ORDER BY missed DESC, asked DESC, card_id LIMIT ?",
                (deck_id, limit),
            )
        ]

    @_domain_errors
    def topic_cards(self, deck_id: str) -> list[TopicCards]:
        from studytool.core.stats import TopicCards

        return [
            TopicCards(*row)
            for row in self.connection.execute(
                "SELECT topic, count(*), sum(mature), sum(due IS NULL) "
                "FROM cards WHERE deck_id = ? AND removed = 0 AND topic IS NOT NULL "
                "GROUP BY topic",
                (deck_id,),
            )
        ]

    @_domain_errors
    def unfinished(self, deck_id: str) -> tuple[int, int]:
        """(never seen, not yet mastered) among a deck's scheduled, unsuspended cards."""
        unseen, unmastered = self.connection.execute(
            "SELECT total(due IS NULL), total(NOT mature) FROM cards "
            "WHERE deck_id = ? AND removed = 0 AND suspended = 0",
            (deck_id,),
        ).fetchone()
        return int(unseen), int(unmastered)

    @_domain_errors
    def leeches(self, deck_id: str) -> list[str]:
        return [
            row[0]
            for row in self.connection.execute(
                "SELECT card_id FROM cards WHERE deck_id = ? AND leech = 1 AND removed = 0 "
                "ORDER BY card_id",
                (deck_id,),
            )
        ]

    @_domain_errors
    def due_counts(self, deck_id: str, before: date) -> list[tuple[date, int]]:
        """(due day, cards) for the scheduled cards falling due before ``before``."""
        return [
            (date.fromisoformat(due), count)
            for due, count in self.connection.execute(
                "SELECT due, count(*) FROM cards WHERE deck_id = ? AND removed = 0 "
                "AND suspended = 0 AND due IS NOT NULL AND due < ? GROUP BY due",
                (deck_id, before.isoformat()),
            )
        ]

    @_domain_errors
    def review_days(self) -> list[date]:
        """Study days with at least one answer that was not undone, oldest first."""
        return [
            date.fromisoformat(day)
            for (day,) in self.connection.execute(
                "SELECT day FROM day_tallies GROUP BY day HAVING sum(answers) > 0 ORDER BY day"
            )
        ]

    # -- the log, doctor -------------------------------------------------------------------

    @_domain_errors
    def review_count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM reviews").fetchone()[0])

    @_domain_errors
    def replayed_states(self, by: str | None = None) -> dict[tuple[str, str], CardState]:
        """Every card's state as its log says it should be, for every card that has a
        state row or a log (a lost state row shows up as missing); kept by scheduler
        ``by``, else by each card's own."""
        keys = self.connection.execute(
            "SELECT deck_id, card_id FROM cards UNION SELECT deck_id, card_id FROM reviews "
            "UNION SELECT deck_id, card_id FROM events"
        ).fetchall()
        return {(k[0], k[1]): self._replay(self.connection, k[0], k[1], by) for k in keys}

    @_domain_errors
    def logs(self, deck_id: str) -> dict[str, tuple[list[LoggedReview], list[LoggedEvent]]]:
        """Each card's log in deck ``deck_id`` (its reviews, its events), read in two
        queries: what a card's memory is worked out from, by any scheduler."""
        found: dict[str, tuple[list[LoggedReview], list[LoggedEvent]]] = {}
        for row in self.connection.execute(
            f"SELECT card_id, {_LOGGED_REVIEW} FROM reviews WHERE deck_id = ?", (deck_id,)
        ):
            found.setdefault(row["card_id"], ([], []))[0].append(_logged_review(row))
        for row in self.connection.execute(
            f"SELECT card_id, {_LOGGED_EVENT} FROM events WHERE deck_id = ?", (deck_id,)
        ):
            found.setdefault(row["card_id"], ([], []))[1].append(_logged_event(row))
        return found

    @_domain_errors
    def schedule_with(self, scheduler: Scheduler[Any], now: datetime) -> int | None:
        """Make ``scheduler`` the one every card is kept by. When the states were worked
        out by another scheduler (or with other settings), every card's state is rebuilt by
        replaying its log with this one, in one transaction: returns how many cards that had
        been answered it rescheduled, or None when nothing had to change. Switching back
        replays the same log, so the states come back exactly as they were."""
        self.scheduler = scheduler.name
        schedulers.use(scheduler)
        wanted = schedulers.setting(scheduler)
        row = self.connection.execute(SCHEDULER_SETTING).fetchone()
        if (row[0] if row else SM2_ALONE) == wanted:
            self._setting = wanted
            return None

        def write(connection: sqlite3.Connection) -> int:
            replayed = self.replayed_states(by=scheduler.name)
            for (deck_id, card_id), state in replayed.items():
                self._put_state(connection, deck_id, card_id, state, now)
            connection.execute(
                "INSERT INTO settings (key, value) VALUES ('scheduler', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (wanted,),
            )
            return sum(not state.is_new for state in replayed.values())

        result: int = self._write(write)
        self._setting = wanted
        return result

    @_domain_errors
    def consistent_states(
        self,
    ) -> tuple[dict[tuple[str, str], CardState], dict[tuple[str, str], CardState]]:
        """(stored, replayed) read in one snapshot, so a session answering meanwhile
        cannot make them look different."""
        self.connection.execute("BEGIN")
        try:
            return self.stored_states(), self.replayed_states()
        finally:
            self.connection.execute("COMMIT")

    @_domain_errors
    def stored_states(self) -> dict[tuple[str, str], CardState]:
        return {
            (row["deck_id"], row["card_id"]): _state_from_row(row)
            for row in self.connection.execute("SELECT * FROM cards")
        }

    @_domain_errors
    def rebuild_cards(self, now: datetime) -> int:
        """Rewrite every card's state from the log; returns how many changed."""

        def write(connection: sqlite3.Connection) -> int:
            # States are written back card by card, rows for cards only the log knows
            # included: every deck is compared with its rows again at the next start.
            connection.execute("DELETE FROM deck_syncs")
            changed = 0
            stored = self.stored_states()
            for (deck_id, card_id), state in self.replayed_states().items():
                if stored.get((deck_id, card_id)) != state:
                    self._put_state(connection, deck_id, card_id, state, now)
                    changed += 1
            return changed

        result: int = self._write(write)
        return result

    @_domain_errors
    def tallies_match_log(self) -> bool:
        """Whether the answer tallies equal a fresh count of the log (reads all of it)."""
        self.connection.execute("BEGIN")
        try:
            for table, (columns, live, recount) in LOGGED_TALLY_RECOUNTS.items():
                counted = self.connection.execute(recount).fetchall()
                kept = self.connection.execute(
                    f"SELECT {columns} FROM {table} WHERE {live}"
                ).fetchall()
                if set(map(tuple, counted)) != set(map(tuple, kept)):
                    return False
            return True
        finally:
            self.connection.execute("COMMIT")

    @_domain_errors
    def recount_tallies(self) -> None:
        """Count the answer tallies afresh from the log."""

        def write(connection: sqlite3.Connection) -> None:
            for table, (columns, _, recount) in LOGGED_TALLY_RECOUNTS.items():
                connection.execute(f"DELETE FROM {table}")
                connection.execute(f"INSERT INTO {table} ({columns}) {recount}")

        self._write(write)

    @_domain_errors
    def integrity_problems(self) -> list[str]:
        """What SQLite's full integrity check finds; empty when the file is sound. Its
        verdict is kept beside the file, so that every later open refuses a file found
        damaged (the quick check of each open misses damage to indexes alone)."""
        try:
            rows = self.connection.execute("PRAGMA integrity_check").fetchall()
            found = [] if [tuple(r) for r in rows] == [("ok",)] else [str(r[0]) for r in rows]
        except sqlite3.DatabaseError as exc:
            found = [str(exc)]
        _keep_verdict(self.path, found)
        return found

    @_domain_errors
    def backup_to(self, target: Path) -> None:
        with sqlite3.connect(target) as copy:
            self.connection.backup(copy)
        copy.close()

    # -- internals -----------------------------------------------------------------------

    def _put_state(
        self,
        connection: sqlite3.Connection,
        deck_id: str,
        card_id: str,
        state: CardState,
        now: datetime,
        fields: dict[str, Any] | None = None,
    ) -> None:
        """``fields``: ``state`` as data, when the caller has it already."""
        columns = _columns(fields or _state_fields(state))
        values = tuple(columns[name] for name in _STATE_NAMES)
        # Nearly always the row is there: an update is cheaper than an insert that
        # turns into one.
        if not connection.execute(_UPDATE_STATE, (*values, deck_id, card_id)).rowcount:
            connection.execute(_INSERT_STATE, (deck_id, card_id, _utc(now), *values))

    def _event(
        self,
        connection: sqlite3.Connection,
        deck_id: str,
        card_id: str,
        kind: EventKind,
        now: datetime,
        review_id: int | None = None,
        day: date | None = None,
    ) -> None:
        newest = connection.execute("SELECT coalesce(max(id), 0) FROM reviews").fetchone()[0]
        connection.execute(
            "INSERT INTO events (at, deck_id, card_id, kind, after_review, review_id, day) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_logged_at(connection, deck_id, card_id, now), deck_id, card_id, kind, newest,
             review_id, day.isoformat() if day else None),
        )  # fmt: skip

    def _replay(
        self, connection: sqlite3.Connection, deck_id: str, card_id: str, by: str | None = None
    ) -> CardState:
        """The card's state from its log, kept by scheduler ``by``, else by the one its row
        names (the store's own for a card with no row)."""
        kept_by = (
            (by,)
            if by
            else connection.execute(
                "SELECT scheduler FROM cards WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
            ).fetchone()
        )
        reviews = [
            _logged_review(row)
            for row in connection.execute(
                f"SELECT {_LOGGED_REVIEW} FROM reviews WHERE deck_id = ? AND card_id = ?",
                (deck_id, card_id),
            )
        ]
        events = [
            _logged_event(row)
            for row in connection.execute(
                f"SELECT {_LOGGED_EVENT} FROM events WHERE deck_id = ? AND card_id = ?",
                (deck_id, card_id),
            )
        ]
        return replay(reviews, events, kept_by[0] if kept_by else self.scheduler)
