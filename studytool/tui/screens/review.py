"""Review: one card at a time, the answer's feedback, and the session's progress."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from studytool.core.grading import Verdict, judge, overruled
from studytool.core.queue import Item
from studytool.engine.study import Study
from studytool.errors import StudytoolError
from studytool.tui.feedback import mount_feedback
from studytool.tui.screens.modals import FlagScreen
from studytool.tui.views import view_for
from studytool.tui.widgets.base import CardView, plain
from studytool.tui.widgets.footer import KeysFooter

# Keys that act on the card. Typed cards send letters to their input, so there the same
# actions answer to ctrl+ keys; check_action shows whichever set applies in the footer.
CARD_ACTIONS = [
    ("u", "ctrl+z", "undo", "Undo"),
    ("g", "ctrl+g", "guessed", "Guess"),
    ("h", "ctrl+t", "hint", "Hint"),
    ("s", "ctrl+s", "suspend", "Suspend"),
    ("f", "ctrl+f", "flag", "Flag"),
]


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,space", "next", "Next"),
        *[Binding(letter, f"{action}('letter')", label) for letter, _, action, label in
          CARD_ACTIONS],
        *[Binding(ctrl, f"{action}('ctrl')", label) for _, ctrl, action, label in
          CARD_ACTIONS],
        Binding("r", "overrule", "I was right"),
        Binding("q", "home('letter')", "Home"),
        Binding("escape", "home('any')", "Home", show=False),
        Binding("question_mark", "app.help", "Help"),
    ]  # fmt: skip

    class Finished(Message):
        """The session ran out of cards: the app shows the summary in the screen's place."""

    def __init__(self, study: Study, timer: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.study = study
        self.timer = timer
        self.item: Item | None = None
        self.view: CardView | None = None
        self.verdict: Verdict | None = None
        self.guessed = False
        self.hinted = False
        self.shown_at = 0.0
        self.suspended: Item | None = None
        """The card suspended last, while nothing else happened since: undo brings it back."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield ProgressBar(show_eta=False, show_percentage=False, id="progress")
        yield VerticalScroll(id="card-area")
        yield Static(id="status")
        # The palette (ctrl+p) is listed in help; its footer label would crowd out the keys.
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_current()

    # -- what the footer offers ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.verdict is not None
        keys = parameters[0] if parameters else None
        typing = bool(self.view and self.view.typing and self.verdict is None)
        if keys == "letter" and typing:
            return False
        if keys == "ctrl" and not typing:
            return False
        if action == "overrule":
            wrong = self.verdict is not None and not self.verdict.correct
            return wrong and self.item is not None and self.study.card(self.item).may_overrule
        if action == "guessed":
            return self.verdict is None and self.item is not None
        if action == "hint":
            return (self.verdict is None and self.item is not None and not self.hinted
                    and bool(self.study.card(self.item).hint))  # fmt: skip
        if action == "undo":
            return bool(self.suspended or (self.study.session and self.study.session.results))
        if action in ("suspend", "flag"):
            return self.item is not None
        return True

    # -- showing cards ------------------------------------------------------------------

    def show_current(self) -> None:
        session = self.study.session
        assert session is not None
        self.item = session.current
        self.verdict = None
        self.guessed = self.hinted = False
        area = self.query_one("#card-area", VerticalScroll)
        area.remove_children()
        self.update_progress()
        if self.item is None:
            self.post_message(self.Finished())
            return
        card = self.study.card(self.item)
        deck = self.study.deck(self.item.deck_id)
        mode = "Practice, not scheduled" if self.item.kind == "practice" else (
            self.item.kind.title() if self.item.kind != "redrill"
            else "Again: guessed earlier" if self.item.guessed else "Again: missed earlier"
        )  # fmt: skip
        self.query_one("#review-title", Static).update(Content.assemble(
            plain(deck.title, "bold"), "  ·  ", plain(deck.topic_name(card.topic)),
            "  ·  ", (mode, "$accent" if self.item.kind != "practice" else "$warning"),
        ))  # fmt: skip
        self.view = view_for(card, session.showing())
        area.mount(self.view)
        if not self.view.typing:
            self.view.focus()
        self.shown_at = self.timer()
        self.update_status()
        self.refresh_bindings()

    def update_progress(self) -> None:
        session = self.study.session
        assert session is not None
        progress = session.progress()
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(1, progress.done + progress.left), progress=progress.done)

    def update_status(self) -> None:
        session = self.study.session
        assert session is not None
        progress = session.progress()
        parts: list[Content | str] = [
            f"{progress.done} done · {progress.left} left",
            f" · {progress.redrill} to re-drill" if progress.redrill else "",
        ]
        if self.guessed:
            parts.append(Content.styled("  · marked guessed", "$warning"))
        if self.hinted:
            parts.append(Content.styled("  · hint used", "$warning"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    # -- answering ----------------------------------------------------------------------

    def on_card_view_submitted(self, event: CardView.Submitted) -> None:
        """Grade, save (committed before the feedback shows) and show the feedback."""
        if self.item is None or self.verdict is not None or event.view is not self.view:
            return  # an answer to a card already replaced by another
        given, self_grade = event.given, event.self_grade
        card = self.study.card(self.item)
        seconds = round(self.timer() - self.shown_at, 2)
        verdict = judge(card, given, self_grade, guessed=self.guessed, hinted=self.hinted,
                        seconds=seconds)  # fmt: skip
        try:
            answered = self.study.answer(verdict.quality, verdict.correct, given, seconds,
                                         item=self.item)  # fmt: skip
        except StudytoolError as exc:
            self.stop(exc)
            return
        self.verdict = verdict
        self.suspended = None
        assert self.view is not None
        self.view.show_result(verdict, given)
        self.show_feedback(verdict, again=answered.again)
        if answered.became_leech:
            self.notify("This card has now lapsed 8 times: it is suspended as a leech. "
                        "Re-read the source, then `studytool unsuspend` it.",
                        title="Leech", severity="warning", timeout=8)  # fmt: skip
        self.update_progress()
        self.update_status()
        self.focus_next_action()
        self.refresh_bindings()

    def focus_next_action(self) -> None:
        # Inputs are disabled after answering; the area takes focus so Enter goes on.
        self.query_one("#card-area", VerticalScroll).focus()

    def show_feedback(self, verdict: Verdict, again: bool, overruled: bool = False) -> None:
        assert self.view is not None and self.item is not None
        sources = self.study.deck(self.item.deck_id).cited(self.view.card)
        mount_feedback(self.query_one("#card-area", VerticalScroll), self.view, verdict,
                       sources=sources, again=again, overruled=overruled)  # fmt: skip

    def stop(self, exc: StudytoolError) -> None:
        """Nothing more can be saved: leave with the reason rather than pretend. The
        command line that started the app tells the user, as for any command."""
        self.app.exit(result=exc)

    # -- actions ------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.verdict is not None:
            self.show_current()

    def action_overrule(self) -> None:
        """ "I was right": the answer marked wrong counts as right, at quality 4."""
        if self.item is None or self.verdict is None or self.verdict.correct:
            return
        try:
            answered = self.study.overrule()
        except StudytoolError as exc:
            self.stop(exc)
            return
        self.verdict = overruled()
        self.query(".verdict, .feedback").remove()
        self.show_feedback(self.verdict, again=answered.again, overruled=True)
        self.notify("Counted as right (quality 4). u takes the answer back.", timeout=4)
        self.update_progress()
        self.update_status()
        self.refresh_bindings()

    def action_undo(self, keys: str = "letter") -> None:
        if self.suspended is not None:
            item, self.suspended = self.suspended, None
            try:
                self.study.unsuspend(item.deck_id, item.card_id, back_into=item)
            except StudytoolError as exc:
                self.stop(exc)
                return
            self.notify("Suspension undone.", timeout=3)
            self.show_current()
            return
        try:
            undone = self.study.undo()
        except StudytoolError as exc:
            self.stop(exc)
            return
        if undone is None:
            self.notify("Nothing to undo.")
            return
        self.notify("Last answer undone.")
        self.show_current()

    def action_guessed(self, keys: str = "letter") -> None:
        self.guessed = not self.guessed
        self.update_status()

    def action_hint(self, keys: str = "letter") -> None:
        if self.item is None:
            return
        card = self.study.card(self.item)
        if not card.hint:
            self.notify("This card has no hint.")
            return
        self.hinted = True
        self.query_one("#card-area", VerticalScroll).mount(
            Static(Content.assemble(("Hint: ", "bold"), plain(card.hint)), classes="hint"),
            before=0,
        )
        self.update_status()

    def action_suspend(self, keys: str = "letter") -> None:
        if self.item is None:
            return
        try:
            self.study.suspend(self.item.deck_id, self.item.card_id)
        except StudytoolError as exc:
            self.stop(exc)
            return
        self.suspended = self.item
        self.notify("Suspended (undo takes it back).", timeout=3)
        self.show_current()

    def action_flag(self, keys: str = "letter") -> None:
        if self.item is None:
            return
        item = self.item

        def save(note: str | None) -> None:
            if note is None:
                return
            try:
                self.study.flag(item.deck_id, item.card_id, note)
            except StudytoolError as exc:
                self.stop(exc)
                return
            self.notify("Flagged for the instructor: thank you.")

        self.app.push_screen(FlagScreen(), save)

    def action_home(self, keys: str = "letter") -> None:
        session = self.study.session
        if self.verdict is not None and session is not None and session.finished:
            self.show_current()  # that was the last card: on to the summary
            return
        self.app.pop_screen()
