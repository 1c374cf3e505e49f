"""The ``studytool`` command line. Bare ``studytool`` opens today's review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from studytool import __version__, deckspec, library, paths
from studytool.core.models import Deck
from studytool.lint import lint as lint_files

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _GroupOptions:
    data_dir: Path | None
    decks: tuple[Path, ...]


def _data_dir_option(f: F) -> F:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        metavar="DIR",
        help=f"Where progress is kept (default: ${paths.DATA_DIR_ENV}, else the user data dir).",
    )(f)


def _deck_option(f: F) -> F:
    return click.option(
        "--deck",
        "decks",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        metavar="PATH",
        help="Also use this deck file or folder of decks (repeatable).",
    )(f)


def _data_dir(data_dir: Path | None) -> Path:
    """The subcommand's --data-dir, else the group's, else the environment or default."""
    group = click.get_current_context().find_object(_GroupOptions)
    return paths.data_dir(data_dir or (group.data_dir if group else None))


def _extra_decks(decks: Sequence[Path]) -> list[Path]:
    group = click.get_current_context().find_object(_GroupOptions)
    return [*(group.decks if group else ()), *decks]


def _load(data_dir: Path | None, decks: Sequence[Path]) -> library.DeckSet:
    """All decks the user can study; broken ones are reported on stderr and left out."""
    found = library.load_all(library.deck_files(_data_dir(data_dir), _extra_decks(decks)))
    for result in found.broken:
        for diagnostic in result.errors:
            click.echo(str(diagnostic), err=True)
        click.echo(f"{result.path}: left out until its errors are fixed", err=True)
    for old, new in found.replaced:
        click.echo(f"note: {new} replaces {old} (same deck id)", err=True)
    return found


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_data_dir_option
@_deck_option
@click.version_option(__version__, prog_name="studytool")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, decks: tuple[Path, ...]) -> None:
    """Study for a personal-trainer certification with spaced repetition.

    Without a command, opens today's review.

    \b
    Examples:
      studytool                          today's review
      studytool --data-dir ~/st-test     use another data dir
      studytool lint decks/my-deck.yaml  check a deck you are writing
    """
    ctx.obj = _GroupOptions(data_dir, decks)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@main.command()
@_data_dir_option
@_deck_option
def review(data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """Today's review: what is due in each deck.

    \b
    Example:
      studytool review --deck ~/decks/squat.yaml
    """
    found = _load(data_dir, decks)
    if not found.decks:
        raise click.ClickException("no deck to study: every deck file has errors")
    for deck in found.decks:
        _echo_deck_summary(deck)
    click.echo(f"\nProgress is kept in {paths.database_path(_data_dir(data_dir))}")


def _echo_deck_summary(deck: Deck) -> None:
    click.echo(f"{deck.title} ({deck.id}): {len(deck.cards)} cards, all new")
    for topic in deck.topics:
        count = sum(card.topic == topic.id for card in deck.cards)
        click.echo(f"  {topic.name:<32} {count:>4}")


@main.command()
@_data_dir_option
@_deck_option
def decks(data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """List the decks found: bundled, in the data dir, and given with --deck.

    \b
    Example:
      studytool decks --deck ~/decks
    """
    found = _load(data_dir, decks)
    for deck in found.decks:
        click.echo(f"{deck.id:<20} {len(deck.cards):>5} cards  {deck.title}  ({deck.path})")
    if found.broken:
        raise SystemExit(1)


@main.command()
@click.argument("targets", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints every finding with its position, for editors and CI.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@_data_dir_option
@_deck_option
def lint(
    targets: tuple[Path, ...],
    output: str,
    strict: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Check deck files and report every problem as path:line:col.

    With no PATH, checks every deck studytool would use. A PATH may be a folder.
    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error.

    \b
    Examples:
      studytool lint
      studytool lint decks/leg-curl.yaml --format json
    """
    if targets:
        files = library.expand([*targets, *_extra_decks(decks)])
    else:
        files = library.deck_files(_data_dir(data_dir), _extra_decks(decks))
    if not files:
        raise click.UsageError("no deck files found to check")
    report = lint_files(files)
    click.echo(report.json() if output == "json" else report.text())
    raise SystemExit(report.exit_code(strict))


@main.command()
@_data_dir_option
def schema(data_dir: Path | None = None) -> None:
    """Print the JSON Schema of a deck file, for editor completion.

    \b
    Example:
      studytool schema > decks/deck.schema.json
    """
    click.echo(deckspec.json_schema_text(), nl=False)
