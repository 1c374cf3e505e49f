"""`studytool doctor`: whether the database is sound and its derived tables agree with the
review log, and rewriting them from the log when they do not.

The card states and the answer tallies are kept up to date with each answer; the log is
what they are derived from, so the log is what a check compares them with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studytool.store.database import Store


@dataclass(frozen=True)
class Checkup:
    database: Path
    damage: tuple[str, ...]
    """What SQLite's integrity check found; when anything, nothing else was read."""
    reviews: int = 0
    cards: int = 0
    differing: tuple[tuple[str, str], ...] = ()
    """(deck id, card id) of each card whose stored state is not its log's replay."""
    tallies_match: bool = True

    @property
    def drifted(self) -> bool:
        """Something derived from the log differs from it: a rebuild would fix it."""
        return bool(self.differing) or not self.tallies_match


@dataclass(frozen=True)
class Rebuilt:
    cards: int
    """How many card states changed."""
    backup: Path
    """The copy taken before anything was rewritten."""


def examine(store: Store) -> Checkup:
    """Check the file, then compare the card states and tallies with the log."""
    damage = tuple(store.integrity_problems())
    if damage:
        return Checkup(store.path, damage)
    stored, replayed = store.consistent_states()
    return Checkup(
        store.path,
        damage,
        reviews=store.review_count(),
        cards=len(stored),
        differing=tuple(sorted(key for key in replayed if stored.get(key) != replayed[key])),
        tallies_match=store.tallies_match_log(),
    )


def rebuild(store: Store, now: datetime) -> Rebuilt:
    """Back the file up beside itself, then rewrite card states and tallies from the log."""
    backup = store.path.with_name(f"{store.path.name}.{now:%Y%m%dT%H%M%S}.bak")
    store.backup_to(backup)
    changed = store.rebuild_cards(now)
    store.recount_tallies()
    return Rebuilt(changed, backup)
