import pytest

from studytool.core.cards import Blank, ClozeError, parse_cloze


def test_text_and_blanks_in_reading_order() -> None:
    assert parse_cloze("Curl the {{heels|feet}} up, then {{lower}}.") == (
        "Curl the ",
        Blank(("heels", "feet")),
        " up, then ",
        Blank(("lower",)),
        ".",
    )


def test_blank_at_both_ends() -> None:
    assert parse_cloze("{{a}} and {{b}}") == (Blank(("a",)), " and ", Blank(("b",)))


def test_spaces_around_alternatives_do_not_count() -> None:
    assert parse_cloze("{{ flex | bend }}") == (Blank(("flex", "bend")),)


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("no blank here", 0, "no blank"),
        ("open {{ never closed", 5, "never closed"),
        ("stray }} close", 6, "without a matching"),
        ("empty {{}} blank", 6, "empty blank"),
        ("empty {{a|}} variant", 6, "empty blank"),
        ("nested {{a {{b}} }}", 7, "another"),
    ],
)
def test_malformed_text_says_where(text: str, offset: int, words: str) -> None:
    with pytest.raises(ClozeError) as caught:
        parse_cloze(text)
    assert caught.value.offset == offset
    assert words in caught.value.message
