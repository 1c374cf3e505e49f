"""`studytool doctor`: the check and rebuild of the database, reported."""

from __future__ import annotations

from pathlib import Path

import click

from studytool import paths
from studytool.cli import errors, opening, render
from studytool.cli.options import data_dir_option
from studytool.core.text import shown
from studytool.engine import doctor as checks


@click.command()
@click.option(
    "--rebuild", is_flag=True, help="Rewrite card states and answer counts from the review log."
)
@data_dir_option
def doctor(rebuild: bool, data_dir: Path | None = None) -> None:
    """Check the database and that card states match the review log.

    With --rebuild, card states are rewritten from the log (a backup is made first).
    Exit status: 0 healthy, 1 problems found, 3-5 the database cannot be opened.

    \b
    Examples:
      studytool doctor
      studytool doctor --rebuild
    """
    database = paths.database_path(opening.data_dir(data_dir))
    if not database.exists():
        click.echo(f"no database at {shown(str(database))} yet: nothing to check")
        return
    store = opening.open_store(data_dir, check=False)
    try:
        checkup = checks.examine(store)
        for line in render.checkup_lines(checkup):
            click.echo(line)
        if checkup.damage:
            raise SystemExit(errors.EXIT_PROBLEMS)
        if checkup.drifted and rebuild:
            click.echo(render.rebuilt_line(checks.rebuild(store, opening.now())))
            return
        click.echo(render.checkup_verdict(checkup))
        if checkup.drifted:
            raise SystemExit(errors.EXIT_PROBLEMS)
    finally:
        store.close()
