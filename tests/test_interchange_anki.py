"""Exported packages checked with Anki's own Python package, and Anki's exports read back."""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT
from interchange_helpers import positionless

from studytool.cli import main
from studytool.core.cards import BasicCard, ClozeCard, McqCard
from studytool.core.cardset import Cards
from studytool.core.models import Deck
from studytool.deck.reader import load_deck
from studytool.interchange.apkg_export import package

anki_collection = pytest.importorskip(
    "anki.collection",
    reason="Anki's Python package (`pip install anki`) is not installed, so exported "
    "packages cannot be opened with Anki itself",
)
Collection = anki_collection.Collection
ImportRequest = anki_collection.ImportAnkiPackageRequest
ImportOptions = anki_collection.ImportAnkiPackageOptions
ExportOptions = anki_collection.ExportAnkiPackageOptions

LEG_CURL = ROOT / "decks" / "leg-curl.yaml"
CARDS = len(load_deck(LEG_CURL).deck.cards)  # every card of the bundled deck


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "leg-curl.apkg"
    # By path: a module-wide fixture runs before the data dir is isolated.
    result = CliRunner().invoke(main, ["export", str(LEG_CURL), "--to", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    opened = Collection(str(tmp_path / "collection.anki2"))
    yield opened
    opened.close()


def export_from_anki(collection: Any, package: Path, legacy: bool) -> None:
    """The collection as Anki's own export writes it, without scheduling."""
    collection.export_anki_package(
        out_path=str(package),
        options=ExportOptions(with_scheduling=False, with_media=True, legacy=legacy),
        limit=None,
    )


def imported_from_anki(collection: Any, stem: Path) -> Deck:
    """The deck `studytool import` makes of the collection as Anki exports it."""
    package, target = stem.with_suffix(".apkg"), stem.with_suffix(".yaml")
    export_from_anki(collection, package, legacy=False)
    result = CliRunner().invoke(main, ["import", str(package), "--to", str(target)])
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    return deck


def import_into(collection: Any, package: Path) -> Any:
    return collection.import_anki_package(
        ImportRequest(package_path=str(package), options=ImportOptions())
    )


def test_anki_opens_the_export(collection: Any, exported: Path) -> None:
    log = import_into(collection, exported)
    assert len(log.log.new) == CARDS
    assert collection.note_count() == CARDS
    deck = load_deck(LEG_CURL).deck
    assert deck is not None
    blanks = sum(len(card.blanks) for card in deck.cards if card.type == "cloze")
    clozes = sum(card.type == "cloze" for card in deck.cards)
    assert collection.card_count() == CARDS - clozes + blanks  # one Anki card per blank
    names = {entry.name for entry in collection.models.all_names_and_ids()}
    assert {
        "studytool basic",
        "studytool cloze",
        "studytool multiple choice",
        "studytool select all",
        "studytool typed answer",
        "studytool order",
    } <= names
    decks = {entry.name for entry in collection.decks.all_names_and_ids()}
    assert {f"The hamstring leg curl::{topic.name}" for topic in deck.topics} <= decks

    (note_id,) = collection.find_notes(
        '"note:studytool multiple choice" "Question:Which description*"'
    )
    note = collection.get_note(note_id)
    assert note["Answer"] == "B. Single-joint isolation exercise, open kinetic chain"
    assert "<li>Multi-joint compound exercise, open kinetic chain</li>" in note["Options"]
    assert "Only the knee moves; a compound lift" in note["Why"]
    question = note.cards()[0].question()
    assert "Which description classifies the machine leg curl correctly?" in question
    assert "Single-joint isolation" in question and "Only the knee moves" not in question
    assert "Only the knee moves" in note.cards()[0].answer()
    (flexibility,) = collection.find_notes(
        '"Question:The article says leg curls improve flexibility*"'
    )
    assert collection.get_note(flexibility)["Source"] == (
        "Benefits: Improved Flexibility; Alizadeh et al. 2023, "
        "Resistance training induces improvements in range of motion: a systematic review and "
        "meta-analysis"
    )

    (cloze_id,) = collection.find_notes('"note:studytool cloze" "Text:The hamstrings*"')
    cloze = collection.get_note(cloze_id)
    assert cloze["Text"] == "The hamstrings {{c1::flex}} the knee and {{c2::extend}} the hip."
    assert len(cloze.cards()) == 2

    typed = collection.get_note(collection.find_notes('"note:studytool typed answer"')[0])
    assert "{{type:Answer}}" in typed.note_type()["tmpls"][0]["qfmt"]


def test_exporting_again_updates_instead_of_duplicating(collection: Any, exported: Path) -> None:
    import_into(collection, exported)
    again = import_into(collection, exported)
    assert len(again.log.new) == 0
    assert collection.note_count() == CARDS


def test_a_later_export_of_an_edited_deck_updates_the_notes(
    collection: Any, exported: Path, tmp_path: Path
) -> None:
    import_into(collection, exported)
    deck = load_deck(LEG_CURL).deck
    assert deck is not None
    first = deck.cards[0]
    assert isinstance(first, McqCard)
    edited = replace(
        deck, cards=Cards.of((replace(first, question="Reworded question?"), *deck.cards[1:]))
    )
    later = tmp_path / "later.apkg"
    package(edited).write_to_file(str(later), timestamp=time.time() + 60)
    log = import_into(collection, later)
    assert (len(log.log.new), len(log.log.updated)) == (0, CARDS)
    assert collection.note_count() == CARDS
    (note_id,) = collection.find_notes('"Question:Reworded question?"')
    assert collection.get_note(note_id).cards()[0].did == collection.decks.id_for_name(
        "The hamstring leg curl::What the leg curl is"
    )


@pytest.mark.parametrize("legacy", [True, False], ids=["anki21", "anki21b"])
def test_a_package_anki_exports_again_gives_back_the_deck(
    collection: Any, exported: Path, tmp_path: Path, legacy: bool
) -> None:
    import_into(collection, exported)
    from_anki = tmp_path / "from-anki.apkg"
    export_from_anki(collection, from_anki, legacy=legacy)
    target = tmp_path / "back.yaml"
    result = CliRunner().invoke(main, ["import", str(from_anki), "--to", str(target)])
    assert result.exit_code == 0, result.output
    original, back = load_deck(LEG_CURL).deck, load_deck(target).deck
    assert original is not None and back is not None
    assert positionless(back) == positionless(original)


def test_anki_notes_in_the_newer_format_are_read(collection: Any, tmp_path: Path) -> None:
    basic = collection.models.by_name("Basic")
    cloze = collection.models.by_name("Cloze")
    deck_id = collection.decks.id("Exam prep::Knee")
    note = collection.new_note(basic)
    note["Front"], note["Back"] = "Knee joint type?", "Hinge"
    collection.add_note(note, deck_id)
    gap = collection.new_note(cloze)
    gap["Text"] = "The {{c1::quadriceps}} extend the knee."
    collection.add_note(gap, deck_id)
    deck = imported_from_anki(collection, tmp_path / "prep")
    assert deck.title == "Exam prep::Knee"
    assert [card.type for card in deck.cards] == ["basic", "cloze"]
    assert isinstance(deck.cards[1], ClozeCard)
    assert deck.cards[1].text == "The {{quadriceps}} extend the knee."


@pytest.mark.parametrize(
    ("stock", "template"),
    [("Basic (type in the answer)", "{{Front}}\n\n{{type:Nope}}"), ("Cloze", "{{cloze:Nope}}")],
    ids=["typed", "cloze"],
)
def test_a_note_type_whose_template_names_a_missing_field_is_listed_as_left_out(
    collection: Any, tmp_path: Path, stock: str, template: str
) -> None:
    note = collection.new_note(collection.models.by_name(stock))
    note.fields[0] = "The {{c1::knee}} flexes." if stock == "Cloze" else "Which joint?"
    collection.add_note(note, collection.decks.id("Prep"))
    exported = tmp_path / "good.apkg"
    export_from_anki(collection, exported, legacy=True)
    # Anki refuses such a template, so it is written into the package's own database, as
    # a hand-edited or generated package can hold it.
    with zipfile.ZipFile(exported) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    scratch = tmp_path / "collection.anki21"
    scratch.write_bytes(members["collection.anki21"])
    with sqlite3.connect(scratch) as connection:
        (models,) = connection.execute("SELECT models FROM col").fetchone()
        loaded = json.loads(models)
        for model in loaded.values():
            if model["name"] == stock:
                model["tmpls"][0]["qfmt"] = template
        connection.execute("UPDATE col SET models = ?", (json.dumps(loaded),))
    connection.close()
    members["collection.anki21"] = scratch.read_bytes()
    package = tmp_path / "odd.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = CliRunner().invoke(main, ["import", str(package), "--to", str(tmp_path / "o.yaml")])
    assert not isinstance(result.exception, KeyError), result.exception
    assert "'Nope'" in result.output and "not imported" in result.output, result.output


def test_a_basic_copy_asks_what_its_template_asks_and_an_optional_reverse_when_wanted(
    collection: Any, tmp_path: Path
) -> None:
    asks_back = collection.models.copy(collection.models.by_name("Basic"))
    asks_back["name"] = "Back first"
    asks_back["tmpls"][0]["qfmt"] = "{{Back}}"
    asks_back["tmpls"][0]["afmt"] = "{{FrontSide}}<hr id=answer>{{Front}}"
    collection.models.update_dict(asks_back)
    deck_id = collection.decks.id("Prep")
    note = collection.new_note(collection.models.by_name("Back first"))
    note["Front"], note["Back"] = "Hamstrings", "Which muscles flex the knee?"
    collection.add_note(note, deck_id)
    optional = collection.models.by_name("Basic (optional reversed card)")
    for front, wanted in (("Quadriceps", ""), ("Gastrocnemius", "y")):
        pair = collection.new_note(optional)
        pair["Front"], pair["Back"], pair["Add Reverse"] = front, f"{front}: where?", wanted
        collection.add_note(pair, deck_id)
    deck = imported_from_anki(collection, tmp_path / "copies")
    assert sorted((c.front, c.back) for c in deck.cards if isinstance(c, BasicCard)) == [
        ("Gastrocnemius", "Gastrocnemius: where?"),
        ("Gastrocnemius: where?", "Gastrocnemius"),
        ("Quadriceps", "Quadriceps: where?"),
        ("Which muscles flex the knee?", "Hamstrings"),
    ]
