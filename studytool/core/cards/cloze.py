"""A text with blanks to fill in: ``{{answer}}`` or ``{{answer|variant}}`` in ordinary text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from studytool.core.cards.base import Card, Field, Marking
from studytool.core.cards.typed import SYNONYMS, synonym_lines
from studytool.core.matching import match_text
from studytool.core.terms import Synonyms


@dataclass(frozen=True, slots=True)
class Blank:
    """A gap in a cloze text; ``answers[0]`` is the one shown as the answer."""

    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BlankMark:
    """How one filled-in blank was marked, and the answer it was marked against."""

    right: bool
    close: bool
    expected: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ClozeCard(Card):
    type: ClassVar[str] = "cloze"
    may_overrule: ClassVar[bool] = True
    fields: ClassVar[tuple[Field, ...]] = (
        Field("text", "text", True, "Text with blanks: {{answer}} or {{answer|variant}}."),
        Field(
            "any_order",
            "bool",
            False,
            'true when the blanks may be filled in any order ("a {{long}} head and a '
            '{{short}} head"); false by default.',
        ),
        SYNONYMS,
    )

    text: str
    parts: tuple[str | Blank, ...]
    """The text split into literal runs and blanks, in reading order."""
    any_order: bool = False
    synonyms: Synonyms = ()
    deck_synonyms: Synonyms = field(default=(), repr=False, compare=False)
    """The deck's synonyms, which hold in every card of it."""

    @property
    def blanks(self) -> tuple[Blank, ...]:
        return tuple(part for part in self.parts if isinstance(part, Blank))

    def question_text(self) -> str:
        """The text with its blanks numbered as on screen: [1]_____."""
        numbered = []
        number = 0
        for part in self.parts:
            if isinstance(part, Blank):
                number += 1
                numbered.append(f"[{number}]_____")
            else:
                numbered.append(part)
        return "".join(numbered)

    def answer_text(self) -> str:
        return " · ".join(blank.answers[0] for blank in self.blanks)

    def blank_marks(self, answer: object) -> tuple[BlankMark, ...]:
        """Each text of ``answer`` (one per blank, in order) marked. When the blanks may
        come in any order, each text is marked against the first blank still free that it
        fills rightly, then the first it nearly fills, else the next free one."""
        if not isinstance(answer, Sequence) or isinstance(answer, str):
            raise TypeError(f"a cloze answer is one text per blank, not {answer!r}")
        blanks = self.blanks
        if len(answer) != len(blanks):
            raise ValueError(f"{len(answer)} answers for {len(blanks)} blanks")
        synonyms = self.deck_synonyms + self.synonyms
        results = [
            [match_text(str(text), blank.answers, synonyms) for blank in blanks] for text in answer
        ]
        if not self.any_order:
            return tuple(
                BlankMark(*results[n][n], blanks[n].answers[0]) for n in range(len(blanks))
            )
        free = list(range(len(blanks)))
        chosen: dict[int, int] = {}
        for wanted in (lambda r: r[0], lambda r: r[1], lambda r: True):
            for n, row in enumerate(results):
                if n not in chosen and (pick := [b for b in free if wanted(row[b])]):
                    chosen[n] = pick[0]
                    free.remove(pick[0])
        return tuple(
            BlankMark(*results[n][chosen[n]], blanks[chosen[n]].answers[0])
            for n in range(len(blanks))
        )

    def mark(self, answer: object) -> Marking:
        """``answer`` holds one text per blank, in order. All blanks right or within a
        typo is close; the score is the share of blanks right."""
        marks = self.blank_marks(answer)
        rights = sum(mark.right for mark in marks)
        all_right = rights == len(marks)
        nearly = not all_right and all(mark.right or mark.close for mark in marks)
        return Marking(all_right, nearly, rights / len(marks))

    def parse_answer(self, words: Sequence[str]) -> object:
        if len(words) != len(self.blanks):
            raise ValueError(
                f"give one answer per blank: the card has {len(self.blanks)}, and "
                f"{len(words)} {'was' if len(words) == 1 else 'were'} given (quote an answer "
                "of several words)"
            )
        return list(words)

    def is_blank(self, answer: object) -> bool:
        return isinstance(answer, Sequence) and not any(str(v).strip() for v in answer)

    def shown_texts(self) -> list[tuple[str, str]]:
        return [("text outside the blanks", p) for p in self.parts if isinstance(p, str)]

    def answers(self) -> Sequence[str]:
        return [answer for blank in self.blanks for answer in blank.answers]

    def summary_text(self) -> str:
        return " ".join(p if isinstance(p, str) else p.answers[0] for p in self.parts)

    def detail_lines(self) -> list[str]:
        lines = ["The blanks may be filled in any order."] if self.any_order else []
        return [*lines, *synonym_lines(self.synonyms)]


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
