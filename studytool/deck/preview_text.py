"""A deck preview as plain text, for `studytool preview` piped: each card as its kind
spells it (question, details, answer), broken cards with their errors.

No Textual here, so ``studytool preview`` piped into a file or ``less`` starts fast.
"""

from __future__ import annotations

from pathlib import Path

from studytool.core.cards import (
    Card,
)
from studytool.core.text import shown
from studytool.deck.reader import BrokenCard, DeckPreview


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


def card_lines(card: Card, sources: list[str]) -> list[str]:
    """A card with everything a candidate would see, answer and feedback included;
    ``sources`` is what it cites, as ``Deck.cited`` names it."""
    lines = [card.question_text(), *card.detail_lines()]
    if card.hint:
        lines.append(f"Hint: {card.hint}")
    if card.answers():  # an order card's steps above are its answer
        lines.append(f"Answer: {card.answer_text()}")
    if card.explanation:
        lines.append(f"Explanation: {card.explanation}")
    if sources:
        lines.append(f"Source: {'; '.join(sources)}")
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
        sources = preview.deck.cited(entry) if preview.deck else list(entry.source)
        lines += card_lines(entry, sources)
        lines += [str(d) for d in preview.notes[index]]
    if only is None and preview.deck and preview.deck.references:
        lines += ["", "── References"]
        lines += [reference.citation() for reference in preview.deck.references]
    return lines
