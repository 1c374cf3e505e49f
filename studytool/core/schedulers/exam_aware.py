"""Exam-aware reviews: any scheduler, kept from sending a card past the exam unremembered.

Wrapped around the scheduler in force while an exam date is set. Each card also carries
its FSRS-6 memory (the forecast model, whichever scheduler schedules), and a card the
scheduler would next show on the exam day or after it is brought forward to the day its
forecast recall falls to the target, when that day comes before the exam. A card that
will still be remembered well enough keeps its interval, so no review is spent on it; the
days cards are brought forward to follow each card's own memory, so they spread over the
weeks before the exam instead of piling up on its eve. From the exam day on nothing is
brought forward: the scheduler's own intervals resume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from studytool.core.schedulers import Scheduler
from studytool.core.schedulers.fsrs6 import FSRS, FSRSState

RECALL_KEY = "recall"
"""Where the forecast memory sits beside the scheduler's own fields in a stored memory:
a scheduler reading the memory back without this wrapper ignores it."""


def cap(due: date, day: date, exam_day: date, exam_recall: float, target: float,
        target_day: date) -> date:  # fmt: skip
    """The due day exam-aware reviews give a card reviewed on ``day`` that the scheduler
    set ``due``: when that is the exam day or later and the card's forecast recall on the
    exam day (``exam_recall``) is below ``target``, the day recall falls to the target
    (``target_day``), kept before the exam and after ``day``. From the exam day on, and for
    a card remembered well enough, ``due`` as it is."""
    if not day < exam_day <= due or exam_recall >= target:
        return due
    return max(day + timedelta(days=1), min(target_day, exam_day - timedelta(days=1)))


@dataclass(frozen=True)
class ExamMemory:
    memory: object
    """The scheduler's own memory of the card."""
    recall: FSRSState
    """The card's FSRS-6 memory, which gives its forecast recall."""


class ExamAware:
    """``scheduler``'s intervals, none running past ``exam_day`` for a card whose forecast
    recall on that day would fall below ``target``. Keeps the scheduler's name, so the
    cards stay its own."""

    def __init__(self, scheduler: Scheduler[Any], exam_day: date, target: float) -> None:
        self.scheduler = scheduler
        self.exam_day = exam_day
        self.target = target
        self.forecaster = FSRS(target)
        self.name = scheduler.name
        self.grades = scheduler.grades
        self.title = f"{scheduler.title}, exam-aware for {exam_day.isoformat()}"
        self.settings = (
            f"{scheduler.settings} exam={exam_day.isoformat()} target={target:g}".strip()
        )

    def new(self) -> ExamMemory:
        return ExamMemory(self.scheduler.new(), self.forecaster.new())

    def review(self, memory: ExamMemory, grade: int, day: date) -> tuple[ExamMemory, date]:
        inner, due = self.scheduler.review(memory.memory, grade, day)
        # The forecaster's interval is the one for a desired retention of the target:
        # its due day is the day the card's forecast recall falls to the target.
        recall, target_day = self.forecaster.review(memory.recall, grade, day)
        exam_recall = self.forecaster.recall(recall, self.exam_day)
        due = cap(due, day, self.exam_day, exam_recall, self.target, target_day)
        return ExamMemory(inner, recall), due

    def mature(self, memory: ExamMemory) -> bool:
        return self.scheduler.mature(memory.memory)

    def learned(self, memory: ExamMemory) -> bool:
        return self.scheduler.learned(memory.memory)

    def to_dict(self, memory: ExamMemory) -> dict[str, Any]:
        return {
            **self.scheduler.to_dict(memory.memory),
            RECALL_KEY: self.forecaster.to_dict(memory.recall),
        }

    def from_dict(self, data: Mapping[str, Any]) -> ExamMemory:
        own = {key: value for key, value in data.items() if key != RECALL_KEY}
        recall = data.get(RECALL_KEY)
        return ExamMemory(
            self.scheduler.from_dict(own),
            self.forecaster.from_dict(recall) if isinstance(recall, Mapping) else FSRSState(),
        )


def carried_recall(memory: object) -> FSRSState | None:
    """The FSRS-6 memory a scheduler's memory of a card already holds (FSRS's own, or the
    one exam-aware reviews keep), else None. It equals the card's log replayed with FSRS,
    since the desired retention moves only the intervals, never the memory."""
    if isinstance(memory, ExamMemory):
        return memory.recall
    return memory if isinstance(memory, FSRSState) else None
