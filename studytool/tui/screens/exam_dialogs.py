"""The small screens over a mock exam: the question map, handing in, leaving."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from studytool.engine.reports import Exam


class QuestionMap(ModalScreen[int | None]):
    """Every question at a glance: answered, flagged; the arrow keys move over the grid,
    Enter or a click jumps to a question."""

    BINDINGS = [
        Binding("escape,m", "close", "Close"),
        Binding("left", "step(-1, 0)", show=False),
        Binding("right", "step(1, 0)", show=False),
        Binding("up", "step(0, -1)", show=False),
        Binding("down", "step(0, 1)", show=False),
    ]

    def __init__(self, exam: Exam, position: int) -> None:
        super().__init__()
        self.exam = exam
        self.position = position

    def on_mount(self) -> None:
        self.query_one(f"#q{self.position + 1}", Button).focus()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Question map: ⚑ flagged, ✓ answered, · not yet. Arrows and Enter: go.",
                         classes="dialog-title", markup=False)  # fmt: skip
            with Grid(id="map-grid"):
                for number, question in enumerate(self.exam.questions, start=1):
                    mark = "⚑" if question.flagged else ("✓" if question.answer is not None
                                                          else "·")  # fmt: skip
                    yield Button(f"{number} {mark}", id=f"q{number}", compact=True)

    def action_step(self, across: int, down: int) -> None:
        """Move the focus over the grid as it is laid out (its columns come from the CSS);
        a step off the grid stays put."""
        focused = self.focused
        if not isinstance(focused, Button) or focused.id is None:
            return
        columns = self.query_one("#map-grid", Grid).styles.grid_size_columns
        target = int(focused.id[1:]) - 1 + across + down * columns
        if 0 <= target < len(self.exam.questions):
            # At once, not after the next refresh as Widget.focus does: keys typed ahead
            # (and Enter) must act on where the last one moved.
            self.set_focus(self.query_one(f"#q{target + 1}", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(int(event.button.id[1:]) - 1)

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmSubmit(ModalScreen[bool]):
    BINDINGS = [Binding("y,enter", "yes", "Submit"), Binding("n,escape", "no", "Go back")]

    def __init__(self, unanswered: int, flagged: int) -> None:
        super().__init__()
        self.unanswered = unanswered
        self.flagged = flagged

    def compose(self) -> ComposeResult:
        parts = []
        if self.unanswered:
            parts.append(f"{self.unanswered} unanswered (they count as wrong)")
        if self.flagged:
            parts.append(f"{self.flagged} flagged")
        with Vertical(classes="dialog"):
            yield Static(f"Submit the exam with {' and '.join(parts)}?  y: submit · n: go back",
                         markup=False)  # fmt: skip

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ConfirmLeave(ModalScreen[bool]):
    """Leave the exam without handing it in? Enter keeps going: leaving drops every answer,
    so only a deliberate key does it."""

    BINDINGS = [Binding("y", "leave", "Leave"),
                Binding("n,escape,enter", "keep_going", "Keep going")]  # fmt: skip

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Leave the exam? Your answers are dropped and nothing is recorded.\n"
                         "y: leave · n or Esc: keep going", markup=False)  # fmt: skip

    def action_leave(self) -> None:
        self.dismiss(True)

    def action_keep_going(self) -> None:
        self.dismiss(False)
