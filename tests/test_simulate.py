"""The scheduler simulation (benchmarks/simulate.py): deterministic per seed, each learner
different, and its figures and goals read from the runs it made."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def simulate() -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import simulate

        yield simulate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def tiny(simulate: ModuleType, seed: int = 3) -> object:
    return simulate.Setup(learners=3, cards=30, days=30, exam_day=20, new_per_day=5,
                          reviews_per_day=40, seed=seed)  # fmt: skip


def test_the_same_seed_gives_the_same_figures(simulate: ModuleType) -> None:
    first = simulate.figures_of(simulate.simulate(tiny(simulate)))
    assert simulate.figures_of(simulate.simulate(tiny(simulate))) == first
    assert simulate.figures_of(simulate.simulate(tiny(simulate, seed=4))) != first


def test_learners_differ_and_the_limits_hold(simulate: ModuleType) -> None:
    import random

    rng = random.Random(1)
    one, two = simulate.draw_learner(rng), simulate.draw_learner(rng)
    assert one.memory.parameters != two.memory.parameters
    assert one.seconds != two.seconds
    setup = tiny(simulate)
    outcome = simulate.study(setup, one, simulate.FSRS(0.9), "x")
    assert 0 < outcome.exam_recall <= 1 and 0 <= outcome.exam_share <= 1
    assert outcome.reviews >= outcome.reviews_to_exam >= setup.cards  # every card seen


def test_the_run_writes_its_figures_and_goals(
    simulate: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(simulate, "QUICK", tiny(simulate))
    out = tmp_path / "figures.json"
    assert simulate.main(["--quick", "--json", str(out)]) == 0
    written = json.loads(out.read_text())
    assert set(written["figures"]) >= {
        "SM-2",
        "FSRS 0.90",
        "FSRS 0.85",
        "SM-2, exam-aware",
        "FSRS 0.90, exam-aware",
        "FSRS 0.85, exam-aware",
    }
    sm2 = written["figures"]["SM-2"]["exam_recall"]
    assert sm2["low"] <= sm2["mean"] <= sm2["high"]
    # The first goal, worked out again from the figures written.
    figures = written["figures"]
    reached = [
        figures[arm]["reviews_to_exam"]["mean"] / figures["SM-2"]["reviews_to_exam"]["mean"]
        for arm in figures
        if arm.startswith("FSRS") and "exam-aware" in arm
        and figures[arm]["exam_recall"]["mean"] >= figures["SM-2"]["exam_recall"]["mean"]
    ]  # fmt: skip
    assert written["goals"][0]["met"] == (bool(reached) and min(reached) <= 0.75)
    assert ("met" if written["goals"][0]["met"] else "NOT met") in capsys.readouterr().out
    with pytest.raises(SystemExit):
        simulate.main(["--learners", "1"])
