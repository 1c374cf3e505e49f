"""Shared by the import/export tests: decks compared without positions, foreign packages."""

from __future__ import annotations

import sqlite3
import zipfile
from dataclasses import fields, replace
from pathlib import Path

import genanki

from studytool.core.cardset import Cards
from studytool.core.models import Deck


def positionless(deck: Deck) -> Deck:
    """The deck as a value: where it was read from (file, lines) does not count."""
    cards = tuple(
        replace(card, **{f.name: 0 for f in fields(card) if f.name in ("line", "column")})
        for card in deck.cards
    )
    return replace(deck, path=None, cards=Cards.of(cards))


WORD_MODEL = genanki.Model(
    1607392319,
    "Word card",
    fields=[{"name": "Word"}, {"name": "Meaning"}],
    templates=[{"name": "Card 1", "qfmt": "{{Word}}", "afmt": "{{FrontSide}}<hr>{{Meaning}}"}],
)


def foreign_package(path: Path) -> None:
    """An Anki package as someone else would share it, built with genanki: Basic, reversed,
    typed, Cloze, a note type studytool has no card for, and notes with pictures."""
    root = genanki.Deck(2059400001, "Anatomy")
    muscles = genanki.Deck(2059400002, "Anatomy::Muscles")
    joints = genanki.Deck(2059400003, "Anatomy::Joints")
    notes = {
        "basic": (
            muscles,
            genanki.BASIC_MODEL,
            ["Where are the <b>hamstrings</b>?", "Behind the thigh &amp; femur<br>(posterior)"],
        ),
        "reversed": (
            muscles,
            genanki.BASIC_AND_REVERSED_CARD_MODEL,
            ["Quadriceps", "Front of the thigh"],
        ),
        "typed": (
            joints,
            genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL,
            ["Joint the leg curl moves?", "knee"],
        ),
        "cloze": (
            joints,
            genanki.CLOZE_MODEL,
            ["The knee is a {{c1::hinge}} joint; it {{c2::flexes::bends}}.", "Mostly one plane."],
        ),
        "unsupported": (muscles, WORD_MODEL, ["Gastrocnemius", "Calf muscle"]),
        "picture": (
            muscles,
            genanki.BASIC_MODEL,
            ['Which muscle is this? <img src="calf.jpg">', "Soleus [sound:soleus.mp3]"],
        ),
        "picture-only": (
            muscles,
            genanki.BASIC_MODEL,
            ['<img src="quad.png">', "Vastus lateralis"],
        ),
    }
    for name, (deck, model, values) in notes.items():
        deck.add_note(genanki.Note(model=model, fields=values, guid=genanki.guid_for(name)))
    genanki.Package([root, muscles, joints]).write_to_file(str(path))


def zip_with(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def sqlite_bytes(tmp: Path, *statements: str) -> bytes:
    """A small SQLite database file's bytes."""
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(tmp) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return tmp.read_bytes()
