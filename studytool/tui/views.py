"""Which widget shows a card of each kind: one table, one entry per kind."""

from __future__ import annotations

from studytool.core.cards import Card
from studytool.tui.widgets.base import CardView
from studytool.tui.widgets.basic import BasicView
from studytool.tui.widgets.choice import McqView, MultiView
from studytool.tui.widgets.order import OrderView
from studytool.tui.widgets.typed import ClozeView, TypedView

VIEWS: dict[str, type[CardView]] = {
    "basic": BasicView,
    "mcq": McqView,
    "multi": MultiView,
    "typed": TypedView,
    "cloze": ClozeView,
    "order": OrderView,
}


def view_for(card: Card, seed: str) -> CardView:
    return VIEWS[card.type](card, seed)
