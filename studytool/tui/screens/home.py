"""Home: each deck with what is due, its topics' mastery, and the streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from studytool.engine.study import Study, plan_lines
from studytool.tui.widgets.base import plain

BAR = 10


def mastery_bar(share: float) -> Content:
    filled = round(share * BAR)
    return Content.assemble(("█" * filled, "$success"), ("░" * (BAR - filled), "$panel"),
                            f" {share:4.0%}")  # fmt: skip


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "app.review", "Review"),
        Binding("t", "app.quiz", "Topic quiz"),
        Binding("e", "app.exam", "Mock exam"),
        Binding("s", "app.stats", "Stats"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield VerticalScroll(Static(id="decks"), id="home-body")
        yield Footer()

    def on_screen_resume(self) -> None:
        # At start-up the review is pushed over home at once: count only if home is
        # still the screen shown once this one has been drawn.
        self.call_after_refresh(self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.app.screen is self:
            self.refresh_figures()

    def refresh_figures(self) -> None:
        """Counts straight from the engine: cheap queries, run whenever home is shown."""
        due = self.study.due()
        streak = self.study.streak()
        days = "day" if streak == 1 else "days"
        self.query_one("#home-title", Static).update(
            Content.assemble(("studytool", "bold"), "  ·  ",
                             (f"streak {streak} {days}", "bold $warning" if streak else ""))
        )  # fmt: skip
        parts: list[Content | str] = []
        total = 0
        for deck in due:
            total += deck.due + deck.new
            mastery = self.study.topic_mastery(deck.deck_id)
            parts.append(Content.assemble(plain(deck.title, "bold"), "\n"))
            parts.append(Content.assemble(
                (f"  {deck.due} due", "bold $accent"), "  ·  ",
                (f"{deck.new} new today", "bold"), f"  ·  {deck.unseen} unseen",
                f"  ·  {deck.suspended} suspended" if deck.suspended else "", "\n",
            ))  # fmt: skip
            for topic in deck.topics:
                name = topic.name if len(topic.name) <= 28 else topic.name[:27] + "…"
                parts.append(
                    Content.assemble(
                        "  ",
                        plain(f"{name:<28}"),
                        " ",
                        mastery_bar(mastery[topic.topic]),
                        f"   {topic.due:>3} due {topic.new:>3} new\n",
                    )
                )
            parts.append("\n")  # fmt: skip
        if self.study.exam_day is not None:
            lines = plan_lines(self.study.exam_day, self.study.exam_plan(self.study.exam_day))
            parts.append(Content.styled("\n".join(lines) + "\n\n", "$warning"))
        session = self.study.review_session
        if session is not None and not session.finished:
            progress = session.progress()
            redrill = f" ({progress.redrill} to re-drill)" if progress.redrill else ""
            parts.append(
                Content.styled(
                    f"Review in progress: {progress.done} done, {progress.left} left"
                    f"{redrill}. Enter resumes it.\n",
                    "bold $accent",
                )
            )
        elif total:
            parts.append(Content.styled(f"Enter: start today's review ({total} cards)", "bold"))
        else:
            parts.append(Content.styled("Nothing due today. Come back tomorrow, or press t "
                                        "for a topic quiz.", "bold $success"))  # fmt: skip
        self.query_one("#decks", Static).update(Content.assemble(*parts))
