"""SuperMemo SM-2, exactly as its original description gives it.

- A new item has repetitions n = 0, easiness EF = 2.5 and interval I = 0 days.
- A grade q >= 3 updates EF' = max(1.3, EF + (0.1 - (5-q) * (0.08 + (5-q) * 0.02))), adds
  one repetition, and sets I to 1 day on the first, 6 on the second, and afterwards to the
  previous interval times the *updated* EF, rounded up to whole days.
- A grade q < 3 starts the repetitions again (n = 0, I = 1) without changing EF.

EF is kept as an exact Decimal: with floats, [5, 5, 5, 5, 4] gives 146 days instead of 145.
Functions here are pure: they take a state and return a new one. ``SM2`` puts them behind
the scheduler interface of ``studytool.core.schedulers``; nothing outside this module knows
EF, repetitions or intervals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from studytool.core.schedulers import GRADE_LABELS, PASSING

INITIAL_EASINESS = Decimal("2.5")
MIN_EASINESS = Decimal("1.3")
MATURE_DAYS = 21
"""A card whose interval reached this many days is mature (as Anki counts it): mastered."""


@dataclass(frozen=True)
class SM2State:
    repetitions: int
    easiness: Decimal
    interval: int
    """Days until the next review."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "repetitions": self.repetitions,
            "easiness": str(self.easiness),
            "interval": self.interval,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SM2State:
        return cls(int(data["repetitions"]), Decimal(str(data["easiness"])), int(data["interval"]))


def new_state() -> SM2State:
    return SM2State(repetitions=0, easiness=INITIAL_EASINESS, interval=0)


def review(state: SM2State, quality: int) -> SM2State:
    """The state after a graded review of quality 0-5; ValueError for any other grade."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    if quality < PASSING:
        return SM2State(repetitions=0, easiness=state.easiness, interval=1)
    miss = 5 - quality
    easiness = max(
        MIN_EASINESS,
        state.easiness + (Decimal("0.1") - miss * (Decimal("0.08") + miss * Decimal("0.02"))),
    )
    repetitions = state.repetitions + 1
    if repetitions == 1:
        interval = 1
    elif repetitions == 2:
        interval = 6
    else:
        interval = math.ceil(state.interval * easiness)
    return SM2State(repetitions=repetitions, easiness=easiness, interval=interval)


class SM2:
    """SM-2 as a scheduler: the default one."""

    name = "sm2"
    title = "SM-2"
    settings = ""
    grades = GRADE_LABELS

    def new(self) -> SM2State:
        return new_state()

    def review(self, memory: SM2State, grade: int, day: date) -> tuple[SM2State, date]:
        after = review(memory, grade)
        return after, day + timedelta(days=after.interval)

    def mature(self, memory: SM2State) -> bool:
        return memory.interval >= MATURE_DAYS

    def learned(self, memory: SM2State) -> bool:
        # A card whose repetitions restarted is being learned again, not yet learned.
        return memory.repetitions > 0

    def to_dict(self, memory: SM2State) -> dict[str, Any]:
        return memory.to_dict()

    def from_dict(self, data: Mapping[str, Any]) -> SM2State:
        return SM2State.from_dict(data)
