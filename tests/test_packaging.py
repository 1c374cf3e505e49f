"""The bundled decks ship inside the wheel and are found after a plain (non-editable) install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Build from a copy so the build leaves nothing behind in the checkout.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("studytool", "decks"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (built,) = out.glob("studytool-*.whl")
    return built


def test_wheel_carries_the_decks_and_their_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "studytool/decks/leg-curl.yaml" in names
    assert "studytool/decks/deck.schema.json" in names
    assert not any(name.startswith("tests/") for name in names)


def test_installed_wheel_finds_and_lints_leg_curl(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
         str(target), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # Run from an empty folder with only the installed copy ahead on the path, so neither
    # the source tree nor an editable install can be what answers.
    env = {**os.environ, "PYTHONPATH": str(target), "STUDYTOOL_DATA_DIR": str(tmp_path / "d")}
    code = (
        "import sys, studytool; from studytool.cli import main; "
        "assert studytool.__file__.startswith(sys.argv[1]), studytool.__file__; "
        "sys.argv = ['studytool', 'lint']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    *_, summary = done.stdout.splitlines()
    assert summary.startswith("checked 1 deck file (") and summary.endswith("no problems")
