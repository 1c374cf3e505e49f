"""Answer cards through the real engine and store, printing "ack ID" after each commit.

    python answer_loop.py DB ANSWERS SEED

Used by the crash and concurrency tests: whatever was acknowledged must be in the file.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studytool.core.cards import BasicCard
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Source, Topic
from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.store.database import Store

DECK = Deck(
    id="d",
    title="D",
    version=1,
    source=Source(title="S"),
    topics=(Topic("t", "T"),),
    cards=Cards.of(
        BasicCard(id=f"c{i}", topic="t", source="S", explanation="e", front="f", back="b")
        for i in range(60)
    ),
)


def main() -> None:
    path, answers, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    moment = [datetime(2026, 3, 2, 12, tzinfo=UTC)]
    store = Store.open(path, now=moment[0])
    study = Study(store, [DECK], Limits(new_per_day=60), lambda: moment[0], zone=UTC)
    done = 0
    while done < answers:
        session = study.start()
        if session.finished:
            moment[0] += timedelta(days=1)
            continue
        while not session.finished and done < answers:
            answered = study.answer(rng.randint(0, 5), True, seconds=1.0)
            print(f"ack {answered.saved.review_id}", flush=True)
            done += 1
        moment[0] += timedelta(days=rng.randint(1, 3))
    print("done", flush=True)


if __name__ == "__main__":
    main()
