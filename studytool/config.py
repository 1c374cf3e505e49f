"""The user's settings: ``config.toml`` in the user config dir, overridden by flags.

```toml
new_per_day = 20      # new cards introduced per deck per day
reviews_per_day = 200 # due reviews per deck per day
rollover_hour = 4     # a study day starts at this local hour
exam_date = "2027-03-01"  # optional: the home screen counts down and plans to it
scheduler = "sm2"     # or "fsrs": FSRS-6, the memory model Anki schedules with
desired_retention = 0.90  # FSRS only: the chance of recall a review is scheduled for
exam_aware = true     # with an exam date: no card waits past it below the target
exam_recall_target = 0.90  # the forecast recall on exam day exam-aware reviews aim for
sync_url = "postgresql://alice@db.example.org/class"  # `studytool sync`'s server
```
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from studytool.core.queue import Limits
from studytool.core.schedulers import (
    DEFAULT,
    DEFAULT_RETENTION,
    DEFAULT_TARGET,
    RETENTION_BOUNDS,
    SCHEDULERS,
    Scheduler,
    configured,
)
from studytool.errors import StudytoolError

EXAM_DATE_KEY = "exam_date"

BOUNDS = {"new_per_day": (0, 10_000), "reviews_per_day": (0, 100_000), "rollover_hour": (0, 23)}


class ConfigError(StudytoolError):
    """A setting in config.toml (or given as a flag) that cannot be used."""


def load_limits(
    path: Path,
    overrides: dict[str, int | None] | None = None,
    flag_names: dict[str, str] | None = None,
) -> Limits:
    """Limits from the config file (if any), then from flags that were given.
    ``flag_names`` says how each setting is spelt on the command line, for messages."""
    limits = Limits()
    values = _read(path)
    known = {f.name for f in fields(Limits)}
    for key, value in values.items():
        if key not in known:
            continue  # other features keep their settings here too
        limits = replace(limits, **{key: _checked(path, key, value)})
    for key, value in (overrides or {}).items():
        if value is not None:
            flag = (flag_names or {}).get(key, key)
            limits = replace(limits, **{key: _checked(flag, key, value)})
    return limits


def load_scheduler(
    path: Path, override: str | None = None, exam_day: date | None = None
) -> Scheduler[Any]:
    """The scheduler the settings name (``override``: the --scheduler flag), with FSRS's
    desired retention; SM-2 when nothing is set. With an exam day, exam-aware unless
    ``exam_aware = false``."""
    values = _read(path)
    name = override or values.get("scheduler", DEFAULT)
    retention = _share(path, values, "desired_retention", DEFAULT_RETENTION)
    target = _share(path, values, "exam_recall_target", DEFAULT_TARGET)
    exam_aware = values.get("exam_aware", True)
    if not isinstance(exam_aware, bool):
        raise ConfigError(f"{path}: exam_aware must be true or false, not {exam_aware!r}")
    try:
        return configured(name if isinstance(name, str) else repr(name), retention,
                          exam_day if exam_aware else None, target)  # fmt: skip
    except ValueError as exc:
        where = "--scheduler" if override and name not in SCHEDULERS else path
        raise ConfigError(f"{where}: {exc}") from None


SYNC_SCHEMES = ("postgresql://", "postgres://")


def load_sync_url(path: Path) -> str | None:
    """The server `studytool sync` uses when none is given. The value is never quoted in a
    message: it may hold a password."""
    value = _read(path).get("sync_url")
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(SYNC_SCHEMES):
        raise ConfigError(f"{path}: sync_url must be a postgresql:// address")
    return value


def load_exam_target(path: Path) -> float:
    return _share(path, _read(path), "exam_recall_target", DEFAULT_TARGET)


def _share(path: Path, values: dict[str, Any], key: str, default: float) -> float:
    """A setting that is a chance of recall, within the range Anki allows."""
    value = values.get(key, default)
    low, high = RETENTION_BOUNDS
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{path}: {key} must be a number from {low:.2f} to {high:.2f}, "
                          f"not {value!r}")  # fmt: skip
    return float(value)


def _checked(where: Path | str, key: str, value: object) -> int:
    low, high = BOUNDS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: {key} must be a whole number from {low} to {high}, "
                          f"not {value!r}")  # fmt: skip
    return value


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a config file to read

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_exam_date(path: Path) -> date | None:
    value = _read(path).get(EXAM_DATE_KEY)
    if value is None:
        return None
    if isinstance(value, datetime):  # a TOML date and time: the exam is on its day
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{path}: exam_date must be a date like 2027-03-01, "
                          f"not {value!r}") from None  # fmt: skip


_TOP_LEVEL_EXAM_DATE = re.compile(rf"\s*{EXAM_DATE_KEY}\s*=")
_TABLE = re.compile(r"\s*\[")


def save_exam_date(path: Path, day: date | None) -> None:
    """Set (or with None remove) exam_date, keeping every other line of the file.

    The key belongs before the first ``[table]``: a line after one would be that table's.
    Only the key itself is replaced, never a neighbour whose name starts the same."""
    _read(path)  # refuse to rewrite a file we cannot read
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    tables = next((n for n, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    top = [line for line in lines[:tables] if not _TOP_LEVEL_EXAM_DATE.match(line)]
    blank_tail = next((n for n, line in enumerate(reversed(top)) if line.strip()), len(top))
    if day is not None:  # after the last top-level line, before the blank ones
        top.insert(len(top) - blank_tail, f'{EXAM_DATE_KEY} = "{day.isoformat()}"')
    kept = top + lines[tables:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(kept) + "\n" if kept else "", encoding="utf-8")
