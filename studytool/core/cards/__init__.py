"""The card kinds, registered in one table.

Adding a kind: its module here (and a line in ``KINDS``), its view in
``studytool.tui.views``, its builder in ``studytool.deck.builders``, a starter example in
``studytool.deck.starter`` and a section in docs/deck-format.md; export layouts in
``studytool.interchange`` (without one, export leaves the kind's cards out and says so).
``tests/test_card_kinds.py`` fails while any of these is missing.
"""

from __future__ import annotations

from studytool.core.cards.base import Card, Field, Marking
from studytool.core.cards.basic import BasicCard
from studytool.core.cards.choice import ChoiceCard, Option
from studytool.core.cards.cloze import Blank, BlankMark, ClozeCard, ClozeError, parse_cloze
from studytool.core.cards.mcq import McqCard
from studytool.core.cards.multi import MultiCard
from studytool.core.cards.order import OrderCard
from studytool.core.cards.typed import TypedCard

KINDS: dict[str, type[Card]] = {
    kind.type: kind for kind in (BasicCard, McqCard, MultiCard, TypedCard, ClozeCard, OrderCard)
}
"""Every card kind by the name a deck file gives it, in the order docs and schema list them."""

CARD_TYPES: tuple[str, ...] = tuple(KINDS)
EXAM_TYPES: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.exam_question)

__all__ = [
    "CARD_TYPES",
    "EXAM_TYPES",
    "KINDS",
    "BasicCard",
    "Blank",
    "BlankMark",
    "Card",
    "ChoiceCard",
    "ClozeCard",
    "ClozeError",
    "Field",
    "Marking",
    "McqCard",
    "MultiCard",
    "Option",
    "OrderCard",
    "TypedCard",
    "parse_cloze",
]
