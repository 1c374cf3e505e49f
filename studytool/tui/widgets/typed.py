"""Cards answered by typing: a short answer, or the blanks of a cloze text."""

from __future__ import annotations

import difflib

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from studytool.core.grading import Verdict, match_text
from studytool.core.models import Blank, ClozeCard, TypedCard
from studytool.tui.widgets.base import CardView, plain


def difference(given: str, expected: str) -> Content:
    """The typed answer with what differs from the expected one marked."""
    parts: list[Content | str] = []
    matcher = difflib.SequenceMatcher(a=given.lower(), b=expected.lower())
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(plain(given[a1:a2]))
        elif tag in ("replace", "delete"):
            parts.append(plain(given[a1:a2], "strike $error"))
        if tag in ("replace", "insert"):
            parts.append(plain(expected[b1:b2], "underline $success"))
    return Content.assemble(*parts)


class TypedView(CardView):
    typing = True
    card: TypedCard

    def question(self) -> str:
        return self.card.question

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        yield Input(placeholder="Type your answer", id="answer")
        yield Static("Enter submits (empty: don't know) · Esc: home", classes="prompt",
                     markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def show_result(self, verdict: Verdict, given: object) -> None:
        self.query_one(Input).disabled = True
        if isinstance(given, str) and given.strip() and not verdict.correct:
            self.mount(Static(Content.assemble("You typed: ",
                                               difference(given, self.card.answer)),
                              classes="diff"))  # fmt: skip


class ClozeView(CardView):
    typing = True
    card: ClozeCard

    def question(self) -> str:
        number = 0
        text = []
        for part in self.card.parts:
            if isinstance(part, Blank):
                number += 1
                text.append(f"[{number}]_____")
            else:
                text.append(part)
        return "".join(text)

    def compose(self) -> ComposeResult:
        yield from self.compose_question()
        for number in range(1, len(self.card.blanks) + 1):
            yield Input(placeholder=f"blank {number}", classes="blank", compact=True)
        yield Static("Enter goes to the next blank and submits after the last · Esc: home",
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

    def show_result(self, verdict: Verdict, given: object) -> None:
        for field, blank in zip(self.query(Input), self.card.blanks, strict=True):
            field.disabled = True
            value = field.value
            right, _ = match_text(value, blank.answers)
            mark = (
                Content.styled("✓ ", "bold $success")
                if right
                else Content.styled("✗ ", "bold $error")
            )
            shown = Content.assemble(mark, plain(value or "(blank)"))
            if not right:
                shown = Content.assemble(shown, "  →  ", plain(blank.answers[0], "bold"))
            self.mount(Static(shown, classes="blank-result"), after=field)
