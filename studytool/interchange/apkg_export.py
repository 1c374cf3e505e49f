"""Deck -> Anki package (.apkg), written with genanki.

What an Anki user gets: one subdeck per topic under a deck named for the deck's title, and
one note per card, of six note types named "studytool …". Basic cards are front/back, cloze
cards use Anki's cloze type (one c1, c2, … per blank), typed cards ask for a typed answer,
and multiple-choice, select-all and order cards list the options or shuffled steps on the
front and the right answer, each option's why and the explanation on the back.

Ids are derived, never random: note types from their name, decks from deck id + topic, notes
(their guid) from deck id + card id. Importing a re-export into Anki therefore updates the
notes already there instead of adding copies.

Each note also keeps its card as JSON in a field named ``studytool`` that no template shows,
and the top deck's description keeps the deck's header, so ``studytool import`` rebuilds the
very same deck from the package.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from studytool.core.cards import (
    BasicCard,
    Card,
    ClozeCard,
    McqCard,
    MultiCard,
    Option,
    OrderCard,
    TypedCard,
)
from studytool.core.models import Deck
from studytool.interchange.deckwriter import card_data, header_data
from studytool.interchange.html_text import to_html
from studytool.interchange.output import replacing

DATA_FIELD = "studytool"
DATA_FORMAT = 1
HEADER_MARK = re.compile(r"<!--\s*studytool-deck:([A-Za-z0-9+/=]+)\s*-->")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_HINT = "{{#Hint}}<div class=hint>{{hint:Hint}}</div>{{/Hint}}"
_AFTER = (
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}"
    "{{#Source}}<div class=source>Source: {{Source}}</div>{{/Source}}"
)
_COMMON = ("Explanation", "Hint", "Source", DATA_FIELD)
CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; max-width: 42em;
  margin: 0 auto; line-height: 1.4; }
.options li, .steps li { margin: .25em 0; }
.answer { font-weight: bold; }
.why li { margin: .3em 0; }
.right { color: #2e7d32; } .wrong { color: #c62828; }
.nightMode .right { color: #81c784; } .nightMode .wrong { color: #ef9a9a; }
.explanation { margin-top: 1em; }
.hint, .source, .instruction, .accepted { font-size: .8em; opacity: .75; margin-top: .6em; }
.cloze { font-weight: bold; color: blue; } .nightMode .cloze { color: lightblue; }
"""


def _number(*parts: str) -> int:
    """A stable id in the range Anki's own ids for decks and note types come from."""
    digest = hashlib.sha256("\x1f".join(("studytool", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def _model(card_type: str) -> genanki.Model:
    layout = LAYOUTS[card_type]
    return genanki.Model(
        _number("note type", layout.name, str(DATA_FORMAT)),
        layout.name,
        fields=[{"name": name} for name in (*layout.fields, *_COMMON)],
        templates=[{"name": "Card 1", "qfmt": layout.front, "afmt": layout.back}],
        css=CSS,
        model_type=genanki.Model.CLOZE if layout.cloze else genanki.Model.FRONT_BACK,
    )


def _anki_name(text: str) -> str:
    """A deck-name level: '::' would start a level of its own."""
    return text.replace("::", ":")


def _letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


def _list(items: list[str], tag: str, css: str, numbering: str = "") -> str:
    inner = "".join(f"<li>{item}</li>" for item in items)
    kind = f" type={numbering}" if numbering else ""
    return f"<{tag} class={css}{kind}>{inner}</{tag}>"


def _instruction(instruction: str | None) -> str:
    """The kind's line telling what to do, when the question does not say it already."""
    return f"<div class=instruction>{instruction}</div>" if instruction else ""


def _choice_fields(options: tuple[Option, ...], instruction: str = "") -> list[str]:
    shown = instruction + _list([to_html(o.text) for o in options], "ol", "options", "A")
    right = [f"{_letter(i)}. {to_html(o.text)}" for i, o in enumerate(options) if o.correct]
    answer = right[0] if len(right) == 1 else _list(right, "ul", "right-options")
    whys = [
        f"<span class={'right' if o.correct else 'wrong'}>{_letter(i)}. {to_html(o.text)}</span>"
        f" — {to_html(o.why)}"
        for i, o in enumerate(options)
        if o.why is not None
    ]
    return [shown, answer, _list(whys, "ul", "why") if whys else ""]


def _shuffled(steps: tuple[str, ...], seed: str) -> list[str]:
    """The steps in an order that is never the right one, and the same on every export."""
    order = list(range(len(steps)))
    random.Random(seed).shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return [steps[i] for i in order]


def _cloze_html(card: ClozeCard) -> str:
    parts = []
    number = 0
    for part in card.parts:
        if isinstance(part, str):
            parts.append(to_html(part))
            continue
        number += 1
        # ':' written as an entity so that an answer holding '::' cannot read as a hint.
        answer = to_html(part.answers[0]).replace(":", "&#58;")
        parts.append(f"{{{{c{number}::{answer}}}}}")
    return "".join(parts)


def _basic_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, BasicCard)
    return [to_html(card.front), to_html(card.back)]


def _typed_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, TypedCard)
    also = ", ".join(to_html(a) for a in card.accept)
    return [to_html(card.question), to_html(card.answer), also]


def _cloze_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, ClozeCard)
    return [_cloze_html(card)]


def _mcq_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, McqCard)
    return [to_html(card.question), *_choice_fields(card.options)]


def _multi_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, MultiCard)
    select = _instruction(card.instruction())
    return [to_html(card.question), *_choice_fields(card.options, select)]


def _order_fields(card: Card, seed: str) -> list[str]:
    assert isinstance(card, OrderCard)
    steps = _shuffled(card.steps, seed)
    order = _instruction(card.instruction())
    shown = order + _list([to_html(s) for s in steps], "ol", "steps", "A")
    right = _list([to_html(s) for s in card.steps], "ol", "steps")
    return [to_html(card.question), shown, right]


@dataclass(frozen=True)
class _Layout:
    name: str
    fields: tuple[str, ...]
    front: str
    back: str
    values: Callable[[Card, str], list[str]]
    """The note's own fields for a card (the seed keeps an order card's shuffle stable)."""
    cloze: bool = False


LAYOUTS: dict[str, _Layout] = {
    "basic": _Layout(
        "studytool basic", ("Front", "Back"),
        "{{Front}}" + _HINT, "{{FrontSide}}\n<hr id=answer>\n{{Back}}" + _AFTER,
        _basic_fields,
    ),
    "typed": _Layout(
        "studytool typed answer", ("Question", "Answer", "Also accepted"),
        "{{Question}}" + _HINT + "\n\n{{type:Answer}}",
        "{{Question}}\n<hr id=answer>\n{{type:Answer}}"
        "{{#Also accepted}}<div class=accepted>Also accepted: {{Also accepted}}</div>"
        "{{/Also accepted}}" + _AFTER,
        _typed_fields,
    ),
    "cloze": _Layout(
        "studytool cloze", ("Text",), "{{cloze:Text}}" + _HINT, "{{cloze:Text}}" + _AFTER,
        _cloze_fields, cloze=True,
    ),
    "mcq": _Layout(
        "studytool multiple choice", ("Question", "Options", "Answer", "Why"),
        "{{Question}}\n{{Options}}" + _HINT,
        "{{FrontSide}}\n<hr id=answer>\n<div class=answer>{{Answer}}</div>\n{{Why}}" + _AFTER,
        _mcq_fields,
    ),
    "multi": _Layout(
        "studytool select all", ("Question", "Options", "Answer", "Why"),
        "{{Question}}\n{{Options}}" + _HINT,
        "{{FrontSide}}\n<hr id=answer>\n<div class=answer>{{Answer}}</div>\n{{Why}}" + _AFTER,
        _multi_fields,
    ),
    "order": _Layout(
        "studytool order", ("Question", "Steps", "Answer"),
        "{{Question}}\n{{Steps}}" + _HINT,
        "{{Question}}\n<hr id=answer>\n<div class=answer>{{Answer}}</div>" + _AFTER,
        _order_fields,
    ),
}  # fmt: skip
"""Each card kind's Anki note type; a kind not here is left out of a package, and said so."""


def card_field(deck: Deck, position: int, card: Card) -> str:
    """The hidden field: the card as JSON, escaped so Anki's editor shows it as text."""
    data: dict[str, Any] = {
        "format": DATA_FORMAT,
        "deck": deck.id,
        "position": position,
        "card": card_data(card),
    }
    return html.escape(json.dumps(data, ensure_ascii=True, separators=(",", ":")), quote=False)


def _description(deck: Deck) -> str:
    """What Anki shows on the deck's overview, and the header, out of sight in a comment."""
    lines = []
    if deck.description:
        lines.append(f"<p>{to_html(deck.description)}</p>")
    source = deck.source.title + (f", {deck.source.author}" if deck.source.author else "")
    lines.append(f"<p>From: {to_html(source)}</p>")
    # Base64 keeps '--' and '>' out of the comment whatever the header holds.
    packed = base64.b64encode(json.dumps(header_data(deck)).encode()).decode()
    lines.append(f"<!-- studytool-deck:{packed} -->")
    return "\n".join(lines)


def package(deck: Deck) -> genanki.Package:
    root_name = _anki_name(deck.title)
    root = genanki.Deck(_number("deck", deck.id), root_name, description=_description(deck))
    subdecks: dict[str, genanki.Deck] = {}
    models: dict[str, genanki.Model] = {}
    for position, card in enumerate(deck.cards):
        if card.topic not in subdecks:
            name = f"{root_name}::{_anki_name(deck.topic_name(card.topic))}"
            subdecks[card.topic] = genanki.Deck(_number("deck", deck.id, card.topic), name)
        model = models.setdefault(card.type, _model(card.type))
        guid = genanki.guid_for(deck.id, card.id)
        extra = [
            to_html(card.explanation or ""),
            to_html(card.hint or ""),
            to_html("; ".join(deck.cited(card))),
            card_field(deck, position, card),
        ]
        note = genanki.Note(
            model=model,
            fields=[*LAYOUTS[card.type].values(card, guid), *extra],
            tags=[f"{deck.id}::{card.topic}"],
            guid=guid,
        )
        subdecks[card.topic].add_note(note)
    return genanki.Package([root, *subdecks.values()])


def write_apkg(deck: Deck, path: Path) -> None:
    """Write ``deck`` as an Anki package at ``path`` (replacing it only once complete)."""
    with replacing(path) as temporary:
        package(deck).write_to_file(str(temporary))
