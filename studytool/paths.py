"""Every location studytool reads or writes, in one place.

Order of precedence for the data dir: ``--data-dir`` flag, then the ``STUDYTOOL_DATA_DIR``
environment variable, then the platform's user data dir.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "studytool"
DATA_DIR_ENV = "STUDYTOOL_DATA_DIR"
CONFIG_ENV = "STUDYTOOL_CONFIG"
CACHE_ENV = "STUDYTOOL_CACHE_DIR"
DATABASE_NAME = "studytool.db"
DECK_SUFFIXES = (".yaml", ".yml")


def data_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def config_path() -> Path:
    """Settings file; ``STUDYTOOL_CONFIG`` points elsewhere (tests, several profiles)."""
    if env := os.environ.get(CONFIG_ENV):
        return Path(env).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def cache_dir() -> Path | None:
    """Where checked decks are kept between runs; ``STUDYTOOL_CACHE_DIR=""`` turns it off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env).expanduser() if env else None
    return platformdirs.user_cache_path(APP_NAME)


def database_path(data: Path) -> Path:
    return data / DATABASE_NAME


def user_decks_dir(data: Path) -> Path:
    """Decks a user adds for themselves, beside their database."""
    return data / "decks"


_PACKAGE = Path(__file__).resolve().parent


def bundled_decks_dir() -> Path:
    """The decks that ship with studytool.

    An installed wheel carries them inside the package (``studytool/decks``); a source
    checkout, editable installs included, keeps them at the top of the tree (``decks/``).
    """
    installed = _PACKAGE / "decks"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "decks"
