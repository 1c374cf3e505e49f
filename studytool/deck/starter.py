"""``studytool new``: a starter deck an author edits rather than a blank page.

The starter holds one commented example of every card type, all of it lint-clean, and a
first line that points the editor's YAML language server at ``deck.schema.json`` beside
it, so completion and checks work offline as soon as the file is opened.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studytool.core.text import slug
from studytool.deck import spec
from studytool.interchange.drafts import InterchangeError
from studytool.interchange.output import write_text

SCHEMA_NAME = spec.SCHEMA_FILE
SchemaStatus = Literal["written", "current", "different"]

STARTER = """\
# yaml-language-server: $schema={schema}
#
# A studytool deck. Replace the examples with your own cards, then:
#   studytool lint {path}       every problem as file:line:col
#   studytool preview {path}    the cards as candidates see them
# The author's guide (docs/authoring.md in studytool) explains every key and message.

id: {deck_id}{id_pad}# stable: progress is keyed on deck id + card id
title: {title}
version: 1
description: What this deck teaches, in a sentence or two.
source:                    # what the cards are derived from
  title: My notes on the hamstring leg curl
  sections:                # each card's `source` names one of these
    - Muscles
    - Form
references:                # optional: works beyond the source that cards cite by id
  - id: neumann-2017
    author: Neumann DA
    year: 2017
    title: "Kinesiology of the Musculoskeletal System: Foundations for Rehabilitation"
    published_in: 3rd ed., Elsevier      # journal, volume and pages; or edition, publisher
topics:                    # topic id: the name candidates see
  muscles: Muscles worked
  form: Form
synonyms:                  # optional: words that mean the same in typed and cloze answers
  - [quadriceps, knee extensors]

cards:
  # basic: a flip card. The candidate thinks of the answer, shows the back and grades
  # themselves from 0 (blank) to 5 (easy).
  - id: hamstrings-location
    type: basic
    topic: muscles
    source: Muscles
    front: Where do the hamstrings lie?
    back: Along the back of the thigh, behind the femur.
    explanation: They run from the pelvis to just below the knee.
    hint: Think of the back of the leg.    # optional; a hinted answer scores lower

  # mcq: multiple choice, exactly one correct option among 3 to 5. Every wrong option
  # says why it is wrong; candidates read it after answering.
  - id: hamstrings-knee-action
    type: mcq
    topic: muscles
    source: Muscles
    question: What do the hamstrings do at the knee?
    options:
      - text: Flex it
        correct: true
      - text: Extend it
        why: Knee extension is the quadriceps' job.
      - text: Lock it straight
        why: Nothing locks the knee; the quadriceps straighten it.
    explanation: The hamstrings cross the back of the knee, so shortening them bends it.

  # multi: select all that apply, 2 to 8 options with at least one right and one wrong.
  - id: hamstring-muscles
    type: multi
    topic: muscles
    source: Muscles
    question: Which muscles belong to the hamstrings? Select all that apply.
    options:
      - {{text: Biceps femoris, correct: true}}
      - {{text: Semitendinosus, correct: true}}
      - {{text: Semimembranosus, correct: true}}
      - {{text: Rectus femoris, why: It is one of the quadriceps.}}
    explanation: Three muscles make up the hamstrings; rectus femoris is on the front.

  # typed: a short typed answer. `accept` lists other answers that count as right.
  # Case, punctuation, plurals, word forms, filler words and word order never count,
  # nor do the deck's `synonyms`: "the knee extensors" is right here too.
  # `source` names a section, a reference id, or a list of them.
  - id: knee-flexion-antagonist
    type: typed
    topic: muscles
    source: [Muscles, neumann-2017]
    question: Which muscle group opposes the hamstrings at the knee?
    answer: quadriceps
    accept: [quads]
    explanation: The quadriceps extend the knee, the opposite of the hamstrings' flexion.

  # cloze: text with blanks in double braces; `|` separates answers that also count.
  # `any_order: true` would let the blanks be filled in either order.
  - id: curl-path
    type: cloze
    topic: form
    source: Form
    text: Curl the heels toward the {{{{buttocks|glutes}}}}, then lower them over {{{{3}}}} seconds.
    explanation: A full range of motion, and a slow return that works the muscle lengthening.

  # order: steps in their right order (at least 3); candidates see them shuffled.
  - id: prone-curl-steps
    type: order
    topic: form
    source: Form
    question: Put the steps of a prone leg curl in order.
    steps:
      - Lie face down with the pad just above the heels
      - Curl the heels toward the buttocks
      - Lower the legs slowly to the start
    explanation: Set up first, lift under control, and return slowly.
"""


class StarterError(Exception):
    """Why the starter deck could not be written, in words for the user."""


@dataclass(frozen=True)
class Written:
    deck: Path
    deck_id: str
    schema: Path
    schema_status: SchemaStatus
    """Whether the schema beside the deck was written, or already there (the same as
    this studytool's, or different, and then left alone: it may be the author's)."""


def deck_id_for(path: Path) -> str:
    """A valid deck id from a file name: ``My Squat Deck.yaml`` gives ``my-squat-deck``."""
    return slug(path.stem, 64) or "my-deck"


def starter_text(path: Path) -> str:
    deck_id = deck_id_for(path)
    title = deck_id.replace("-", " ").replace("_", " ").capitalize()
    return STARTER.format(
        schema=SCHEMA_NAME,
        path=shlex.quote(path.name),
        deck_id=deck_id,
        id_pad=" " * max(1, 23 - len(deck_id)),
        title=title,
    )


def write_starter(path: Path, force: bool = False) -> Written:
    """Write the starter deck at ``path`` and the schema beside it if none is there.

    Refuses to replace an existing file unless ``force``. Each file is written to a
    temporary file and renamed, so an interrupted write never leaves half a deck.
    """
    if path.is_dir():
        raise StarterError(f"{path} is a folder; give the deck's file name, e.g. {path}/deck.yaml")
    if path.exists() and not force:
        raise StarterError(f"{path} already exists; use --force to replace it")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    try:
        write_text(path, starter_text(path))
        schema, status = schema_beside(path)
    except InterchangeError as exc:
        raise StarterError(exc.message) from None
    return Written(path, deck_id_for(path), schema, status)


def schema_beside(deck_file: Path) -> tuple[Path, SchemaStatus]:
    """Write the JSON Schema a deck's first line names next to it, unless a file is there
    already; say which."""
    schema = deck_file.parent / SCHEMA_NAME
    wanted = spec.json_schema_text()
    if not schema.exists():
        write_text(schema, wanted)
        return schema, "written"
    try:
        same = schema.read_text(encoding="utf-8", errors="replace") == wanted
    except OSError:
        same = False
    return schema, "current" if same else "different"
