"""Every screen at 80x24, and home at 60x20 too, compared with the approved SVG snapshots.

Update them after an intended change with ``pytest tests/tui --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date
from pathlib import Path

import pytest
from conftest import ROOT, FakeClock
from textual.pilot import Pilot

from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from tui.conftest import START, skip_to

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


def leg_curl_home(tmp_path: Path, started: bool) -> StudyApp:
    """Bare `studytool` on the bundled deck, whose topic names are the longest, with an
    exam date; ``started``: a review left after two answers, one of them missed."""
    deck = load_deck(ROOT / "decks" / "leg-curl.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=START)
    study = Study(store, [deck], Limits(), FakeClock(START), zone=UTC,
                  exam_day=date(2026, 4, 20))  # fmt: skip
    if started:
        study.start()
        study.answer(1, False)
        study.answer(5, True)
    return StudyApp(study, timer=lambda: 0.0)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
@pytest.mark.parametrize("started", [False, True], ids=["fresh", "in-progress"])
def test_home_fits(
    size: tuple[int, int], started: bool, tmp_path: Path, snap_compare: Callable[..., bool]
) -> None:
    async def shown(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(leg_curl_home(tmp_path, started), terminal_size=size, run_before=shown)
