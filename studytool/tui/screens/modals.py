"""Small screens over the current one: help, topic picker, flag note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from studytool.core.models import Deck

HELP = """\
Home     Enter review · t topic quiz · e mock exam · s stats · q quit
Review   1-5 answer multiple choice (or ↑/↓ and Enter)
         1-8 or space toggle a select-all option, Enter submits
         type an answer, Enter submits (empty Enter: don't know)
         k/j or shift+↑/↓ move an order card's step, Enter submits
         space shows a flip card's back, then grade it yourself:
         0 blank · 1 wrong · 2 almost · 3 hard · 4 good · 5 easy
         (Enter or space again: 4, good)
         Enter after an answer: next card
Card     u undo the last answer      g mark the answer guessed
         h hint (cards with one)     s suspend the card
         r I was right: a typed answer marked wrong counts
         f flag the card as wrong    q home (answers are saved)
         on a typed card: ctrl+z, ctrl+g, ctrl+t, ctrl+s, ctrl+f
Exam     ↑/↓ and Enter, or a number key, choose; Enter again: next
         select-all: Enter or space toggles, n or → goes on
         n/p next/previous · f flag · m map (arrows, Enter) · S submit
         Esc or q leaves the exam, recording nothing
Anywhere ctrl+p command palette · ctrl+l light/dark · ctrl+q quit\
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "dismiss", "Close")]

    def __init__(self, keys: str = HELP) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title", markup=False)
            yield Static(self.keys, markup=False)


class TopicScreen(ModalScreen[tuple[str, str | None] | None]):
    """Pick a topic to quiz on; returns (deck id, topic id or None for the whole deck)."""

    BINDINGS = [Binding("escape,q", "dismiss", "Cancel")]

    QUIZ = "Topic quiz: answers are logged as practice and do not change your schedule."

    def __init__(self, decks: list[Deck], title: str = QUIZ) -> None:
        super().__init__()
        self.title_text = title
        self.choices: list[tuple[str, str | None]] = []
        self.prompts: list[Content] = []
        for deck in decks:
            self.choices.append((deck.id, None))
            self.prompts.append(Content.styled(f"{deck.title}: every card", "bold"))
            for topic in deck.topics:
                count = deck.cards.topics.count(topic.id)
                self.choices.append((deck.id, topic.id))
                self.prompts.append(Content(f"  {topic.name} ({count})"))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*[Option(p) for p in self.prompts], id="topics")

    def on_mount(self) -> None:
        topics = self.query_one(OptionList)
        topics.highlighted = 0
        topics.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_dismiss(self, result: object = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class FlagScreen(ModalScreen[str | None]):
    """Ask what is wrong with a card; returns the note ("" for none) or None to cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Flag this card as wrong. What is wrong with it? (Enter to send, "
                         "Esc to cancel)", classes="dialog-title", markup=False)  # fmt: skip
            yield Input(placeholder="optional note for the instructor", id="note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
