"""Measure studytool against the targets in DESIGN.md and print a table.

    python benchmarks/run.py            # full sizes: 10k-card lint, 100k cards / 1M reviews
    python benchmarks/run.py --quick    # smaller sizes, under a minute on 2 cores
    python benchmarks/run.py --json results.json

Engine figures are measured in-process (no terminal); lint in a subprocess, as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import deck_model, deck_yaml, history

from studytool.core.queue import Limits
from studytool.store import Store
from studytool.study import Study


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return runs


def row(name: str, runs: list[float], target: float | None, unit: str = "ms") -> dict[str, object]:
    scale = 1000 if unit == "ms" else 1
    values = sorted(v * scale for v in runs)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    median = statistics.median(values)
    return {"figure": name, "unit": unit, "median": median, "min": values[0],
            "max": values[-1], "p99": p99, "target": target,
            "met": None if target is None else median <= target}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    lint_cards = 2_000 if args.quick else 10_000
    cards, reviews = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    answers = 50 if args.quick else 200
    work = Path(tempfile.mkdtemp(prefix="studytool-bench-"))
    results = []

    lint_deck = work / "lint.yaml"
    lint_deck.write_text(deck_yaml(lint_cards, "lint"))
    results.append(row(f"lint {lint_cards:,} cards (process)", timed(lambda: subprocess.run(
        [sys.executable, "-m", "studytool", "lint", str(lint_deck)], check=True,
        capture_output=True), 3), 1000))  # fmt: skip

    deck = deck_model(cards)  # 100k cards is past a deck file's 5 MB: built in memory
    history(work / "data", cards, reviews)
    store = Store.open(work / "data" / "studytool.db", now=datetime.now(UTC))
    # The default daily limits (20 new, 200 reviews), as a candidate studies.
    study = Study(store, [deck], Limits(), lambda: datetime.now(UTC))
    study.sync()
    results.append(row(f"due-queue build ({cards:,} cards, {reviews:,} reviews)",
                       timed(study.start, 5), 50))  # fmt: skip
    study.start()

    def answer() -> None:
        study.answer(4, True, given=0, seconds=2.0)

    results.append(row(f"answer -> next card ({answers} answers)", timed(answer, answers), 5))
    results.append(row("stats computation", timed(lambda: study.stats("bench"), 3), 300))

    width = max(len(str(r["figure"])) for r in results)
    print(f"{'figure':<{width}}  {'median':>9} {'p99':>9} {'min':>9} {'max':>9} "
          f"{'target':>8}  met")  # fmt: skip
    for r in results:
        target = "-" if r["target"] is None else f"{r['target']:g}"
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['figure']:<{width}}  {r['median']:>7.1f}ms {r['p99']:>7.1f}ms "
              f"{r['min']:>7.1f}ms {r['max']:>7.1f}ms {target:>6}ms  {met}")  # fmt: skip
    print(
        f"\n{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {work}"
    )
    if args.json:
        args.json.write_text(json.dumps({"results": results, "machine": platform.platform()},
                                        indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
