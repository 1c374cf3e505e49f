"""Studying: today's review, what is due, suspending cards, the cards flagged as wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from studytool.cli import opening, render
from studytool.cli.options import (
    card_argument,
    card_in,
    data_dir_option,
    deck_option,
    limit_options,
    limits,
    split_card,
)
from studytool.core.text import shown


@click.command()
@click.argument("only", nargs=-1, metavar="[DECK_ID...]")
@data_dir_option
@deck_option
@limit_options
def review(
    only: tuple[str, ...] = (),
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
    new_limit: int | None = None,
    review_limit: int | None = None,
    rollover_hour: int | None = None,
) -> None:
    """Today's review, started at once: due cards first, then new ones, in the terminal UI.

    Give deck ids to study only those decks. When not run in a terminal (piped, in a
    script) it prints what is due instead. Bare `studytool` opens home first, with the
    day's counts and an estimate of the time it takes.

    \b
    Examples:
      studytool review --new-limit 10
      studytool review every-type --deck tests/decks/valid
    """
    study_today(only, data_dir, decks, limits(new_limit, review_limit, rollover_hour),
                review_at_once=True)  # fmt: skip


def study_today(
    only: Sequence[str],
    data_dir: Path | None,
    decks: Sequence[Path],
    flags: dict[str, int | None],
    review_at_once: bool,
) -> None:
    """The study app on today's decks (only those named, if any), opening on home or on
    the review; piped, what is due."""
    study = opening.open_study(data_dir, decks, flags)
    if only:
        known = {deck.id: deck for deck in study.decks}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise click.BadParameter(
                f"no deck {', '.join(unknown)} (decks: {', '.join(known)})", param_hint="DECK_ID"
            )
        study = replace(study, decks=[known[name] for name in only])
    if not opening.interactive():
        for deck in study.due():
            click.echo("\n".join(render.due_lines(deck)))
        click.echo(f"\nProgress is kept in {shown(str(study.database_path))}")
        return
    from studytool.tui.app import StudyApp  # Textual loads only for the UI

    opening.run_app(StudyApp(study, review_at_once=review_at_once), study)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@data_dir_option
@deck_option
@limit_options
def due(
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
    new_limit: int | None = None,
    review_limit: int | None = None,
    rollover_hour: int | None = None,
) -> None:
    """What is due today, per deck and topic.

    Counts respect the daily limits and what was already done today.

    \b
    Examples:
      studytool due
      studytool due --json --data-dir ~/exam-prep
    """
    study = opening.open_study(data_dir, decks, limits(new_limit, review_limit, rollover_hour))
    report = study.due()
    if as_json:
        click.echo(render.due_json(study.today(), report))
        return
    for deck in report:
        click.echo("\n".join(render.due_lines(deck)))


@click.command()
@card_argument
@data_dir_option
@deck_option
def suspend(card: str, data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """Stop scheduling a card until it is unsuspended; its history is kept.

    \b
    Example:
      studytool suspend leg-curl/rpe-scale-borg
    """
    _set_suspended(card, True, data_dir, decks)


@click.command()
@card_argument
@data_dir_option
@deck_option
def unsuspend(card: str, data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """Schedule a suspended card (or a leech) again.

    \b
    Example:
      studytool unsuspend leg-curl/rpe-scale-borg
    """
    _set_suspended(card, False, data_dir, decks)


def _set_suspended(
    card: str, suspended: bool, data_dir: Path | None, decks: Sequence[Path]
) -> None:
    deck_id, card_id = split_card(card)
    study = opening.open_study(data_dir, decks, {})
    try:
        deck = study.deck(deck_id)
    except KeyError:
        raise opening.unknown_deck(deck_id, [d.id for d in study.decks], "DECK/CARD") from None
    card_in(deck, card_id)
    if study.is_suspended(deck_id, card_id) == suspended:
        click.echo(f"{deck_id}/{card_id} is already {'suspended' if suspended else 'scheduled'}")
        return
    if suspended:
        study.suspend(deck_id, card_id)
    else:
        study.unsuspend(deck_id, card_id)
    click.echo(f"{deck_id}/{card_id} {'suspended' if suspended else 'back in the schedule'}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@data_dir_option
@deck_option
def flags(as_json: bool, data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """List the cards candidates flagged as wrong, with their questions, for the deck's
    instructor.

    \b
    Example:
      studytool flags --data-dir ~/exam-prep --deck decks/
    """
    reports = opening.open_records(data_dir, decks).flags()
    if as_json:
        click.echo(render.flags_json(reports))
        return
    for line in render.flag_lines(reports):
        click.echo(line)
