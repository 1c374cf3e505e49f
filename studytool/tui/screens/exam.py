"""Mock exam: timed, no feedback until the end, flag and come back, a question map."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from studytool.core.cards import KINDS, ChoiceCard, McqCard, MultiCard
from studytool.engine.reports import Exam, ExamQuestion
from studytool.engine.study import Study
from studytool.errors import StudytoolError
from studytool.tui.screens.exam_dialogs import ConfirmLeave, ConfirmSubmit, QuestionMap
from studytool.tui.screens.exam_result import ExamResultScreen, clock_text
from studytool.tui.widgets.base import fits_options, number_keys, plain, shuffled
from studytool.tui.widgets.choice import OptionLine
from studytool.tui.widgets.footer import KeysFooter

_CHOICE_KINDS = [kind for kind in KINDS.values() if issubclass(kind, ChoiceCard)]
OPTION_COUNTS = (min(kind.option_count[0] for kind in _CHOICE_KINDS),
                 max(kind.option_count[1] for kind in _CHOICE_KINDS))  # fmt: skip
"""The fewest and most options an exam question can have."""


class ExamScreen(Screen[None]):
    BINDINGS = [
        *number_keys("choose", "Choose", OPTION_COUNTS),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        # One of these three is live at a time (check_action): Enter's label says which.
        Binding("enter", "enter('choose')", "Choose"),
        Binding("enter", "enter('next')", "Next"),
        Binding("enter", "enter('toggle')", "Toggle"),
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("right,n", "move(1)", "Next", key_display="→/n"),
        Binding("left,p", "move(-1)", "Previous", key_display="←/p"),
        Binding("f", "flag", "Flag"),
        Binding("m", "map", "Map"),
        Binding("S,ctrl+s", "submit", "Submit"),
        Binding("escape,q", "leave", "Leave", key_display="esc/q"),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def __init__(self, study: Study, exam: Exam, timer: Callable[[], float]) -> None:
        super().__init__()
        self.study = study
        self.exam = exam
        self.timer = timer
        self.started = timer()
        self.position = 0
        self.cursor = 0
        """The highlighted option's shown position."""
        self.touched = False
        """Enter acts on the highlight only once a key moved it on this question: a quick
        second Enter after going on must not answer the next question unread."""
        self.finished = False
        self.lines: list[OptionLine] = []
        """The shown question's options, in shown order."""
        self.orders = [shuffled(len(q.card.options), f"exam:{exam.name}:{q.card.id}")
                       for q in exam.questions]  # fmt: skip
        """Per question, shown position -> index in the deck file."""

    def compose(self) -> ComposeResult:
        yield Static(id="exam-title")
        # Not focusable: the arrow keys move the highlight, they do not scroll.
        with VerticalScroll(id="exam-body", can_focus=False):
            yield Static(id="exam-question")
            yield Vertical(id="exam-options")
            yield Static(id="exam-flag")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.go(0)
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

    @property
    def single(self) -> bool:
        """One answer (mcq) rather than select-all."""
        return isinstance(self.question.card, McqCard)

    def chosen(self) -> frozenset[int]:
        """The deck indexes of the options chosen on this question."""
        answer = self.question.answer
        if answer is None:
            return frozenset()
        return answer if isinstance(answer, frozenset) else frozenset({answer})

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

    def go(self, position: int) -> None:
        """Show the question at ``position``, the highlight on its answer if it has one."""
        self.position = position
        order = self.orders[position]
        chosen = [shown for shown, index in enumerate(order) if index in self.chosen()]
        self.cursor = chosen[0] if chosen else 0
        self.touched = False
        card = self.question.card
        heading: list[Content | str] = [plain(card.question, "bold")]
        if isinstance(card, MultiCard) and (instruction := card.instruction()):
            heading += ["\n", Content.styled(instruction, "italic")]
        self.query_one("#exam-question", Static).update(Content.assemble(*heading))
        self.lines = [OptionLine(classes="option") for _ in order]
        options = self.query_one("#exam-options", Vertical)
        options.remove_children()
        options.mount_all(self.lines)
        self.show()

    def show(self) -> None:
        """Draw the options (the chosen ones marked, the highlighted one lit), the flag
        and the title, and the footer's keys for this question."""
        card = self.question.card
        chosen = self.chosen()
        for shown, (line, index) in enumerate(zip(self.lines, self.orders[self.position],
                                                  strict=True)):  # fmt: skip
            picked = index in chosen
            mark = ("(•) " if picked else "( ) ") if self.single else ("[x] " if picked
                                                                        else "[ ] ")  # fmt: skip
            line.update(Content.assemble(mark, f"{shown + 1}. ", plain(card.options[index].text)))
            line.set_class(shown == self.cursor, "cursor")
            if shown == self.cursor:  # once laid out: a long question can push it below
                self.call_after_refresh(line.scroll_visible, animate=False)
        flag = self.query_one("#exam-flag", Static)
        flag.update(Content.styled("⚑ flagged to come back to", "$warning"))
        flag.display = self.question.flagged
        self.update_title()
        self.refresh_bindings()

    # -- what the footer offers ---------------------------------------------------------

    def enter_does(self) -> str:
        """On select-all Enter toggles the highlighted option; on an mcq it chooses it,
        or goes on once it is the answer."""
        if not self.single:
            return "toggle"
        return "next" if self.orders[self.position][self.cursor] in self.chosen() else "choose"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return fits_options(parameters, len(self.orders[self.position]))
        if action == "enter":
            does = self.enter_does()
            if parameters[0] != does:
                return False
            return True if does == "next" or self.touched else None  # shown, but not yet
        if action == "toggle_highlighted":
            return not self.single
        return True

    # -- answering ----------------------------------------------------------------------

    def action_choose(self, shown: int, labelled: int = 0) -> None:
        """``labelled``: the option count of the footer label key 1 carries."""
        order = self.orders[self.position]
        if self.finished or shown >= len(order):
            return
        self.cursor = shown
        self.touched = True
        index = order[shown]
        question = self.question
        if self.single:
            question.answer = index
        else:
            question.answer = frozenset(self.chosen() ^ {index}) or None
        self.show()

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(len(self.orders[self.position]) - 1, self.cursor + step))
        self.touched = True
        self.show()

    def action_enter(self, does: str) -> None:
        if does == "next":
            if self.position == len(self.exam.questions) - 1:
                self.notify("That was the last question: S hands the exam in, m shows the map.")
                return
            self.action_move(1)
        else:
            self.action_choose(self.cursor)

    def action_toggle_highlighted(self) -> None:
        self.action_choose(self.cursor)

    # -- moving about -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.go(max(0, min(len(self.exam.questions) - 1, self.position + step)))

    def action_flag(self) -> None:
        self.question.flagged = not self.question.flagged
        self.show()

    def action_map(self) -> None:
        def jump(position: int | None) -> None:
            if position is not None:
                self.go(position)

        self.app.push_screen(QuestionMap(self.exam, self.position), jump)

    # -- ending -------------------------------------------------------------------------

    def action_leave(self) -> None:
        def decided(leave: bool | None) -> None:
            if leave and not self.finished:
                self.finished = True
                self.app.pop_screen()

        self.app.push_screen(ConfirmLeave(), decided)

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
        unsaved: StudytoolError | None = None
        try:
            self.study.finish_exam(self.exam, used, timed_out)
        except StudytoolError as exc:  # the candidate still sees the score they earned
            unsaved = exc
        while self.app.screen is not self:  # time can run out with the map or a question open
            self.app.pop_screen()
        self.app.switch_screen(ExamResultScreen(self.study, self.exam, used, timed_out, unsaved))
