"""Whole sessions driven with Textual's Pilot: what is on screen, and what is in the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import VALID

from studytool.tui.app import StudyApp
from studytool.tui.screens.home import HomeScreen
from studytool.tui.screens.review import ReviewScreen
from studytool.tui.screens.summary import SummaryScreen
from studytool.tui.widgets.choice import McqView, MultiView
from studytool.tui.widgets.order import OrderView
from tui.conftest import footer_keys, screen_text, skip_to

MakeApp = Callable[..., StudyApp]
SIZE = (80, 24)


def reviews(app: StudyApp) -> list[tuple]:
    with sqlite3.connect(app.study.store.path) as connection:
        return connection.execute(
            "SELECT card_id, kind, quality, answer FROM reviews ORDER BY id"
        ).fetchall()


def review_screen(app: StudyApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_opens_on_the_first_card_with_progress(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Where are the hamstrings?" in text
        assert "0 done · 7 left" in text
        assert "One card of every type  ·  Muscles  ·  New" in text


async def test_flip_card_shows_the_back_then_takes_a_grade(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")  # no grade before the answer is seen
        assert reviews(app) == []
        await pilot.press("space")
        assert "Behind the thigh." in screen_text(app)
        await pilot.press("4")
        assert "✓ Right" in screen_text(app)
        assert reviews(app) == [("basic-1", "new", 4, "null")]
        await pilot.press("enter")
        assert "Curl the heels toward the [1]_____" in screen_text(app)  # topics take turns


async def test_mcq_wrong_answer_marks_options_and_explains(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert isinstance(view, McqView)
        wrong = next(n for n in range(3) if not view.option(n).correct)
        await pilot.press(str(wrong + 1))
        text = screen_text(app)
        assert "✗ Not right" in text and "Answer: Flex it" in text
        assert "That is the quadriceps." in text and "They cross the knee." in text
        assert "✓ " in text and "Knee flexion is their job." in text
        assert "1 to re-drill" in text
        assert reviews(app)[-1][:3] == ("mcq-1", "new", 1)


async def test_guessed_lowers_a_right_answer_to_3(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert isinstance(view, McqView)
        await pilot.press("g")
        assert "marked guessed" in screen_text(app)
        await pilot.press(str(next(n for n in range(3) if view.option(n).correct) + 1))
        assert reviews(app)[-1][:3] == ("mcq-1", "new", 3)


async def test_multi_gives_partial_credit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "multi-1")
        view = review_screen(app).view
        assert isinstance(view, MultiView)
        right = [n for n in range(3) if view.option(n).correct]
        await pilot.press(str(right[0] + 1), "enter")
        text = screen_text(app)
        assert "≈ Close" in text and "(67% of it right)" in text
        assert reviews(app)[-1][:3] == ("multi-1", "new", 2)


async def test_typed_answer_one_typo_off_is_close_and_shows_the_difference(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"quadricepz", "enter")
        text = screen_text(app)
        assert "≈ Close" in text and "You typed: quadricepz" in text
        assert "Expected:  quadriceps" in text
        assert reviews(app)[-1] == ("typed-1", "new", 2, '"quadricepz"')


async def test_letters_go_into_a_typed_answer_not_to_the_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"quads", "enter")  # q and s are Home and Suspend elsewhere
        assert isinstance(app.screen, ReviewScreen)
        assert reviews(app)[-1] == ("typed-1", "new", 5, '"quads"')


async def test_empty_typed_answer_means_dont_know(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press("enter")  # a stray Enter (say, meant for the last card) …
        assert "Press Enter again" in screen_text(app)
        assert reviews(app) == [] or reviews(app)[-1][0] != "typed-1"
        await pilot.press("enter")  # … and a deliberate second one
        assert reviews(app)[-1][:3] == ("typed-1", "new", 0)


async def test_cloze_blanks_are_filled_in_turn(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "cloze-1")
        assert "[1]_____" in screen_text(app)
        await pilot.press(*"glutes", "enter", "3", "enter")
        assert "✓ Right" in screen_text(app)
        assert reviews(app)[-1] == ("cloze-1", "new", 5, '["glutes", "3"]')


async def test_order_steps_move_and_misplaced_ones_are_marked(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "order-1")
        view = review_screen(app).view
        assert isinstance(view, OrderView)
        assert view.order != [0, 1, 2]
        view.order = shown = [2, 1, 0]  # the middle step in its place, the others swapped
        view.redraw()
        await pilot.press("enter")  # the order as shown, at once: no key need move first
        text = screen_text(app)
        assert "Right order:" in text and "1. Adjust the machine" in text
        assert reviews(app)[-1][:2] == ("order-1", "new")
        assert reviews(app)[-1][3] == str(shown)
        # A step is ticked only where it belongs, and the share right counts the ticks.
        steps = [line for line in text.splitlines() if line[:2] in ("✓ ", "✗ ")]
        assert [line[:1] for line in steps] == ["✗", "✓", "✗"]
        assert "≈ Close" in text and "(33% of it right)" in text
        assert reviews(app)[-1][2] == 2


async def test_order_solved_by_moving_steps(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "order-1")
        view = review_screen(app).view
        assert isinstance(view, OrderView)
        # bubble sort with the keys a candidate would press
        for _ in range(3):
            for position in range(2):
                view.cursor = position
                if view.order[position] > view.order[position + 1]:
                    await pilot.press("j")
        await pilot.press("enter")
        assert "✓ Right" in screen_text(app)
        assert reviews(app)[-1][2] == 5


async def test_undo_brings_the_card_back_and_logs_the_undo(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "0")
        await pilot.press("u")
        assert "Where are the hamstrings?" in screen_text(app)
        assert "0 done · 7 left" in screen_text(app)
        await pilot.press("space", "5")
        assert [r[2] for r in reviews(app)] == [0, 5]
        store = app.study.store
        assert store.stored_states() == store.replayed_states()
        assert store.done_on("every-type", app.study.today()) == (1, 0)


async def test_suspend_takes_the_card_out(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "Where are the hamstrings?" not in screen_text(app)
        assert app.study.store.state("every-type", "basic-1").suspended


async def test_flag_saves_a_note_for_the_instructor(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.press(*"typo", "enter")
        assert [(f["card_id"], f["note"]) for f in app.study.store.flags()] == [("basic-1", "typo")]
        assert isinstance(app.screen, ReviewScreen)


async def test_whole_session_ends_on_the_summary(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"quads", "enter", "enter")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Session done" in text and "Cards     7" in text
        assert "Due tomorrow: 7 cards" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Nothing due today" in screen_text(app)
        assert "streak 1 day" in screen_text(app)
    assert len(reviews(app)) == 7


async def test_home_then_resume_keeps_the_session(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1", "enter")
        await pilot.press("q")  # the next card takes typing: q is a letter there …
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")  # … and Escape goes home from any card
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Review in progress: 1 done, 7 left. Enter resumes it." in text
        assert "0 due · 6 new · 1 to re-drill" in text
        await pilot.press("enter")
        assert "1 done · 7 left" in screen_text(app)


async def test_topic_quiz_is_practice_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "t")
        await pilot.pause()
        assert "do not change your schedule" in screen_text(app)
        await pilot.press("down", "down", "enter")  # whole deck, Muscles, Form
        await pilot.pause()
        assert "Practice, not scheduled" in screen_text(app)
        assert "Curl the heels" in screen_text(app)
        await pilot.press(*"buttocks", "enter", "9", "enter")
        assert reviews(app)[-1][:2] == ("cloze-1", "practice")
        assert all(s.is_new for s in app.study.store.states("every-type").values())


async def test_deck_text_is_shown_literally_never_as_markup(
    make_app: MakeApp, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        (VALID / "every-type.yaml")
        .read_text()
        .replace(
            "front: Where are the hamstrings?",
            "front: '[bold red]Where[/] are the [link=https://evil.example]hamstrings[/link]?'",
        )
    )
    app = make_app(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Where[/] are the [link=https://evil.example]hamstrings[/link]?" in text


async def test_help_opens_and_closes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert "undo the last answer" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_theme_toggles_between_light_and_dark(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.theme
        await pilot.press("ctrl+l")
        assert app.theme != before
        await pilot.press("ctrl+l")
        assert app.theme == before


async def test_every_action_is_in_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Review",
            "Topic quiz",
            "Keys",
            "Light or dark theme",
            "Undo last answer",
            "Mark guessed",
            "Show hint",
            "Suspend card",
            "Flag card as wrong",
        } <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"Suspend card", "enter")
        await pilot.pause()
        assert app.study.store.state("every-type", "basic-1").suspended


async def test_one_review_screen_at_a_time_and_the_review_resumes_after_a_quiz(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1", "enter")  # a miss: owes a re-drill
        app.action_quiz()  # as from the command palette, over the review
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the Form topic
        await pilot.pause()
        assert sum(isinstance(s, ReviewScreen) for s in app.screen_stack) == 1
        await pilot.press(*"buttocks", "enter", "3", "enter", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert "Review in progress: 1 done, 7 left." in screen_text(app)
        await pilot.press("enter")
        assert "1 done · 7 left · 1 to re-drill" in screen_text(app)


async def test_an_answer_to_a_card_not_shown_is_refused(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        session = app.study.session
        assert session is not None and session.current is not None
        other = session.queue[1]
        try:
            app.study.answer(5, True, item=other)
        except ValueError:
            pass
        else:
            raise AssertionError("answered a card that was not on screen")
        assert reviews(app) == []


async def test_missed_cards_still_come_back_after_a_restart(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "1", "enter", "escape", "q")
    again = make_app()  # a new process on the same database, same day
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = again.study.session
        assert session is not None
        assert [(i.card_id, i.kind) for i in session.queue if i.kind == "redrill"] == [
            ("basic-1", "redrill")
        ]


async def test_a_quick_second_enter_does_not_answer_the_next_card(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "cloze-1")
        await pilot.press(*"glutes", "enter", "3", "enter")  # answered, feedback shown
        await pilot.press("enter", "enter")  # next, and a stray Enter on the mcq
        assert review_screen(app).item is not None
        assert review_screen(app).item.card_id == "mcq-1"  # type: ignore[union-attr]
        assert review_screen(app).verdict is None
        assert reviews(app)[-1][0] == "cloze-1"


async def test_keys_typed_fast_are_all_taken(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "4", "enter")
        assert "Curl the heels toward the [1]_____" in screen_text(app)


async def test_u_takes_back_a_suspension(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert app.study.store.state("every-type", "basic-1").suspended
        await pilot.press("ctrl+z")  # the next card takes typing, so undo is ctrl+z
        assert not app.study.store.state("every-type", "basic-1").suspended
        assert "Where are the hamstrings?" in screen_text(app)


async def test_q_on_the_last_feedback_still_shows_the_summary(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "typed-1")
        await pilot.press(*"quads", "enter", "q")
        assert isinstance(app.screen, SummaryScreen)


async def test_feedback_of_a_card_without_explanation_or_source_has_no_gaps(
    make_app: MakeApp, tmp_path: Path
) -> None:
    text = (VALID / "every-type.yaml").read_text()
    bare = "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("    source:", "    explanation:")))  # fmt: skip
    (tmp_path / "bare.yaml").write_text(bare)
    app = make_app(tmp_path / "bare.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert isinstance(view, McqView)
        await pilot.press(str(next(n for n in range(3) if not view.option(n).correct) + 1))
        verdict = str(app.screen.query_one(".verdict").visual)
        assert verdict == "✗ Not right  quality 1  · comes back later this session"
        assert str(app.screen.query_one(".feedback").visual) == "Answer: Flex it\nEnter: next card"


async def test_the_footer_offers_the_number_keys_the_card_has_and_no_more(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")  # 3 options
        assert "1-3 Choose" in footer_keys(app)
        assert not [key for key in footer_keys(app) if key.startswith(("1-4", "1-5"))]
        await pilot.press("4", "5")  # beyond the last option: nothing happens
        assert review_screen(app).verdict is None
        assert reviews(app)[-1][0] != "mcq-1"
        await skip_to(pilot, "multi-1")  # 3 options too
        assert "1-3 Toggle" in footer_keys(app)
        assert not [key for key in footer_keys(app) if key.startswith("1-8")]


async def test_options_are_shuffled_anew_at_each_showing_but_kept_after_an_undo(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert isinstance(view, McqView)
        first = list(view.order)
        wrong = next(n for n in range(3) if not view.option(n).correct)
        await pilot.press(str(wrong + 1), "u")  # a mis-keyed answer taken back …
        view = review_screen(app).view
        assert isinstance(view, McqView) and view.order == first  # … the same layout
        await pilot.press(str(wrong + 1))
        assert reviews(app)[-1][3] == str(first[wrong])  # the option's place in the deck
        await pilot.press("enter")
        await skip_to(pilot, "mcq-1")  # the re-drill
        assert review_screen(app).item.kind == "redrill"  # type: ignore[union-attr]
        view = review_screen(app).view
        assert isinstance(view, McqView)
        redrill = list(view.order)
        assert redrill != first
        await pilot.press("escape")
        app.action_quiz()
        await pilot.pause()
        await pilot.press("down", "enter")  # the Muscles topic
        await skip_to(pilot, "mcq-1")
        view = review_screen(app).view
        assert isinstance(view, McqView)
        assert list(view.order) not in (first, redrill)


async def test_select_all_feedback_never_ticks_a_wrong_option_and_explains_its_marks(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "multi-1")
        view = review_screen(app).view
        assert isinstance(view, MultiView)
        shown = {view.option(n).text: n + 1 for n in range(3)}
        await pilot.press(str(shown["Biceps femoris"]), str(shown["Rectus femoris"]), "enter")
        lines = screen_text(app).splitlines()
        assert f"✓ [x] {shown['Biceps femoris']}. Biceps femoris" in lines
        assert f"○ [ ] {shown['Semitendinosus']}. Semitendinosus" in lines
        assert f"✗ [x] {shown['Rectus femoris']}. Rectus femoris" in lines
        assert "✓ rightly ticked · ○ should have been ticked · ✗ wrongly ticked" in lines


async def test_an_option_rightly_left_out_has_no_mark(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await skip_to(pilot, "multi-1")
        view = review_screen(app).view
        assert isinstance(view, MultiView)
        shown = {view.option(n).text: n + 1 for n in range(3)}
        await pilot.press(str(shown["Biceps femoris"]), "enter")
        lines = screen_text(app).splitlines()
        assert f"  [ ] {shown['Rectus femoris']}. Rectus femoris" in lines
        assert not [line for line in lines if line.startswith("✓ [ ]")]
        assert "✓ rightly ticked · ○ should have been ticked · no mark: rightly left out" in lines


def test_a_shuffle_never_leaves_two_or_more_in_their_original_order() -> None:
    from studytool.tui.widgets.base import shuffled

    assert all(shuffled(2, f"order-1:{n}") == [1, 0] for n in range(5000))
    assert all(shuffled(3, f"order-1:{n}") != [0, 1, 2] for n in range(5000))
    assert shuffled(1, "x") == [0]
