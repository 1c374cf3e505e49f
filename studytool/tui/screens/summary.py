"""The end of a session: how it went, per topic, and what tomorrow holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from studytool.core.text import count, shorten
from studytool.core.timing import PAUSE, StudyTime
from studytool.engine.reports import Summary
from studytool.tui.widgets.base import plain
from studytool.tui.widgets.footer import KeysFooter


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def time_line(time: StudyTime) -> str:
    """The session's wall time, saying which pauses it leaves out."""
    limit = f"{round(PAUSE.total_seconds() / 60)} min"
    left_out = (f"{count(time.pauses, 'pause')} over {limit}" if time.pauses
                else f"pauses over {limit}")  # fmt: skip
    return f"{duration(time.seconds)} ({left_out} left out)"


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: Summary, practice: bool = False) -> None:
        super().__init__()
        self.summary = summary
        self.practice = practice

    def compose(self) -> ComposeResult:
        s = self.summary
        title = "Topic quiz done" if self.practice else "Session done"
        lines: list[Content | str] = [
            Content.styled(title, "bold"), "\n\n",
            f"Cards     {s.cards}"
            + (f"   ({s.answers} answers, re-drills included)\n" if s.answers > s.cards else "\n"),
            f"Accuracy  {s.accuracy:.0%} right the first time\n",
            f"Time      {time_line(s.time)}\n\n",
            Content.styled(f"{'Topic':<34}{'answers':>8}{'right':>8}\n", "bold"),
        ]  # fmt: skip
        for topic in s.topics:
            lines.append(Content.assemble(plain(f"{shorten(topic.name, 33):<34}"),
                                          f"{topic.answered:>8}{topic.correct:>8}\n"))  # fmt: skip
        lines.append("\n")  # fmt: skip
        if self.practice:
            lines.append("Practice answers are kept but did not change your schedule.\n")
        lines.append(Content.styled(f"Due tomorrow: {count(s.due_tomorrow, 'card')}",
                                    "bold $accent"))  # fmt: skip
        yield VerticalScroll(Static(Content.assemble(*lines), id="summary"))
        yield KeysFooter()

    def action_home(self) -> None:
        self.app.pop_screen()
