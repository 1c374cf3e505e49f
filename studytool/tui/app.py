"""The studytool app: home, review, summary; every action also in the command palette.

It opens on home, which says what today's review holds before Enter starts it
(`studytool review` starts it at once). Every screen but the review is imported when first
opened: every import is time before the first screen shows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import Screen

from studytool.engine.study import Study
from studytool.errors import StudytoolError
from studytool.tui.screens.modals import HelpScreen, TopicScreen  # the review's too
from studytool.tui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from studytool.engine.reports import Exam


class StudyApp(App[StudytoolError]):
    """Its result, when it has one, is the trouble it stopped for."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "studytool"
    BINDINGS = [Binding("ctrl+l", "toggle_theme", "Light/dark", show=False)]

    def __init__(
        self,
        study: Study,
        timer: Callable[[], float] = time.monotonic,
        exam: Exam | None = None,
        review_at_once: bool = False,
    ) -> None:
        super().__init__()
        self.study = study
        self.exam = exam
        """An exam to start with (`studytool exam`) instead of home."""
        self.review_at_once = review_at_once
        """Start today's review over home (`studytool review`) rather than wait for Enter."""
        self.timer = timer
        """Seconds for timing answers; tests pass a fixed one so screens are repeatable."""
        self.crash: Exception | None = None
        """An error no message foresaw, for the command line to log and report."""
        self.home: Screen[None] | None = None
        """Home, once made: the screen every other screen goes back to."""

    def _handle_exception(self, error: Exception) -> None:
        # Trouble met in any handler (home counting cards on a database that cannot be
        # written, say) ends the app as a command ends: its message and exit status.
        if isinstance(error, StudytoolError):
            self.exit(result=error)
            return
        if not self.is_headless:  # on a terminal, a crash log and one line, not a traceback
            self.crash = error
            self.exit(return_code=1)
            return
        super()._handle_exception(error)  # tests see the traceback

    def on_mount(self) -> None:
        # Home is built when first shown: under a review or an exam the command line
        # started, it waits until the candidate goes back (see pop_screen), so the first
        # card is not held up by a screen nobody sees yet.
        if self.exam is not None:
            from studytool.tui.screens.exam import ExamScreen

            self.push_screen(ExamScreen(self.study, self.exam, self.timer))
        elif not (self.review_at_once and self.start_review()):
            self.push_screen(self.made_home())

    def made_home(self) -> Screen[None]:
        from studytool.tui.screens.home import HomeScreen

        self.home = HomeScreen(self.study)
        return self.home

    def pop_screen(self) -> AwaitComplete:
        """Back from the screen the app opened on goes home, made now if not made yet."""
        if len(self.screen_stack) == 2 and self.screen is not self.home:
            return self.switch_screen(self.made_home())
        return super().pop_screen()

    # -- actions the screens and the palette share -------------------------------------

    def to_home(self) -> None:
        """Back to home before starting anything, so one review screen exists at a time."""
        while self.screen is not self.home:
            self.pop_screen()

    def action_review(self) -> None:
        self.to_home()
        self.start_review()

    def start_review(self) -> bool:
        """Today's review (the one in progress, else a new one); False, with a notice,
        when nothing is due."""
        if not self.study.resume_review():
            self.study.start()
        session = self.study.session
        if session is None or session.finished:
            self.notify("Nothing is due now. Press t for a topic quiz.")
            return False
        self.push_screen(ReviewScreen(self.study, timer=self.timer))
        return True

    def action_quiz(self) -> None:
        def start(choice: tuple[str, str | None] | None) -> None:
            if choice is None:
                return
            deck_id, topic = choice
            self.to_home()
            self.study.start_practice(deck_id, topic)
            self.push_screen(ReviewScreen(self.study, timer=self.timer))

        self.push_screen(TopicScreen(list(self.study.decks)), start)

    def action_exam(self) -> None:
        def start(choice: tuple[str, str | None] | None) -> None:
            if choice is None:
                return
            deck_id, topic = choice
            exam = self.study.start_exam(deck_id, topic=topic)
            if not exam.questions:
                self.notify("No multiple-choice or select-all cards there to make an exam of.")
                return
            self.to_home()
            from studytool.tui.screens.exam import ExamScreen

            self.push_screen(ExamScreen(self.study, exam, self.timer))

        title = ("Mock exam: multiple choice and select-all, timed (about a minute a "
                 "question), no feedback until you submit.")  # fmt: skip
        self.push_screen(TopicScreen(list(self.study.decks), title), start)

    def action_stats(self) -> None:
        from studytool.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.study))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def on_review_screen_finished(self, event: ReviewScreen.Finished) -> None:
        """The review screen ran out of cards: show the summary in its place."""
        from studytool.tui.screens.summary import SummaryScreen

        summary = self.study.summary()
        self.switch_screen(SummaryScreen(summary, practice=self.study.in_practice))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Review", "Start or resume today's review", self.action_review)
        yield SystemCommand("Topic quiz", "Quiz every card of one topic (not scheduled)",
                            self.action_quiz)  # fmt: skip
        yield SystemCommand("Mock exam", "A timed exam: multiple choice and select-all",
                            self.action_exam)  # fmt: skip
        yield SystemCommand("Stats", "Streaks, retention, forecast, topics", self.action_stats)
        yield SystemCommand("Help: studytool keys", "Every key of every screen", self.action_help)
        yield SystemCommand("Light or dark theme", "Switch between light and dark",
                            self.action_toggle_theme)  # fmt: skip
        if isinstance(screen, ReviewScreen):
            for title, action, text in (
                ("Undo last answer", "undo", "Take back the last answer"),
                ("Mark guessed", "guessed", "Count this answer as a guess"),
                ("Show hint", "hint", "Show the card's hint (scores lower)"),
                ("Suspend card", "suspend", "Stop scheduling this card"),
                ("Flag card as wrong", "flag", "Report this card to the instructor"),
            ):
                yield SystemCommand(title, text, getattr(screen, f"action_{action}"))
