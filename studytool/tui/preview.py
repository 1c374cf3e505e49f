"""The author's preview: every card of one deck file as a candidate sees it, answers and
feedback included, with nothing recorded. It follows the file while it is edited.

It never opens the database: answers are graded and shown, then forgotten.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from studytool.core.cards import Card
from studytool.core.grading import Verdict, judge
from studytool.core.text import shown
from studytool.deck.preview_text import counts, find, where
from studytool.deck.reader import BrokenCard, DeckPreview, preview_deck
from studytool.deck.results import Diagnostic
from studytool.tui.feedback import mount_feedback
from studytool.tui.screens.modals import HelpScreen
from studytool.tui.views import view_for
from studytool.tui.widgets.base import CardView, plain
from studytool.tui.widgets.footer import KeysFooter

SEED = "preview"
"""One fixed shuffle, so a card looks the same after every reload."""

POLL_SECONDS = 0.5

KEYS = """\
Cards    → or n next · ← or p previous · g or Home first
         G or End last · : go to a card by number or id
Answer   as in the review: 1-5, number keys or space and Enter,
         type and Enter, k/j move a step, a flip card's space
         then 0-5; Enter after an answer goes on
         a (or space) shows the answer without answering
         h hint · r start the card again
Typing   keys go to the answer box; Esc leaves it, and
         ←/→ change cards while it is empty
Anywhere q or ctrl+q quit · ? keys · ctrl+l light/dark

Nothing is recorded. When the file is saved, the preview
reloads and stays on the same card.\
"""

Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    """What changes when the file is saved: a save by rename changes the inode."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def read_preview(path: Path) -> DeckPreview:
    if not path.exists():  # deleted, or mid-way through an editor's save by rename
        gone = Diagnostic(str(path), 1, 1, "error", "missing", "the file is gone")
        return DeckPreview(str(path), None, None, (), (), (gone,))
    return preview_deck(path)


def _same(old: Card | BrokenCard | None, new: Card | BrokenCard | None) -> bool:
    """The same card with the same text, though lines above it may have moved it."""
    if isinstance(old, BrokenCard) or isinstance(new, BrokenCard) or not (old and new):
        return False
    return replace(old, line=new.line) == new


def _problems(title: str, found: tuple[Diagnostic, ...]) -> Content:
    lines: list[Content | str] = [Content.styled(title, "bold $error"), "\n"]
    for diagnostic in found:
        lines += ["\n", plain(str(diagnostic))]
    after = "Fix them and save: the preview reloads by itself."
    return Content.assemble(*lines, "\n\n", Content.styled(after, "$text-muted"))


class JumpScreen(ModalScreen[str | None]):
    """Ask for a card number or id; returns it, or None to cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Go to card: its number or its id (Enter to go, Esc to cancel)",
                         classes="dialog-title", markup=False)  # fmt: skip
            yield Input(placeholder="12 or pad-height", id="jump")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class CardArea(VerticalScroll, inherit_bindings=False):
    """The review's card area, less the scroll keys that change cards here."""

    BINDINGS = [
        binding
        for binding in ScrollableContainer.BINDINGS
        if isinstance(binding, Binding) and binding.key not in ("left", "right", "home", "end")
    ]


class PreviewScreen(Screen[None]):
    # Not priority bindings, mostly: those overtake keys still on their way to a card,
    # and would answer the next card with a key meant for this one. In an answer box
    # letters type and ←/→ move the cursor; Esc leaves the box.
    BINDINGS = [
        Binding("right", "go(1)", "Next", key_display="→"),
        Binding("left", "go(-1)", "Previous", key_display="←"),
        # An empty answer box has no cursor to move: ←/→ there change cards.
        Binding("left", "go_from_box(-1)", "Previous", key_display="←", priority=True),
        Binding("right", "go_from_box(1)", "Next", key_display="→", priority=True),
        Binding("n", "go(1)", "Next", show=False),
        Binding("p", "go(-1)", "Previous", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "next_after", "Next", show=False),
        Binding("a,space", "reveal", "Show answer", key_display="a"),
        Binding("h", "hint", "Hint"),
        Binding("r", "reset", "Reset", show=False),
        Binding("colon", "jump", "Go to", show=False),
        Binding("escape", "stop_typing", "Stop typing"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, path: Path, card_id: str | None = None, poll: float | None = None):
        super().__init__()
        self.path = path
        self.card_id = card_id
        """The card to stay on across reloads (and while the deck cannot be read)."""
        self.poll = poll
        self.index = 0
        self.stamp = _stamp(path)
        self.preview = read_preview(path)
        self.view: CardView | None = None
        self.done = False
        """The card was answered or its answer shown."""
        self.hinted = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="preview-top"):
            yield Static(id="preview-deck", markup=False)
            yield Static("PREVIEW — nothing is recorded", id="preview-mode", markup=False)
        yield Static(id="preview-where", markup=False)
        yield CardArea(id="card-area")
        yield Static(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        wanted = find(self.preview, self.card_id) if self.card_id else None
        self.show(wanted or 0)
        if self.poll:
            self.set_interval(self.poll, self.check_file)

    # -- what is on screen --------------------------------------------------------------

    def current(self) -> Card | BrokenCard | None:
        cards = self.preview.cards
        return cards[self.index] if cards else None

    @property
    def typing(self) -> bool:
        return isinstance(self.focused, Input)

    def show(self, index: int) -> None:
        """Show the card at ``index`` (clamped) afresh, unanswered."""
        area = self.query_one("#card-area", VerticalScroll)
        area.remove_children()
        self.view = None
        self.done = self.hinted = False
        cards = self.preview.cards
        if not cards:
            area.mount(Static(self.deck_problems(), classes="problems"))
            area.focus()
        else:
            self.index = max(0, min(index, len(cards) - 1))
            entry = cards[self.index]
            self.card_id = entry.id
            if isinstance(entry, BrokenCard):
                title = (
                    "This card has errors; until they are fixed the deck is left out of reviews."
                )
                area.mount(Static(_problems(title, entry.diagnostics), classes="problems"))
                area.focus()
            else:
                self.view = view_for(entry, SEED)
                self.view.escape_key = "Esc: stop typing"
                area.mount(self.view)
                if not self.view.typing:
                    self.view.focus()
        self.update_header()
        self.refresh_bindings()

    def deck_problems(self) -> Content:
        errors = self.preview.errors
        if len(errors) == 1 and errors[0].code == "missing":
            return Content.assemble(
                Content.styled(f"{shown(str(self.path))} is gone (deleted or renamed).", "bold"),
                "\n\nThe preview shows it again as soon as it is back.",
            )
        return _problems("The deck cannot be shown until these are fixed:", errors)

    def update_header(self) -> None:
        preview = self.preview
        title = preview.title or shown(self.path.name)
        self.query_one("#preview-deck", Static).update(title)
        place = where(preview, self.index) if preview.cards else (
            f"{counts(preview)} · {shown(self.path.name)}")  # fmt: skip
        self.query_one("#preview-where", Static).update(place)
        notes = preview.notes[self.index] if preview.cards else ()
        entry = self.current()
        warnings = [n for n in notes if n.severity == "warning"]
        status = Content()
        if warnings and not isinstance(entry, BrokenCard):
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            status = Content.assemble(
                Content.styled(f"line {warnings[0].line}: {warnings[0].message}", "$warning"),
                more,
            )
        self.query_one("#status", Static).update(status)

    # -- answering, as in the review but never saved ------------------------------------

    def on_card_view_submitted(self, event: CardView.Submitted) -> None:
        """Grade and show the feedback, record nothing."""
        if self.view is None or self.done or event.view is not self.view:
            return  # an answer to a card already replaced by another
        card = self.view.card
        verdict = judge(card, event.given, event.self_grade, hinted=self.hinted)
        self.view.show_result(verdict, event.given)
        self.show_feedback(self.view, verdict)

    def show_feedback(self, view: CardView, verdict: Verdict | None) -> None:
        self.done = True
        area = self.query_one("#card-area", VerticalScroll)
        deck = self.preview.deck
        sources = deck.cited(view.card) if deck is not None else list(view.card.source)
        mount_feedback(area, view, verdict, sources=sources,
                       next_key="→ or Enter: next card · r: again")  # fmt: skip
        area.focus()
        self.refresh_bindings()

    # -- following the file -------------------------------------------------------------

    def check_file(self) -> None:
        """Reload when the file changed on disk, staying on the same card."""
        stamp = _stamp(self.path)
        if stamp == self.stamp:
            return
        self.stamp = stamp
        fresh = read_preview(self.path)
        if fresh == self.preview:
            return
        before, wanted = self.current(), self.card_id
        self.preview = fresh
        found = find(fresh, wanted) if wanted else None
        index = self.index if found is None else found
        if fresh.cards:
            index = max(0, min(index, len(fresh.cards) - 1))
        if self.view is not None and _same(before, fresh.cards[index] if fresh.cards else None):
            self.index = index  # the same card: keep what was answered on it
            self.update_header()
        else:
            self.show(index)
        if found is None:
            # Gone for now (cut to be pasted elsewhere, a save caught half-written): come
            # back to it when it reappears, unless a key moves on first.
            self.card_id = wanted
        if fresh.cards:
            self.notify(f"reloaded: {counts(fresh)}", timeout=3)

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go_from_box":
            return isinstance(self.focused, Input) and not self.focused.value
        if self.typing or action == "stop_typing":
            return self.typing and action == "stop_typing"  # keys go to the box until Esc
        if action in ("go", "first", "last", "jump"):
            return bool(self.preview.cards)
        if action == "next_after":
            return self.done or isinstance(self.current(), BrokenCard)
        if action == "reveal":
            return self.view is not None and not self.done
        if action == "hint":
            return (self.view is not None and not self.done and not self.hinted
                    and bool(self.view.card.hint))  # fmt: skip
        if action == "reset":
            return self.view is not None
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_bindings()  # ←/→ change cards only while the box is empty

    def action_go(self, step: int) -> None:
        if self.preview.cards:
            self.show(self.index + step)

    def action_go_from_box(self, step: int) -> None:
        self.action_go(step)

    def action_next_after(self) -> None:
        self.action_go(1)

    def action_first(self) -> None:
        if self.preview.cards:
            self.show(0)

    def action_last(self) -> None:
        if self.preview.cards:
            self.show(len(self.preview.cards) - 1)

    def action_reveal(self) -> None:
        if self.view is None or self.done:
            return
        self.view.reveal()
        self.show_feedback(self.view, None)

    def action_reset(self) -> None:
        if self.preview.cards:
            self.show(self.index)

    def action_hint(self) -> None:
        if self.view is None or self.done or not self.view.card.hint:
            return
        self.hinted = True
        self.query_one("#card-area", VerticalScroll).mount(
            Static(Content.assemble(("Hint: ", "bold"), plain(self.view.card.hint)),
                   classes="hint"), before=0)  # fmt: skip
        self.refresh_bindings()

    def action_stop_typing(self) -> None:
        self.query_one("#card-area", VerticalScroll).focus()
        self.refresh_bindings()

    def action_jump(self) -> None:
        def go(answer: str | None) -> None:
            answer = (answer or "").strip()
            if not answer or not self.preview.cards:
                return
            total = len(self.preview.cards)
            # isdecimal, not isdigit: "²" is a digit that int() cannot read.
            if answer.isdecimal() and 1 <= int(answer) <= total:
                self.show(int(answer) - 1)
                return
            found = find(self.preview, answer)
            if found is None:
                self.notify(f"no card '{answer}' (give an id or a number from 1 to {total})",
                            severity="warning", markup=False)  # fmt: skip
                return
            self.show(found)

        self.app.push_screen(JumpScreen(), go)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(KEYS))

    def action_quit(self) -> None:
        self.app.exit()


class PreviewApp(App[None]):
    """``studytool preview PATH``: one deck file, card by card, nothing recorded."""

    CSS_PATH = [Path(__file__).with_name("app.tcss"), Path(__file__).with_name("preview.tcss")]
    TITLE = "studytool preview"
    BINDINGS = [Binding("ctrl+l", "toggle_theme", "Light/dark", show=False)]

    def __init__(
        self, path: Path, card_id: str | None = None, poll: float | None = POLL_SECONDS
    ) -> None:
        super().__init__()
        self.preview_screen = PreviewScreen(path, card_id, poll)

    def on_mount(self) -> None:
        self.push_screen(self.preview_screen)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
