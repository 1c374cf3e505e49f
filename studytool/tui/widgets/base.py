"""What every card widget shares: the question phase, submitting, and showing the result.

Deck text is data: it is always wrapped in ``Content`` (or shown with ``markup=False``),
so square brackets and the like in a deck appear literally and never style the screen.
"""

from __future__ import annotations

import random
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from studytool.core.cards import Card
from studytool.core.grading import Quality, Verdict


def plain(text: str, style: str = "") -> Content:
    """Deck text as content that is never read as markup."""
    return Content.styled(text, style)


def shuffled(count: int, seed: str) -> list[int]:
    """A stable shuffle of range(count) for a card on a day, never the original order when
    there is another (so an order card never starts solved)."""
    order = list(range(count))
    rng = random.Random(seed)
    for _ in range(10):
        rng.shuffle(order)
        if order != sorted(order) or count < 2:
            break
    return order


class CardView(Vertical):
    """A card in its question phase; posts ``Submitted`` once the candidate answers."""

    typing: ClassVar[bool] = False
    """True when the card takes typed text: then letter keys go to the input."""

    can_focus = True

    class Submitted(Message):
        def __init__(self, view: CardView, given: object, self_grade: int | None = None) -> None:
            super().__init__()
            self.view = view
            """The card that was answered: a screen ignores an answer to a card it no longer
            shows."""
            self.given = given
            self.self_grade = self_grade

    def __init__(self, card: Card, seed: str) -> None:
        super().__init__(classes="card-view")
        self.card = card
        self.seed = seed
        self.answered = False
        self.escape_key = "Esc: home"
        """What Esc does on the screen showing the card, for the prompt of a typed one."""

    def compose_question(self) -> ComposeResult:
        yield Static(plain(self.card.question_text(), "bold"), classes="question")

    def submit(self, given: object, self_grade: int | None = None) -> None:
        if self.answered:
            return
        self.answered = True
        self.add_class("answered")
        self.post_message(self.Submitted(self, given, self_grade))

    def solve(self) -> object:
        """Put the right answer in, as a candidate would give it, and return it."""
        raise NotImplementedError

    def reveal(self) -> None:
        """Show the right answer in place, marked as a right answer is, without submitting
        anything: an author's preview shows the answer this way."""
        if self.answered:
            return
        self.answered = True
        self.add_class("answered")
        self.show_result(Verdict(Quality.PERFECT, True), self.solve())

    def show_result(self, verdict: Verdict, given: object) -> None:
        """Mark the answer in place (right option, misplaced steps …)."""
