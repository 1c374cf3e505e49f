"""Writing decks: listing them, checking them, a starter deck, a preview, the schema."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from studytool import paths
from studytool.cli import errors, opening, render
from studytool.cli.options import data_dir_option, deck_option
from studytool.core.models import Deck
from studytool.core.text import shown
from studytool.deck import discovery, spec


@click.command()
@data_dir_option
@deck_option
def decks(data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """List the decks found: bundled, in the data dir, and given with --deck.

    \b
    Example:
      studytool decks --deck ~/decks
    """
    found = opening.load(data_dir, decks)
    for deck in found.decks:
        click.echo(render.deck_line(deck))
    if found.broken:
        raise SystemExit(errors.EXIT_PROBLEMS)


@click.command()
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
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="OLD",
    help="The deck as it was: warn where a card id now holds a different fact.",
)
@data_dir_option
@deck_option
def lint(
    targets: tuple[Path, ...],
    output: str,
    strict: bool,
    against: Path | None,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Check deck files and report every problem as path:line:col.

    With no PATH, checks every deck studytool would use. A PATH may be a folder.
    Besides errors, warns about weak cards (near-duplicates, answers given away, ...).
    With --against, compares card ids with an earlier version of the deck.
    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error.

    \b
    Examples:
      studytool lint
      studytool lint decks/leg-curl.yaml --format json
      git show HEAD:decks/my.yaml > /tmp/old.yaml
      studytool lint decks/my.yaml --against /tmp/old.yaml
    """
    if targets:
        files = discovery.expand([*targets, *opening.extra_decks(decks)])
    else:
        files = discovery.deck_files(opening.data_dir(data_dir), opening.extra_decks(decks))
    if not files:
        raise click.UsageError("no deck files found to check")
    old = _old_deck(against) if against else None
    from studytool.deck.lint import lint as lint_files  # only lint needs the quality checks

    report = lint_files(files, old, paths.cache_dir())
    # Decks with errors were not compared and say so themselves; if all loaded and none
    # is the old deck's, nothing was compared, which the user must hear about.
    loaded = [r.deck for r in report.results if r.deck]
    if old and len(loaded) == len(report.results) and old.id not in {d.id for d in loaded}:
        raise click.UsageError(
            f"--against {shown(str(against))}: no deck checked has its id '{old.id}'"
        )
    click.echo(render.lint_json(report) if output == "json" else render.lint_text(report))
    raise SystemExit(errors.lint_status(report, strict))


def _old_deck(path: Path) -> Deck:
    """The deck given to --against, or a usage error saying why it cannot be compared."""
    from studytool.deck.reader import load_deck

    result = load_deck(path)
    if result.deck is None:
        first = result.errors[0] if result.errors else None
        raise click.UsageError(
            f"--against {shown(str(path))} has errors, so its cards cannot be compared"
            + (f" (first: {first})" if first else "")
        )
    return result.deck


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@data_dir_option
def new(path: Path, force: bool, data_dir: Path | None = None) -> None:
    """Write a starter deck at PATH: one example of every card type, ready to edit.

    The deck id comes from the file name. deck.schema.json is written beside the deck
    (unless one is there) and named on its first line, for completion in editors that
    use the YAML language server. The starter passes `studytool lint --strict`.

    \b
    Examples:
      studytool new decks/squat.yaml
      studytool new ~/decks/squat.yaml --force
    """
    if path.suffix not in paths.DECK_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(path))}: a deck file name ends in .yaml or .yml", param_hint="PATH"
        )
    from studytool.deck.starter import StarterError, write_starter

    try:
        written = write_starter(path, force)
    except StarterError as exc:
        raise click.ClickException(shown(str(exc))) from None
    for line in render.starter_lines(path, written):
        click.echo(line)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--card", "card_id", metavar="ID", default=None, help="Open at this card.")
@data_dir_option
def preview(path: Path, card_id: str | None, data_dir: Path | None = None) -> None:
    """Browse a deck file card by card as a candidate will see it; nothing is recorded.

    Answer a card to see its real feedback, or press a to show the answer. A card with
    errors shows them in its place. The preview reloads when the file is saved, so keep
    it open beside your editor. Not in a terminal, it prints the cards as text, and
    exits 1 if the deck has errors. The data dir is never opened.

    \b
    Examples:
      studytool preview decks/leg-curl.yaml
      studytool preview my-deck.yaml --card pad-height
      studytool preview my-deck.yaml | less
    """
    from studytool.deck.preview_text import find, preview_lines
    from studytool.deck.reader import BrokenCard, preview_deck

    found = preview_deck(path)
    at = find(found, card_id) if card_id is not None else None
    if card_id is not None and at is None and found.cards:
        ids = [entry.id for entry in found.cards if entry.id]
        close = difflib.get_close_matches(card_id, ids, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise click.BadParameter(f"no card '{shown(card_id)}' in {shown(str(path))}{hint}",
                                 param_hint="'--card'")  # fmt: skip
    if not opening.interactive():
        click.echo("\n".join(preview_lines(found, at)))
        broken = any(isinstance(entry, BrokenCard) for entry in found.cards)
        raise SystemExit(errors.EXIT_PROBLEMS if found.errors or broken else errors.EXIT_OK)
    from studytool.tui.preview import PreviewApp

    app = PreviewApp(path, card_id)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command()
@data_dir_option
def schema(data_dir: Path | None = None) -> None:
    """Print the JSON Schema of a deck file, for editor completion.

    \b
    Example:
      studytool schema > decks/deck.schema.json
    """
    click.echo(spec.json_schema_text(), nl=False)
