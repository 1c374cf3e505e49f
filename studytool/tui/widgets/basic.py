"""A flip card: space shows the back, then the candidate grades themself 0-5."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from studytool.core.cards import BasicCard
from studytool.core.schedulers import DEFAULT, SCHEDULERS
from studytool.tui.widgets.base import CardView, plain

GRADES = SCHEDULERS[DEFAULT].grades
"""The default scheduler's short label for each grade."""


class BasicView(CardView):
    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer"),
        # Once the answer shows, the same keys grade "good", as Anki's space does.
        Binding("space,enter", "grade(4)", "Good", key_display="⏎/space"),
        *[
            Binding(str(n), f"grade({n})", "Grade", show=n == 0, key_display="0-5")
            for n in range(6)
        ],
    ]

    card: BasicCard

    def __init__(self, card: BasicCard, seed: str) -> None:
        super().__init__(card, seed)
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        yield Static(plain(self.card.back), id="back", classes="answer hidden")
        yield Static(
            "  ".join(f"{n} {label}" for n, label in GRADES.items()),
            id="grades",
            classes="grades hidden",
            markup=False,
        )
        yield Static("space: show the answer", id="prompt", classes="prompt", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.revealed
        if action == "grade":
            return self.revealed and not self.answered
        return True

    def action_reveal(self) -> None:
        self.revealed = True
        self.query_one("#back").remove_class("hidden")
        self.query_one("#grades").remove_class("hidden")
        self.query_one("#prompt", Static).update(
            "How well did you know it? Press 0-5 (Enter or space: 4)."
        )
        self.refresh_bindings()

    def solve(self) -> object:
        self.revealed = True
        self.query_one("#back").remove_class("hidden")
        return None

    def action_grade(self, grade: int) -> None:
        self.submit(None, self_grade=grade)
