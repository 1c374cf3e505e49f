"""Put steps in order: move the highlighted step up and down, Enter to submit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from studytool.core.cards import OrderCard
from studytool.core.grading import Verdict
from studytool.tui.widgets.base import CardView, plain, shuffled


class StepLine(Static):
    pass


class OrderView(CardView):
    card: OrderCard
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("k,shift+up", "move(-1)", "Up"),
        Binding("j,shift+down", "move(1)", "Down"),
        Binding("enter", "submit_order", "Submit"),
    ]

    def __init__(self, card: OrderCard, seed: str) -> None:
        super().__init__(card, seed)
        self.order = shuffled(len(card.steps), f"{card.id}:{seed}")
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        for _ in self.order:
            yield StepLine(classes="step")
        yield Static("↑/↓ pick a step, k/j (or shift+↑/↓) move it, Enter submits the order shown.",
                     classes="prompt", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.redraw()

    def redraw(self, marks: list[Content] | None = None) -> None:
        for shown, line in enumerate(self.query(StepLine)):
            mark = marks[shown] if marks else ""
            line.update(Content.assemble(mark, f"{shown + 1}. ",
                                         plain(self.card.steps[self.order[shown]])))  # fmt: skip
            line.set_class(shown == self.cursor and not self.answered, "cursor")

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(len(self.order) - 1, self.cursor + step))
        self.redraw()

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if self.answered or not 0 <= target < len(self.order):
            return
        self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
        self.cursor = target
        self.redraw()

    def action_submit_order(self) -> None:
        self.submit(list(self.order))

    def solve(self) -> object:
        self.order = list(range(len(self.card.steps)))
        return list(self.order)

    def show_result(self, verdict: Verdict, given: object) -> None:
        marks = [
            Content.styled("✓ ", "bold $success") if right
            else Content.styled("✗ ", "bold $error")
            for right in self.card.in_place(self.order)
        ]  # fmt: skip
        self.redraw(marks)
        if not verdict.correct:
            right = "\n".join(f"{n}. {step}" for n, step in enumerate(self.card.steps, 1))
            self.mount(Static(Content.assemble(("Right order:\n", "bold"), plain(right)),
                              classes="right-order"))  # fmt: skip
