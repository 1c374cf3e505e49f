"""Steps to put in order: the candidate sees them shuffled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Card, Field, Marking, numbers
from studytool.core.cards.choice import QUESTION


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

    def instruction(self) -> str | None:
        """What to do, for a screen or an export to add; None when the question says it."""
        return None if "order" in self.question.lower() else "Put the steps in order."

    def answer_text(self) -> str:
        return " → ".join(self.steps)

    def in_place(self, answer: Sequence[int]) -> list[bool]:
        """For each position of ``answer``, whether the right step is there."""
        return [step == position for position, step in enumerate(answer)]

    def parse_answer(self, words: Sequence[str]) -> object:
        order = numbers(words, len(self.steps), "step")
        if len(order) != len(self.steps):
            raise ValueError(f"give all {len(self.steps)} step numbers, in the order you would "
                             "put the steps")  # fmt: skip
        return order

    def mark(self, answer: object) -> Marking:
        """``answer`` is the steps' original indexes in the order the candidate put them.
        A step counts only in its right position, as the ticks on screen show it; the score
        is the share of steps in place, and two steps swapped (all others in place) is
        close."""
        if not isinstance(answer, Sequence) or isinstance(answer, str):
            raise TypeError(f"an order answer is a list of step indexes, not {answer!r}")
        if sorted(answer) != list(range(len(self.steps))):
            raise ValueError(f"an order answer holds each step index once, not {answer!r}")
        misplaced = self.in_place(answer).count(False)
        return Marking(misplaced == 0, misplaced == 2, 1 - misplaced / len(self.steps))

    def answers(self) -> Sequence[str]:
        # The steps are on screen anyway: the answer is their order, which no text gives away.
        return []

    def summary_text(self) -> str:
        return " ".join([self.question, *self.steps])

    def detail_lines(self) -> list[str]:
        lines = [f"  {number}. {step}" for number, step in enumerate(self.steps, start=1)]
        return [*lines, "  (the right order; candidates see the steps shuffled)"]
