"""Cards as plain text: the right answer spelt out, and a whole deck preview for pipes.

No Textual here, so ``studytool preview`` piped into a file or ``less`` starts fast.
"""

from __future__ import annotations

from pathlib import Path

from studytool.core.models import (
    AnyCard,
    BasicCard,
    Blank,
    ClozeCard,
    McqCard,
    MultiCard,
    OrderCard,
    TypedCard,
)
from studytool.deck.reader import BrokenCard, DeckPreview, shown


def answer_text(card: AnyCard) -> str:
    """The right answer, spelt out for the feedback."""
    match card:
        case BasicCard():
            return card.back
        case McqCard():
            return card.answer.text
        case MultiCard():
            return "; ".join(o.text for o in card.options if o.correct)
        case TypedCard():
            return card.answer
        case ClozeCard():
            return " · ".join(b.answers[0] for b in card.blanks)
        case OrderCard():
            return " → ".join(card.steps)


def find(preview: DeckPreview, wanted: str) -> int | None:
    """Position of the card with this id (a broken one too), if there is one."""
    ids = [entry.id for entry in preview.cards]
    return ids.index(wanted) if wanted in ids else None


def counts(preview: DeckPreview) -> str:
    """ "72 cards, 1 with errors", or how many errors stop the deck from being read."""
    if not preview.cards:
        errors = len(preview.errors)
        return f"{errors} error{'s' * (errors != 1)}"
    broken = sum(isinstance(entry, BrokenCard) for entry in preview.cards)
    total = len(preview.cards)
    text = f"{total} card{'s' * (total != 1)}"
    return f"{text}, {broken} with errors" if broken else text


def where(preview: DeckPreview, index: int) -> str:
    """card 12/72 · file:line · id · type · topic: the place comes early, so a narrow
    screen cuts the topic rather than the line to open in the editor."""
    entry = preview.cards[index]
    number = f"card {index + 1}/{len(preview.cards)}"
    place = f"{shown(Path(preview.path).name)}:{entry.line}"
    if isinstance(entry, BrokenCard):
        return " · ".join([number, place, entry.id or "(no id)", "has errors"])
    topic = preview.deck.topic_name(entry.topic) if preview.deck else entry.topic
    return " · ".join([number, place, entry.id, entry.type, topic])


def question_text(card: AnyCard) -> str:
    """What the candidate is asked; a cloze card's blanks numbered as on screen."""
    match card:
        case BasicCard():
            return card.front
        case ClozeCard():
            number = 0
            text = []
            for part in card.parts:
                if isinstance(part, Blank):
                    number += 1
                    text.append(f"[{number}]_____")
                else:
                    text.append(part)
            return "".join(text)
        case _:
            return card.question


def card_lines(card: AnyCard) -> list[str]:
    """A card with everything a candidate would see, answer and feedback included."""
    lines = [question_text(card)]
    match card:
        case McqCard() | MultiCard():
            for number, option in enumerate(card.options, start=1):
                lines.append(f"  {number}. {option.text}{'  (correct)' * option.correct}")
                if option.why:
                    lines.append(f"       why: {option.why}")
        case OrderCard():
            lines += [f"  {number}. {step}" for number, step in enumerate(card.steps, start=1)]
            lines.append("  (the right order; candidates see the steps shuffled)")
        case TypedCard() if card.accept:
            lines.append(f"Also accepted: {'; '.join(card.accept)}")
        case _:
            pass
    if card.hint:
        lines.append(f"Hint: {card.hint}")
    if not isinstance(card, OrderCard):
        lines.append(f"Answer: {answer_text(card)}")
    if card.explanation:
        lines.append(f"Explanation: {card.explanation}")
    if card.source:
        lines.append(f"Source: {card.source}")
    return lines


def preview_lines(preview: DeckPreview, only: int | None = None) -> list[str]:
    """The whole deck (or the card at ``only``) as text; broken cards show their errors."""
    if not preview.cards:
        return [
            f"{shown(preview.path)}: {counts(preview)}; no card can be shown until they are fixed:",
            *(str(d) for d in preview.errors),
        ]
    title = preview.title or shown(Path(preview.path).name)
    lines = [f"{title}: {shown(preview.path)}, {counts(preview)}"]
    for index, entry in enumerate(preview.cards):
        if only is not None and index != only:
            continue
        lines += ["", f"── {where(preview, index)}"]
        if isinstance(entry, BrokenCard):
            lines += [str(d) for d in entry.diagnostics]
            continue
        lines += card_lines(entry)
        lines += [str(d) for d in preview.notes[index]]
    return lines
