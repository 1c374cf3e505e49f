"""A YAML document as a tree of positioned nodes, built from the parser's events.

PyYAML's own composer forgets where aliases were used and expands them without limit, and
its constructor forgets positions. Building the tree from the event stream keeps the line
and column of every node, refuses recursive aliases, stops an alias bomb after a bounded
amount of work, and never constructs arbitrary Python objects: only plain YAML scalars,
sequences and mappings come out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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


@dataclass(frozen=True, order=True)
class Pos:
    """1-based line and column, as editors count them."""

    line: int
    column: int


@dataclass(eq=False)
class Node:
    pos: Pos
    size: int = field(default=1, init=False)
    """Nodes in this subtree with aliases expanded."""


@dataclass(eq=False)
class Scalar(Node):
    value: str
    tag: str


@dataclass(eq=False)
class Seq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Map(Node):
    pairs: list[tuple[Node, Node]] = field(default_factory=list)


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


def _show_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    if event.tag is None or event.tag == "!":
        if event.implicit[0]:
            tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
            return str(tag)
        return STR
    if event.tag not in SCALAR_TAGS - {MERGE}:
        raise YamlError(
            f"unsupported YAML tag {_show_tag(event.tag)}: only plain values are allowed",
            _pos(event.start_mark),
        )
    return str(event.tag)


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
    stack: list[Node] = []
    open_anchors: set[str] = set()
    stack_anchors: list[str | None] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    documents = 0
    expanded = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        parent.size += node.size
        if isinstance(parent, Seq):
            parent.items.append(node)
        elif isinstance(parent, Map):
            key = pending_key[-1]
            if key is None:
                pending_key[-1] = node
            else:
                parent.pairs.append((key, node))
                pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "a deck file holds one YAML document; found a second '---'",
                        _pos(event.start_mark),
                    )
            elif isinstance(event, yaml.ScalarEvent):
                node: Node = Scalar(_pos(event.start_mark), event.value, _scalar_tag(event))
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                is_seq = isinstance(event, yaml.SequenceStartEvent)
                _collection_tag_ok(event, SEQ if is_seq else MAP)
                node = Seq(_pos(event.start_mark)) if is_seq else Map(_pos(event.start_mark))
                if event.anchor:
                    anchors[event.anchor] = node
                    open_anchors.add(event.anchor)
                stack.append(node)
                stack_anchors.append(event.anchor)
                pending_key.append(None)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                node = stack.pop()
                anchor = stack_anchors.pop()
                pending_key.pop()
                if anchor:
                    open_anchors.discard(anchor)
                attach(node)
            elif isinstance(event, yaml.AliasEvent):
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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            where = exc.context_mark
            started = f" at {where.line + 1}:{where.column + 1}" if where else ""
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
