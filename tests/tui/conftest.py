from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import VALID, FakeClock
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.home import Fitted
from studytool.tui.screens.review import ReviewScreen
from studytool.tui.widgets.footer import KeysFooter

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def screen_text(app: App[object]) -> str:
    """What the current screen shows in its text widgets and inputs, in tree order."""
    parts = []
    for widget in app.screen.query("*"):
        if not widget.display or not widget.region:
            continue
        if isinstance(widget, Input):
            parts.append(widget.value)
        elif isinstance(widget, Static):
            visual = widget.visual
            parts.append(getattr(visual, "plain", str(visual)))
        elif isinstance(widget, Fitted):
            parts.append(widget.render().plain)
    return "\n".join(parts)


def screen_lines(app: App[object]) -> list[str]:
    """The screen as the terminal shows it, row by row: only what is scrolled into view
    and not covered. Textual composes the rows in the screen's compositor, which its SVG
    screenshots render too."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def footer_keys(app: App[object]) -> list[str]:
    """The footer's keys as shown, "key label" each (dimmed ones too)."""
    footer = app.screen.query_one(KeysFooter)
    return [f"{shown} {label}" for _, shown, label, _ in footer.offered()]


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., StudyApp]:
    def make(
        deck_file: Path = VALID / "every-type.yaml", *, review_at_once: bool = True, **limits: int
    ) -> StudyApp:
        """The app as `studytool review` opens it, or with ``review_at_once=False`` as bare
        `studytool` does, on home."""
        deck = load_deck(deck_file).deck
        assert deck is not None
        store = Store.open(tmp_path / "studytool.db", now=START)
        study = Study(store, [deck], Limits(**limits), FakeClock(START), zone=UTC)
        return StudyApp(study, timer=lambda: 0.0, review_at_once=review_at_once)

    return make


async def skip_to(pilot: Pilot[None], card_id: str) -> None:
    """Answer cards (graded 5 through the engine) until ``card_id`` is on screen."""
    app = pilot.app
    assert isinstance(app, StudyApp)
    for _ in range(10):
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item is not None
        if screen.item.card_id == card_id:
            await pilot.pause()
            return
        app.study.answer(5, True)
        screen.show_current()
        await pilot.pause()
    raise AssertionError(card_id)
