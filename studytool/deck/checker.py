"""The shape checks every part of a deck file goes through, and the problems they find.

Each problem carries the file, line and column where it starts. A check that fails reports
and returns None, so the caller can go on and report the rest.
"""

from __future__ import annotations

import difflib
import re
from itertools import combinations

from studytool.core.cards import Field
from studytool.core.models import Deck
from studytool.core.terms import Synonyms, opposed_words
from studytool.core.text import CONTROL, shown, suggest
from studytool.deck import spec
from studytool.deck.positions import (
    BOOL,
    FLOAT,
    INT,
    MERGE,
    NULL,
    STR,
    TIMESTAMP,
    Map,
    Node,
    Pos,
    Scalar,
    Seq,
)
from studytool.deck.results import Diagnostic, LoadResult, Severity


def describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    assert isinstance(node, Scalar)
    return {
        NULL: "nothing",
        BOOL: f"the yes/no value {node.value}",
        INT: f"the number {node.value}",
        FLOAT: f"the number {node.value}",
    }.get(node.tag, f"the text {node.value!r}")


def same_text(text: str) -> str:
    """How two texts compare when looking for repeats: case and spacing do not count."""
    return " ".join(text.casefold().split())


Entries = dict[str, tuple[Scalar, Node]]


class Checker:
    """Collects positioned problems while the shapes of a deck file are checked: every
    check reports and goes on, so an author sees every problem at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    # -- reporting ---------------------------------------------------------------------

    def error(self, where: Node | Pos, code: str, message: str) -> None:
        self._add(where, "error", code, message)

    def warning(self, where: Node | Pos, code: str, message: str) -> None:
        self._add(where, "warning", code, message)

    def _add(self, where: Node | Pos, severity: Severity, code: str, message: str) -> None:
        pos = where if isinstance(where, Pos) else where.pos
        self.diagnostics.append(
            Diagnostic(self.path, pos.line, pos.column, severity, code, shown(message))
        )

    def result(self, deck: Deck | None) -> LoadResult:
        ordered = sorted(self.diagnostics, key=lambda d: (d.line, d.column))
        if any(d.severity == "error" for d in ordered):
            deck = None
        return LoadResult(self.path, deck, tuple(ordered))

    # -- shapes ------------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> Entries | None:
        if not isinstance(node, Map):
            self.error(node, "type", f"{what} should be a mapping of keys, not {describe(node)}")
            return None
        entries: Entries = {}
        merged: list[Node] = []
        for key, value in node.pairs:
            if isinstance(key, Scalar) and key.tag == MERGE:
                merged.extend(value.items if isinstance(value, Seq) else [value])
                continue
            if not isinstance(key, Scalar) or key.tag == NULL:
                self.error(key, "type", f"keys in {what} should be plain words")
                continue
            if key.value in entries:
                first = entries[key.value][0].pos.line
                self.error(
                    key,
                    "duplicate-key",
                    f"duplicate key '{key.value}' (already given on line {first})",
                )
                continue
            entries[key.value] = (key, value)
        for source in merged:
            if not isinstance(source, Map):
                self.error(source, "type", "'<<' merges a mapping; this is " + describe(source))
                continue
            for key, value in source.pairs:
                if isinstance(key, Scalar) and key.value not in entries:
                    entries[key.value] = (key, value)
        return entries

    def keys(
        self,
        node: Node,
        entries: Entries,
        fields: tuple[Field, ...],
        what: str,
        name: str | None = None,
        elsewhere: dict[str, str] | None = None,
    ) -> bool:
        """Unknown keys (with a did-you-mean) and missing required ones.

        ``what`` names the kind of mapping ("mcq card"), ``name`` this one ("card 'x'").
        Returns whether the keys were all known and present.
        """
        allowed = {f.name for f in fields}
        clean = True
        suggested: set[str] = set()
        for key_name, (key, _) in entries.items():
            if key_name in allowed:
                continue
            clean = False
            if elsewhere and key_name in elsewhere:
                self.error(
                    key,
                    "unknown-key",
                    f"'{key_name}' is not a key of {what}s ({elsewhere[key_name]} cards have it)",
                )
                continue
            close = difflib.get_close_matches(key_name, list(allowed), n=1, cutoff=0.6)
            suggested.update(close)
            hint = suggest(key_name, allowed)
            self.error(key, "unknown-key", f"unknown key '{key_name}' in {what}{hint}")
        for f in fields:
            # A misspelt key already says "did you mean"; saying it is missing too is noise.
            if f.required and f.name not in entries:
                clean = False
                if f.name not in suggested:
                    self.error(
                        node,
                        "missing-key",
                        f"{name or what} is missing the required key '{f.name}'",
                    )
        return clean

    # -- values ------------------------------------------------------------------------

    def text(self, node: Node, what: str) -> str | None:
        if not isinstance(node, Scalar) or node.tag in (BOOL,):
            hint = " (quote it if you mean the word)" if isinstance(node, Scalar) else ""
            self.error(node, "type", f"'{what}' should be text, not {describe(node)}{hint}")
            return None
        if node.tag not in (STR, INT, FLOAT, TIMESTAMP) or not node.value.strip():
            self.error(node, "empty", f"'{what}' is empty")
            return None
        if bad := CONTROL.search(node.value):
            self.error(
                node,
                "control-char",
                f"'{what}' contains the control character U+{ord(bad.group()):04X} "
                f"at character {bad.start() + 1}; deck text must be plain text",
            )
            return None
        return node.value.strip()

    def ident(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not re.match(spec.ID_PATTERN, value):
            self.error(
                node,
                "bad-id",
                f"{what} '{value}' is not a valid id: use letters, digits, '-', '_' "
                "or '.', starting with a letter or digit, at most 64 characters",
            )
            return None
        return value

    def integer(self, node: Node, what: str) -> int | None:
        if isinstance(node, Scalar) and node.tag == INT:
            try:
                value = int(node.value.replace("_", ""), 10)
            except ValueError:
                value = 0
            if value >= 1:
                return value
        self.error(
            node, "type", f"'{what}' should be a whole number of 1 or more, not {describe(node)}"
        )
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.tag == BOOL:
            return node.value.lower() in ("true", "yes", "on")
        self.error(node, "type", f"'{what}' should be true or false, not {describe(node)}")
        return None

    def texts(self, node: Node, what: str) -> list[tuple[str, Node]] | None:
        if not isinstance(node, Seq):
            self.error(node, "type", f"'{what}' should be a list, not {describe(node)}")
            return None
        items = [(self.text(item, f"{what} item"), item) for item in node.items]
        if any(value is None for value, _ in items):
            return None
        return [(value, item) for value, item in items if value is not None]

    def synonyms(self, node: Node, what: str) -> Synonyms | None:
        """Groups of texts that mean the same: a list of lists, two or more in each, never
        two opposite key terms in one group."""
        if not isinstance(node, Seq):
            self.error(node, "type", f"'{what}' should be a list of groups, not {describe(node)}")
            return None
        groups: list[tuple[str, ...]] = []
        ok = True
        for item in node.items:
            if not isinstance(item, Seq):
                self.error(item, "type", f"each group of '{what}' should be a list of words that "
                           f"mean the same, like [bend, flex], not {describe(item)}")  # fmt: skip
                ok = False
                continue
            texts = self.texts(item, what)
            if texts is None:
                ok = False
                continue
            group = tuple(dict.fromkeys(text for text, _ in texts))
            if len({same_text(text) for text in group}) < 2:
                self.error(item, "synonym-group", f"a group of '{what}' needs two or more "
                           "different words")  # fmt: skip
                ok = False
                continue
            for (one, _), (other, other_node) in combinations(texts, 2):
                if pair := opposed_words(one, other):
                    self.error(other_node, "opposite-synonyms",
                               f"'{one}' and '{other}' cannot be synonyms: '{pair[0]}' and "
                               f"'{pair[1]}' are opposite key terms")  # fmt: skip
                    ok = False
            groups.append(group)
        return tuple(groups) if ok else None

    def optional_text(self, entries: Entries, name: str, what: str = "") -> str | None:
        if name not in entries:
            return None
        return self.text(entries[name][1], what or name)

    # -- the deck ----------------------------------------------------------------------
