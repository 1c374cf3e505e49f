"""Measure studytool against its performance targets (README, Performance) and print a table.

    python benchmarks/run.py            # full sizes: 10k-card lint, 100k cards / 1M reviews
    python benchmarks/run.py --quick    # smaller sizes, under a minute on 2 cores
    python benchmarks/run.py --json results.json

Engine figures are measured in-process (no terminal); lint in a subprocess, as a user runs it.
First card on screen and peak RSS run the real `studytool review` in a pseudo-terminal (80x24,
Textual's own driver); Anki's figures need the `bench` extra (pip install -e '.[bench]').
Processes run as an installed package does: from compiled bytecode (written first, and never
switched off for the programs measured).
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import anki_side
import memory
import startup
from generate import deck_model, deck_yaml, history, near_duplicates_yaml

import studytool
from studytool.core.queue import Limits
from studytool.engine.study import Study
from studytool.store.database import Store


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


# -- In a terminal and side by side with Anki (startup.py, memory.py, anki_side.py) ---------


def first_card_rows(work: Path, quick: bool) -> list[dict[str, object]]:
    """First card on screen against a bare one-label Textual app, launched in turn."""
    rows = []
    deck_10k = work / "deck-10k"
    deck_10k.mkdir()
    (deck_10k / "bench10k.yaml").write_text(deck_yaml(10_000, "bench10k"))
    for label, decks, runs, target in (
        ("bundled deck", [], 5 if quick else 10, 1.5),
        ("10,000-card deck", [deck_10k], 3 if quick else 5, 1.5),
    ):
        data = work / f"first-card-{len(decks)}"
        ours, bare, ratios = startup.first_card_runs(data, decks, runs)
        rows.append(row(f"first card on screen, {label} (pty, Textual driver)", ours, None))
        rows.append(row("  bare Textual app, one label (pty, same run)", bare, None))
        rows.append(row(f"  first card / bare app, {label} (per pair)", ratios, target, "x"))
    return rows


def rss_rows(
    data: Path, folder: Path, cards: int, reviews: int, runs: int
) -> list[dict[str, object]]:
    """Peak RSS of the TUI at its first card, with the collection memory.prepare made, and
    the time to that card against the bare app launched in turn."""
    peaks, seconds, bare = memory.peak_rss_runs(data, folder, runs)
    files = len(list(folder.glob("*.yaml")))
    size = f"{cards:,} cards in {files} deck file{'s' * (files > 1)}, {reviews:,} reviews"
    ratios = [ours / theirs for ours, theirs in zip(seconds, bare, strict=True)]
    return [row(f"peak RSS, TUI at first card ({size})", [p / 1e6 for p in peaks], 100, "MB"),
            row("  first card on screen at that size (pty)", seconds, None),
            row("  bare Textual app, one label (pty, same run)", bare, None),
            row("  first card / bare app at that size (per pair)", ratios, 2.0, "x")]  # fmt: skip


def anki_rows(work: Path, source: Path, answers: int,
              ours: list[dict[str, object]]) -> list[dict[str, object]]:  # fmt: skip
    """Anki's due-queue build and answer -> next card on a copy of the same collection."""
    if anki_side.MISSING:
        print(f"skipped Anki side by side: {anki_side.MISSING}")
        return []
    built = anki_side.build(work / "anki", source)
    size = f"{built.cards:,} cards, {built.revlog:,} revlog rows"
    rows = [row(f"Anki {built.version} collection built ({size}; setup)", [built.seconds], None,
                "s"),
            row(f"due-queue build, Anki v3 get_queued_cards ({size})",
                anki_side.queue_build(built, 5), None),
            row(f"answer -> next card, Anki v3 ({answers} answers)",
                anki_side.answer_next(built, answers), None)]  # fmt: skip
    for prefix, anki, target in (("due-queue build (", rows[1], None),
                                 ("answer -> next card (", rows[2], 1.0)):  # fmt: skip
        mine = next((r for r in ours if str(r["figure"]).startswith(prefix)), None)
        if mine is None:
            print(f"no figure starting {prefix!r} to compare with Anki's")
            continue
        name = f"  {prefix.rstrip(' (')}: ours / Anki (medians)"
        ratio = float(mine["median"]) / float(anki["median"])  # type: ignore[arg-type]
        rows.append(row(name, [ratio], target, "x"))
    return rows


# -- end of the terminal and Anki rows --------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="where the collections go; by default the memory-backed /dev/shm, so answer "
        "times are engine work rather than the disk's fsync (ours and Anki's alike)",
    )
    args = parser.parse_args()
    print(describe_run())
    # As installed: compiled once, then read from bytecode by every process measured.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(Path(studytool.__file__).parent, quiet=1)
    lint_cards = 2_000 if args.quick else 10_000
    cards, reviews = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    answers = 50 if args.quick else 200
    work = Path(tempfile.mkdtemp(prefix="studytool-bench-", dir=args.work))
    results = []

    lint_deck = work / "lint.yaml"
    lint_deck.write_text(deck_yaml(lint_cards, "lint"))
    lint_cache = work / "lint-cache"

    def lint(cached: bool) -> None:
        if not cached:
            shutil.rmtree(lint_cache, ignore_errors=True)
        env = {**os.environ, "STUDYTOOL_CACHE_DIR": str(lint_cache)}
        command = [sys.executable, "-m", "studytool", "lint", str(lint_deck)]
        subprocess.run(command, check=True, capture_output=True, env=env)

    results.append(row(f"lint {lint_cards:,} cards (process; first time: parse and check)",
                       timed(lambda: lint(False), 3), 700))  # fmt: skip
    results.append(row(f"lint {lint_cards:,} cards (process; unchanged file: from the cache)",
                       timed(lambda: lint(True), 3), 1000))  # fmt: skip
    near = work / "near.yaml"
    near.write_text(near_duplicates_yaml())
    size = f"{near.stat().st_size / 1000:,.0f} KB"
    command = [sys.executable, "-m", "studytool", "lint", str(near)]
    uncached = {**os.environ, "STUDYTOOL_CACHE_DIR": ""}
    results.append(row(f"lint {size} of long near-duplicate cards (process)",
                       timed(lambda: subprocess.run(command, capture_output=True, env=uncached),
                             3), 2000))  # fmt: skip

    deck = deck_model(cards)  # 100k cards is past a deck file's 5 MB: built in memory
    history(work / "data", cards, reviews)
    store = Store.open(work / "data" / "studytool.db", now=datetime.now(UTC))
    # The default daily limits (20 new, 200 reviews), as a candidate studies.
    study = Study(store, [deck], Limits(), lambda: datetime.now(UTC))
    gc.freeze()  # as the command line does once the decks are loaded (cli/opening.py)
    study.sync()
    results.append(row(f"due-queue build ({cards:,} cards, {reviews:,} reviews)",
                       timed(study.start, 5), 50))  # fmt: skip
    study.start()

    def answer() -> None:
        study.answer(4, True, given=0, seconds=2.0)

    results.append(row(f"answer -> next card ({answers} answers)", timed(answer, answers), 5))
    results.append(row("stats computation", timed(lambda: study.stats("bench"), 3), 300))

    # -- In a terminal and side by side with Anki: the same sizes as above. ------------
    startup.isolate(work)
    results += first_card_rows(work, args.quick)
    big_data, big_decks = memory.prepare(work, cards, reviews)
    # Anki copies the database before the TUI adds the bundled deck's cards to it.
    anki = anki_rows(work, big_data / "studytool.db", answers, results)
    results += rss_rows(big_data, big_decks, cards, reviews, 2 if args.quick else 3)
    results += anki
    # -- end of the terminal and Anki rows ----------------------------------------------

    width = max(len(str(r["figure"])) for r in results)
    print(f"{'figure':<{width}}  {'median':>9} {'p99':>9} {'min':>9} {'max':>9} "
          f"{'target':>8}  met")  # fmt: skip
    for r in results:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        unit = f"{r['unit']:<2}"
        target = "-" if r["target"] is None else f"{r['target']:g}{unit}"
        places = 3 if r["unit"] == "x" else 1  # ratios, against targets such as 1.5
        figures = " ".join(f"{r[k]:>7.{places}f}{unit}" for k in ("median", "p99", "min", "max"))
        print(f"{r['figure']:<{width}}  {figures} {target:>8}  {met}")
    print(f"\n{describe_run()}, collections in {work}")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "run": describe_run()}, indent=2))


def describe_run() -> str:
    """The date, machine and Python a run was made on, for the table it prints."""
    import yaml

    parser = "PyYAML's C parser" if yaml.__with_libyaml__ else "PyYAML's pure-Python parser"
    return (
        f"{datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, {parser}"
    )


if __name__ == "__main__":
    main()
