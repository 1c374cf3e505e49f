from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
BROKEN = TESTS / "decks" / "broken"
VALID = TESTS / "decks" / "valid"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may read or write the real user data dir."""
    monkeypatch.setenv("STUDYTOOL_DATA_DIR", str(tmp_path_factory.mktemp("data")))
