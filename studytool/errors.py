"""Trouble the user can act on, as any layer may raise it.

These name what went wrong and where, never what to type about it: the command line says
that in its own words (`studytool.cli.errors`), for the review app it runs too.
"""

from __future__ import annotations

from pathlib import Path


class StudytoolError(Exception):
    """Trouble the user can act on, not a bug."""


class DatabaseProblem(StudytoolError):
    """The progress database cannot be used. ``path`` is the file (or the folder that was
    to hold it); ``detail`` is what SQLite or the system said, when it said anything."""

    what = "cannot be used"

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.path} {self.what}" + (f" ({self.detail})" if self.detail else "")


class DatabaseUnreadable(DatabaseProblem):
    """SQLite cannot read the file: damaged, or not a database at all."""

    what = "cannot be read"


class DatabaseDamaged(DatabaseUnreadable):
    """SQLite's damage check found problems (``detail`` lists them)."""

    what = "is damaged"


class DatabaseIsFolder(DatabaseUnreadable):
    what = "is a folder, not a database file"


class ForeignDatabase(DatabaseUnreadable):
    """A SQLite database, but another program's."""

    what = "is another program's database"


class DatabaseTooNew(DatabaseProblem):
    """Written by a later version of studytool, whose changes this one cannot know."""

    what = "has a newer database version"

    def __init__(self, path: Path, version: int, known: int) -> None:
        super().__init__(path, f"version {version}, known up to {known}")
        self.version = version
        self.known = known


class DatabaseUnwritable(DatabaseProblem):
    """The file can be read but what is to be saved cannot be written."""

    what = "cannot be written"


class DatabaseReadOnly(DatabaseUnwritable):
    what = "is read-only"


class DiskFull(DatabaseUnwritable):
    what = "is on a full disk"


class DatabaseLocked(DatabaseUnwritable):
    """Another program held the write lock for all of ``seconds``."""

    what = "stayed locked"

    def __init__(self, path: Path, detail: str, seconds: int) -> None:
        super().__init__(path, detail)
        self.seconds = seconds


class DatabaseCannotOpen(DatabaseUnwritable):
    """SQLite cannot open or create the file: its folder is missing or not writable."""

    what = "cannot be opened"


class DataFolderCannotBeMade(DatabaseUnwritable):
    """``path`` is the folder that was to hold the database."""

    what = "cannot be created"


class DataFolderUnreadable(DatabaseUnwritable):
    """``path`` is a folder studytool must look into (the data dir, its decks) and may not:
    its permissions forbid it."""

    what = "cannot be read"


class DatabaseGone(DatabaseUnwritable):
    """The file was deleted or moved away while open: writing on would lose the answers."""

    what = "was deleted or moved while open"


class JournalGone(DatabaseUnwritable):
    """The write-ahead log beside the file (``-wal``, ``-shm``) was deleted or replaced
    while open. What was committed has been written into the file itself; going on would
    write where a crash loses it."""

    what = "lost its journal files while open"


class DeckChanged(StudytoolError):
    """A card the session needs could not be read back from the deck cache, and the deck
    file no longer holds it as it did when the session started."""

    def __init__(self, path: str, card_id: str) -> None:
        super().__init__(path, card_id)
        self.path = path
        self.card_id = card_id

    def __str__(self) -> str:
        return (
            f"card '{self.card_id}' of {self.path} changed or went while studytool was "
            "running; start it again to study the deck as it is now"
        )


class DatabaseCopied(StudytoolError):
    """The file is a copy of a database another device syncs under the same device id:
    the answers each gave since the copy cannot be told apart, so none is sent. The file
    itself is sound."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path} is a copy of another device's database"


class LogIncomplete(StudytoolError):
    """Rows brought in by a sync name an answer that neither this database nor the rows
    hold: nothing of them was taken."""

    def __init__(self, deck_id: str, card_id: str) -> None:
        super().__init__(deck_id, card_id)
        self.deck_id = deck_id
        self.card_id = card_id

    def __str__(self) -> str:
        return (
            f"the server's log of card '{self.card_id}' (deck '{self.deck_id}') names an "
            "answer it does not hold"
        )


class ServerAddressUnreadable(StudytoolError):
    """A postgresql:// address the driver cannot read. It is not quoted back: it may hold
    a password."""


class SyncUnavailable(StudytoolError):
    """The PostgreSQL driver sync needs is not installed (the ``sync`` extra)."""


class ServerProblem(StudytoolError):
    """The sync server cannot be used. ``server`` names it without credentials; ``detail``
    is what the server or the connection said, any password taken out."""

    what = "cannot be used"

    def __init__(self, server: str, detail: str = "") -> None:
        super().__init__(server, detail)
        self.server = server
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.server} {self.what}" + (f" ({self.detail})" if self.detail else "")


class ServerUnreachable(ServerProblem):
    """No connection, or the connection dropped before the work was done."""

    what = "could not be reached"


class ServerRefused(ServerProblem):
    """The server turned the login down (wrong user or password, or no such database)."""

    what = "refused the login"


class ServerNotReady(ServerProblem):
    """The server holds no studytool schema, or an older one, and this login may not
    create or migrate it."""

    what = "has no studytool schema this login may use"


class ServerTooNew(ServerProblem):
    """The server's schema was made by a newer studytool."""

    what = "has a newer studytool schema"


class ServerForbidden(ServerProblem):
    """This login may not do what was asked (a learner asking for the class report)."""

    what = "does not allow this login to do that"
