"""Stats: the answers calendar, streaks, retention, the next 30 days and each topic."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from studytool.core.stats import Retention
from studytool.core.text import count, question_line, shorten
from studytool.engine.reports import DeckStats, HardCard, forecast_lines
from studytool.engine.study import Study
from studytool.tui.screens.home import mastery_bar
from studytool.tui.widgets.base import plain
from studytool.tui.widgets.charts import bar_chart, heatmap
from studytool.tui.widgets.footer import KeysFooter


def share(passed: int, total: int) -> str:
    value = Retention.share(passed, total)
    return "-" if value is None else f"{value:.0%}"


def hard_row(card: HardCard) -> Content:
    """A card often missed: its id and figures, and under them the question it asks, so
    the candidate knows which card it is."""
    return Content.assemble(
        "  ", plain(card.card_id), f": wrong {card.missed} of {card.asked}\n",
        "      ", plain(question_line(card.question), "$text-muted"), "\n",
    )  # fmt: skip


class StatsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("question_mark", "app.help", "Help"),
    ]

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-body"):
            for deck in self.study.decks:
                yield Static(self.render_deck(self.study.stats(deck.id)), classes="stats")
        yield KeysFooter()

    def render_deck(self, s: DeckStats) -> Content:
        r = s.retention
        parts: list[Content | str] = [plain(s.title, "bold"), "\n\n"]
        if s.exam:
            heading, *lines = forecast_lines(s.exam, s.names)
            parts += [Content.styled(heading, "bold"), "\n", plain("\n".join(lines)), "\n\n"]
        parts += [
            Content.styled("Answers per day", "bold"),
            f"   streak {s.streak} · longest {s.longest_streak}\n",
            heatmap(s.per_day, s.today), "\n\n",
            Content.styled("True retention", "bold"),
            f"   young {share(r.young_passed, r.young)} of {r.young} · "
            f"mature {share(r.mature_passed, r.mature)} of {count(r.mature, 'review')}\n\n",
            Content.styled("Due in the next 30 days", "bold"),
            f"   {count(sum(s.forecast), 'card')}\n",
            bar_chart(s.forecast, s.today), "\n\n",
            Content.styled(f"{'Topic':<28} {'mastered':<16} {'unseen':>6} {'30-day':>7}\n",
                           "bold"),
        ]  # fmt: skip
        for name, f in s.topics:
            mastery = f.mastered / f.cards if f.cards else 0.0
            parts.append(Content.assemble(
                plain(f"{shorten(name, 27):<28} "), mastery_bar(mastery),
                f" {f.unseen:>6} {share(f.right_30d, f.answered_30d):>7}\n",
            ))  # fmt: skip
        if s.hardest:
            parts += ["\n", Content.styled("Hardest cards", "bold"), "\n"]
            parts += [hard_row(card) for card in s.hardest]
        if s.leeches:
            parts += [Content.styled("Leeches (suspended): ", "bold $warning"),
                      plain(", ".join(s.leeches)), "\n"]  # fmt: skip
        return Content.assemble(*parts)
