"""Select all that apply: several right options, every one of them to be chosen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Field, Marking, numbers
from studytool.core.cards.choice import QUESTION, ChoiceCard


@dataclass(frozen=True, kw_only=True, slots=True)
class MultiCard(ChoiceCard):
    type: ClassVar[str] = "multi"
    option_count: ClassVar[tuple[int, int]] = (2, 8)
    fields: ClassVar[tuple[Field, ...]] = (
        QUESTION,
        Field("options", "options", True, "2 to 8 options, at least one right and one wrong."),
    )

    @classmethod
    def right_count_problem(cls, right: int, options: int, name: str) -> str | None:
        if 0 < right < options:
            return None
        return (
            f"{name} needs at least one correct and one wrong option "
            f"({right} of {options} are marked correct)"
        )

    def instruction(self) -> str | None:
        """What to do, for a screen or an export to add; None when the question says it."""
        return None if "all that apply" in self.question.lower() else "Select all that apply."

    def answer_text(self) -> str:
        return "; ".join(self.answers())

    def parse_answer(self, words: Sequence[str]) -> object:
        return set(numbers(words, len(self.options), "option"))

    def mark(self, answer: object) -> Marking:
        """``answer`` holds the indexes of the chosen options. One option off is close; the
        score is the share of options rightly chosen or left out."""
        if not isinstance(answer, Iterable) or isinstance(answer, str):
            raise TypeError(f"a multi answer is a set of option indexes, not {answer!r}")
        chosen = set(answer)
        wrongly = sum((index in chosen) != o.correct for index, o in enumerate(self.options))
        return Marking(wrongly == 0, wrongly == 1, 1 - wrongly / len(self.options))
