"""Text from decks, files and users made safe to print."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (escape sequences among them) but tab and newline, and the
bidirectional overrides that make text read differently from what it is ("trojan source")."""


def shown(text: str) -> str:
    """Text safe to print: control characters (escape sequences among them) are written
    out as \\xNN / \\uNNNN, so quoting a hostile deck or file name cannot drive the
    terminal."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)
