"""core/ stays pure: no UI, no storage, no clock. A rule this project keeps by test."""

import ast
from pathlib import Path

import studytool.core

CORE = Path(studytool.core.__file__).parent
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
