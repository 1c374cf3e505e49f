"""Comparing what a candidate gave with the right answer, as a fair examiner would.

A typed answer is right when, after folding (case, accents, punctuation, articles), it
says the same thing in other words: another form of a word ("curls", "bends"), filler left
out or added ("flexion at the knee"), parts joined by "and" or commas in another order, or a
synonym the deck declares. It is close (one slip) when a single word is one typo off. It is
never right, nor close, when it swaps a key term for its opposite ("abduction").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import permutations

from studytool.core.folding import normalize
from studytool.core.terms import Synonyms, canonical, opposed, stems

MIN_TYPO_LENGTH = 5
"""Answers shorter than this must be exact: one letter off turns "flex" into "flux"."""

FREE_ORDER_WORDS = 3
"""Words of one part that may come in any order ("flexion knee" = "knee flexion"). Longer
parts keep their order: "hip flexion knee extension" is not "knee flexion hip extension"."""

_PARTS = re.compile(r"[,;&+/]|\band\b", re.IGNORECASE)
"""Where an answer of several parts is split: "knee flexion and hip extension"."""

Parts = tuple[tuple[str, ...], ...]


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


def parts(text: str, synonyms: Synonyms = ()) -> Parts:
    """The answer's parts, each as its words' stems with the deck's synonyms named alike."""
    split = (canonical(stems(part), synonyms) for part in _PARTS.split(text))
    return tuple(part for part in split if part)


def _key(part: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(part)) if len(part) <= FREE_ORDER_WORDS else part


def same_meaning(given: Parts, target: Parts) -> bool:
    """The same parts in any order, each with the same words (in any order when short)."""
    if sorted(map(_key, given)) == sorted(map(_key, target)):
        return True
    # The parts run together without "and" between them: "knee flexion hip extension".
    flat = tuple(word for part in given for word in part)
    if len(given) == 1 < len(target) <= 4:
        return any(sum(order, ()) == flat for order in permutations(target))
    return False


def _one_word_off(given: Parts, target: Parts) -> bool:
    mine = Counter(word for part in given for word in part)
    theirs = Counter(word for part in target for word in part)
    extra, missing = list((mine - theirs).elements()), list((theirs - mine).elements())
    if len(extra) != 1 or len(missing) != 1:
        return False
    a, b = extra[0], missing[0]
    return max(len(a), len(b)) >= MIN_TYPO_LENGTH and edit_distance(a, b) == 1


def match_text(given: str, accepted: Sequence[str], synonyms: Synonyms = ()) -> tuple[bool, bool]:
    """(right, close) for a typed answer against the accepted answers."""
    answer = normalize(given)
    if not answer:
        return False, False
    folded = [normalize(a) for a in accepted]
    if answer in folded:
        return True, False
    mine = parts(given, synonyms)
    targets = [(target, parts(a, synonyms)) for target, a in zip(folded, accepted, strict=True)]
    if any(same_meaning(mine, theirs) for _, theirs in targets):
        return True, False
    words = {word for part in mine for word in part}
    close = any(
        not opposed(words, {word for part in theirs for word in part})
        and (
            (len(target) >= MIN_TYPO_LENGTH and edit_distance(answer, target) == 1)
            or _one_word_off(mine, theirs)
        )
        for target, theirs in targets
    )
    return False, close
