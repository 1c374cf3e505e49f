"""`studytool sync` against a real PostgreSQL (tests/postgres_server.py): two devices of
one learner merge their logs, a repeat sync changes nothing, a connection dropped at any
point loses nothing, and credentials never show."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FakeClock, make_deck
from conftest import answer_named as answer
from postgres_server import PG

from studytool.cli import main
from studytool.core.queue import Limits
from studytool.core.schedule import apply_review, new_card
from studytool.engine.study import Study
from studytool.engine.sync import sync
from studytool.errors import ServerProblem
from studytool.store.database import Store


def device(path: Path, clock: FakeClock, named: str | None = None) -> Study:
    """A device studying a 4-card deck; ``named``: its device id, instead of a random one."""
    study = Study(Store.open(path, now=clock()), (make_deck(4, topics=1),), Limits(), clock)
    if named:
        study.store.connection.execute(
            "UPDATE settings SET value = ? WHERE key = 'device'", (named,)
        )
    return study


def log(path: Path) -> list[tuple[object, ...]]:
    """Every answer a database holds, as the device that logged it wrote it."""
    with sqlite3.connect(path) as connection:
        return sorted(
            connection.execute(
                "SELECT at, day, deck_id, card_id, kind, quality, answer FROM reviews"
            ).fetchall()
        )


def states(study: Study) -> dict[tuple[str, str], object]:
    return study.store.stored_states()


def test_two_devices_keep_both_answers_and_the_state_of_their_union_in_time_order(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    # Named so that the devices' order differs from the answers': time decides.
    laptop = device(tmp_path / "laptop.db", clock, named="a-laptop")
    desktop = device(tmp_path / "desktop.db", clock, named="b-desktop")
    # Both answer c0 offline: the desktop first, the laptop an hour later, differently.
    answer(desktop, {"c0": 5, "c1": 4})
    clock.advance(hours=1)
    answer(laptop, {"c0": 2, "c2": 5})
    clock.advance(days=1)
    answer(desktop, {"c1": 5})  # c1's second answer, on day 2

    url = pg.url()
    first = sync(laptop.store, url, clock())
    assert first.sent["reviews"] == 2 and first.received["reviews"] == 0
    second = sync(desktop.store, url, clock())
    assert (second.sent["reviews"], second.received["reviews"]) == (3, 2)
    third = sync(laptop.store, url, clock())
    assert (third.sent["reviews"], third.received["reviews"]) == (0, 3)

    union = sorted(log(tmp_path / "laptop.db"))
    assert union == log(tmp_path / "desktop.db")
    assert len(union) == 5
    assert states(laptop) == states(desktop)
    # c0: the desktop's 5, then an hour later the laptop's 2, replayed in that order.
    expected = new_card()
    for _, day, _, card, kind, quality, _ in union:
        if card == "c0":
            expected = apply_review(expected, kind, quality, date.fromisoformat(day))
    assert laptop.store.state("d", "c0") == expected
    assert expected.memory.repetitions == 0  # the later answer, a miss, is the last word
    # Each keeps a doctor-clean database: the states are what its own log replays to.
    for study in (laptop, desktop):
        stored, replayed = study.store.consistent_states()
        assert stored == replayed


def test_a_repeat_sync_changes_nothing(pg: PG, tmp_path: Path, clock: FakeClock) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    desktop = device(tmp_path / "desktop.db", clock)
    answer(laptop, {"c0": 4})
    answer(desktop, {"c1": 3})
    for study in (laptop, desktop, laptop):
        sync(study.store, pg.url(), clock())
    before = (
        log(tmp_path / "laptop.db"),
        states(laptop),
        pg.execute("SELECT count(*) FROM studytool.reviews"),
    )
    again = sync(laptop.store, pg.url(), clock())
    assert (again.sent, again.received, again.rescheduled) == (
        {"reviews": 0, "events": 0, "flags": 0},
        {"reviews": 0, "events": 0, "flags": 0},
        0,
    )
    assert (log(tmp_path / "laptop.db"), states(laptop),
            pg.execute("SELECT count(*) FROM studytool.reviews")) == before  # fmt: skip


def test_undo_suspension_and_flag_travel_to_the_other_device(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    desktop = device(tmp_path / "desktop.db", clock)
    answer(desktop, {"c3": 5})
    sync(desktop.store, pg.url(), clock())
    sync(laptop.store, pg.url(), clock())
    laptop.start()
    laptop.answer(1, False)  # c0, then taken back
    laptop.undo()
    laptop.answer(5, True)
    laptop.suspend("d", "c1")
    laptop.flag("d", "c2", "the answer key is wrong")
    sync(laptop.store, pg.url(), clock())
    taken = sync(desktop.store, pg.url(), clock())
    assert taken.received == {"reviews": 2, "events": 2, "flags": 1}
    assert states(desktop) == states(laptop)
    assert desktop.store.state("d", "c0").memory.repetitions == 1  # the undone 1 is gone
    assert desktop.store.state("d", "c1").suspended
    assert [(f["card_id"], f["note"]) for f in desktop.flags()] == [
        ("c2", "the answer key is wrong")
    ]
    # Taken back on the laptop, the undone answer counts nowhere on the desktop either.
    assert desktop.store.done_on("d", desktop.today()) == (2, 0)


class Cutter:
    """A loopback relay to the server that drops the connection, both ways, once
    ``limit`` bytes have passed through it."""

    def __init__(self, port: int, limit: int) -> None:
        self.port, self.limit, self.passed = port, limit, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with self.listener:
            client, _ = self.listener.accept()
        upstream = socket.create_connection(("127.0.0.1", self.port))
        lock = threading.Lock()

        def pump(source: socket.socket, target: socket.socket) -> None:
            with contextlib.suppress(OSError):
                while data := source.recv(4096):
                    with lock:
                        self.passed += len(data)
                        over = self.passed > self.limit
                    if over:
                        break
                    target.sendall(data)
            for end in (client, upstream):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
        pump(client, upstream)


def test_a_connection_dropped_anywhere_loses_nothing_and_the_next_sync_completes(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    desktop = device(tmp_path / "desktop.db", clock)
    answer(laptop, {"c0": 5, "c1": 2, "c2": 4})
    answer(desktop, {"c0": 3, "c3": 5})
    laptop.flag("d", "c1", "unclear")
    sync(desktop.store, pg.url(), clock())
    mine, port = log(tmp_path / "laptop.db"), int(pg.url().rsplit(":", 1)[1].split("/")[0])
    cut, limit = 0, 600
    while True:
        relay = Cutter(port, limit)
        try:
            sync(laptop.store, pg.url().replace(f":{port}/", f":{relay.address}/"), clock())
            break
        except ServerProblem:
            cut += 1
        # Whatever the moment, nothing here was lost or half-taken.
        held = log(tmp_path / "laptop.db")
        assert set(mine) <= set(held) and len(held) in (len(mine), len(mine) + 2)
        stored, replayed = laptop.store.consistent_states()
        assert stored == replayed
        limit += 450
    assert cut >= 5  # it was cut during the login, the push and the pull
    sync(laptop.store, pg.url(), clock())
    sync(desktop.store, pg.url(), clock())
    assert log(tmp_path / "laptop.db") == log(tmp_path / "desktop.db")
    assert len(log(tmp_path / "laptop.db")) == 5
    assert states(laptop) == states(desktop)
    assert pg.execute("SELECT count(*) FROM studytool.reviews") == [(5,)]
    assert pg.execute("SELECT count(*) FROM studytool.flags") == [(1,)]


def run(tmp_path: Path, *args: str, config: str = "") -> tuple[int, str]:
    path = tmp_path / "config.toml"
    path.write_text(config)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args],
                                env={"STUDYTOOL_CONFIG": str(path)})  # fmt: skip
    return result.exit_code, result.output


def test_sync_command_reports_and_never_prints_the_password(pg: PG, tmp_path: Path) -> None:
    code, out = run(tmp_path, "sync", pg.url())
    assert code == 0, out
    assert "synced with postgresql://studytool_admin@127.0.0.1:" in out
    assert "already in step" in out
    code, again = run(tmp_path, "sync", config=f'sync_url = "{pg.url()}"\n')
    assert code == 0 and "already in step" in again
    password = pg.url().split(":")[2].split("@")[0]
    for text in (out, again):
        assert password not in text


def test_offline_sync_says_so_changes_nothing_and_hides_the_password(
    tmp_path: Path, clock: FakeClock
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    study = device(tmp_path / "data" / "studytool.db", clock)
    answer(study, {"c0": 4})
    study.close()
    before = log(tmp_path / "data" / "studytool.db")
    code, out = run(tmp_path, "sync", f"postgresql://alice:s3cret-pw@127.0.0.1:{port}/class")
    assert code == 6
    assert f"could not reach postgresql://alice@127.0.0.1:{port}/class" in out
    assert "Nothing was changed here" in out and "s3cret-pw" not in out
    assert log(tmp_path / "data" / "studytool.db") == before


def test_a_wrong_password_is_refused_without_showing_it(pg: PG, tmp_path: Path) -> None:
    wrong = pg.url().replace(pg.url().split(":")[2].split("@")[0], "not-the-Pw9")
    code, out = run(tmp_path, "sync", wrong)
    assert code == 6 and "refused the login" in out
    assert "not-the-Pw9" not in out


def test_sync_without_a_server_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run(tmp_path, "sync")
    assert code == 2 and "no server to sync with" in out
    code, out = run(tmp_path, "sync", config='sync_url = "mysql://x:hunter2@h/db"\n')
    assert code == 2 and "sync_url must be a postgresql:// address" in out
    assert "hunter2" not in out


@pytest.mark.parametrize(
    "address",
    ["postgresql://alice:pw9secret@[::1/db", "postgresql://alice:pw9%zzsecret@127.0.0.1:1/db",
     "postgresql://alice:pw9secret@127.0.0.1:1/db?sslmode=bogus",
     "postgresql://alice:pw9/secret@127.0.0.1:1/db", "postgresql://alice:pw9@secret@127.0.0.1/db",
     "postgresql://alice:12/pw9secret@127.0.0.1/db"],
)  # fmt: skip
def test_an_address_the_driver_cannot_read_is_never_quoted(tmp_path: Path, address: str) -> None:
    code, out = run(tmp_path, "sync", address)
    assert code in (2, 6) and "error:" in out
    assert "pw9" not in out and "secret" not in out


def server_answers(pg: PG) -> list[tuple[object, ...]]:
    return sorted(pg.execute("SELECT at, card_id, quality FROM studytool.reviews"))


@pytest.mark.parametrize("synced_before_the_copy", [True, False])
def test_a_copied_database_syncs_as_a_device_of_its_own_and_nothing_counts_twice(
    pg: PG, tmp_path: Path, clock: FakeClock, synced_before_the_copy: bool
) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    answer(laptop, {"c0": 5})
    laptop.flag("d", "c0", "typo")
    if synced_before_the_copy:
        sync(laptop.store, pg.url(), clock())
    laptop.store.backup_to(tmp_path / "copy.db")  # the data dir copied to a new machine
    copy = device(tmp_path / "copy.db", clock)
    clock.advance(minutes=1)
    answer(laptop, {"c1": 4})
    sync(laptop.store, pg.url(), clock())
    clock.advance(minutes=1)
    copy.start()
    copy.answer(1, False)  # c1 on the copy: a second answer, not the laptop's
    copy.undo()
    answer(copy, {"c1": 3, "c2": 5})
    done = sync(copy.store, pg.url(), clock())
    assert done.split
    assert done.sent["reviews"] == 3 and done.received["reviews"] == 1
    sync(laptop.store, pg.url(), clock())
    # Every answer once on the server and on both devices; the same states on both.
    assert len(server_answers(pg)) == 5
    assert log(tmp_path / "laptop.db") == log(tmp_path / "copy.db")
    assert len(log(tmp_path / "laptop.db")) == 5
    assert pg.execute("SELECT count(*) FROM studytool.flags") == [(1,)]
    assert states(laptop) == states(copy)
    for study in (laptop, copy):
        stored, replayed = study.store.consistent_states()
        assert stored == replayed
        assert study.store.tallies_match_log()
    # Each goes on as a device of its own.
    clock.advance(minutes=1)
    answer(copy, {"c3": 5})
    assert not sync(copy.store, pg.url(), clock()).split
    assert sync(laptop.store, pg.url(), clock()).received["reviews"] == 1


def test_the_original_of_a_copy_that_synced_first_splits_instead(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    answer(laptop, {"c0": 5})
    laptop.store.backup_to(tmp_path / "copy.db")
    copy = device(tmp_path / "copy.db", clock)
    clock.advance(minutes=1)
    answer(copy, {"c1": 4})
    assert not sync(copy.store, pg.url(), clock()).split  # first to sync keeps the id
    clock.advance(minutes=1)
    answer(laptop, {"c2": 2})
    assert sync(laptop.store, pg.url(), clock()).split
    sync(copy.store, pg.url(), clock())
    assert len(server_answers(pg)) == 3
    assert log(tmp_path / "laptop.db") == log(tmp_path / "copy.db")
    assert states(laptop) == states(copy)


def test_merged_logs_keep_the_answer_counts_true(pg: PG, tmp_path: Path, clock: FakeClock) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    desktop = device(tmp_path / "desktop.db", clock)
    laptop.start()
    laptop.answer(1, False)
    laptop.undo()
    answer(desktop, {"c1": 2, "c2": 5})
    for study in (laptop, desktop, laptop):
        sync(study.store, pg.url(), clock())
    for study in (laptop, desktop):
        assert study.store.tallies_match_log()
        assert study.store.integrity_problems() == []


def test_without_the_sync_extra_the_command_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    code, out = run(tmp_path, "sync", "postgresql://alice@db.example.org/class")
    assert code == 2
    assert "pip install 'studytool[sync]'" in out and "Traceback" not in out


def test_a_crash_during_sync_keeps_the_password_out_of_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = "postgresql://alice:Sw0rdfish-9@db.example.org/class"

    def broken(*args: object) -> None:
        raise RuntimeError(f"lost track of {address}")

    monkeypatch.setattr("studytool.engine.sync.sync", broken)
    monkeypatch.setattr(sys, "argv", ["studytool", "sync", address])
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "sync", address],
                                env={"STUDYTOOL_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    assert result.exit_code == 70
    (log,) = (tmp_path / "cache" / "crashes").iterdir()
    for text in (log.read_text(), result.output):
        assert "lost track of postgresql://alice:***@db.example.org/class" in text
        assert "Sw0rdfish" not in text


def test_an_answer_after_a_sync_comes_after_what_it_took_even_on_a_clock_behind(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    behind = FakeClock(clock() - timedelta(minutes=5))  # the phone's clock runs slow
    laptop = device(tmp_path / "laptop.db", clock)
    phone = device(tmp_path / "phone.db", behind)
    answer(laptop, {"c0": 5})
    sync(laptop.store, pg.url(), clock())
    sync(phone.store, pg.url(), behind())
    clock.advance(days=1)
    behind.advance(days=1)
    # Day 2: the laptop reviews c0 and suspends c1. The phone, its review already open
    # on c0, syncs, then misses c0 and unsuspends c1, its clock reading earlier than the
    # laptop's rows it has just taken.
    answer(laptop, {"c0": 5})
    laptop.suspend("d", "c1")
    sync(laptop.store, pg.url(), clock())
    assert phone.start().current.card_id == "c0"
    sync(phone.store, pg.url(), behind())
    phone.answer(1, False)
    phone.unsuspend("d", "c1")
    missed = phone.store.state("d", "c0")
    assert (missed.lapses, missed.memory.repetitions) == (1, 0)  # forgot it after 2 reviews
    assert not phone.store.state("d", "c1").suspended
    stored, replayed = phone.store.consistent_states()
    assert stored == replayed
    sync(phone.store, pg.url(), behind())
    sync(laptop.store, pg.url(), clock())
    assert states(laptop) == states(phone)
    assert laptop.store.state("d", "c0") == missed
    assert not laptop.store.state("d", "c1").suspended


def test_a_new_device_synced_before_it_opens_its_decks_takes_their_cards_in_full(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    laptop = device(tmp_path / "laptop.db", clock)
    answer(laptop, {"c0": 5, "c1": 1})
    sync(laptop.store, pg.url(), clock())
    fresh = Store.open(tmp_path / "fresh.db", now=clock())
    sync(fresh, pg.url(), clock())
    # Cards of a deck not opened here yet: history kept, nothing counted due.
    assert fresh.due_counts("d", clock().date() + timedelta(days=30)) == []
    study = Study(fresh, (make_deck(4, topics=1),), Limits(), clock)
    clock.advance(days=1)
    queue = study.start()
    assert {item.card_id for item in queue.queue if item.kind == "review"} == {"c0", "c1"}
    assert states(study) == states(laptop)


def test_a_miss_taken_from_another_device_owes_no_re_drill_once_answered_right_since(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    phone = device(tmp_path / "phone.db", clock)
    laptop = device(tmp_path / "laptop.db", clock)
    answer(phone, {"c0": 1})  # missed at noon: the phone owes a re-drill
    sync(phone.store, pg.url(), clock())
    clock.advance(minutes=30)
    answer(laptop, {"c0": 5})  # half an hour later, offline, right on the laptop
    sync(laptop.store, pg.url(), clock())
    assert [i.card_id for i in laptop.start().queue if i.kind == "redrill"] == []
    sync(phone.store, pg.url(), clock())
    assert [i.card_id for i in phone.start().queue if i.kind == "redrill"] == []


def test_copies_of_a_file_from_before_sync_share_its_device_id(
    pg: PG, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.store import migrations

    older = migrations.MIGRATIONS[:7]  # the last version without device ids
    monkeypatch.setattr("studytool.store.database.MIGRATIONS", older)
    monkeypatch.setattr("studytool.store.database.SCHEMA_VERSION", len(older))
    Store.open(tmp_path / "laptop.db", now=clock()).close()
    monkeypatch.undo()
    # Two answers as that version logged them.
    old = sqlite3.connect(tmp_path / "laptop.db")
    with old:
        for card, quality in (("c0", 5), ("c1", 4)):
            old.execute(
                "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, "
                "answer, seconds, before, after, session) VALUES (?, ?, 'd', ?, 'new', ?, 1, "
                "'null', 2.0, '{}', '{}', 'old-session')",
                (clock().isoformat(timespec="microseconds"), clock().date().isoformat(), card,
                 quality),
            )  # fmt: skip
    old.close()  # the last connection: the log is written into the file itself
    (tmp_path / "copy.db").write_bytes((tmp_path / "laptop.db").read_bytes())
    laptop, copy = device(tmp_path / "laptop.db", clock), device(tmp_path / "copy.db", clock)
    assert laptop.store.device() == copy.store.device()
    for study in (laptop, copy):
        study.store.rebuild_cards(clock())  # the states those answers give
        study.start()
    fresh = device(tmp_path / "fresh.db", clock)
    assert fresh.store.device() != laptop.store.device()
    clock.advance(minutes=1)
    answer(copy, {"c2": 5})
    for study in (laptop, copy, laptop):
        sync(study.store, pg.url(), clock())
    assert len(server_answers(pg)) == 3  # the two answers from before the copy, once
    assert log(tmp_path / "laptop.db") == log(tmp_path / "copy.db")
    assert states(laptop) == states(copy)


@pytest.mark.parametrize(
    "args",
    [["class", "postgresql://alice:PWx9z@h/db"],
     ["sync", "postgresql://a:PWx9z@h/db", "postgresql://a:PWx9z@h/db"],
     ["class", "report", "--on", "postgresql://a:PWx9z@h/db", "postgresql://a:PWx9z@h/db"],
     ["sync", "postgresql://a:p'PWx9z@127.0.0.1:1/db"],
     ["sync", "postgresql://a@127.0.0.1:1/db?password=PWx9z"]],
)  # fmt: skip
def test_usage_errors_and_odd_addresses_never_echo_a_password(
    tmp_path: Path, args: list[str]
) -> None:
    code, out = run(tmp_path, *args)
    assert code in (2, 6) and "rror" in out
    assert "PWx9z" not in out


def test_a_copy_is_told_even_when_the_clock_gives_both_copies_the_same_moments(
    pg: PG, tmp_path: Path, clock: FakeClock
) -> None:
    ahead = FakeClock(clock() + timedelta(hours=1))
    phone = device(tmp_path / "phone.db", ahead)
    answer(phone, {"c0": 5})
    sync(phone.store, pg.url(), ahead())
    laptop = device(tmp_path / "laptop.db", clock)
    sync(laptop.store, pg.url(), clock())
    laptop.store.backup_to(tmp_path / "copy.db")
    copy = device(tmp_path / "copy.db", clock)
    # Both practise c0 behind the phone's answer: both are stamped just after it, alike.
    for study, quality in ((laptop, 5), (copy, 0)):
        assert study.start_practice("d").current.card_id == "c0"
        study.answer(quality, quality >= 3)
    assert log(tmp_path / "laptop.db")[-1][0] == log(tmp_path / "copy.db")[-1][0]
    sync(laptop.store, pg.url(), clock())
    assert sync(copy.store, pg.url(), clock()).split
    sync(laptop.store, pg.url(), clock())
    assert len(server_answers(pg)) == 3
    assert states(laptop) == states(copy)
