"""The author's preview, driven with Pilot: every card, its feedback, broken cards in place,
and reloading as the file is edited. Nothing may be recorded."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import VALID
from textual.pilot import Pilot
from textual.widgets import Input

from studytool.tui.preview import PreviewApp, PreviewScreen
from studytool.tui.widgets.choice import McqView
from tui.conftest import screen_text

SIZE = (80, 24)
DECK = (VALID / "every-type.yaml").read_text()
NO_WHY = DECK.replace("        why: That is the quadriceps.\n", "")
NEW_FIRST_CARD = DECK.replace(
    "cards:\n",
    "cards:\n  - id: new-1\n    type: basic\n    topic: form\n    front: F\n    back: B\n",
)


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(DECK)
    return path


def screen(app: PreviewApp) -> PreviewScreen:
    assert isinstance(app.screen, PreviewScreen)
    return app.screen


def where(app: PreviewApp) -> str:
    return str(screen(app).query_one("#preview-where").visual)


async def save(pilot: Pilot[None], path: Path, text: str) -> None:
    """What an editor does, then what the poll does (called here, not waited for)."""
    path.write_text(text)
    screen(pilot.app).check_file()  # type: ignore[arg-type]
    await pilot.pause()


def notices(app: PreviewApp) -> list[str]:
    """The notifications on screen."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def data_dir_files() -> list[str]:
    data = Path(os.environ["STUDYTOOL_DATA_DIR"])
    return sorted(p.name for p in data.rglob("*")) if data.exists() else []


async def test_header_names_the_deck_the_card_and_that_nothing_is_recorded(deck: Path) -> None:
    app = PreviewApp(deck, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "One card of every type" in text
        assert "PREVIEW — nothing is recorded" in text
        assert where(app) == "card 1/7 · deck.yaml:14 · basic-1 · basic · Muscles"
        assert "Where are the hamstrings?" in text


async def test_keys_move_between_cards(deck: Path) -> None:
    app = PreviewApp(deck, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert where(app).startswith("card 2/7 · deck.yaml:22 · mcq-1")
        await pilot.press("n", "n")
        assert where(app).startswith("card 4/7")
        await pilot.press("left")  # typed-1's answer box is empty: nothing to move in
        assert where(app).startswith("card 3/7")
        await pilot.press("p")
        assert where(app).startswith("card 2/7")
        await pilot.press("G")
        assert where(app).startswith("card 7/7")
        await pilot.press("right")  # the last card stays the last
        assert where(app).startswith("card 7/7")
        await pilot.press("g")
        assert where(app).startswith("card 1/7")
        await pilot.press("end")
        assert where(app).startswith("card 7/7")
        await pilot.press("home")
        assert where(app).startswith("card 1/7")
        await pilot.press("colon", "6", "enter")
        assert where(app).startswith("card 6/7 · deck.yaml:59 · order-1")
        await pilot.press("colon", *"typed-1", "enter")
        assert where(app).startswith("card 4/7")


async def test_go_to_takes_a_number_with_spaces_and_survives_digits_int_cannot_read(
    deck: Path,
) -> None:
    app = PreviewApp(deck, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *" 6 ", "enter")
        assert where(app).startswith("card 6/7")
        # "²" is a digit to str.isdigit but not to int(): an unknown card, not a crash.
        await pilot.press("colon", "²", "enter")
        await pilot.pause()
        assert where(app).startswith("card 6/7")
        assert isinstance(app.screen, PreviewScreen)


async def test_answering_shows_the_real_feedback_and_records_nothing(deck: Path) -> None:
    app = PreviewApp(deck, poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        view = screen(app).view
        assert isinstance(view, McqView)
        wrong = next(n for n in range(3) if not view.option(n).correct)
        await pilot.press(str(wrong + 1))
        text = screen_text(app)
        assert "✗ Not right" in text and "quality 1" in text
        assert "Answer: Flex it" in text and "Knee flexion is their job." in text
        assert "That is the quadriceps." in text and "They cross the knee." in text
        assert "Source: Muscles" in text
        await pilot.press("enter")  # on to the next card, as in the review
        assert where(app).startswith("card 3/7")
    assert data_dir_files() == []
    assert sorted(p.name for p in deck.parent.iterdir()) == ["deck.yaml"]


async def test_a_shows_the_answer_without_grading_and_r_starts_over(deck: Path) -> None:
    app = PreviewApp(deck, card_id="mcq-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        text = screen_text(app)
        assert "Answer shown, not graded" in text and "quality" not in text
        assert "✓ 1. Flex it" in text or "✓ 2. Flex it" in text or "✓ 3. Flex it" in text
        assert "That is the quadriceps." in text and "Knee flexion is their job." in text
        await pilot.press("r")
        text = screen_text(app)
        assert "Answer shown" not in text and "Press 1-3, or arrows and Enter." in text


async def test_a_typed_card_takes_letters_until_escape(deck: Path) -> None:
    app = PreviewApp(deck, card_id="typed-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"quads", "n")
        assert screen(app).query_one(Input).value == "quadsn"  # n typed, not "next"
        await pilot.press("left", "backspace")  # ← moves the cursor in a box with text
        assert screen(app).query_one(Input).value == "quadn"
        assert where(app).startswith("card 4/7")
        assert "Esc: stop typing" in screen_text(app)
        await pilot.press("escape", "a")
        text = screen_text(app)
        assert screen(app).query_one(Input).value == "quadriceps"
        assert "Answer shown, not graded" in text and "Answer: quadriceps" in text
        await pilot.press("n")
        assert where(app).startswith("card 5/7")


async def test_a_broken_card_shows_its_errors_in_place(deck: Path) -> None:
    deck.write_text(NO_WHY)
    app = PreviewApp(deck, poll=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("right")
        assert where(app) == "card 2/7 · deck.yaml:22 · mcq-1 · has errors"
        text = screen_text(app)
        assert f"{deck}:30:9: error: wrong option 'Extend it' has no 'why'" in text
        assert "What do the hamstrings do at the knee?" not in text
        await pilot.press("right")
        assert "Which are hamstrings?" in screen_text(app)
        await pilot.press("left")
        await save(pilot, deck, DECK)  # fixed: the card itself, in the same place
        assert where(app).startswith("card 2/7 · deck.yaml:22 · mcq-1 · mcq")
        assert "What do the hamstrings do at the knee?" in screen_text(app)
        assert notices(app) == ["reloaded: 7 cards"]


async def test_reload_stays_on_the_card_even_when_it_moves(deck: Path) -> None:
    app = PreviewApp(deck, card_id="mcq-1", poll=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await save(
            pilot, deck, NEW_FIRST_CARD.replace("        why: That is the quadriceps.\n", "")
        )
        assert where(app) == "card 3/8 · deck.yaml:27 · mcq-1 · has errors"
        assert notices(app) == ["reloaded: 8 cards, 1 with errors"]


async def test_reload_keeps_an_answer_when_its_card_did_not_change(deck: Path) -> None:
    app = PreviewApp(deck, card_id="mcq-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await save(pilot, deck, NEW_FIRST_CARD)
        assert where(app).startswith("card 3/8 · deck.yaml:27 · mcq-1")
        assert "Answer shown, not graded" in screen_text(app)


async def test_a_removed_card_leaves_the_preview_at_the_same_place(deck: Path) -> None:
    app = PreviewApp(deck, card_id="mcq-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        start = DECK.index("  - id: mcq-1")
        await save(pilot, deck, DECK[:start] + DECK[DECK.index("  - id: multi-1") :])
        assert where(app).startswith("card 2/6 · deck.yaml:22 · multi-1")


async def test_deck_errors_fill_the_screen_until_fixed(deck: Path) -> None:
    app = PreviewApp(deck, card_id="typed-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await save(pilot, deck, DECK.replace("title: One", "title: [One"))
        text = screen_text(app)
        assert "The deck cannot be shown until these are fixed:" in text
        assert f"{deck}:4:8: error: YAML syntax" in text
        assert where(app) == "1 error · deck.yaml"
        await pilot.press("right")  # nothing to move to, nothing breaks
        await save(pilot, deck, DECK)
        assert where(app).startswith("card 4/7 · deck.yaml:45 · typed-1")


async def test_a_half_written_then_deleted_file_is_waited_for(deck: Path) -> None:
    app = PreviewApp(deck, card_id="order-1", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await save(pilot, deck, "")
        assert "the file is empty" in screen_text(app)
        await save(pilot, deck, DECK[: len(DECK) // 2])
        assert "cannot be shown" in screen_text(app) or "card" in where(app)
        deck.unlink()
        screen(app).check_file()
        await pilot.pause()
        assert f"{deck} is gone (deleted or renamed)." in screen_text(app)
        await save(pilot, deck, DECK)
        assert where(app).startswith("card 6/7 · deck.yaml:59 · order-1")


async def test_the_poll_notices_a_save_by_itself(deck: Path) -> None:
    app = PreviewApp(deck, poll=0.05)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        deck.with_name("new.yaml").write_text(NEW_FIRST_CARD)
        deck.with_name("new.yaml").replace(deck)  # a save by rename, as many editors do
        for _ in range(100):
            await pilot.pause(0.02)
            if where(app).startswith("card 1/8"):
                break
        assert where(app) == "card 2/8 · deck.yaml:19 · basic-1 · basic · Muscles"


def test_preview_snapshot(deck: Path, snap_compare: Callable[..., bool]) -> None:
    async def answer_wrong(pilot: Pilot[None]) -> None:
        await pilot.pause()
        view = screen(pilot.app).view  # type: ignore[arg-type]
        assert isinstance(view, McqView)
        await pilot.press(str(next(n for n in range(3) if not view.option(n).correct) + 1))
        await pilot.pause()

    app = PreviewApp(deck, card_id="mcq-1", poll=None)
    assert snap_compare(app, terminal_size=SIZE, run_before=answer_wrong)


async def test_a_card_lint_warns_about_says_so_below_it(deck: Path) -> None:
    deck.write_text(DECK.replace("    explanation: Numbers are text too.\n", ""))
    app = PreviewApp(deck, card_id="42", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(screen(app).query_one("#status").visual) == (
            "line 69: card '42' has no explanation to show after the answer"
        )
        await pilot.press("space", "5")
        assert str(screen(app).query_one(".verdict").visual) == "✓ Right  quality 5"
        assert str(screen(app).query_one(".feedback").visual) == (
            "Source: Intro\n→ or Enter: next card · r: again"
        )
        assert "None" not in screen_text(app)


async def test_feedback_names_a_cited_reference_by_its_authors_year_and_title(
    deck: Path,
) -> None:
    borg = (
        "references:\n  - {id: borg-1982, author: Borg GA, year: 1982, title: Psychophysical "
        "bases of perceived exertion, published_in: MSSE 14(5)}\ntopics:\n"
    )
    cited = DECK.replace("topics:\n", borg)
    deck.write_text(cited.replace("    source: Intro\n", "    source: [Intro, borg-1982]\n"))
    app = PreviewApp(deck, card_id="42", poll=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "5")
        assert str(screen(app).query_one(".feedback").visual).startswith(
            "Numbers are text too.\n"
            "Source: Intro; Borg 1982, Psychophysical bases of perceived exertion\n"
        )
