"""The layers keep to themselves: core/ is pure (no UI, no storage, no clock), only the
store speaks SQL and it speaks no CLI, screens reach the database through the session
engine, and the command line opens the store and does nothing else with it. Rules this
project keeps by test."""

import ast
import inspect
import io
import re
import subprocess
import sys
import tokenize
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT

import studytool
import studytool.core
from studytool.deck import cache
from studytool.store.database import Store

PACKAGE = Path(studytool.__file__).parent
CORE = Path(studytool.core.__file__).parent
# Python 3.12 splits f-strings into tokens; 3.11 keeps each one a single STRING.
FSTRING_MIDDLE = getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)
FORBIDDEN = (
    "textual",
    "rich",
    "sqlite3",
    "sqlite_utils",
    "studytool.tui",
    "studytool.store",
    "studytool.cli",
    "click",
    "os",
    "time",
)


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_ui_storage_or_clock() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for module in imported_modules(path.read_text()):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN):
                offenders.append(f"{path.name} imports {module}")
    assert offenders == []


def test_core_never_reads_the_clock() -> None:
    calls = [
        path.name
        for path in CORE.rglob("*.py")
        if "datetime.now" in path.read_text() or "date.today" in path.read_text()
    ]
    assert calls == []


def test_the_check_catches_a_forbidden_import() -> None:
    assert "textual.app" in imported_modules("from textual.app import App")


def imported_names(source: str) -> set[tuple[str, str]]:
    """(module, name) for every ``from module import name``; (module, "") for ``import``."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update((node.module, alias.name) for alias in node.names)
    return found


def attributes_named(source: str, name: str) -> int:
    return sum(
        isinstance(node, ast.Attribute) and node.attr == name
        for node in ast.walk(ast.parse(source))
    )


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for module in imported_modules(path.read_text()):
            if any(module == bad or module.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return found


def test_screens_reach_the_database_only_through_the_session_engine() -> None:
    assert offenders("tui", ("sqlite3", "sqlite_utils", "studytool.store")) == []
    reaching = [path.name for path in sorted((PACKAGE / "tui").rglob("*.py"))
                if attributes_named(path.read_text(), "store")]  # fmt: skip
    assert reaching == []


# The one thing the command line takes from the store: the class, to open the database in
# cli/opening.py. What is done with it afterwards goes through the engine.
CLI_STORE_IMPORTS = {("cli/opening.py", "studytool.store.database", "Store")}


def store_imports(folder: str) -> set[tuple[str, str, str]]:
    found = set()
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for module, name in imported_names(path.read_text()):
            if module == "studytool.store" or module.startswith("studytool.store."):
                found.add((str(path.relative_to(PACKAGE)), module, name))
    return found


def test_the_command_line_only_opens_the_store() -> None:
    assert offenders("cli", ("sqlite3", "sqlite_utils")) == []
    assert store_imports("cli") == CLI_STORE_IMPORTS
    reaching = [path.name for path in sorted((PACKAGE / "cli").rglob("*.py"))
                if attributes_named(path.read_text(), "store")]  # fmt: skip
    assert reaching == []


def test_only_the_store_speaks_to_the_sync_server() -> None:
    speaking = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
                if any(module == "psycopg" or module.startswith("psycopg.")
                       for module in imported_modules(path.read_text()))]  # fmt: skip
    assert speaking == ["store/server.py"]


def test_every_server_method_turns_driver_errors_into_domain_errors() -> None:
    from studytool.store.server import Server

    # connect() and problem() make the errors; close() raises none.
    untranslated = [
        name
        for name, member in inspect.getmembers(Server, inspect.isfunction)
        if not name.startswith("_") and name not in ("connect", "problem", "close")
        and not hasattr(member, "__wrapped__")
    ]  # fmt: skip
    assert untranslated == []


def test_the_store_knows_nothing_of_the_interfaces_above_it() -> None:
    forbidden = ("studytool.cli", "studytool.tui", "studytool.engine", "click", "textual")
    assert offenders("store", forbidden) == []


def test_store_errors_speak_no_command_line() -> None:
    sources = [*sorted((PACKAGE / "store").rglob("*.py")), PACKAGE / "errors.py"]
    speaking = [path.name for path in sources
                if "--data-dir" in path.read_text() or "exit_code" in path.read_text()]  # fmt: skip
    assert speaking == []


def test_every_store_method_turns_sqlite_errors_into_domain_errors() -> None:
    # open() translates its own; transaction() runs inside a method that does.
    untranslated = [
        name
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_") and name != "transaction" and not hasattr(member, "__wrapped__")
    ]
    assert untranslated == []


# What neither the review nor home needs: each is time before the first screen shows.
NOT_AT_START = ("sqlite_utils", "studytool.deck.lint", "studytool.tui.screens.exam",
                "studytool.tui.screens.stats", "studytool.interchange", "studytool.deck.starter",
                "studytool.tui.preview", "yaml", "studytool.deck.reader",
                "studytool.deck.checker", "studytool.deck.positions",
                "studytool.deck.builders", "studytool.cli.authoring", "studytool.cli.doctor",
                "studytool.cli.exam", "studytool.cli.grading", "studytool.cli.stats",
                "studytool.cli.transfer", "studytool.engine.doctor", "psycopg",
                "studytool.store.server", "studytool.cli.sync", "studytool.engine.sync",
                "studytool.engine.class_report", "studytool.core.class_figures")  # fmt: skip
LOADED = f"print(' '.join(m for m in sys.modules if m.startswith({NOT_AT_START!r})))"
NOT_FOR_THE_REVIEW = (*NOT_AT_START, "studytool.engine.reports", "studytool.core.stats",
                      "studytool.core.timing", "studytool.tui.screens.home",
                      "studytool.tui.screens.summary")  # fmt: skip
"""What `studytool review` does not need before its first card: home, the summary, the
statistics and the exam records come later, if at all."""


def test_the_review_starts_without_what_only_other_commands_need() -> None:
    loaded = f"print(' '.join(m for m in sys.modules if m.startswith({NOT_FOR_THE_REVIEW!r})))"
    code = "import sys, studytool.cli, studytool.cli.study, studytool.tui.app; " + loaded
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def test_a_cached_deck_is_read_back_without_the_yaml_parser(tmp_path: Path) -> None:
    """What a start with unchanged decks does: every deck comes from the cache."""
    code = ("import sys; from pathlib import Path; from studytool.deck import cache; "
            "r = cache.load(Path(sys.argv[1]), Path(sys.argv[2])); "
            "assert r.deck is not None; " + LOADED)  # fmt: skip
    args = [sys.executable, "-c", code, str(ROOT / "decks" / "leg-curl.yaml"), str(tmp_path)]
    first = subprocess.run(args, capture_output=True, text=True, check=True)
    assert "yaml" in first.stdout.split()  # parsed the first time, then kept
    again = subprocess.run(args, capture_output=True, text=True, check=True)
    assert again.stdout.split() == []


HOME = """
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from studytool.core.queue import Limits
from studytool.deck import cache
from studytool.engine.study import Study
from studytool.store.database import Store
from studytool.tui.app import StudyApp
from studytool.tui.screens.home import HomeScreen

now = datetime.now(UTC)
deck = cache.load(Path(sys.argv[1]), Path(sys.argv[3])).deck
study = Study(Store.open(Path(sys.argv[2]), now=now), [deck], Limits(), lambda: now,
              exam_day=now.date().replace(year=now.year + 1))
app = StudyApp(study)

async def draw():
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Enter: start today's review" in str(app.screen.query_one("#home-today").visual)

asyncio.run(draw())
"""


def test_home_is_drawn_without_what_only_other_screens_need(tmp_path: Path) -> None:
    # A returning user's database (a new one is made with sqlite-utils' migrations) and
    # deck (checked once, then read back from the cache).
    database = tmp_path / "studytool.db"
    Store.open(database, now=datetime.now(UTC)).close()
    deck = Path(__file__).parent / "decks" / "valid" / "every-type.yaml"
    assert cache.load(deck, tmp_path / "cache").deck is not None
    done = subprocess.run([sys.executable, "-c", HOME + LOADED, str(deck), str(database),
                           str(tmp_path / "cache")], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.split() == []


def test_the_checks_catch_what_they_look_for() -> None:
    assert ("studytool.store.database", "Answer") in imported_names(
        "from studytool.store.database import Answer, Store"
    )
    assert attributes_named("study.store.close()", "store") == 1
    assert attributes_named("study.close()", "store") == 0


# Only SM-2 itself, and the migrations that moved its old columns, may know how it remembers.
SM2_WORDS = re.compile(r"\b(easiness|repetitions|intervals?|ef|e-factor)\b", re.IGNORECASE)
MAY_KNOW_SM2 = {
    CORE / "schedulers" / "sm2.py",
    PACKAGE / "store" / "migrations.py",
    CORE / "schedulers" / "fsrs6.py",
    CORE / "schedulers" / "exam_aware.py",
}
"""SM-2's module, and the migration that moved its columns into memory; FSRS's module and
exam-aware reviews speak of intervals, their own and any scheduler's."""


def sm2_mentions(source: str) -> list[str]:
    """Names, strings (SQL included) and comments in ``source`` that speak of SM-2's fields.
    Names count whole (Textual's ``set_interval`` is no mention); text counts word by word."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            hit = SM2_WORDS.fullmatch(token.string)
        elif token.type in (tokenize.STRING, tokenize.COMMENT, FSTRING_MIDDLE):
            hit = SM2_WORDS.search(token.string)
        else:
            continue
        if hit:
            found.append(f"line {token.start[0]}: {token.string.strip()[:60]}")
    return found


def test_nothing_but_sm2_knows_its_fields() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in MAY_KNOW_SM2 and (found := sm2_mentions(path.read_text()))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("module", "wrapped"), [("sm2", False), ("fsrs6", True), ("exam_aware", False)]
)
def test_only_the_registry_imports_a_scheduler(module: str, wrapped: bool) -> None:
    """Everything else goes through the registry; exam-aware reviews wrap any scheduler
    and keep FSRS's memory beside it."""
    importers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if f"studytool.core.schedulers.{module}" in imported_modules(path.read_text())
    ]
    assert importers == ["core/schedulers/__init__.py"] + (
        ["core/schedulers/exam_aware.py"] if wrapped else []
    )


def test_the_check_catches_a_mention_of_sm2_fields() -> None:
    assert sm2_mentions("days = state.memory.interval\n")
    assert sm2_mentions('SQL = "SELECT sum(interval >= 21) FROM cards"\n')
    assert sm2_mentions('row = f"{easiness}"\n')
    assert sm2_mentions("# keep the EF exact\n")
    assert sm2_mentions((CORE / "schedulers" / "sm2.py").read_text())
    assert not sm2_mentions("self.set_interval(1, self.tick)\n")
