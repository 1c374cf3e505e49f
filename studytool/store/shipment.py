"""The rows `studytool sync` carries between a device and the server, in one shape for
both ends: each row names the device that logged it and its id there (``seq``), which
together identify it everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REVIEW_FIELDS = ("device", "seq", "at", "day", "deck_id", "card_id", "kind", "quality",
                 "correct", "answer", "seconds", "before", "after", "session")  # fmt: skip
EVENT_FIELDS = ("device", "seq", "at", "deck_id", "card_id", "kind", "after_review",
                "review_device", "review_seq", "day")  # fmt: skip
"""An event names the review it undoes or regrades by that review's device and id."""
FLAG_FIELDS = ("device", "seq", "at", "deck_id", "card_id", "note")
FIELDS = {"reviews": REVIEW_FIELDS, "events": EVENT_FIELDS, "flags": FLAG_FIELDS}
"""Each table that travels, and its fields in the order a row holds them; reviews come
first, as events refer to them."""

Row = tuple[Any, ...]
Marks = dict[tuple[str, str], int]
"""(table, device) -> the highest id of that device's rows in that table held."""


@dataclass
class Shipment:
    """Rows of one learner's log on their way, table by table, each device's in its order."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in FIELDS})

    def count(self, table: str) -> int:
        return len(self.rows[table])

    def __len__(self) -> int:
        return sum(map(len, self.rows.values()))
