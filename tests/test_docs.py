"""The decks shown in the docs are decks the loader accepts."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

from studytool.deck import lint_warnings
from studytool.deck.reader import parse_deck

FENCE = re.compile(r"```yaml\n(.*?)```", re.S)


def whole_decks(path: Path) -> list[str]:
    return [block for block in FENCE.findall(path.read_text()) if "\ncards:" in block]


@pytest.mark.parametrize("doc", ["README.md", "docs/deck-format.md", "docs/authoring.md"])
def test_example_decks_in_the_docs_are_valid(doc: str) -> None:
    examples = whole_decks(ROOT / doc)
    assert examples, f"{doc} shows no whole deck"
    for example in examples:
        result = parse_deck(example, doc)
        assert [str(d) for d in result.diagnostics if d.code != "unused-topic"] == []
        assert result.deck is not None


GUIDE = ROOT / "docs" / "authoring.md"
CARD_HEADER = """\
id: guide
title: Guide examples
version: 1
source: {title: Notes, sections: [Muscles, Form]}
topics: {muscles: Muscles, form: Form}
cards:
"""


def test_every_card_example_in_the_guide_is_a_valid_card_lint_has_nothing_to_say_about() -> None:
    cards = [block for block in FENCE.findall(GUIDE.read_text()) if block.startswith("  - id:")]
    types = set()
    for card in cards:
        result = parse_deck(CARD_HEADER + card, "guide")
        assert result.deck is not None, [str(d) for d in result.diagnostics]
        found = [*result.diagnostics, *lint_warnings.check_deck(result.deck)]
        assert [str(d) for d in found if d.code != "unused-topic"] == []
        types.add(result.deck.cards[0].type)
    assert types == {"basic", "mcq", "multi", "typed", "cloze", "order"}


def test_the_guides_whole_deck_has_no_quality_warnings_either() -> None:
    (deck_text,) = whole_decks(GUIDE)
    result = parse_deck(deck_text, "guide")
    assert result.deck is not None
    assert [str(d) for d in [*result.diagnostics, *lint_warnings.check_deck(result.deck)]] == []


def emitted_codes() -> dict[str, str]:
    """Every finding code the code base can emit, with its severity, read from the source:
    ``.error(where, "code", …)``, ``.warning(…)``, ``_warn(deck, card, "code", …)`` and
    ``Diagnostic(path, line, column, "severity", "code", …)``."""
    codes: dict[str, str] = {}
    for path in (ROOT / "studytool").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            texts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if name in ("error", "warning") and len(texts) > 2 and texts[1]:
                severity, code = name, texts[1]
            elif name == "_warn" and len(texts) > 3 and texts[2]:
                severity, code = "warning", texts[2]
            elif name == "Diagnostic" and len(texts) > 5 and texts[4]:
                severity, code = texts[3], texts[4]
            else:
                continue
            if isinstance(code, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", code):
                codes[code] = str(severity)
    return codes


def test_the_guide_explains_every_code_lint_can_report() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \| (.+) \| (.+) \|$",
                      GUIDE.read_text(), re.M)  # fmt: skip
    documented = {code: severity for code, severity, _, _ in rows}
    emitted = emitted_codes()
    assert set(lint_warnings.CODES) <= set(emitted)  # the scan sees the quality checks
    assert {"yaml", "duplicate-id", "unused-topic", "no-source"} <= set(emitted)
    assert documented == emitted
    assert len(rows) == len(documented), "a code is listed twice"


def test_the_readme_links_the_guide() -> None:
    assert "](docs/authoring.md)" in (ROOT / "README.md").read_text()
