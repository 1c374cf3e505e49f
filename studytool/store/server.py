"""The sync server: a PostgreSQL database that every device of a learner, and a class's
instructor, reach with their own login. Only this module speaks to it.

The driver (psycopg 3) is the ``sync`` extra, imported when a server is first reached.
What the server says goes into domain errors with any password taken out; the server is
named everywhere as ``postgresql://user@host:port/database``, never with its password.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from studytool.core.text import without_passwords
from studytool.errors import (
    ServerAddressUnreadable,
    ServerForbidden,
    ServerNotReady,
    ServerProblem,
    ServerRefused,
    ServerTooNew,
    ServerUnreachable,
    SyncUnavailable,
)
from studytool.store.server_migrations import (
    BOOKKEEPING,
    MIGRATIONS,
    ROLE_NAMES,
    SERVER_VERSION,
)
from studytool.store.shipment import FIELDS, Marks, Row, Shipment

if TYPE_CHECKING:
    import psycopg

CONNECT_SECONDS = 10
# A connection that goes quiet (a dropped network) is given up after about this long,
# rather than waiting on it for ever.
_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
              "keepalives_count": 3, "tcp_user_timeout": 20_000}  # fmt: skip

P = ParamSpec("P")
R = TypeVar("R")


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise SyncUnavailable() from None
    return psycopg


def display_name(url: str) -> str:
    """The server as it may be shown: user, host, port and database, no password. A
    ServerAddressUnreadable for an address the driver cannot read (whose own message
    would quote it, password and all)."""
    _driver()
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:
        raise ServerAddressUnreadable() from None
    # A password holding an unescaped @, : or / is read as part of the host, port or
    # database: showing those would show it.
    misread = "@" in str(parts.get("host", "")) or "@" in str(parts.get("dbname", ""))
    if misread or not str(parts.get("port", "5432")).replace(",", "").isdigit():
        raise ServerAddressUnreadable()
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', 'localhost')}{port}/{parts.get('dbname', '')}"


def _password(url: str) -> str | None:
    from psycopg.conninfo import conninfo_to_dict

    found = conninfo_to_dict(url).get("password")
    return str(found) if found else None


@dataclass(frozen=True)
class ClassRows:
    """What an instructor reads of a class: every learner's log, and their names."""

    names: dict[str, str]
    """learner (login) -> the name they enrolled with."""
    reviews: list[dict[str, Any]]
    events: list[dict[str, Any]]
    flags: list[dict[str, Any]]


def _server_errors(
    method: Callable[Concatenate[Server, P], R],
) -> Callable[Concatenate[Server, P], R]:
    """Turn what psycopg raises into a ServerProblem naming the server, no password."""

    @functools.wraps(method)
    def translated(server: Server, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(server, *args, **kwargs)
        except ServerProblem:
            raise
        except Exception as exc:
            if not isinstance(exc, server.driver.Error):
                raise
            raise server.problem(exc) from None

    return translated


class Server:
    def __init__(
        self, driver: Any, connection: psycopg.Connection[Any], name: str, secret: str | None
    ) -> None:
        self.driver = driver
        self.connection = connection
        self.name = name
        """The server as it may be shown (display_name)."""
        self._secret = secret

    @classmethod
    def connect(cls, url: str) -> Server:
        """Reach the server at ``url``; a ServerProblem (or SyncUnavailable) if not."""
        psycopg = _driver()
        name, secret = display_name(url), _password(url)
        try:
            connection = psycopg.connect(
                url, connect_timeout=CONNECT_SECONDS, application_name="studytool", **_KEEPALIVE
            )
        except psycopg.Error as exc:
            text = _said(exc, secret)
            lowered = text.lower()
            if any(word in lowered for word in ("authentication", "password", "does not exist",
                                                "no pg_hba", "permission denied")):  # fmt: skip
                raise ServerRefused(name, text) from None
            raise ServerUnreachable(name, text) from None
        return cls(psycopg, connection, name, secret)

    def problem(self, exc: Exception) -> ServerProblem:
        text = _said(exc, self._secret)
        errors = self.driver.errors
        if isinstance(exc, errors.InsufficientPrivilege):
            return ServerForbidden(self.name, text)
        if isinstance(exc, self.driver.OperationalError | self.driver.InterfaceError):
            return ServerUnreachable(self.name, text or "the connection was lost")
        return ServerProblem(self.name, text)

    def close(self) -> None:
        with suppress(self.driver.Error):
            self.connection.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, snapshot: bool = False) -> Iterator[psycopg.Cursor[Any]]:
        """One transaction; ``snapshot``: every read in it sees the same moment."""
        if snapshot:
            self.connection.isolation_level = self.driver.IsolationLevel.REPEATABLE_READ
        try:
            with self.connection.transaction(), self.connection.cursor() as cursor:
                yield cursor
        finally:
            if snapshot and not self.connection.closed:
                self.connection.isolation_level = None

    # -- the schema --------------------------------------------------------------------

    @_server_errors
    def version(self) -> int:
        with self._transaction() as cursor:
            cursor.execute("SELECT to_regclass('studytool.migrations') IS NOT NULL")
            row = cursor.fetchone()
            if not row or not row[0]:
                return 0
            cursor.execute("SELECT coalesce(max(version), 0) FROM studytool.migrations")
            found = cursor.fetchone()
        return int(found[0]) if found else 0

    @_server_errors
    def migrate(self) -> int:
        """Bring the schema up to date, every step in one transaction; returns how many
        were applied (none when it is). A ServerNotReady when this login may not, a
        ServerTooNew when a newer studytool made it."""
        if (version := self.version()) > SERVER_VERSION:
            raise ServerTooNew(self.name, f"version {version}, known up to {SERVER_VERSION}")
        if version == SERVER_VERSION:
            return 0
        try:
            with self._transaction() as cursor:
                # Two devices that find the schema missing at once: one makes it.
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('studytool schema'))")
                for statement in BOOKKEEPING:
                    cursor.execute(statement)
                cursor.execute("SELECT coalesce(max(version), 0) FROM studytool.migrations")
                row = cursor.fetchone()
                current = int(row[0]) if row else 0
                for number, steps in enumerate(MIGRATIONS, start=1):
                    if number <= current:
                        continue
                    for statement in steps:
                        cursor.execute(statement)
                    cursor.execute("INSERT INTO studytool.migrations (version) VALUES (%s)",
                                   (number,))  # fmt: skip
                return SERVER_VERSION - current
        except self.driver.errors.InsufficientPrivilege as exc:
            raise ServerNotReady(self.name, self.problem(exc).detail) from None

    @_server_errors
    def roles(self) -> tuple[str, str]:
        """The class's two roles: (learners', instructors')."""
        with self._transaction() as cursor:
            cursor.execute(ROLE_NAMES)
            row = cursor.fetchone()
        assert row is not None
        return str(row[0]), str(row[1])

    # -- one learner's log -------------------------------------------------------------

    @_server_errors
    def learner(self) -> str:
        with self._transaction() as cursor:
            cursor.execute("SELECT session_user::text")
            row = cursor.fetchone()
        return str(row[0]) if row else ""

    @_server_errors
    def enrol(self, name: str | None = None) -> None:
        """Make this login a learner, under ``name`` (its login name when none is given
        and it has none yet)."""
        with self._transaction() as cursor:
            if name is None:
                cursor.execute("INSERT INTO studytool.learners (name) VALUES (session_user) "
                               "ON CONFLICT (learner) DO NOTHING")  # fmt: skip
            else:
                cursor.execute("INSERT INTO studytool.learners (name) VALUES (%s) "
                               "ON CONFLICT (learner) DO UPDATE SET name = excluded.name",
                               (name,))  # fmt: skip

    @_server_errors
    def push(self, device: str, outgoing: Callable[[dict[str, Row]], Shipment]) -> Shipment:
        """Add what ``outgoing`` gives (this device's rows past the newest the server
        holds of each table, which it is shown) in one transaction: all of it lands, or
        none. Returns what was sent. Pushes for one device queue for each other, so that
        two copies of one file syncing at once cannot interleave their rows."""
        with self._transaction() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(session_user || ' ' || %s))",
                           (device,))  # fmt: skip
            held: dict[str, Row] = {}
            for table, fields in FIELDS.items():
                cursor.execute(
                    f"SELECT {', '.join(fields)} FROM studytool.{table} "
                    "WHERE learner = session_user::text AND device = %s "
                    "ORDER BY seq DESC LIMIT 1",
                    (device,),
                )
                row = cursor.fetchone()
                if row:
                    held[table] = tuple(row)
            shipment = outgoing(held)
            for table, fields in FIELDS.items():
                rows = shipment.rows[table]
                if rows:
                    cursor.executemany(
                        f"INSERT INTO studytool.{table} ({', '.join(fields)}) "
                        f"VALUES ({', '.join(['%s'] * len(fields))})",
                        rows,
                    )
        return shipment

    @_server_errors
    def newest_rows(self, table: str, device: str, below: int, limit: int) -> list[Row]:
        """This learner's rows of ``table`` from ``device`` whose id is below ``below``,
        newest first, as a Shipment holds them."""
        fields = FIELDS[table]
        with self._transaction() as cursor:
            cursor.execute(
                f"SELECT {', '.join(fields)} FROM studytool.{table} "
                "WHERE learner = session_user::text AND device = %s AND seq < %s "
                "ORDER BY seq DESC LIMIT %s",
                (device, below, limit),
            )
            return [tuple(row) for row in cursor.fetchall()]

    @_server_errors
    def pull(self, device: str, marks: Marks) -> Shipment:
        """This learner's rows from other devices past those ``marks`` says are here, read
        in one snapshot so that every event comes with the review it names."""
        shipment = Shipment()
        with self._transaction(snapshot=True) as cursor:
            for table, fields in FIELDS.items():
                held = [(origin, seq) for (name, origin), seq in marks.items() if name == table]
                cursor.execute(
                    f"SELECT {', '.join('t.' + f for f in fields)} FROM studytool.{table} t "
                    "LEFT JOIN unnest(%s::text[], %s::bigint[]) AS m(device, seq) "
                    "ON m.device = t.device WHERE t.learner = session_user::text "
                    "AND t.device <> %s AND t.seq > coalesce(m.seq, 0) ORDER BY t.device, t.seq",
                    ([origin for origin, _ in held], [seq for _, seq in held], device),
                )
                shipment.rows[table] = [tuple(row) for row in cursor.fetchall()]
        return shipment

    # -- the class ---------------------------------------------------------------------

    @_server_errors
    def may_see_class(self) -> bool:
        """Whether this login reads every learner's rows: an instructor, or the owner."""
        with self._transaction() as cursor:
            cursor.execute(
                "SELECT pg_has_role(session_user, (current_database() || '_instructor')::name, "
                "'MEMBER') "
                "OR (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user) "
                "OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace "
                "WHERE nspname = 'studytool'), 'MEMBER')"
            )
            row = cursor.fetchone()
        return bool(row and row[0])

    @_server_errors
    def class_rows(self, deck_id: str | None) -> ClassRows:
        """Every learner's log (of ``deck_id``, or of every deck), in one snapshot."""
        if not self.may_see_class():
            raise ServerForbidden(self.name, "only an instructor's login reads the class")
        where = "WHERE deck_id = %s" if deck_id else ""
        params = (deck_id,) if deck_id else ()
        with self._transaction(snapshot=True) as cursor:
            cursor.execute("SELECT learner, name FROM studytool.learners")
            names = {str(learner): str(name) for learner, name in cursor.fetchall()}
            found: dict[str, list[dict[str, Any]]] = {}
            for table in FIELDS:
                cursor.execute(
                    f"SELECT learner, {', '.join(FIELDS[table])} FROM studytool.{table} {where} "
                    "ORDER BY learner, device, seq",
                    params,
                )
                columns = [column.name for column in cursor.description or []]
                found[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
        return ClassRows(names, found["reviews"], found["events"], found["flags"])


def _said(exc: Exception, secret: str | None) -> str:
    """The first line of what the server or driver said, with the password taken out
    wherever it was quoted, as given or inside an address."""
    lines = str(exc).strip().splitlines()
    text = without_passwords(lines[0] if lines else "")
    return text.replace(secret, "***") if secret else text
