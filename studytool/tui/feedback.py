"""A card on screen and what an answer to it shows: shared by the review and the preview,
so an author previewing a deck sees exactly what a candidate will."""

from __future__ import annotations

from textual.content import Content

from studytool.core.grading import Verdict, dont_know, grade, grade_self
from studytool.core.models import (
    AnyCard,
    BasicCard,
    ClozeCard,
    McqCard,
    MultiCard,
    OrderCard,
    TypedCard,
)
from studytool.deck.preview_text import answer_text
from studytool.tui.widgets.base import CardView, plain
from studytool.tui.widgets.basic import BasicView
from studytool.tui.widgets.choice import McqView, MultiView
from studytool.tui.widgets.order import OrderView
from studytool.tui.widgets.typed import ClozeView, TypedView


def view_for(card: AnyCard, seed: str) -> CardView:
    match card:
        case BasicCard():
            return BasicView(card, seed)
        case McqCard():
            return McqView(card, seed)
        case MultiCard():
            return MultiView(card, seed)
        case TypedCard():
            return TypedView(card, seed)
        case ClozeCard():
            return ClozeView(card, seed)
        case OrderCard():
            return OrderView(card, seed)


def judge(
    card: AnyCard,
    given: object,
    self_grade: int | None,
    *,
    guessed: bool = False,
    hinted: bool = False,
    seconds: float | None = None,
) -> Verdict:
    """The verdict on what a card widget submitted: an empty typed answer is "don't know"."""
    if self_grade is not None:
        return grade_self(self_grade, guessed=guessed)
    if (isinstance(card, TypedCard) and not str(given).strip()) or (
        isinstance(card, ClozeCard) and not any(str(v).strip() for v in given)  # type: ignore[attr-defined]
    ):
        return dont_know()
    graded_as = set(given) if isinstance(given, list) and isinstance(card, MultiCard) else given
    return grade(card, graded_as, guessed=guessed, hinted=hinted, seconds=seconds)


def feedback(
    card: AnyCard,
    verdict: Verdict | None,
    *,
    again: bool = False,
    next_key: str = "Enter: next card",
) -> Content:
    """Right or wrong, the answer, why, and where it comes from. Without a verdict (the
    answer shown, not given) it says so and always spells the answer out."""
    lines: list[Content | str]
    if verdict is None:
        lines = [Content.styled("Answer shown, not graded", "bold $accent")]
    else:
        if verdict.correct:
            head = Content.styled("✓ Right", "bold $success")
        elif verdict.close:
            head = Content.styled("≈ Close, but not right", "bold $warning")
        else:
            head = Content.styled("✗ Not right", "bold $error")
        if verdict.score not in (0.0, 1.0):
            head = Content.assemble(head, f"  ({verdict.score:.0%} of it right)")
        lines = [head, f"  quality {verdict.quality}"]
    if again:
        lines.append(Content.styled("  · comes back later this session", "$accent"))
    # Flip cards show their back, order cards their right order, already.
    wrong = verdict is None or not verdict.correct
    if wrong and not isinstance(card, BasicCard | OrderCard):
        lines += ["\n", Content.styled("Answer: ", "bold"), plain(answer_text(card))]
    if card.explanation:
        lines += ["\n", plain(card.explanation)]
    if card.source:
        lines += ["\n", Content.styled("Source: ", "dim"), plain(card.source, "dim")]
    lines += ["\n", Content.styled(next_key, "bold")]
    return Content.assemble(*lines)
