"""Deck -> YAML text that reads like a hand-written deck and loads back to the same Deck.

Keys come in the order docs/deck-format.md shows them; multi-line text is written as a
literal block (``|``) and long lines as a folded block (``>``), so an instructor can edit an
imported deck comfortably. PyYAML's safe emitter does the quoting: whatever a text holds
(colons, ``#``, quotes, a word like ``yes`` that YAML would read as true), it is written so
that it reads back as the same text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from studytool.core.cards import (
    Card,
    Option,
)
from studytool.core.models import Deck, Reference
from studytool.deck import spec

SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}"
DEFAULT_SCHEMA = spec.SCHEMA_FILE
FOLD_AFTER = 80
"""Single-line texts longer than this are written as folded blocks."""
_WIDTH = 88

CardData = dict[str, Any]


def header_data(deck: Deck) -> dict[str, Any]:
    """The deck's header (everything but the cards) in file order."""
    data: dict[str, Any] = {"id": deck.id, "title": deck.title, "version": deck.version}
    if deck.description is not None:
        data["description"] = deck.description
    source: dict[str, Any] = {"title": deck.source.title}
    for key in ("author", "published", "url"):
        if (value := getattr(deck.source, key)) is not None:
            source[key] = value
    if deck.source.sections:
        source["sections"] = list(deck.source.sections)
    data["source"] = source
    if deck.references:
        data["references"] = [reference_data(reference) for reference in deck.references]
    data["topics"] = {topic.id: topic.name for topic in deck.topics}
    if deck.synonyms:
        data["synonyms"] = [list(group) for group in deck.synonyms]
    return data


def reference_data(reference: Reference) -> dict[str, Any]:
    """A reference as the header's list holds it."""
    data: dict[str, Any] = {field.name: getattr(reference, field.name) for field in spec.REFERENCE}
    return {key: value for key, value in data.items() if value is not None}


def _option(option: Option) -> dict[str, Any]:
    data: dict[str, Any] = {"text": option.text}
    if option.correct:
        data["correct"] = True
    if option.why is not None:
        data["why"] = option.why
    return data


def card_data(card: Card) -> CardData:
    """One card as the mapping a deck file holds for it: the shared keys, then the kind's
    own keys in the order its module lists them (an empty optional list is left out)."""
    data: CardData = {"id": card.id, "type": card.type, "topic": card.topic}
    if card.source:  # one name as text, as an author writes it; several as a list
        data["source"] = card.source[0] if len(card.source) == 1 else list(card.source)
    for field in card.fields:
        value = getattr(card, field.name)
        if field.kind == "options":
            data[field.name] = [_option(option) for option in value]
        elif field.kind == "texts":
            if value or field.required:
                data[field.name] = list(value)
        elif field.kind == "synonyms":
            if value:
                data[field.name] = [list(group) for group in value]
        elif field.kind == "bool":
            if value:  # false is every flag's default: a hand-written deck leaves it out
                data[field.name] = True
        elif value is not None:
            data[field.name] = value
    if card.explanation is not None:
        data["explanation"] = card.explanation
    if card.hint is not None:
        data["hint"] = card.hint
    return data


class _Dumper(yaml.SafeDumper):
    """Safe dumping with block styles for long and multi-line text, and lists indented
    under their key as in the hand-written decks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML reads as line breaks beside \n: written raw, they would move every later
line number a loader reports (and a block style would fold them away)."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if any(mark in text for mark in _OTHER_BREAKS):  # double quotes write them as \N \L \P
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    style = "|" if "\n" in text else ">" if len(text) > FOLD_AFTER else None
    # The emitter falls back to a quoted style by itself when a block cannot hold the text.
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump(data: object) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH, indent=2
    )


def dump_deck(
    header: Mapping[str, Any], cards: Sequence[CardData], schema: str = DEFAULT_SCHEMA
) -> tuple[str, list[int]]:
    """Deck file text, and the line each card starts on (so a loader's message about a
    line can be traced back to the card that caused it)."""
    chunks = [SCHEMA_COMMENT.format(schema=schema) + "\n", _dump(dict(header)), "\ncards:\n"]
    line = sum(chunk.count("\n") for chunk in chunks) + 1
    starts: list[int] = []
    for card in cards:
        block = "\n" + textwrap.indent(_dump([card]), "  ")
        starts.append(line + 1)
        chunks.append(block)
        line += block.count("\n")
    return "".join(chunks), starts


def deck_text(deck: Deck, schema: str = DEFAULT_SCHEMA) -> str:
    """The whole deck as a deck file."""
    text, _ = dump_deck(header_data(deck), [card_data(card) for card in deck.cards], schema)
    return text
