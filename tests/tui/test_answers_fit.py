"""Every card of the bundled deck, answered right and wrong at 80x24: the question's first
line and the verdict are on screen together, with the status line and the footer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ROOT
from textual.pilot import Pilot
from textual.widgets import Input

from studytool.tui.app import StudyApp
from studytool.tui.screens.review import ReviewScreen
from studytool.tui.widgets.base import CardView
from studytool.tui.widgets.basic import BasicView
from studytool.tui.widgets.choice import McqView, MultiView
from studytool.tui.widgets.order import OrderView
from studytool.tui.widgets.typed import ClozeView, TypedView
from tui.conftest import screen_lines

MakeApp = Callable[..., StudyApp]
DECK = ROOT / "decks" / "leg-curl.yaml"
CARDS = 116
VERDICTS = {True: ("✓ Right",), False: ("✗ Not right", "≈ Close")}


async def answer(view: CardView, right: bool) -> None:
    """Answer through the actions the card's keys call (pressing the keys of 144 answers
    would make this test slow); wrong, with as much feedback as the card has: every
    choice wrong, the steps reversed, a typed answer far off."""
    if isinstance(view, BasicView):
        view.action_reveal()
        view.action_grade(5 if right else 0)
    elif isinstance(view, McqView):
        shown = [view.option(n) for n in range(len(view.order))]
        view.action_choose(next(n for n, o in enumerate(shown) if o.correct == right))
    elif isinstance(view, MultiView):
        for n in range(len(view.order)):
            if view.option(n).correct == right:
                view.action_toggle_option(n)
        view.action_submit_choices()
    elif isinstance(view, OrderView):
        view.order = sorted(view.order, reverse=not right)
        view.action_submit_order()
    elif isinstance(view, TypedView | ClozeView):
        view.solve()  # the deck's answer in each box …
        for field in view.query(Input):
            if not right:
                field.value = "no idea"  # … or one far off
            await field.action_submit()
    else:
        raise AssertionError(f"no way to answer {view!r}")


async def unseen(pilot: Pilot[None], question: str, right: bool) -> list[str]:
    """The parts missing from the screen once it has settled: the footer follows the
    bindings, which change after the answer and which a busy machine paints a few frames
    later."""
    missing: list[str] = []
    for _ in range(20):
        lines = screen_lines(pilot.app)
        missing = [part for part, there in (
            ("question", any(question[:40] in line for line in lines)),
            ("verdict", any(v in line for line in lines for v in VERDICTS[right])),
            ("status or footer", "done ·" in lines[-2] and "Help" in lines[-1]),
        ) if not there]  # fmt: skip
        if not missing:
            break
        await pilot.pause(0.05)
    return missing


@pytest.mark.parametrize("right", [False, True], ids=["wrong", "right"])
async def test_question_and_verdict_stay_on_screen_for_every_card(
    make_app: MakeApp, right: bool
) -> None:
    app = make_app(DECK, new_per_day=CARDS)
    seen: list[str] = []
    hidden: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while len(seen) < CARDS:
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.item is not None
            card = app.study.card(screen.item)
            seen.append(card.id)
            assert screen.view is not None
            await answer(screen.view, right)
            await pilot.pause()
            assert screen.verdict is not None and screen.verdict.correct == right, card.id
            hidden += [(card.id, part) for part in await unseen(pilot, card.question_text(), right)]
            # A missed card comes back as a re-drill: answered unseen, the walk stays on
            # first showings.
            while (due := app.study.session) and due.current and due.current.kind == "redrill":
                app.study.answer(5, True)
            screen.action_next()
            await pilot.pause()
    assert len(set(seen)) == CARDS
    assert hidden == []
