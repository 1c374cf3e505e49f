"""Home, the first screen: today's review (what it holds, how long it should take, the key
that starts it), then the exam plan, each deck's topics and mastery, and the streak.

The call to action sits above the part that scrolls, so it is on screen at any size; rows
are laid out for the width there is, names shortened rather than wrapped.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from studytool.core.text import count, shorten
from studytool.engine.reports import DeckDue, Overview, forecast_lines, plan_lines
from studytool.engine.study import Study
from studytool.tui.widgets.base import plain
from studytool.tui.widgets.footer import KeysFooter

BAR = 10
EXAM_COLUMN = "  exam {:4.0%}"
"""A topic's forecast recall on exam day, at the end of its row on home."""
MIN_NAME = 8
"""A topic name is cut no shorter than this, however narrow the terminal."""


def mastery_bar(share: float) -> Content:
    filled = round(share * BAR)
    return Content.assemble(("█" * filled, "$success"), ("░" * (BAR - filled), "$panel"),
                            f" {share:4.0%}")  # fmt: skip


def estimate_line(overview: Overview) -> str:
    """How long today's review should take, and what the figure rests on."""
    pace = overview.pace
    seconds = round(pace.seconds_per_card)
    basis = (f"estimated from your median, {seconds} s a card" if pace.measured
             else f"estimated at {seconds} s a card: no history yet")  # fmt: skip
    return f"About {overview.minutes} min ({basis})"


def today_lines(overview: Overview) -> Content:
    """The call to action and what it leads to: each line short enough for 60 columns."""
    due = sum(d.due for d in overview.decks)
    new = sum(d.new for d in overview.decks)
    redrill = sum(d.redrill for d in overview.decks)
    progress = overview.in_progress
    if progress is not None:
        action = Content.styled(f"Review in progress: {progress.done} done, {progress.left} "
                                "left. Enter resumes it.", "bold $accent")  # fmt: skip
        again = f" · {redrill} to re-drill" if redrill else ""
    elif overview.cards:
        action = Content.styled(
            f"Enter: start today's review ({count(overview.cards, 'card')})", "bold $accent"
        )
        again = f" · {redrill} to re-drill from earlier today" if redrill else ""
    else:
        return Content.assemble(
            ("Nothing due today: come back tomorrow.", "bold $success"), "\n",
            "t: a topic quiz · e: a mock exam",
        )  # fmt: skip
    return Content.assemble(
        action, "\n", f"{due} due · {new} new{again}", "\n",
        (estimate_line(overview), "$text-muted"),
    )  # fmt: skip


def deck_rows(
    deck: DeckDue, mastery: dict[str, float], width: int, recall: dict[str, float] | None = None
) -> list[Content | str]:
    """The deck's title and counts, then a row per topic, for ``width`` columns; with an
    exam ahead, each topic's forecast recall on exam day (``recall``) at its end."""
    rows: list[Content | str] = [
        plain(shorten(deck.title, width), "bold"), "\n",
        Content.assemble(
            (f"  {deck.due} due", "bold $accent"), " · ", (f"{deck.new} new", "bold"),
            f" · {deck.unseen} unseen", f" · {deck.suspended} suspended" if deck.suspended
            else "", "\n",
        ),
    ]  # fmt: skip
    # indent, space, bar and share, gap, counts (and the exam-day recall)
    figures = 2 + 1 + BAR + 5 + 2 + 15 + (len(EXAM_COLUMN.format(1)) if recall else 0)
    longest = max((len(topic.name) for topic in deck.topics), default=0)
    name_width = max(MIN_NAME, min(longest, width - figures))
    for topic in deck.topics:
        rows.append(Content.assemble(
            "  ", plain(f"{shorten(topic.name, name_width):<{name_width}}"), " ",
            mastery_bar(mastery[topic.topic]), f"  {topic.due:>3} due {topic.new:>3} new",
            (EXAM_COLUMN.format(recall.get(topic.topic, 0.0)), "$warning") if recall else "", "\n",
        ))  # fmt: skip
    return rows


def fitted(line: str, width: int) -> str:
    """A line of prose kept to ``width``, its indent kept."""
    indent = len(line) - len(line.lstrip())
    return line[:indent] + shorten(line, width - indent)


class Fitted(Widget):
    """Rows laid out again for each width the widget is given, so that a narrow terminal
    shortens names instead of wrapping rows."""

    DEFAULT_CSS = "Fitted { height: auto; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lay_out: Callable[[int], Content] = lambda width: Content()

    def show(self, lay_out: Callable[[int], Content]) -> None:
        self.lay_out = lay_out
        self.refresh(layout=True)

    def render(self) -> Content:
        return self.lay_out(self.size.width)


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
        yield Static(id="home-today")
        yield VerticalScroll(Fitted(id="decks"), id="home-body")
        # The palette (ctrl+p) is listed in help; its label would crowd out the keys.
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        # `studytool review` pushes the review over home at once: count only if home is
        # still the screen shown once this one has been drawn.
        self.call_after_refresh(self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.app.screen is self:
            self.refresh_figures()

    def refresh_figures(self) -> None:
        """Counts straight from the engine: cheap queries, run whenever home is shown."""
        overview = self.study.overview()
        streak = self.study.streak()
        self.query_one("#home-title", Static).update(
            Content.assemble(("studytool", "bold"), "  ·  ",
                             (f"streak {count(streak, 'day')}", "bold $warning" if streak else ""))
        )  # fmt: skip
        self.query_one("#home-today", Static).update(today_lines(overview))
        mastery = {deck.deck_id: self.study.topic_mastery(deck.deck_id) for deck in overview.decks}
        exam_day = self.study.exam_day
        plan = plan_lines(exam_day, self.study.exam_plan(exam_day)) if exam_day else []
        recall: dict[str, dict[str, float]] = {}
        for deck in self.study.decks if exam_day else ():
            ahead = self.study.recall_forecast(deck.id)
            if ahead:
                names = {t.id: t.name for t in deck.topics}
                named = [deck.title] if len(self.study.decks) > 1 else []
                plan += ["", *named, *forecast_lines(ahead, names, topics=False)]
                recall[deck.id] = {t.topic: t.recall for t in ahead.topics}

        def lay_out(width: int) -> Content:
            # The exam plan comes first: a deck of many topics would push it out of sight.
            parts: list[Content | str] = []
            if plan:
                parts.append(Content.styled("\n".join(fitted(line, width) for line in plan),
                                            "$warning"))  # fmt: skip
                parts.append("\n\n")
            for deck in overview.decks:
                parts += [*deck_rows(deck, mastery[deck.deck_id], width,
                                     recall.get(deck.deck_id)), "\n"]  # fmt: skip
            return Content.assemble(*parts).rstrip()

        self.query_one("#decks", Fitted).show(lay_out)
