"""Faults a user's machine throws at us: a full disk, a data dir deleted mid-session, a
read-only file system. Each a clear message and exit code; nothing saved is lost."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from conftest import FakeClock, make_deck, tmpfs

from studytool.cli.errors import EXIT_UNWRITABLE, exit_status, message
from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.errors import DatabaseGone, DiskFull
from studytool.store.database import Store


def study_at(path: Path, clock: FakeClock, cards: int = 30) -> Study:
    store = Store.open(path, now=clock())
    return Study(store, [make_deck(cards)], Limits(new_per_day=cards), clock, zone=UTC)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "small", "1m") as mount:
        yield mount


def test_a_full_disk_is_a_clear_message_and_keeps_every_saved_answer(
    small_disk: Path, clock: FakeClock
) -> None:
    study = study_at(small_disk / "studytool.db", clock, cards=200)
    study.start()
    saved = 0
    for _ in range(5):
        study.answer(5, True, given="x" * 100)
        saved += 1
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as stream:  # take every byte that is left
        try:
            while True:
                stream.write(b"\0" * 512)
        except OSError:
            pass
    with pytest.raises(DiskFull) as caught:
        for _ in range(500):
            study.answer(5, True, given="y" * 2000)
            saved += 1
    assert exit_status(caught.value) == EXIT_UNWRITABLE
    assert "full" in message(caught.value)
    study.store.close()
    filler.unlink()
    with sqlite3.connect(small_disk / "studytool.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM reviews").fetchone()[0] == saved


def test_data_dir_deleted_mid_session(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "data"
    study = study_at(data / "studytool.db", clock)
    study.start()
    study.answer(5, True)
    shutil.rmtree(data)
    with pytest.raises(DatabaseGone) as caught:
        study.answer(5, True)
    assert exit_status(caught.value) == EXIT_UNWRITABLE
    assert "deleted or moved" in message(caught.value)


async def test_the_review_app_leaves_with_the_reason_when_it_cannot_save(
    tmp_path: Path, clock: FakeClock
) -> None:
    from studytool.tui.app import StudyApp

    data = tmp_path / "data"
    app = StudyApp(study_at(data / "studytool.db", clock, cards=3), timer=lambda: 0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "5", "enter")
        shutil.rmtree(data)
        await pilot.press("space", "5")
        await pilot.pause()
    # The app stops with the reason; the command line that ran it reports it.
    assert isinstance(app.return_value, DatabaseGone)
    assert app.return_value.path == data / "studytool.db"


def test_the_command_line_says_why_the_review_app_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from studytool.cli import main
    from studytool.tui.app import StudyApp

    def stops(app: StudyApp) -> None:
        app.exit(result=DatabaseGone(app.study.database_path))

    monkeypatch.setattr(StudyApp, "run", stops)
    monkeypatch.setattr("studytool.cli.opening.interactive", lambda: True)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path)])
    assert result.exit_code == EXIT_UNWRITABLE
    assert result.stderr == (
        f"error: {tmp_path / 'studytool.db'} was deleted or moved while studytool had it "
        "open, so this answer could not be saved. Restart studytool to go on.\n"
    )
