"""Text from decks, files and users made safe to print, and fitted to where it is shown."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (escape sequences among them) but tab and newline, and the
bidirectional overrides that make text read differently from what it is ("trojan source")."""


def shown(text: str) -> str:
    """Text safe to print: control characters (escape sequences among them) are written
    out as \\xNN / \\uNNNN, so quoting a hostile deck or file name cannot drive the
    terminal."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


ADDRESS_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@'\"]*):[^\n]*@", re.IGNORECASE)
"""The password of an address written user:password@host: up to the last @ of the line, as
a password may hold an @, a quote or a space the driver reads past."""
KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('[^'\n]*'|[^\s&]*)", re.IGNORECASE)
"""A password given as a keyword: ?password=… in an address, password=… in a connection
string."""


def without_passwords(text: str) -> str:
    """``text`` with the password of every address in it written as ***, as in
    postgresql://alice:***@db.example.org/class. Rather too much is hidden than too
    little."""
    return KEYWORD_PASSWORD.sub(r"\1***", ADDRESS_PASSWORD.sub(r"\1:***@", text))


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by '-', at most ``limit`` characters, whole words: an
    id made from a name ("My Squat Deck" gives "my-squat-deck")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    made = ""
    for word in words:
        longer = f"{made}-{word}" if made else word
        if len(longer) > limit:
            break
        made = longer
    return made or "-".join(words)[:limit].strip("-")


def shorten(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` characters, cut with "…" when longer: a
    topic name or a question beside figures that must stay in their columns."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return flat[: width - 1].rstrip() + "…" if width > 0 else ""


def count(n: int, word: str, plural: str = "") -> str:
    """ "1 card", "2 cards": a number and its noun, plural unless one (``plural`` for a
    noun that does not take an s)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


QUESTION_WIDTH = 48
"""A card's question quoted beside its id is cut to this, to stay on one line."""


def question_line(question: str | None) -> str:
    """A card's question as a list of cards quotes it, so a card id can be told apart by
    what it asks; or why it cannot be (its deck did not load, or lost the card)."""
    if question is None:
        return "(question unavailable: the card is not in the decks loaded)"
    return shorten(question, QUESTION_WIDTH)


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the choice closest to a misspelt ``word``, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
