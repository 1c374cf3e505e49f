"""Time until the first card is on screen, against a bare Textual app showing one label.

Both run in a pseudo-terminal with Textual's real driver (terminal.py), launched in turn so
they share the warm-up (disk cache, compiled bytecode). `studytool review` opens straight
on today's first card when anything is due (bare `studytool` waits on home for Enter), so
no key is pressed: the clock stops when the card's own question text has been written to
the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bare_app import TEXT as BARE_TEXT
from terminal import Shown, time_until_shown

from studytool import paths
from studytool.core.cards import BasicCard, Card, ClozeCard
from studytool.core.queue import Limits
from studytool.deck import discovery
from studytool.engine.study import Study
from studytool.store.database import Store

BARE_APP = Path(__file__).with_name("bare_app.py")


def card_text(card: Card) -> str:
    """The start of the text a card is shown with, short enough never to wrap at 80x24."""
    if isinstance(card, BasicCard):
        text = card.front
    elif isinstance(card, ClozeCard):
        text = next(part for part in card.parts if isinstance(part, str))
    else:
        text = card.question
    words = text.strip().splitlines()[0].split()
    shown = words[0]
    for word in words[1:]:
        if len(shown) + 1 + len(word) > 40:
            break
        shown += " " + word
    return shown


def first_card(data: Path, decks: Sequence[Path]) -> str:
    """Text of the first card `studytool review --data-dir DATA --deck ...` shows, worked out
    in-process with the same decks, database and default limits (this also syncs the
    database, so every timed launch finds it as a returning user does)."""
    found = discovery.load_all(discovery.deck_files(data, decks))
    store = Store.open(paths.database_path(data), now=datetime.now(UTC))
    try:
        study = Study(store, found.decks, Limits(), lambda: datetime.now(UTC))
        item = study.start().current
        if item is None:
            raise RuntimeError("nothing is due: studytool review would stay on home")
        return card_text(study.card(item))
    finally:
        store.close()


def studytool_command(data: Path, decks: Sequence[Path]) -> list[str]:
    command = [sys.executable, "-m", "studytool", "review", "--data-dir", str(data)]
    for deck in decks:
        command += ["--deck", str(deck)]
    return command


def isolate(work: Path) -> None:
    """Settings and a deck cache of the benchmark's own, not the machine user's: the
    default daily limits, and cached decks only from this run (for this process and the
    programs it starts)."""
    os.environ[paths.CONFIG_ENV] = str(work / "no-config.toml")
    os.environ[paths.CACHE_ENV] = str(work / "deck-cache")


def launch_studytool(data: Path, decks: Sequence[Path], text: str, settle: float = 0.0) -> Shown:
    return time_until_shown(studytool_command(data, decks), text, settle=settle)


def launch_bare() -> Shown:
    return time_until_shown([sys.executable, str(BARE_APP)], BARE_TEXT)


def first_card_runs(
    data: Path, decks: Sequence[Path], runs: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds to the first card and to the bare app's label, launched in turn after one
    unmeasured launch of each (disk cache, bytecode and deck cache warm), and each pair's
    ratio (ours / bare)."""
    text = first_card(data, decks)
    launch_studytool(data, decks, text)
    launch_bare()
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        ours.append(launch_studytool(data, decks, text).seconds)
        bare.append(launch_bare().seconds)
    return ours, bare, [o / b for o, b in zip(ours, bare, strict=True)]
