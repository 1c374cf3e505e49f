"""Cloze text: ``{{answer}}`` or ``{{answer|variant}}`` blanks inside ordinary text."""

from __future__ import annotations

from dataclasses import dataclass

from studytool.core.models import Blank

OPEN, CLOSE, ALTERNATIVE = "{{", "}}", "|"


@dataclass(frozen=True)
class ClozeError(Exception):
    """A malformed cloze text; ``offset`` is the character index where the problem starts."""

    message: str
    offset: int


def parse_cloze(text: str) -> tuple[str | Blank, ...]:
    """Split ``text`` into literal runs and blanks, or raise ClozeError.

    A text with no blank at all is an error too: a cloze card must ask for something.
    """
    parts: list[str | Blank] = []
    position = 0
    while True:
        start = text.find(OPEN, position)
        stray = text.find(CLOSE, position)
        if stray != -1 and (start == -1 or stray < start):
            raise ClozeError("'}}' without a matching '{{'", stray)
        if start == -1:
            break
        end = text.find(CLOSE, start + len(OPEN))
        if end == -1:
            raise ClozeError("blank opened with '{{' is never closed with '}}'", start)
        inner = text[start + len(OPEN) : end]
        if OPEN in inner:
            raise ClozeError("a blank cannot contain another '{{'", start)
        answers = tuple(answer.strip() for answer in inner.split(ALTERNATIVE))
        if not all(answers):
            raise ClozeError("empty blank: write the answer between '{{' and '}}'", start)
        if text[position:start]:
            parts.append(text[position:start])
        parts.append(Blank(answers))
        position = end + len(CLOSE)
    if position < len(text):
        parts.append(text[position:])
    if not any(isinstance(part, Blank) for part in parts):
        raise ClozeError("no blank: mark at least one answer as {{answer}}", 0)
    return tuple(parts)
