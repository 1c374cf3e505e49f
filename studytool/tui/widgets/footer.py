"""The footer every screen shows: the keys the screen offers now, on one line."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

Key = tuple[str, str, str, bool]
"""A key as shown: the key, how it is written, its label, and whether it is enabled."""


class KeysFooter(Static):
    """What Textual's footer shows (the first key of each action the screen's bindings
    show, dimmed when the action is unavailable; a click presses it), drawn as one line
    of text rather than a widget per key: those widgets, rebuilt at every change of
    focus or bindings, were half the time from start to the first card."""

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Key, ...] | None = None
        self._places: list[tuple[int, int, str, bool]] = []
        """Where each key is on the line: first and past-last cell, key, enabled."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def offered(self) -> tuple[Key, ...]:
        first: dict[str, Key] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in first:
                shown = self.app.get_key_display(binding)
                first[binding.action] = (binding.key, shown, binding.description, enabled)
        return tuple(first.values())

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = self.offered()
        if keys == self._shown:
            return
        self._shown = keys
        parts: list[Content | str] = []
        self._places = []
        for key, shown, label, enabled in keys:
            if parts:
                parts.append(" ")
            text = Content.assemble((shown, "bold $footer-key-foreground"), " ", label)
            start = sum(cell_len(str(part)) for part in parts)
            self._places.append((start, start + text.cell_length, key, enabled))
            parts.append(text if enabled else text.stylize("dim"))
        self.update(Content.assemble(*parts))

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as Textual's footer does (a dimmed one rings)."""
        for start, end, key, enabled in self._places:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
