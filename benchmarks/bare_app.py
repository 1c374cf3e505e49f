"""The baseline for first-card-on-screen: a bare Textual app showing one label."""

from textual.app import App, ComposeResult
from textual.widgets import Label

TEXT = "A bare Textual app with one label"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(TEXT)


if __name__ == "__main__":
    BareApp().run()
