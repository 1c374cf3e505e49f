"""Python's cycle collector held off while decks are read and checked.

Reading a deck makes a few objects per YAML node and keeps most of them until the end,
which sets the collector off again and again over a growing heap: two thirds of the time
of a 10,000-card deck, and a sixth of linting it once read. The trees and cards hold no
cycles, so reference counting frees them; the collector runs again afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
