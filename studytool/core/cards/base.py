"""What every card kind shares, and the parts each kind module fills in.

A card kind is one module in this package. It holds the kind's fields and the keys a deck
file gives them, how an answer is marked and when an answer means "don't know", the
question and the right answer as text, the texts lint reads, and whether it can be a
mock-exam question. ``studytool.core.cards.KINDS`` registers the kinds; the views, the
deck reader's builders, the export layouts, the starter deck and the deck-format docs each
hold one entry per kind, and a test fails when one is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

FieldKind = Literal[
    "id", "text", "int", "bool", "texts", "synonyms", "options", "topics", "source",
    "references", "cites", "cards",
]  # fmt: skip


@dataclass(frozen=True)
class Field:
    """A key a deck file may hold: the reader, the JSON Schema and the docs all read these."""

    name: str
    kind: FieldKind
    required: bool
    doc: str


@dataclass(frozen=True, slots=True)
class Marking:
    """How right an answer is, before hints, hesitation and guesses turn it into a grade."""

    correct: bool
    close: bool = False
    """Wrong, but one slip away: a typo, one swap, one option."""
    score: float = 1.0
    """Share of the answer that was right, for partial credit."""


def numbers(words: Sequence[str], count: int, what: str) -> list[int]:
    """``words`` as numbers from 1 to ``count`` ("2 3" or "2,3"), each once, as indexes."""
    found: list[int] = []
    for word in (part for text in words for part in text.replace(",", " ").split()):
        if not word.isdigit() or not 1 <= int(word) <= count:
            raise ValueError(f"'{word}' is not one of the {what} numbers, 1 to {count}")
        if int(word) - 1 in found:
            raise ValueError(f"{what} {word} is given twice")
        found.append(int(word) - 1)
    return found


@dataclass(frozen=True, kw_only=True, slots=True)
class Card:
    """What every card has. ``id`` is stable: progress is keyed on (deck id, card id)."""

    type: ClassVar[str]
    """The kind's name, as a deck file's ``type:`` gives it."""
    fields: ClassVar[tuple[Field, ...]]
    """The kind's own keys in a deck file, in the order a written deck lists them."""
    self_graded: ClassVar[bool] = False
    """The candidate grades themself 0-5 (a flip card); every other kind is marked."""
    exam_question: ClassVar[bool] = False
    """It can be asked in a mock exam (the certification exams are multiple choice)."""
    may_overrule: ClassVar[bool] = False
    """After a wrong verdict the candidate may say "I was right": words can be right in a
    form no accepted answer foresaw, which options and steps cannot."""
    shows_its_answer: ClassVar[bool] = False
    """Its answer is on screen once answered, so feedback need not spell it out again."""

    id: str
    topic: str
    source: tuple[str, ...] = ()
    """What the card cites: sections of the deck's source and ids of its references; lint
    warns when a card cites nothing."""
    explanation: str | None = None
    hint: str | None = None
    line: int = 0
    """Line of the card in its deck file, so later tools can point back at it."""
    column: int = 0
    """Column where the card starts on that line, for messages in editor format."""

    def question_text(self) -> str:
        """What the candidate is asked, as plain text."""
        raise NotImplementedError

    def answer_text(self) -> str:
        """The right answer, spelt out for feedback and previews."""
        raise NotImplementedError

    def mark(self, answer: object) -> Marking:
        """How right ``answer`` (in the shape the kind's view gives it) is."""
        raise TypeError(f"{self.type} cards are self-graded")

    def parse_answer(self, words: Sequence[str]) -> object:
        """An answer written as words (`studytool grade`), in the shape ``mark`` takes;
        options and steps are numbered from 1 in the deck file's order. Raises ValueError
        saying what to give instead."""
        raise ValueError(f"{self.type} cards are self-graded: the candidate grades them 0-5")

    def is_blank(self, answer: object) -> bool:
        """Whether ``answer`` gives nothing at all, which counts as "don't know"."""
        return False

    def shown_texts(self) -> list[tuple[str, str]]:
        """(where, text) for what the candidate reads before answering: lint looks for the
        answer given away in these."""
        return [("question", self.question_text())]

    def answers(self) -> Sequence[str]:
        """Every right answer as text; empty when no text gives it away (an order)."""
        return [self.answer_text()]

    def summary_text(self) -> str:
        """What the card asks and answers as one text, for lint's near-duplicate search."""
        return f"{self.question_text()} {self.answer_text()}"

    def detail_lines(self) -> list[str]:
        """What a plain-text preview shows beyond the question and answer."""
        return []
