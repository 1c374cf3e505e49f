"""`studytool preview` outside a terminal: the cards as text, errors in place, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import VALID

from studytool.cli import main

EVERY_TYPE = VALID / "every-type.yaml"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["preview", *args])


def test_prints_every_card_with_its_answer_and_feedback() -> None:
    result = run(str(EVERY_TYPE))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"One card of every type: {EVERY_TYPE}, 7 cards\n")
    assert (
        "── card 2/7 · every-type.yaml:22 · mcq-1 · mcq · Muscles\n"
        "What do the hamstrings do at the knee?\n"
        "  1. Flex it  (correct)\n"
        "  2. Extend it\n"
        "       why: That is the quadriceps.\n"
        "  3. Nothing\n"
        "       why: They cross the knee.\n"
        "Answer: Flex it\n"
        "Explanation: Knee flexion is their job.\n"
        "Source: Muscles\n"
    ) in out
    assert "Put the steps in order.\n  1. Adjust the machine\n  2. Curl\n  3. Lower slowly\n" in out
    assert "Curl the heels toward the [1]_____ and lower over [2]_____ seconds." in out
    assert "Hint: Think of the back of the leg." in out
    assert out.count("── card ") == 7


def test_a_card_without_explanation_or_source_prints_neither(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(EVERY_TYPE.read_text().replace("    explanation: Numbers are text too.\n", "")
                    .replace("    source: Intro\n", ""))  # fmt: skip
    result = run(str(deck), "--card", "42")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "── card 7/7 · deck.yaml:69 · 42 · basic · Form\n"
        "8\n"
        "Answer: 12.5\n"
        f"{deck}:69:5: warning: card '42' cites no source ('source')\n"
        f"{deck}:69:5: warning: card '42' has no explanation to show after the answer\n"
    )
    assert "None" not in result.output


def test_a_broken_card_lists_its_errors_in_its_place_and_exits_1(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(EVERY_TYPE.read_text().replace("        why: That is the quadriceps.\n", ""))
    result = run(str(deck))
    assert result.exit_code == 1
    assert (
        "── card 2/7 · deck.yaml:22 · mcq-1 · has errors\n"
        f"{deck}:30:9: error: wrong option 'Extend it' has no 'why': "
        "tell the candidate why it is wrong\n\n── card 3/7"
    ) in result.output
    assert "7 cards, 1 with errors" in result.output
    assert "Which are hamstrings?" in result.output


def test_deck_errors_are_listed_when_no_card_can_be_shown(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(EVERY_TYPE.read_text().replace("title: One", "titel: One"))
    result = run(str(deck))
    assert result.exit_code == 1
    assert result.output == (
        f"{deck}: 1 error; no card can be shown until they are fixed:\n"
        f"{deck}:3:1: error: unknown key 'titel' in the deck; did you mean 'title'?\n"
    )


def test_card_prints_just_that_card() -> None:
    result = run(str(EVERY_TYPE), "--card", "typed-1")
    assert result.exit_code == 0
    assert result.output.count("── card ") == 1
    assert "── card 4/7 · every-type.yaml:45 · typed-1 · typed · Muscles" in result.output
    assert "Also accepted: quads\nAnswer: quadriceps\n" in result.output


def test_an_unknown_card_is_a_usage_error_with_a_suggestion() -> None:
    result = run(str(EVERY_TYPE), "--card", "mcq-2")
    assert result.exit_code == 2
    assert f"no card 'mcq-2' in {EVERY_TYPE}; did you mean 'mcq-1'?" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_the_preview_never_touches_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(str(EVERY_TYPE), "--data-dir", str(data)).exit_code == 0
    assert not data.exists()
    assert os.listdir(os.environ["STUDYTOOL_DATA_DIR"]) == []


def test_a_preview_that_fails_in_the_terminal_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from studytool.tui.preview import PreviewApp

    def crash(self: PreviewApp) -> None:
        self._return_code = 1  # what Textual sets when the app stops on an exception

    monkeypatch.setattr(PreviewApp, "run", crash)
    monkeypatch.setattr("studytool.cli.opening.interactive", lambda: True)
    assert run(str(EVERY_TYPE)).exit_code == 1


CITED = (
    EVERY_TYPE.read_text()
    .replace(
        "topics:\n",
        "references:\n  - id: neumann-2017\n    author: Neumann DA\n    year: 2017\n"
        "    title: Kinesiology of the Musculoskeletal System\n"
        "    published_in: 3rd ed., Elsevier\n"
        "topics:\n",
    )
    .replace("    source: Intro\n", "    source: [Intro, neumann-2017]\n")
)


def test_a_cited_reference_is_named_at_the_card_and_listed_in_full_at_the_end(
    tmp_path: Path,
) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(CITED)
    result = run(str(deck))
    assert result.exit_code == 0, result.output
    assert "Source: Intro; Neumann 2017, Kinesiology of the Musculoskeletal System\n" in (
        result.output
    )
    assert result.output.endswith(
        "── References\n"
        "Neumann DA (2017). Kinesiology of the Musculoskeletal System. 3rd ed., Elsevier.\n"
    )
