"""A card on screen and what an answer to it shows: shared by the review and the preview,
so an author previewing a deck sees exactly what a candidate will."""

from __future__ import annotations

from textual.content import Content

from studytool.core.cards import (
    Card,
)
from studytool.core.grading import Verdict
from studytool.tui.widgets.base import plain


def feedback(
    card: Card,
    verdict: Verdict | None,
    *,
    again: bool = False,
    next_key: str = "Enter: next card",
    overruled: bool = False,
) -> Content:
    """Right or wrong, the answer, why, and where it comes from. Without a verdict (the
    answer shown, not given) it says so and always spells the answer out. ``overruled``:
    the candidate said an answer marked wrong was right."""
    lines: list[Content | str]
    if verdict is None:
        lines = [Content.styled("Answer shown, not graded", "bold $accent")]
    else:
        if overruled:
            head = Content.styled("✓ Counted as right: you said you were right", "bold $success")
        elif verdict.correct:
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
    wrong = verdict is None or not verdict.correct
    if wrong and not card.shows_its_answer:
        lines += ["\n", Content.styled("Answer: ", "bold"), plain(card.answer_text())]
    if card.explanation:
        lines += ["\n", plain(card.explanation)]
    if card.source:
        lines += ["\n", Content.styled("Source: ", "dim"), plain(card.source, "dim")]
    lines += ["\n", Content.styled(next_key, "bold")]
    return Content.assemble(*lines)
