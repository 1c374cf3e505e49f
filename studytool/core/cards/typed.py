"""A short answer the candidate types, matched leniently against the accepted answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from studytool.core.cards.base import Card, Field, Marking
from studytool.core.cards.choice import QUESTION
from studytool.core.matching import match_text
from studytool.core.terms import Synonyms

SYNONYMS = Field(
    "synonyms",
    "synonyms",
    False,
    "Groups of words that mean the same in this card's answers, e.g. [[bend, flex]]; "
    "added to the deck's own synonyms.",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class TypedCard(Card):
    type: ClassVar[str] = "typed"
    may_overrule: ClassVar[bool] = True
    fields: ClassVar[tuple[Field, ...]] = (
        QUESTION,
        Field("answer", "text", True, "The expected answer."),
        Field("accept", "texts", False, "Other answers that count as right."),
        SYNONYMS,
    )

    question: str
    answer: str
    accept: tuple[str, ...] = ()
    synonyms: Synonyms = ()
    deck_synonyms: Synonyms = field(default=(), repr=False, compare=False)
    """The deck's synonyms, which hold in every card of it."""

    def question_text(self) -> str:
        return self.question

    def answer_text(self) -> str:
        return self.answer

    def mark(self, answer: object) -> Marking:
        """``answer`` is the text typed."""
        if not isinstance(answer, str):
            raise TypeError(f"a typed answer is text, not {answer!r}")
        right, close = match_text(
            answer, (self.answer, *self.accept), self.deck_synonyms + self.synonyms
        )
        return Marking(right, close, float(right))

    def parse_answer(self, words: Sequence[str]) -> object:
        return " ".join(words)

    def is_blank(self, answer: object) -> bool:
        return not str(answer).strip()

    def answers(self) -> Sequence[str]:
        return [self.answer, *self.accept]

    def detail_lines(self) -> list[str]:
        lines = [f"Also accepted: {'; '.join(self.accept)}"] if self.accept else []
        return [*lines, *synonym_lines(self.synonyms)]


def synonym_lines(synonyms: Synonyms) -> list[str]:
    """A card's own synonyms, for a preview."""
    return [f"Synonyms: {' = '.join(group)}" for group in synonyms]
