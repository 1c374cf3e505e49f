"""The options several commands share, spelt and explained once."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from studytool import paths
from studytool.core.cards import Card
from studytool.core.models import Deck
from studytool.core.schedulers import SCHEDULERS
from studytool.core.text import shown

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class GroupOptions:
    """``--data-dir``, ``--deck`` and ``--scheduler`` given before the command, for every
    command to use."""

    data_dir: Path | None
    decks: tuple[Path, ...]
    scheduler: str | None = None


def _non_empty_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give a folder; an empty value would mean the current one")
    return Path(value).expanduser()


def data_dir_option(f: F) -> F:
    return click.option(
        "--data-dir",
        type=str,
        callback=_non_empty_dir,
        default=None,
        metavar="DIR",
        help=f"Where progress is kept (default: ${paths.DATA_DIR_ENV}, else the user data dir).",
    )(f)


def deck_option(f: F) -> F:
    return click.option(
        "--deck",
        "decks",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        metavar="PATH",
        help="Also use this deck file or folder of decks (repeatable).",
    )(f)


def scheduler_option(f: F) -> F:
    return click.option(
        "--scheduler",
        type=click.Choice(list(SCHEDULERS)),
        default=None,
        help="Schedule with SM-2 or FSRS-6 for this run (default: config.toml's "
        "scheduler, else sm2); a switch reschedules every card from its answers.",
    )(f)


def limit_options(f: F) -> F:
    for name, text in (
        ("--rollover-hour", "Local hour a new study day starts (default 4)."),
        ("--review-limit", "Most due reviews per deck per day (default 200)."),
        ("--new-limit", "Most new cards per deck per day (default 20)."),
    ):
        f = click.option(name, type=int, default=None, metavar="N", help=text)(f)
    return f


LIMIT_FLAGS = {
    "new_per_day": "--new-limit",
    "reviews_per_day": "--review-limit",
    "rollover_hour": "--rollover-hour",
}


def limits(new: int | None, reviews: int | None, rollover: int | None) -> dict[str, int | None]:
    """The limit flags as settings; None where a flag was not given."""
    return {"new_per_day": new, "reviews_per_day": reviews, "rollover_hour": rollover}


def card_argument(f: F) -> F:
    return click.argument("card", metavar="DECK/CARD")(f)


def split_card(card: str) -> tuple[str, str]:
    """DECK/CARD as its two parts; DECK may be a deck file's path, with slashes of its own."""
    deck, slash, card_id = card.rpartition("/")
    if not slash or not deck or not card_id:
        raise click.BadParameter(
            f"write the card as DECK/CARD, e.g. leg-curl/{shown(card)}", param_hint="DECK/CARD"
        )
    return deck, card_id


def card_in(deck: Deck, card_id: str) -> Card:
    """The deck's card ``card_id``, or a usage error with a did-you-mean."""
    ids = [card.id for card in deck.cards]
    if card_id not in ids:
        close = difflib.get_close_matches(card_id, ids, n=1)
        hint = f"; did you mean '{deck.id}/{close[0]}'?" if close else ""
        raise click.BadParameter(
            f"deck '{shown(deck.id)}' has no card '{shown(card_id)}'{shown(hint)}",
            param_hint="DECK/CARD",
        )
    return deck.card(card_id)
