"""`studytool class report`: what an instructor sees of a class, from every learner's log
on the server, with the topics and questions of the decks at hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from studytool.core.class_figures import (
    CardFigures,
    LearnerLog,
    TopicFigures,
    card_figures,
    hardest,
    topic_figures,
)
from studytool.core.models import Deck
from studytool.core.schedule import LoggedEvent, LoggedReview
from studytool.core.text import count, shorten
from studytool.store.server import ClassRows, Server

UNKNOWN_TOPIC = "?"
"""The topic of a card no deck at hand holds."""


@dataclass(frozen=True)
class Flag:
    deck_id: str
    card_id: str
    learner: str
    name: str
    at: str
    note: str


@dataclass(frozen=True)
class ClassReport:
    server: str
    day: date
    deck_id: str | None
    learners: dict[str, str]
    """Login -> the name each enrolled with: every learner of the class."""
    answering: int
    """Learners with answers in what the report covers."""
    cards: list[CardFigures]
    topics: list[TopicFigures]
    hardest: list[CardFigures]
    flags: list[Flag]
    titles: dict[tuple[str, str], str]
    """(deck, topic) -> the topic's display name, from the decks at hand."""
    questions: dict[tuple[str, str], str]
    """(deck, card) -> its question, for the cards the decks at hand hold."""


def class_report(url: str, deck_id: str | None, decks: Sequence[Deck], day: date) -> ClassReport:
    with Server.connect(url) as server:
        server.migrate()
        rows = server.class_rows(deck_id)
        name = server.name
    return build(name, rows, deck_id, decks, day)


def build(
    server: str, rows: ClassRows, deck_id: str | None, decks: Sequence[Deck], day: date
) -> ClassReport:
    known = {deck.id: deck for deck in decks}
    logs = _logs(rows)
    cards = [
        card_figures(deck, card, _topic(known.get(deck), card), learner_logs, day)
        for (deck, card), learner_logs in sorted(logs.items())
    ]
    order = [(deck.id, t.id) for deck in decks for t in deck.topics]
    titles = {(deck.id, t.id): t.name for deck in decks for t in deck.topics}
    names = dict(rows.names)
    flags = [
        Flag(f["deck_id"], f["card_id"], f["learner"], names.get(f["learner"], f["learner"]),
             f["at"], f["note"] or "")
        for f in sorted(rows.flags, key=lambda f: (f["deck_id"], f["card_id"], f["at"]))
    ]  # fmt: skip
    worst = hardest(cards)
    asked = [(c.deck_id, c.card_id) for c in worst] + [(f.deck_id, f.card_id) for f in flags]
    questions = {
        (deck, card): question
        for deck, card in asked
        if (question := _question(known.get(deck), card)) is not None
    }
    answered = {log.learner for learner_logs in logs.values() for log in learner_logs}
    return ClassReport(server, day, deck_id, names, len(answered), cards,
                       topic_figures(cards, order), worst, flags, titles, questions)  # fmt: skip


def _place(deck: Deck | None, card_id: str) -> int | None:
    """Where a deck at hand holds the card, if one does."""
    if deck is None:
        return None
    try:
        return deck.cards.place(card_id)
    except KeyError:  # a card the deck no longer holds
        return None


def _question(deck: Deck | None, card_id: str) -> str | None:
    """What a card asks, when a deck at hand holds it."""
    place = _place(deck, card_id)
    return None if deck is None or place is None else deck.cards[place].question_text()


def _topic(deck: Deck | None, card_id: str) -> str:
    place = _place(deck, card_id)
    return UNKNOWN_TOPIC if deck is None or place is None else deck.cards.topics[place]


def _logs(rows: ClassRows) -> dict[tuple[str, str], list[LearnerLog]]:
    """Each card's log per learner, as core replays it: every review numbered once, and
    each event pointing at the review it names by that number."""
    numbers: dict[tuple[str, str, int], int] = {}
    reviews: dict[tuple[str, str, str], list[LoggedReview]] = {}
    right: dict[tuple[str, str, str], set[int]] = {}
    for number, row in enumerate(rows.reviews):
        numbers[(row["learner"], row["device"], row["seq"])] = number
        key = (row["learner"], row["deck_id"], row["card_id"])
        reviews.setdefault(key, []).append(
            LoggedReview(
                number,
                row["kind"],
                row["quality"],
                date.fromisoformat(row["day"]),
                row["at"],
                row["device"],
                row["seq"],
            )
        )
        if row["correct"]:
            right.setdefault(key, set()).add(number)
    events: dict[tuple[str, str, str], list[LoggedEvent]] = {}
    for number, row in enumerate(rows.events):
        named = numbers.get((row["learner"], row["review_device"], row["review_seq"]))
        events.setdefault((row["learner"], row["deck_id"], row["card_id"]), []).append(
            LoggedEvent(
                number,
                row["kind"],
                row["after_review"],
                named,
                date.fromisoformat(row["day"]) if row["day"] else None,
                row["at"],
                row["device"],
                row["seq"],
            )
        )
    found: dict[tuple[str, str], list[LearnerLog]] = {}
    for key in sorted(reviews.keys() | events.keys()):
        learner, deck, card = key
        found.setdefault((deck, card), []).append(
            LearnerLog(
                learner, reviews.get(key, []), events.get(key, []), frozenset(right.get(key, ()))
            )
        )
    return found


def _share(figure: float | None) -> str:
    return "-" if figure is None else f"{figure:.0%}"


WIDTH = 78
"""The report's lines fit an 80-column terminal."""
_CARD_HEAD = f"  {'card':<36} {'first try':>9} {'tries':>5} {'lapses':>6} {'recall':>6}"


def report_lines(report: ClassReport) -> list[str]:
    """The class report in words, each line within WIDTH: per topic, the hardest cards,
    the flags, then every card answered, topic by topic."""
    deck = f"deck {report.deck_id}" if report.deck_id else "every deck"
    lines = [
        f"Class report, {deck}: {report.answering} of {count(len(report.learners), 'learner')} "
        f"answering, recall as of {report.day.isoformat()}",
        f"  on {report.server}",
    ]
    if not report.cards:
        return [*lines, "", "No answers on the server yet."]
    lines += ["", f"{'topic':<34} {'cards':>5} {'tries':>6} {'first try':>9} {'lapses':>6} "
              f"{'recall':>6}"]  # fmt: skip
    for topic in report.topics:
        first, recall = _share(topic.first_try), _share(topic.recall)
        lines.append(f"{shorten(_topic_title(report, topic.deck_id, topic.topic), 34):<34} "
                     f"{topic.cards:>5} {topic.attempts:>6} {first:>9} {topic.lapses:>6} "
                     f"{recall:>6}")  # fmt: skip
    lines += ["", "Hardest cards (fewest right at the first try):", _CARD_HEAD]
    for card in report.hardest:
        lines += _card_lines(report, card, question=True)
    lines += ["", f"Flags ({len(report.flags)}):" if report.flags else "Flags: none"]
    for flag in report.flags:
        raised = f"by {flag.name} ({flag.learner}), {flag.at[:10]}"
        flagged = _card_name(report, flag.deck_id, flag.card_id)
        lines.append("  " + shorten(f"{flagged} {raised}", WIDTH - 2))
        if flag.note:
            lines.append("    " + shorten(f"note: {flag.note}", WIDTH - 4))
        question = report.questions.get((flag.deck_id, flag.card_id))
        if question:
            lines.append("    " + shorten(f"asks: {question}", WIDTH - 4))
    lines += ["", f"Every card answered ({len(report.cards)}), topic by topic:"]
    for topic in report.topics:
        lines += ["", shorten(_topic_title(report, topic.deck_id, topic.topic), WIDTH),
                  _CARD_HEAD]  # fmt: skip
        for card in report.cards:
            if (card.deck_id, card.topic) == (topic.deck_id, topic.topic):
                lines += _card_lines(report, card)
    return lines


def _topic_title(report: ClassReport, deck_id: str, topic: str) -> str:
    title = report.titles.get((deck_id, topic), topic)
    return title if report.deck_id else f"{deck_id}: {title}"


def _card_name(report: ClassReport, deck_id: str, card_id: str) -> str:
    return card_id if report.deck_id else f"{deck_id}/{card_id}"


def _card_lines(report: ClassReport, card: CardFigures, question: bool = False) -> list[str]:
    first = f"{card.first_right}/{card.learners} {_share(card.first_try):>4}"
    lines = [f"  {shorten(_card_name(report, card.deck_id, card.card_id), 36):<36} {first:>9} "
             f"{card.attempts:>5} {card.lapses:>6} {_share(card.recall):>6}"]  # fmt: skip
    asks = report.questions.get((card.deck_id, card.card_id)) if question else None
    if asks:
        lines.append("    " + shorten(asks, WIDTH - 4))
    return lines


def report_json(report: ClassReport) -> str:
    def card(figures: CardFigures) -> dict[str, Any]:
        question = report.questions.get((figures.deck_id, figures.card_id))
        return {**asdict(figures), "first_try": figures.first_try,
                **({"question": question} if question else {})}  # fmt: skip

    return json.dumps(
        {
            "server": report.server,
            "day": report.day.isoformat(),
            "deck": report.deck_id,
            "answering": report.answering,
            "learners": [{"learner": k, "name": v} for k, v in sorted(report.learners.items())],
            "topics": [
                {
                    **asdict(t),
                    "name": report.titles.get((t.deck_id, t.topic), t.topic),
                    "first_try": t.first_try,
                }
                for t in report.topics
            ],
            "hardest": [card(c) for c in report.hardest],
            "flags": [asdict(f) for f in report.flags],
            "cards": [card(c) for c in report.cards],
        },
        indent=2,
        ensure_ascii=False,
    )
