"""What every card widget shares: the question phase, submitting, and showing the result.

Deck text is data: it is always wrapped in ``Content`` (or shown with ``markup=False``),
so square brackets and the like in a deck appear literally and never style the screen.
"""

from __future__ import annotations

import random
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
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
    """A shuffle of range(count), the same for the same seed (callers make the seed differ
    at each showing), and never the original order when there is another, so an order
    card never starts solved. Reshuffling until it differs keeps every other order
    equally likely."""
    order = list(range(count))
    rng = random.Random(seed)
    rng.shuffle(order)
    while count > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


def number_keys(action: str, description: str, counts: tuple[int, int]) -> list[Binding]:
    """Keys 1 to the most options for ``action(shown)``, and a footer label "1-N" for each
    option count N in ``counts``. Key 1 carries the labels, as ``action(0, N)``: the
    owner's ``check_action`` keeps only the one for the options on screen
    (``fits_options``), so a 4-option question never advertises a 5th."""
    fewest, most = counts
    labels = [Binding("1", f"{action}(0, {count})", description, key_display=f"1-{count}")
              for count in range(fewest, most + 1)]  # fmt: skip
    others = [Binding(str(n), f"{action}({n - 1})", description, show=False)
              for n in range(2, most + 1)]  # fmt: skip
    return [*labels, *others]


def fits_options(parameters: tuple[object, ...], options: int) -> bool:
    """Whether a ``number_keys`` binding applies with ``options`` on screen: the keys
    always do, the labels only for their own count."""
    return len(parameters) < 2 or parameters[1] == options


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
        """Names this showing of the card (in a review ``Session.showing``; a preview's is
        fixed): shuffled options and steps follow it, so each showing in a review has its
        own order and a position cannot be learnt."""
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
