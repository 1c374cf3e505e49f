"""How long studying takes, worked out from when answers were given.

A session's time is the wall time from its first card shown to its last answer, so reading
the feedback counts as study; a gap between answers longer than ``PAUSE`` is the candidate
away from the desk, and is left out. The same gaps, over the candidate's recent answers,
give the time a card usually takes, for home's estimate of today's review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

PAUSE = timedelta(minutes=5)
"""A longer gap between two answers is a pause, not time spent on the card."""
DEFAULT_SECONDS_PER_CARD = 20.0
"""A card's time until there is history to measure: a multiple-choice question read,
answered and its feedback read."""
MIN_SAMPLES = 10
"""Fewer measured cards than this say too little about the candidate's own pace."""


@dataclass(frozen=True)
class StudyTime:
    seconds: float
    """Wall time at the desk: from the first card shown to the last answer, less pauses."""
    pauses: int
    """Gaps longer than ``PAUSE`` that were left out."""


def study_time(first_shown: datetime, answered: Sequence[datetime]) -> StudyTime:
    """The time a session took, from when its first card was shown and when each answer
    was given (in order)."""
    seconds = 0.0
    pauses = 0
    previous = first_shown
    for moment in answered:
        gap = moment - previous
        if gap > PAUSE:
            pauses += 1
        else:
            seconds += max(gap, timedelta()).total_seconds()
        previous = moment
    return StudyTime(seconds, pauses)


@dataclass(frozen=True)
class Pace:
    seconds_per_card: float
    measured: bool
    """True when it is the candidate's own median; False for the default."""


def pace(answers: Iterable[tuple[str, datetime]]) -> Pace:
    """The median time from one answer to the next within a session, pauses left out, over
    (session, moment answered) pairs; the default when there are too few."""
    by_session: dict[str, list[datetime]] = {}
    for session, moment in answers:
        by_session.setdefault(session, []).append(moment)
    gaps = []
    for moments in by_session.values():
        moments.sort()
        gaps += [
            (later - earlier).total_seconds()
            for earlier, later in pairwise(moments)
            if later - earlier <= PAUSE
        ]
    if len(gaps) < MIN_SAMPLES:
        return Pace(DEFAULT_SECONDS_PER_CARD, measured=False)
    from statistics import median  # only with enough answers to measure a pace

    return Pace(median(gaps), measured=True)
