"""A whole mock exam through Pilot: answer, flag and come back, submit, time running out."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, timedelta
from itertools import count
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, FakeClock
from textual import events
from textual.pilot import Pilot

from studytool.cli import main
from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.errors import DatabaseReadOnly, DiskFull
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.exam import ExamScreen
from studytool.tui.screens.exam_dialogs import ConfirmLeave, QuestionMap
from studytool.tui.screens.exam_result import ExamResultScreen
from studytool.tui.screens.home import HomeScreen
from studytool.tui.widgets.choice import OptionLine
from tui.conftest import START, footer_keys, screen_text

SIZE = (80, 24)


class Timer:
    """The exam's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def varied_seed(study: Study) -> int:
    """The first seed whose four-question paper opens on a select-all question, mixes
    option counts and ends on four options: what the key tests below need, whatever the
    bundled deck holds today."""
    for seed in count(1):
        cards = [q.card for q in study.start_exam("leg-curl", questions=4, seed=seed).questions]
        counts = [len(card.options) for card in cards]
        if cards[0].type == "multi" and len(set(counts)) > 1 and counts[3] == 4:
            return seed
    raise AssertionError("unreachable")


def exam_app(tmp_path: Path, timer: Timer, questions: int = 4) -> StudyApp:
    deck = load_deck(ROOT / "decks" / "leg-curl.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=START)
    study = Study(store, [deck], Limits(), FakeClock(START), zone=UTC)
    paper = study.start_exam("leg-curl", questions=questions, seed=varied_seed(study))
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


def test_exam_question_snapshot(tmp_path: Path, snap_compare: Callable[..., bool]) -> None:
    async def choose(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("n", "n", "down", "enter")  # an mcq: chosen, Enter goes on
        await pilot.pause()

    assert snap_compare(exam_app(tmp_path, Timer()), terminal_size=SIZE, run_before=choose)


def test_exam_result_snapshot(tmp_path: Path, snap_compare: Callable[..., bool]) -> None:
    async def submit(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("1", "n", "2", "S", "y")
        await pilot.pause()

    assert snap_compare(exam_app(tmp_path, Timer()), terminal_size=SIZE, run_before=submit)


async def test_time_running_out_with_the_map_open_still_ends_on_the_result(
    tmp_path: Path,
) -> None:
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


def highlighted(app: StudyApp) -> str:
    """The option line the highlight is on, as shown."""
    (line,) = [line for line in app.screen.query(OptionLine) if line.has_class("cursor")]
    return str(line.visual)


async def test_esc_and_q_ask_before_leaving_and_leaving_records_nothing(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer_right(pilot, app)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmLeave)
        assert "Leave the exam? Your answers are dropped" in screen_text(app)
        await pilot.press("n")  # keep going, the answer still there
        assert exam_screen(app).question.answer is not None
        await pilot.press("q", "escape")
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("q", "enter")  # Enter keeps going: leaving takes a deliberate y
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert practice_rows(app) == []
    assert app.study.exam_history() == []


async def test_arrows_and_enter_choose_on_an_mcq_and_enter_again_goes_on(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")  # question 3 is an mcq
        await pilot.pause()
        screen = exam_screen(app)
        assert highlighted(app).startswith("( ) 1. ")
        await pilot.press("enter")  # a stray Enter answers nothing …
        assert screen.question.answer is None
        assert "⏎ Choose" in footer_keys(app)
        await pilot.press("down", "enter")  # … a chosen highlight does
        assert highlighted(app).startswith("(•) 2. ")
        assert screen.question.answer == screen.orders[2][1]
        assert "question 3 of 4" in screen_text(app) and "⏎ Next" in footer_keys(app)
        await pilot.press("enter")
        assert "question 4 of 4" in screen_text(app)
        await pilot.press("3", "enter")  # a number key chooses too, then Enter goes on …
        assert screen.question.answer == screen.orders[3][2]
        assert "question 4 of 4" in screen_text(app)  # … but there is no question 5
        await pilot.press("p")  # back: the highlight is on the answer given
        assert highlighted(app).startswith("(•) 2. ")


async def test_select_all_toggles_with_enter_and_space_and_goes_on_with_n(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = exam_screen(app)  # question 1 is select-all
        assert screen_text(app).count("Select all that apply.") == 1  # said once, not twice
        await pilot.press("down", "enter", "down", "space")
        assert screen.question.answer == {screen.orders[0][1], screen.orders[0][2]}
        assert "[x] 2. " in screen_text(app) and "[x] 3. " in screen_text(app)
        await pilot.press("enter")  # the highlighted third option, off again
        assert screen.question.answer == {screen.orders[0][1]}
        assert {"⏎ Toggle", "→/n Next"} <= set(footer_keys(app))
        await pilot.press("n")
        assert "question 2 of 4" in screen_text(app)


async def test_the_number_key_label_matches_the_question_options(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = []
        for _ in range(4):
            await pilot.pause()
            options = len(exam_screen(app).question.card.options)
            labels.append(([key for key in footer_keys(app) if key.startswith("1")], options))
            await pilot.press("n")
        assert labels == [([f"1-{options} Choose"], options) for _, options in labels]
        assert len({options for _, options in labels}) > 1  # the label changed on the way
        await pilot.press("5", "6")  # question 4 has 4 options: nothing is chosen
        assert exam_screen(app).question.answer is None


async def test_the_question_map_moves_with_the_arrow_keys(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer(), questions=12)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, QuestionMap)
        await pilot.press("down", "left", "enter")  # a row down (8 a row), one back
        await pilot.pause()
        assert exam_screen(app).position == 7
        assert "question 8 of 12" in screen_text(app)
        await pilot.press("m", "up", "right", "right", "enter")  # up from the top row: stays
        await pilot.pause()
        assert exam_screen(app).position == 9


async def test_map_keys_pressed_in_a_burst_all_count(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer(), questions=20)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        for key in ("down", "down", "left", "enter"):  # typed ahead, as a terminal sends them
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert exam_screen(app).position == 15


def test_each_sitting_shows_the_options_in_its_own_order(tmp_path: Path) -> None:
    study = exam_app(tmp_path, Timer()).study
    every = 1000  # more than the deck has: every exam card in each sitting
    first, second = (ExamScreen(study, study.start_exam("leg-curl", every, seed=seed), Timer())
                     for seed in (1, 2))  # fmt: skip
    orders = [
        {q.card.id: order for q, order in zip(screen.exam.questions, screen.orders, strict=True)}
        for screen in (first, second)
    ]
    assert orders[0].keys() == orders[1].keys()
    repeated = [card for card, order in orders[0].items() if orders[1][card] == order]
    assert len(repeated) < len(orders[0]) / 4
    again = ExamScreen(study, study.start_exam("leg-curl", every, seed=1), Timer())
    assert again.orders == first.orders  # the same seed, the same exam: tests can rely on it


async def test_the_exam_is_described_as_multiple_choice_and_select_all(tmp_path: Path) -> None:
    app = exam_app(tmp_path, Timer())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "y", "e")
        await pilot.pause()
        assert "Mock exam: multiple choice and select-all" in screen_text(app)
        await pilot.press("escape", "question_mark")
        assert "select-all: Enter or space toggles" in screen_text(app)
    assert "multiple choice and select-all" in CliRunner().invoke(main, ["exam", "--help"]).output


async def test_a_result_the_disk_cannot_take_is_shown_and_leaving_ends_studytool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = exam_app(tmp_path, Timer(), questions=2)
    full = DiskFull(tmp_path / "studytool.db", "database or disk is full")

    def no_room(*args: object) -> None:
        raise full

    monkeypatch.setattr(app.study.store, "record", no_room)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "n", "2", "S", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        text = screen_text(app)
        assert "Score " in text and "Not saved: " in text and "is on a full disk" in text
        assert "Missed → tomorrow" not in footer_keys(app)  # nothing more can be saved
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value is full  # reported as any command reports it, exit status 5


async def test_trouble_met_while_home_counts_ends_the_app_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = exam_app(tmp_path, Timer())
    app.exam = None  # open on home
    read_only = DatabaseReadOnly(tmp_path / "studytool.db", "attempt to write a readonly database")

    def cannot_write() -> None:
        raise read_only

    monkeypatch.setattr(app.study, "overview", cannot_write)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_value is read_only
