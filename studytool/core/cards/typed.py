"""A short answer the candidate types, matched leniently against the accepted answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Card, Field, Marking
from studytool.core.cards.choice import QUESTION
from studytool.core.matching import match_text


@dataclass(frozen=True, kw_only=True, slots=True)
class TypedCard(Card):
    type: ClassVar[str] = "typed"
    fields: ClassVar[tuple[Field, ...]] = (
        QUESTION,
        Field("answer", "text", True, "The expected answer."),
        Field("accept", "texts", False, "Other answers that count as right."),
    )

    question: str
    answer: str
    accept: tuple[str, ...] = ()

    def question_text(self) -> str:
        return self.question

    def answer_text(self) -> str:
        return self.answer

    def mark(self, answer: object) -> Marking:
        """``answer`` is the text typed."""
        if not isinstance(answer, str):
            raise TypeError(f"a typed answer is text, not {answer!r}")
        right, close = match_text(answer, (self.answer, *self.accept))
        return Marking(right, close, float(right))

    def is_blank(self, answer: object) -> bool:
        return not str(answer).strip()

    def answers(self) -> Sequence[str]:
        return [self.answer, *self.accept]

    def detail_lines(self) -> list[str]:
        return [f"Also accepted: {'; '.join(self.accept)}"] if self.accept else []
