"""core/ stays pure: no UI, no storage, no clock. A rule this project keeps by test."""

import ast
import io
import re
import tokenize
from pathlib import Path

import studytool
import studytool.core

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


# Only SM-2 itself, and the migrations that moved its old columns, may know how it remembers.
SM2_WORDS = re.compile(r"\b(easiness|repetitions|intervals?|ef|e-factor)\b", re.IGNORECASE)
MAY_KNOW_SM2 = {CORE / "schedulers" / "sm2.py", PACKAGE / "store" / "migrations.py"}


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


def test_only_the_registry_imports_sm2() -> None:
    importers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "studytool.core.schedulers.sm2" in imported_modules(path.read_text())
    ]
    assert importers == ["core/schedulers/__init__.py"]


def test_the_check_catches_a_mention_of_sm2_fields() -> None:
    assert sm2_mentions("days = state.memory.interval\n")
    assert sm2_mentions('SQL = "SELECT sum(interval >= 21) FROM cards"\n')
    assert sm2_mentions('row = f"{easiness}"\n')
    assert sm2_mentions("# keep the EF exact\n")
    assert sm2_mentions((CORE / "schedulers" / "sm2.py").read_text())
    assert not sm2_mentions("self.set_interval(1, self.tick)\n")
