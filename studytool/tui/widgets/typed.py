"""Cards answered by typing: a short answer, or the blanks of a cloze text."""

from __future__ import annotations

import difflib

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from studytool.core.cards import ClozeCard, TypedCard
from studytool.core.grading import Verdict
from studytool.tui.widgets.base import CardView, plain


def difference(given: str, expected: str) -> Content:
    """Both answers on lines of their own, the letters that differ in colour and with a
    ^ under them, so the difference reads without colour or strikethrough too."""
    mine: list[Content | str] = []
    theirs: list[Content | str] = []
    under_mine: list[str] = []
    under_theirs: list[str] = []
    matcher = difflib.SequenceMatcher(a=given.lower(), b=expected.lower())
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        a, b = given[a1:a2], expected[b1:b2]
        width = max(len(a), len(b))
        if tag == "equal":
            mine.append(plain(a))
            theirs.append(plain(b))
            under_mine.append(" " * len(a))
            under_theirs.append(" " * len(b))
            continue
        mine.append(plain(a.ljust(width), "bold $error"))
        theirs.append(plain(b.ljust(width), "bold $success"))
        under_mine.append("^" * width)
        under_theirs.append("^" * width)
    marks = "".join(under_mine).rstrip()
    return Content.assemble(
        "You typed: ",
        *mine,
        "\n",
        "           ",
        marks,
        "\n",
        "Expected:  ",
        *theirs,
    )


class TypedView(CardView):
    typing = True
    card: TypedCard
    giving_up = False

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        yield Input(placeholder="Type your answer", id="answer")
        yield Static(f"Enter submits (empty: don't know) · {self.escape_key}", classes="prompt",
                     id="typed-prompt", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip() and not self.giving_up:
            # An empty Enter may be a key meant for the last card: ask before "don't know".
            self.giving_up = True
            self.query_one("#typed-prompt", Static).update(
                'Press Enter again for "don\'t know", or type your answer.'
            )
            return
        self.submit(event.value)

    def solve(self) -> object:
        self.query_one(Input).value = self.card.answer
        return self.card.answer

    def show_result(self, verdict: Verdict, given: object) -> None:
        self.query_one(Input).disabled = True
        # Letter by letter only for a near miss: for another answer altogether it is noise.
        if isinstance(given, str) and verdict.close:
            self.mount(Static(difference(given, self.card.answer), classes="diff"))


class ClozeView(CardView):
    typing = True
    card: ClozeCard

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        for number in range(1, len(self.card.blanks) + 1):
            yield Input(placeholder=f"blank {number}", classes="blank", compact=True)
        yield Static(f"Enter goes to the next blank and submits after the last · {self.escape_key}",
                     classes="prompt", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
            return
        self.submit([i.value for i in inputs])

    def solve(self) -> object:
        for field, blank in zip(self.query(Input), self.card.blanks, strict=True):
            field.value = blank.answers[0]
        return [blank.answers[0] for blank in self.card.blanks]

    def show_result(self, verdict: Verdict, given: object) -> None:
        fields = list(self.query(Input))
        for field, mark in zip(fields, self.card.blank_marks([f.value for f in fields]),
                               strict=True):  # fmt: skip
            field.disabled = True
            field.display = False  # the result line below says what was typed
            tick = (
                Content.styled("✓ ", "bold $success")
                if mark.right
                else Content.styled("✗ ", "bold $error")
            )
            shown = Content.assemble(tick, plain(field.value or "(blank)"))
            if not mark.right:
                shown = Content.assemble(shown, "  →  ", plain(mark.expected, "bold"))
            self.mount(Static(shown, classes="blank-result"), after=field)
