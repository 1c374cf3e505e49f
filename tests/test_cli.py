"""The command line, driven as a user types it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import BROKEN, ROOT, VALID

from studytool.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), env=env)


def all_commands() -> list[str]:
    """Every command as typed after `studytool`: a group's as "group command"."""
    found = []
    for name in main.list_commands(click.Context(main)):
        command = main.get_command(click.Context(main), name)
        if isinstance(command, click.Group):
            found += [f"{name} {sub}" for sub in command.list_commands(click.Context(command))]
        else:
            found.append(name)
    return sorted(found)


SERVER_ONLY = ("class init", "class join")
"""Commands that only speak to the sync server: they have no data dir to be told of."""


@pytest.mark.parametrize("command", [None, "class", *all_commands()])
def test_every_command_has_help_with_an_example(command: str | None) -> None:
    result = run(*(command.split() if command else []), "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    if command not in (*SERVER_ONLY, "class"):
        assert "--data-dir" in result.output


def test_lint_bundled_decks_is_clean() -> None:
    result = run("lint")
    assert result.exit_code == 0, result.output
    share, summary = result.output.splitlines()
    assert "leg-curl.yaml: the right option is the longest in " in share
    assert summary.startswith("checked 1 deck file (") and summary.endswith("cards): no problems")


def test_lint_reports_errors_with_positions_and_exits_1() -> None:
    path = BROKEN / "duplicate-key.yaml"
    result = run("lint", str(path))
    assert result.exit_code == 1
    assert f"{path}:13:5: error: duplicate key 'front' (already given on line 11)" in result.output
    assert "Traceback" not in result.output


def test_lint_checks_several_files_and_folders_at_once() -> None:
    result = run("lint", str(VALID), str(BROKEN / "empty-text.yaml"))
    assert result.exit_code == 1
    assert "checked 2 deck files: 3 errors, 0 warnings" in result.output


def test_warnings_pass_unless_strict() -> None:
    path = str(BROKEN / "warnings.yaml")
    assert run("lint", path).exit_code == 0
    assert run("lint", "--strict", path).exit_code == 1


def test_lint_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("lint", str(tmp_path / "nope.yaml")).exit_code == 2
    assert run("lint", "--format", "xml", str(VALID)).exit_code == 2
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    assert run("lint", str(empty)).exit_code == 2


def test_lint_json_lists_every_finding() -> None:
    result = run("lint", "--format", "json", str(BROKEN / "mcq-correct-count.yaml"))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 4 and report["warnings"] == 0
    first = report["diagnostics"][0]
    assert {k: first[k] for k in ("line", "column", "severity", "code")} == {
        "line": 13, "column": 7, "severity": "error", "code": "correct-count",
    }  # fmt: skip
    assert report["files"][0]["deck"] is None


def test_lint_json_for_a_clean_deck() -> None:
    report = json.loads(run("lint", "--format", "json", str(VALID)).output)
    assert report["files"] == [
        {"path": str(VALID / "every-type.yaml"), "deck": "every-type", "cards": 7,
         "errors": 0, "warnings": 0,
         "mcq_right_option_longest": {"mcqs": 1, "longest": 0, "chance": 0.3333}},
    ]  # fmt: skip


def test_schema_prints_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "studytool deck"


def test_bare_command_outside_a_terminal_prints_todays_review(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "The hamstring leg curl (leg-curl): 0 due, 20 new today" in result.output
    assert str(tmp_path / "studytool.db") in result.output


@pytest.mark.parametrize(("args", "at_once"), [([], False), (["review"], True)])
def test_bare_command_opens_home_and_review_starts_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], at_once: bool
) -> None:
    from studytool.tui.app import StudyApp

    opened: list[StudyApp] = []
    monkeypatch.setattr(StudyApp, "run", lambda self: opened.append(self))
    monkeypatch.setattr("studytool.cli.opening.interactive", lambda: True)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    (app,) = opened
    assert app.review_at_once is at_once
    assert [d.id for d in app.study.decks] == ["leg-curl"]
    assert app.study.database_path == tmp_path / "studytool.db"


def test_review_of_named_decks_only(tmp_path: Path) -> None:
    result = run("review", "every-type", "--deck", str(VALID), "--data-dir", str(tmp_path))
    assert "One card of every type" in result.output and "leg-curl" not in result.output
    wrong = run("review", "nope", "--data-dir", str(tmp_path))
    assert wrong.exit_code == 2 and "no deck nope" in wrong.output


@pytest.mark.parametrize(
    "args",
    [["--data-dir", "{d}"], ["review", "--data-dir", "{d}"], ["--data-dir", "{d}", "review"]],
)
def test_data_dir_flag_works_before_or_after_the_command(tmp_path: Path, args: list[str]) -> None:
    result = run(*[a.format(d=tmp_path) for a in args])
    assert str(tmp_path / "studytool.db") in result.output


def test_data_dir_comes_from_the_environment_when_no_flag(tmp_path: Path) -> None:
    result = run("review", env={"STUDYTOOL_DATA_DIR": str(tmp_path / "env")})
    assert str(tmp_path / "env" / "studytool.db") in result.output
    flagged = run("review", "--data-dir", str(tmp_path / "flag"),
                  env={"STUDYTOOL_DATA_DIR": str(tmp_path / "env")})  # fmt: skip
    assert str(tmp_path / "flag" / "studytool.db") in flagged.output


def test_decks_in_the_data_dir_and_from_deck_flags_are_found(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    shutil.copy(VALID / "every-type.yaml", tmp_path / "decks" / "mine.yaml")
    listed = run("decks", "--data-dir", str(tmp_path)).output
    assert "leg-curl" in listed and "every-type" in listed
    other = tmp_path / "other.yaml"
    other.write_text((VALID / "every-type.yaml").read_text().replace("id: every-type", "id: x"))
    listed = run("--deck", str(other), "decks", "--deck", str(VALID)).output
    assert "x " in listed and "every-type" in listed


def test_a_broken_deck_is_left_out_with_its_errors_shown(tmp_path: Path) -> None:
    result = run("review", "--deck", str(BROKEN / "duplicate-key.yaml"))
    assert result.exit_code == 0
    assert "duplicate key 'front'" in result.stderr
    assert "left out until its errors are fixed" in result.stderr
    assert "leg-curl" in result.stdout


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studytool", "lint", str(VALID)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no problems" in done.stdout


def test_readme_documents_every_command_once_with_an_example() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| `studytool")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert all(len(row) == 3 for row in cells), rows
    commands = all_commands()
    named = []
    for row in cells:
        words = row[0].strip("`").split()[1:3]
        named += [" ".join(words)] if " ".join(words) in commands else words[:1]
    assert sorted(named) == commands
    for row in cells:
        command = row[0].strip("`").split()[: 3 if row[0].startswith("`studytool class") else 2]
        assert row[2].startswith("`" + " ".join(command)), row
