"""A YAML document as a tree of positioned nodes, built from the parser's events.

PyYAML's own composer forgets where aliases were used and expands them without limit, and
its constructor forgets positions. Building the tree from the event stream keeps the line
and column of every node, refuses recursive aliases, stops an alias bomb after a bounded
amount of work, and never constructs arbitrary Python objects: only plain YAML scalars,
sequences and mappings come out.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

import yaml
from yaml.nodes import ScalarNode

try:  # the C parser is much faster on big decks; the pure one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MERGE}

MAX_ALIAS_EXPANSION = 100_000
"""Nodes that aliases may add to a document. Plain decks use none; a billion-laughs file
would need billions, and is stopped as soon as it crosses this line."""


class Pos(NamedTuple):
    """1-based line and column, as editors count them."""

    line: int
    column: int


class Node:
    """A node of the tree. Plain classes with slots: a big deck has hundreds of thousands."""

    __slots__ = ("pos", "size")

    def __init__(self, pos: Pos) -> None:
        self.pos = pos
        self.size = 1
        """Nodes in this subtree with aliases expanded."""


class Scalar(Node):
    __slots__ = ("tag", "value")

    def __init__(self, pos: Pos, value: str, tag: str) -> None:
        # No super().__init__: this runs once per scalar, hundreds of thousands of times.
        self.pos = pos
        self.size = 1
        self.value = value
        self.tag = tag

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}, {self.tag!r}, {self.pos})"


class Seq(Node):
    __slots__ = ("items",)

    def __init__(self, pos: Pos) -> None:
        super().__init__(pos)
        self.items: list[Node] = []


class Map(Node):
    __slots__ = ("pairs",)

    def __init__(self, pos: Pos) -> None:
        super().__init__(pos)
        self.pairs: list[tuple[Node, Node]] = []


class YamlError(Exception):
    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class _Mark(Protocol):
    line: int
    column: int


def _pos(mark: _Mark | None) -> Pos:
    if mark is None:
        return Pos(1, 1)
    return Pos(mark.line + 1, mark.column + 1)


_resolver = yaml.resolver.Resolver()
_IMPLICIT_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k)
_resolved: dict[str, str] = {}
"""Tags of short plain scalars already resolved: the keys ("type", "text", "topic") and
small values repeat in every card, and each would otherwise go through the regexes."""


def _show_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return STR
        value = event.value
        # Most scalars in a deck are prose; only a few first characters can start anything
        # else, so skip the resolver's regexes for the rest.
        if value and value[0] not in _IMPLICIT_FIRST:
            return STR
        known = _resolved.get(value)
        if known is None:
            known = str(_resolver.resolve(ScalarNode, value, event.implicit))  # type: ignore[no-untyped-call]
            if len(value) <= 40 and len(_resolved) < 10_000:
                _resolved[value] = known
        return known
    if tag not in SCALAR_TAGS - {MERGE}:
        raise YamlError(
            f"unsupported YAML tag {_show_tag(tag)}: only plain values are allowed",
            _pos(event.start_mark),
        )
    return str(tag)


def _collection_tag_ok(event: yaml.CollectionStartEvent, expected: str) -> None:
    if event.tag not in (None, "!", expected):
        raise YamlError(
            f"unsupported YAML tag {_show_tag(str(event.tag))}: only plain values are allowed",
            _pos(event.start_mark),
        )


def compose(text: str) -> Node | None:
    """Parse one YAML document into a tree; None for an empty document.

    Raises YamlError for syntax errors, several documents, unsupported tags, undefined or
    recursive aliases and alias expansion past MAX_ALIAS_EXPANSION.
    """
    anchors: dict[str, Node] = {}
    open_anchors: set[str] = set()
    # One frame per open collection: the node, its anchor, and a map's pending key.
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    expanded = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        parent = frame[0]
        parent.size += node.size
        if type(parent) is Seq:
            parent.items.append(node)
        elif frame[2] is None:
            frame[2] = node
        else:
            parent.pairs.append((frame[2], node))
            frame[2] = None

    # Bound here: the loop runs once per event, hundreds of thousands of times.
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    new_pos = tuple.__new__  # Pos(...) without its Python-level __new__
    try:
        event: Any  # the event classes differ in attributes; dispatch is on the exact type
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                where: Pos = new_pos(Pos, (mark.line + 1, mark.column + 1))
                node: Node = Scalar(where, event.value, _scalar_tag(event))
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif kind is mapping_start or kind is sequence_start:
                is_seq = kind is sequence_start
                _collection_tag_ok(event, SEQ if is_seq else MAP)
                mark = event.start_mark
                where = new_pos(Pos, (mark.line + 1, mark.column + 1))
                node = Seq(where) if is_seq else Map(where)
                if event.anchor:
                    anchors[event.anchor] = node
                    open_anchors.add(event.anchor)
                stack.append([node, event.anchor, None])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node, anchor, _ = stack.pop()
                if anchor:
                    open_anchors.discard(anchor)
                attach(node)
            elif kind is yaml.AliasEvent:
                name = event.anchor
                if name in open_anchors:
                    raise YamlError(
                        f"alias *{name} refers to a node that contains it", _pos(event.start_mark)
                    )
                if name not in anchors:
                    raise YamlError(
                        f"alias *{name} has no anchor &{name} before it", _pos(event.start_mark)
                    )
                target = anchors[name]
                expanded += target.size
                if expanded > MAX_ALIAS_EXPANSION:
                    raise YamlError(
                        f"aliases expand past {MAX_ALIAS_EXPANSION:,} nodes"
                        " (an alias bomb?); write the content out instead",
                        _pos(event.start_mark),
                    )
                attach(target)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "a deck file holds one YAML document; found a second '---'",
                        _pos(event.start_mark),
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            at = exc.context_mark
            started = f" at {at.line + 1}:{at.column + 1}" if at else ""
            problem = f"{problem} ({exc.context}{started})"
        raise YamlError(f"YAML syntax: {problem}", _pos(mark)) from None
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            f"YAML syntax: {exc.reason} (character {exc.character!r})",
            _offset_pos(text, exc.position),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}", Pos(1, 1)) from None
    return root


def _offset_pos(text: str, offset: int) -> Pos:
    before = text[:offset]
    line = before.count("\n") + 1
    return Pos(line, offset - (before.rfind("\n") + 1) + 1)
