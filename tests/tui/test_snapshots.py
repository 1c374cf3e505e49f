"""Every screen at 80x24, compared with the approved SVG snapshots.

Update them after an intended change with ``pytest tests/tui --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from studytool.tui.app import StudyApp
from tui.conftest import skip_to

MakeApp = Callable[..., StudyApp]
SIZE = (80, 24)
Steps = Callable[[Pilot[None]], Awaitable[None]]


def keys(card_id: str, *pressed: str) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if card_id:
            await skip_to(pilot, card_id)
        await pilot.press(*pressed)
        await pilot.pause()

    return run


SCREENS = {
    "basic-question": keys("basic-1"),
    "basic-revealed": keys("basic-1", "space"),
    "mcq-question": keys("mcq-1"),
    "mcq-wrong": keys("mcq-1", "2"),  # the second option shown is a wrong one
    "multi-partial": keys("multi-1", "2", "enter"),
    "typed-close": keys("typed-1", *"quadricepz", "enter"),
    "cloze-question": keys("cloze-1"),
    "order-wrong": keys("order-1", "down", "up", "enter"),
    "summary": keys("typed-1", *"quads", "enter", "enter"),
    "home-in-progress": keys("basic-1", "space", "1", "enter", "escape"),
    "help": keys("basic-1", "question_mark"),
    "topic-picker": keys("basic-1", "q", "t"),
    "flag-dialog": keys("basic-1", "f", *"typo"),
    "light-theme-feedback": keys("mcq-1", "ctrl+l", "2"),
}


@pytest.mark.parametrize("name", SCREENS)
def test_screen(name: str, make_app: MakeApp, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=SCREENS[name])
