"""FSRS-6, the memory model Anki schedules with today, through the ``fsrs`` package.

A card's memory is its stability S (days until recall falls to 90%) and difficulty D
(1-10); the package turns a rating into the next S, D and interval for the desired
retention. Three choices make it fit a log that is replayed:

- Study days, not clock times: each review happens at noon UTC of its study day, so the
  days between reviews are whole and a replay gives exactly the intervals the answers got.
- No learning or relearning steps (minutes apart, in Anki): a re-drill in the same session
  is logged but, as for SM-2, does not move the memory; the first grade of the day does.
- No fuzz: Anki spreads intervals at random; here the log must replay to the same days.

Grades map as the FSRS team maps SuperMemo's: 0-2 Again, 3 Hard, 4 Good, 5 Easy, so a
failed recall is never Hard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Any

from studytool.core.schedulers import GRADE_LABELS, PASSING

if TYPE_CHECKING:
    import fsrs

MATURE_DAYS = 21
"""A card whose interval reached this many days is mature, as SM-2's and Anki's are."""
DEFAULT_RETENTION = 0.90
RETENTION_BOUNDS = (0.70, 0.99)
"""Anki's own range for desired retention: below it too much is forgotten, above it the
reviews multiply for little gain. The exam recall target keeps to it too."""
DEFAULT_TARGET = 0.90
"""The forecast recall on exam day below which exam-aware reviews bring a card forward."""

RATINGS = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
"""Our grade 0-5 -> FSRS's rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""


@dataclass(frozen=True)
class FSRSState:
    stability: float | None = None
    """None until the first review."""
    difficulty: float | None = None
    last_day: date | None = None
    """The study day of the last review that moved the memory."""
    interval: int = 0
    """Days from that review to the due day."""
    streak: int = 0
    """Passing reviews in a row: a card with none is being (re)learned."""


def at_noon(day: date) -> datetime:
    """The moment a review on study day ``day`` counts as taken."""
    return datetime.combine(day, time(12), UTC)


class FSRS:
    """FSRS-6 as a scheduler: opt-in (``scheduler = "fsrs"`` in config.toml)."""

    name = "fsrs"
    grades = GRADE_LABELS

    def __init__(self, desired_retention: float = DEFAULT_RETENTION) -> None:
        self.desired_retention = desired_retention
        self.settings = f"desired_retention={desired_retention:g}"
        self.title = f"FSRS-6 (desired retention {desired_retention:.2f})"

    @cached_property
    def _package(self) -> fsrs.Scheduler:
        # The package is imported when a card is first scheduled with it, never at the
        # start of an SM-2 session.
        import fsrs

        return fsrs.Scheduler(
            desired_retention=self.desired_retention,
            learning_steps=(),
            relearning_steps=(),
            enable_fuzzing=False,
        )

    def new(self) -> FSRSState:
        return FSRSState()

    def review(self, memory: FSRSState, grade: int, day: date) -> tuple[FSRSState, date]:
        if isinstance(grade, bool) or not isinstance(grade, int) or grade not in RATINGS:
            raise ValueError(f"quality must be a whole number from 0 to 5, not {grade!r}")
        import fsrs

        moment = at_noon(day)
        if memory.stability is None:
            card = fsrs.Card(card_id=0, due=moment)
        else:
            assert memory.last_day is not None
            card = fsrs.Card(
                card_id=0,
                state=fsrs.State.Review,
                stability=memory.stability,
                difficulty=memory.difficulty,
                due=moment,
                last_review=at_noon(memory.last_day),
            )
        after, _ = self._package.review_card(card, fsrs.Rating(RATINGS[grade]), moment)
        assert after.stability is not None and after.difficulty is not None
        due = after.due.astimezone(UTC).date()
        streak = memory.streak + 1 if grade >= PASSING else 0
        state = FSRSState(after.stability, after.difficulty, day, (due - day).days, streak)
        return state, due

    def recall(self, memory: FSRSState, day: date) -> float:
        """The chance of recalling the card on study day ``day``: FSRS-6's forgetting
        curve R = (1 + F*t/S)^-w20, with t the days since its last review and F set so
        that R is 0.90 when t = S. A card never reviewed is not known: 0."""
        if memory.stability is None or memory.last_day is None:
            return 0.0
        decay = self._package.parameters[20]
        factor = 0.9 ** (-1 / decay) - 1
        elapsed = max(0, (day - memory.last_day).days)
        return float((1 + factor * elapsed / memory.stability) ** -decay)

    def mature(self, memory: FSRSState) -> bool:
        return memory.interval >= MATURE_DAYS

    def learned(self, memory: FSRSState) -> bool:
        return memory.streak > 0

    def to_dict(self, memory: FSRSState) -> dict[str, Any]:
        return {
            "stability": memory.stability,
            "difficulty": memory.difficulty,
            "last_day": memory.last_day.isoformat() if memory.last_day else None,
            "interval": memory.interval,
            "streak": memory.streak,
        }

    def from_dict(self, data: Mapping[str, Any]) -> FSRSState:
        last = data.get("last_day")
        stability, difficulty = data.get("stability"), data.get("difficulty")
        return FSRSState(
            None if stability is None else float(stability),
            None if difficulty is None else float(difficulty),
            date.fromisoformat(last) if last else None,
            int(data.get("interval", 0)),
            int(data.get("streak", 0)),
        )
