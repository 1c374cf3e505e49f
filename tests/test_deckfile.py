"""The deck loader: whole valid decks in, positioned problems out, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROKEN, VALID
from hypothesis import given, settings
from hypothesis import strategies as st

from studytool.core.cards import (
    BasicCard,
    Blank,
    ClozeCard,
    McqCard,
    MultiCard,
    Option,
    OrderCard,
    TypedCard,
)
from studytool.deck.reader import load_deck, parse_deck

EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z-]+)$", re.M)
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def expected_findings(path: Path) -> list[tuple[int, int, str, str]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [(int(a), int(b), c, d) for a, b, c, d in EXPECT.findall(text)]


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_deck_reports_each_problem_where_it_is(path: Path) -> None:
    expected = expected_findings(path)
    assert expected, f"{path.name} lists no '# expect:' lines"
    result = load_deck(path)
    found = [(d.line, d.column, d.severity, d.code) for d in result.diagnostics]
    assert found == expected
    if any(severity == "error" for _, _, severity, _ in expected):
        assert result.deck is None, "a deck with errors must not be returned, even in part"
    else:
        assert result.deck is not None


def test_corpus_covers_every_error_the_format_promises() -> None:
    codes = {code for path in BROKEN_FILES for *_, code in expected_findings(path)}
    promised = {
        "yaml", "duplicate-key", "duplicate-id", "unknown-key", "type", "missing-key", "empty",
        "unknown-topic", "unknown-type", "unknown-source", "unused-reference", "correct-count",
        "option-count",
        "missing-why", "step-count", "repeated-step", "cloze", "not-a-deck", "control-char",
        "bad-id", "encoding", "unused-topic", "repeated-option", "repeated-variant",
        "synonym-group", "opposite-synonyms", "any-order",
    }  # fmt: skip
    assert promised <= codes


def test_messages_are_path_line_column_and_say_what_to_do() -> None:
    result = load_deck(BROKEN / "unknown-keys.yaml")
    lines = [str(d) for d in result.diagnostics]
    path = str(BROKEN / "unknown-keys.yaml")
    assert f"{path}:2:1: error: unknown key 'titel' in the deck; did you mean 'title'?" in lines
    assert (
        f"{path}:17:5: error: unknown key 'explanaton' in mcq card; did you mean 'explanation'?"
        in lines
    )
    assert f"{path}:12:5: error: 'front' is not a key of mcq cards (basic cards have it)" in lines


def test_did_you_mean_for_types_topics_and_sections() -> None:
    messages = [d.message for d in load_deck(BROKEN / "unknown-type-topic.yaml").diagnostics]
    assert any("'mqc'; did you mean 'mcq'?" in m for m in messages)
    assert any("'muscle'; did you mean 'muscles'?" in m for m in messages)
    assert any("did you mean 'Muscles Used'?" in m for m in messages)


def test_a_yaml_syntax_error_points_at_the_problem_and_where_it_began() -> None:
    (finding,) = load_deck(BROKEN / "yaml-syntax.yaml").diagnostics
    assert finding.message.startswith("YAML syntax:")
    assert "at 11:12" in finding.message  # the '[' that was never closed


def test_alias_bomb_is_refused_quickly() -> None:
    (finding,) = load_deck(BROKEN / "alias-bomb.yaml").diagnostics
    assert "alias" in finding.message


def test_a_file_over_five_megabytes_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("id: big\n" + "# padding\n" * 600_000)
    assert big.stat().st_size > 5 * 1024 * 1024
    (finding,) = load_deck(big).diagnostics
    assert (finding.line, finding.column, finding.code) == (1, 1, "too-large")
    assert "at most 5 MB" in finding.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_nobody_writes_to_is_read_as_empty_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "deck.yaml"
    os.mkfifo(pipe)
    cache = tmp_path / "cache"
    code = (
        "import sys; from pathlib import Path; from studytool.deck import cache; "
        "r = cache.load(Path(sys.argv[1]), Path(sys.argv[2])); print(r.errors[0].message)"
    )
    # In a process of its own: opening a pipe nobody writes to would block this one.
    done = subprocess.run([sys.executable, "-c", code, str(pipe), str(cache)],
                          capture_output=True, text=True, timeout=30, check=True)  # fmt: skip
    assert done.stdout.strip().startswith("the file is empty")


def test_a_deck_piped_in_is_read_once_and_checked(tmp_path: Path) -> None:
    """As `--against <(git show HEAD:deck.yaml)` gives it: a pipe with a writer."""
    code = (
        "import sys; from pathlib import Path; from studytool.deck import cache; "
        "r = cache.load(Path('/dev/stdin'), Path(sys.argv[1])); print(len(r.deck.cards))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache")],
                          input=(VALID / "every-type.yaml").read_text(), capture_output=True,
                          text=True, timeout=30, check=True)  # fmt: skip
    assert done.stdout.strip() == "7"


def test_unreadable_path_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    (finding,) = load_deck(tmp_path / "missing.yaml").diagnostics
    assert finding.code == "unreadable"
    (finding,) = load_deck(tmp_path).diagnostics  # a folder
    assert finding.code == "unreadable"


def test_valid_deck_loads_every_card_type_exactly() -> None:
    result = load_deck(VALID / "every-type.yaml")
    assert result.diagnostics == ()
    deck = result.deck
    assert deck is not None
    assert (deck.id, deck.title, deck.version) == ("every-type", "One card of every type", 2)
    assert deck.source.sections == ("Intro", "Muscles", "Form")
    assert [t.id for t in deck.topics] == ["muscles", "form"]
    basic, mcq, multi, typed, cloze, order, numeric = deck.cards
    assert isinstance(basic, BasicCard) and basic.hint == "Think of the back of the leg."
    assert basic.line == 14
    assert isinstance(mcq, McqCard)
    assert mcq.answer == Option(text="Flex it", correct=True)
    assert mcq.options[1] == Option(text="Extend it", why="That is the quadriceps.")
    assert isinstance(multi, MultiCard)
    assert [o.correct for o in multi.options] == [True, True, False]
    assert isinstance(typed, TypedCard) and typed.accept == ("quads",)
    assert isinstance(cloze, ClozeCard)
    assert cloze.blanks == (Blank(("buttocks", "glutes")), Blank(("3",)))
    assert isinstance(order, OrderCard)
    assert order.steps == ("Adjust the machine", "Curl", "Lower slowly")
    assert isinstance(numeric, BasicCard)
    assert (numeric.id, numeric.front, numeric.back) == ("42", "8", "12.5")


HEADER = """\
id: t
title: T
version: 1
source: {title: S}
topics: {muscles: Muscles}
"""


def test_merge_keys_share_fields_and_explicit_keys_win() -> None:
    text = (
        HEADER
        + """\
cards:
  - &base
    id: a
    type: basic
    topic: muscles
    source: S
    front: f
    back: b
    explanation: e
  - <<: *base
    id: b
    front: other
"""
    )
    result = parse_deck(text)
    assert result.diagnostics == ()
    assert result.deck is not None
    second = result.deck.cards[1]
    assert isinstance(second, BasicCard)
    assert (second.id, second.front, second.back) == ("b", "other", "b")


def test_one_bad_card_leaves_no_deck_but_reports_the_others_too() -> None:
    card = "  - {{id: {id}, type: basic, topic: muscles, source: S, front: f, {rest}}}\n"
    text = (
        HEADER
        + "cards:\n"
        + card.format(id="a", rest="back: b, explanation: e")
        + card.format(id="b", rest="explanation: e")
        + card.format(id="c", rest="back: b, explanation: e, colour: red")
    )
    result = parse_deck(text, "x.yaml")
    assert result.deck is None
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (8, "missing-key"),
        (9, "unknown-key"),
    ]


def test_second_document_is_refused() -> None:
    (finding,) = parse_deck(HEADER + "cards: []\n---\nid: other\n").diagnostics
    assert finding.code == "yaml" and finding.line == 7


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_deck_or_findings_never_an_exception(text: str) -> None:
    result = parse_deck(text)
    assert (result.deck is None) == bool(result.errors)
    for finding in result.diagnostics:
        assert finding.line >= 1 and finding.column >= 1


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(HEADER)), st.text(max_size=20))
def test_mangled_deck_never_raises(at: int, noise: str) -> None:
    valid = (VALID / "every-type.yaml").read_text()
    result = parse_deck(valid[:at] + noise + valid[at:])
    assert (result.deck is None) == bool(result.errors)


def test_messages_quoting_deck_text_cannot_drive_the_terminal() -> None:
    text = HEADER + 'cards: []\n"\\e]0;owned\\a\\e[2J": x\n'
    messages = [d.message for d in parse_deck(text).diagnostics]
    assert any("unknown key" in m for m in messages)
    assert all("\x1b" not in m and "\x07" not in m for m in messages)
    assert any("\\x1b]0;owned\\x07" in m for m in messages)


def test_special_files_are_refused_not_read(tmp_path: Path) -> None:
    (finding,) = load_deck("/dev/zero").diagnostics
    assert finding.code == "unreadable" and "not a regular file" in finding.message
