"""Progress figures per deck."""

from __future__ import annotations

from pathlib import Path

import click

from studytool.cli import opening, render
from studytool.cli.options import data_dir_option, deck_option


@click.command()
@click.argument("only", nargs=-1, metavar="[DECK_ID...]")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@data_dir_option
@deck_option
def stats(
    only: tuple[str, ...],
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Progress: streaks, retention, the next 30 days, and each topic's mastery.

    \b
    Examples:
      studytool stats
      studytool stats leg-curl --json
    """
    study = opening.open_study(data_dir, decks, {})
    chosen = [d.id for d in study.decks if not only or d.id in only]
    reports = [study.stats(deck_id) for deck_id in chosen]
    if as_json:
        click.echo(render.stats_json(reports))
        return
    for report in reports:
        click.echo("\n".join(render.stats_lines(report)))
