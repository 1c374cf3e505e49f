"""The SQLite file: created right, refused when it can't be trusted, never damaged by us."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import tmpfs

from studytool.cli.errors import EXIT_NEWER, EXIT_UNREADABLE, EXIT_UNWRITABLE, exit_status, message
from studytool.errors import (
    DatabaseCannotOpen,
    DatabaseDamaged,
    DatabaseIsFolder,
    DatabaseProblem,
    DatabaseTooNew,
    DatabaseUnreadable,
    DataFolderCannotBeMade,
    ForeignDatabase,
    StudytoolError,
)
from studytool.store import migrations
from studytool.store.database import APPLICATION_ID, Store

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_wal_and_versioned(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "studytool.db", now=NOW)
    connection = store.connection
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"cards", "reviews", "events"} <= tables


def logged_store(tmp_path: Path) -> Store:
    """A store whose log holds one review and one event."""
    store = Store.open(tmp_path / "studytool.db", now=NOW)
    store.sync_deck("d", ["a"], NOW)
    store.connection.execute(
        "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, before, after)"
        " VALUES ('t', '2026-03-02', 'd', 'a', 'new', 5, 1, '{}', '{}')"
    )
    store.set_suspended("d", "a", True, NOW)
    return store


def test_log_tables_refuse_edits(tmp_path: Path) -> None:
    store = logged_store(tmp_path)
    for statement in ("UPDATE reviews SET quality = 0", "DELETE FROM reviews",
                      "UPDATE events SET kind = 'unsuspend'", "DELETE FROM events"):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.connection.execute(statement)


def test_no_column_of_the_log_changes_but_the_device_a_copy_gives_away_once(
    tmp_path: Path,
) -> None:
    store = logged_store(tmp_path)
    for table in ("reviews", "events"):
        columns = [row[1] for row in store.connection.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            if column in ("origin", "origin_id"):
                continue
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                store.connection.execute(f"UPDATE {table} SET {column} = {column}")
        for sneaked in ("rowid = rowid + 100", "_rowid_ = 7", "origin_id = 7",
                        "origin = 'other', origin_id = 999"):  # fmt: skip
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                store.connection.execute(f"UPDATE {table} SET {sneaked}")
        store.connection.execute(f"UPDATE {table} SET origin = 'other', origin_id = id")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.connection.execute(f"UPDATE {table} SET origin = 'third'")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "studytool.db"
    path.write_text("these are my notes, not a database\n" * 100)
    before = digest(path)
    with pytest.raises(DatabaseUnreadable) as caught:
        Store.open(path, now=NOW)
    assert caught.value.path == path
    assert exit_status(caught.value) == EXIT_UNREADABLE
    assert "not a studytool database" in message(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["studytool.db"]


def test_a_corrupt_header_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "studytool.db"
    Store.open(path, now=NOW).close()
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseUnreadable) as caught:
        Store.open(path, now=NOW)
    assert exit_status(caught.value) == EXIT_UNREADABLE
    assert digest(path) == before


def test_a_damaged_page_is_found_by_the_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "studytool.db"
    store = Store.open(path, now=NOW)
    store.sync_deck("d", [f"card-{i}" for i in range(3000)], NOW)
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, 3 * page + 200):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseDamaged) as caught:  # page 1 is intact, but the check finds it
        Store.open(path, now=NOW)
    assert exit_status(caught.value) == EXIT_UNREADABLE
    assert "is damaged" in message(caught.value)
    assert digest(path) == before
    store = Store.open(path, now=NOW, check=False)  # what doctor does
    assert store.integrity_problems()


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "studytool.db"
    Store.open(path, now=NOW).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseTooNew) as caught:
        Store.open(path, now=NOW)
    assert (caught.value.version, caught.value.known) == (99, migrations.SCHEMA_VERSION)
    assert exit_status(caught.value) == EXIT_NEWER
    assert "newer studytool" in message(caught.value)
    assert digest(path) == before


def test_a_backup_is_written_before_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "studytool.db"
    store = Store.open(path, now=NOW)
    store.sync_deck("d", ["a", "b"], NOW)
    store.close()

    def add_notes(db: object) -> None:
        store_db = db
        store_db.execute("ALTER TABLE cards ADD COLUMN note TEXT")  # type: ignore[attr-defined]

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_notes])
    monkeypatch.setattr("studytool.store.database.MIGRATIONS", migrations.MIGRATIONS)
    monkeypatch.setattr("studytool.store.database.SCHEMA_VERSION", current + 1)
    migrated = Store.open(path, now=NOW)
    assert migrated.connection.execute("PRAGMA user_version").fetchone()[0] == current + 1
    (backup,) = tmp_path.glob(f"studytool.db.v{current}-*.bak")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current
        assert copy.execute("SELECT count(*) FROM cards").fetchone()[0] == 2


def test_a_migration_that_fails_half_way_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    steps = [*migrations.MIGRATIONS[:2], broken, *migrations.MIGRATIONS[2:]]
    monkeypatch.setattr("studytool.store.database.MIGRATIONS", steps)
    path = tmp_path / "studytool.db"
    with pytest.raises(StudytoolError):
        Store.open(path, now=NOW)
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    connection.close()
    assert (version, tables) == (0, 0)  # not version 2 with the first steps' tables


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFolderCannotBeMade) as caught:
        Store.open(blocker / "data" / "studytool.db", now=NOW)
    assert caught.value.path == blocker / "data"
    assert exit_status(caught.value) == EXIT_UNWRITABLE
    assert "--data-dir" in message(caught.value)
    assert "--data-dir" not in str(caught.value)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "ro", "2m") as mount:
        yield mount


def test_read_only_data_dir_gives_a_clear_message(read_only_dir: Path) -> None:
    path = read_only_dir / "studytool.db"
    store = Store.open(path, now=NOW)
    store.sync_deck("d", ["a"], NOW)
    store.close()
    before = digest(path)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_dir)], check=True)
    with pytest.raises(DatabaseCannotOpen) as caught:
        Store.open(path, now=NOW)
    assert exit_status(caught.value) == EXIT_UNWRITABLE
    assert "not writable" in message(caught.value)
    assert str(path) in message(caught.value)
    assert digest(path) == before


@pytest.mark.parametrize(
    "statements",
    [("CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('my notes')"),
     # A version but no application id: refused before the WAL switch or any migration.
     ("CREATE TABLE moz_places (id)", "PRAGMA user_version = 1")],
    ids=["no-version", "with-version"],
)  # fmt: skip
def test_another_programs_sqlite_file_is_refused_untouched(
    tmp_path: Path, statements: tuple[str, ...]
) -> None:
    path = tmp_path / "studytool.db"
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    before = digest(path)
    with pytest.raises(ForeignDatabase) as caught:
        Store.open(path, now=NOW)
    assert exit_status(caught.value) == EXIT_UNREADABLE
    assert "another program" in message(caught.value)
    assert digest(path) == before  # no flags table, version, application id or WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["studytool.db"]


def test_our_files_carry_our_application_id(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "studytool.db", now=NOW)
    assert store.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_folder_where_the_database_should_be(tmp_path: Path) -> None:
    (tmp_path / "studytool.db").mkdir()
    with pytest.raises(DatabaseIsFolder, match="is a folder"):
        Store.open(tmp_path / "studytool.db", now=NOW)


def test_a_failing_read_is_a_domain_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "studytool.db"
    store = Store.open(path, now=NOW)
    store.close()  # every statement on it now fails inside SQLite's module
    with pytest.raises(DatabaseProblem) as caught:
        store.states("d")
    assert caught.value.path == path
    assert exit_status(caught.value) == EXIT_UNREADABLE


def test_answers_stay_when_the_journal_files_are_deleted_mid_session(tmp_path: Path) -> None:
    """The session stops at the first write after the -wal and -shm files vanish, and
    what it acknowledged survives the process dying without closing anything."""
    path = tmp_path / "studytool.db"
    code = f"""
import os, sys
from datetime import datetime, UTC
from pathlib import Path
from studytool.errors import JournalGone
from studytool.store.database import Store
path = Path({str(path)!r})
store = Store.open(path, now=datetime.now(UTC))
store.sync_deck("d", ["a"], datetime.now(UTC))
for end in ("-wal", "-shm"):
    os.remove(str(path) + end)
try:
    store.sync_deck("d", ["a", "b"], datetime.now(UTC))
    print("acknowledged")
except JournalGone:
    print("stopped")
sys.stdout.flush()
os._exit(0)  # as a kill -9 would: no close, no checkpoint
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == "stopped"
    with sqlite3.connect(path) as connection:
        cards = connection.execute("SELECT card_id FROM cards ORDER BY card_id").fetchall()
    connection.close()
    assert cards == [("a",), ("b",)]  # both writes were made durable before stopping


def test_a_deck_synced_before_with_the_same_ids_and_topics_is_not_compared_again(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "studytool.db", now=NOW)
    first = store.sync_deck("d", ["a", "b"], NOW, ["t1", "t1"], digest="one")
    assert first.added == ("a", "b")
    writes = store.connection.total_changes
    assert store.sync_deck("d", ["a", "b"], NOW, ["t1", "t1"], digest="one").added == ()
    assert store.connection.total_changes == writes  # not even the digest rewritten
    # Other ids (a new digest) are compared and synced, and so is every deck once doctor
    # has rewritten the states.
    changed = store.sync_deck("d", ["a", "c"], NOW, ["t1", "t2"], digest="two")
    assert (changed.added, changed.removed) == (("c",), ("b",))
    store.rebuild_cards(NOW)
    store.connection.execute("UPDATE cards SET topic = 'moved' WHERE card_id = 'a'")
    store.sync_deck("d", ["a", "c"], NOW, ["t1", "t2"], digest="two")
    topics = dict(store.connection.execute("SELECT card_id, topic FROM cards").fetchall())
    assert (topics["a"], topics["c"]) == ("t1", "t2")
