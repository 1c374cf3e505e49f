from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from studytool.core.cards import BasicCard
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Source, Topic

TESTS = Path(__file__).parent
ROOT = TESTS.parent
BROKEN = TESTS / "decks" / "broken"
VALID = TESTS / "decks" / "valid"

# A PostgreSQL server for the sync tests.
pytest_plugins = ["postgres_server"]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may read or write the real user data dir, config or cache."""
    monkeypatch.setenv("STUDYTOOL_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("STUDYTOOL_CONFIG", str(tmp_path_factory.mktemp("config") / "c.toml"))
    monkeypatch.setenv("STUDYTOOL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _registered_schedulers() -> Iterator[None]:
    """A command run in the test process registers the scheduler its settings name: the
    next test starts from the built-in ones again."""
    from studytool.core.schedulers import SCHEDULERS

    built_in = dict(SCHEDULERS)
    yield
    SCHEDULERS.clear()
    SCHEDULERS.update(built_in)


def make_deck(cards: int = 10, deck_id: str = "d", topics: int = 2) -> Deck:
    """A deck of self-graded cards c0, c1, … spread over topics t0, t1, …"""
    return Deck(
        id=deck_id,
        title=f"Deck {deck_id}",
        version=1,
        source=Source(title="S"),
        topics=tuple(Topic(f"t{i}", f"Topic {i}") for i in range(topics)),
        cards=Cards.of(
            BasicCard(id=f"c{i}", topic=f"t{i % topics}", source="S", explanation="e",
                      front=f"front {i}", back=f"back {i}")
            for i in range(cards)
        ),
    )  # fmt: skip


def answer_named(study: Any, qualities: dict[str, int]) -> None:
    """Answer the cards named, in today's queue's order, each once at its quality (right
    from 3); the others and any re-drills are left for another day."""
    session = study.start()
    while qualities and session.current is not None:
        current = session.current
        if current.card_id not in qualities:
            session.drop(current.deck_id, current.card_id)
            continue
        quality = qualities.pop(current.card_id)
        study.answer(quality, quality >= 3)


def run_configured(tmp_path: Path, config: str, *args: str) -> Result:
    """A command on the test deck with ``config`` as config.toml, data in tmp_path/d."""
    from click.testing import CliRunner

    from studytool.cli import main

    path = tmp_path / "config.toml"
    path.write_text(config)
    return CliRunner().invoke(
        main,
        ["--data-dir", str(tmp_path / "d"), "--deck", str(VALID / "every-type.yaml"), *args],
        env={"STUDYTOOL_CONFIG": str(path)},
    )


class FakeClock:
    """A clock the test moves by hand; UTC unless told otherwise."""

    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real small file system at ``where`` (root ignores permissions, and a full disk
    should be the kernel's); the test is skipped where mounting is not allowed."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
