"""`studytool grade`: how an answer would be graded, for authors checking accept lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from studytool.cli import opening
from studytool.cli.options import card_in, data_dir_option, deck_option, split_card
from studytool.core.cards import Card, ClozeCard
from studytool.core.grading import Verdict, judge
from studytool.core.models import Deck
from studytool.core.text import shown

VERDICTS = {5: "right", 4: "right (hesitant)", 3: "right (guessed)", 2: "close, but not right",
            1: "wrong", 0: "don't know"}  # fmt: skip


@click.command()
@click.argument("target", metavar="DECK/CARD")
@click.argument("answer", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@data_dir_option
@deck_option
def grade(
    target: str,
    answer: tuple[str, ...],
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Show how ANSWER to a card would be graded; nothing is recorded.

    DECK is a deck id or a deck file. A typed card takes the answer as words; a cloze card
    one answer per blank (quote an answer of several words); an mcq one option number, a
    multi several, an order card the step numbers in the order given. Options and steps
    are numbered from 1 as the deck file lists them.

    \b
    Examples:
      studytool grade leg-curl/leg-curl-joint-action the knee flexes
      studytool grade leg-curl/biceps-femoris-heads short long --json
      studytool grade decks/my.yaml/pad-height 2
    """
    deck, card = _find(target, data_dir, decks)
    try:
        given = card.parse_answer(answer)
    except ValueError as exc:
        raise click.BadParameter(shown(str(exc)), param_hint="ANSWER") from None
    verdict = judge(card, given)
    if as_json:
        click.echo(json.dumps(_as_dict(deck, card, given, verdict), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(_lines(deck, card, given, verdict)))


def _find(target: str, data_dir: Path | None, decks: tuple[Path, ...]) -> tuple[Deck, Card]:
    where, card_id = split_card(target)
    deck = opening.deck_named(where, data_dir, decks, "nothing graded", "DECK/CARD")
    return deck, card_in(deck, card_id)


def _lines(deck: Deck, card: Card, given: object, verdict: Verdict) -> list[str]:
    lines = [f"{shown(deck.id)}/{shown(card.id)} ({card.type}): {shown(card.question_text())}"]
    if isinstance(card, ClozeCard) and isinstance(given, list):
        for number, (text, mark) in enumerate(zip(given, card.blank_marks(given), strict=True), 1):
            state = "right" if mark.right else "close" if mark.close else "wrong"
            expected = "" if mark.right else f" (expected {shown(mark.expected)!r})"
            lines.append(f"  blank {number}: {shown(repr(text))} is {state}{expected}")
    share = f", {verdict.score:.0%} of it right" if verdict.score not in (0.0, 1.0) else ""
    lines.append(f"Verdict: {VERDICTS[verdict.quality]}, quality {verdict.quality}{share}")
    if not verdict.correct:
        lines.append(f"Right answer: {shown(card.answer_text())}")
    lines.append("Nothing was recorded.")
    return lines


def _as_dict(deck: Deck, card: Card, given: object, verdict: Verdict) -> dict[str, Any]:
    data: dict[str, Any] = {
        "deck": deck.id,
        "card": card.id,
        "type": card.type,
        "quality": int(verdict.quality),
        "correct": verdict.correct,
        "close": verdict.close,
        "score": verdict.score,
    }
    if isinstance(card, ClozeCard) and isinstance(given, list):
        data["blanks"] = [
            {"given": text, "right": mark.right, "close": mark.close, "expected": mark.expected}
            for text, mark in zip(given, card.blank_marks(given), strict=True)
        ]
    return data
