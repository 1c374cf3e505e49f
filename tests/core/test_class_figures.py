"""A class's figures from hand-made logs."""

from __future__ import annotations

from datetime import date, timedelta

from studytool.core.class_figures import (
    CardFigures,
    LearnerLog,
    card_figures,
    hardest,
    topic_figures,
)
from studytool.core.schedule import LoggedEvent, LoggedReview
from studytool.core.schedulers import FSRS

DAY = date(2026, 3, 2)


def learner(name: str, *answers: tuple[str, int, bool], undo: int | None = None) -> LearnerLog:
    """A learner's log of one card: (kind, quality, right) a day apart."""
    reviews = [LoggedReview(n, kind, quality, DAY + timedelta(days=n), f"t{n:02d}", name)
               for n, (kind, quality, _) in enumerate(answers)]  # fmt: skip
    events = ([LoggedEvent(0, "undo", after_review=undo, review_id=undo, origin=name)]
              if undo is not None else [])  # fmt: skip
    right = frozenset(n for n, (_, _, correct) in enumerate(answers) if correct)
    return LearnerLog(name, reviews, events, right)


def test_a_cards_figures_count_each_learner_and_skip_undone_answers() -> None:
    logs = [
        learner("ana", ("new", 5, True), ("review", 5, True), ("review", 1, False)),
        learner("ben", ("new", 1, False), ("new", 5, True), undo=0),  # the miss taken back
        learner("cai", ("new", 1, False), ("redrill", 4, True)),
    ]
    figures = card_figures("d", "c", "t", logs, DAY + timedelta(days=5))
    assert (figures.learners, figures.attempts, figures.first_right) == (3, 6, 2)
    assert figures.lapses == 1  # ana forgot it after learning it; a miss on a new card is not
    model = FSRS()
    chances = []
    for log in logs:
        memory = model.new()
        undone = {e.review_id for e in log.events}
        for review in log.reviews:
            if review.kind in ("new", "review") and review.id not in undone:
                memory, _ = model.review(memory, review.quality, review.day)
        chances.append(model.recall(memory, DAY + timedelta(days=5)))
    assert figures.recall is not None and abs(figures.recall - sum(chances) / 3) < 1e-12


def test_nobody_answered_means_no_recall_and_no_first_try() -> None:
    figures = card_figures("d", "c", "t", [learner("ana", ("new", 5, True), undo=0)], DAY)
    assert (figures.learners, figures.attempts, figures.recall, figures.first_try) == (
        0, 0, None, 0.0)  # fmt: skip


def card(card_id: str, learners: int, first_right: int, lapses: int = 0) -> CardFigures:
    return CardFigures("d", card_id, "t", learners, learners * 2, first_right, lapses, 0.5)


def test_three_learners_all_wrong_are_harder_than_one() -> None:
    cards = [card("one-wrong", 1, 0), card("three-wrong", 3, 0), card("half", 4, 2),
             card("lapsing", 4, 2, lapses=6), card("unseen", 0, 0)]  # fmt: skip
    assert [c.card_id for c in hardest(cards)] == ["three-wrong", "one-wrong", "lapsing", "half"]


def test_topics_weigh_each_learners_first_try_alike() -> None:
    cards = [card("a", 4, 1), card("b", 2, 2), CardFigures("d", "x", "u", 1, 1, 1, 0, 0.9)]
    [t, u] = topic_figures(cards, order=[("d", "u"), ("d", "t")])[::-1]
    assert (t.topic, t.cards, t.first_tries, t.first_right, t.first_try) == ("t", 2, 6, 3, 0.5)
    assert [f.topic for f in topic_figures(cards, order=[("d", "u"), ("d", "t")])] == ["u", "t"]
    assert u.recall == 0.9
