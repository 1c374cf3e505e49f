"""Finding the data dir and the decks, and opening the database, for every command.

The command line opens the store here and nowhere else (``Store.open``); everything after
opening goes through the session engine.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studytool import paths
from studytool.cli import errors
from studytool.cli.options import LIMIT_FLAGS, GroupOptions
from studytool.config import (
    ConfigError,
    load_exam_date,
    load_exam_target,
    load_limits,
    load_scheduler,
)
from studytool.core import schedulers
from studytool.core.models import Deck
from studytool.core.queue import Limits
from studytool.core.text import count, shown, suggest
from studytool.deck import discovery
from studytool.engine.study import Study
from studytool.store.database import Store

if TYPE_CHECKING:
    from studytool.tui.app import StudyApp


def interactive() -> bool:
    """Whether a person is at a terminal: the review app needs one."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def now() -> datetime:
    return datetime.now(UTC)


def data_dir(given: Path | None) -> Path:
    """The subcommand's --data-dir, else the group's, else the environment or default."""
    group = click.get_current_context().find_object(GroupOptions)
    return paths.data_dir(given or (group.data_dir if group else None))


def extra_decks(decks: Sequence[Path]) -> list[Path]:
    group = click.get_current_context().find_object(GroupOptions)
    return [*(group.decks if group else ()), *decks]


def load(given: Path | None, decks: Sequence[Path]) -> discovery.DeckSet:
    """All decks the user can study; broken ones are reported on stderr and left out."""
    found = discovery.load_all(discovery.deck_files(data_dir(given), extra_decks(decks)))
    for result in found.broken:
        for diagnostic in result.errors:
            click.echo(str(diagnostic), err=True)
        click.echo(f"{shown(result.path)}: left out until its errors are fixed", err=True)
    for old, new in found.replaced:
        click.echo(f"note: {shown(new)} replaces {shown(old)} (same deck id)", err=True)
    return found


def deck_named(
    name: str, data_dir: Path | None, decks: Sequence[Path], refused: str, hint: str = "DECK"
) -> Deck:
    """A command's DECK: a deck file's path, else a deck id. A deck file with errors is
    refused with its errors on stderr and ``refused`` saying what did not happen."""
    path = Path(name).expanduser()
    if path.suffix in paths.DECK_SUFFIXES or path.is_file():
        if not path.is_file():
            raise click.BadParameter(f"no deck file {shown(name)}", param_hint=hint)
        from studytool.deck.reader import load_deck  # the parser, for a file named here

        result = load_deck(path)
        for diagnostic in result.errors:
            click.echo(str(diagnostic), err=True)
        if result.deck is None:
            raise click.ClickException(f"{shown(name)} has errors; {refused}")
        return result.deck
    known = {deck.id: deck for deck in load(data_dir, decks).decks}
    if name not in known:
        raise unknown_deck(name, list(known), hint)
    return known[name]


def unknown_deck(name: str, known: Sequence[str], hint: str = "DECK") -> click.BadParameter:
    return click.BadParameter(
        f"no deck '{shown(name)}'{shown(suggest(name, known))} (decks: {shown(', '.join(known))})",
        param_hint=hint,
    )


def open_study(
    given: Path | None,
    decks: Sequence[Path],
    limits: dict[str, int | None],
) -> Study:
    """Decks, settings and the database, or a clear message and exit code."""
    found = load(given, decks)
    if not found.decks:
        raise click.ClickException("no deck to study: every deck file has errors")
    # The decks' indexes (every card's id, topic and kind) and the modules stay until the
    # program ends: the cycle collector need not walk them again at each collection.
    gc.freeze()
    try:
        in_force = load_limits(paths.config_path(), limits, LIMIT_FLAGS)
        configured = load_limits(paths.config_path())
        exam_day = load_exam_date(paths.config_path())
        exam_target = load_exam_target(paths.config_path())
    except ConfigError as exc:
        raise errors.bad_config(exc) from None
    return Study(open_store(given), found.decks, in_force, now, exam_day=exam_day,
                 exam_target=exam_target, configured=configured)  # fmt: skip


def open_store(given: Path | None, check: bool = True) -> Store:
    """The database of the data dir, created if it is not there yet, its cards kept by the
    scheduler the settings name. ``check=False`` (doctor) opens it as it is: a switch of
    scheduler writes, and waits for a file that is not damaged."""
    group = click.get_current_context().find_object(GroupOptions)
    try:
        config = paths.config_path()
        exam_day = load_exam_date(config)
        if exam_day and exam_day < now().astimezone().date():
            exam_day = None  # it has passed: nothing is brought forward for it any more
        chosen = load_scheduler(config, group.scheduler if group else None, exam_day)
    except ConfigError as exc:
        raise errors.bad_config(exc) from None
    schedulers.use(chosen)
    store = Store.open(paths.database_path(data_dir(given)), now=now(), check=check)
    if check:
        moved = store.schedule_with(chosen, now())
        if moved:
            click.echo(f"rescheduled {count(moved, 'card')} with {chosen.title} from their "
                       "answers", err=True)  # fmt: skip
    return store


def open_records(given: Path | None, decks: Sequence[Path] = ()) -> Study:
    """The database and the decks that load, for a command that lists what was recorded:
    a broken deck is left out (its cards' questions are then unavailable) and no setting
    is read, so neither can stand in its way."""
    return Study(open_store(given), load(given, decks).decks, Limits(), now)


def run_app(app: StudyApp, study: Study) -> None:
    """Run the study app to its end. Trouble it stopped for (the database could not save
    an answer) is raised here, to be reported as it would be by any command."""
    app.run()
    study.close()
    if app.crash is not None:
        errors.crashed(app.crash)
    if app.return_value is not None:
        raise app.return_value
    if app.return_code:
        raise SystemExit(app.return_code)
