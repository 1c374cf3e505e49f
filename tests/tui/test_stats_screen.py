"""The stats screen on a hand-made history whose figures are worked out here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from conftest import FakeClock, make_deck

from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.stats import StatsScreen
from tui.conftest import START, screen_text

SIZE = (80, 24)


def history(tmp_path: Path) -> StudyApp:
    """Day 1: four new cards (5, 5, 5, 1). Day 2: c0..c2 are due; answered 5, 2, 4.
    So young retention is 2 of 3; nothing is mature; streak 2, longest 2."""
    clock = FakeClock(START)
    store = Store.open(tmp_path / "studytool.db", now=START)
    study = Study(store, [make_deck(4)], Limits(), clock, zone=UTC)
    study.start()
    for quality in (5, 5, 5, 1):
        study.answer(quality, quality >= 3)
    while study.session and not study.session.finished:
        study.answer(5, True)  # the re-drill of c3
    clock.advance(days=1)
    study.start()
    for quality in (5, 2, 4):
        study.answer(quality, quality >= 3)
    return StudyApp(study, timer=lambda: 0.0)


async def test_stats_show_the_worked_out_figures(tmp_path: Path) -> None:
    app = history(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "streak 2 · longest 2" in text
        assert "young 67% of 3 · mature - of 0 reviews" in text
        # c0 and c2 in 6 days, c1 tomorrow (it lapsed), c3 still due today: 4 cards.
        assert "Due in the next 30 days   4 cards" in text
        assert "Hardest cards" in text and "c1: wrong 1 of 2\n      front 1\n" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


def test_stats_screen_snapshot(tmp_path: Path, snap_compare: Callable[..., bool]) -> None:
    async def open_stats(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(history(tmp_path), terminal_size=SIZE, run_before=open_stats)
