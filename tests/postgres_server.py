"""A PostgreSQL server for the sync tests, and their fixtures.

``STUDYTOOL_TEST_POSTGRES`` (a superuser's URL) names one to use. Otherwise a throwaway
cluster is made with PostgreSQL's own ``initdb`` in a temporary folder and started on a
free loopback port, when its programs can be found (on the PATH, or where Debian's
``postgresql`` package puts them). Run as root, the cluster belongs to the ``postgres``
user, as PostgreSQL refuses to run as root. Where none can be started the sync tests are
skipped and say why, unless STUDYTOOL_REQUIRE_POSTGRES is set (as .ci/run sets it): then
they fail. Each test gets a database of its own, and logins made for it.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN = "studytool_admin"
PASSWORD = "admin-secret-Xq7"


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    # Debian keeps each major version's programs apart: the newest one serves.
    debian = [found.parent for found in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")
              if found.parent.parent.name.isdigit()]  # fmt: skip
    return max(debian, key=lambda bindir: int(bindir.parent.name)) if debian else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A cluster of our own: ``start`` gives its superuser's URL, ``stop`` ends it."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.bindir: Path | None = None
        self.user: str | None = None

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None
        program = [str(self.bindir / command[0]), *command[1:]]
        if self.user:
            program = ["runuser", "-u", self.user, "--", *program]
        return subprocess.run(program, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> str:
        """The superuser URL, or a RuntimeError saying why no cluster could be started."""
        self.bindir = _bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL's programs (initdb, pg_ctl) were not found")
        self.folder = Path(tempfile.mkdtemp(prefix="studytool-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("run as root, and no postgres user to run the server") from None
            self.user = "postgres"
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data, password = self.folder / "data", self.folder / "password"
        password.write_text(PASSWORD)
        if self.user:
            owner = pwd.getpwnam(self.user)
            os.chown(password, owner.pw_uid, owner.pw_gid)
        made = self._run("initdb", "-D", str(data), "-U", ADMIN, "-E", "UTF8", "--no-sync",
                         "--auth-local=trust", "--auth-host=scram-sha-256",
                         f"--pwfile={password}")  # fmt: skip
        if made.returncode:
            raise RuntimeError(f"initdb failed: {made.stderr.strip()[-300:]}")
        port = _free_port()
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")  # fmt: skip
        started = self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "log"), "-w",
                            "-t", "60", "-o", options, "start")  # fmt: skip
        if started.returncode:
            log = (self.folder / "log").read_text(errors="replace")[-300:]
            raise RuntimeError(f"pg_ctl could not start the server: {log.strip()}")
        return f"postgresql://{ADMIN}:{PASSWORD}@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.folder / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str]:
    given = os.environ.get("STUDYTOOL_TEST_POSTGRES")
    if given:
        yield given
        return
    cluster = Cluster()
    try:
        url = cluster.start()
    except RuntimeError as exc:
        cluster.stop()
        reason = f"no PostgreSQL for the sync tests: {exc}"
        if os.environ.get("STUDYTOOL_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield url
    finally:
        cluster.stop()


@dataclass
class PG:
    """One test's database on the server: its owner's URL, and logins made on demand."""

    admin: str
    database: str

    def url(self, user: str | None = None, password: str | None = None) -> str:
        """This database's URL, as its owner or as ``user``."""
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(self.admin)
        if user:
            parts.update(user=user, password=password or f"{user}-pw")
        host, port = parts.get("host", "127.0.0.1"), parts.get("port", "5432")
        return f"postgresql://{parts['user']}:{parts['password']}@{host}:{port}/{self.database}"

    def login(self, role: str, name: str) -> str:
        """A login in this class's ``role`` ("learner" or "instructor"), named uniquely for
        this test; returns its URL. The class must have been set up first."""
        import psycopg

        user = f"{name}_{self.database}"
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(
                f"CREATE ROLE {user} LOGIN PASSWORD '{user}-pw' IN ROLE {self.database}_{role}"  # type: ignore[arg-type]
            )
        return self.url(user)

    def execute(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            cursor = connection.execute(sql, params or None)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def pg(postgres_admin: str) -> Iterator[PG]:
    pytest.importorskip("psycopg", reason="the sync extra (psycopg) is not installed")
    import psycopg

    database = f"t{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(postgres_admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {database}")  # type: ignore[arg-type]
    yield PG(postgres_admin, database)
    with psycopg.connect(postgres_admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {database} WITH (FORCE)")  # type: ignore[arg-type]
