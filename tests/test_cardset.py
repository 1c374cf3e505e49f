"""A deck's card set: ids, topics and kinds at hand, each card made only when asked for."""

from __future__ import annotations

import pickle

import pytest
from conftest import make_deck

from studytool.core.cards import Card
from studytool.core.cardset import RECENT, Cards


def reading(cards: Cards) -> tuple[Cards, list[int]]:
    """The same cards behind a reader that notes each position it is asked for."""
    asked: list[int] = []

    def read(position: int) -> Card:
        asked.append(position)
        return cards[position]

    return Cards(cards.ids, cards.topics, cards.kinds, read), asked


def test_ids_topics_and_kinds_need_no_card_made() -> None:
    lazy, asked = reading(make_deck(300).cards)
    assert len(lazy) == 300 and lazy.ids[7] == "c7" and lazy.topics[7] == "t1"
    assert set(lazy.kinds) == {"basic"} and lazy.place("c250") == 250
    assert lazy.digest == make_deck(300).cards.digest
    assert asked == []


def test_a_card_is_made_when_asked_for_and_kept_a_while() -> None:
    held = make_deck(300).cards
    lazy, asked = reading(held)
    assert lazy.by_id("c42") == held[42] and lazy[-1] == held[299]
    assert lazy.by_id("c42") is lazy.by_id("c42")
    assert asked == [42, 299]
    for position in range(RECENT + 1):
        lazy[position]
    assert len(asked) == 2 + RECENT  # 42 was among them; the first one asked for is gone
    lazy[299]
    assert asked[-1] == 299
    with pytest.raises(KeyError):
        lazy.by_id("nope")
    with pytest.raises(IndexError):
        lazy[300]


def test_equal_cards_are_equal_however_they_are_held() -> None:
    held = make_deck(20).cards
    lazy, _ = reading(held)
    assert lazy == held and hash(lazy) == hash(held)
    assert lazy != make_deck(21).cards and lazy[2:4] == (held[2], held[3])
    assert list(lazy) == list(held)
    copy = pickle.loads(pickle.dumps(lazy))  # a copy holds its cards
    assert copy == held and copy._held is not None


def test_the_digest_follows_ids_and_topics_not_text() -> None:
    deck = make_deck(5)
    other = make_deck(5, topics=3)
    assert deck.cards.digest != other.cards.digest
    assert deck.cards.digest == make_deck(5).cards.digest


def test_an_index_must_cover_every_card() -> None:
    with pytest.raises(ValueError, match="every card"):
        Cards(("a", "b"), ("t",), ("basic", "basic"), lambda n: make_deck(2).cards[n])


def test_the_study_order_takes_one_card_of_each_topic_in_turn() -> None:
    deck = make_deck(7, topics=3)  # c0 c3 c6 in t0, c1 c4 in t1, c2 c5 in t2
    assert deck.study_order() == ("c0", "c1", "c2", "c3", "c4", "c5", "c6")
    lazy, asked = reading(deck.cards)
    # A topic the list leaves out takes its turn after those it names.
    assert lazy.study_order(["t2", "t0"]) == ("c2", "c0", "c1", "c5", "c3", "c4", "c6")
    assert asked == []
