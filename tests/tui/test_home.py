"""Home, the first screen of bare `studytool`: what today's review holds, how long it should
take, and Enter to start it; driven with Pilot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from conftest import FakeClock, make_deck

from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.home import HomeScreen
from studytool.tui.screens.review import ReviewScreen
from studytool.tui.screens.summary import SummaryScreen
from tui.conftest import START, screen_text

MakeApp = Callable[..., StudyApp]
SIZE = (80, 24)


async def test_bare_app_opens_on_home_and_enter_starts_the_review(make_app: MakeApp) -> None:
    app = make_app(review_at_once=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Enter: start today's review (7 cards)" in text
        assert "0 due · 7 new" in text
        # 7 cards at the 20 s a card assumed without history: 140 s, about 3 minutes.
        assert "About 3 min (estimated at 20 s a card: no history yet)" in text
        assert app.study.session is None  # nothing started before Enter
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        assert "Where are the hamstrings?" in screen_text(app)


async def test_one_card_is_one_card(make_app: MakeApp) -> None:
    app = make_app(review_at_once=False, new_per_day=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Enter: start today's review (1 card)" in screen_text(app)


async def test_home_counts_what_the_session_holds_after_a_suspension(make_app: MakeApp) -> None:
    app = make_app(new_per_day=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")  # the first of today's 3 new cards: the session keeps 2
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        # The freed slot would let another new card in, but only a new session takes it.
        assert "Review in progress: 0 done, 2 left. Enter resumes it." in text
        assert "0 due · 2 new\n" in text
        assert "0 due · 2 new · 6 unseen · 1 suspended" in text
        assert "About 1 min" in text


async def test_redrills_left_from_an_earlier_session_are_counted(make_app: MakeApp) -> None:
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1", "enter", "escape", "q")  # a miss, then quit
    again = make_app(review_at_once=False)  # a new start on the same database, same day
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "Enter: start today's review (7 cards)" in text
        assert "0 due · 6 new · 1 to re-drill from earlier today" in text
        await pilot.press("enter")
        assert "0 done · 7 left · 1 to re-drill" in screen_text(again)


def paced_study(tmp_path: Path, clock: FakeClock, seconds: float, answers: int) -> Study:
    """A review of 20 new cards with ``answers`` given ``seconds`` apart."""
    store = Store.open(tmp_path / "studytool.db", now=clock())
    study = Study(store, [make_deck(40)], Limits(), clock, zone=UTC)
    study.start()
    for _ in range(answers):
        clock.advance(seconds=seconds)
        study.answer(5, True, seconds=seconds / 2)
    return study


async def test_the_estimate_is_at_the_candidates_own_pace(tmp_path: Path) -> None:
    clock = FakeClock(START)
    app = StudyApp(paced_study(tmp_path, clock, 45, answers=12), timer=lambda: 0.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # 11 gaps of 45 s between the 12 answers; 8 cards left: 6 minutes.
        assert "Review in progress: 12 done, 8 left. Enter resumes it." in text
        assert "About 6 min (estimated from your median, 45 s a card)" in text


def timed_review(tmp_path: Path, clock: FakeClock) -> StudyApp:
    """The review of a two-card deck, answers and screens timed by ``clock``."""
    store = Store.open(tmp_path / "studytool.db", now=START)
    study = Study(store, [make_deck(2)], Limits(), clock, zone=UTC)
    return StudyApp(study, timer=lambda: clock().timestamp(), review_at_once=True)


async def test_the_summary_times_the_session_from_first_card_to_last_answer(
    tmp_path: Path,
) -> None:
    clock = FakeClock(START)
    app = timed_review(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(seconds=40)  # 40 s to answer the first card …
        await pilot.press("space", "5")
        clock.advance(seconds=20)  # … 20 s reading its feedback …
        await pilot.press("enter")
        clock.advance(seconds=30)  # … and 30 s on the second
        await pilot.press("space", "4", "enter")
        assert isinstance(app.screen, SummaryScreen)
        # Answering alone took 70 s; the session took 90.
        assert "Time      1 min 30 s (pauses over 5 min left out)" in screen_text(app)


async def test_a_pause_is_left_out_of_the_session_time(tmp_path: Path) -> None:
    clock = FakeClock(START)
    app = timed_review(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(seconds=40)
        await pilot.press("space", "5")
        clock.advance(minutes=12)  # away from the desk
        await pilot.press("enter", "space", "4", "enter")
        assert "Time      40 s (1 pause over 5 min left out)" in screen_text(app)


async def test_home_and_stats_show_the_exam_day_forecast(tmp_path: Path) -> None:
    from datetime import timedelta

    from studytool.tui.screens.stats import StatsScreen

    clock = FakeClock(START)
    store = Store.open(tmp_path / "studytool.db", now=START)
    exam = START.date() + timedelta(days=30)
    study = Study(store, [make_deck(4)], Limits(new_per_day=2), clock, zone=UTC, exam_day=exam)
    study.start()
    study.answer(5, True)
    study.answer(5, True)  # c0 (topic 0) and c1 (topic 1) known; c2 and c3 unseen
    clock.advance(days=1)
    ahead = study.recall_forecast("d")
    assert ahead is not None
    app = StudyApp(study, timer=lambda: 0.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"Forecast for {exam.isoformat()} if you stopped now:" in text
        assert f"recall {ahead.recall:.0%} of 4 cards" in text
        assert "to raise it, study this week:" in text
        for topic in ahead.topics:  # each topic row ends with its recall on exam day
            assert f"exam {topic.recall:4.0%}" in text
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        stats = screen_text(app)
        assert f"Forecast for {exam.isoformat()}" in stats
        assert f"Topic 0{' ' * 24}{ahead.topics[0].recall:4.0%}" in stats
