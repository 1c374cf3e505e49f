"""Schedulers: what decides when a card comes back, behind one interface.

A scheduler takes a card's memory state (its own type, opaque to everything else), a grade
and the study day, and returns the new memory state and the day the card is due. It
serialises its memory itself, so the store keeps any scheduler's state in the same columns,
and it says which cards are mature (mastered), so statistics and the exam plan can count
them without knowing how it remembers.

Grades are the qualities 0-5 of ``studytool.core.grading`` whatever the scheduler.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol, TypeVar

PASSING = 3
"""Grades from here up count as remembered: in the statistics and for every scheduler."""
GOOD = 4
"""The grade of a card recalled well (a flip card's "Good")."""
GRADE_LABELS: Mapping[int, str] = {
    0: "Blank",
    1: "Wrong",
    2: "Almost",
    3: "Hard",
    4: "Good",
    5: "Easy",
}
"""Short labels for the grades: 0 no recall … 5 perfect and instant."""

Memory = TypeVar("Memory")


class Scheduler(Protocol[Memory]):
    """(memory, grade, study day) -> (new memory, due day), and what the rest asks of it.
    Pure, as all of core: no clock, no storage."""

    @property
    def name(self) -> str:
        """Stored with each card's memory: which scheduler reads it back."""
        ...

    @property
    def title(self) -> str:
        """The scheduler as a user set it, e.g. "FSRS-6 (desired retention 0.90)"."""
        ...

    @property
    def settings(self) -> str:
        """What besides its name decides when cards come back, as text ("" for none):
        when it changes, every card is rescheduled from its log."""
        ...

    @property
    def grades(self) -> Mapping[int, str]:
        """A short label for each grade 0-5, as a flip card offers them."""
        ...

    def new(self) -> Memory:
        """The memory of a card never answered."""
        ...

    def review(self, memory: Memory, grade: int, day: date) -> tuple[Memory, date]:
        """(the memory after a graded review on study day ``day``, the day it is due)."""
        ...

    def mature(self, memory: Memory) -> bool:
        """Whether the card counts as mastered."""
        ...

    def learned(self, memory: Memory) -> bool:
        """Whether the card has been learned, so that failing it now is a lapse."""
        ...

    def to_dict(self, memory: Memory) -> dict[str, Any]:
        """The memory as JSON-ready data; ``from_dict`` reads it back equal."""
        ...

    def from_dict(self, data: Mapping[str, Any]) -> Memory: ...


# Imported here, below what they read from this package.
from studytool.core.schedulers.exam_aware import ExamAware, carried_recall  # noqa: E402
from studytool.core.schedulers.fsrs6 import (  # noqa: E402
    DEFAULT_RETENTION,
    DEFAULT_TARGET,
    FSRS,
    RETENTION_BOUNDS,
)
from studytool.core.schedulers.sm2 import SM2  # noqa: E402

__all__ = [
    "DEFAULT",
    "DEFAULT_RETENTION",
    "DEFAULT_TARGET",
    "FSRS",
    "GOOD",
    "GRADE_LABELS",
    "PASSING",
    "RETENTION_BOUNDS",
    "SCHEDULERS",
    "ExamAware",
    "Memory",
    "Scheduler",
    "carried_recall",
    "configured",
    "from_setting",
    "setting",
    "use",
]

SCHEDULERS: dict[str, Scheduler[Any]] = {SM2.name: SM2(), FSRS.name: FSRS()}
"""Every scheduler by the name its cards' memory is stored under, as this run set it."""
DEFAULT = SM2.name
"""The scheduler new cards start with unless the settings name another."""


def configured(
    name: str,
    desired_retention: float = DEFAULT_RETENTION,
    exam_day: date | None = None,
    exam_target: float = DEFAULT_TARGET,
) -> Scheduler[Any]:
    """The scheduler ``name`` with the settings given (those it does not use are ignored),
    exam-aware when an exam day is given; ValueError for a name not in SCHEDULERS."""
    if name not in SCHEDULERS:
        raise ValueError(f"scheduler must be one of {', '.join(SCHEDULERS)}, not {name!r}")
    registered = SCHEDULERS[name]
    if isinstance(registered, ExamAware):  # an earlier opening in this process wrapped it
        registered = registered.scheduler
    chosen = FSRS(desired_retention) if name == FSRS.name else registered
    return chosen if exam_day is None else ExamAware(chosen, exam_day, exam_target)


def setting(scheduler: Scheduler[Any]) -> str:
    """The scheduler and its settings as one line, kept in the database beside the states
    worked out with it: "sm2", "fsrs desired_retention=0.85 exam=2027-03-01 target=0.9"."""
    return f"{scheduler.name} {scheduler.settings}".strip()


def from_setting(text: str) -> Scheduler[Any]:
    """The scheduler ``setting`` wrote as ``text``; ValueError for a line it did not write."""
    name, *pairs = text.split() or [""]
    values = dict(pair.partition("=")[::2] for pair in pairs)
    exam = values.get("exam")
    return configured(
        name,
        float(values.get("desired_retention", DEFAULT_RETENTION)),
        date.fromisoformat(exam) if exam else None,
        float(values.get("target", DEFAULT_TARGET)),
    )


def use(scheduler: Scheduler[Any]) -> None:
    """Schedule this run's ``scheduler.name`` cards with ``scheduler``: FSRS with the
    desired retention the settings give."""
    SCHEDULERS[scheduler.name] = scheduler
