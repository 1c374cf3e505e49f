"""Steps to put in order: the candidate sees them shuffled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Card, Field, Marking
from studytool.core.cards.choice import QUESTION
from studytool.core.matching import swaps_away


@dataclass(frozen=True, kw_only=True, slots=True)
class OrderCard(Card):
    type: ClassVar[str] = "order"
    fields: ClassVar[tuple[Field, ...]] = (
        QUESTION,
        Field("steps", "texts", True, "At least 3 steps, in their correct order."),
    )
    shows_its_answer: ClassVar[bool] = True
    min_steps: ClassVar[int] = 3

    question: str
    steps: tuple[str, ...]
    """In their correct order."""

    def question_text(self) -> str:
        return self.question

    def answer_text(self) -> str:
        return " → ".join(self.steps)

    def mark(self, answer: object) -> Marking:
        """``answer`` is the steps' original indexes in the order the candidate put them.
        One swap of neighbours off is close; the score is the share of pairs in order."""
        if not isinstance(answer, Sequence) or isinstance(answer, str):
            raise TypeError(f"an order answer is a list of step indexes, not {answer!r}")
        swaps = swaps_away(answer, range(len(self.steps)))
        pairs = len(self.steps) * (len(self.steps) - 1) // 2
        return Marking(swaps == 0, swaps == 1, 1 - swaps / pairs)

    def answers(self) -> Sequence[str]:
        # The steps are on screen anyway: the answer is their order, which no text gives away.
        return []

    def summary_text(self) -> str:
        return " ".join([self.question, *self.steps])

    def detail_lines(self) -> list[str]:
        lines = [f"  {number}. {step}" for number, step in enumerate(self.steps, start=1)]
        return [*lines, "  (the right order; candidates see the steps shuffled)"]
