"""Multiple choice (one answer) and select-all-that-apply cards."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from studytool.core.cards import McqCard, MultiCard, Option
from studytool.core.grading import Verdict
from studytool.tui.widgets.base import CardView, fits_options, number_keys, plain, shuffled


class OptionLine(Static):
    """One option; highlighted when the cursor is on it."""


class _Choices(CardView):
    card: McqCard | MultiCard

    def __init__(self, card: McqCard | MultiCard, seed: str) -> None:
        super().__init__(card, seed)
        self.order = shuffled(len(card.options), f"{card.id}:{seed}")
        """Shown position -> index in the deck file."""
        self.cursor = 0
        self.touched = False
        """Enter answers only once the cursor was moved: a second Enter pressed quickly
        after the last card's feedback must not answer this card unseen."""

    def option(self, shown: int) -> Option:
        return self.card.options[self.order[shown]]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return fits_options(parameters, len(self.order))

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        for shown in range(len(self.order)):
            yield OptionLine(self.line(shown), classes="option")
        yield Static(self.prompt_text(), classes="prompt", markup=False)

    def on_mount(self) -> None:
        self.move(0)

    def line(self, shown: int, mark: Content | None = None) -> Content:
        return Content.assemble(mark or "", f"{shown + 1}. ", plain(self.option(shown).text))

    def prompt_text(self) -> str:
        raise NotImplementedError

    def move(self, to: int) -> None:
        lines = list(self.query(OptionLine))
        self.cursor = max(0, min(len(lines) - 1, to))
        for index, line in enumerate(lines):
            line.set_class(index == self.cursor and not self.answered, "cursor")

    def action_up(self) -> None:
        self.touched = True
        self.move(self.cursor - 1)

    def action_down(self) -> None:
        self.touched = True
        self.move(self.cursor + 1)


class TickMark(NamedTuple):
    sign: str
    style: str
    legend: str


TICK_MARKS = {
    (True, True): TickMark("✓", "bold $success", "✓ rightly ticked"),
    (False, True): TickMark("○", "bold $warning", "○ should have been ticked"),
    (True, False): TickMark("✗", "bold $error", "✗ wrongly ticked"),
    (False, False): TickMark(" ", "", "no mark: rightly left out"),
}
"""A select-all option's mark after the answer, by (ticked, right to tick), in the order
the legend lists them. An option rightly left out has no mark: a ✓ beside its empty box
read as "this one was right to tick"."""


def _why(option: Option) -> Static:
    return Static(plain(option.why or "", "italic"), classes="why")


class McqView(_Choices):
    card: McqCard
    BINDINGS = [
        *number_keys("choose", "Choose", McqCard.option_count),
        Binding("up", "up", "Up", show=False),
        Binding("down", "down", "Down", show=False),
        Binding("enter", "choose_cursor", "Answer", show=False),
    ]  # fmt: skip

    def prompt_text(self) -> str:
        return f"Press 1-{len(self.order)}, or arrows and Enter."

    def action_choose(self, shown: int, labelled: int = 0) -> None:
        """``labelled``: the option count of the footer label key 1 carries."""
        if shown < len(self.order):
            self.move(shown)
            self.submit(self.order[shown])

    def solve(self) -> object:
        return self.card.options.index(self.card.answer)

    def action_choose_cursor(self) -> None:
        if self.touched:
            self.action_choose(self.cursor)

    def show_result(self, verdict: Verdict, given: object) -> None:
        lines = list(self.query(OptionLine))
        self.move(-1)
        for shown, line in enumerate(lines):
            option = self.option(shown)
            chosen = self.order[shown] == given
            if option.correct:
                line.update(self.line(shown, Content.styled("✓ ", "bold $success")))
                line.add_class("right")
            elif chosen:
                line.update(self.line(shown, Content.styled("✗ ", "bold $error")))
                line.add_class("chosen-wrong")
            else:
                line.update(self.line(shown, Content("  ")))
            if option.why and (not option.correct or chosen):
                self.mount(_why(option), after=line)


class MultiView(_Choices):
    card: MultiCard
    BINDINGS = [
        *number_keys("toggle_option", "Toggle", MultiCard.option_count),
        Binding("space", "toggle_cursor", "Toggle", show=False),
        Binding("up", "up", "Up", show=False),
        Binding("down", "down", "Down", show=False),
        Binding("enter", "submit_choices", "Submit"),
    ]  # fmt: skip

    def __init__(self, card: MultiCard, seed: str) -> None:
        super().__init__(card, seed)
        self.chosen: set[int] = set()

    def prompt_text(self) -> str:
        return "Select all that apply: number keys or space to toggle, Enter to submit."

    def line(self, shown: int, mark: Content | None = None) -> Content:
        box = "[x] " if self.order[shown] in getattr(self, "chosen", ()) else "[ ] "
        return Content.assemble(mark or "", box, f"{shown + 1}. ", plain(self.option(shown).text))

    def action_toggle_option(self, shown: int, labelled: int = 0) -> None:
        """``labelled``: the option count of the footer label key 1 carries."""
        if shown >= len(self.order) or self.answered:
            return
        self.chosen ^= {self.order[shown]}
        self.touched = True
        self.move(shown)
        list(self.query(OptionLine))[shown].update(self.line(shown))

    def action_toggle_cursor(self) -> None:
        self.action_toggle_option(self.cursor)

    def solve(self) -> object:
        self.chosen = {n for n, option in enumerate(self.card.options) if option.correct}
        return sorted(self.chosen)

    def action_submit_choices(self) -> None:
        if self.touched or self.chosen:
            self.submit(sorted(self.chosen))

    def show_result(self, verdict: Verdict, given: object) -> None:
        self.move(-1)
        shown_marks = []
        for shown, line in enumerate(list(self.query(OptionLine))):
            option = self.option(shown)
            picked = self.order[shown] in self.chosen
            mark = TICK_MARKS[picked, option.correct]
            shown_marks.append(mark)
            line.update(self.line(shown, Content.styled(f"{mark.sign} ", mark.style)))
            if option.why and picked != option.correct:
                self.mount(_why(option), after=line)
        legend = [mark.legend for mark in TICK_MARKS.values() if mark in shown_marks]
        self.mount(Static(" · ".join(legend), classes="legend", markup=False),
                   before=self.query_one(".prompt"))  # fmt: skip
