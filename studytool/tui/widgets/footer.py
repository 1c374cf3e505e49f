"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, bool, str], ...]


class KeysFooter(Footer):
    """A screen signals a bindings change on every focus move and binding refresh, and
    Textual's footer answers each by recomposing all its keys: at start-up that was a
    dozen rebuilds, a third of the time to the first card. This one recomposes only when
    the keys, labels or their enabled state differ from what it shows."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None

    def _keys(self) -> Shown:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._shown is not None and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()
