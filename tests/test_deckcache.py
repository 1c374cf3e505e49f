"""Checked decks are kept by content hash: an unchanged deck is not parsed again, and
nothing about the cache can make a deck load wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BROKEN, ROOT

from studytool import paths
from studytool.deck import cache
from studytool.deck.reader import load_deck
from studytool.deck.results import LoadResult

LEG_CURL = ROOT / "decks" / "leg-curl.yaml"
QUALITY = ROOT / "tests" / "decks" / "quality" / "answer-in-question.yaml"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every real parse, by path."""
    seen: list[Path] = []

    def counting(path: Path) -> LoadResult:
        seen.append(path)
        return load_deck(path)

    monkeypatch.setattr(cache, "_parsed", counting)
    return seen


def test_an_unchanged_deck_is_parsed_once(tmp_path: Path, parses: list[Path]) -> None:
    deck = shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml")
    first = cache.load(Path(deck), tmp_path / "cache")
    second = cache.load(Path(deck), tmp_path / "cache")
    assert parses == [Path(deck)]
    assert second == first == load_deck(deck)
    assert second.deck is not None and len(second.deck.cards) > 0


def test_an_edited_deck_is_parsed_again(tmp_path: Path, parses: list[Path]) -> None:
    deck = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    cache.load(deck, tmp_path / "cache")
    deck.write_text(deck.read_text().replace("title: ", "title: Edited ", 1))
    edited = cache.load(deck, tmp_path / "cache")
    assert len(parses) == 2
    assert edited.deck is not None and edited.deck.title.startswith("Edited ")


def test_the_same_text_at_another_path_keeps_its_own_path(tmp_path: Path) -> None:
    one = Path(shutil.copy(BROKEN / "duplicate-key.yaml", tmp_path / "one.yaml"))
    two = Path(shutil.copy(BROKEN / "duplicate-key.yaml", tmp_path / "two.yaml"))
    for path in (one, two, one, two):
        result = cache.load(path, tmp_path / "cache")
        assert result.errors and all(d.path == str(path) for d in result.diagnostics)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_entry_means_parsing_again(
    tmp_path: Path, parses: list[Path], damage: bytes
) -> None:
    deck = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    cache.load(deck, tmp_path / "cache")
    (entry,) = (tmp_path / "cache" / "decks").iterdir()
    entry.write_bytes(damage)
    assert cache.load(deck, tmp_path / "cache") == load_deck(deck)
    assert len(parses) == 2
    assert cache.load(deck, tmp_path / "cache") == load_deck(deck)  # rewritten
    assert len(parses) == 2


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache dir should be")
    result = cache.load(LEG_CURL, blocked)
    assert result == load_deck(LEG_CURL)
    assert blocked.read_text() == "a file where the cache dir should be"


def test_the_cache_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[Path]
) -> None:
    monkeypatch.setenv("STUDYTOOL_CACHE_DIR", "")
    assert paths.cache_dir() is None
    cache.load(LEG_CURL, paths.cache_dir())
    cache.load(LEG_CURL, paths.cache_dir())
    assert len(parses) == 2


def test_unreadable_and_oversized_files_are_reported_as_without_a_cache(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.yaml", tmp_path):
        assert cache.load(path, tmp_path / "cache") == load_deck(path)
    assert not (tmp_path / "cache").exists()


def test_lint_findings_come_from_the_cache_until_the_deck_changes(
    tmp_path: Path, parses: list[Path]
) -> None:
    from studytool.cli.render import lint_text
    from studytool.deck.lint import lint

    deck = Path(shutil.copy(QUALITY, tmp_path / "deck.yaml"))
    first = lint_text(lint([deck], cache_dir=tmp_path / "cache"))
    assert "warning" in first
    assert lint_text(lint([deck], cache_dir=tmp_path / "cache")) == first
    assert parses == [deck]
    deck.write_text(deck.read_text() + "\n# an edit\n")
    lint([deck], cache_dir=tmp_path / "cache")
    assert len(parses) == 2
