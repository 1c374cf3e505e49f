"""Text folded as an examiner compares answers: case, accents, punctuation, spacing and
leading articles do not count."""

from __future__ import annotations

import re
import unicodedata

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
