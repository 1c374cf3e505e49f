"""``studytool lint``: check deck files; the command line prints the report.

Lint is the loader's findings plus the deck-quality warnings of ``quality``, which only
lint runs (loading a deck to study it must stay fast).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from studytool.core.models import Deck
from studytool.deck import cache, collector, lint_warnings
from studytool.deck.results import Diagnostic, LoadResult


@dataclass(frozen=True)
class LintReport:
    results: tuple[LoadResult, ...]

    @property
    def errors(self) -> int:
        return sum(len(r.errors) for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)

    def failed(self, strict: bool = False) -> bool:
        """Errors were found, or with ``strict`` warnings too."""
        return bool(self.errors or (strict and self.warnings))


def lint(
    files: Sequence[Path], against: Deck | None = None, cache_dir: Path | None = None
) -> LintReport:
    """Check each file; ``against`` is an earlier version of one of the decks, whose card
    ids are compared with the deck of the same id. An unchanged file's findings come from
    ``cache_dir`` when given."""
    with collector.paused():
        results = [_compared(cache.load(f, cache_dir, then=_quality, kind="lint"), against)
                   for f in files]  # fmt: skip
    return LintReport(tuple(results))


def _quality(result: LoadResult) -> LoadResult:
    return _merged(result, lint_warnings.check_deck(result.deck) if result.deck else [])


def _compared(result: LoadResult, against: Deck | None) -> LoadResult:
    if result.deck is None or against is None or against.id != result.deck.id:
        return result
    return _merged(result, lint_warnings.changed_ids(against, result.deck))


def _merged(result: LoadResult, found: Sequence[Diagnostic]) -> LoadResult:
    if not found:
        return result
    merged = sorted((*result.diagnostics, *found), key=lambda d: (d.line, d.column))
    return replace(result, diagnostics=tuple(merged))
