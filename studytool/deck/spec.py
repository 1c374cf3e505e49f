"""The keys a deck file may hold, in one table the loader and the JSON Schema both read.

Keeping the table in one place means the editor's completion and the loader's checks can
never disagree about which keys exist or which are required.
"""

from __future__ import annotations

import json
from typing import Any

from studytool.core.cards import CARD_TYPES, KINDS, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
MAX_FILE_BYTES = 5 * 1024 * 1024
SCHEMA_FILE = "deck.schema.json"
"""The schema's file name beside a deck, as a deck's first line names it for editors."""

HEADER = (
    Field("id", "id", True, "Stable deck id; progress is keyed on deck id + card id."),
    Field("title", "text", True, "Title shown to candidates."),
    Field("version", "int", True, "Revision number of the deck, 1 or more."),
    Field("description", "text", False, "One or two sentences on what the deck covers."),
    Field("source", "source", True, "What the deck is derived from."),
    Field(
        "references",
        "references",
        False,
        "Works beyond the source that cards cite for facts the source lacks or gets wrong.",
    ),
    Field("topics", "topics", True, "Topic id -> display name."),
    Field(
        "synonyms",
        "synonyms",
        False,
        "Groups of words that mean the same in every typed and cloze answer, "
        "e.g. [[bend, flex], [quadriceps, knee extensors]].",
    ),
    Field("cards", "cards", True, "The cards."),
)

SOURCE = (
    Field("title", "text", True, "Title of the source."),
    Field("author", "text", False, "Its author."),
    Field("published", "text", False, "When it was published or last updated."),
    Field("url", "text", False, "Where to read it."),
    Field("sections", "texts", False, "Its sections; when listed, every card cites one."),
)

REFERENCE = (
    Field("id", "id", True, "Short id that cards cite in their 'source', e.g. maeo-2021."),
    Field("author", "text", True, "Its authors or editors, as a reference list gives them."),
    Field("year", "int", True, "Year of publication."),
    Field("title", "text", True, "Title of the work."),
    Field(
        "published_in",
        "text",
        True,
        "Where it was published: journal, volume and pages, or edition and publisher.",
    ),
    Field("url", "text", False, "Where to read it."),
)

OPTION = (
    Field("text", "text", True, "The option as the candidate reads it."),
    Field("correct", "bool", False, "true for a right option; false by default."),
    Field(
        "why", "text", False, "Why this option is right or wrong (required on wrong mcq options)."
    ),
)

CARD_COMMON = (
    Field("id", "id", True, "Stable card id, unique in the deck; keep it when editing wording."),
    Field("type", "text", True, f"{', '.join(CARD_TYPES[:-1])} or {CARD_TYPES[-1]}."),
    Field("topic", "text", True, "One of the deck's topic ids."),
    Field(
        "source",
        "cites",
        False,
        "Where the card's facts come from: a section of the source or a reference id, "
        "or a list of them (lint warns without).",
    ),
    Field(
        "explanation",
        "text",
        False,
        "Why the answer is right; shown after every answer (lint warns without).",
    ),
    Field("hint", "text", False, "Shown on request before answering."),
)

CARD_FIELDS: dict[str, tuple[Field, ...]] = {name: kind.fields for name, kind in KINDS.items()}
"""Each kind's own keys, from the kind's module."""


def card_keys(card_type: str) -> tuple[Field, ...]:
    return CARD_COMMON + CARD_FIELDS[card_type]


def _kind_schema(field: Field) -> dict[str, Any]:
    text = {"type": ["string", "number"], "minLength": 1}
    schema: dict[str, Any]
    match field.kind:
        case "id":
            schema = {"type": ["string", "integer"], "pattern": ID_PATTERN}
        case "text":
            schema = dict(text)
        case "int":
            schema = {"type": "integer", "minimum": 1}
        case "bool":
            schema = {"type": "boolean"}
        case "texts":
            schema = {"type": "array", "items": dict(text)}
        case "synonyms":
            group = {"type": "array", "items": dict(text), "minItems": 2}
            schema = {"type": "array", "items": group}
        case "options":
            schema = {"type": "array", "items": {"$ref": "#/$defs/option"}}
        case "topics":
            schema = {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": dict(text),
            }
        case "source":
            schema = {"$ref": "#/$defs/source"}
        case "references":
            schema = {"type": "array", "items": {"$ref": "#/$defs/reference"}}
        case "cites":
            many = {"type": "array", "items": dict(text), "minItems": 1}
            schema = {"anyOf": [dict(text), many]}
        case "cards":
            schema = {"type": "array", "items": {"$ref": "#/$defs/card"}}
    schema["description"] = field.doc
    return schema


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _kind_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, for editor completion and external checks."""
    type_field = {"enum": list(CARD_TYPES), "description": CARD_COMMON[1].doc}
    per_type = []
    for card_type in CARD_TYPES:
        then = _object(card_keys(card_type))
        then["properties"]["type"] = type_field
        per_type.append(
            {
                "if": {"properties": {"type": {"const": card_type}}, "required": ["type"]},
                "then": then,
            }
        )
    common = _object(CARD_COMMON)
    common["properties"]["type"] = type_field
    del common["additionalProperties"]
    card = {**common, "allOf": per_type}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "studytool deck",
        "description": "A study deck: a header and a list of cards.",
        **_object(HEADER),
        "$defs": {
            "source": _object(SOURCE),
            "reference": _object(REFERENCE),
            "option": _object(OPTION),
            "card": card,
        },
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"
