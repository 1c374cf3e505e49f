"""The decks shown in the docs are decks the loader accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from studytool.deckfile import parse_deck

FENCE = re.compile(r"```yaml\n(.*?)```", re.S)


def whole_decks(path: Path) -> list[str]:
    return [block for block in FENCE.findall(path.read_text()) if "\ncards:" in block]


@pytest.mark.parametrize("doc", ["README.md", "docs/deck-format.md"])
def test_example_decks_in_the_docs_are_valid(doc: str) -> None:
    examples = whole_decks(ROOT / doc)
    assert examples, f"{doc} shows no whole deck"
    for example in examples:
        result = parse_deck(example, doc)
        assert [str(d) for d in result.diagnostics if d.code != "unused-topic"] == []
        assert result.deck is not None
