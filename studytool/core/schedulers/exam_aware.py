"""Exam-aware reviews: any scheduler, kept from sending a card past the exam unremembered.

Wrapped around the scheduler in force while an exam date is set. Each card also carries
its FSRS-6 memory (the forecast model, whichever scheduler schedules), and a card the
scheduler would next show on the exam day or after it, while its forecast recall on the
exam day is below the target, is brought forward: to a day between the first on which a
good review would keep it at the target until the exam and the day its recall falls to
the target, three quarters of the way to the latter. A card that will still be
remembered well enough keeps its interval, so no review is spent on it; the days cards
are brought forward to follow each card's own memory, and are not the last each could
wait to, so the reviews spread over the weeks before the exam instead of piling up on
its eve. From the exam day on nothing is brought forward: the scheduler's own intervals
resume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from studytool.core.schedulers import GOOD, Scheduler
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


def spread(first: date, last: date) -> date:
    """The day, between the first on which a good review would keep the card at the target
    until the exam and the last it may wait to, that a card brought forward is due: three
    quarters of the way, so the cards' reviews fall over the days each may take, not all
    on the last, and still late enough to leave little time to forget (the simulation in
    benchmarks/simulate.py weighed the middle and the last day against it)."""
    return first + (last - first) * 3 // 4


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
        last = cap(due, day, self.exam_day, exam_recall, self.target, target_day)
        if last != due:
            due = spread(self._first_safe(recall, day, last), last)
        return ExamMemory(inner, recall), due

    def _first_safe(self, recall: FSRSState, day: date, last: date) -> date:
        """The first day after ``day``, up to ``last``, on which a good review would leave
        the card at the target on the exam day. A later review leaves it higher (less time
        to forget, and a review at a lower recall strengthens memory more), so the days
        are searched by halves."""
        low, high = 1, (last - day).days
        while low < high:
            middle = (low + high) // 2
            after, _ = self.forecaster.review(recall, GOOD, day + timedelta(days=middle))
            if self.forecaster.recall(after, self.exam_day) >= self.target:
                high = middle
            else:
                low = middle + 1
        return day + timedelta(days=low)

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
