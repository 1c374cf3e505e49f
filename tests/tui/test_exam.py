"""A whole mock exam through Pilot: answer, flag and come back, submit, time running out."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

from conftest import ROOT, FakeClock
from textual.pilot import Pilot

from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.exam import ExamScreen, QuestionMap
from studytool.tui.screens.exam_result import ExamResultScreen
from tui.conftest import START, screen_text

SIZE = (80, 24)


class Timer:
    """The exam's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def exam_app(tmp_path: Path, timer: Timer, questions: int = 4) -> StudyApp:
    deck = load_deck(ROOT / "decks" / "leg-curl.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=START)
    study = Study(store, [deck], Limits(), FakeClock(START), zone=UTC)
    paper = study.start_exam("leg-curl", questions=questions, seed=7)
    return StudyApp(study, timer=timer, exam=paper)


def exam_screen(app: StudyApp) -> ExamScreen:
    assert isinstance(app.screen, ExamScreen)
    return app.screen


async def answer_right(pilot: Pilot[None], app: StudyApp) -> None:
    screen = exam_screen(app)
    question = screen.question
    order = screen.orders[screen.position]
    for shown, index in enumerate(order):
        if question.card.options[index].correct:
            await pilot.press(str(shown + 1))


def practice_rows(app: StudyApp) -> list[tuple]:
    with sqlite3.connect(app.study.store.path) as connection:
        return connection.execute("SELECT kind, quality FROM reviews ORDER BY id").fetchall()


async def test_flag_return_and_submit(tmp_path: Path) -> None:
    timer = Timer()
    app = exam_app(tmp_path, timer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "question 1 of 4  ·  04:00 left  ·  0 answered" in screen_text(app)
        await answer_right(pilot, app)
        await pilot.press("n", "f", "n")  # flag question 2 without answering it
        await answer_right(pilot, app)
        await pilot.press("m")
        assert isinstance(app.screen, QuestionMap)
        await pilot.click("#q2")  # back to the flagged one through the map
        await pilot.pause()
        assert exam_screen(app).position == 1
        assert "⚑ flagged to come back to" in screen_text(app)
        await pilot.press("p", "n", "n", "n")  # look around, then on to question 4
        await answer_right(pilot, app)
        timer.now += 95
        await pilot.press("S")  # one unanswered and flagged: asked to confirm
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        text = screen_text(app)
        assert "Score 75%  (3 of 4)" in text and "PASS" in text and "pass mark 70%" in text
        assert "Time 01:35 of 4 min" in text
        assert "Missed or flagged" in text and "(not answered)" in text
    assert practice_rows(app).count(("practice", 5)) == 3
    assert {kind for kind, _ in practice_rows(app)} == {"practice"}
    assert all(s.is_new for s in app.study.store.states("leg-curl").values())
    (saved,) = app.study.exam_history()
    assert (saved["questions"], saved["correct"], saved["timed_out"]) == (4, 3, 0)


async def test_time_running_out_hands_the_exam_in(tmp_path: Path) -> None:
    timer = Timer()
    app = exam_app(tmp_path, timer, questions=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer_right(pilot, app)
        timer.now += 3 * 60 - 30
        exam_screen(app).tick()
        await pilot.pause()
        assert "00:30 left" in screen_text(app)
        timer.now += 31
        exam_screen(app).tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        assert "time ran out: handed in automatically" in screen_text(app)
        assert "Score 33%  (1 of 3)" in screen_text(app) and "FAIL" in screen_text(app)
    (saved,) = app.study.exam_history()
    assert saved["timed_out"] == 1


async def test_missed_questions_go_to_tomorrows_review_with_one_key(tmp_path: Path) -> None:
    timer = Timer()
    app = exam_app(tmp_path, timer, questions=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        missed = [q.card.id for q in app.exam.questions]  # type: ignore[union-attr]
        await pilot.press("S", "y", "r")
        await pilot.pause()
        states = app.study.store.states("leg-curl")
        tomorrow = app.study.today() + timedelta(days=1)
        assert {states[card].due for card in missed} == {tomorrow}
        assert app.study.store.stored_states() == app.study.store.replayed_states()


def test_exam_screens_snapshot(tmp_path: Path, snap_compare: Callable[..., bool]) -> None:
    async def to_map(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("1", "n", "f", "m")
        await pilot.pause()

    assert snap_compare(exam_app(tmp_path, Timer()), terminal_size=SIZE, run_before=to_map)


def test_exam_result_snapshot(tmp_path: Path, snap_compare: Callable[..., bool]) -> None:
    async def submit(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("1", "n", "2", "S", "y")
        await pilot.pause()

    assert snap_compare(exam_app(tmp_path, Timer()), terminal_size=SIZE, run_before=submit)


async def test_time_running_out_with_the_map_open_still_ends_on_the_result(
    tmp_path: Path,
) -> None:
    from studytool.tui.screens.home import HomeScreen

    timer = Timer()
    app = exam_app(tmp_path, timer, questions=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        await pilot.press("m")
        assert isinstance(app.screen, QuestionMap)
        timer.now += 2 * 60 + 1
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
