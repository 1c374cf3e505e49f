"""Mock exam: timed, no feedback until the end, flag and come back, a question map."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static

from studytool.core.cards import McqCard
from studytool.engine.study import Exam, ExamQuestion, Study
from studytool.tui.screens.exam_result import ExamResultScreen, clock_text
from studytool.tui.widgets.base import plain, shuffled


class ExamScreen(Screen[None]):
    BINDINGS = [
        *[Binding(str(n), f"choose({n - 1})", "Choose", show=n == 1, key_display="1-8")
          for n in range(1, 9)],
        Binding("right,n", "move(1)", "Next"),
        Binding("left,p", "move(-1)", "Previous"),
        Binding("f", "flag", "Flag"),
        Binding("m", "map", "Map"),
        Binding("S,ctrl+s", "submit", "Submit"),
        Binding("question_mark", "app.help", "Help", show=False),
    ]  # fmt: skip

    def __init__(self, study: Study, exam: Exam, timer: Callable[[], float]) -> None:
        super().__init__()
        self.study = study
        self.exam = exam
        self.timer = timer
        self.started = timer()
        self.position = 0
        self.finished = False
        self.orders = [shuffled(len(q.card.options), f"exam:{q.card.id}") for q in exam.questions]

    def compose(self) -> ComposeResult:
        yield Static(id="exam-title")
        yield VerticalScroll(Static(id="exam-question"), id="exam-body")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show()
        self.set_interval(1, self.tick)

    @property
    def seconds_left(self) -> float:
        return self.exam.minutes * 60 - (self.timer() - self.started)

    def tick(self) -> None:
        """Every second: the countdown; at zero the exam hands itself in."""
        if self.finished:
            return
        if self.seconds_left <= 0:
            self.hand_in(timed_out=True)
            return
        self.update_title()

    @property
    def question(self) -> ExamQuestion:
        return self.exam.questions[self.position]

    def update_title(self) -> None:
        flagged = sum(q.flagged for q in self.exam.questions)
        left = self.seconds_left
        self.query_one("#exam-title", Static).update(Content.assemble(
            ("Mock exam", "bold"), f"  ·  question {self.position + 1} of "
            f"{len(self.exam.questions)}  ·  ",
            (f"{clock_text(left)} left", "bold $error" if left < 60 else "bold $accent"),
            f"  ·  {self.exam.answered} answered",
            f"  ·  {flagged} flagged" if flagged else "",
        ))  # fmt: skip

    def show(self) -> None:
        question = self.question
        card = question.card
        order = self.orders[self.position]
        lines: list[Content | str] = [plain(card.question, "bold"), "\n"]
        if not isinstance(card, McqCard):
            lines.append(Content.styled("Select all that apply.\n", "italic"))
        lines.append("\n")
        for shown, index in enumerate(order):
            if isinstance(card, McqCard):
                mark = "(•) " if question.answer == index else "( ) "
            else:
                chosen = question.answer if isinstance(question.answer, frozenset) else ()
                mark = "[x] " if index in chosen else "[ ] "
            lines.append(Content.assemble(mark, f"{shown + 1}. ",
                                          plain(card.options[index].text), "\n"))  # fmt: skip
        if question.flagged:
            lines.append(Content.styled("\n⚑ flagged to come back to", "$warning"))
        self.query_one("#exam-question", Static).update(Content.assemble(*lines))
        self.update_title()

    def action_choose(self, shown: int) -> None:
        order = self.orders[self.position]
        if self.finished or shown >= len(order):
            return
        index = order[shown]
        question = self.question
        if isinstance(question.card, McqCard):
            question.answer = index
        else:
            chosen = set(question.answer) if isinstance(question.answer, frozenset) else set()
            chosen ^= {index}
            question.answer = frozenset(chosen) or None
        self.show()

    def action_move(self, step: int) -> None:
        self.go(max(0, min(len(self.exam.questions) - 1, self.position + step)))

    def go(self, position: int) -> None:
        self.position = position
        self.show()

    def action_flag(self) -> None:
        self.question.flagged = not self.question.flagged
        self.show()

    def action_map(self) -> None:
        def jump(position: int | None) -> None:
            if position is not None:
                self.go(position)

        self.app.push_screen(QuestionMap(self.exam, self.position), jump)

    def action_submit(self) -> None:
        unanswered = len(self.exam.questions) - self.exam.answered
        flagged = sum(q.flagged for q in self.exam.questions)
        if not unanswered and not flagged:
            self.hand_in(timed_out=False)
            return

        def decided(submit: bool | None) -> None:
            if submit:
                self.hand_in(timed_out=False)

        self.app.push_screen(ConfirmSubmit(unanswered, flagged), decided)

    def hand_in(self, timed_out: bool) -> None:
        if self.finished:
            return
        self.finished = True
        used = min(self.exam.minutes * 60, self.timer() - self.started)
        self.study.finish_exam(self.exam, used, timed_out)
        while self.app.screen is not self:  # time can run out with the map or a question open
            self.app.pop_screen()
        self.app.switch_screen(ExamResultScreen(self.study, self.exam, used, timed_out))


class QuestionMap(ModalScreen[int | None]):
    """Every question at a glance: answered, flagged; Enter or a click jumps to it."""

    BINDINGS = [Binding("escape,m", "close", "Close")]

    def __init__(self, exam: Exam, position: int) -> None:
        super().__init__()
        self.exam = exam
        self.position = position

    def on_mount(self) -> None:
        self.query_one(f"#q{self.position + 1}", Button).focus()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Question map: ⚑ flagged, ✓ answered, · not yet. Pick one to go "
                         "to it.", classes="dialog-title", markup=False)  # fmt: skip
            with Grid(id="map-grid"):
                for number, question in enumerate(self.exam.questions, start=1):
                    mark = "⚑" if question.flagged else ("✓" if question.answer is not None
                                                          else "·")  # fmt: skip
                    yield Button(f"{number} {mark}", id=f"q{number}", compact=True)

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
