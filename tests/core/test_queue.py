"""Today's queue and the in-session re-drill, as pure logic."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from studytool.core.queue import (
    DeckCards,
    Item,
    Limits,
    Progress,
    Session,
    build_queue,
    interleave,
)
from studytool.core.schedule import CardState, new_card

TODAY = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def due_on(day: date) -> CardState:
    return replace(new_card(), due=day)


def test_overdue_first_then_new_in_deck_order() -> None:
    deck = DeckCards("d", [
        ("n1", new_card()), ("r-today", due_on(TODAY)), ("n2", new_card()),
        ("r-old", due_on(date(2026, 3, 1))), ("future", due_on(date(2026, 3, 11))),
        ("held", replace(due_on(date(2026, 3, 1)), suspended=True)),
    ])  # fmt: skip
    queue = build_queue([deck], TODAY, Limits())
    assert [(i.card_id, i.kind) for i in queue] == [
        ("r-old", "review"), ("r-today", "review"), ("n1", "new"), ("n2", "new"),
    ]  # fmt: skip


def test_limits_are_per_deck_and_count_what_today_used() -> None:
    cards = [(f"c{i}", new_card()) for i in range(10)]
    queue = build_queue(
        [DeckCards("a", cards, new_done=7), DeckCards("b", cards)], TODAY, Limits(new_per_day=5)
    )
    assert [i.deck_id for i in queue] == ["b"] * 5
    reviews = [(f"r{i}", due_on(TODAY)) for i in range(10)]
    queue = build_queue([DeckCards("a", reviews, reviews_done=4)], TODAY,
                        Limits(reviews_per_day=6))  # fmt: skip
    assert len(queue) == 2


def test_redrill_comes_back_after_the_gap_and_at_the_end_when_few_are_left() -> None:
    session = Session([Item("d", f"c{i}", "new") for i in range(5)], redrill_gap=3)
    session.answer(1, False, AT)
    assert [i.card_id for i in session.queue] == ["c1", "c2", "c3", "c0", "c4"]
    assert session.queue[3].kind == "redrill"
    short = Session([Item("d", "a", "new"), Item("d", "b", "new")])
    short.answer(2, False, AT)
    assert [i.card_id for i in short.queue] == ["b", "a"]


def test_undo_puts_the_card_back_and_forgets_its_redrill() -> None:
    session = Session([Item("d", f"c{i}", "new") for i in range(3)])
    session.answer(5, True, AT)
    session.answer(0, False, AT)
    undone = session.undo()
    assert undone is not None and undone.item.card_id == "c1"
    assert [i.card_id for i in session.queue] == ["c1", "c2"]
    assert session.progress().done == 1


def test_dropping_a_card_also_keeps_undo_from_bringing_it_back() -> None:
    session = Session([Item("d", f"c{i}", "new") for i in range(3)])
    session.answer(5, True, AT)
    session.drop("d", "c1")
    session.undo()
    assert [i.card_id for i in session.queue] == ["c0", "c2"]


def test_new_cards_interleave_topics_keeping_each_topics_order() -> None:
    cards = [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("c2", "c")]
    assert interleave(["a", "b", "c"], cards) == ["a1", "b1", "c1", "a2", "c2", "a3"]
    assert interleave([], [("x", "t")]) == ["x"]


class SnapshotSession:
    """The plain way to undo, copying the whole queue on each answer: the model that the
    real Session, which records only what changed, must agree with."""

    def __init__(self, queue: list[Item]) -> None:
        self.queue = list(queue)
        self.results: list[tuple[Item, int]] = []
        self.history: list[tuple[list[Item], int]] = []

    def answer(self, quality: int) -> None:
        item = self.queue[0]
        self.history.append((list(self.queue), len(self.results)))
        self.queue.pop(0)
        self.results.append((item, quality))
        if quality < 4 and item.kind != "practice":
            self.queue.insert(
                min(3, len(self.queue)), replace(item, kind="redrill", guessed=quality >= 3)
            )

    def undo(self) -> None:
        if self.history:
            self.queue, count = self.history.pop()
            del self.results[count:]

    def drop(self, card_id: str) -> None:
        self.queue = [i for i in self.queue if i.card_id != card_id]
        self.history = [([i for i in q if i.card_id != card_id], n) for q, n in self.history]


@given(st.lists(st.tuples(st.sampled_from(["answer", "undo", "drop"]), st.integers(0, 5),
                          st.integers(0, 5)), max_size=60))  # fmt: skip
def test_recorded_undo_agrees_with_copying_the_queue(steps: list[tuple[str, int, int]]) -> None:
    items = [Item("d", f"c{i}", "new") for i in range(6)]
    real, model = Session(list(items)), SnapshotSession(items)
    for action, quality, card in steps:
        if action == "answer" and model.queue:
            real.answer(quality, quality >= 3, AT)
            model.answer(quality)
        elif action == "undo":
            real.undo()
            model.undo()
        elif action == "drop":
            real.drop("d", f"c{card}")
            model.drop(f"c{card}")
        assert real.queue == model.queue
        assert [(r.item, r.quality) for r in real.results] == model.results
        redrill = sum(i.kind == "redrill" for i in model.queue)
        assert real.progress() == Progress(len(model.results), len(model.queue), redrill)


def test_each_showing_has_its_own_name_and_an_undo_keeps_it() -> None:
    session = Session([Item("d", "c0", "new"), Item("d", "c1", "new")], name="monday#1")
    first = session.showing()
    session.answer(0, False, AT)  # c0 missed: it comes back as a re-drill
    assert session.showing() != first
    session.undo()
    assert session.showing() == first
    other = Session([Item("d", "c0", "practice")], name="monday#2")
    assert other.showing() != first
