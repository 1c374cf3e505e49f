"""The words answers are compared by: word stems, filler words left out, the synonyms a
deck declares, and the key terms that must never stand for one another.

A candidate who knows the fact must not be marked wrong for its form ("hamstring curls",
"flexion at the knee"), yet "extension" for "flexion" is a different fact however close the
letters are. Stemming is Snowball's English stemmer: a maintained algorithm, where
hand-written suffix rules would turn "flexion" into "flex" and lose the difference between
the action and the verb.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from studytool.core.folding import normalize

if TYPE_CHECKING:
    from snowballstemmer.english_stemmer import EnglishStemmer

Synonyms = tuple[tuple[str, ...], ...]
"""Groups of texts that mean the same, as a deck declares them (each group 2 or more)."""

FILLERS = frozenset(
    {
        *("a", "an", "the", "its", "their", "s"),
        *("at", "of", "in", "on", "to", "for", "with", "by", "from", "into"),
        *("phase", "muscle", "muscles"),
    }
)
"""Words that carry no fact of their own in a short answer: "flexion at the knee" says what
"knee flexion" says, "concentric phase" what "concentric" says. A lone "s" is what is left
of a possessive once punctuation is folded away ("Borg's scale")."""

OPPOSITES: tuple[tuple[str, str], ...] = (
    ("flexion", "extension"),
    ("flex", "extend"),
    ("flexor", "extensor"),
    ("concentric", "eccentric"),
    ("medial", "lateral"),
    ("adduction", "abduction"),
    ("adductor", "abductor"),
    ("agonist", "antagonist"),
    ("long", "short"),
    ("lengthen", "shorten"),
    ("proximal", "distal"),
    ("anterior", "posterior"),
    ("internal", "external"),
    ("pronation", "supination"),
    ("dorsiflexion", "plantarflexion"),
    ("inhale", "exhale"),
)
"""Key terms that name opposite things: never a synonym, never "close" to each other."""


@cache
def _stemmer() -> EnglishStemmer:
    # Imported on the first answer that is not word-for-word right: the package loads
    # every language's stemmer, which the start of a review need not wait for.
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


def stems(text: str) -> tuple[str, ...]:
    """The text's words as stems, filler words left out (kept when nothing else is)."""
    words = normalize(text).split()
    kept = [word for word in words if word not in FILLERS] or words
    return tuple(_stemmer().stemWords(kept))


@cache
def _opposite_stems() -> dict[str, str]:
    pairs = {}
    for one, other in OPPOSITES:
        (a,), (b,) = stems(one), stems(other)
        pairs[a], pairs[b] = b, a
    return pairs


def opposed(one: Iterable[str], other: Iterable[str]) -> tuple[str, str] | None:
    """Two stems, one from each side, that name opposite things, if there are any."""
    opposite = _opposite_stems()
    theirs = set(other)
    for stem in one:
        if opposite.get(stem) in theirs:
            return stem, opposite[stem]
    return None


def opposed_words(one: str, other: str) -> tuple[str, str] | None:
    """Words of ``one`` and ``other`` that are opposite key terms (for lint's messages)."""
    found = opposed(stems(one), stems(other))
    if found is None:
        return None
    words = {stem: word for text in (one, other) for word in normalize(text).split()
             for stem in stems(word)}  # fmt: skip
    return words.get(found[0], found[0]), words.get(found[1], found[1])


@lru_cache(maxsize=256)
def _phrases(synonyms: Synonyms) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every synonym as its stems, longest first, with its group's one name."""
    named = [
        (stems(text), f"={number}")
        for number, group in enumerate(synonyms)
        for text in group
    ]  # fmt: skip
    return tuple(sorted(named, key=lambda phrase: -len(phrase[0])))


def canonical(words: Sequence[str], synonyms: Synonyms) -> tuple[str, ...]:
    """``words`` (stems) with each synonym replaced by its group's one name, so that "bend"
    and "flex" compare the same where a deck says they are."""
    if not synonyms:
        return tuple(words)
    phrases = _phrases(synonyms)
    out: list[str] = []
    position = 0
    while position < len(words):
        for phrase, name in phrases:
            if tuple(words[position : position + len(phrase)]) == phrase:
                out.append(name)
                position += len(phrase)
                break
        else:
            out.append(words[position])
            position += 1
    return tuple(out)
