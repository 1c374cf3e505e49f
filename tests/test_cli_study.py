"""`studytool due`, `doctor` and the settings, through the command line on real files."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, VALID, FakeClock

from studytool.cli import main
from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.store.database import Store


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def deck_args(data: Path) -> list[str]:
    return ["--data-dir", str(data), "--deck", str(VALID / "every-type.yaml")]


def answer_some(data: Path, answers: int) -> None:
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    clock = FakeClock(datetime.now(UTC))
    store = Store.open(data / "studytool.db", now=clock())
    study = Study(store, [deck], Limits(), clock)
    study.start(["every-type"])
    for _ in range(answers):
        study.answer(5, True)
    store.close()


def test_due_json_counts_per_deck_and_topic(tmp_path: Path) -> None:
    result = run("due", "--json", *deck_args(tmp_path))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    every = next(d for d in report["decks"] if d["deck"] == "every-type")
    assert (every["due"], every["new"], every["unseen"]) == (0, 7, 7)
    assert [(t["topic"], t["new"]) for t in every["topics"]] == [("muscles", 4), ("form", 3)]
    assert (tmp_path / "studytool.db").exists()


def test_due_after_answers_and_with_a_lower_new_limit(tmp_path: Path) -> None:
    answer_some(tmp_path, 3)
    report = json.loads(run("due", "--json", *deck_args(tmp_path)).output)
    every = next(d for d in report["decks"] if d["deck"] == "every-type")
    assert (every["new"], every["unseen"]) == (4, 4)
    limited = json.loads(run("due", "--json", "--new-limit", "5", *deck_args(tmp_path)).output)
    every = next(d for d in limited["decks"] if d["deck"] == "every-type")
    assert every["new"] == 2  # 3 of today's 5 already used


def test_limits_come_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("new_per_day = 2\n")
    env = {"STUDYTOOL_CONFIG": str(config)}
    report = json.loads(run("due", "--json", *deck_args(tmp_path / "d"), env=env).output)
    assert next(d for d in report["decks"] if d["deck"] == "every-type")["new"] == 2
    flagged = run("due", "--json", "--new-limit", "6", *deck_args(tmp_path / "d"), env=env)
    assert next(d for d in json.loads(flagged.output)["decks"]
                if d["deck"] == "every-type")["new"] == 6  # fmt: skip


@pytest.mark.parametrize(
    ("content", "words"),
    [("new_per_day = -1\n", "new_per_day must be"), ("new_per_day = [\n", "config.toml")],
)
def test_a_bad_config_file_is_a_clear_usage_error(tmp_path: Path, content: str, words: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(content)
    result = run("due", *deck_args(tmp_path / "d"), env={"STUDYTOOL_CONFIG": str(config)})
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_bad_database_files_exit_with_their_documented_codes(tmp_path: Path) -> None:
    (tmp_path / "studytool.db").write_text("not a database")
    result = run("due", *deck_args(tmp_path))
    assert result.exit_code == 3
    assert "not a studytool database" in result.stderr
    newer = tmp_path / "newer"
    Store.open(newer / "studytool.db", now=datetime.now(UTC)).close()
    with sqlite3.connect(newer / "studytool.db") as connection:
        connection.execute("PRAGMA user_version = 42")
    connection.close()
    result = run("review", *deck_args(newer))
    assert result.exit_code == 4
    assert "newer studytool" in result.stderr


def test_doctor_finds_and_rebuilds_a_drifted_card(tmp_path: Path) -> None:
    answer_some(tmp_path, 4)
    healthy = run("doctor", "--data-dir", str(tmp_path))
    assert healthy.exit_code == 0
    assert "4 reviews, 7 cards: integrity ok" in healthy.output
    with sqlite3.connect(tmp_path / "studytool.db") as connection:
        connection.execute(
            "UPDATE cards SET memory = json_set(memory, '$.interval', 99) WHERE card_id = 'mcq-1'"
        )
    connection.close()
    found = run("doctor", "--data-dir", str(tmp_path))
    assert found.exit_code == 1
    assert "every-type/mcq-1: stored state differs" in found.output
    fixed = run("doctor", "--rebuild", "--data-dir", str(tmp_path))
    assert fixed.exit_code == 0
    assert "rebuilt 1 card state and" in fixed.output
    assert list(tmp_path.glob("studytool.db.*.bak"))
    assert run("doctor", "--data-dir", str(tmp_path)).exit_code == 0


def test_suspend_and_unsuspend_from_the_command_line(tmp_path: Path) -> None:
    args = deck_args(tmp_path)
    done = run("suspend", "every-type/typed-1", *args)
    assert done.exit_code == 0 and "suspended" in done.output
    report = json.loads(run("due", "--json", *args).output)
    every = next(d for d in report["decks"] if d["deck"] == "every-type")
    assert (every["new"], every["suspended"]) == (6, 1)
    assert run("unsuspend", "every-type/typed-1", *args).exit_code == 0
    report = json.loads(run("due", "--json", *args).output)
    assert next(d for d in report["decks"] if d["deck"] == "every-type")["new"] == 7


def test_suspend_an_unknown_card_suggests_the_right_one(tmp_path: Path) -> None:
    result = run("suspend", "every-type/typed-2", *deck_args(tmp_path))
    assert result.exit_code == 2
    assert "did you mean 'every-type/typed-1'?" in result.output
    assert run("suspend", "typed-1", *deck_args(tmp_path)).exit_code == 2
    assert "no deck 'nope'" in run("suspend", "nope/x", *deck_args(tmp_path)).output


class Malformed:
    """A connection to a file whose pages turned bad after it was opened."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, *args: object) -> sqlite3.Cursor:
        raise sqlite3.DatabaseError("database disk image is malformed")

    def __getattr__(self, name: str) -> object:
        return getattr(self.connection, name)


@pytest.fixture
def damaged_after_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Store.open

    def damaged(cls: type[Store], path: Path, **options: object) -> Store:
        store = opened(path, **options)  # type: ignore[arg-type]
        store.connection = Malformed(store.connection)  # type: ignore[assignment]
        return store

    monkeypatch.setattr(Store, "open", classmethod(damaged))


@pytest.mark.usefixtures("damaged_after_opening")
def test_a_page_damaged_after_opening_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = run("due", *deck_args(tmp_path))
    assert result.exit_code == 3
    assert (
        f"error: {tmp_path / 'studytool.db'} is damaged or is not a studytool database "
        "(database disk image is malformed). It was left untouched: restore a backup "
        "(studytool.db.*.bak beside it) or move it aside to start afresh.\n"
    ) == result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_flagged_cards_are_listed_for_the_instructor(tmp_path: Path) -> None:
    assert run("flags", "--data-dir", str(tmp_path)).output.strip() == "no flagged cards"
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=datetime.now(UTC))
    Study(store, [deck], Limits(), lambda: datetime.now(UTC)).flag(
        "every-type", "mcq-1", " Option 2 is also right "
    )
    store.close()
    listed = run("flags", "--data-dir", str(tmp_path)).output
    assert "every-type/mcq-1" in listed and ": Option 2 is also right" in listed
    # The deck it belongs to is not among the decks found: the question cannot be shown.
    assert "  (question unavailable: the card is not in the decks loaded)" in listed
    report = json.loads(run("flags", "--json", "--data-dir", str(tmp_path)).output)
    assert [(r["card_id"], r["note"], r["question"]) for r in report] == [
        ("mcq-1", "Option 2 is also right", None)
    ]
    with_deck = run("flags", *deck_args(tmp_path)).output
    assert "every-type/mcq-1" in with_deck
    assert "\n  What do the hamstrings do at the knee?\n" in with_deck
    report = json.loads(run("flags", "--json", *deck_args(tmp_path)).output)
    assert report[0]["question"] == "What do the hamstrings do at the knee?"


def test_an_empty_data_dir_is_refused() -> None:
    result = run("due", "--data-dir", "")
    assert result.exit_code == 2 and "give a folder" in result.output


def test_limit_errors_name_the_flag_given(tmp_path: Path) -> None:
    result = run("due", "--new-limit", "-1", *deck_args(tmp_path))
    assert result.exit_code == 2 and "--new-limit: new_per_day must be" in result.output


def test_doctor_on_a_data_dir_without_a_database_creates_nothing(tmp_path: Path) -> None:
    result = run("doctor", "--data-dir", str(tmp_path / "none"))
    assert result.exit_code == 0 and "nothing to check" in result.output
    assert not (tmp_path / "none").exists()


def test_doctor_notices_a_lost_state_row_and_rebuilds_it(tmp_path: Path) -> None:
    answer_some(tmp_path, 3)
    with sqlite3.connect(tmp_path / "studytool.db") as connection:
        connection.execute("DELETE FROM cards WHERE card_id = 'basic-1'")
    connection.close()
    found = run("doctor", "--data-dir", str(tmp_path))
    assert found.exit_code == 1 and "every-type/basic-1" in found.output
    assert run("doctor", "--rebuild", "--data-dir", str(tmp_path)).exit_code == 0
    assert run("doctor", "--data-dir", str(tmp_path)).exit_code == 0


def test_suspending_twice_says_so_and_logs_once(tmp_path: Path) -> None:
    run("suspend", "every-type/typed-1", *deck_args(tmp_path))
    again = run("suspend", "every-type/typed-1", *deck_args(tmp_path))
    assert "already suspended" in again.output
    with sqlite3.connect(tmp_path / "studytool.db") as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    connection.close()


@pytest.mark.usefixtures("damaged_after_opening")
def test_errors_name_the_database_given_after_the_command(tmp_path: Path) -> None:
    result = run("due", *deck_args(tmp_path))
    assert str(tmp_path / "studytool.db") in result.stderr


def test_stats_json_has_every_figure(tmp_path: Path) -> None:
    answer_some(tmp_path, 3)
    result = run("stats", "every-type", "--json", *deck_args(tmp_path))
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["streak"] == 1 and report["longest_streak"] == 1
    assert sum(report["answers_per_day"].values()) == 3
    assert len(report["forecast"]) == 30 and report["forecast"][1]["due"] == 3
    assert report["retention"]["young"] == {"reviews": 0, "passed": 0, "share": None}
    muscles = next(t for t in report["topics"] if t["topic"] == "muscles")
    assert (muscles["cards"], muscles["answered_30d"], muscles["accuracy_30d"]) == (4, 2, 1.0)
    text = run("stats", "every-type", *deck_args(tmp_path)).output
    assert "streak 1 day, longest 1 day; 3 answers on 1 day" in text


def test_hardest_cards_show_their_questions(tmp_path: Path) -> None:
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=datetime.now(UTC))
    study = Study(store, [deck], Limits(), lambda: datetime.now(UTC))
    study.start(["every-type"])
    study.answer(1, False)  # basic-1, "Where are the hamstrings?", missed once
    store.close()
    text = run("stats", "every-type", *deck_args(tmp_path)).output
    assert "  hardest cards:\n    basic-1: 1 of 1 wrong\n      Where are the hamstrings?\n" in text
    assert "streak 1 day, longest 1 day; 1 answer on 1 day" in text
    (report,) = json.loads(run("stats", "every-type", "--json", *deck_args(tmp_path)).output)
    assert report["hardest"] == [
        {"card": "basic-1", "question": "Where are the hamstrings?", "wrong": 1, "answers": 1}
    ]


def test_a_one_run_new_limit_is_not_taken_for_the_setting_in_the_exam_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.engine.reports import plan_lines
    from studytool.tui.app import StudyApp

    config = tmp_path / "config.toml"
    far = datetime.now(UTC).date() + timedelta(days=60)
    config.write_text(f'new_per_day = 20\nexam_date = "{far.isoformat()}"\n')
    shown: list[tuple[int, list[str]]] = []

    def run_app(app: StudyApp) -> None:  # what home would show, while the database is open
        assert app.study.exam_day == far
        shown.append((app.study.limits.new_per_day, plan_lines(far, app.study.exam_plan(far))))

    monkeypatch.setattr(StudyApp, "run", run_app)
    monkeypatch.setattr("studytool.cli.opening.interactive", lambda: True)
    result = run("review", "--new-limit", "0", *deck_args(tmp_path / "d"),
                 env={"STUDYTOOL_CONFIG": str(config)})  # fmt: skip
    assert result.exit_code == 0, result.output
    ((new_today, lines),) = shown
    assert new_today == 0  # this run brings no new card …
    # … but the bundled deck's unseen cards over some 38 days fit the setting of 20 a day.
    unseen = len(load_deck(ROOT / "decks" / "leg-curl.yaml").deck.cards)
    track = next(line for line in lines if "on track" in line)
    assert re.fullmatch(rf"    on track: {unseen} new cards to learn at [1-9] a day\.", track)
    assert not any("raise" in line for line in lines)


def test_exam_date_is_kept_in_the_config_and_planned_for(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("new_per_day = 2\n")
    env = {"STUDYTOOL_CONFIG": str(config)}
    args = deck_args(tmp_path / "d")
    assert "no exam date set" in run("exam-date", *args, env=env).output
    today = datetime.now(UTC).date()  # the study day may differ by one near midnight
    far = today + timedelta(days=60)
    set_far = run("exam-date", far.isoformat(), *args, env=env)
    assert set_far.exit_code == 0, set_far.output
    assert config.read_text() == f'new_per_day = 2\nexam_date = "{far.isoformat()}"\n'
    # 7 unseen cards over roughly 60 - 22 days: 1 a day, within the limit of 2
    assert "  One card of every type\n    on track: 7 new cards to learn at 1 a day." in (
        set_far.output
    )
    near = run("exam-date", (today + timedelta(days=10)).isoformat(), *args, env=env)
    assert "7 cards unseen, too little time to master" in near.output
    assert run("exam-date", "--clear", *args, env=env).exit_code == 0
    assert config.read_text() == "new_per_day = 2\n"
    bad = run("exam-date", "next friday", *args, env=env)
    assert bad.exit_code == 2 and "not a date like" in bad.output


def test_exam_date_goes_before_the_first_table_and_leaves_look_alike_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('new_per_day = 2\nexam_date_reminder = true\n\n[display]\ntheme = "dark"\n')
    env = {"STUDYTOOL_CONFIG": str(config)}
    day = (datetime.now(UTC).date() + timedelta(days=60)).isoformat()
    assert run("exam-date", day, *deck_args(tmp_path / "d"), env=env).exit_code == 0
    assert config.read_text() == (
        f'new_per_day = 2\nexam_date_reminder = true\nexam_date = "{day}"\n\n'
        '[display]\ntheme = "dark"\n'
    )
    shown = run("exam-date", *deck_args(tmp_path / "d"), env=env)
    assert f"({day})" in shown.output  # read back: the date is not lost in the table


def test_an_exam_date_and_time_in_the_config_counts_as_its_day(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    day = datetime.now(UTC).date() + timedelta(days=60)
    config.write_text(f"exam_date = {day.isoformat()}T10:00:00\n")
    result = run("exam-date", *deck_args(tmp_path / "d"), env={"STUDYTOOL_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
    assert f"({day.isoformat()})." in result.output and "Exam in " in result.output


def test_exam_history_lists_results(tmp_path: Path) -> None:
    assert "no mock exams yet" in run("exam", "--history", *deck_args(tmp_path)).output
    deck = load_deck(VALID / "every-type.yaml").deck
    assert deck is not None
    store = Store.open(tmp_path / "studytool.db", now=datetime.now(UTC))
    study = Study(store, [deck], Limits(), lambda: datetime.now(UTC))
    paper = study.start_exam("every-type", questions=2, seed=1)
    paper.questions[0].answer = next(
        i for i, o in enumerate(paper.questions[0].card.options) if o.correct
    ) if paper.questions[0].card.type == "mcq" else frozenset(
        i for i, o in enumerate(paper.questions[0].card.options) if o.correct
    )  # fmt: skip
    study.finish_exam(paper, 30.0, timed_out=False)
    store.close()
    listed = run("exam", "--history", *deck_args(tmp_path)).output
    assert "every-type" in listed and "50% fail (1/2, pass 70%)" in listed
    assert run("exam", "nope", *deck_args(tmp_path)).exit_code == 2
    assert run("exam", "every-type", "--topic", "legs", *deck_args(tmp_path)).exit_code == 2


def test_a_damaged_database_is_refused_and_doctor_says_why(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "studytool.db", now=datetime.now(UTC))
    store.sync_deck("d", [f"card-{i}" for i in range(3000)], datetime.now(UTC))
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray((tmp_path / "studytool.db").read_bytes())
    for offset in range(3 * 4096, 3 * 4096 + 200):
        data[offset] ^= 0x5A
    (tmp_path / "studytool.db").write_bytes(bytes(data))
    refused = run("due", *deck_args(tmp_path))
    assert refused.exit_code == 3 and "is damaged" in refused.stderr
    doctor = run("doctor", "--data-dir", str(tmp_path))
    assert doctor.exit_code == 1 and "integrity:" in doctor.output


def test_due_keeps_its_columns_for_long_topic_names(tmp_path: Path) -> None:
    result = run("due", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.endswith(" new")][1:]
    assert any("Substitutions, progressions and regressions" in row for row in rows)
    assert len({row.index(" due ") for row in rows}) == 1  # one column, whatever the name


def test_a_file_doctor_found_damaged_is_refused_by_every_command_until_restored(
    tmp_path: Path,
) -> None:
    assert run("due", "--data-dir", str(tmp_path)).exit_code == 0  # creates the database
    database = tmp_path / "studytool.db"
    shutil.copy(database, tmp_path / "good.db")
    with sqlite3.connect(database) as connection:  # damage an index alone: two swapped roots
        roots = dict(connection.execute("SELECT name, rootpage FROM sqlite_master "
                                        "WHERE name IN ('cards_due', 'cards_leech')"))  # fmt: skip
        connection.execute("PRAGMA writable_schema = ON")
        for name, other in (("cards_due", "cards_leech"), ("cards_leech", "cards_due")):
            connection.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?",
                               (roots[other], name))  # fmt: skip
    connection.close()
    assert run("due", "--data-dir", str(tmp_path)).exit_code == 0  # the quick check misses it
    assert run("doctor", "--data-dir", str(tmp_path)).exit_code == 1
    before = database.read_bytes()
    refused = run("review", "--data-dir", str(tmp_path))
    assert refused.exit_code == 3
    assert "is damaged (`studytool doctor` found: row 1 missing from index" in refused.output
    assert database.read_bytes() == before
    (tmp_path / "good.db").replace(database)  # a backup put back
    assert run("due", "--data-dir", str(tmp_path)).exit_code == 0
