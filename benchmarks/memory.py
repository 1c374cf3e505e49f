"""Peak RSS of the review app with a large collection, in a pseudo-terminal.

A deck file may be at most 5 MB, so the cards are split over several deck files (distinct
deck ids) in a --deck folder, with the review rows generate.history writes for those decks.
The app is read once its first card is on screen and it has been idle a moment.
"""

from __future__ import annotations

from pathlib import Path

from generate import deck_yaml, history
from startup import first_card, launch_bare, launch_studytool

CARDS_PER_FILE = 10_000
"""About 3 MB of YAML, under the 5 MB a deck file may have."""
SETTLE = 0.5
"""Seconds the app runs after showing the card before its peak RSS is read."""


def prepare(work: Path, cards: int, reviews: int) -> tuple[Path, Path]:
    """(data dir, deck folder) holding ``cards`` cards in files of CARDS_PER_FILE and
    ``reviews`` review rows."""
    files = -(-cards // CARDS_PER_FILE)
    if cards % files:
        raise ValueError(f"{cards} cards do not split evenly over {files} deck files")
    deck_ids = [f"bench{n}" for n in range(files)]
    folder = work / f"decks-{cards}"
    folder.mkdir(parents=True, exist_ok=True)
    for deck_id in deck_ids:
        (folder / f"{deck_id}.yaml").write_text(deck_yaml(cards // files, deck_id))
    data = work / f"data-{cards}"
    data.mkdir(parents=True, exist_ok=True)
    history(data, cards, reviews, deck_ids=deck_ids)
    return data, folder


def peak_rss_runs(
    data: Path, folder: Path, runs: int
) -> tuple[list[int], list[float], list[float]]:
    """Peak RSS in bytes (VmHWM of the studytool process itself) per launch, the seconds
    each launch took to show its first card, and the bare app's seconds, launched in turn."""
    text = first_card(data, [folder])
    peaks: list[int] = []
    seconds: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        shown = launch_studytool(data, [folder], text, settle=SETTLE)
        if shown.peak_rss is None:
            raise RuntimeError("no /proc/PID/status to read the peak RSS from")
        peaks.append(shown.peak_rss)
        seconds.append(shown.seconds)
        bare.append(launch_bare().seconds)
    return peaks, seconds, bare
