"""Mock exams and the exam date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from studytool import paths
from studytool.cli import errors, opening, render
from studytool.cli.options import data_dir_option, deck_option
from studytool.config import ConfigError, save_exam_date
from studytool.core.exam import DEFAULT_PASS, DEFAULT_QUESTIONS
from studytool.core.text import shown
from studytool.engine.reports import plan_lines


@click.command()
@click.argument("deck_id", required=False)
@click.option(
    "--questions",
    type=click.IntRange(1, 500),
    default=DEFAULT_QUESTIONS,
    show_default=True,
    help="How many questions.",
)
@click.option(
    "--minutes",
    type=click.IntRange(1, 600),
    default=None,
    help="Time allowed (default: a minute a question, as on NASM-CPT).",
)
@click.option(
    "--pass",
    "pass_mark",
    type=click.IntRange(1, 100),
    default=DEFAULT_PASS,
    show_default=True,
    help="Pass mark, percent.",
)
@click.option("--topic", default=None, help="Only this topic's cards.")
@click.option("--history", is_flag=True, help="List past results instead.")
@click.option("--json", "as_json", is_flag=True, help="With --history: print JSON.")
@data_dir_option
@deck_option
def exam(
    deck_id: str | None,
    questions: int,
    minutes: int | None,
    pass_mark: int,
    topic: str | None,
    history: bool,
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """A timed mock exam: multiple choice and select-all, scored per topic, no feedback
    until the end.

    Questions are drawn across the deck's topics in proportion. Answers are kept as
    practice and do not change the review schedule.

    \b
    Examples:
      studytool exam --questions 40 --minutes 40 --pass 70
      studytool exam leg-curl --topic muscles
      studytool exam --history
    """  # fmt: skip
    study = opening.open_study(data_dir, decks, {})
    if history:
        past = study.exam_history()
        if as_json:
            click.echo(render.exam_history_json(past))
            return
        for line in render.exam_history_lines(past):
            click.echo(line)
        return
    known = {deck.id: deck for deck in study.decks}
    chosen = deck_id or next(iter(known))
    if chosen not in known:
        raise click.BadParameter(f"no deck {shown(chosen)} (decks: {', '.join(known)})")
    if topic is not None and topic not in {t.id for t in known[chosen].topics}:
        topics = ", ".join(t.id for t in known[chosen].topics)
        raise click.BadParameter(f"no topic {shown(topic)} in {chosen} (topics: {topics})")
    if not opening.interactive():
        raise click.UsageError("the mock exam needs a terminal")
    paper = study.start_exam(chosen, questions, minutes, pass_mark, topic)
    if not paper.questions:
        raise click.UsageError("no multiple-choice or select-all cards to make an exam of")
    from studytool.tui.app import StudyApp

    opening.run_app(StudyApp(study, exam=paper), study)


@click.command("exam-date")
@click.argument("day", required=False, metavar="[YYYY-MM-DD]")
@click.option("--clear", is_flag=True, help="Forget the exam date.")
@data_dir_option
@deck_option
def exam_date(
    day: str | None,
    clear: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Set your exam date; home then counts down and says whether you are on track.

    Without a date, shows the one set and the plan for it.

    \b
    Examples:
      studytool exam-date 2027-03-01
      studytool exam-date
      studytool exam-date --clear
    """
    if clear and day is not None:
        raise click.UsageError("give a date or --clear, not both")
    config = paths.config_path()
    try:
        if clear:
            save_exam_date(config, None)
            click.echo("exam date cleared")
        if day is not None:
            try:
                chosen = date.fromisoformat(day)
            except ValueError:
                raise click.BadParameter(
                    f"{shown(repr(day))} is not a date like 2027-03-01"
                ) from None
            save_exam_date(config, chosen)
            click.echo(f"exam date set to {chosen.isoformat()} (in {shown(str(config))})")
    except (ConfigError, OSError) as exc:
        raise errors.unsaved_config(exc) from None
    if clear:  # cards brought forward for the exam are rescheduled as if it never was
        opening.open_store(data_dir).close()
        return
    study = opening.open_study(data_dir, decks, {})
    if study.exam_day is None:
        click.echo("no exam date set: studytool exam-date 2027-03-01")
        return
    for line in plan_lines(study.exam_day, study.exam_plan(study.exam_day)):
        click.echo(line)
