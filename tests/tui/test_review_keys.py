"""Keys of the review that a candidate's habits reach for: "I was right", Enter or space
on a flip card, the hint key, and a guess that comes back labelled as one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from studytool.engine.doctor import examine
from studytool.tui.app import StudyApp
from studytool.tui.screens.review import ReviewScreen
from tui.conftest import footer_keys, screen_text, skip_to

MakeApp = Callable[..., StudyApp]
SIZE = (80, 24)


def log(app: StudyApp, query: str) -> list[tuple]:
    with sqlite3.connect(app.study.store.path) as connection:
        return connection.execute(query).fetchall()


def review_screen(app: StudyApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_i_was_right_counts_a_typed_answer_as_right_and_is_logged(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        assert not any(key.endswith("I was right") for key in footer_keys(app))
        await pilot.press(*"the knee straighteners", "enter")
        assert "✗ Not right" in screen_text(app) and "1 to re-drill" in screen_text(app)
        assert "r I was right" in footer_keys(app)
        await pilot.press("r")
        text = screen_text(app)
        assert "✓ Counted as right: you said you were right" in text
        assert "quality 4" in text and "re-drill" not in text
        assert "r I was right" not in footer_keys(app)
        rows = log(app, "SELECT id, quality, correct, answer FROM reviews "
                        "WHERE card_id = 'typed-1' ORDER BY id")  # fmt: skip
        assert [row[1:] for row in rows] == [
            (1, 0, '"the knee straighteners"'),
            (4, 1, '"the knee straighteners"'),
        ]
        events = log(app, "SELECT kind, review_id FROM events WHERE card_id = 'typed-1' "
                          "ORDER BY id")  # fmt: skip
        assert events == [("undo", rows[0][0]), ("overrule", rows[1][0])]
        state = app.study.store.state(app.study.decks[0].id, "typed-1")
        assert state.due is not None  # scheduled as a first right answer, not a miss
        checkup = examine(app.study.store)
        assert checkup.differing == () and checkup.tallies_match
        await pilot.press("enter")  # no re-drill owed: the card is not asked again today
        screen = app.screen
        assert not isinstance(screen, ReviewScreen) or screen.item.card_id != "typed-1"  # type: ignore[union-attr]


async def test_undo_after_i_was_right_takes_the_answer_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"hamstrings", "enter", "r", "u")
        screen = review_screen(app)
        assert screen.item is not None and screen.item.card_id == "typed-1"
        assert screen.verdict is None  # the card is asked again
        counted = log(app, "SELECT count(*) FROM reviews r WHERE card_id = 'typed-1' AND NOT "
                           "EXISTS (SELECT 1 FROM events e WHERE e.kind = 'undo' "
                           "AND e.review_id = r.id)")  # fmt: skip
        assert counted == [(0,)]
        assert examine(app.study.store).differing == ()


async def test_i_was_right_is_not_offered_where_it_cannot_be(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert view is not None
        wrong = next(n for n in range(3) if not view.option(n).correct)  # type: ignore[attr-defined]
        await pilot.press(str(wrong + 1))
        assert "✗ Not right" in screen_text(app)
        assert "r I was right" not in footer_keys(app)
        await pilot.press("r")
        assert "Counted as right" not in screen_text(app)


async def test_enter_or_space_on_a_shown_flip_card_grades_it_good(make_app: MakeApp) -> None:
    for key in ("enter", "space"):
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space")
            assert "Enter or space: 4" in screen_text(app)
            await pilot.press(key)
            assert "✓ Right" in screen_text(app)
            assert log(app, "SELECT card_id, quality FROM reviews") == [("basic-1", 4)]
        app.study.store.close()
        app.study.store.path.unlink()


async def test_the_hint_key_shows_only_on_a_card_with_a_hint(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert review_screen(app).item.card_id == "basic-1"  # type: ignore[union-attr]
        assert "h Hint" in footer_keys(app)
        await skip_to(pilot, "mcq-1")
        assert not any(key.endswith("Hint") for key in footer_keys(app))


async def test_a_right_guess_comes_back_labelled_as_a_guess(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        right = next(n for n in range(3) if view.option(n).correct)  # type: ignore[union-attr]
        await pilot.press("g", str(right + 1))
        assert "quality 3" in screen_text(app)
        for _ in range(6):
            await pilot.press("enter")
            screen = review_screen(app)
            if screen.item is not None and screen.item.card_id == "mcq-1":
                break
            screen.study.answer(5, True)
            screen.show_current()
            await pilot.pause()
        assert "Again: guessed earlier" in screen_text(app)


async def test_an_answer_far_off_shows_no_letter_by_letter_difference(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"knee straighteners", "enter")
        text = screen_text(app)
        assert "✗ Not right" in text and "Answer: quadriceps" in text
        assert "You typed:" not in text


async def test_a_key_in_the_footer_is_pressed_by_a_click(make_app: MakeApp) -> None:
    from studytool.tui.screens.home import HomeScreen
    from studytool.tui.widgets.footer import KeysFooter

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = screen_text(app).splitlines()[-1]
        assert "q Home" in line and "q Home" in footer_keys(app)
        await pilot.click(KeysFooter, offset=(line.index("q Home") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
