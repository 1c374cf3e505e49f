"""How a card names the works it cites under an answer: short, and still findable."""

from __future__ import annotations

import pytest

from studytool.core.models import Reference


def reference(author: str) -> Reference:
    return Reference(id="r", author=author, year=2021, title="T", published_in="J")


@pytest.mark.parametrize(
    ("author", "short"),
    [
        ("Borg GA", "Borg"),
        ("Haff GG, Triplett NT (eds.)", "Haff and Triplett"),
        ("Maeo S, Huang M, Wu Y, et al.", "Maeo et al."),
        ("Moore KL, Dalley AF, Agur AMR", "Moore et al."),
        ("van der Horst N, Smits DW, Petersen J", "van der Horst et al."),
        ("National Academy of Sports Medicine (Sutton BG, ed.)",
         "National Academy of Sports Medicine"),
        ("American College of Obstetricians and Gynecologists",
         "American College of Obstetricians and Gynecologists"),
    ],
)  # fmt: skip
def test_the_authors_are_named_as_a_citation_in_the_text_names_them(
    author: str, short: str
) -> None:
    assert reference(author).short_author() == short


def test_the_label_gives_authors_year_and_title_and_the_citation_everything() -> None:
    maeo = Reference(id="maeo-2021", author="Maeo S, Huang M, Wu Y, et al.", year=2021,
                     title="Greater hamstrings muscle hypertrophy", published_in="MSSE 53(4)",
                     url="https://example.org/maeo")  # fmt: skip
    assert maeo.label() == "Maeo et al. 2021, Greater hamstrings muscle hypertrophy"
    assert maeo.citation() == (
        "Maeo S, Huang M, Wu Y, et al. (2021). Greater hamstrings muscle hypertrophy. "
        "MSSE 53(4). https://example.org/maeo"
    )
