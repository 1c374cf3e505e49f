"""A flip card: the front asks, the back answers, the candidate grades themself 0-5."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from studytool.core.cards.base import Card, Field


@dataclass(frozen=True, kw_only=True, slots=True)
class BasicCard(Card):
    type: ClassVar[str] = "basic"
    fields: ClassVar[tuple[Field, ...]] = (
        Field("front", "text", True, "The prompt."),
        Field("back", "text", True, "The answer the candidate compares theirs with."),
    )
    self_graded: ClassVar[bool] = True
    shows_its_answer: ClassVar[bool] = True

    front: str
    back: str

    def question_text(self) -> str:
        return self.front

    def answer_text(self) -> str:
        return self.back

    def shown_texts(self) -> list[tuple[str, str]]:
        return [("front", self.front)]
