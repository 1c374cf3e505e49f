"""A card on screen and what an answer to it shows: shared by the review and the preview,
so an author previewing a deck sees exactly what a candidate will."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from studytool.core.cards import Card
from studytool.core.grading import Verdict
from studytool.tui.widgets.base import CardView, plain


def verdict_line(
    verdict: Verdict | None, *, again: bool = False, overruled: bool = False
) -> Content:
    """Right, close or not, with the grade it earned; without a verdict (the answer shown,
    not given) it says so. ``overruled``: the candidate said an answer marked wrong was
    right."""
    if verdict is None:
        return Content.styled("Answer shown, not graded", "bold $accent")
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
    parts: list[Content | str] = [head, f"  quality {verdict.quality}"]
    if again:
        parts.append(Content.styled("  · comes back later this session", "$accent"))
    return Content.assemble(*parts)


def feedback(
    card: Card, verdict: Verdict | None, *, sources: Sequence[str], next_key: str
) -> Content:
    """What follows the marked answer: the answer spelt out when it was missed (or only
    shown) and the card does not show it itself, why, and where it comes from
    (``sources``: what the card cites, as ``Deck.cited`` names it)."""
    lines: list[Content | str] = []
    wrong = verdict is None or not verdict.correct
    if wrong and not card.shows_its_answer:
        lines.append(Content.assemble(Content.styled("Answer: ", "bold"),
                                      plain(card.answer_text())))  # fmt: skip
    if card.explanation:
        lines.append(plain(card.explanation))
    if sources:
        lines.append(Content.assemble(Content.styled("Source: ", "dim"),
                                      plain("; ".join(sources), "dim")))  # fmt: skip
    lines.append(Content.styled(next_key, "bold"))
    return Content("\n").join(lines)


def mount_feedback(
    area: VerticalScroll,
    view: CardView,
    verdict: Verdict | None,
    *,
    sources: Sequence[str],
    again: bool = False,
    next_key: str = "Enter: next card",
    overruled: bool = False,
) -> None:
    """The verdict under the question, the rest of the feedback under the marked answer,
    and the card scrolled to its top: however long the options' reasons, the steps or the
    explanation, the question and its verdict are read together without scrolling."""
    view.mount(Static(verdict_line(verdict, again=again, overruled=overruled), classes="verdict"),
               after=view.query_one(".question"))  # fmt: skip
    area.mount(Static(feedback(view.card, verdict, sources=sources, next_key=next_key),
                      classes="feedback"))  # fmt: skip
    area.scroll_home(animate=False)
