"""Synonyms a deck declares and blanks it lets come in any order: read, graded, written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from interchange_helpers import positionless

from studytool.core.cards import ClozeCard, TypedCard
from studytool.core.grading import Quality, judge
from studytool.core.models import Deck
from studytool.deck.reader import parse_deck
from studytool.deck.spec import json_schema
from studytool.interchange.csv_format import csv_text, read_csv
from studytool.interchange.deckwriter import deck_text

DECK = """\
id: syn
title: Synonyms
version: 1
source: {title: S}
topics: {muscles: Muscles}
synonyms:
  - [bend, flex]
  - [quadriceps, knee extensors]
cards:
  - id: antagonist
    type: typed
    topic: muscles
    source: S
    question: Which muscles oppose knee flexion?
    answer: quadriceps
    explanation: e
  - id: action
    type: cloze
    topic: muscles
    source: S
    text: The hamstrings {{flex}} the knee and {{extend}} the hip.
    synonyms: [[extend, straighten]]
    explanation: e
  - id: heads
    type: cloze
    topic: muscles
    source: S
    text: The biceps femoris has a {{long}} head and a {{short}} head.
    any_order: true
    explanation: e
  - id: phases
    type: cloze
    topic: muscles
    source: S
    text: Curling is the {{concentric}} phase, lowering the {{eccentric}} phase.
    explanation: e
"""


def load() -> Deck:
    result = parse_deck(DECK)
    assert result.errors == ()
    assert result.deck is not None
    return result.deck


def quality(deck: Deck, card_id: str, given: object) -> Quality:
    return judge(deck.card(card_id), given).quality


def test_deck_synonyms_hold_in_every_card() -> None:
    deck = load()
    assert quality(deck, "antagonist", "knee extensors") == Quality.PERFECT
    assert quality(deck, "action", ["bends", "extends"]) == Quality.PERFECT


def test_a_cards_own_synonyms_hold_in_that_card_only() -> None:
    deck = load()
    assert quality(deck, "action", ["flex", "straightens"]) == Quality.PERFECT
    assert quality(deck, "antagonist", "straighten") == Quality.WRONG


def test_interchangeable_blanks_take_either_order() -> None:
    deck = load()
    assert quality(deck, "heads", ["short", "long"]) == Quality.PERFECT
    assert quality(deck, "heads", ["long", "short"]) == Quality.PERFECT
    assert quality(deck, "heads", ["short", "short"]) == Quality.WRONG
    card = deck.card("heads")
    assert isinstance(card, ClozeCard)
    marks = card.blank_marks(["shrot", "long"])
    assert [(m.right, m.close, m.expected) for m in marks] == [
        (False, True, "short"),
        (True, False, "long"),
    ]


def test_blanks_in_a_set_order_do_not_swap() -> None:
    deck = load()
    assert quality(deck, "phases", ["eccentric", "concentric"]) == Quality.WRONG
    assert quality(deck, "phases", ["concentric phase", "eccentric"]) == Quality.PERFECT


def test_synonyms_and_any_order_survive_writing_the_deck() -> None:
    deck = load()
    again = parse_deck(deck_text(deck)).deck
    assert again is not None
    assert positionless(again) == positionless(deck)
    written = yaml.safe_load(deck_text(deck))
    assert written["synonyms"] == [["bend", "flex"], ["quadriceps", "knee extensors"]]
    assert "any_order" not in written["cards"][3]  # false is the default: left out


def test_card_synonyms_and_any_order_travel_in_csv(tmp_path: Path) -> None:
    deck = load()
    path = tmp_path / "syn.csv"
    path.write_text(csv_text(deck), encoding="utf-8")
    cards = {card.data["id"]: card.data for card in read_csv(path, "syn", "syn.csv").cards}
    assert cards["action"]["synonyms"] == [["extend", "straighten"]]
    assert cards["heads"]["any_order"] is True
    assert "any_order" not in cards["phases"]


def test_the_schema_knows_the_new_keys() -> None:
    data = yaml.safe_load(DECK)
    jsonschema.validate(data, json_schema())
    data["synonyms"] = [["alone"]]
    try:
        jsonschema.validate(data, json_schema())
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a group of one word passed the schema")
    assert json.dumps(json_schema()).count('"synonyms"') >= 3  # header, typed, cloze


def test_typed_card_keeps_deck_synonyms_out_of_its_own() -> None:
    card = load().card("antagonist")
    assert isinstance(card, TypedCard)
    assert card.synonyms == ()
    assert card.deck_synonyms == (("bend", "flex"), ("quadriceps", "knee extensors"))
