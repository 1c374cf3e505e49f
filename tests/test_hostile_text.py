"""Deck text and file names are data: they never style or steer the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import VALID, FakeClock
from tui.conftest import START, screen_text

from studytool.cli import main
from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.home import HomeScreen

MARKUP = "[bold red]Hamstrings[/] [link=https://evil.example]101[/link]"


def hostile_deck(tmp_path: Path) -> Path:
    text = (VALID / "every-type.yaml").read_text()
    text = text.replace("title: One card of every type", f"title: '{MARKUP}'")
    text = text.replace("muscles: Muscles", "muscles: '[i]Muscles[/i]'")
    text = text.replace("explanation: Knee flexion is their job.",
                        "explanation: '[reverse]Knee[/reverse] flexion'")  # fmt: skip
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    return path


async def test_markup_in_titles_topics_and_explanations_shows_literally(tmp_path: Path) -> None:
    deck = load_deck(hostile_deck(tmp_path)).deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=START)
    app = StudyApp(Study(store, [deck], Limits(), FakeClock(START)), timer=lambda: 0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert MARKUP in screen_text(app) and "[i]Muscles[/i]" in screen_text(app)
        await pilot.press("enter")  # home first: Enter starts the review
        await pilot.press("space", "5", "enter", "enter", "enter", "enter")  # to the mcq
        await pilot.press("1", "2", "3")
        assert "[reverse]Knee[/reverse] flexion" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert MARKUP in screen_text(app) and "[i]Muscles[/i]" in screen_text(app)


def test_escape_sequences_in_a_deck_are_refused_and_never_echoed(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text((VALID / "every-type.yaml").read_text().replace(
        "back: Behind the thigh.", 'back: "\\e]52;c;aGk=\\a\\e[2J"'))  # fmt: skip
    result = CliRunner().invoke(main, ["lint", str(deck)])
    assert result.exit_code == 1
    assert "control character U+001B" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_file_names_with_escape_sequences_are_escaped_in_output(tmp_path: Path) -> None:
    sneaky = tmp_path / "\x1b[31mred.yaml"
    shutil.copy(VALID / "every-type.yaml", sneaky)
    sneaky.write_text(sneaky.read_text().replace("version: 2", "version: zero"))
    result = CliRunner().invoke(main, ["lint", str(sneaky)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\\x1b[31mred.yaml" in result.output
    listed = CliRunner().invoke(main, ["decks", "--deck", str(tmp_path)])
    assert "\x1b" not in listed.output + listed.stderr


def test_a_data_folder_named_with_escape_sequences_is_escaped_in_every_message(
    tmp_path: Path,
) -> None:
    data = tmp_path / "x\x1b]0;pwned\x07"
    data.mkdir()
    (data / "config.toml").write_text('new_per_day = "many"\n')
    env = {"STUDYTOOL_CONFIG": str(data / "config.toml")}
    runner = CliRunner()
    outputs = [runner.invoke(main, ["due", "--data-dir", str(tmp_path / "d")], env=env).output]
    (data / "config.toml").write_text("")
    dated = runner.invoke(main, ["exam-date", "2099-01-01", "--data-dir", str(data)], env=env)
    outputs.append(dated.output)
    (data / "store" / "studytool.db").mkdir(parents=True)
    store = runner.invoke(main, ["stats", "--data-dir", str(data / "store")], env=env)
    outputs.append(store.output)
    assert all("x\\x1b]0;pwned\\x07" in output for output in outputs), outputs
    assert not any("\x1b" in output or "\x07" in output for output in outputs)
