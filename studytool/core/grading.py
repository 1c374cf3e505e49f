"""How an answer becomes a grade (a quality from 0 to 5), for every card kind.

Each kind marks an answer (right, close, how much of it); the hint, hesitation and "guessed"
rules are the same for all of them and live here:

| quality | when |
|---|---|
| 5 | right |
| 4 | right, but with the hint shown or after a long hesitation; or marked wrong, and the |
|   | candidate says "I was right" (typed and cloze cards) |
| 3 | right, but the candidate marked it "guessed" |
| 2 | wrong but close: typed or cloze one typo off, order one swap off, multi one option off |
| 1 | wrong |
| 0 | "don't know" (gave up without answering, or gave an empty answer) |

Self-graded cards take the candidate's own 0-5 grade; "guessed" caps it at 3 too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from studytool.core.cards.base import Card
from studytool.core.schedulers import PASSING


class Quality(IntEnum):
    BLACKOUT = 0
    WRONG = 1
    CLOSE = 2
    GUESSED = 3
    HESITANT = 4
    PERFECT = 5


SLOW_SECONDS = 30.0
"""An answer that took longer than this counts as hesitant (quality 4 at best)."""


@dataclass(frozen=True)
class Verdict:
    """What a graded answer means, for the scheduler and for the screen."""

    quality: Quality
    correct: bool
    close: bool = False
    score: float = 1.0
    """Share of the answer that was right (1.0 for a right answer), for partial credit."""


def dont_know() -> Verdict:
    return Verdict(Quality.BLACKOUT, False, False, 0.0)


def overruled() -> Verdict:
    """The verdict once the candidate says a typed or cloze answer marked wrong was right:
    counted right, at 4 rather than 5, as the marking did not see it so."""
    return Verdict(Quality.HESITANT, True, False, 1.0)


def grade_self(grade: int, *, guessed: bool = False) -> Verdict:
    """A self-graded card: the candidate's own 0-5."""
    quality = Quality(grade)
    if guessed:
        quality = min(quality, Quality.GUESSED)
    return Verdict(quality, quality >= PASSING, False, 1.0 if quality >= PASSING else 0.0)


def grade(
    card: Card,
    answer: object,
    *,
    guessed: bool = False,
    hinted: bool = False,
    seconds: float | None = None,
) -> Verdict:
    """Grade an answer to a marked (not self-graded) card, in the shape its kind takes."""
    marking = card.mark(answer)
    if marking.correct:
        quality = Quality.PERFECT
        if hinted or (seconds is not None and seconds > SLOW_SECONDS):
            quality = Quality.HESITANT
        if guessed:
            quality = Quality.GUESSED
        return Verdict(quality, True, False, 1.0)
    return Verdict(
        Quality.CLOSE if marking.close else Quality.WRONG, False, marking.close, marking.score
    )


def judge(
    card: Card,
    given: object,
    self_grade: int | None = None,
    *,
    guessed: bool = False,
    hinted: bool = False,
    seconds: float | None = None,
) -> Verdict:
    """The verdict on what a candidate gave: their own grade on a self-graded card, "don't
    know" for an empty answer, else the kind's marking."""
    if self_grade is not None:
        return grade_self(self_grade, guessed=guessed)
    if card.is_blank(given):
        return dont_know()
    return grade(card, given, guessed=guessed, hinted=hinted, seconds=seconds)
