"""Deck-quality warnings: cards that load fine but teach or test badly.

The loader (``deckfile``) decides whether a deck is valid; these checks judge whether its
cards are good questions: no two cards asking the same thing, no answer printed in its own
question, no multiple-choice item a test-wise candidate can answer without knowing the
fact, and no card id quietly reused for a different fact between two versions of a deck.

Only ``studytool lint`` runs them: the app loads decks at start-up and must stay fast, and
a candidate cannot act on these findings anyway. Every check is a pure function of loaded
decks and returns warnings on the card's line and column. Lint has a budget of a second
for a 10,000-card deck, most of it taken by parsing, so the checks rule most cards out
with cheap tests before folding any text, search all options with one regex, and never
compare every card with every other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from itertools import chain, pairwise
from math import ceil, sqrt

from rapidfuzz.distance import Indel

from studytool.core.cards import (
    Card,
    ChoiceCard,
    McqCard,
)
from studytool.core.folding import ARTICLES, ASCII_FOLD, SEPARATOR, normalize
from studytool.core.matching import MIN_TYPO_LENGTH, edit_distance
from studytool.core.models import Deck
from studytool.deck.checker import same_text
from studytool.deck.results import Diagnostic

CODES = {
    "near-duplicate": "two cards ask nearly the same thing",
    "answer-in-question": "the answer is printed in the question, the cloze text or the hint",
    "long-correct-option": "an mcq's correct option is much longer than every wrong one",
    "longest-option-share": "the right option is the longest in far more mcq than chance gives",
    "catch-all-option": 'an option such as "all of the above" or "both A and B"',
    "repeated-option": "two options say the same thing once punctuation and case are ignored",
    "changed-answer": "with --against: a card id now holds a different answer",
    "changed-type": "with --against: a card id now holds a card of another type",
}
"""Every code this module emits, with a one-line meaning (docs and tests read it)."""


def check_deck(deck: Deck) -> list[Diagnostic]:
    """Every quality warning for one deck, in file order."""
    findings = catch_all_options(deck)
    for card in deck.cards:
        findings += answer_in_question(deck, card)
        if isinstance(card, McqCard):
            findings += long_correct_option(deck, card)
        if isinstance(card, ChoiceCard):
            findings += repeated_options(deck, card)
    findings += near_duplicates(deck)
    findings += longest_option_share(deck)
    return sorted(findings, key=lambda d: (d.line, d.column))


def _warn(deck: Deck, card: Card, code: str, message: str) -> Diagnostic:
    assert code in CODES, code
    return Diagnostic(deck.path or deck.id, card.line, card.column, "warning", code, message)


# -- text ----------------------------------------------------------------------------------

_NOT_ALNUM_BYTES = bytes(code for code in range(128) if not chr(code).isalnum())


def fold_each(texts: list[str]) -> list[str]:
    """``normalize`` of each text, done in one pass over all of them."""
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != max(0, len(texts) - 1):  # a deck built in memory
        return [normalize(text) for text in texts]
    return normalize(joined).split(SEPARATOR) if texts else []


def words(text: str) -> list[str]:
    return normalize(text).split()


def _first_word(text: str) -> str | None:
    """The first word of ``text`` as ``normalize`` gives it, cheaply, for ASCII text only.

    Most answers do not occur in their question at all; checking that their first word
    does, in the lower-cased question, rules them out without folding either text.
    """
    if not text.isascii():
        return None
    found = text.encode("ascii").translate(ASCII_FOLD).decode("ascii").split(None, 2)
    if len(found) > 1 and found[0] in ARTICLES:
        return found[1]
    return found[0] if found else ""


_STOPWORD_TEXT = """
a an the of to in on at by for with and or but not no is are be it its as from this that
these those their they them do does what which who when how why
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words that carry no fact of their own."""


def _contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole words (both folded)."""
    return f" {needle} " in f" {haystack} "


def _quoted(text: str, limit: int = 40) -> str:
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


# -- the answer given away -----------------------------------------------------------------

MIN_GIVEAWAY_CHARS = 4
"""Answers shorter than this ("no", "3", "hip") turn up in ordinary sentences by chance;
finding them in a question says nothing about the question."""


def answer_in_question(deck: Deck, card: Card) -> list[Diagnostic]:
    """The answer, verbatim (case, spacing and punctuation aside), in what is shown first."""
    shown = card.shown_texts()
    answers = card.answers()
    if card.hint:
        shown.append(("hint", card.hint))
    everything = "\n".join(text for _, text in shown)
    lowered = everything.lower() if everything.isascii() else None
    seen: list[tuple[str, str]] = []
    for answer in answers:
        first = _first_word(answer)
        # An ASCII answer whose first word is in no shown text (all ASCII) is in none.
        if first is not None and lowered is not None and first not in lowered:
            continue
        seen = seen or [(name, normalize(text)) for name, text in shown]
        needle = normalize(answer)
        if len(needle) < MIN_GIVEAWAY_CHARS:
            continue
        where = next((name for name, text in seen if _contains(text, needle)), None)
        if where is None:
            continue
        if isinstance(card, ChoiceCard):
            # "Flexors or extensors?" names options on purpose: only a right option named
            # with no wrong one beside it gives the answer away.
            wrong = [normalize(o.text) for o in card.options if not o.correct]
            if any(option and _contains(text, option) for option in wrong for _, text in seen):
                return []
        return [
            _warn(
                deck,
                card,
                "answer-in-question",
                f"card '{card.id}' gives its answer away: {_quoted(answer)} appears in the "
                f"{where}; reword the {where} so it does not contain the answer",
            )
        ]
    return []


# -- multiple choice -----------------------------------------------------------------------

LONG_RATIO = 1.5
LONG_EXTRA_CHARS = 15
"""A correct option at least 1.5 times as long as the longest wrong one, and 15 characters
longer, stands out on the screen: test-wise candidates pick the longest option, and item
writers qualify the right answer until it is. Both bounds must hold so that short options
("Flex it" against "No") and long ones that differ by a few words stay quiet."""


def long_correct_option(deck: Deck, card: McqCard) -> list[Diagnostic]:
    right = longest = 0
    for option in card.options:
        if option.correct:
            right = len(option.text)
        elif len(option.text) > longest:
            longest = len(option.text)
    if right < LONG_RATIO * longest or right - longest < LONG_EXTRA_CHARS:
        return []
    return [
        _warn(
            deck,
            card,
            "long-correct-option",
            f"card '{card.id}': the correct option is {right} characters and the longest "
            f"wrong one {longest}; candidates pick the longest option, so shorten the "
            "correct one or give the wrong ones the same detail",
        )
    ]


@dataclass(frozen=True)
class LengthCue:
    """How often a deck's mcq have their right option as the longest one, beside how often
    chance would (one option in n is the longest): a test-wise candidate picks the longest
    option, so a deck far above chance teaches that instead of the facts."""

    mcqs: int
    longest: int
    chance: float
    """The share of mcq whose right option would be the longest by chance."""

    @property
    def share(self) -> float:
        return self.longest / self.mcqs if self.mcqs else 0.0

    def far_above_chance(self) -> bool:
        """Over two standard deviations above chance, among enough mcq to tell."""
        spread = sqrt(self.chance * (1 - self.chance) / self.mcqs) if self.mcqs else 0.0
        return self.mcqs >= MIN_MCQS_FOR_SHARE and self.share > self.chance + 2 * spread

    def text(self) -> str:
        return (f"the right option is the longest in {self.longest} of {self.mcqs} mcq "
                f"({self.share:.0%}; by chance {self.chance:.0%})")  # fmt: skip


MIN_MCQS_FOR_SHARE = 10


def length_cue(deck: Deck) -> LengthCue:
    mcqs = [card for card in deck.cards if isinstance(card, McqCard)]
    longest = 0
    for card in mcqs:
        right = max(len(o.text) for o in card.options if o.correct)
        longest += right > max(len(o.text) for o in card.options if not o.correct)
    chance = sum(1 / len(card.options) for card in mcqs) / len(mcqs) if mcqs else 0.0
    return LengthCue(len(mcqs), longest, chance)


def longest_option_share(deck: Deck) -> list[Diagnostic]:
    cue = length_cue(deck)
    if not cue.far_above_chance():
        return []
    message = (f"{cue.text()}: candidates learn to pick the longest option; give the wrong "
               "options the right one's detail, or shorten the right ones")  # fmt: skip
    return [Diagnostic(deck.path or deck.id, 1, 1, "warning", "longest-option-share", message)]


# Searched in lower-cased text, which is quicker than a case-blind search.
_POINTS_AT_OPTIONS = re.compile(
    r"\b(?:all|none|both|neither|any)(?: of)? the (?:above|below)\b"
    r"|\b(?:all|none|both|neither|any) of (?:the (?:other )?(?:options|answers|choices)\b"
    r"|(?:these|those|them)\W*$)",
    re.MULTILINE,
)
# "Both A and B", "A, B and C only", "Options 1 and 3", a whole option each. Capitals only:
# "a and b" is English, "A and B" a reference; and a bare "1 or 2" is a count.
_REF = r"(?:{0})(?:\s*(?:,|and|or|&)\s*(?:{0}))+(?: only)?\W*$"
_NAMES_OPTIONS = re.compile(
    r"^(?:[Bb]oth |[Oo]nly )?(?:(?:[Oo]ptions?|[Aa]nswers?|[Cc]hoices?) )?" + _REF.format("[A-E]")
    + r"|^(?:[Bb]oth |(?:[Bb]oth |[Oo]nly )?(?:[Oo]ptions?|[Aa]nswers?|[Cc]hoices?) )"
    + _REF.format("[1-5]"),
    re.MULTILINE,
)  # fmt: skip


def catch_all_options(deck: Deck) -> list[Diagnostic]:
    """Options that point at other options ("all of the above", "both A and B").

    Options are shown shuffled, so "above" and "A" point nowhere; and such an option lets
    a candidate who spots two right options answer without knowing the rest. All the
    deck's options are searched at once, one per line: a hit is rare.
    """
    choices = [card for card in deck.cards if isinstance(card, ChoiceCard)]
    texts = [option.text for card in choices for option in card.options]
    lines = "\n".join(texts)
    if lines.count("\n") != len(texts) - 1:  # an option of several lines
        lines = "\n".join(text.replace("\n", " ") for text in texts)
    hits = {
        lines.count("\n", 0, hit.start())
        for found in (_POINTS_AT_OPTIONS.finditer(lines.lower()), _NAMES_OPTIONS.finditer(lines))
        for hit in found
    }
    findings: list[Diagnostic] = []
    if not hits:
        return findings
    line = 0
    for card in choices:
        for option in card.options:
            if line in hits:
                fix = (
                    "make it a multi (select all that apply) card"
                    if isinstance(card, McqCard)
                    else "let candidates select the right options themselves"
                )
                findings.append(
                    _warn(
                        deck,
                        card,
                        "catch-all-option",
                        f"card '{card.id}': option {_quoted(option.text)} refers to other "
                        f"options, which are shown shuffled; write an option that stands "
                        f"alone, or {fix}",
                    )
                )
            line += 1
    return findings


def repeated_options(deck: Deck, card: ChoiceCard) -> list[Diagnostic]:
    """Options equal once case, accents, punctuation and a leading article are ignored.

    The loader already warns (on the option's own line) about options equal but for case
    and spacing; this catches the rest, such as "Flex it!" beside "Flex it".
    """
    texts = [option.text for option in card.options]
    # ASCII letters and digits only, without a leading article: options that differ here
    # differ once folded too, so most cards are cleared without folding a word.
    if "".join(texts).isascii():
        rough = [
            text.lower()
            .removeprefix("the ")
            .removeprefix("an ")
            .removeprefix("a ")
            .encode("ascii")
            .translate(None, _NOT_ALNUM_BYTES)
            for text in texts
        ]
        if len(set(rough)) == len(rough):
            return []
    findings: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for option in card.options:
        earlier = seen.setdefault(normalize(option.text), option.text)
        if earlier is not option.text and same_text(earlier) != same_text(option.text):
            findings.append(
                _warn(
                    deck,
                    card,
                    "repeated-option",
                    f"card '{card.id}': option {_quoted(option.text)} says the same as "
                    f"{_quoted(earlier)}; make every option different",
                )
            )
    return findings


# -- near-duplicate cards ------------------------------------------------------------------

DUPLICATE_SIMILARITY = 0.85
"""Share of words two cards have in common, in order (question and answer together), from
which they count as the same card written twice."""

CANDIDATE_SHARE = 0.5
"""Share of their word pairs two cards must have in common to be compared in full. Cards
85% alike word by word share far more than half of their word pairs."""

COMMON_SHINGLE_CARDS = 20
"""A word pair found on more cards than this ("knee flexion" in a knee deck) says little
about which cards are alike and would make the search quadratic, so it is not followed
further; near-duplicates share most of their word pairs, the rarer ones among them."""


def near_duplicates(deck: Deck) -> list[Diagnostic]:
    """Pairs of cards that say nearly the same, each reported once on the later card.

    Comparing every card with every other would take minutes on a big deck. Instead each
    card is cut into pairs of neighbouring content words (shingles), and two cards are
    compared in full only when they share at least half of the shingles of each. Such
    cards must share one of the rarer half of each card's shingles (ranked by how many
    cards have them, rarest first: prefix filtering), so only those are looked up in an
    index; shingles no other card has, nearly all of them, cost nothing. The work grows
    with the number of cards, not with its square.
    """
    texts = fold_each([card.summary_text() for card in deck.cards])
    sets = [_shingles(text.split()) for text in texts]
    frequency = Counter(chain.from_iterable(sets))
    # One order for every card, rarest first and then alphabetical, as prefix filtering
    # needs; shingles of a single card are left out, as they can match nothing.
    repeated = sorted((s for s, n in frequency.items() if n > 1), key=lambda s: (frequency[s], s))
    rank = {shingle: order for order, shingle in enumerate(repeated)}
    postings: dict[str, list[int]] = {}
    first_of: dict[str, int] = {}  # exact repeats are found by their text, whatever their number
    findings: list[Diagnostic] = []
    for index, shingles in enumerate(sets):
        best: tuple[float, int] | None = None
        if (same := first_of.setdefault(texts[index], index)) != index:
            best = (1.0, same)
        elif shared := rank.keys() & shingles:  # most cards share no shingle at all
            best = _most_alike(index, texts, sets, _rarest(shingles, shared, rank), postings)
        if best is not None:
            card, earlier = deck.cards[index], deck.cards[best[1]]
            findings.append(
                _warn(
                    deck,
                    card,
                    "near-duplicate",
                    f"card '{card.id}' is nearly the same as card '{earlier.id}' (line "
                    f"{earlier.line}): {best[0]:.0%} alike in question and answer; remove one, "
                    "or make each ask its own fact",
                )
            )
    return findings


def _rarest(shingles: set[str], shared: set[str], rank: dict[str, int]) -> list[str]:
    """The card's rarest len - ceil(share * len) + 1 shingles, less the ones no other card
    has (which rank rarest of all but can match nothing): the ``shared`` ones ranked."""
    prefix = len(shared) + 1 - ceil(CANDIDATE_SHARE * len(shingles))
    return sorted(shared, key=rank.__getitem__)[:prefix] if prefix > 0 else []


def _most_alike(
    index: int,
    texts: list[str],
    sets: list[set[str]],
    rarest: list[str],
    postings: dict[str, list[int]],
) -> tuple[float, int] | None:
    """The earlier card most like card ``index`` if alike enough, as (similarity, index);
    card ``index`` joins the index under its rarest shingles."""
    candidates: set[int] = set()
    for shingle in rarest:
        earlier = postings.setdefault(shingle, [])
        if len(earlier) <= COMMON_SHINGLE_CARDS:
            candidates.update(earlier)
            earlier.append(index)
    best: tuple[float, int] | None = None
    for other in sorted(candidates):
        if 2 * len(sets[index] & sets[other]) < max(len(sets[index]), len(sets[other])):
            continue
        # The share of words the two keep in the same order (2 x longest common subsequence
        # over both lengths), computed bit-parallel: two cards of 16,000 words take
        # milliseconds, where a quadratic matcher took most of a minute.
        ratio = Indel.normalized_similarity(texts[other].split(), texts[index].split())
        if ratio >= DUPLICATE_SIMILARITY and (best is None or ratio > best[0]):
            best = (ratio, other)
    return best


def _shingles(tokens: list[str]) -> set[str]:
    # Pairs of content words: "the knee" or "of the" would tie every card to hundreds.
    content = [word for word in tokens if word not in _STOPWORDS] or tokens
    return set(map(" ".join, pairwise(content))) or {" ".join(content)}


# -- the same id, another fact (against an older version of the deck) ----------------------

CHANGED_SIMILARITY = 0.5
"""An answer that kept less than half of its content words (see ``answer_similarity``) is
not a typo fixed or a sentence reworded but another fact."""


def answer_similarity(old: str, new: str) -> float:
    """How much of an answer survived an edit, from 0 (nothing) to 1 (all).

    The share of content words (the shorter answer's) found again in the other answer,
    in any order, a word counting as found when it is the same word, another form of it
    ("flex", "flexion") or a typo of it ("quadricpes"). Rewording keeps most content
    words; a different fact keeps few.
    """
    before, after = _content_words(old), _content_words(new)
    if not before or not after:
        return 1.0 if before == after else 0.0
    fewer, more = sorted((before, after), key=len)
    kept = sum(any(_same_word(word, other) for other in more) for word in fewer)
    return kept / len(fewer)


def _content_words(text: str) -> set[str]:
    found = set(words(text))
    return found - _STOPWORDS or found


SAME_STEM = 4
"""Words that share their first four letters are taken for forms of one word ("curl" and
"curling", "quad" and "quadriceps"). Crude, and it errs toward calling an edit a rewording:
the safe side, since a false alarm would push authors to give reworded cards new ids and
so wipe candidates' progress for nothing."""


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= SAME_STEM and a[:SAME_STEM] == b[:SAME_STEM]:
        return True
    return min(len(a), len(b)) >= MIN_TYPO_LENGTH and edit_distance(a, b) == 1


def _a(card_type: str) -> str:
    return f"{'an' if card_type[0] in 'aeiou' or card_type == 'mcq' else 'a'} {card_type}"


def _free_id(card_id: str, taken: Container[str]) -> str:
    number = 2
    while f"{card_id}-{number}" in taken:
        number += 1
    return f"{card_id}-{number}"


def changed_ids(old: Deck, new: Deck) -> list[Diagnostic]:
    """Cards whose id survived an edit while the fact it asks did not.

    Progress is keyed on the card id, so a candidate who had mastered the old fact would be
    scheduled as if they knew the new one.
    """
    before = {card.id: card for card in old.cards}
    taken = {*before, *(card.id for card in new.cards)}
    findings: list[Diagnostic] = []
    for card in new.cards:
        was = before.get(card.id)
        if was is None:
            continue
        if was.type != card.type:
            fresh = _free_id(card.id, taken)
            findings.append(
                _warn(
                    new,
                    card,
                    "changed-type",
                    f"card '{card.id}' was {_a(was.type)} card and is now {_a(card.type)} card; "
                    "candidates' progress under this id would be carried to a different "
                    f"question: if it now asks something else, give it a new id such as "
                    f"'{fresh}'",
                )
            )
            continue
        then, now = was.answer_text(), card.answer_text()
        if answer_similarity(then, now) < CHANGED_SIMILARITY:
            fresh = _free_id(card.id, taken)
            findings.append(
                _warn(
                    new,
                    card,
                    "changed-answer",
                    f"card '{card.id}' kept its id but its answer changed from {_quoted(then)} "
                    f"to {_quoted(now)}; candidates' progress under this id would be carried "
                    f"to a different fact: if it now asks something else, give it a new id "
                    f"such as '{fresh}'",
                )
            )
    return findings
