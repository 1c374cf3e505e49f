"""Comparing what a candidate gave with the right answer, as a lenient examiner would."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

MIN_TYPO_LENGTH = 5
"""Answers shorter than this must be exact: one letter off turns "flex" into "flux"."""


def normalize(text: str) -> str:
    """Case, accents, punctuation, spacing and leading articles do not count."""
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
