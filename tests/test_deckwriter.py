"""The deck writer: what it writes loads back as the same deck, whatever the text holds."""

from __future__ import annotations

from conftest import ROOT, VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_helpers import positionless

from studytool.core.cards import BasicCard, McqCard, Option, OrderCard, TypedCard
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Reference, Source, Topic
from studytool.deck.reader import load_deck, parse_deck
from studytool.interchange.deckwriter import deck_text, dump_deck

# Characters that trip YAML up, with plain letters, accents, other scripts and emoji. The
# loader refuses control characters (tab and newline aside) and keeps text stripped, so a
# deck holds nothing else.
TRICKY = [*":#'\"{}[]|>-&*!%@`,?~=\\ \n\t", *"éß日本→🙂\u2028\u2029\ufeff\xa0"]
characters = st.one_of(
    st.sampled_from(TRICKY),
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
)
texts = st.text(characters, min_size=1, max_size=120).map(str.strip).filter(bool)


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    def text() -> str:
        return draw(texts)

    def maybe() -> str | None:
        return draw(st.none() | texts)

    references = tuple(
        Reference(id=f"ref-{i}", author=text(), year=draw(st.integers(1, 3000)), title=text(),
                  published_in=text(), url=maybe())
        for i in range(draw(st.integers(0, 2)))
    )  # fmt: skip
    names = [text() for _ in range(draw(st.integers(0, 2)))] + [r.id for r in references]
    cited = draw(st.lists(st.sampled_from(names), unique=True) if names else st.just([]))
    common = {"topic": "t", "source": tuple(cited), "explanation": maybe(), "hint": maybe()}
    wrong = [Option(text=f"{i} {text()}", why=text()) for i in range(2)]
    cards = (
        BasicCard(id="b", front=text(), back=text(), **common),
        TypedCard(
            id="t",
            question=text(),
            answer="x " + text(),
            accept=tuple(f"{i}. {text()}" for i in range(draw(st.integers(0, 2)))),
            **common,
        ),
        McqCard(
            id="m",
            question=text(),
            options=(Option(text=text(), correct=True, why=maybe()), *wrong),
            **common,
        ),
        OrderCard(
            id="o", question=text(), steps=tuple(f"{i}) {text()}" for i in range(3)), **common
        ),
    )
    ids = {reference.id for reference in references}
    sections = tuple(dict.fromkeys(n for c in cards for n in c.source if n not in ids))
    return Deck(
        id="d",
        title=text(),
        version=draw(st.integers(1, 10**6)),
        description=maybe(),
        source=Source(
            title=text(), author=maybe(), published=maybe(), url=maybe(), sections=sections
        ),
        topics=(Topic("t", text()),),
        cards=Cards.of(cards),
        references=tuple(r for r in references if r.id in cited),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_what_the_writer_writes_loads_back_as_the_same_deck(deck: Deck) -> None:
    text = deck_text(deck)
    result = parse_deck(text)
    assert result.errors == (), text
    assert result.deck is not None
    assert positionless(result.deck) == positionless(deck)


def test_the_bundled_decks_round_trip() -> None:
    for path in (ROOT / "decks" / "leg-curl.yaml", VALID / "every-type.yaml"):
        deck = load_deck(path).deck
        assert deck is not None
        again = parse_deck(deck_text(deck)).deck
        assert again is not None
        assert positionless(again) == positionless(deck)


def test_it_reads_like_a_hand_written_deck() -> None:
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    text = deck_text(deck)
    assert text.startswith("# yaml-language-server: $schema=deck.schema.json\nid: every-type\n")
    header_keys = [line.split(":")[0] for line in text.splitlines()[1:] if line[:1].isalpha()]
    assert header_keys == ["id", "title", "version", "description", "source", "topics", "cards"]
    assert (
        "  - id: basic-1\n    type: basic\n    topic: muscles\n    source: Muscles\n"
        "    front: Where are the hamstrings?\n    back: Behind the thigh.\n"
        "    explanation: They run down the back of the femur.\n"
        "    hint: Think of the back of the leg.\n"
    ) in text
    assert "    options:\n      - text: Flex it\n        correct: true\n" in text


def test_long_and_multi_line_text_is_written_as_blocks() -> None:
    long = "A sentence that goes on: and on, with a # sign and 'quotes', " * 3
    deck = Deck(
        id="d",
        title="T",
        version=1,
        source=Source(title="S"),
        topics=(Topic("t", "T"),),
        cards=Cards.of(
            [
                BasicCard(
                    id="c",
                    topic="t",
                    front=long.strip(),
                    back="line one\n  indented line\nline three",
                ),
            ]
        ),
    )
    text = deck_text(deck)
    assert "    front: >-\n      A sentence that goes on: and on," in text
    assert "    back: |-\n      line one\n        indented line\n      line three\n" in text
    again = parse_deck(text).deck
    assert again is not None and positionless(again) == positionless(deck)


def test_card_start_lines_match_the_loader() -> None:
    deck = load_deck(ROOT / "decks" / "leg-curl.yaml").deck
    assert deck is not None
    from studytool.interchange.deckwriter import card_data, header_data

    text, starts = dump_deck(header_data(deck), [card_data(card) for card in deck.cards])
    again = parse_deck(text).deck
    assert again is not None
    assert [card.line for card in again.cards] == starts
