"""Deck files: YAML text in, a whole valid Deck or a list of positioned problems out.

Every problem carries the file, line and column where it starts, and the loader goes on
after a problem so that an author sees all of them at once. A deck with any error is
never returned, so nothing downstream ever works on half a deck.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from studytool.core.cloze import ClozeError, parse_cloze
from studytool.core.models import (
    CARD_TYPES,
    AnyCard,
    BasicCard,
    ClozeCard,
    Deck,
    McqCard,
    MultiCard,
    Option,
    OrderCard,
    Source,
    Topic,
    TypedCard,
)
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
    YamlError,
    compose,
)
from studytool.deck.spec import Field

Severity = Literal["error", "warning"]
_Getter = Callable[[str], Node | None]
_Builder = Callable[[dict[str, Any]], AnyCard]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        # A file name can hold escape sequences too.
        return f"{shown(self.path)}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    path: str
    deck: Deck | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def load_deck(path: str | Path) -> LoadResult:
    """Read and check one deck file. Never raises for anything the file contains."""
    checker = _Checker(str(path))
    text = _read_text(path, checker)
    if text is None:
        return checker.result(None)
    return parse_deck(text, str(path))


def _read_text(path: str | Path, checker: _Checker) -> str | None:
    """The file's text, or None once ``checker`` has been told why it cannot be read."""
    try:
        if not Path(path).is_file():
            kind = "a folder" if Path(path).is_dir() else "not a regular file"
            checker.error(Pos(1, 1), "unreadable", f"cannot read the deck: {path} is {kind}")
            return None
        size = Path(path).stat().st_size
        if size > spec.MAX_FILE_BYTES:
            checker.error(
                Pos(1, 1),
                "too-large",
                f"file is {size / 1024 / 1024:.1f} MB; a deck may be at most "
                f"{spec.MAX_FILE_BYTES // 1024 // 1024} MB (split it into several decks)",
            )
            return None
        with open(path, "rb") as stream:  # never more than the limit, whatever stat said
            data = stream.read(spec.MAX_FILE_BYTES + 1)
        if len(data) > spec.MAX_FILE_BYTES:
            checker.error(Pos(1, 1), "too-large",
                          f"file is over {spec.MAX_FILE_BYTES // 1024 // 1024} MB")  # fmt: skip
            return None
    except OSError as exc:
        checker.error(Pos(1, 1), "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        checker.error(
            Pos(line, column),
            "encoding",
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the deck as UTF-8",
        )
        return None
    return text


def parse_deck(text: str, path: str = "<deck>") -> LoadResult:
    """Check deck text already in memory; ``path`` is only used in messages."""
    checker = _Checker(path)
    try:
        root = compose(text)
    except YamlError as exc:
        checker.error(exc.pos, "yaml", exc.message)
        return checker.result(None)
    deck = checker.deck(root)
    if deck is not None:
        deck = replace(deck, path=path)
    return checker.result(deck)


# -- card by card, for an author's preview --------------------------------------------


@dataclass(frozen=True)
class BrokenCard:
    """A card that cannot be built, in its place in the deck, with the problems found
    inside its lines."""

    line: int
    id: str | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class DeckPreview:
    """A deck file card by card. Unlike ``load_deck`` it keeps the cards that are fine when
    others are not, so an author sees the whole deck while fixing one card.

    ``errors`` holds every error when some lie outside the cards (the header, YAML syntax,
    an unreadable file); ``cards`` is then empty.
    """

    path: str
    title: str | None
    deck: Deck | None
    """The cards that are fine, as a deck (its topic names); None when no card is."""
    cards: tuple[AnyCard | BrokenCard, ...]
    notes: tuple[tuple[Diagnostic, ...], ...]
    """For each of ``cards``, the diagnostics inside its lines (warnings, for a built one)."""
    errors: tuple[Diagnostic, ...] = ()


def preview_deck(path: str | Path) -> DeckPreview:
    """Read one deck file card by card. Never raises for anything the file contains."""
    checker = _Checker(str(path))
    text = _read_text(path, checker)
    if text is None:
        return DeckPreview(str(path), None, None, (), (), tuple(checker.diagnostics))
    return preview_text(text, str(path))


def preview_text(text: str, path: str = "<deck>") -> DeckPreview:
    """Deck text card by card: each card node is built when no error falls inside its
    lines, and is a ``BrokenCard`` otherwise."""
    whole = parse_deck(text, path)
    try:
        root = compose(text)
    except YamlError:
        return DeckPreview(path, None, None, (), (), whole.errors)
    found = _card_nodes(root)
    if found is None:
        return DeckPreview(path, _scalar(root, "title"), None, (), (), whole.errors)
    cards_node, end = found
    items = cards_node.items
    notes = [
        tuple(d for d in whole.diagnostics
              if item.pos <= (d.line, d.column) and (nxt is None or (d.line, d.column) < nxt))
        for item, nxt in zip(items, [*(i.pos for i in items[1:]), end], strict=True)
    ]  # fmt: skip
    if whole.deck is not None:
        return DeckPreview(path, whole.deck.title, whole.deck, whole.deck.cards, tuple(notes))
    placed = {d for inside in notes for d in inside}
    if any(d not in placed for d in whole.errors):
        return DeckPreview(path, _scalar(root, "title"), None, (), (), whole.errors)
    good = [not any(d.severity == "error" for d in inside) for inside in notes]
    deck: Deck | None = None
    if any(good):
        assert isinstance(root, Map)
        kept = Seq(cards_node.pos)
        kept.items = [item for item, fine in zip(items, good, strict=True) if fine]
        trimmed = Map(root.pos)
        trimmed.pairs = [(k, kept if v is cards_node else v) for k, v in root.pairs]
        deck = _Checker(path).deck(trimmed)
        if deck is None:  # a card that borrowed a broken one's text through an alias
            return DeckPreview(path, _scalar(root, "title"), None, (), (), whole.errors)
        deck = replace(deck, path=path)
    built = iter(deck.cards if deck else ())
    cards: list[AnyCard | BrokenCard] = [
        next(built) if fine else BrokenCard(item.pos.line, _scalar(item, "id"), inside)
        for item, fine, inside in zip(items, good, notes, strict=True)
    ]
    return DeckPreview(path, _scalar(root, "title"), deck, tuple(cards), tuple(notes))


def _card_nodes(root: Node | None) -> tuple[Seq, Pos | None] | None:
    """The deck's list of cards, and where the next top-level key starts (None: the end)."""
    if not isinstance(root, Map):
        return None
    for number, (key, value) in enumerate(root.pairs):
        if isinstance(key, Scalar) and key.value == "cards" and isinstance(value, Seq):
            after = root.pairs[number + 1][0].pos if number + 1 < len(root.pairs) else None
            return value, after
    return None


def _scalar(node: Node | None, key: str) -> str | None:
    """A plain value under ``key`` of a mapping that may not have passed its checks."""
    if isinstance(node, Map):
        for k, v in node.pairs:
            if isinstance(k, Scalar) and k.value == key and isinstance(v, Scalar):
                return shown(v.value)
    return None


# C0 and C1 controls (escape sequences among them) but tab and newline, and the
# bidirectional overrides that make text read differently from what it is ("trojan source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DECK_KEYS = {f.name for f in spec.HEADER}


def shown(text: str) -> str:
    """Text safe to print: control characters (escape sequences among them) are written
    out as \\xNN / \\uNNNN, so quoting a hostile deck cannot drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def _describe(node: Node) -> str:
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


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _same(text: str) -> str:
    """How two texts compare when looking for repeats: case and spacing do not count."""
    return " ".join(text.casefold().split())


Entries = dict[str, tuple[Scalar, Node]]


class _Checker:
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
            self.error(node, "type", f"{what} should be a mapping of keys, not {_describe(node)}")
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
                self.error(source, "type", "'<<' merges a mapping; this is " + _describe(source))
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
            hint = _suggest(key_name, allowed)
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
            self.error(node, "type", f"'{what}' should be text, not {_describe(node)}{hint}")
            return None
        if node.tag not in (STR, INT, FLOAT, TIMESTAMP) or not node.value.strip():
            self.error(node, "empty", f"'{what}' is empty")
            return None
        if bad := _CONTROL.search(node.value):
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
            node, "type", f"'{what}' should be a whole number of 1 or more, not {_describe(node)}"
        )
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.tag == BOOL:
            return node.value.lower() in ("true", "yes", "on")
        self.error(node, "type", f"'{what}' should be true or false, not {_describe(node)}")
        return None

    def texts(self, node: Node, what: str) -> list[tuple[str, Node]] | None:
        if not isinstance(node, Seq):
            self.error(node, "type", f"'{what}' should be a list, not {_describe(node)}")
            return None
        items = [(self.text(item, f"{what} item"), item) for item in node.items]
        if any(value is None for value, _ in items):
            return None
        return [(value, item) for value, item in items if value is not None]

    def optional_text(self, entries: Entries, name: str, what: str = "") -> str | None:
        if name not in entries:
            return None
        return self.text(entries[name][1], what or name)

    # -- the deck ----------------------------------------------------------------------

    def deck(self, root: Node | None) -> Deck | None:
        expected = "id, title, version, source, topics and cards"
        if root is None:
            self.error(Pos(1, 1), "not-a-deck", f"the file is empty; a deck needs {expected}")
            return None
        if not isinstance(root, Map):
            self.error(
                root,
                "not-a-deck",
                f"not a deck: expected a mapping with {expected}, found {_describe(root)}",
            )
            return None
        entries = self.mapping(root, "the deck")
        if entries is None:
            return None
        if not _DECK_KEYS & entries.keys():
            self.error(
                root,
                "not-a-deck",
                f"not a deck: none of the keys {expected} is at the top of the file",
            )
            return None
        self.keys(root, entries, spec.HEADER, "the deck")

        def get(name: str) -> Node | None:
            return entries[name][1] if name in entries else None

        deck_id = self.ident(node, "deck id") if (node := get("id")) else None
        title = self.text(node, "title") if (node := get("title")) else None
        version = self.integer(node, "version") if (node := get("version")) else None
        description = self.optional_text(entries, "description")
        source = self.source(node) if (node := get("source")) else None
        topics = self.topics(node) if (node := get("topics")) else None
        cards = self.cards(node, topics, source) if (node := get("cards")) else None
        if (
            deck_id is None
            or title is None
            or version is None
            or source is None
            or topics is None
            or cards is None
        ):
            return None
        used = {card.topic for card in cards}
        topics_node = entries["topics"][1]
        assert isinstance(topics_node, Map)
        for key, _ in topics_node.pairs:
            if isinstance(key, Scalar) and key.value not in used:
                self.warning(key, "unused-topic", f"no card has the topic '{key.value}'")
        return Deck(
            id=deck_id,
            title=title,
            version=version,
            description=description,
            source=source,
            topics=tuple(Topic(t, name) for t, name in topics.items()),
            cards=tuple(cards),
        )

    def source(self, node: Node) -> Source | None:
        entries = self.mapping(node, "the source")
        if entries is None:
            return None
        self.keys(node, entries, spec.SOURCE, "the source")
        title = self.optional_text(entries, "title", "source title")
        sections: list[tuple[str, Node]] | None = []
        if "sections" in entries:
            sections = self.texts(entries["sections"][1], "sections")
            seen: dict[str, Node] = {}
            for value, item in sections or []:
                if value in seen:
                    self.error(
                        item,
                        "duplicate",
                        f"section '{value}' is listed twice (line {seen[value].pos.line})",
                    )
                seen.setdefault(value, item)
        optional = {
            name: self.optional_text(entries, name) for name in ("author", "published", "url")
        }
        if title is None or sections is None:
            return None
        return Source(
            title=title,
            sections=tuple(dict.fromkeys(value for value, _ in sections)),
            **optional,
        )

    def topics(self, node: Node) -> dict[str, str] | None:
        entries = self.mapping(node, "topics")
        if entries is None:
            return None
        if not entries:
            self.error(node, "empty", "a deck needs at least one topic")
            return None
        topics: dict[str, str] = {}
        ok = True
        for name, (key, value) in entries.items():
            topic_id = self.ident(key, "topic id")
            display = self.text(value, f"name of topic '{name}'")
            if topic_id is None or display is None:
                ok = False
            else:
                topics[topic_id] = display
        return topics if ok else None

    def cards(
        self, node: Node, topics: dict[str, str] | None, source: Source | None
    ) -> list[AnyCard] | None:
        if not isinstance(node, Seq):
            self.error(node, "type", f"'cards' should be a list of cards, not {_describe(node)}")
            return None
        if not node.items:
            self.error(node, "empty", "a deck needs at least one card")
            return None
        cards: list[AnyCard | None] = []
        first_line: dict[str, int] = {}
        for number, item in enumerate(node.items, start=1):
            card = self.card(item, number, topics, source)
            cards.append(card)
            if card is None:
                continue
            if card.id in first_line:
                assert isinstance(item, Map)
                id_node = next(
                    v for k, v in item.pairs if isinstance(k, Scalar) and k.value == "id"
                )
                self.error(
                    id_node,
                    "duplicate-id",
                    f"duplicate card id '{card.id}' (already used on line "
                    f"{first_line[card.id]}); progress is keyed on it, so ids must "
                    "be unique",
                )
            else:
                first_line[card.id] = card.line
        if any(card is None for card in cards):
            return None
        return [card for card in cards if card is not None]

    def card(
        self,
        node: Node,
        number: int,
        topics: dict[str, str] | None,
        source: Source | None,
    ) -> AnyCard | None:
        entries = self.mapping(node, f"card {number}")
        if entries is None:
            return None
        common = {f.name: entries[f.name][1] for f in spec.CARD_COMMON if f.name in entries}
        card_id = self.ident(common["id"], "card id") if "id" in common else None
        name = f"card '{card_id}'" if card_id else f"card {number}"

        card_type: str | None = None
        if "type" in common:
            card_type = self.text(common["type"], "type")
            if card_type is not None and card_type not in CARD_TYPES:
                self.error(
                    common["type"],
                    "unknown-type",
                    f"unknown card type '{card_type}'{_suggest(card_type, CARD_TYPES)} "
                    f"(types: {', '.join(CARD_TYPES)})",
                )
                card_type = None
        if card_type is None:
            if "type" not in common:
                self.error(node, "missing-key", f"{name} is missing the required key 'type'")
            return None

        fields = spec.card_keys(card_type)
        elsewhere = {
            f.name: other
            for other, other_fields in spec.CARD_FIELDS.items()
            for f in other_fields
            if other != card_type
        }
        self.keys(node, entries, fields, f"{card_type} card", name, elsewhere)
        missing = any(f.required and f.name not in entries for f in fields)

        topic = self.text(common["topic"], "topic") if "topic" in common else None
        if topic is not None and topics is not None and topic not in topics:
            self.error(
                common["topic"],
                "unknown-topic",
                f"unknown topic '{topic}'{_suggest(topic, topics)} (topics: {', '.join(topics)})",
            )
            topic = None
        cited = self.text(common["source"], "source") if "source" in common else None
        if (
            cited is not None
            and source is not None
            and source.sections
            and cited not in source.sections
        ):
            self.error(
                common["source"],
                "unknown-section",
                f"'{cited}' is not one of the source's sections{_suggest(cited, source.sections)}",
            )
            cited = None
        explanation = self.optional_text(entries, "explanation")
        hint = self.optional_text(entries, "hint")
        # A card without a source or an explanation still works, but candidates lose the
        # "why" and instructors the trail back to the material, so lint says so.
        if "source" not in common:
            self.warning(node, "no-source", f"{name} cites no source section ('source')")
        if "explanation" not in entries:
            self.warning(
                node, "no-explanation", f"{name} has no explanation to show after the answer"
            )

        def value(key: str) -> Node | None:
            return entries[key][1] if key in entries else None

        body = self.body(card_type, value, name)
        if (
            missing
            or None in (card_id, topic, body)
            or ("source" in common and cited is None)
            or ("explanation" in entries and explanation is None)
            or ("hint" in entries and hint is None)
        ):
            return None
        assert card_id and topic and body is not None
        common_values = {
            "id": card_id,
            # Thousands of cards share a few topics and sections: one string each.
            "topic": sys.intern(topic),
            "source": sys.intern(cited) if cited is not None else None,
            "explanation": explanation,
            "hint": hint,
            "line": node.pos.line,
            "column": node.pos.column,
        }
        return body(common_values)

    def body(self, card_type: str, value: _Getter, name: str) -> _Builder | None:
        """Check the type's own keys; return how to build the card, or None on error."""
        match card_type:
            case "basic":
                front = self.text(n, "front") if (n := value("front")) else None
                back = self.text(n, "back") if (n := value("back")) else None
                if front is None or back is None:
                    return None
                return lambda c: BasicCard(**c, front=front, back=back)
            case "mcq" | "multi":
                question = self.text(n, "question") if (n := value("question")) else None
                opts = self.options(n, card_type, name) if (n := value("options")) else None
                if question is None or opts is None:
                    return None
                asked: str = question
                if card_type == "mcq":
                    return lambda c: McqCard(**c, question=asked, options=opts)
                return lambda c: MultiCard(**c, question=asked, options=opts)
            case "typed":
                return self.typed(value)
            case "cloze":
                node = value("text")
                text = self.text(node, "text") if node else None
                if node is None or text is None:
                    return None
                try:
                    parts = parse_cloze(text)
                except ClozeError as exc:
                    self.error(node, "cloze", f"{exc.message} (at character {exc.offset + 1})")
                    return None
                return lambda c: ClozeCard(**c, text=text, parts=parts)
            case "order":
                question = self.text(n, "question") if (n := value("question")) else None
                steps = self.steps(n) if (n := value("steps")) else None
                if question is None or steps is None:
                    return None
                return lambda c: OrderCard(**c, question=question, steps=steps)
        raise AssertionError(card_type)

    def typed(self, value: _Getter) -> _Builder | None:
        question = self.text(n, "question") if (n := value("question")) else None
        answer = self.text(n, "answer") if (n := value("answer")) else None
        accept: list[tuple[str, Node]] | None = []
        if node := value("accept"):
            accept = self.texts(node, "accept")
        if question is None or answer is None or accept is None:
            return None
        seen = {_same(answer)}
        variants: list[str] = []
        for variant, item in accept:
            if _same(variant) in seen:
                self.warning(
                    item,
                    "repeated-variant",
                    f"accepted answer '{variant}' repeats the answer or another variant",
                )
                continue
            seen.add(_same(variant))
            variants.append(variant)
        return lambda c: TypedCard(**c, question=question, answer=answer, accept=tuple(variants))

    def options(self, node: Node, card_type: str, name: str) -> tuple[Option, ...] | None:
        if not isinstance(node, Seq):
            self.error(node, "type", f"'options' should be a list, not {_describe(node)}")
            return None
        low, high = spec.MCQ_OPTIONS if card_type == "mcq" else spec.MULTI_OPTIONS
        if not low <= len(node.items) <= high:
            self.error(
                node,
                "option-count",
                f"{name} has {len(node.items)} options; {card_type} cards have {low} to {high}",
            )
        options: list[Option] = []
        ok = True
        seen: dict[str, int] = {}
        for item in node.items:
            entries = self.mapping(item, "an option")
            if entries is None:
                ok = False
                continue
            if not self.keys(item, entries, spec.OPTION, "option"):
                ok = False
                continue
            text = self.optional_text(entries, "text", "option text")
            correct = False
            if "correct" in entries:
                flag = self.boolean(entries["correct"][1], "correct")
                ok = ok and flag is not None
                correct = bool(flag)
            why = self.optional_text(entries, "why")
            if text is None or ("why" in entries and why is None):
                ok = False
                continue
            if card_type == "mcq" and not correct and why is None:
                self.error(
                    item,
                    "missing-why",
                    f"wrong option '{text}' has no 'why': tell the candidate why it is wrong",
                )
                ok = False
            if _same(text) in seen:
                self.warning(
                    item,
                    "repeated-option",
                    f"option '{text}' repeats the option on line {seen[_same(text)]}",
                )
            seen.setdefault(_same(text), item.pos.line)
            options.append(Option(text=text, correct=correct, why=why))
        if not ok:
            return None
        right = sum(option.correct for option in options)
        if card_type == "mcq" and right != 1:
            self.error(
                node,
                "correct-count",
                f"{name} marks no option 'correct: true'; mark exactly one"
                if right == 0
                else f"{name} marks {right} options correct; an mcq has exactly one "
                "(use type: multi for select-all-that-apply)",
            )
            return None
        if card_type == "multi" and (right == 0 or right == len(options)):
            self.error(
                node,
                "correct-count",
                f"{name} needs at least one correct and one wrong option "
                f"({right} of {len(options)} are marked correct)",
            )
            return None
        if not low <= len(options) <= high:
            return None
        return tuple(options)

    def steps(self, node: Node) -> tuple[str, ...] | None:
        steps = self.texts(node, "steps")
        if steps is None:
            return None
        ok = True
        if len(steps) < spec.MIN_STEPS:
            self.error(
                node,
                "step-count",
                f"an order card needs at least {spec.MIN_STEPS} steps; this one has {len(steps)}",
            )
            ok = False
        seen: dict[str, int] = {}
        for value, item in steps:
            if _same(value) in seen:
                self.error(
                    item,
                    "repeated-step",
                    f"step '{value}' repeats line {seen[_same(value)]}; steps must "
                    "differ or their order is ambiguous",
                )
                ok = False
            seen.setdefault(_same(value), item.pos.line)
        return tuple(value for value, _ in steps) if ok else None
