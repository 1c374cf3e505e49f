"""`studytool grade`: an author sees how an answer would be graded, and nothing is recorded."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import VALID

from studytool.cli import main

EVERY = str(VALID / "every-type.yaml")


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def graded(tmp_path: Path, target: str, *answer: str) -> dict[str, object]:
    result = run("--data-dir", str(tmp_path), "grade", target, *answer, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def test_a_typed_answer_in_another_form_is_right(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), "grade", "leg-curl/leg-curl-joint-action",
                 "the", "knee", "flexes")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Verdict: right, quality 5" in result.output
    assert "Nothing was recorded." in result.output
    assert not (tmp_path / "studytool.db").exists()


def test_json_gives_quality_correct_and_each_blank(tmp_path: Path) -> None:
    data = graded(tmp_path, f"{EVERY}/cloze-1", "glutes", "four")
    assert (data["quality"], data["correct"], data["score"]) == (1, False, 0.5)
    assert data["blanks"] == [
        {"given": "glutes", "right": True, "close": False, "expected": "buttocks"},
        {"given": "four", "right": False, "close": False, "expected": "3"},
    ]


def test_each_kind_takes_its_answer_shape(tmp_path: Path) -> None:
    # every-type.yaml: mcq-1's first option is right, multi-1's first two, order-1 as listed.
    assert graded(tmp_path, f"{EVERY}/mcq-1", "1")["quality"] == 5
    assert graded(tmp_path, f"{EVERY}/mcq-1", "2")["quality"] == 1
    assert graded(tmp_path, f"{EVERY}/multi-1", "1", "2")["quality"] == 5
    assert graded(tmp_path, f"{EVERY}/multi-1", "1,3")["quality"] == 1
    assert graded(tmp_path, f"{EVERY}/multi-1", "1")["quality"] == 2
    assert graded(tmp_path, f"{EVERY}/order-1", "1", "2", "3")["quality"] == 5
    assert graded(tmp_path, f"{EVERY}/order-1", "2", "1", "3")["quality"] == 2
    assert graded(tmp_path, f"{EVERY}/typed-1", "quadricepz")["quality"] == 2
    assert graded(tmp_path, f"{EVERY}/typed-1")["quality"] == 0


def test_wrong_shapes_say_what_to_give(tmp_path: Path) -> None:
    cases = {
        (f"{EVERY}/mcq-1", "4"): "'4' is not one of the option numbers, 1 to 3",
        (f"{EVERY}/mcq-1", "1", "2"): "an mcq takes one option number",
        (f"{EVERY}/order-1", "1", "2"): "give all 3 step numbers",
        (f"{EVERY}/order-1", "1", "1", "2"): "step 1 is given twice",
        (f"{EVERY}/cloze-1", "glutes"): "give one answer per blank: the card has 2",
        (f"{EVERY}/basic-1", "x"): "basic cards are self-graded",
        ("leg-curl/no-such-card", "x"): "deck 'leg-curl' has no card 'no-such-card'",
        ("leg-curl/biceps-femoris-head", "x"): "did you mean 'leg-curl/biceps-femoris-heads'?",
        ("leg-crul/x", "y"): "no deck 'leg-crul'; did you mean 'leg-curl'?",
        ("leg-curl", "y"): "write the card as DECK/CARD",
    }
    for args, message in cases.items():
        result = run("--data-dir", str(tmp_path), "grade", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)
        assert "Traceback" not in result.output
