"""Schedulers compared on simulated learners who study for an exam.

Each learner is an FSRS-6 memory whose parameters are drawn around the published
defaults (every learner different), with their own pace, their own mix of Hard, Good and
Easy when they remember, and slips (a grade one step off). Cards are introduced a few a
day, due reviews are capped a day as ``new_per_day`` and ``reviews_per_day`` cap them,
oldest first, and a card graded below 4 (a miss, or Hard) is re-drilled once in the same
session (time spent, its memory unmoved, as studytool logs it; the app re-drills until
the card is answered well, so these counts are a floor). The schedulers are studytool's
own: SM-2, FSRS-6 at desired retention 0.90 and 0.85, each of them with exam-aware
reviews for the exam day, and exam-aware FSRS at lower retentions. Every arm meets the
same learners with the same random draws.

The learner's memory is FSRS-6 itself, which favours the FSRS arms: their model of
memory is the learner's up to the drawn differences in parameters. SM-2 has no such
advantage. The figures say how the schedulers compare for learners FSRS describes well,
not for every learner.

    python benchmarks/simulate.py --quick           # under 30 s
    python benchmarks/simulate.py --json out.json   # the full run, figures as JSON
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from studytool.core.queue import REDRILL_PASS
from studytool.core.schedulers import FSRS, ExamAware, Scheduler
from studytool.core.schedulers.fsrs6 import at_noon
from studytool.core.schedulers.sm2 import SM2

START = date(2027, 1, 4)
"""The first study day: any day would do, only distances count."""
TARGET = 0.90
PARAMETER_SPREAD = 0.25
"""Each learner's FSRS-6 parameters are the defaults times e^N(0, this), within bounds."""
LOWER_RETENTIONS = (0.80, 0.75, 0.70)
"""Desired retentions tried only with exam-aware reviews (0.70: the lowest allowed)."""
QUALITY = {1: 1, 2: 3, 3: 4, 4: 5}
"""The learner's rating (Again, Hard, Good, Easy) as the grade studytool logs."""


@dataclass(frozen=True)
class Setup:
    learners: int
    cards: int
    days: int
    exam_day: int
    """The exam is on this study day (0 is the first)."""
    new_per_day: int
    reviews_per_day: int
    seed: int


QUICK = Setup(learners=20, cards=150, days=75, exam_day=45, new_per_day=10,
              reviews_per_day=200, seed=1)  # fmt: skip
FULL = Setup(learners=40, cards=400, days=180, exam_day=120, new_per_day=10,
             reviews_per_day=200, seed=1)  # fmt: skip


@dataclass(frozen=True)
class Learner:
    memory: fsrs.Scheduler
    """The learner's own memory: FSRS-6 with drawn parameters."""
    seconds: float
    """Seconds a remembered card takes; a missed one takes longer (the feedback is read)."""
    weights: tuple[float, float, float]
    """How often a remembered card is rated Hard, Good and Easy."""
    slip: float
    """The chance that a grade is one step off what the memory says."""


def draw_learner(rng: random.Random) -> Learner:
    parameters = [
        min(high, max(low, value * math.exp(rng.gauss(0, PARAMETER_SPREAD))))
        for value, low, high in zip(
            DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]
    memory = fsrs.Scheduler(parameters=parameters, learning_steps=(), relearning_steps=(),
                            enable_fuzzing=False)  # fmt: skip
    hard, easy = rng.uniform(0.05, 0.25), rng.uniform(0.05, 0.25)
    return Learner(memory, rng.lognormvariate(math.log(8), 0.3), (hard, 1 - hard - easy, easy),
                   rng.uniform(0.0, 0.08))  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    reviews_to_exam: int
    """Answers before the exam day, re-drills included."""
    reviews: int
    """Answers over the whole run."""
    minutes: float
    peak: int
    """The most answers on one day before the exam."""
    eve: int
    """Answers on the day before the exam."""
    exam_recall: float
    """Mean chance of recall of every card on the exam day (unseen: 0)."""
    exam_share: float
    """Share of the cards at 0.9 or more on the exam day."""
    known_at_end: float
    """Cards expected to be recalled on the last day."""


def rate(learner: Learner, recalled: bool, rng: random.Random) -> int:
    """The learner's rating 1-4 for an answer, slips included."""
    rating = rng.choices((2, 3, 4), learner.weights)[0] if recalled else 1
    if rng.random() < learner.slip:
        rating = min(4, max(1, rating + rng.choice((-1, 1))))
    return rating


def recall(learner: Learner, card: fsrs.Card | None, day: date) -> float:
    if card is None:
        return 0.0
    return float(learner.memory.get_card_retrievability(card, at_noon(day)))


def study(setup: Setup, learner: Learner, scheduler: Scheduler[Any], seed: str) -> Outcome:
    rng = random.Random(seed)
    memories: list[Any] = []
    due: list[date] = []
    truth: list[fsrs.Card | None] = []
    per_day: list[int] = []
    seconds = 0.0
    exam = START + timedelta(days=setup.exam_day)
    exam_recall = exam_share = 0.0
    for offset in range(setup.days):
        today = START + timedelta(days=offset)
        if today == exam:
            chances = [recall(learner, card, today) for card in truth]
            chances += [0.0] * (setup.cards - len(truth))
            exam_recall = sum(chances) / setup.cards
            exam_share = sum(c >= TARGET for c in chances) / setup.cards
        waiting = sorted((d, n) for n, d in enumerate(due) if d <= today)
        shown = [n for _, n in waiting[: setup.reviews_per_day]]
        fresh = min(setup.new_per_day, setup.cards - len(truth))
        for _ in range(fresh):
            memories.append(scheduler.new())
            due.append(today)
            truth.append(None)
            shown.append(len(truth) - 1)
        answers = 0
        for n in shown:
            card = truth[n]
            recalled = card is not None and rng.random() < recall(learner, card, today)
            rating = rate(learner, recalled, rng)
            memories[n], due[n] = scheduler.review(memories[n], QUALITY[rating], today)
            if card is None:
                card = fsrs.Card(card_id=n, due=at_noon(today))
            truth[n], _ = learner.memory.review_card(card, fsrs.Rating(rating), at_noon(today))
            answers += 1
            seconds += learner.seconds * (1.0 if recalled else 1.8)
            if QUALITY[rating] < REDRILL_PASS:  # re-drilled in the session: time, not memory
                answers += 1
                seconds += learner.seconds
        per_day.append(answers)
    end = START + timedelta(days=setup.days)
    return Outcome(
        reviews_to_exam=sum(per_day[: setup.exam_day]),
        reviews=sum(per_day),
        minutes=seconds / 60,
        peak=max(per_day[: setup.exam_day]),
        eve=per_day[setup.exam_day - 1],
        exam_recall=exam_recall,
        exam_share=exam_share,
        known_at_end=sum(recall(learner, card, end) for card in truth),
    )


def arms(exam: date) -> dict[str, Callable[[], Scheduler[Any]]]:
    plain: dict[str, Callable[[], Scheduler[Any]]] = {
        "SM-2": SM2,
        "FSRS 0.90": lambda: FSRS(0.90),
        "FSRS 0.85": lambda: FSRS(0.85),
    }
    # Exam-aware reviews also let a lower desired retention be set: the days before the
    # exam are looked after, the reviews in between thinned out.
    lower: dict[str, Callable[[], Scheduler[Any]]] = {
        f"FSRS {retention:.2f}": (lambda retention=retention: FSRS(retention))
        for retention in LOWER_RETENTIONS
    }
    aware = {
        f"{name}, exam-aware": (lambda make=make: ExamAware(make(), exam, TARGET))
        for name, make in {**plain, **lower}.items()
    }
    return {**plain, **aware}


def t_critical(df: int) -> float:
    """The two-sided 95% quantile of Student's t (Cornish-Fisher expansion; within 0.5%
    from 3 degrees of freedom)."""
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def summary(values: Sequence[float]) -> dict[str, float]:
    mean = statistics.fmean(values)
    half = t_critical(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return {"mean": mean, "low": mean - half, "high": mean + half}


FIGURES = ("reviews_to_exam", "reviews", "minutes", "peak", "eve", "exam_recall",
           "exam_share", "known_at_end")  # fmt: skip


Runs = dict[str, list[Outcome]]
"""Each arm's outcomes, one per learner, the learners in the same order in every arm."""


def simulate(setup: Setup) -> Runs:
    rng = random.Random(setup.seed)
    learners = [draw_learner(rng) for _ in range(setup.learners)]
    exam = START + timedelta(days=setup.exam_day)
    results: dict[str, list[Outcome]] = {}
    for name, make in arms(exam).items():
        results[name] = [study(setup, learner, make(), f"{setup.seed}-{n}")
                         for n, learner in enumerate(learners)]  # fmt: skip
    return results


def figures_of(runs: Runs) -> dict[str, dict[str, dict[str, float]]]:
    return {
        name: {figure: summary([getattr(o, figure) for o in outcomes]) for figure in FIGURES}
        for name, outcomes in runs.items()
    }


def goals(runs: Runs) -> list[tuple[str, bool, str]]:
    """The two goals, each (what, met, the figures that decide it). "Higher recall" is
    a paired comparison over the same learners: the 95% interval of the difference lies
    above 0."""
    figures = figures_of(runs)

    def higher(arm: str, than: str) -> bool:
        pairs = zip(runs[arm], runs[than], strict=True)
        return summary([a.exam_recall - b.exam_recall for a, b in pairs])["low"] > 0

    def mean(arm: str, figure: str) -> float:
        return figures[arm][figure]["mean"]

    sm2_recall, sm2_reviews = mean("SM-2", "exam_recall"), mean("SM-2", "reviews_to_exam")
    best = min(
        (arm for arm in figures if arm.startswith("FSRS") and "exam-aware" in arm
         and mean(arm, "exam_recall") >= sm2_recall),
        key=lambda arm: mean(arm, "reviews_to_exam"), default=None,
    )  # fmt: skip
    if best is None:
        first = (False, "no exam-aware FSRS arm reached SM-2's exam-day recall")
    else:
        saved = 1 - mean(best, "reviews_to_exam") / sm2_reviews
        recalled = mean(best, "exam_recall")
        first = (saved >= 0.25, f"{best}: {saved:.0%} fewer reviews to the exam than SM-2, "
                 f"exam-day recall {recalled:.3f} vs {sm2_recall:.3f}")  # fmt: skip
    beaten = []
    for plain in ("SM-2", "FSRS 0.90", "FSRS 0.85"):
        rivals = [arm for arm in figures if "exam-aware" in arm
                  and mean(arm, "reviews_to_exam") <= mean(plain, "reviews_to_exam")
                  and higher(arm, plain)]  # fmt: skip
        beaten.append(f"{plain}: " + (", ".join(rivals) if rivals else "none"))
    second = (all(not line.endswith("none") for line in beaten),
              "exam-aware arms with no more reviews and, paired over the learners, higher "
              "exam-day recall: "
              + "; ".join(beaten))  # fmt: skip
    return [
        ("exam-aware FSRS reaches SM-2's exam-day recall with at least 25% fewer reviews",
         *first),
        ("at equal reviews, exam-aware raises exam-day recall above the plain schedulers",
         *second),
    ]  # fmt: skip


def table(figures: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    def cell(arm: str, figure: str, digits: int) -> str:
        s = figures[arm][figure]
        half = (s["high"] - s["low"]) / 2
        return f"{s['mean']:.{digits}f} ± {half:.{digits}f}"

    head = ("| scheduler | reviews to exam | reviews | minutes | peak a day | on the eve "
            "| exam-day recall | cards ≥ 0.9 on exam day | cards known at the end |")  # fmt: skip
    lines = [head, "|" + "---|" * 9]
    for arm in figures:
        lines.append(
            f"| {arm} | {cell(arm, 'reviews_to_exam', 0)} | {cell(arm, 'reviews', 0)} "
            f"| {cell(arm, 'minutes', 0)} | {cell(arm, 'peak', 0)} | {cell(arm, 'eve', 0)} "
            f"| {cell(arm, 'exam_recall', 3)} | {cell(arm, 'exam_share', 3)} "
            f"| {cell(arm, 'known_at_end', 0)} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, under 30 s")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--seed", type=int, help="another population of learners")
    parser.add_argument("--learners", type=int, help="how many learners (at least 2)")
    args = parser.parse_args(argv)
    setup = QUICK if args.quick else FULL
    if args.seed is not None:
        setup = Setup(**{**asdict(setup), "seed": args.seed})
    if args.learners is not None:
        if args.learners < 2:
            parser.error("--learners must be at least 2: a confidence interval needs two")
        setup = Setup(**{**asdict(setup), "learners": args.learners})
    began = time.perf_counter()
    runs = simulate(setup)
    figures = figures_of(runs)
    elapsed = time.perf_counter() - began
    checked = goals(runs)
    print(f"{setup.learners} learners, {setup.cards} cards, {setup.days} days, exam on day "
          f"{setup.exam_day}, {setup.new_per_day} new and {setup.reviews_per_day} reviews a "
          f"day at most, seed {setup.seed}; mean ± 95% confidence interval over learners "
          f"({elapsed:.0f} s)")  # fmt: skip
    print()
    print("\n".join(table(figures)))
    print()
    for goal, met, why in checked:
        print(f"{'met' if met else 'NOT met'}: {goal}\n  {why}")
    if args.json:
        args.json.write_text(json.dumps({
            "setup": asdict(setup), "seconds": elapsed, "figures": figures,
            "goals": [{"goal": g, "met": m, "figures": w} for g, m, w in checked],
        }, indent=2) + "\n")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
