"""The user's settings: ``config.toml`` in the user config dir, overridden by flags.

```toml
new_per_day = 20      # new cards introduced per deck per day
reviews_per_day = 200 # due reviews per deck per day
rollover_hour = 4     # a study day starts at this local hour
```
"""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from studytool.core.queue import Limits

BOUNDS = {"new_per_day": (0, 10_000), "reviews_per_day": (0, 100_000), "rollover_hour": (0, 23)}


class ConfigError(Exception):
    pass


def load_limits(
    path: Path,
    overrides: dict[str, int | None] | None = None,
    flag_names: dict[str, str] | None = None,
) -> Limits:
    """Limits from the config file (if any), then from flags that were given.
    ``flag_names`` says how each setting is spelt on the command line, for messages."""
    limits = Limits()
    values: dict[str, Any] = {}
    if path.is_file():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
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


def _checked(where: Path | str, key: str, value: object) -> int:
    low, high = BOUNDS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: {key} must be a whole number from {low} to {high}, "
                          f"not {value!r}")  # fmt: skip
    return value
