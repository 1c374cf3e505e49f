"""Checked decks are kept by content hash: an unchanged deck is not parsed again, and
nothing about the cache can make a deck load wrong."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import BROKEN, ROOT

from studytool import paths
from studytool.core.cards import Card
from studytool.deck import cache
from studytool.deck.reader import load_deck
from studytool.deck.results import LoadResult
from studytool.errors import DeckChanged

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


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time a deck file's bytes are read to be compared with an entry."""
    seen: list[Path] = []
    real = cache._read

    def counting(path: Path) -> bytes | None:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(cache, "_read", counting)
    return seen


def test_a_cached_deck_makes_only_the_cards_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck_file = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    whole = cache.load(deck_file, tmp_path / "cache").deck
    made: list[int] = []
    real = cache._CardReader.read

    def counting(reader: cache._CardReader, position: int) -> Card:
        made.append(position)
        return real(reader, position)

    monkeypatch.setattr(cache._CardReader, "read", counting)
    again = cache.load(deck_file, tmp_path / "cache").deck
    assert whole is not None and again is not None
    assert again.cards.ids == whole.cards.ids and again.cards.topics == whole.cards.topics
    assert again.cards.known_order is not None  # kept in the entry, not worked out again
    assert again.study_order() == whole.study_order()
    assert made == []
    assert again.card(whole.cards.ids[30]) == whole.cards[30]
    assert made == [30]
    assert list(again.cards) == list(whole.cards)


def test_a_settled_unchanged_file_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Path], parses: list[Path]
) -> None:
    deck_file = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    monkeypatch.setattr(cache, "SETTLED_NS", 10**18)  # just written: not to be trusted yet
    cache.load(deck_file, tmp_path / "cache")
    cache.load(deck_file, tmp_path / "cache")
    assert len(reads) == 3  # before and after parsing; then read and hashed
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # left alone long enough now
    cache.load(deck_file, tmp_path / "cache")  # read, hashed, and vouched for
    assert len(reads) == 4
    assert cache.load(deck_file, tmp_path / "cache") == load_deck(deck_file)
    assert len(reads) == 4 and parses == [deck_file]


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[Path]
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    deck_file = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    cache.load(deck_file, tmp_path / "cache")
    before = deck_file.stat()
    text = deck_file.read_text()
    deck_file.write_text(text.replace("title: The", "title: Ehe", 1))
    os.utime(deck_file, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time moves
    edited = cache.load(deck_file, tmp_path / "cache").deck
    assert edited is not None and edited.title.startswith("Ehe")
    assert len(parses) == 2


def damage_cards(entry: Path) -> None:
    """Overwrite the cards' part of an entry (its last half) in place."""
    data = bytearray(entry.read_bytes())
    half = len(data) // 2
    data[half:] = b"\x00" * (len(data) - half)
    with open(entry, "r+b") as stream:
        stream.write(data)


def test_a_card_damaged_in_the_cache_comes_from_the_deck_file(tmp_path: Path) -> None:
    deck_file = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    whole = cache.load(deck_file, tmp_path / "cache").deck
    again = cache.load(deck_file, tmp_path / "cache").deck
    assert whole is not None and again is not None
    (entry,) = (tmp_path / "cache" / "decks").iterdir()
    damage_cards(entry)
    assert again.cards[-1] == whole.cards[-1]
    assert not entry.exists()  # the next start parses the deck and keeps it afresh


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to count files")
def test_decks_read_from_the_cache_hold_no_file_open(tmp_path: Path) -> None:
    files = [Path(shutil.copy(QUALITY, tmp_path / f"deck{n}.yaml")) for n in range(40)]
    for path in files:
        cache.load(path, tmp_path / "cache")
    before = len(list(Path("/proc/self/fd").iterdir()))
    decks = [cache.load(path, tmp_path / "cache").deck for path in files]
    assert all(deck is not None and deck.cards[0] for deck in decks)
    assert len(list(Path("/proc/self/fd").iterdir())) == before


def test_a_card_gone_from_cache_and_deck_file_is_a_clear_error(tmp_path: Path) -> None:
    deck_file = Path(shutil.copy(LEG_CURL, tmp_path / "leg-curl.yaml"))
    cache.load(deck_file, tmp_path / "cache")
    again = cache.load(deck_file, tmp_path / "cache")  # from the entry
    assert again.deck is not None
    last = again.deck.cards.ids[-1]
    (entry,) = (tmp_path / "cache" / "decks").iterdir()
    damage_cards(entry)
    deck_file.write_text(deck_file.read_text().replace(f"id: {last}\n", "id: renamed\n"))
    with pytest.raises(DeckChanged, match=f"card '{last}' of .*leg-curl.yaml changed or went"):
        again.deck.cards[-1]
