"""The exam-day recall forecast: each card's FSRS-6 memory from its own log, whichever
scheduler schedules it; unseen cards count as not known; the expected mock-exam score and
its spread; what would raise it; and where a candidate sees it (stats, --json, home)."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, timedelta
from pathlib import Path

import fsrs
import pytest
from conftest import FakeClock, make_deck, run_configured

from studytool.core.forecast import CardRecall, forecast
from studytool.core.queue import Limits
from studytool.core.schedulers import SCHEDULERS, ExamAware
from studytool.core.schedulers.fsrs6 import FSRS, at_noon
from studytool.engine.study import Study
from studytool.store.database import Store

EXAM = date(2026, 4, 1)
TODAY = date(2026, 3, 2)


def package_recall(ratings: list[tuple[date, int]], on: date) -> float:
    """The package's own retrievability after ``ratings`` (day, 1-4), at noon of ``on``."""
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=at_noon(ratings[0][0]))
    for day, rating in ratings:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), at_noon(day))
    return float(scheduler.get_card_retrievability(card, at_noon(on)))


def test_a_card_recall_follows_the_forgetting_curve() -> None:
    model = FSRS()
    memory, _ = model.review(model.new(), 4, TODAY)
    assert model.recall(memory, TODAY) == 1.0
    # R(t, S) = (1 + F t / S)^-w20, with R = 0.9 when t = S.
    w20 = fsrs.Scheduler().parameters[20]
    assert memory.stability is not None
    at_s = TODAY + timedelta(days=round(memory.stability))
    factor = 0.9 ** (-1 / w20) - 1
    expected = (1 + factor * round(memory.stability) / memory.stability) ** -w20
    assert model.recall(memory, at_s) == pytest.approx(expected)
    assert model.recall(memory, EXAM) == pytest.approx(package_recall([(TODAY, 3)], EXAM))
    assert model.recall(model.new(), EXAM) == 0.0


def card(card_id: str, topic: str, recall: float, exam: bool = True) -> CardRecall:
    return CardRecall(card_id, topic, exam, recall, seen=recall > 0)


def test_expected_score_and_spread_on_hand_made_chances() -> None:
    # Two questions from topic a's two exam cards: both are asked, so the score's
    # variance is the sum of the two answers' variances.
    cards = [card("a1", "a", 0.8), card("a2", "a", 0.0), card("b1", "b", 0.5, exam=False)]
    made = forecast(cards, EXAM, TODAY, target=0.9, questions=2)
    assert made.questions == 2
    assert made.score == pytest.approx(40.0)
    assert made.spread == pytest.approx(100 * math.sqrt(0.8 * 0.2) / 2)
    assert made.recall == pytest.approx((0.8 + 0.0 + 0.5) / 3)
    assert [(t.topic, t.cards, t.below) for t in made.topics] == [("a", 2, 2), ("b", 1, 1)]
    assert made.topics[0].recall == pytest.approx(0.4)


def test_the_spread_counts_which_questions_are_drawn() -> None:
    # One question from two cards: right with chance 1 or 0, drawn half the time each,
    # so the score is 0 or 100 with even odds: 50 ± 50.
    made = forecast([card("x", "a", 1.0), card("y", "a", 0.0)], EXAM, TODAY, 0.9, questions=1)
    assert (made.score, made.spread) == (pytest.approx(50.0), pytest.approx(50.0))
    # Every card certain: no spread at all.
    sure = forecast([card("x", "a", 1.0), card("y", "a", 1.0)], EXAM, TODAY, 0.9, questions=2)
    assert (sure.score, sure.spread) == (pytest.approx(100.0), pytest.approx(0.0))


def test_the_advice_names_the_topics_that_would_raise_the_score_most() -> None:
    cards = [
        card("a1", "a", 0.95), card("a2", "a", 0.85),  # a: one card a little low
        card("b1", "b", 0.0), card("b2", "b", 0.2),  # b: both far below, b1 unseen
        card("c1", "c", 0.1, exam=False),  # c: low, but never an exam question
    ]  # fmt: skip
    made = forecast(cards, EXAM, TODAY, target=0.9, questions=4)
    assert [a.topic for a in made.advice] == ["b", "a", "c"]
    b, a, c = made.advice
    # Topic b's 2 questions come from its 2 cards: raising both to 0.9 adds 0.9 + 0.7
    # right answers of 4 questions.
    assert (b.cards, b.unseen, b.gain) == (2, 1, pytest.approx(100 * 1.6 / 4))
    assert a.gain == pytest.approx(100 * 0.05 / 4)
    assert (c.cards, c.gain) == (1, 0.0)
    assert made.window == "this week"
    assert forecast(cards, TODAY + timedelta(days=5), TODAY, 0.9).window == "before the exam"


def answer(study: Study, clock: FakeClock, qualities: dict[str, int]) -> None:
    session = study.start()
    while (item := session.current) is not None:
        study.answer(qualities.get(item.card_id, 4) if item.kind != "redrill" else 4, True)
    clock.advance(days=1)


def test_the_forecast_comes_from_each_card_log_whichever_scheduler_schedules(
    tmp_path: Path, clock: FakeClock
) -> None:
    store = Store.open(tmp_path / "studytool.db", now=clock())
    deck = make_deck(3, topics=1)
    study = Study(store, (deck,), Limits(new_per_day=2), clock, zone=UTC, exam_day=EXAM)
    answer(study, clock, {"c0": 4, "c1": 1})  # c1 missed, then re-drilled (not counted)
    study = Study(store, (deck,), Limits(new_per_day=0), clock, zone=UTC, exam_day=EXAM)
    answer(study, clock, {"c1": 3})  # c1 due again the next day; c2 stays unseen
    ahead = study.recall_forecast(deck.id)
    assert ahead is not None
    c0 = package_recall([(TODAY, 3), (TODAY + timedelta(days=1), 3)], EXAM)  # due again
    c1 = package_recall([(TODAY, 1), (TODAY + timedelta(days=1), 2)], EXAM)
    assert ahead.topics[0].recall == pytest.approx((c0 + c1 + 0.0) / 3)
    assert ahead.topics[0].below == 3
    assert [a.unseen for a in ahead.advice] == [1]

    # Exam-aware states carry the same memory: the forecast does not change with them.
    aware = ExamAware(SCHEDULERS["sm2"], EXAM, 0.9)
    SCHEDULERS["sm2"] = aware
    assert store.schedule_with(aware, clock()) == 2  # c2, never answered, is not counted
    assert study.recall_forecast(deck.id) == ahead
    # Once the exam day has passed there is nothing to forecast.
    clock.advance(days=40)
    assert study.recall_forecast(deck.id) is None
    store.close()


def cli(tmp_path: Path, config: str, *args: str) -> tuple[int, str]:
    """(exit code, what it printed: stdout alone for --json, else stderr too)."""
    result = run_configured(tmp_path, config, *args)
    return result.exit_code, result.output if "--json" not in args else result.stdout


def test_stats_show_the_forecast_when_an_exam_date_is_set(tmp_path: Path) -> None:
    day = (date.today() + timedelta(days=30)).isoformat()
    code, output = cli(tmp_path, "", "stats")
    assert code == 0 and "Forecast" not in output
    code, output = cli(tmp_path, f'exam_date = "{day}"\n', "stats")
    assert code == 0
    assert f"Forecast for {day} if you stopped now:" in output
    assert "mock exam 0% ± 0" in output  # nothing answered yet: nothing known
    code, output = cli(tmp_path, f'exam_date = "{day}"\n', "stats", "--json")
    shown = next(r for r in json.loads(output) if r["deck"] == "every-type")["exam_forecast"]
    assert shown["exam_day"] == day and shown["recall"] == 0.0
    assert shown["mock_exam"]["expected_score"] == 0.0
    assert {t["name"] for t in shown["topics"]} >= {"Muscles"}
    assert shown["advice"] and all(a["unseen"] == a["cards"] for a in shown["advice"])


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("exam_recall_target = 1.2\n", "exam_recall_target must be a number from 0.70 to 0.99"),
        ('exam_aware = "yes"\n', "exam_aware must be true or false, not 'yes'"),
    ],
)
def test_bad_exam_settings_are_clear_usage_errors(tmp_path: Path, content: str, words: str) -> None:
    code, output = cli(tmp_path, 'exam_date = "2027-01-01"\n' + content, "due")
    assert code == 2
    assert words in output and "Traceback" not in output
