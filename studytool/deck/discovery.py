"""Finding deck files: bundled, in the user's data dir, and named on the command line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studytool import paths
from studytool.core.models import Deck
from studytool.deck import cache
from studytool.deck.results import LoadResult
from studytool.errors import DataFolderUnreadable


def deck_files_in(folder: Path) -> list[Path]:
    try:
        if not folder.is_dir():
            return []
        return sorted(
            p for p in folder.iterdir() if p.suffix in paths.DECK_SUFFIXES and p.is_file()
        )
    except OSError as exc:  # a folder whose permissions keep us out
        raise DataFolderUnreadable(folder, exc.strerror or str(exc)) from None


def expand(targets: Iterable[Path]) -> list[Path]:
    """Files as given; folders replaced by the deck files directly inside them."""
    found: list[Path] = []
    for target in targets:
        found.extend(deck_files_in(target) if target.is_dir() else [target])
    return found


def deck_files(data: Path, extra: Sequence[Path] = ()) -> list[Path]:
    """Bundled decks, then the user's, then ``--deck`` paths: later ones win on equal ids."""
    return [
        *deck_files_in(paths.bundled_decks_dir()),
        *deck_files_in(paths.user_decks_dir(data)),
        *expand(extra),
    ]


@dataclass(frozen=True)
class DeckSet:
    decks: tuple[Deck, ...]
    """Valid decks, one per deck id."""
    broken: tuple[LoadResult, ...]
    """Files that failed to load, with their errors."""
    replaced: tuple[tuple[str, str], ...]
    """(replaced file, replacing file) for decks with the same id."""


def load_all(files: Sequence[Path]) -> DeckSet:
    by_id: dict[str, Deck] = {}
    broken: list[LoadResult] = []
    replaced: list[tuple[str, str]] = []
    for file in files:
        result = cache.load(file, paths.cache_dir())
        if result.deck is None:
            broken.append(result)
            continue
        earlier = by_id.get(result.deck.id)
        if earlier is not None:
            replaced.append((str(earlier.path), str(file)))
        by_id[result.deck.id] = result.deck
    return DeckSet(tuple(by_id.values()), tuple(broken), tuple(replaced))
