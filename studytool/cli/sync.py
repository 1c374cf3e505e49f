"""`studytool sync` and `studytool class`: one learner's devices kept in step through a
PostgreSQL server, and a class an instructor can see there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from studytool import paths
from studytool.cli import errors, opening
from studytool.cli.options import data_dir_option, deck_option
from studytool.config import SYNC_SCHEMES, ConfigError, load_sync_url
from studytool.core.text import count, shown

URL = click.argument("url", metavar="URL")


def _server_url(given: str | None) -> str:
    """``given``, else config.toml's sync_url: a postgresql:// address."""
    if given:
        if not given.startswith(SYNC_SCHEMES):
            raise click.BadParameter("give a postgresql:// address", param_hint="URL")
        return given
    try:
        found = load_sync_url(paths.config_path())
    except ConfigError as exc:
        raise errors.bad_config(exc) from None
    if found is None:
        raise click.UsageError("no server to sync with: give its URL, or set sync_url in "
                               f"{shown(str(paths.config_path()))}")  # fmt: skip
    return found


def _rows(figures: dict[str, int]) -> str:
    return ", ".join(
        [count(figures["reviews"], "answer"), count(figures["events"], "event"),
         count(figures["flags"], "flag")]
    )  # fmt: skip


@click.command()
@click.argument("url", metavar="[URL]", required=False)
@data_dir_option
def sync(url: str | None, data_dir: Path | None = None) -> None:
    """Send this device's answers, undos, suspensions and flags to a PostgreSQL server,
    take those of your other devices, and reschedule from the merged log.

    URL is postgresql://USER@HOST/DATABASE (default: sync_url in config.toml). Keep the
    password out of it: libpq reads it from ~/.pgpass or $PGPASSWORD. Running it again
    changes nothing; offline, nothing here is changed.

    \b
    Examples:
      studytool sync postgresql://alice@db.example.org/class
      studytool sync
    """
    from studytool.engine.sync import sync as run_sync

    server = _server_url(url)
    store = opening.open_store(data_dir)
    try:
        done = run_sync(store, server, opening.now())
    finally:
        store.close()
    click.echo(shown(f"synced with {done.server} as {done.learner}"))
    if done.split:
        click.echo("  this database was copied from another device: it now syncs as a device "
                   "of its own, and what both held counts once")  # fmt: skip
    if not any(done.sent.values()) and not any(done.received.values()):
        click.echo("  already in step: nothing to send or take")
        return
    click.echo(f"  sent: {_rows(done.sent)}")
    click.echo(f"  taken from your other devices: {_rows(done.received)}")
    if done.rescheduled:
        click.echo(f"  {count(done.rescheduled, 'card')} rescheduled from the merged log")


@click.group(name="class")
def class_() -> None:
    """A class on a PostgreSQL server: set it up, join it, and report on it.

    \b
    Examples:
      studytool class init postgresql://admin@db.example.org/class
      studytool class join postgresql://alice@db.example.org/class --name "Alice Martin"
      studytool class report postgresql://coach@db.example.org/class leg-curl
    """


@class_.command()
@URL
def init(url: str) -> None:
    """Create (or migrate) the class's schema and its two roles on the server.

    Run it with a login that may create schemas and roles. Learners then connect with
    logins in the DATABASE_learner role (each reads and writes its own rows only), and
    instructors with logins in DATABASE_instructor (they read everyone's), DATABASE being
    the database's name.

    \b
    Example:
      studytool class init postgresql://admin@db.example.org/class
    """
    from studytool.engine.sync import set_up_class

    done = set_up_class(_server_url(url))
    state = f"set up ({count(done.applied, 'migration')} applied)" if done.applied else "up to date"
    click.echo(shown(f"the class schema on {done.server} is {state}"))
    click.echo("  make a login for each learner and instructor, e.g. in psql:")
    click.echo(shown(f"    CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE {done.learners};"))
    click.echo(shown(f"    CREATE ROLE coach LOGIN PASSWORD '…' IN ROLE {done.instructors};"))


@class_.command()
@URL
@click.option("--name", required=True, help="Your name, as the instructor will see it.")
def join(url: str, name: str) -> None:
    """Enrol this login in the class under NAME; `studytool sync URL` then sends your
    answers.

    \b
    Example:
      studytool class join postgresql://alice@db.example.org/class --name "Alice Martin"
    """
    from studytool.engine.sync import join_class

    if not name.strip():
        raise click.BadParameter("give a name", param_hint="--name")
    where, who = join_class(_server_url(url), name.strip())
    click.echo(shown(f"joined the class on {where} as {name.strip()} (login {who})"))
    click.echo("  `studytool sync URL` sends your answers and takes your other devices'")


@class_.command()
@URL
@click.argument("deck", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day recall is forecast for (default: today), e.g. the exam.")  # fmt: skip
@data_dir_option
@deck_option
def report(
    url: str,
    deck: str | None,
    as_json: bool,
    on: datetime | None,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Per-topic and per-card figures across the class (attempts, first-try accuracy,
    lapses, forecast recall), the hardest cards, and the flags with their notes and who
    raised them. DECK (a deck id or file) narrows it to one deck. Needs an instructor's
    login: a learner's login reads only its own rows.

    \b
    Examples:
      studytool class report postgresql://coach@db.example.org/class leg-curl
      studytool class report postgresql://coach@db.example.org/class --on 2027-03-01 --json
    """
    from studytool.engine.class_report import class_report, report_json, report_lines

    server = _server_url(url)
    found = list(opening.load(data_dir, decks).decks)
    deck_id = None
    if deck is not None:
        chosen = opening.deck_named(deck, data_dir, decks, "no report was made")
        deck_id = chosen.id
        found = [chosen, *(d for d in found if d.id != chosen.id)]
    day = on.date() if on else opening.now().astimezone().date()
    made = class_report(server, deck_id, found, day)
    click.echo(report_json(made) if as_json else shown("\n".join(report_lines(made))))
