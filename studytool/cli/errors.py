"""Every exit status and every error message of the command line, in one place.

The layers below raise domain errors that say what went wrong; here they become what the
user reads and the status scripts see. The README's table documents the exit statuses:
0 fine, 1 problems found, 2 usage error, 3-5 the database cannot be used, 6 the sync
server cannot be used, 70 an error
studytool did not foresee (its traceback is in a crash log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import click

from studytool.config import ConfigError
from studytool.core.text import shown, without_passwords
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
    ServerAddressUnreadable,
    ServerForbidden,
    ServerNotReady,
    ServerProblem,
    ServerRefused,
    ServerTooNew,
    ServerUnreachable,
    StudytoolError,
    SyncUnavailable,
)

if TYPE_CHECKING:
    from studytool.deck.lint import LintReport

EXIT_OK = 0
EXIT_PROBLEMS = 1
"""Lint found errors, doctor found problems, a deck has errors."""
EXIT_USAGE = 2
"""As click's own usage errors."""
EXIT_UNREADABLE = 3
EXIT_NEWER = 4
EXIT_UNWRITABLE = 5
EXIT_SERVER = 6
"""A sync could not be done (the server, or a copied database); nothing here was changed."""
EXIT_CRASH = 70
"""An error studytool did not foresee (the BSD "internal software error" status)."""

_BACKUPS = "studytool.db.*.bak beside it"
_ELSEWHERE = "choose another place with --data-dir"


def exit_status(error: StudytoolError) -> int:
    match error:
        case DatabaseTooNew():
            return EXIT_NEWER
        case DatabaseUnreadable():
            return EXIT_UNREADABLE
        case DatabaseCopied() | ServerProblem() | LogIncomplete():
            return EXIT_SERVER
        case DatabaseProblem():
            return EXIT_UNWRITABLE
        case SyncUnavailable() | ServerAddressUnreadable():
            return EXIT_USAGE
    return EXIT_PROBLEMS


def message(error: StudytoolError) -> str:
    """What the user reads about ``error``: what happened, to which file, what to do."""
    match error:
        case DatabaseDamaged(path=path, detail=found):
            return (f"{path} is damaged ({found}). It was left untouched: restore a backup "
                    f"({_BACKUPS}), or run `studytool doctor` for details.")  # fmt: skip
        case DatabaseIsFolder(path=path):
            return f"{path} is a folder, not a database file; {_ELSEWHERE}."
        case ForeignDatabase(path=path):
            return (f"{path} is a SQLite database of another program, not studytool's. It was "
                    f"left untouched; {_ELSEWHERE}.")  # fmt: skip
        case DatabaseUnreadable(path=path, detail=detail):
            return (f"{path} is damaged or is not a studytool database ({detail}). It was left "
                    f"untouched: restore a backup ({_BACKUPS}) or move it aside to start "
                    "afresh.")  # fmt: skip
        case DatabaseTooNew(path=path, version=version, known=known):
            return (f"{path} was written by a newer studytool (database version {version}; "
                    f"this one knows up to {known}). Upgrade studytool; the file was left "
                    "untouched.")  # fmt: skip
        case DatabaseReadOnly(path=path):
            return (f"{path} cannot be written (read-only file or folder). Your answers could "
                    f"not be saved; fix the permissions or {_ELSEWHERE}.")  # fmt: skip
        case DiskFull(path=path):
            return (f"the disk holding {path} is full; free some space and try again. Nothing "
                    "already saved was lost.")  # fmt: skip
        case DatabaseLocked(path=path, seconds=seconds):
            return (f"{path} stayed locked by another program for {seconds} s; close "
                    "other studytool sessions and try again. Nothing already saved was "
                    "lost.")  # fmt: skip
        case DatabaseCannotOpen(path=path):
            return (f"cannot open {path}: the folder is missing or not writable. Choose "
                    "another place with --data-dir.")  # fmt: skip
        case DataFolderCannotBeMade(path=folder, detail=detail):
            return (f"cannot create the data folder {folder}: {detail}. Choose another place "
                    "with --data-dir.")  # fmt: skip
        case JournalGone(path=path):
            return (f"the journal files beside {path} (-wal, -shm) were deleted while "
                    "studytool had them open. Every answer given so far was written into "
                    "the database itself; restart studytool to go on.")  # fmt: skip
        case DataFolderUnreadable(path=folder, detail=detail):
            return (f"cannot read the folder {folder}: {detail}. Fix its permissions, or "
                    "choose another place with --data-dir.")  # fmt: skip
        case DatabaseCopied(path=path):
            return (f"{path} is a copy of a database that another device already syncs (they "
                    "share its device id), so the answers each gave since the copy cannot "
                    "be told apart and none was sent. Keep syncing from the other device; "
                    "here, move the file aside and sync to take everything (what was "
                    "answered here since the copy stays in the moved file).")  # fmt: skip
        case ServerUnreachable(server=server, detail=detail):
            return (f"could not reach {server} ({detail}). Nothing was changed here: your "
                    "answers stay on this device and go with the next sync.")  # fmt: skip
        case ServerRefused(server=server, detail=detail):
            return (f"{server} refused the login ({detail}). Check the user, password and "
                    "database name; nothing was changed here.")  # fmt: skip
        case ServerNotReady(server=server):
            return (f"{server} has no studytool schema this login may use. Whoever manages "
                    "the server runs `studytool class init URL` with a login that may create "
                    "it; nothing was changed here.")  # fmt: skip
        case ServerTooNew(server=server, detail=detail):
            return (f"{server} was set up by a newer studytool ({detail}). Upgrade studytool; "
                    "nothing was changed here.")  # fmt: skip
        case ServerForbidden(server=server, detail=detail):
            return (f"{server} does not allow this login to do that ({detail}). Nothing was "
                    "changed here.")  # fmt: skip
        case ServerProblem(server=server, detail=detail):
            return f"{server} could not do it ({detail}). Nothing was changed here."
        case LogIncomplete():
            return f"{error}. Nothing was taken; the next sync tries again."
        case ServerAddressUnreadable():
            return ("the server's postgresql:// address cannot be read: check it (in a "
                    "password, write @ as %40, : as %3A and / as %2F). It is not shown here, "
                    "as it may hold a password.")  # fmt: skip
        case SyncUnavailable():
            return ("sync needs the PostgreSQL driver, which is not installed: "
                    "pip install 'studytool[sync]'")  # fmt: skip
        case DatabaseGone(path=path):
            return (f"{path} was deleted or moved while studytool had it open, so this answer "
                    "could not be saved. Restart studytool to go on.")  # fmt: skip
    return str(error)


def crashed(error: Exception) -> NoReturn:
    """An error no message foresaw: its traceback goes to a crash log, the user reads one
    line saying where, and the exit status says it was studytool's fault."""
    from studytool.cli import crash_log  # only a crash needs it: start-up stays lean

    where = crash_log.write(error)
    kept = f"the details are in {shown(str(where))}" if where else "no crash log could be written"
    # The error may quote a server address: its password stays out, as in the log.
    failed = without_passwords(f"{type(error).__name__}: {error}")
    click.echo(shown(f"error: studytool failed unexpectedly ({failed}); {kept}. Answers "
                     "already saved are kept; please report it with that file."),
               err=True)  # fmt: skip
    raise SystemExit(EXIT_CRASH)


def fail(error: StudytoolError) -> NoReturn:
    click.echo(shown(f"error: {message(error)}"), err=True)
    raise SystemExit(exit_status(error))


def bad_config(error: ConfigError) -> click.UsageError:
    """A setting in config.toml or a flag that cannot be used: a usage error (exit 2),
    shown with the command's usage like any bad flag."""
    return click.UsageError(shown(str(error)))


def unsaved_config(error: ConfigError | OSError) -> click.ClickException:
    """The config file could not be read back or written (exit 1)."""
    return click.ClickException(shown(str(error)))


def lint_status(report: LintReport, strict: bool) -> int:
    return EXIT_PROBLEMS if report.failed(strict) else EXIT_OK
