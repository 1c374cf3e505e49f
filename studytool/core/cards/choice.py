"""What the two multiple-choice kinds (mcq, multi) share: a question and its options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Card, Field


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    text: str
    correct: bool = False
    why: str | None = None


QUESTION = Field("question", "text", True, "The question.")


@dataclass(frozen=True, kw_only=True, slots=True)
class ChoiceCard(Card):
    """Options to choose from. Both kinds are exam questions: the certification exams
    are multiple choice."""

    exam_question: ClassVar[bool] = True
    option_count: ClassVar[tuple[int, int]]
    """The fewest and most options a card of the kind may have."""
    why_required: ClassVar[bool] = False
    """Every wrong option must say why it is wrong."""

    question: str
    options: tuple[Option, ...]

    @classmethod
    def right_count_problem(cls, right: int, options: int, name: str) -> str | None:
        """What is wrong with ``right`` of ``options`` marked correct, if anything."""
        raise NotImplementedError

    def question_text(self) -> str:
        return self.question

    @property
    def right_options(self) -> tuple[Option, ...]:
        return tuple(option for option in self.options if option.correct)

    def answers(self) -> Sequence[str]:
        return [option.text for option in self.right_options]

    def summary_text(self) -> str:
        return " ".join([self.question, *self.answers()])

    def detail_lines(self) -> list[str]:
        lines = []
        for number, option in enumerate(self.options, start=1):
            lines.append(f"  {number}. {option.text}{'  (correct)' * option.correct}")
            if option.why:
                lines.append(f"       why: {option.why}")
        return lines
