"""Fuzzing the deck loader: whatever the bytes, a deck or positioned findings, never an
exception, never a hang, bounded memory.

The budget is small in CI; ``STUDYTOOL_FUZZ=big pytest tests/test_fuzz_deckfile.py`` runs
thirty times as many examples.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT, VALID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studytool.deck.reader import load_deck, parse_deck
from studytool.deck.results import LoadResult

BIG = os.environ.get("STUDYTOOL_FUZZ") == "big"
fuzz = settings(
    max_examples=3000 if BIG else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HANG_SECONDS = 20
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
VALID_TEXT = (VALID / "every-type.yaml").read_text()
DECK_TEXT = (ROOT / "decks" / "leg-curl.yaml").read_text()


@contextmanager
def no_hang() -> Iterator[None]:
    """Turn a hang into a failure instead of a stuck CI run."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the loader ran for over {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(result: LoadResult) -> None:
    assert (result.deck is None) == bool(result.errors)
    for finding in result.diagnostics:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message and not CONTROL.search(finding.message)


TOKENS = [
    "id", "title", "version", "source", "topics", "cards", "type", "mcq", "multi", "typed",
    "cloze", "order", "basic", "options", "text", "correct", "why", "steps", "answer",
    "accept", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ", "!!str ",
    "!!python/object ", "'", '"', "|", ">", "#", "\n", "\n  ", "\n    ", "  ", "{{", "}}",
    "true", "null", "~", "1", "0x1F", "1e9", "\t", "\\e", "\u202e", "é", "\x00", "---",
    "...", "%YAML 1.1", "? ",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@fuzz
@given(yamlish)
def test_yaml_shaped_noise(text: str) -> None:
    with no_hang():
        check(parse_deck(text))


@fuzz
@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    with no_hang():
        check(parse_deck(text))


@fuzz
@given(st.data())
def test_mutated_real_decks(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from([VALID_TEXT, DECK_TEXT]))
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, max(0, len(lines) - 1)))
        action = data.draw(st.sampled_from(["drop", "repeat", "swap", "insert", "indent"]))
        if action == "drop" and lines:
            del lines[at]
        elif action == "repeat" and lines:
            lines.insert(at, lines[at])
        elif action == "swap" and len(lines) > 1:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "insert":
            lines.insert(at, data.draw(yamlish) + "\n")
        elif action == "indent" and lines:
            lines[at] = data.draw(st.sampled_from(["  ", " ", "\t", ""])) + lines[at].lstrip()
    with no_hang():
        check(parse_deck("".join(lines)))


@fuzz
@given(st.binary(max_size=2000))
def test_binary_files(data: bytes) -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fuzz-{os.getpid()}.yaml"
    path.write_bytes(data)
    try:
        with no_hang():
            check(load_deck(path))
    finally:
        path.unlink()


@settings(max_examples=20 if BIG else 6, deadline=None)
@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", "{a: ", "- "]))
def test_deep_nesting(depth: int, opener: str) -> None:
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    if opener == "- ":
        text = "".join("  " * min(i, 200) + "- \n" for i in range(min(depth, 2000)))
    else:
        text = opener * depth + "x" + closer * depth
    with no_hang():
        check(parse_deck(text))


HOSTILE = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500 * 1024 * 1024,) * 2)
from studytool.deck.reader import parse_deck
laughs = "a: &a [" + ",".join(["x"] * 10) + "]\n"
for i in range(1, 12):
    laughs += f"l{i}: &l{i} [" + ",".join([f"*{'a' if i == 1 else f'l{i-1}'}"] * 10) + "]\n"
cases = {
    "alias bomb": laughs,
    "deep flow nesting": "[" * 500_000 + "]" * 500_000,
    "huge string": "id: t\ntitle: '" + "x" * 4_900_000 + "'\n",
    "many keys": "".join(f"k{i}: {i}\n" for i in range(200_000)),
}
for name, text in cases.items():
    result = parse_deck(text)
    first = result.diagnostics[0].message[:60] if result.diagnostics else ""
    print(name, len(result.diagnostics), first)
"""


def test_hostile_inputs_in_bounded_memory_and_time() -> None:
    done = subprocess.run(
        [sys.executable, "-c", HOSTILE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 4
    assert "alias" in lines[0]
