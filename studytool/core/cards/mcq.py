"""Multiple choice with one right option, as on the certification exams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Field, Marking, numbers
from studytool.core.cards.choice import QUESTION, ChoiceCard, Option


@dataclass(frozen=True, kw_only=True, slots=True)
class McqCard(ChoiceCard):
    type: ClassVar[str] = "mcq"
    option_count: ClassVar[tuple[int, int]] = (3, 5)
    fields: ClassVar[tuple[Field, ...]] = (
        QUESTION,
        Field("options", "options", True, "3 to 5 options, exactly one correct."),
    )

    why_required: ClassVar[bool] = True

    @classmethod
    def right_count_problem(cls, right: int, options: int, name: str) -> str | None:
        if right == 1:
            return None
        if right == 0:
            return f"{name} marks no option 'correct: true'; mark exactly one"
        return (
            f"{name} marks {right} options correct; an mcq has exactly one "
            "(use type: multi for select-all-that-apply)"
        )

    @property
    def answer(self) -> Option:
        return self.right_options[0]

    def answer_text(self) -> str:
        return self.answer.text

    def parse_answer(self, words: Sequence[str]) -> object:
        chosen = numbers(words, len(self.options), "option")
        if len(chosen) != 1:
            raise ValueError("an mcq takes one option number")
        return chosen[0]

    def mark(self, answer: object) -> Marking:
        """``answer`` is the index of the chosen option."""
        if not isinstance(answer, int) or isinstance(answer, bool):
            raise TypeError(f"an mcq answer is an option index, not {answer!r}")
        right = self.options[answer].correct
        return Marking(right, False, float(right))
