"""Comparing what a candidate gave with the right answer, as a lenient examiner would."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

MIN_TYPO_LENGTH = 5
"""Answers shorter than this must be exact: one letter off turns "flex" into "flux"."""


SEPARATOR = "\x00"
"""Never in deck text (the loader refuses control characters): joins texts normalised at once."""
# ASCII text, nearly all of it, is folded by one byte-translation table: upper case to
# lower, anything but letters and digits to a space, the separator kept.
ASCII_FOLD = bytes(
    code + 32 if 65 <= code <= 90 else code if code == 0 or chr(code).isalnum() else 32
    for code in range(256)
)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[^\w\x00]+|_+")
_SPACES = re.compile("  +")
ARTICLES = ("the", "an", "a")


def normalize(text: str) -> str:
    """Text as an examiner compares answers: lower case, no accents, words of letters and
    digits separated by single spaces, no leading "the"/"a"/"an" ("The  flexors!" and
    "flexors" compare the same). Texts joined by ``SEPARATOR`` are normalised one by one,
    so lint can do a whole deck in one pass."""
    if text.isascii():
        flat = text.encode("ascii").translate(ASCII_FOLD).decode("ascii")
    else:
        flat = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
        flat = _NOT_WORD.sub(" ", flat)
    flat = _SPACES.sub(" ", flat).strip(" ")
    flat = f"{SEPARATOR}{flat}".replace(f" {SEPARATOR}", SEPARATOR)
    flat = flat.replace(f"{SEPARATOR} ", SEPARATOR)
    for article in ARTICLES:  # str.replace: a regex here takes ten times as long
        flat = flat.replace(f"{SEPARATOR}{article} ", SEPARATOR)
    # A lone article ("A") says nothing either.
    return "" if flat[1:] in ARTICLES else flat[1:]


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
