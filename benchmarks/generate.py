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
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from studytool.core.cards import BasicCard, Card, McqCard, Option
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Source, Topic
from studytool.core.schedulers.sm2 import MATURE_DAYS, SM2
from studytool.store.database import Store

TOPICS = [f"topic-{n}" for n in range(8)]


# Words the generated cards are written with. Each card draws its words without
# repetition, so that, like cards an instructor writes, no two cards ask the same thing,
# no answer is printed in its question, and lint has real text to work through.
_WORD_TEXT = """
hamstrings quadriceps gastrocnemius soleus gluteus adductors abductors hip knee ankle
femur tibia fibula pelvis spine shoulder elbow wrist tendon ligament cartilage fascia
flexion extension rotation abduction adduction eccentric concentric isometric tempo
repetition set rest interval load volume intensity frequency progression regression
stability mobility flexibility balance posture alignment bracing breathing exhale inhale
machine cable dumbbell barbell kettlebell band bench pad seat handle lever pivot platform
prone seated standing supine lateral medial anterior posterior proximal distal superficial
deep origin insertion belly head fibre motor unit recruitment fatigue recovery soreness
warmup cooldown stretch screen refer clearance injury strain sprain tear pain swelling
beginner athlete client trainer coach program phase block week session cycle goal plan
endurance strength power hypertrophy speed agility reaction coordination control range
slow fast steady smooth jerky partial full short long light heavy moderate maximal
neutral arched rounded flat tilted locked soft bent straight wide narrow high low
heel toe calf thigh glute trunk core chest back arm forearm neck jaw grip stance step
assess measure record review adjust cue correct demonstrate observe spot progress regress
"""
_WORDS = _WORD_TEXT.split()

_STEMS = (
    "Which {0} keeps the {1} {2} during a {3} {4}?",
    "What should a {0} do with the {1} when the {2} {3}?",
    "Why does the {0} {1} matter for {2} {3} work?",
    "When is a {0} {1} the right choice for a {2} {3}?",
    "How does {0} {1} change the {2} on a {3}?",
    "Which cue fixes a {0} {1} in the {2} {3} {4}?",
)


def _vocabulary(size: int = 4000, seed: int = 3) -> list[str]:
    """The domain words above, then made-up words to the size of a real deck's vocabulary
    (a few thousand words for ten thousand cards), most frequent first."""
    rng = random.Random(seed)
    syllables = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]
    made = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size)}
    return [*_WORDS, *sorted(made - set(_WORDS))][:size]


_VOCABULARY = _vocabulary()
# Word frequencies in text fall off with rank (Zipf's law): a few words are on many
# cards, most on a handful.
_WEIGHTS = list(accumulate(rank**-0.8 for rank in range(1, len(_VOCABULARY) + 1)))


def _card_words(rng: random.Random, count: int) -> list[str]:
    """``count`` different words, drawn by frequency."""
    picked: dict[str, None] = {}
    while len(picked) < count:
        picked.update(dict.fromkeys(rng.choices(_VOCABULARY, cum_weights=_WEIGHTS, k=count)))
    return list(picked)[:count]


def _text(pick: list[str], size: int) -> str:
    taken, pick[:] = pick[:size], pick[size:]
    return " ".join(taken)


def deck_yaml(cards: int, deck_id: str = "bench", seed: int = 7) -> str:
    """A deck of ``cards`` cards (mcq, typed, cloze, basic) that lints clean: each card's
    text is different, the way real cards differ, rather than one template numbered."""
    rng = random.Random(seed)
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
        pick = _card_words(rng, 24)
        stem = rng.choice(_STEMS)
        question = stem.format(*(_text(pick, 1) for _ in range(5))).capitalize()
        head = f"  - id: c{n}\n    topic: {topic}\n    source: Generated\n"
        head += f"    explanation: {_text(pick, 4).capitalize()} explain it.\n"
        kind = n % 6
        if kind in (0, 1, 2):
            options = sorted((_text(pick, 2).capitalize() for _ in range(4)), key=len)
            right = rng.randrange(3)  # never the longest: that would give it away
            listed = [
                f"      - {{text: {text}, correct: true}}"
                if i == right
                else f"      - {{text: {text}, why: Not this; {_text(pick, 1)} is.}}"
                for i, text in enumerate(options)
            ]
            rng.shuffle(listed)
            body = f"    type: mcq\n    question: {question}\n    options:\n"
            lines.append(head + body + "\n".join(listed))
        elif kind == 3:
            lines.append(
                head + f"    type: typed\n    question: {question}\n"
                f"    answer: {_text(pick, 1)}\n    accept: [{_text(pick, 1)}]"
            )
        elif kind == 4:
            before, blank, after = _text(pick, 4), _text(pick, 1), _text(pick, 3)
            text = f"{before.capitalize()} {{{{{blank}}}}} {after}."
            lines.append(head + f"    type: cloze\n    text: '{text}'")
        else:
            back = _text(pick, 3).capitalize()
            lines.append(head + f"    type: basic\n    front: {question}\n    back: {back}.")
    return "\n".join(lines) + "\n"


def near_duplicates_yaml(cards: int = 5, words: int = 16_000, seed: int = 11) -> str:
    """About 500 KB of long cards, each a few hundred words away from the others: the
    worst case for a near-duplicate check that compares card texts in pairs."""
    rng = random.Random(seed)
    vocabulary = _VOCABULARY[:2000]
    base = [rng.choice(vocabulary) for _ in range(words)]
    lines = ["id: near", "title: Near duplicates", "version: 1", "source: {title: Generated}",
             "topics: {t: T}", "cards:"]  # fmt: skip
    for n in range(cards):
        text = list(base)
        for _ in range(words // 80):
            text[rng.randrange(words)] = rng.choice(vocabulary)
        lines.append(f"  - {{id: c{n}, type: basic, topic: t, source: Generated, "
                     f"explanation: e, front: '{' '.join(text)}', back: one}}")  # fmt: skip
    return "\n".join(lines) + "\n"


def deck_model(cards: int, deck_id: str = "bench") -> Deck:
    """The same kind of deck as a model, for sizes past the 5 MB a deck file may have."""
    made: list[Card] = []
    for n in range(cards):
        common: dict[str, Any] = {
            "id": f"c{n}",
            "topic": TOPICS[n % len(TOPICS)],
            "source": "Generated",
            "explanation": f"Card {n} is explained here.",
        }
        if n % 2:
            made.append(BasicCard(**common, front=f"Front {n}", back=f"Back {n}"))
        else:
            options = (Option(text="Right", correct=True), Option(text="Wrong", why="No."),
                       Option(text="Also wrong", why="No."))  # fmt: skip
            made.append(McqCard(**common, question=f"Question {n}?", options=options))
    return Deck(id=deck_id, title="Benchmark deck", version=1, source=Source(title="Generated"),
                topics=tuple(Topic(t, t) for t in TOPICS), cards=Cards.of(made))  # fmt: skip


def memory(repetitions: int, easiness: float, interval: int) -> dict[str, object]:
    """An SM-2 memory as the store keeps it."""
    return {"repetitions": repetitions, "easiness": f"{easiness:.2f}", "interval": interval}


def logged(repetitions: int, easiness: float, interval: int) -> dict[str, object]:
    """The part of a logged state the statistics read: the memory and whether it is mature."""
    return {
        "scheduler": SM2.name,
        "memory": memory(repetitions, easiness, interval),
        "mature": interval >= MATURE_DAYS,
    }


def history(
    data: Path, cards: int, reviews: int, seed: int = 1, deck_ids: Sequence[str] = ("bench",)
) -> None:
    """Review rows spread over the last two years; each card's state is its last row's.

    With several ``deck_ids`` the cards are split over them in equal blocks, each deck's
    numbered c0, c1, ... as ``deck_yaml(cards // len(deck_ids), deck_id)`` writes them.
    """
    rng = random.Random(seed)
    per_deck = -(-cards // len(deck_ids))

    def key(card: int) -> tuple[str, str]:
        return deck_ids[card // per_deck], f"c{card % per_deck}"

    today = date.today()
    now = datetime.now(UTC)
    for old in data.glob("studytool.db*"):
        old.unlink()
    store = Store.open(data / "studytool.db", now=now)
    for n, deck_id in enumerate(deck_ids):
        ids = range(n * per_deck, min(cards, (n + 1) * per_deck))
        store.sync_deck(deck_id, [key(card)[1] for card in ids], now)
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
        before = logged(n, ef, interval)
        n = n + 1 if quality >= 3 else 0
        interval = 1 if n <= 1 else (6 if n == 2 else min(3650, int(interval * ef) + 1))
        after = logged(n, ef, interval)
        last[card] = (n, ef, interval, day)
        rows.append(
            (
                f"{day}T12:00:00+00:00",
                day.isoformat(),
                *key(card),
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
        "UPDATE cards SET memory=?, mature=?, due=? WHERE deck_id=? AND card_id=?",
        [
            (json.dumps(memory(n, ef, i)), i >= MATURE_DAYS, (d + timedelta(days=i)).isoformat(),
             *key(c))
            for c, (n, ef, i, d) in last.items()
        ],
    )  # fmt: skip
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
