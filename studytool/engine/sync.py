"""`studytool sync`: this device's log out to the server, the learner's other devices'
in, and every card they touch replayed from the merged log.

The server is written first, in one transaction, then read; the local database is written
last, in one transaction, only once everything has arrived. A sync that fails anywhere
leaves both as a later sync can finish, and loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studytool.errors import DatabaseCopied
from studytool.store.database import Store
from studytool.store.server import Server
from studytool.store.shipment import FIELDS


@dataclass(frozen=True)
class Synced:
    """What one sync did."""

    server: str
    """The server as it may be shown (no password)."""
    learner: str
    sent: dict[str, int]
    """Rows sent, per table."""
    received: dict[str, int]
    """Rows taken from other devices, per table."""
    rescheduled: int
    """Cards whose state the merged log changed."""
    split: bool = False
    """This file turned out to be a copy of another device's, and now syncs as its own."""


@dataclass(frozen=True)
class ClassSetUp:
    server: str
    applied: int
    """How many migrations were applied."""
    learners: str
    """The role a learner's login is given."""
    instructors: str


def set_up_class(url: str) -> ClassSetUp:
    """Create or migrate the server's schema and roles."""
    with Server.connect(url) as server:
        applied = server.migrate()
        return ClassSetUp(server.name, applied, *server.roles())


def join_class(url: str, name: str) -> tuple[str, str]:
    """Enrol this login under ``name``: (the server's name, the login)."""
    with Server.connect(url) as server:
        server.migrate()
        server.enrol(name)
        return server.name, server.learner()


def sync(store: Store, url: str, now: datetime) -> Synced:
    device = store.device()
    split = False
    with Server.connect(url) as server:
        server.migrate()
        server.enrol()
        learner = server.learner()
        try:
            sent = server.push(device, store.outgoing)
        except DatabaseCopied:
            # Another copy of this file synced first: the rows both hold become that
            # device's, the rest this one's, under an id of its own.
            device = store.split_from(device, _shared(store, server, device))
            split = True
            sent = server.push(device, store.outgoing)
        received = server.pull(device, store.pulled_marks())
        name = server.name
    rescheduled = store.take(received, now) if len(received) else 0
    return Synced(
        name,
        learner,
        {table: sent.count(table) for table in FIELDS},
        {table: received.count(table) for table in FIELDS},
        rescheduled,
        split,
    )


_CHUNK = 1000


def _shared(store: Store, server: Server, device: str) -> dict[str, int]:
    """The newest id of each table's rows that the server holds from ``device`` and this
    file holds alike, column for column: where this copy and the other parted. Answers
    logged apart never agree (each names its session), so the newest agreeing row ends
    what they share; the search walks back from the newest, where a copy made lately
    parts."""
    shared: dict[str, int] = {}
    for table in FIELDS:
        below, found = 2**62, 0
        while not found:
            theirs = server.newest_rows(table, device, below, _CHUNK)
            if not theirs:
                break
            mine = store.own_rows(table, [row[1] for row in theirs])
            found = next((row[1] for row in theirs if mine.get(row[1]) == row), 0)
            below = theirs[-1][1]
        shared[table] = found
    return shared
