"""Deck files: YAML text in, a whole valid Deck or a list of positioned problems out.

Every problem carries the file, line and column where it starts, and the loader goes on
after a problem so that an author sees all of them at once. A deck with any error is
never returned, so nothing downstream ever works on half a deck.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from studytool.core.cards import CARD_TYPES, Card
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Reference, Source, Topic
from studytool.core.terms import Synonyms
from studytool.core.text import shown, suggest
from studytool.deck import collector, spec
from studytool.deck.builders import BUILDERS
from studytool.deck.checker import Checker, describe
from studytool.deck.positions import (
    Map,
    Node,
    Pos,
    Scalar,
    Seq,
    YamlError,
    compose,
)
from studytool.deck.results import Diagnostic, LoadResult, read_deck_bytes


def load_deck(path: str | Path) -> LoadResult:
    """Read and check one deck file. Never raises for anything the file contains."""
    checker = _DeckReader(str(path))
    text = _read_text(path, checker)
    if text is None:
        return checker.result(None)
    return parse_deck(text, str(path))


def _read_text(path: str | Path, checker: Checker) -> str | None:
    """The file's text, or None once ``checker`` has been told why it cannot be read."""
    try:
        data = read_deck_bytes(path)
        if data is None:
            kind = "a folder" if Path(path).is_dir() else "not a regular file"
            checker.error(Pos(1, 1), "unreadable", f"cannot read the deck: {path} is {kind}")
            return None
        if len(data) > spec.MAX_FILE_BYTES:
            checker.error(
                Pos(1, 1),
                "too-large",
                f"file is {len(data) / 1024 / 1024:.1f} MB or more; a deck may be at most "
                f"{spec.MAX_FILE_BYTES // 1024 // 1024} MB (split it into several decks)",
            )
            return None
    except OSError as exc:
        if Path(path).is_dir():  # some systems refuse to open a folder at all
            checker.error(Pos(1, 1), "unreadable", f"cannot read the deck: {path} is a folder")
            return None
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
    with collector.paused():
        checker = _DeckReader(path)
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
    cards: tuple[Card | BrokenCard, ...]
    notes: tuple[tuple[Diagnostic, ...], ...]
    """For each of ``cards``, the diagnostics inside its lines (warnings, for a built one)."""
    errors: tuple[Diagnostic, ...] = ()


def preview_deck(path: str | Path) -> DeckPreview:
    """Read one deck file card by card. Never raises for anything the file contains."""
    checker = _DeckReader(str(path))
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
        loaded = whole.deck
        return DeckPreview(path, loaded.title, loaded, tuple(loaded.cards), tuple(notes))
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
        deck = _DeckReader(path).deck(trimmed)
        if deck is None:  # a card that borrowed a broken one's text through an alias
            return DeckPreview(path, _scalar(root, "title"), None, (), (), whole.errors)
        deck = replace(deck, path=path)
    built = iter(deck.cards if deck else ())
    cards: list[Card | BrokenCard] = [
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


_DECK_KEYS = {f.name for f in spec.HEADER}


class _Citable:
    """What a card's ``source`` may name: the source's sections and the references' ids,
    looked up once per name a card cites."""

    def __init__(self, sections: tuple[str, ...], references: list[tuple[Reference, Node]]):
        self.names = [*sections, *(reference.id for reference, _ in references)]
        # A source without a list of sections lets a card name any section.
        self._any = not sections
        self._known = frozenset(self.names)

    def known(self, name: str) -> bool:
        return self._any or name in self._known


class _DeckReader(Checker):
    """Walks a deck file: the header, the topics, the source and every card."""

    def deck(self, root: Node | None) -> Deck | None:
        expected = "id, title, version, source, topics and cards"
        if root is None:
            self.error(Pos(1, 1), "not-a-deck", f"the file is empty; a deck needs {expected}")
            return None
        if not isinstance(root, Map):
            self.error(
                root,
                "not-a-deck",
                f"not a deck: expected a mapping with {expected}, found {describe(root)}",
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
        references, references_ok = (
            self.references(node) if (node := get("references")) else ([], True)
        )
        topics = self.topics(node) if (node := get("topics")) else None
        synonyms = self.synonyms(node, "synonyms") if (node := get("synonyms")) else ()
        citable = _Citable(source.sections if source else (), references)
        cards = None
        if node := get("cards"):
            cards = self.cards(node, topics, citable, synonyms or ())
        if (
            deck_id is None
            or title is None
            or version is None
            or source is None
            or not references_ok
            or topics is None
            or synonyms is None
            or cards is None
        ):
            return None
        cited = {name for card in cards for name in card.source}
        for reference, id_node in references:
            if reference.id not in cited:
                self.warning(id_node, "unused-reference",
                             f"no card cites the reference '{reference.id}'")  # fmt: skip
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
            cards=Cards.of(cards),
            synonyms=synonyms,
            references=tuple(reference for reference, _ in references),
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

    def references(self, node: Node) -> tuple[list[tuple[Reference, Node]], bool]:
        """The header's references that are fine, each with its id's node for later
        messages, and whether all were: cards may still cite the fine ones, so a broken
        reference is reported once, not again at every card citing another."""
        if not isinstance(node, Seq):
            self.error(node, "type", f"'references' should be a list, not {describe(node)}")
            return [], False
        found: list[tuple[Reference, Node]] = []
        first: dict[str, Node] = {}
        ok = True
        for number, item in enumerate(node.items, start=1):
            entries = self.mapping(item, f"reference {number}")
            if entries is None:
                ok = False
                continue
            what = f"reference {number}"
            if not self.keys(item, entries, spec.REFERENCE, "a reference", what):
                ok = False
            ref_id = self.ident(entries["id"][1], "reference id") if "id" in entries else None
            year = self.integer(entries["year"][1], "year") if "year" in entries else None
            texts = {
                name: self.optional_text(entries, name)
                for name in ("author", "title", "published_in", "url")
            }
            if (
                ref_id is None
                or year is None
                or None in (texts["author"], texts["title"], texts["published_in"])
            ):
                ok = False
                continue
            id_node = entries["id"][1]
            if ref_id in first:
                self.error(id_node, "duplicate", f"reference id '{ref_id}' is used twice "
                           f"(line {first[ref_id].pos.line})")  # fmt: skip
                ok = False
                continue
            first[ref_id] = id_node
            reference = Reference(
                id=ref_id,
                year=year,
                author=texts["author"] or "",
                title=texts["title"] or "",
                published_in=texts["published_in"] or "",
                url=texts["url"],
            )
            found.append((reference, id_node))
        return found, ok

    def cites(self, node: Node, citable: _Citable) -> tuple[str, ...] | None:
        """A card's ``source``: one name or a list, each a section or a reference id."""
        if isinstance(node, Seq):
            if not node.items:
                self.error(node, "empty", "'source' is an empty list")
                return None
            items = self.texts(node, "source")
        else:
            value = self.text(node, "source")
            items = [(value, node)] if value is not None else None
        if items is None:
            return None
        ok = True
        for name, item in items:
            if citable.known(name):
                continue
            ok = False
            self.error(item, "unknown-source", f"'{name}' is neither a section of the source "
                       f"nor a reference id{suggest(name, citable.names)}")  # fmt: skip
        if not ok:
            return None
        # Thousands of cards cite the same few sections: one string each.
        return tuple(sys.intern(name) for name in dict.fromkeys(name for name, _ in items))

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
        self,
        node: Node,
        topics: dict[str, str] | None,
        citable: _Citable,
        synonyms: Synonyms,
    ) -> list[Card] | None:
        if not isinstance(node, Seq):
            self.error(node, "type", f"'cards' should be a list of cards, not {describe(node)}")
            return None
        if not node.items:
            self.error(node, "empty", "a deck needs at least one card")
            return None
        cards: list[Card | None] = []
        first_line: dict[str, int] = {}
        for number, item in enumerate(node.items, start=1):
            card = self.card(item, number, topics, citable, synonyms)
            cards.append(card)
            if card is None:
                continue
            if card.id in first_line:
                assert isinstance(item, Map)
                # A card merging another with '<<' takes its id from there: point at the card.
                id_node: Node = next(
                    (v for k, v in item.pairs if isinstance(k, Scalar) and k.value == "id"), item
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
        citable: _Citable,
        synonyms: Synonyms,
    ) -> Card | None:
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
                    f"unknown card type '{card_type}'{suggest(card_type, CARD_TYPES)} "
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
                f"unknown topic '{topic}'{suggest(topic, topics)} (topics: {', '.join(topics)})",
            )
            topic = None
        cited = self.cites(common["source"], citable) if "source" in common else ()
        explanation = self.optional_text(entries, "explanation")
        hint = self.optional_text(entries, "hint")
        # A card without a source or an explanation still works, but candidates lose the
        # "why" and instructors the trail back to the material, so lint says so.
        if "source" not in common:
            self.warning(node, "no-source", f"{name} cites no source ('source')")
        if "explanation" not in entries:
            self.warning(
                node, "no-explanation", f"{name} has no explanation to show after the answer"
            )

        def value(key: str) -> Node | None:
            return entries[key][1] if key in entries else None

        body = BUILDERS[card_type](self, value, name, synonyms)
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
            # Thousands of cards share a few topics: one string each.
            "topic": sys.intern(topic),
            "source": cited,
            "explanation": explanation,
            "hint": hint,
            "line": node.pos.line,
            "column": node.pos.column,
        }
        return body(common_values)
