"""How an answer of each card type becomes an SM-2 quality from 0 to 5.

One table for every auto-graded type:

| quality | when |
|---|---|
| 5 | right |
| 4 | right, but with the hint shown or after a long hesitation |
| 3 | right, but the candidate marked it "guessed" |
| 2 | wrong but close: typed or cloze one typo off, order one swap off, multi one option off |
| 1 | wrong |
| 0 | "don't know" (gave up without answering) |

Self-graded ``basic`` cards take the candidate's own 0-5 grade; "guessed" caps it at 3 too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial

from studytool.core.models import (
    AnyCard,
    BasicCard,
    ClozeCard,
    McqCard,
    MultiCard,
    OrderCard,
    TypedCard,
)


class Quality(IntEnum):
    BLACKOUT = 0
    WRONG = 1
    CLOSE = 2
    GUESSED = 3
    HESITANT = 4
    PERFECT = 5


SLOW_SECONDS = 30.0
"""An answer that took longer than this counts as hesitant (quality 4 at best)."""

MIN_TYPO_LENGTH = 5
"""Answers shorter than this must be exact: one letter off turns "flex" into "flux"."""


@dataclass(frozen=True)
class Verdict:
    """What a graded answer means, for the scheduler and for the screen."""

    quality: Quality
    correct: bool
    close: bool = False
    score: float = 1.0
    """Share of the answer that was right (1.0 for a right answer), for partial credit."""


def normalize(text: str) -> str:
    """Compare answers as a lenient examiner would: case, accents, punctuation, spacing
    and leading articles do not count."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (a swap of neighbours counts once), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)


def match_text(given: str, accepted: Sequence[str]) -> tuple[bool, bool]:
    """(right, close) for a typed answer against the accepted answers."""
    answer = normalize(given)
    if not answer:
        return False, False
    targets = [normalize(a) for a in accepted]
    if answer in targets:
        return True, False
    close = any(
        len(target) >= MIN_TYPO_LENGTH and edit_distance(answer, target) == 1 for target in targets
    )
    return False, close


def swaps_away(given: Sequence[int], right: Sequence[int]) -> int:
    """How many swaps of neighbours turn ``given`` into ``right`` (Kendall tau distance)."""
    rank = {item: index for index, item in enumerate(right)}
    order = [rank[item] for item in given]
    return sum(
        1 for i in range(len(order)) for j in range(i + 1, len(order)) if order[i] > order[j]
    )


def _finish(
    correct: bool, close: bool, score: float, *, guessed: bool, hinted: bool, seconds: float | None
) -> Verdict:
    if correct:
        quality = Quality.PERFECT
        if hinted or (seconds is not None and seconds > SLOW_SECONDS):
            quality = Quality.HESITANT
        if guessed:
            quality = Quality.GUESSED
        return Verdict(quality, True, False, 1.0)
    return Verdict(Quality.CLOSE if close else Quality.WRONG, False, close, score)


def dont_know() -> Verdict:
    return Verdict(Quality.BLACKOUT, False, False, 0.0)


def grade_self(grade: int, *, guessed: bool = False) -> Verdict:
    """A self-graded card: the candidate's own 0-5."""
    quality = Quality(grade)
    if guessed:
        quality = min(quality, Quality.GUESSED)
    return Verdict(quality, quality >= Quality.GUESSED, False, 1.0 if quality >= 3 else 0.0)


def grade(
    card: AnyCard,
    answer: object,
    *,
    guessed: bool = False,
    hinted: bool = False,
    seconds: float | None = None,
) -> Verdict:
    """Grade an auto-graded card. ``answer`` by type:

    - mcq: index of the chosen option;
    - multi: the set of chosen option indexes;
    - typed: the text typed;
    - cloze: one text per blank, in order;
    - order: the steps' original indexes in the order the candidate put them.
    """
    finish = partial(_finish, guessed=guessed, hinted=hinted, seconds=seconds)
    match card:
        case McqCard():
            assert isinstance(answer, int)
            right = card.options[answer].correct
            return finish(right, False, float(right))
        case MultiCard():
            assert isinstance(answer, set | frozenset)
            wrongly = sum(
                (index in answer) != option.correct for index, option in enumerate(card.options)
            )
            score = 1 - wrongly / len(card.options)
            return finish(wrongly == 0, wrongly == 1, score)
        case TypedCard():
            assert isinstance(answer, str)
            right, close = match_text(answer, (card.answer, *card.accept))
            return finish(right, close, float(right))
        case ClozeCard():
            assert isinstance(answer, list | tuple)
            results = [
                match_text(text, blank.answers)
                for text, blank in zip(answer, card.blanks, strict=True)
            ]
            rights = sum(right for right, _ in results)
            all_right = rights == len(results)
            nearly = not all_right and all(right or close for right, close in results)
            return finish(all_right, nearly, rights / len(results))
        case OrderCard():
            assert isinstance(answer, list | tuple)
            swaps = swaps_away(answer, range(len(card.steps)))
            pairs = len(card.steps) * (len(card.steps) - 1) // 2
            return finish(swaps == 0, swaps == 1, 1 - swaps / pairs)
        case BasicCard():
            raise TypeError("basic cards are self-graded: use grade_self()")
    raise TypeError(f"cannot grade {type(card).__name__}")
