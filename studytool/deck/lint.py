"""``studytool lint``: check deck files and report in text or JSON.

Lint is the loader's findings plus the deck-quality warnings of ``quality``, which only
lint runs (loading a deck to study it must stay fast).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from studytool.core.models import Deck
from studytool.deck import cache, lint_warnings
from studytool.deck.checker import Diagnostic, LoadResult


@dataclass(frozen=True)
class LintReport:
    results: tuple[LoadResult, ...]

    @property
    def errors(self) -> int:
        return sum(len(r.errors) for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(len(r.warnings) for r in self.results)

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0

    def text(self) -> str:
        lines = [str(d) for r in self.results for d in r.diagnostics]
        cards = sum(len(r.deck.cards) for r in self.results if r.deck)
        files = len(self.results)
        checked = f"{files} deck file{'s' * (files != 1)}"
        if not self.errors and not self.warnings:
            lines.append(f"checked {checked} ({cards} cards): no problems")
        else:
            lines.append(
                f"checked {checked}: {_count(self.errors, 'error')}, "
                f"{_count(self.warnings, 'warning')}"
            )
        return "\n".join(lines)

    def json(self) -> str:
        report = {
            "files": [
                {
                    "path": r.path,
                    "deck": r.deck.id if r.deck else None,
                    "cards": len(r.deck.cards) if r.deck else None,
                    "errors": len(r.errors),
                    "warnings": len(r.warnings),
                }
                for r in self.results
            ],
            "diagnostics": [asdict(d) for r in self.results for d in r.diagnostics],
            "errors": self.errors,
            "warnings": self.warnings,
        }
        return json.dumps(report, indent=2, ensure_ascii=False)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def lint(
    files: Sequence[Path], against: Deck | None = None, cache_dir: Path | None = None
) -> LintReport:
    """Check each file; ``against`` is an earlier version of one of the decks, whose card
    ids are compared with the deck of the same id. An unchanged file's findings come from
    ``cache_dir`` when given."""
    return LintReport(
        tuple(
            _compared(cache.load(f, cache_dir, then=_quality, kind="lint"), against) for f in files
        )
    )


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
