"""Anki's field text as studytool text: cloze deletions as blanks, and what a
conversion loses (pictures, sounds, control characters), said per field. The package
import and the plain-text (CSV) import share it, so a cloze note reads the same from both."""

from __future__ import annotations

import re

from studytool.interchange.html_text import FieldText, field_text

CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
"""An Anki cloze deletion: {{c1::answer}} or {{c1::answer::hint}}."""
_MARK = "\ue001"
"""A private-use character standing in for a deletion while the rest is converted."""


def note_losses(converted: FieldText, notes: list[str], name: str) -> None:
    if converted.media:
        notes.append(f"media in field '{name}' not carried over: {', '.join(converted.media)}")
    if converted.controls:
        notes.append(f"control characters removed from field '{name}'")


def cloze_text(field: str, notes: list[str]) -> tuple[str, str] | None:
    """Anki cloze text -> studytool cloze text and the deletions' hints, or None (with the
    reason last in ``notes``) when it cannot be written as studytool cloze text."""
    answers: list[str] = []
    hints: list[tuple[int, str]] = []

    def take(match: re.Match[str]) -> str:
        answer = field_text(match.group(2))
        note_losses(answer, notes, "Text")
        answers.append(answer.text)
        if match.group(3) and (hint := field_text(match.group(3)).text):
            hints.append((len(answers), hint))
        return f"{_MARK}{len(answers) - 1}{_MARK}"

    marked = CLOZE.sub(take, field.replace(_MARK, ""))
    if any("{{" in a or "}}" in a for a in answers) or "{{c" in marked:
        notes.append("nested cloze deletions cannot be kept")
        return None
    rest = field_text(marked)
    note_losses(rest, notes, "Text")
    if "{{" in rest.text or "}}" in rest.text:
        notes.append("text outside the cloze deletions holds '{{' or '}}'")
        return None
    if any("|" in a for a in answers):
        notes.append("'|' in a cloze answer is written as '/' (studytool reads '|' as 'or')")

    def blank(match: re.Match[str]) -> str:
        answer = answers[int(match.group(1))].replace("|", "/")
        return "{{" + answer + "}}"

    text = re.sub(f"{_MARK}(\\d+){_MARK}", blank, rest.text)
    # Anki shows a deletion's hint in its gap; studytool has one hint per card.
    if len(answers) == 1 and hints:
        return text, hints[0][1]
    return text, "; ".join(f"blank {number}: {hint}" for number, hint in hints)
