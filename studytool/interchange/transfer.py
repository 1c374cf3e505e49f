"""The two things the command line offers: a deck out to a file, a file in as a deck file.

The format follows the file's suffix. Every check that can refuse the job (the target
exists, the archive is hostile, no card survives) runs before anything is written, and the
result is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from pathlib import Path

from studytool.core.cardset import Cards
from studytool.core.models import Deck
from studytool.core.text import shown, slug
from studytool.interchange.apkg_export import LAYOUTS as APKG_LAYOUTS
from studytool.interchange.apkg_export import write_apkg
from studytool.interchange.apkg_import import ApkgSource, read_apkg
from studytool.interchange.csv_format import LAYOUTS as CSV_LAYOUTS
from studytool.interchange.csv_format import csv_text, read_csv
from studytool.interchange.drafts import Imported, finish
from studytool.interchange.output import check_target, make_folders, write_text

EXPORT_SUFFIXES = (".apkg", ".csv")


@dataclass(frozen=True)
class Exported:
    cards: int
    left_out: tuple[str, ...]
    """A line for each card left out, for the user."""


APKG_SUFFIXES = (".apkg", ".colpkg")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def export_deck(deck: Deck, target: Path, force: bool) -> Exported:
    """Write ``deck`` to ``target`` as an Anki package or CSV, by its suffix. A card whose
    kind the format has no layout for is left out, and the result says which."""
    check_target(target, force)
    apkg = target.suffix.lower() == ".apkg"
    layouts: Container[str] = APKG_LAYOUTS if apkg else CSV_LAYOUTS
    kept = replace(deck, cards=Cards.of(card for card in deck.cards if card.type in layouts))
    if apkg:
        write_apkg(kept, target)
    else:
        write_text(target, csv_text(kept))
    left_out = tuple(
        f"card '{shown(card.id)}' left out: {card.type} cards have no "
        f"{'Anki' if apkg else 'CSV'} layout"
        for card in deck.cards
        if card.type not in layouts
    )
    return Exported(len(kept.cards), left_out)


def import_file(source: Path, target: Path, force: bool, make_folder: bool = False) -> Imported:
    """Read ``source`` (an Anki package or CSV, by its suffix) and write the deck file
    ``target``, creating its folder if ``make_folder``. A deck of foreign cards takes its id
    from the target's name."""
    check_target(target, force, make_folder)
    deck_id = slug(target.stem, 64) or "imported"
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
