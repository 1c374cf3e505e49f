"""One builder per card kind: it checks the kind's own keys in a deck file and returns how
to make the card from the keys every card shares, or None once the problems are reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studytool.core.cards import (
    BasicCard,
    Blank,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeError,
    McqCard,
    MultiCard,
    Option,
    OrderCard,
    TypedCard,
    parse_cloze,
)
from studytool.core.terms import Synonyms
from studytool.deck import spec
from studytool.deck.checker import Checker, describe, same_text
from studytool.deck.positions import Node, Seq

Getter = Callable[[str], Node | None]
"""A card's value under a key, None when the card does not have it."""
Builder = Callable[[dict[str, Any]], Card]
"""Makes the card from the values every card shares (id, topic, source …)."""


def _text(check: Checker, value: Getter, key: str) -> str | None:
    return check.text(node, key) if (node := value(key)) else None


def _basic(check: Checker, value: Getter, name: str, deck: Synonyms) -> Builder | None:
    front, back = _text(check, value, "front"), _text(check, value, "back")
    if front is None or back is None:
        return None
    return lambda c: BasicCard(**c, front=front, back=back)


Build = Callable[[Checker, Getter, str, Synonyms], Builder | None]
"""A kind's builder; it is given the deck's synonyms too."""


def _synonyms(check: Checker, value: Getter) -> Synonyms | None:
    """The card's own synonyms; () without any."""
    return check.synonyms(node, "synonyms") if (node := value("synonyms")) else ()


def _choice(kind: type[McqCard] | type[MultiCard]) -> Build:
    def build(check: Checker, value: Getter, name: str, deck: Synonyms) -> Builder | None:
        question = _text(check, value, "question")
        options = _options(check, node, kind, name) if (node := value("options")) else None
        if question is None or options is None:
            return None
        asked: str = question
        return lambda c: kind(**c, question=asked, options=options)

    return build


def _cloze(check: Checker, value: Getter, name: str, deck: Synonyms) -> Builder | None:
    node = value("text")
    text = check.text(node, "text") if node else None
    any_order = check.boolean(flag, "any_order") if (flag := value("any_order")) else False
    synonyms = _synonyms(check, value)
    if node is None or text is None or any_order is None or synonyms is None:
        return None
    try:
        parts = parse_cloze(text)
    except ClozeError as exc:
        check.error(node, "cloze", f"{exc.message} (at character {exc.offset + 1})")
        return None
    if flag is not None and any_order and sum(isinstance(p, Blank) for p in parts) < 2:
        check.warning(flag, "any-order", "'any_order' needs two or more blanks to mean anything")
    return lambda c: ClozeCard(**c, text=text, parts=parts, any_order=any_order,
                               synonyms=synonyms, deck_synonyms=deck)  # fmt: skip


def _order(check: Checker, value: Getter, name: str, deck: Synonyms) -> Builder | None:
    question = _text(check, value, "question")
    steps = _steps(check, node) if (node := value("steps")) else None
    if question is None or steps is None:
        return None
    return lambda c: OrderCard(**c, question=question, steps=steps)


def _typed(check: Checker, value: Getter, name: str, deck: Synonyms) -> Builder | None:
    question, answer = _text(check, value, "question"), _text(check, value, "answer")
    accept: list[tuple[str, Node]] | None = []
    if node := value("accept"):
        accept = check.texts(node, "accept")
    synonyms = _synonyms(check, value)
    if question is None or answer is None or accept is None or synonyms is None:
        return None
    seen = {same_text(answer)}
    variants: list[str] = []
    for variant, item in accept:
        if same_text(variant) in seen:
            check.warning(
                item,
                "repeated-variant",
                f"accepted answer '{variant}' repeats the answer or another variant",
            )
            continue
        seen.add(same_text(variant))
        variants.append(variant)
    return lambda c: TypedCard(**c, question=question, answer=answer, accept=tuple(variants),
                               synonyms=synonyms, deck_synonyms=deck)  # fmt: skip


def _options(
    check: Checker, node: Node, kind: type[ChoiceCard], name: str
) -> tuple[Option, ...] | None:
    if not isinstance(node, Seq):
        check.error(node, "type", f"'options' should be a list, not {describe(node)}")
        return None
    low, high = kind.option_count
    if not low <= len(node.items) <= high:
        check.error(
            node,
            "option-count",
            f"{name} has {len(node.items)} options; {kind.type} cards have {low} to {high}",
        )
    options: list[Option] = []
    ok = True
    seen: dict[str, int] = {}
    for item in node.items:
        entries = check.mapping(item, "an option")
        if entries is None:
            ok = False
            continue
        if not check.keys(item, entries, spec.OPTION, "option"):
            ok = False
            continue
        text = check.optional_text(entries, "text", "option text")
        correct = False
        if "correct" in entries:
            flag = check.boolean(entries["correct"][1], "correct")
            ok = ok and flag is not None
            correct = bool(flag)
        why = check.optional_text(entries, "why")
        if text is None or ("why" in entries and why is None):
            ok = False
            continue
        if kind.why_required and not correct and why is None:
            check.error(
                item,
                "missing-why",
                f"wrong option '{text}' has no 'why': tell the candidate why it is wrong",
            )
            ok = False
        if same_text(text) in seen:
            check.warning(
                item,
                "repeated-option",
                f"option '{text}' repeats the option on line {seen[same_text(text)]}",
            )
        seen.setdefault(same_text(text), item.pos.line)
        options.append(Option(text=text, correct=correct, why=why))
    if not ok:
        return None
    right = sum(option.correct for option in options)
    if problem := kind.right_count_problem(right, len(options), name):
        check.error(node, "correct-count", problem)
        return None
    if not low <= len(options) <= high:
        return None
    return tuple(options)


def _steps(check: Checker, node: Node) -> tuple[str, ...] | None:
    steps = check.texts(node, "steps")
    if steps is None:
        return None
    ok = True
    if len(steps) < OrderCard.min_steps:
        check.error(
            node,
            "step-count",
            f"an order card needs at least {OrderCard.min_steps} steps; this one has {len(steps)}",
        )
        ok = False
    seen: dict[str, int] = {}
    for value, item in steps:
        if same_text(value) in seen:
            check.error(
                item,
                "repeated-step",
                f"step '{value}' repeats line {seen[same_text(value)]}; steps must "
                "differ or their order is ambiguous",
            )
            ok = False
        seen.setdefault(same_text(value), item.pos.line)
    return tuple(value for value, _ in steps) if ok else None


BUILDERS: dict[str, Build] = {
    "basic": _basic,
    "mcq": _choice(McqCard),
    "multi": _choice(MultiCard),
    "typed": _typed,
    "cloze": _cloze,
    "order": _order,
}
"""The builder of each card kind, by the name a deck file gives the kind."""
