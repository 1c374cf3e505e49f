"""The two things the command line offers: a deck out to a file, a file in as a deck file.

The format follows the file's suffix. Every check that can refuse the job (the target
exists, the archive is hostile, no card survives) runs before anything is written, and the
result is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from studytool.core.models import Deck
from studytool.core.text import shown
from studytool.interchange.apkg_export import write_apkg
from studytool.interchange.apkg_import import ApkgSource, read_apkg
from studytool.interchange.csv_format import csv_text, read_csv
from studytool.interchange.drafts import Imported, finish, slugify
from studytool.interchange.output import check_target, make_folders, write_text

EXPORT_SUFFIXES = (".apkg", ".csv")
APKG_SUFFIXES = (".apkg", ".colpkg")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def export_deck(deck: Deck, target: Path, force: bool) -> None:
    """Write ``deck`` to ``target`` as an Anki package or CSV, by its suffix."""
    check_target(target, force)
    if target.suffix.lower() == ".apkg":
        write_apkg(deck, target)
    else:
        write_text(target, csv_text(deck))


def import_file(source: Path, target: Path, force: bool, make_folder: bool = False) -> Imported:
    """Read ``source`` (an Anki package or CSV, by its suffix) and write the deck file
    ``target``, creating its folder if ``make_folder``. A deck of foreign cards takes its id
    from the target's name."""
    check_target(target, force, make_folder)
    deck_id = slugify(target.stem, 64) or "imported"
    named = shown(str(source))
    if source.suffix.lower() in APKG_SUFFIXES:
        draft = read_apkg(source, ApkgSource(deck_id, source.name), named)
    else:
        draft = read_csv(source, deck_id, named)
    imported = finish(draft, named)
    if make_folder:
        make_folders(target.parent)
    write_text(target, imported.text)
    return imported
