"""After a mock exam: score, pass or fail, per topic, and every missed or flagged question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from studytool.core.cards import Option
from studytool.core.text import shown
from studytool.engine.reports import Exam, ExamQuestion
from studytool.engine.study import Study
from studytool.errors import StudytoolError
from studytool.tui.widgets.base import plain
from studytool.tui.widgets.footer import KeysFooter


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def given_text(question: ExamQuestion) -> str:
    options = question.card.options
    if question.answer is None:
        return "(not answered)"
    if isinstance(question.answer, int):
        return options[question.answer].text
    return "; ".join(options[i].text for i in sorted(question.answer)) or "(none)"


class ExamResultScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "send_missed", "Missed → tomorrow"),
        Binding("enter,escape,q", "leave", "Home"),
    ]

    def __init__(
        self,
        study: Study,
        exam: Exam,
        seconds: float,
        timed_out: bool,
        unsaved: StudytoolError | None = None,
    ) -> None:
        super().__init__()
        self.study = study
        self.exam = exam
        self.seconds = seconds
        self.timed_out = timed_out
        self.sent = False
        self.unsaved = unsaved
        """Why the result could not be saved: it is shown, and leaving ends studytool."""

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Static(self.render_result(), id="exam-result"))
        yield KeysFooter()

    def render_result(self) -> Content:
        result = self.exam.result
        assert result is not None
        verdict = (Content.styled("PASS", "bold $success") if result.passed
                   else Content.styled("FAIL", "bold $error"))  # fmt: skip
        names = {t.id: t.name for t in self.study.deck(self.exam.deck_id).topics}
        parts: list[Content | str] = [
            Content.styled("Mock exam result", "bold"), "\n\n",
            Content.assemble(f"Score {result.score:.0f}%  ({result.correct} of "
                             f"{result.questions})   ", verdict,
                             f"   pass mark {result.pass_mark}%\n"),
            f"Time {clock_text(self.seconds)} of {self.exam.minutes} min"
            + ("  (time ran out: handed in automatically)" if self.timed_out else "") + "\n",
            Content.styled(f"Not saved: {shown(str(self.unsaved))}. Leaving this screen closes "
                           "studytool.\n\n", "bold $error") if self.unsaved else
            "Answers are kept as practice; your review schedule is unchanged.\n\n",
            Content.styled(f"{'Topic':<40}{'right':>8}{'score':>8}\n", "bold"),
        ]  # fmt: skip
        for topic, (right, asked) in result.per_topic.items():
            parts.append(
                Content.assemble(
                    plain(f"{names.get(topic, topic)[:39]:<40}"),
                    f"{right:>5}/{asked:<2}{right / asked:>8.0%}\n",
                )
            )
        review = [q for q in self.exam.questions if not q.right or q.flagged]  # fmt: skip
        if review:
            parts += ["\n", Content.styled("Missed or flagged", "bold"),
                      "   (r sends the missed cards to tomorrow's review)\n"]  # fmt: skip
        for number, question in enumerate(self.exam.questions, start=1):
            if question not in review:
                continue
            card = question.card
            mark = (Content.styled("✓", "$success") if question.right
                    else Content.styled("✗", "$error"))  # fmt: skip
            parts += [
                "\n",
                Content.assemble(
                    mark,
                    f" {number}. ",
                    plain(card.question, "bold"),
                    " ⚑" if question.flagged else "",
                    "\n",
                ),
            ]
            parts += [Content.assemble("   Your answer: ", plain(given_text(question)), "\n")]
            expected = self.right_answer(card.options)
            parts += [Content.assemble("   Right: ", plain(expected, "$success"), "\n")]
            if card.explanation:
                parts += [Content.assemble("   ", plain(card.explanation), "\n")]
            for option in card.options:
                if not option.correct and option.why:
                    parts.append(Content.assemble("   · ", plain(option.text, "italic"), ": ",
                                                  plain(option.why), "\n"))  # fmt: skip
        return Content.assemble(*parts)

    def right_answer(self, options: tuple[Option, ...]) -> str:
        return "; ".join(o.text for o in options if o.correct)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "send_missed" and self.unsaved)  # nothing more can be saved

    def action_leave(self) -> None:
        if self.unsaved:
            self.app.exit(result=self.unsaved)
        else:
            self.app.pop_screen()

    def action_send_missed(self) -> None:
        if self.sent:
            self.notify("Already sent.")
            return
        count = self.study.send_missed_to_review(self.exam)
        self.sent = True
        self.notify(f"{count} missed cards are due in tomorrow's review.")
