"""Synthetic decks and review histories for the benchmark.

    python benchmarks/generate.py --cards 10000 --reviews 100000 --out /tmp/bench

writes DECK.yaml (cards of every type, spread over 8 topics) and a data dir with
studytool.db holding that many review rows, the card states consistent with them.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from studytool.core.models import (
    AnyCard,
    BasicCard,
    Deck,
    McqCard,
    Option,
    Source,
    Topic,
)
from studytool.store import Store

TOPICS = [f"topic-{n}" for n in range(8)]


def deck_yaml(cards: int, deck_id: str = "bench") -> str:
    lines = [
        f"id: {deck_id}",
        "title: Benchmark deck",
        "version: 1",
        "source: {title: Generated}",
        "topics:",
        *[f"  {t}: Topic {t}" for t in TOPICS],
        "cards:",
    ]
    for n in range(cards):
        topic = TOPICS[n % len(TOPICS)]
        head = f"  - id: c{n}\n    topic: {topic}\n    source: Generated\n"
        head += f"    explanation: Card {n} is explained here in a sentence or two.\n"
        kind = n % 6
        if kind in (0, 1, 2):
            lines.append(
                head + f"    type: mcq\n    question: Question {n} - which is right?\n"
                "    options:\n      - {text: The right one, correct: true}\n"
                "      - {text: A wrong one, why: Because it is wrong.}\n"
                "      - {text: Another wrong one, why: Also wrong.}\n"
                "      - {text: A third wrong one, why: Wrong as well.}"
            )
        elif kind == 3:
            lines.append(
                head + f"    type: typed\n    question: Name thing {n}\n"
                f"    answer: thing {n}\n    accept: [item {n}]"
            )
        elif kind == 4:
            lines.append(head + f"    type: cloze\n    text: 'Card {n} has a {{{{blank}}}} in it.'")
        else:
            lines.append(head + f"    type: basic\n    front: Front {n}\n    back: Back {n}")
    return "\n".join(lines) + "\n"


def deck_model(cards: int, deck_id: str = "bench") -> Deck:
    """The same kind of deck as a model, for sizes past the 5 MB a deck file may have."""
    made: list[AnyCard] = []
    for n in range(cards):
        common = {"id": f"c{n}", "topic": TOPICS[n % len(TOPICS)], "source": "Generated",
                  "explanation": f"Card {n} is explained here."}  # fmt: skip
        if n % 2:
            made.append(BasicCard(**common, front=f"Front {n}", back=f"Back {n}"))
        else:
            options = (Option(text="Right", correct=True), Option(text="Wrong", why="No."),
                       Option(text="Also wrong", why="No."))  # fmt: skip
            made.append(McqCard(**common, question=f"Question {n}?", options=options))
    return Deck(id=deck_id, title="Benchmark deck", version=1, source=Source(title="Generated"),
                topics=tuple(Topic(t, t) for t in TOPICS), cards=tuple(made))  # fmt: skip


def history(data: Path, cards: int, reviews: int, seed: int = 1) -> None:
    """Review rows spread over the last two years; each card's state is its last row's."""
    rng = random.Random(seed)
    today = date.today()
    now = datetime.now(UTC)
    for old in data.glob("studytool.db*"):
        old.unlink()
    store = Store.open(data / "studytool.db", now=now)
    store.sync_deck("bench", [f"c{n}" for n in range(cards)], now)
    store.close()
    connection = sqlite3.connect(data / "studytool.db")
    connection.execute("PRAGMA synchronous = OFF")
    seen = min(cards, max(1, reviews // 10))
    rows = []
    last: dict[int, tuple[int, float, int, date]] = {}
    for r in range(reviews):
        card = r % seen
        day = today - timedelta(days=730 - (730 * r) // max(1, reviews))
        n, ef, interval, _ = last.get(card, (0, 2.5, 0, day))
        quality = rng.choice([1, 3, 4, 4, 5, 5, 5])
        before = {"repetitions": n, "easiness": f"{ef:.2f}", "interval": interval}
        n = n + 1 if quality >= 3 else 0
        interval = 1 if n <= 1 else (6 if n == 2 else min(3650, int(interval * ef) + 1))
        after = {"repetitions": n, "easiness": f"{ef:.2f}", "interval": interval}
        last[card] = (n, ef, interval, day)
        rows.append(
            (
                f"{day}T12:00:00+00:00",
                day.isoformat(),
                "bench",
                f"c{card}",
                "review" if r >= seen else "new",
                quality,
                int(quality >= 3),
                "0",
                3.0,
                json.dumps(before),
                json.dumps(after),
                "bench",
            )
        )
    connection.executemany(
        "INSERT INTO reviews (at, day, deck_id, card_id, kind, quality, correct, answer, "
        "seconds, before, after, session) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    connection.executemany(
        "UPDATE cards SET repetitions=?, easiness=?, interval=?, due=? "
        "WHERE deck_id='bench' AND card_id=?",
        [
            (n, f"{ef:.2f}", i, (d + timedelta(days=i)).isoformat(), f"c{c}")
            for c, (n, ef, i, d) in last.items()
        ],
    )
    connection.commit()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.yaml").write_text(deck_yaml(args.cards))
    history(args.out / "data", args.cards, args.reviews)
    print(f"wrote {args.out}/bench.yaml and {args.out}/data/studytool.db")


if __name__ == "__main__":
    main()
