"""Deck-quality warnings (lint only), `studytool lint --against` and `studytool new`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, TESTS

from studytool.cli import main
from studytool.cli.render import lint_text
from studytool.core.cards import BasicCard
from studytool.core.cardset import Cards
from studytool.core.models import Deck, Source, Topic
from studytool.deck import lint_warnings
from studytool.deck.lint import lint
from studytool.deck.reader import load_deck, parse_deck
from studytool.deck.spec import json_schema, json_schema_text

QUALITY = TESTS / "decks" / "quality"
VALID = TESTS / "decks" / "valid"
AGAINST = TESTS / "decks" / "against"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z-]+)$", re.M)
CORPUS = sorted(QUALITY.glob("*.yaml"))


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def expected_findings(path: Path) -> list[tuple[int, int, str, str]]:
    return [(int(a), int(b), c, d) for a, b, c, d in EXPECT.findall(path.read_text())]


# -- the quality warnings ------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_warning_fires_on_the_bad_cards_and_on_no_good_one(path: Path) -> None:
    expected = expected_findings(path)
    assert expected, f"{path.name} lists no '# expect:' lines"
    (result,) = lint([path]).results
    assert [(d.line, d.column, d.severity, d.code) for d in result.diagnostics] == expected


def test_the_corpus_covers_every_quality_warning() -> None:
    codes = {code for path in CORPUS for *_, code in expected_findings(path)}
    assert set(lint_warnings.CODES) - {"changed-answer", "changed-type"} <= codes


def test_lint_gives_the_share_of_mcq_whose_right_option_is_the_longest() -> None:
    """Ties are no cue: only an option longer than every wrong one counts."""
    fair = lint_text(lint([VALID / "every-type.yaml"]))
    assert f"{VALID / 'every-type.yaml'}: the right option is the longest in 0 of 1 mcq (0%; " \
        "by chance 33%)" in fair.splitlines()  # fmt: skip
    cued = lint_text(lint([QUALITY / "length-cue.yaml"]))
    assert "the right option is the longest in 10 of 10 mcq (100%; by chance 25%)" in cued


def test_loading_a_deck_to_study_it_runs_none_of_the_quality_checks() -> None:
    found = [(d.line, d.code) for d in load_deck(QUALITY / "options.yaml").diagnostics]
    assert found == [(96, "repeated-option")]  # the loader's own check, on the option's line


def test_messages_say_what_is_wrong_and_how_to_fix_it() -> None:
    report = lint_text(lint([QUALITY / "near-duplicate.yaml", QUALITY / "answer-in-question.yaml",
                             QUALITY / "options.yaml"]))  # fmt: skip
    near = str(QUALITY / "near-duplicate.yaml")
    assert (
        f"{near}:14:5: warning: card 'antagonist-again' is nearly the same as card "
        "'antagonist' (line 7): 86% alike in question and answer; remove one, or make each "
        "ask its own fact"
    ) in report
    assert "'quads' appears in the hint; reword the hint" in report
    assert "'flex' appears in the text outside the blanks" in report
    assert "the correct option is 68 characters and the longest wrong one 14" in report
    assert "option 'All of the above' refers to other options" in report
    assert "option 'Flex it!' says the same as 'Flex it'" in report


def test_lint_json_lists_the_quality_codes() -> None:
    result = run("lint", "--format", "json", str(QUALITY))
    assert result.exit_code == 0, result.output
    codes = {d["code"] for d in json.loads(result.output)["diagnostics"]}
    assert set(lint_warnings.CODES) - {"changed-answer", "changed-type"} <= codes
    assert run("lint", "--strict", str(QUALITY)).exit_code == 1


def test_the_bundled_deck_has_no_quality_warning() -> None:
    deck = load_deck(ROOT / "decks" / "leg-curl.yaml").deck
    assert deck is not None
    assert [str(d) for d in lint_warnings.check_deck(deck)] == []


def test_every_repeat_of_one_card_is_reported_however_many_there_are() -> None:
    cards = tuple(
        BasicCard(id=f"c{n}", topic="t", front="Where do the hamstrings lie?",
                  back="Behind the femur.", line=n + 1)
        for n in range(300)
    )  # fmt: skip
    deck = Deck(id="d", title="D", version=1, source=Source(title="S"),
                topics=(Topic("t", "T"),), cards=Cards.of(cards))  # fmt: skip
    found = lint_warnings.near_duplicates(deck)
    assert len(found) == 299
    assert all("nearly the same as card 'c0' (line 1): 100% alike" in d.message for d in found)


def test_the_benchmark_deck_has_cards_as_varied_as_real_ones() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import deck_yaml
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    result = parse_deck(deck_yaml(3000), "bench.yaml")
    assert result.deck is not None and result.diagnostics == ()
    assert lint_warnings.check_deck(result.deck) == []


# -- lint --against ------------------------------------------------------------------------


def test_against_warns_where_an_id_now_holds_another_fact() -> None:
    result = run("lint", str(AGAINST / "new.yaml"), "--against", str(AGAINST / "old.yaml"))
    assert result.exit_code == 0, result.output
    *diagnostics, share, summary = result.output.splitlines()
    found = [line.split(": ", 2) for line in diagnostics]
    where = str(AGAINST / "new.yaml")
    assert [(at, severity) for at, severity, _ in found] == [
        (f"{where}:21:5", "warning"),  # changed: the right option is now another fact
        (f"{where}:38:5", "warning"),  # retyped: typed -> mcq
        (f"{where}:48:5", "warning"),  # cloze-changed: flex -> extend
    ]  # reworded (line 7) and typo-fixed (line 14) keep their progress quietly
    assert (
        "card 'changed' kept its id but its answer changed from 'Flex it' to 'Extend it'"
        in (found[0][2])
    )
    assert "progress under this id would be carried to a different fact" in found[0][2]
    assert "card 'retyped' was a typed card and is now an mcq card" in found[1][2]
    assert share.startswith(f"{where}: the right option is the longest in ")
    assert summary == "checked 1 deck file: 0 errors, 3 warnings"


def test_against_suggests_an_id_no_version_of_the_deck_uses() -> None:
    report = json.loads(run("lint", "--format", "json", str(AGAINST / "new.yaml"),
                            "--against", str(AGAINST / "old.yaml")).output)  # fmt: skip
    codes = [d["code"] for d in report["diagnostics"]]
    assert codes == ["changed-answer", "changed-type", "changed-answer"]
    suggested = [re.search(r"such as '([^']+)'", d["message"]) for d in report["diagnostics"]]
    decks = [load_deck(AGAINST / f"{name}.yaml").deck for name in ("old", "new")]
    ids = {card.id for deck in decks if deck for card in deck.cards}
    assert [m.group(1) for m in suggested if m] == ["changed-3", "retyped-2", "cloze-changed-2"]
    assert not ids & {m.group(1) for m in suggested if m}


def test_against_a_deck_that_cannot_be_compared_is_a_usage_error(tmp_path: Path) -> None:
    broken = run("lint", str(AGAINST / "new.yaml"), "--against", str(TESTS / "decks" /
                 "broken" / "empty.yaml"))  # fmt: skip
    assert broken.exit_code == 2
    assert "has errors, so its cards cannot be compared" in broken.output
    other = run("lint", str(AGAINST / "new.yaml"), "--against", str(QUALITY / "options.yaml"))
    assert other.exit_code == 2
    assert "no deck checked has its id 'options'" in other.output
    assert run("lint", str(AGAINST / "new.yaml"), "--against", str(tmp_path)).exit_code == 2


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ("quadricpes", "quadriceps", False),  # a typo fixed
        ("Along the back of the thigh, behind the femur.",
         "Behind the femur, at the back of the thigh.", False),  # reworded
        ("Exhale on the curl", "Breathe out while curling", False),
        ("Biceps femoris / Semitendinosus", "Biceps femoris / Semitendinosus / Semimembranosus",
         False),
        ("Flex it", "Extend it", True),
        ("8-20 reps", "6-12 reps", True),
        ("quadriceps", "hamstrings", True),
    ],
)  # fmt: skip
def test_what_counts_as_a_changed_answer(old: str, new: str, changed: bool) -> None:
    assert (lint_warnings.answer_similarity(old, new) < lint_warnings.CHANGED_SIMILARITY) is changed


# -- studytool new -------------------------------------------------------------------------


def test_new_writes_a_starter_deck_that_lints_strictly_clean(tmp_path: Path) -> None:
    deck = tmp_path / "My Squat Deck.yaml"
    result = run("new", str(deck))
    assert result.exit_code == 0, result.output
    assert f"wrote {deck} (deck 'my-squat-deck', one card of every type)" in result.output
    assert "studytool lint" in result.output and "studytool preview" in result.output
    assert run("lint", "--strict", str(deck)).output.endswith("(6 cards): no problems\n")
    loaded = load_deck(deck).deck
    assert loaded is not None and loaded.id == "my-squat-deck"
    assert {c.type for c in loaded.cards} == {"basic", "mcq", "multi", "typed", "cloze", "order"}
    text = deck.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=deck.schema.json"
    assert (tmp_path / "deck.schema.json").read_text() == json_schema_text()
    jsonschema.validate(yaml.safe_load(text), json_schema())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["My Squat Deck.yaml", "deck.schema.json"]


def test_new_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    deck = tmp_path / "squat.yaml"
    deck.write_text("id: mine\n")
    refused = run("new", str(deck))
    assert refused.exit_code == 1
    assert f"{deck} already exists; use --force to replace it" in refused.output
    assert deck.read_text() == "id: mine\n"
    forced = run("new", str(deck), "--force")
    assert forced.exit_code == 0, forced.output
    assert deck.read_text().startswith("# yaml-language-server")


def test_new_needs_a_yaml_file_name(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "squat.txt"))
    assert result.exit_code == 2
    assert "a deck file name ends in .yaml or .yml" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_creates_missing_folders_and_keeps_an_existing_schema(tmp_path: Path) -> None:
    deck = tmp_path / "a" / "b" / "squat.yml"
    assert run("new", str(deck)).exit_code == 0
    assert load_deck(deck).deck is not None
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "deck.schema.json").write_text("{}\n")
    kept = run("new", str(tmp_path / "c" / "squat.yaml"))
    assert kept.exit_code == 0
    assert "kept" in kept.output and "studytool schema >" in kept.output
    assert (tmp_path / "c" / "deck.schema.json").read_text() == "{}\n"


def test_new_on_a_folder_or_in_a_read_only_place_says_why(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    folder = run("new", str(tmp_path / "x.yaml"))
    assert folder.exit_code == 1 and "is a folder" in folder.output
    blocked = tmp_path / "file"
    blocked.write_text("")
    nowhere = run("new", str(blocked / "squat.yaml"))
    assert nowhere.exit_code == 1 and "cannot create the folder" in nowhere.output
    assert "Traceback" not in folder.output + nowhere.output


def test_two_long_near_duplicates_are_found_in_bounded_time(tmp_path: Path) -> None:
    # Mostly one word, as a pasted or generated deck can be: the worst case of a matcher
    # that pairs up equal words.
    words = " ".join("hamstring" if n % 400 else f"marker{n}" for n in range(16_000))
    deck = tmp_path / "long.yaml"
    deck.write_text(
        "id: long\ntitle: T\nversion: 1\nsource: {title: S}\ntopics: {t: T}\ncards:\n"
        f"  - {{id: a, type: basic, topic: t, source: S, explanation: e, front: '{words}', "
        "back: one}\n"
        f"  - {{id: b, type: basic, topic: t, source: S, explanation: e, front: '{words} x', "
        "back: one}\n"
    )
    # In a process of its own with a deadline: a quadratic comparison took 25-40 s here.
    done = subprocess.run([sys.executable, "-m", "studytool", "lint", str(deck)],
                          capture_output=True, text=True, timeout=10, check=False,
                          env={**os.environ, "STUDYTOOL_CACHE_DIR": ""})  # fmt: skip
    assert "card 'b' is nearly the same as card 'a'" in done.stdout, done.stdout + done.stderr
