"""Decks to and from Anki packages and CSV files."""

from __future__ import annotations

from pathlib import Path

import click

from studytool import paths
from studytool.cli import opening, render
from studytool.cli.options import data_dir_option, deck_option
from studytool.core.text import count, shown
from studytool.deck import discovery


@click.command("export")
@click.argument("deck_name", metavar="DECK")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="The file to write: FILE.apkg (Anki package) or FILE.csv.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@data_dir_option
@deck_option
def export(
    deck_name: str,
    target: Path,
    force: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Write a deck as an Anki package (.apkg) or a CSV file.

    DECK is a deck id (bundled, in the data dir or given with --deck) or a deck file.
    In Anki each topic is a subdeck; exporting again and importing the new package
    updates the notes already in Anki instead of adding copies. `studytool import`
    rebuilds the same deck from either file.
    Exit status: 0 written, 1 the deck has errors or FILE cannot be written, 2 usage error.

    \b
    Examples:
      studytool export leg-curl --to leg-curl.apkg
      studytool export decks/my-deck.yaml --to my-deck.csv --force
    """
    from studytool.interchange.drafts import InterchangeError
    from studytool.interchange.transfer import EXPORT_SUFFIXES, export_deck

    if target.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(target))}: the file name must end in .apkg or .csv", param_hint="'--to'"
        )
    deck = opening.deck_named(deck_name, data_dir, decks, "nothing exported")
    try:
        exported = export_deck(deck, target, force)
    except InterchangeError as exc:
        raise click.ClickException(shown(exc.message)) from None
    for line in exported.left_out:
        click.echo(shown(line), err=True)
    cards = count(exported.cards, "card")
    click.echo(f"wrote {shown(str(target))}: {cards} of '{shown(deck.title)}'")


@click.command("import")
@click.argument(
    "source", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DECK",
    help="The deck file to write (default: NAME.yaml in the data dir's decks folder, "
    "where studytool finds it).",
)
@click.option("--force", is_flag=True, help="Replace the deck file if it exists.")
@data_dir_option
def import_(source: Path, target: Path | None, force: bool, data_dir: Path | None = None) -> None:
    """Make a deck file from an Anki package (.apkg) or a CSV file.

    A package or CSV that studytool exported gives back the same deck. Other Anki notes
    become cards when they are Basic (and reversed), Basic (type in the answer) or Cloze
    notes, with their Anki deck as topic; other note types, and the pictures and sounds of
    any note, are listed and left out. A CSV of two columns (front, back) gives basic
    cards. Every card gets an id that is the same on every import of the same file.
    Exit status: 0 written, 1 nothing written (damaged or hostile file, no card), 2 usage
    error.

    \b
    Examples:
      studytool import shared-deck.apkg
      studytool import vocab.csv --to decks/vocab.yaml
    """
    from studytool.core.text import slug
    from studytool.deck.starter import schema_beside
    from studytool.interchange.drafts import InterchangeError
    from studytool.interchange.transfer import APKG_SUFFIXES, CSV_SUFFIXES, import_file

    if source.suffix.lower() not in (*APKG_SUFFIXES, *CSV_SUFFIXES):
        raise click.BadParameter(
            f"{shown(str(source))}: give an Anki package (.apkg, .colpkg) or a CSV file "
            "(.csv, .tsv, .txt)",
            param_hint="FILE",
        )
    default = target is None
    if target is None:
        folder = paths.user_decks_dir(opening.data_dir(data_dir))
        target = folder / f"{slug(source.stem, 64) or 'imported'}.yaml"
    elif target.suffix not in paths.DECK_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(target))}: a deck file name ends in .yaml or .yml", param_hint="'--to'"
        )
    try:
        imported = import_file(source, target, force, make_folder=default)
        schema, status = schema_beside(target)
    except InterchangeError as exc:
        raise click.ClickException(shown(exc.message)) from None
    noun = "note" if source.suffix.lower() in APKG_SUFFIXES else "row"
    for line in render.imported_lines(imported, target, noun, schema, status):
        click.echo(line)
    _same_deck_id(target, imported.deck.id, data_dir)


def _same_deck_id(written: Path, deck_id: str, data_dir: Path | None) -> None:
    """Say so when the new deck file shares its deck id with another deck studytool finds:
    only one of them would be studied."""
    found = discovery.load_all(discovery.deck_files(opening.data_dir(data_dir)))
    mine = written.resolve()
    for old, new in found.replaced:
        if mine in (Path(old).resolve(), Path(new).resolve()):
            other, used = (old, new) if Path(new).resolve() == mine else (new, old)
            click.echo(render.same_deck_id_line(other, used, deck_id))
