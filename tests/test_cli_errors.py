"""Domain errors become the command line's messages and exit statuses in one place."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from studytool import errors
from studytool.cli import main
from studytool.cli.errors import (
    EXIT_NEWER,
    EXIT_UNREADABLE,
    EXIT_UNWRITABLE,
    exit_status,
    message,
)

DB = Path("/data/studytool.db")
E = TypeVar("E", bound=errors.StudytoolError)


def family(root: type[E]) -> list[type[E]]:
    """``root`` and every class below it."""
    kinds: list[type[E]] = []
    pending = [root]
    while pending:
        kind = pending.pop()
        kinds.append(kind)
        pending += kind.__subclasses__()
    return kinds


def every_kind() -> list[errors.DatabaseProblem]:
    """One of each kind of database trouble, as the store raises them."""
    special = {
        errors.DatabaseTooNew: errors.DatabaseTooNew(DB, 9, 5),
        errors.DatabaseLocked: errors.DatabaseLocked(DB, "database is locked", 15),
    }
    kinds = family(errors.DatabaseProblem)
    families = {errors.DatabaseProblem, errors.DatabaseUnwritable}  # never raised as such
    return [special.get(kind) or kind(DB, "sqlite's words") for kind in kinds
            if kind not in families]  # fmt: skip


@pytest.mark.parametrize("error", every_kind(), ids=lambda e: type(e).__name__)
def test_every_kind_of_trouble_has_its_own_message_and_status(
    error: errors.DatabaseProblem,
) -> None:
    assert message(error) != str(error)
    assert str(DB) in message(error)
    assert exit_status(error) in (EXIT_UNREADABLE, EXIT_NEWER, EXIT_UNWRITABLE)
    assert "--data-dir" not in str(error)


def test_the_statuses_of_each_family() -> None:
    assert exit_status(errors.DatabaseUnreadable(DB, "file is not a database")) == 3
    assert exit_status(errors.ForeignDatabase(DB)) == 3
    assert exit_status(errors.DatabaseTooNew(DB, 9, 5)) == 4
    assert exit_status(errors.DiskFull(DB, "database or disk is full")) == 5
    assert exit_status(errors.DatabaseGone(DB)) == 5


def test_messages_read_as_they_always_have() -> None:
    assert message(errors.DatabaseTooNew(DB, 9, 5)) == (
        "/data/studytool.db was written by a newer studytool (database version 9; this one "
        "knows up to 5). Upgrade studytool; the file was left untouched."
    )
    assert message(errors.DatabaseLocked(DB, "database is locked", 15)) == (
        "/data/studytool.db stayed locked by another program for 15 s; close other studytool "
        "sessions and try again. Nothing already saved was lost."
    )
    assert message(errors.DataFolderCannotBeMade(DB.parent, "Not a directory")) == (
        "cannot create the data folder /data: Not a directory. Choose another place with "
        "--data-dir."
    )


def test_an_unforeseen_error_is_one_line_naming_its_crash_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the engine fell over")

    monkeypatch.setattr("studytool.cli.study.opening.open_study", broken)
    result = CliRunner().invoke(
        main, ["due", "--data-dir", str(tmp_path / "d")],
        env={"STUDYTOOL_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert result.exit_code == 70
    (log,) = (tmp_path / "cache" / "crashes").iterdir()
    (line,) = result.stderr.splitlines()
    assert line == (
        "error: studytool failed unexpectedly (RuntimeError: the engine fell over); the details "
        f"are in {log}. Answers already saved are kept; please report it with that file."
    )
    assert "Traceback" not in result.stdout + result.stderr
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "the engine fell over" in text


def test_an_unforeseen_error_inside_the_app_ends_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.tui.app import StudyApp

    def run_and_crash(app: StudyApp) -> None:  # as the app does on a real terminal
        app.crash = ZeroDivisionError("division by zero")

    monkeypatch.setattr(StudyApp, "run", run_and_crash)
    monkeypatch.setattr("studytool.cli.opening.interactive", lambda: True)
    result = CliRunner().invoke(main, ["review", "--data-dir", str(tmp_path / "d")],
                                env={"STUDYTOOL_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    assert result.exit_code == 70
    assert "studytool failed unexpectedly (ZeroDivisionError: division by zero)" in (result.stderr)
    assert len(list((tmp_path / "cache" / "crashes").iterdir())) == 1


def test_a_data_dir_whose_permissions_keep_us_out_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    (locked / "decks").mkdir(parents=True)
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> object:
        # What `chmod 000` on the data dir does to anyone but root.
        if self.is_relative_to(locked) and self != locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    result = CliRunner().invoke(main, ["due", "--data-dir", str(locked)])
    assert result.exit_code == 5, result.output
    assert result.stderr.strip() == (
        f"error: cannot read the folder {locked / 'decks'}: Permission denied. Fix its "
        "permissions, or choose another place with --data-dir."
    )


def every_sync_trouble() -> list[errors.StudytoolError]:
    kinds = family(errors.ServerProblem)
    server = "postgresql://alice@db.example.org:5432/class"
    return [*(kind(server, "the server's words") for kind in kinds),
            errors.DatabaseCopied(DB), errors.LogIncomplete("d", "c1")]  # fmt: skip


@pytest.mark.parametrize("error", every_sync_trouble(), ids=lambda e: type(e).__name__)
def test_every_kind_of_sync_trouble_says_nothing_here_changed_with_status_6(
    error: errors.StudytoolError,
) -> None:
    assert message(error) != str(error)
    assert exit_status(error) == 6
    assert "changed" in message(error) or "none was sent" in message(error) or (
        "Nothing was taken" in message(error))  # fmt: skip
