"""The ``studytool`` command line. Bare ``studytool`` opens today's review."""

from __future__ import annotations

import difflib
import json
import shlex
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from studytool import __version__, paths
from studytool.config import ConfigError, load_exam_date, load_limits, save_exam_date
from studytool.core.exam import DEFAULT_PASS, DEFAULT_QUESTIONS
from studytool.core.models import Deck
from studytool.core.text import shown
from studytool.deck import discovery, spec
from studytool.deck.reader import load_deck
from studytool.engine.study import DeckDue, DeckStats, Study, plan_lines
from studytool.store.database import Store, StoreError, describe_failure

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _GroupOptions:
    data_dir: Path | None
    decks: tuple[Path, ...]


def _non_empty_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give a folder; an empty value would mean the current one")
    return Path(value).expanduser()


def _data_dir_option(f: F) -> F:
    return click.option(
        "--data-dir",
        type=str,
        callback=_non_empty_dir,
        default=None,
        metavar="DIR",
        help=f"Where progress is kept (default: ${paths.DATA_DIR_ENV}, else the user data dir).",
    )(f)


def _deck_option(f: F) -> F:
    return click.option(
        "--deck",
        "decks",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        metavar="PATH",
        help="Also use this deck file or folder of decks (repeatable).",
    )(f)


def _limit_options(f: F) -> F:
    for name, text in (
        ("--rollover-hour", "Local hour a new study day starts (default 4)."),
        ("--review-limit", "Most due reviews per deck per day (default 200)."),
        ("--new-limit", "Most new cards per deck per day (default 20)."),
    ):
        f = click.option(name, type=int, default=None, metavar="N", help=text)(f)
    return f


def _interactive() -> bool:
    """Whether a person is at a terminal: the review app needs one."""
    return sys.stdin.isatty() and sys.stdout.isatty()


_LIMIT_FLAGS = {
    "new_per_day": "--new-limit",
    "reviews_per_day": "--review-limit",
    "rollover_hour": "--rollover-hour",
}


def _limits(new: int | None, reviews: int | None, rollover: int | None) -> dict[str, int | None]:
    """The limit flags as settings; None where a flag was not given."""
    return {"new_per_day": new, "reviews_per_day": reviews, "rollover_hour": rollover}


def _now() -> datetime:
    return datetime.now(UTC)


def _open_study(
    data_dir: Path | None,
    decks: Sequence[Path],
    limits: dict[str, int | None],
) -> Study:
    """Decks, settings and the database, or a clear message and exit code."""
    found = _load(data_dir, decks)
    if not found.decks:
        raise click.ClickException("no deck to study: every deck file has errors")
    try:
        settings = load_limits(paths.config_path(), limits, _LIMIT_FLAGS)
        exam_day = load_exam_date(paths.config_path())
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    store = _open_store(data_dir)
    return Study(store, found.decks, settings, _now, exam_day=exam_day)


_DATABASE_KEY = "studytool.database"


def _open_store(data_dir: Path | None, check: bool = True) -> Store:
    path = paths.database_path(_data_dir(data_dir))
    # Errors met later name the file that was really opened (ctx.meta is shared by the
    # group's and the subcommand's contexts).
    click.get_current_context().meta[_DATABASE_KEY] = path
    try:
        return Store.open(path, now=_now(), check=check)
    except StoreError as exc:
        _fail(exc)


def _fail(exc: StoreError) -> NoReturn:
    click.echo(f"error: {exc.message}", err=True)
    raise SystemExit(exc.exit_code)


def _data_dir(data_dir: Path | None) -> Path:
    """The subcommand's --data-dir, else the group's, else the environment or default."""
    group = click.get_current_context().find_object(_GroupOptions)
    return paths.data_dir(data_dir or (group.data_dir if group else None))


def _extra_decks(decks: Sequence[Path]) -> list[Path]:
    group = click.get_current_context().find_object(_GroupOptions)
    return [*(group.decks if group else ()), *decks]


def _load(data_dir: Path | None, decks: Sequence[Path]) -> discovery.DeckSet:
    """All decks the user can study; broken ones are reported on stderr and left out."""
    found = discovery.load_all(discovery.deck_files(_data_dir(data_dir), _extra_decks(decks)))
    for result in found.broken:
        for diagnostic in result.errors:
            click.echo(str(diagnostic), err=True)
        click.echo(f"{shown(result.path)}: left out until its errors are fixed", err=True)
    for old, new in found.replaced:
        click.echo(f"note: {shown(new)} replaces {shown(old)} (same deck id)", err=True)
    return found


class _Commands(click.Group):
    """Turns database trouble met anywhere in a command into a message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            _fail(exc)
        except sqlite3.DatabaseError as exc:
            where = ctx.meta.get(_DATABASE_KEY)
            if where is None:
                data = ctx.find_object(_GroupOptions)
                where = paths.database_path(paths.data_dir(data.data_dir if data else None))
            _fail(describe_failure(where, exc))


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_data_dir_option
@_deck_option
@click.version_option(__version__, prog_name="studytool")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, decks: tuple[Path, ...]) -> None:
    """Study for a personal-trainer certification with spaced repetition.

    Without a command, opens today's review.

    \b
    Examples:
      studytool                          today's review
      studytool --data-dir ~/st-test     use another data dir
      studytool lint decks/my-deck.yaml  check a deck you are writing
    """
    ctx.obj = _GroupOptions(data_dir, decks)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review)


@main.command()
@click.argument("only", nargs=-1, metavar="[DECK_ID...]")
@_data_dir_option
@_deck_option
@_limit_options
def review(
    only: tuple[str, ...] = (),
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
    new_limit: int | None = None,
    review_limit: int | None = None,
    rollover_hour: int | None = None,
) -> None:
    """Today's review: due cards first, then new ones, in the terminal UI.

    Give deck ids to study only those decks. When not run in a terminal (piped, in a
    script) it prints what is due instead.

    \b
    Examples:
      studytool review --new-limit 10
      studytool review every-type --deck tests/decks/valid
    """
    limits = _limits(new_limit, review_limit, rollover_hour)
    study = _open_study(data_dir, decks, limits)
    if only:
        known = {deck.id: deck for deck in study.decks}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise click.BadParameter(
                f"no deck {', '.join(unknown)} (decks: {', '.join(known)})", param_hint="DECK_ID"
            )
        study = replace(study, decks=[known[name] for name in only])
    if not _interactive():
        for deck in study.due():
            _echo_due(deck)
        click.echo(f"\nProgress is kept in {study.store.path}")
        return
    from studytool.tui.app import StudyApp  # Textual loads only for the UI

    app = StudyApp(study)
    app.run()
    study.store.close()
    if app.return_code:
        raise SystemExit(app.return_code)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_data_dir_option
@_deck_option
@_limit_options
def due(
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
    new_limit: int | None = None,
    review_limit: int | None = None,
    rollover_hour: int | None = None,
) -> None:
    """What is due today, per deck and topic.

    Counts respect the daily limits and what was already done today.

    \b
    Examples:
      studytool due
      studytool due --json --data-dir ~/exam-prep
    """
    limits = _limits(new_limit, review_limit, rollover_hour)
    study = _open_study(data_dir, decks, limits)
    try:
        report = study.due()
    except StoreError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps({"day": study.today().isoformat(),
                               "decks": [d.to_dict() for d in report]}, indent=2))  # fmt: skip
        return
    for deck in report:
        _echo_due(deck)


@main.command()
@click.argument("only", nargs=-1, metavar="[DECK_ID...]")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@_data_dir_option
@_deck_option
def stats(
    only: tuple[str, ...],
    as_json: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Progress: streaks, retention, the next 30 days, and each topic's mastery.

    \b
    Examples:
      studytool stats
      studytool stats leg-curl --json
    """
    study = _open_study(data_dir, decks, {})
    chosen = [d.id for d in study.decks if not only or d.id in only]
    reports = [study.stats(deck_id) for deck_id in chosen]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
        return
    for report in reports:
        _echo_stats(report)


@main.command()
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
@_data_dir_option
@_deck_option
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
    """A timed mock exam: multiple choice only, scored per topic, no feedback until the end.

    Questions are drawn across the deck's topics in proportion. Answers are kept as
    practice and do not change the review schedule.

    \b
    Examples:
      studytool exam --questions 40 --minutes 40 --pass 70
      studytool exam leg-curl --topic muscles
      studytool exam --history
    """  # fmt: skip
    study = _open_study(data_dir, decks, {})
    if history:
        past = study.exam_history()
        if as_json:
            click.echo(json.dumps(past, indent=2))
            return
        if not past:
            click.echo("no mock exams yet")
        for row in past:
            scored = 100 * row["correct"] / row["questions"]
            verdict = "pass" if scored >= row["pass_mark"] else "fail"
            click.echo(
                f"{row['at'][:16].replace('T', ' ')}  {row['deck_id']:<14} "
                f"{scored:4.0f}% {verdict} ({row['correct']}/{row['questions']}, "
                f"pass {row['pass_mark']}%)  {row['topic'] or 'all topics'}"
            )
        return
    known = {deck.id: deck for deck in study.decks}
    chosen = deck_id or next(iter(known))
    if chosen not in known:
        raise click.BadParameter(f"no deck {chosen} (decks: {', '.join(known)})")
    if topic is not None and topic not in {t.id for t in known[chosen].topics}:
        topics = ", ".join(t.id for t in known[chosen].topics)
        raise click.BadParameter(f"no topic {topic} in {chosen} (topics: {topics})")
    if not _interactive():
        raise click.UsageError("the mock exam needs a terminal")
    paper = study.start_exam(chosen, questions, minutes, pass_mark, topic)
    if not paper.questions:
        raise click.UsageError("no multiple-choice cards to make an exam of")
    from studytool.tui.app import StudyApp

    app = StudyApp(study, exam=paper)
    app.run()
    study.store.close()
    if app.return_code:
        raise SystemExit(app.return_code)


@main.command("exam-date")
@click.argument("day", required=False, metavar="[YYYY-MM-DD]")
@click.option("--clear", is_flag=True, help="Forget the exam date.")
@_data_dir_option
@_deck_option
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
    config = paths.config_path()
    try:
        if clear:
            save_exam_date(config, None)
            click.echo("exam date cleared")
            return
        if day is not None:
            try:
                chosen = date.fromisoformat(day)
            except ValueError:
                raise click.BadParameter(f"{day!r} is not a date like 2027-03-01") from None
            save_exam_date(config, chosen)
            click.echo(f"exam date set to {chosen.isoformat()} (in {config})")
    except (ConfigError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    study = _open_study(data_dir, decks, {})
    if study.exam_day is None:
        click.echo("no exam date set: studytool exam-date 2027-03-01")
        return
    for line in plan_lines(study.exam_day, study.exam_plan(study.exam_day)):
        click.echo(line)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def _echo_stats(report: DeckStats) -> None:
    r = report.retention
    click.echo(f"{report.title} ({report.deck_id})")
    click.echo(
        f"  streak {_days(report.streak)}, longest {_days(report.longest_streak)}; "
        f"{sum(report.per_day.values())} answers on {_days(len(report.per_day))}"
    )
    click.echo(
        f"  true retention: young {_percent(r.young_passed, r.young)} of {r.young}, "
        f"mature {_percent(r.mature_passed, r.mature)} of {r.mature}"
    )
    click.echo(
        f"  due next 7 days: {' '.join(str(n) for n in report.forecast[:7])}"
        f" · next 30 days: {sum(report.forecast)}"
    )
    click.echo(f"  {'topic':<30} {'mastered':>9} {'unseen':>7} {'30-day accuracy':>16}")
    for name, f in report.topics:
        click.echo(
            f"  {name[:30]:<30} {_percent(f.mastered, f.cards):>9} {f.unseen:>7} "
            f"{_percent(f.right_30d, f.answered_30d):>16}"
        )
    if report.hardest:
        click.echo("  hardest: " + ", ".join(f"{c} ({w}/{a} wrong)" for c, w, a in report.hardest))
    if report.leeches:
        click.echo("  leeches (suspended): " + ", ".join(report.leeches))  # fmt: skip


def _echo_due(deck: DeckDue) -> None:
    click.echo(f"{deck.title} ({deck.deck_id}): {deck.due} due, {deck.new} new today"
               f" · {deck.unseen} not yet seen")  # fmt: skip
    for topic in deck.topics:
        click.echo(f"  {topic.name:<34} {topic.due:>4} due {topic.new:>4} new")


def _card_option(f: F) -> F:
    return click.argument("card", metavar="DECK/CARD")(f)


def _split_card(card: str) -> tuple[str, str]:
    deck_id, slash, card_id = card.partition("/")
    if not slash or not deck_id or not card_id:
        raise click.BadParameter(f"write the card as DECK/CARD, e.g. leg-curl/{card}")
    return deck_id, card_id


@main.command()
@_card_option
@_data_dir_option
@_deck_option
def suspend(card: str, data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """Stop scheduling a card until it is unsuspended; its history is kept.

    \b
    Example:
      studytool suspend leg-curl/rpe-scale-borg
    """
    _set_suspended(card, True, data_dir, decks)


@main.command()
@_card_option
@_data_dir_option
@_deck_option
def unsuspend(card: str, data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """Schedule a suspended card (or a leech) again.

    \b
    Example:
      studytool unsuspend leg-curl/rpe-scale-borg
    """
    _set_suspended(card, False, data_dir, decks)


def _set_suspended(
    card: str, suspended: bool, data_dir: Path | None, decks: Sequence[Path]
) -> None:
    deck_id, card_id = _split_card(card)
    study = _open_study(data_dir, decks, {})
    try:
        deck = study.deck(deck_id)
    except KeyError:
        known = ", ".join(d.id for d in study.decks)
        raise click.BadParameter(f"no deck '{deck_id}' (decks: {known})") from None
    ids = [c.id for c in deck.cards]
    if card_id not in ids:
        close = difflib.get_close_matches(card_id, ids, n=1)
        hint = f"; did you mean '{deck_id}/{close[0]}'?" if close else ""
        raise click.BadParameter(f"deck '{deck_id}' has no card '{card_id}'{hint}")
    if study.store.state(deck_id, card_id).suspended == suspended:
        click.echo(f"{deck_id}/{card_id} is already {'suspended' if suspended else 'scheduled'}")
        return
    if suspended:
        study.suspend(deck_id, card_id)
    else:
        study.unsuspend(deck_id, card_id)
    click.echo(f"{deck_id}/{card_id} {'suspended' if suspended else 'back in the schedule'}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@_data_dir_option
def flags(as_json: bool, data_dir: Path | None = None) -> None:
    """List the cards candidates flagged as wrong, for the deck's instructor.

    \b
    Example:
      studytool flags --data-dir ~/exam-prep
    """
    reports = _open_store(data_dir).flags()
    if as_json:
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
        return
    if not reports:
        click.echo("no flagged cards")
    for report in reports:
        note = f": {report['note']}" if report["note"] else ""
        click.echo(shown(f"{report['deck_id']}/{report['card_id']} ({report['at'][:10]}){note}"))


@main.command()
@click.option(
    "--rebuild", is_flag=True, help="Rewrite card states and answer counts from the review log."
)
@_data_dir_option
def doctor(rebuild: bool, data_dir: Path | None = None) -> None:
    """Check the database and that card states match the review log.

    With --rebuild, card states are rewritten from the log (a backup is made first).
    Exit status: 0 healthy, 1 problems found, 3-5 the database cannot be opened.

    \b
    Examples:
      studytool doctor
      studytool doctor --rebuild
    """
    database = paths.database_path(_data_dir(data_dir))
    if not database.exists():
        click.echo(f"no database at {database} yet: nothing to check")
        return
    store = _open_store(data_dir, check=False)
    problems = store.integrity_problems()
    for problem in problems:
        click.echo(f"integrity: {problem}")
    if problems:
        click.echo(f"{store.path} is damaged; restore a backup or copy it elsewhere first.")
        raise SystemExit(1)
    stored, replayed = store.consistent_states()
    differing = sorted(key for key in replayed if stored.get(key) != replayed[key])
    click.echo(f"{store.review_count()} reviews, {len(stored)} cards: integrity ok")
    for deck_id, card_id in differing:
        click.echo(f"card {deck_id}/{card_id}: stored state differs from its review log")
    tallies_ok = store.tallies_match_log()
    if not tallies_ok:
        click.echo("the answer counts behind the statistics differ from the review log")
    if (differing or not tallies_ok) and rebuild:
        backup = store.path.with_name(f"{store.path.name}.{_now():%Y%m%dT%H%M%S}.bak")
        store.backup_to(backup)
        changed = store.rebuild_cards(_now())
        store.recount_tallies()
        click.echo(
            f"rebuilt {changed} card states and the answer counts from the log (backup: {backup})"
        )
        return
    if differing or not tallies_ok:
        click.echo("run `studytool doctor --rebuild` to rewrite them from the log")
        raise SystemExit(1)
    click.echo("card states and answer counts match the review log")


@main.command()
@_data_dir_option
@_deck_option
def decks(data_dir: Path | None = None, decks: tuple[Path, ...] = ()) -> None:
    """List the decks found: bundled, in the data dir, and given with --deck.

    \b
    Example:
      studytool decks --deck ~/decks
    """
    found = _load(data_dir, decks)
    for deck in found.decks:
        click.echo(
            f"{deck.id:<20} {len(deck.cards):>5} cards  {deck.title}  ({shown(str(deck.path))})"
        )
    if found.broken:
        raise SystemExit(1)


@main.command()
@click.argument("targets", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints every finding with its position, for editors and CI.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="OLD",
    help="The deck as it was: warn where a card id now holds a different fact.",
)
@_data_dir_option
@_deck_option
def lint(
    targets: tuple[Path, ...],
    output: str,
    strict: bool,
    against: Path | None,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Check deck files and report every problem as path:line:col.

    With no PATH, checks every deck studytool would use. A PATH may be a folder.
    Besides errors, warns about weak cards (near-duplicates, answers given away, ...).
    With --against, compares card ids with an earlier version of the deck.
    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage error.

    \b
    Examples:
      studytool lint
      studytool lint decks/leg-curl.yaml --format json
      git show HEAD:decks/my.yaml > /tmp/old.yaml
      studytool lint decks/my.yaml --against /tmp/old.yaml
    """
    if targets:
        files = discovery.expand([*targets, *_extra_decks(decks)])
    else:
        files = discovery.deck_files(_data_dir(data_dir), _extra_decks(decks))
    if not files:
        raise click.UsageError("no deck files found to check")
    old = _old_deck(against) if against else None
    from studytool.deck.lint import lint as lint_files  # only lint needs the quality checks

    report = lint_files(files, old, paths.cache_dir())
    # Decks with errors were not compared and say so themselves; if all loaded and none
    # is the old deck's, nothing was compared, which the user must hear about.
    loaded = [r.deck for r in report.results if r.deck]
    if old and len(loaded) == len(report.results) and old.id not in {d.id for d in loaded}:
        raise click.UsageError(
            f"--against {shown(str(against))}: no deck checked has its id '{old.id}'"
        )
    click.echo(report.json() if output == "json" else report.text())
    raise SystemExit(report.exit_code(strict))


def _old_deck(path: Path) -> Deck:
    """The deck given to --against, or a usage error saying why it cannot be compared."""
    result = load_deck(path)
    if result.deck is None:
        first = result.errors[0] if result.errors else None
        raise click.UsageError(
            f"--against {shown(str(path))} has errors, so its cards cannot be compared"
            + (f" (first: {first})" if first else "")
        )
    return result.deck


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@_data_dir_option
def new(path: Path, force: bool, data_dir: Path | None = None) -> None:
    """Write a starter deck at PATH: one example of every card type, ready to edit.

    The deck id comes from the file name. deck.schema.json is written beside the deck
    (unless one is there) and named on its first line, for completion in editors that
    use the YAML language server. The starter passes `studytool lint --strict`.

    \b
    Examples:
      studytool new decks/squat.yaml
      studytool new ~/decks/squat.yaml --force
    """
    if path.suffix not in paths.DECK_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(path))}: a deck file name ends in .yaml or .yml", param_hint="PATH"
        )
    from studytool.deck.starter import StarterError, write_starter

    try:
        written = write_starter(path, force)
    except StarterError as exc:
        raise click.ClickException(shown(str(exc))) from None
    click.echo(f"wrote {shown(str(path))} (deck '{written.deck_id}', one card of every type)")
    schema_file = shown(str(written.schema))
    click.echo(
        {
            "written": f"wrote {schema_file} (the JSON Schema, for editor completion)",
            "current": f"{schema_file} is already there and up to date",
            "different": f"kept {schema_file}, which differs from this studytool's schema "
            f"(`studytool schema > {shlex.quote(str(written.schema))}` replaces it)",
        }[written.schema_status]
    )
    quoted = shlex.quote(str(path))
    click.echo(f"next:\n  studytool lint {quoted}\n  studytool preview {quoted}")


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--card", "card_id", metavar="ID", default=None, help="Open at this card.")
@_data_dir_option
def preview(path: Path, card_id: str | None, data_dir: Path | None = None) -> None:
    """Browse a deck file card by card as a candidate will see it; nothing is recorded.

    Answer a card to see its real feedback, or press a to show the answer. A card with
    errors shows them in its place. The preview reloads when the file is saved, so keep
    it open beside your editor. Not in a terminal, it prints the cards as text, and
    exits 1 if the deck has errors. The data dir is never opened.

    \b
    Examples:
      studytool preview decks/leg-curl.yaml
      studytool preview my-deck.yaml --card pad-height
      studytool preview my-deck.yaml | less
    """
    from studytool.deck.preview_text import find, preview_lines
    from studytool.deck.reader import BrokenCard, preview_deck

    found = preview_deck(path)
    at = find(found, card_id) if card_id is not None else None
    if card_id is not None and at is None and found.cards:
        ids = [entry.id for entry in found.cards if entry.id]
        close = difflib.get_close_matches(card_id, ids, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise click.BadParameter(f"no card '{shown(card_id)}' in {shown(str(path))}{hint}",
                                 param_hint="'--card'")  # fmt: skip
    if not _interactive():
        click.echo("\n".join(preview_lines(found, at)))
        broken = any(isinstance(entry, BrokenCard) for entry in found.cards)
        raise SystemExit(1 if found.errors or broken else 0)
    from studytool.tui.preview import PreviewApp

    app = PreviewApp(path, card_id)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@main.command()
@_data_dir_option
def schema(data_dir: Path | None = None) -> None:
    """Print the JSON Schema of a deck file, for editor completion.

    \b
    Example:
      studytool schema > decks/deck.schema.json
    """
    click.echo(spec.json_schema_text(), nl=False)


def _deck_to_export(name: str, data_dir: Path | None, decks: Sequence[Path]) -> Deck:
    """DECK as a deck file path, else as a deck id; a deck with errors is refused."""
    path = Path(name).expanduser()
    if path.suffix in paths.DECK_SUFFIXES or path.is_file():
        if not path.is_file():
            raise click.BadParameter(f"no deck file {shown(name)}", param_hint="DECK")
        result = load_deck(path)
        for diagnostic in result.errors:
            click.echo(str(diagnostic), err=True)
        if result.deck is None:
            raise click.ClickException(f"{shown(name)} has errors; nothing exported")
        return result.deck
    known = {deck.id: deck for deck in _load(data_dir, decks).decks}
    if name not in known:
        raise click.BadParameter(
            f"no deck '{shown(name)}' (decks: {', '.join(known)})", param_hint="DECK"
        )
    return known[name]


@main.command("export")
@click.argument("deck_name", metavar="DECK")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="The file to write: FILE.apkg (Anki package) or FILE.csv.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@_data_dir_option
@_deck_option
def export(
    deck_name: str,
    target: Path,
    force: bool,
    data_dir: Path | None = None,
    decks: tuple[Path, ...] = (),
) -> None:
    """Write a deck as an Anki package (.apkg) or a CSV file.

    DECK is a deck id (bundled, in the data dir or given with --deck) or a deck file.
    In Anki each topic is a subdeck; exporting again and importing the new package
    updates the notes already in Anki instead of adding copies. `studytool import`
    rebuilds the same deck from either file.
    Exit status: 0 written, 1 the deck has errors or FILE cannot be written, 2 usage error.

    \b
    Examples:
      studytool export leg-curl --to leg-curl.apkg
      studytool export decks/my-deck.yaml --to my-deck.csv --force
    """
    from studytool.interchange.drafts import InterchangeError
    from studytool.interchange.transfer import EXPORT_SUFFIXES, export_deck

    if target.suffix.lower() not in EXPORT_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(target))}: the file name must end in .apkg or .csv", param_hint="'--to'"
        )
    deck = _deck_to_export(deck_name, data_dir, decks)
    try:
        exported = export_deck(deck, target, force)
    except InterchangeError as exc:
        raise click.ClickException(shown(exc.message)) from None
    for line in exported.left_out:
        click.echo(line, err=True)
    click.echo(f"wrote {shown(str(target))}: {exported.cards} cards of '{shown(deck.title)}'")


@main.command("import")
@click.argument(
    "source", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DECK",
    help="The deck file to write (default: NAME.yaml in the data dir's decks folder, "
    "where studytool finds it).",
)
@click.option("--force", is_flag=True, help="Replace the deck file if it exists.")
@_data_dir_option
def import_(source: Path, target: Path | None, force: bool, data_dir: Path | None = None) -> None:
    """Make a deck file from an Anki package (.apkg) or a CSV file.

    A package or CSV that studytool exported gives back the same deck. Other Anki notes
    become cards when they are Basic (and reversed), Basic (type in the answer) or Cloze
    notes, with their Anki deck as topic; other note types, and the pictures and sounds of
    any note, are listed and left out. A CSV of two columns (front, back) gives basic
    cards. Every card gets an id that is the same on every import of the same file.
    Exit status: 0 written, 1 nothing written (damaged or hostile file, no card), 2 usage
    error.

    \b
    Examples:
      studytool import shared-deck.apkg
      studytool import vocab.csv --to decks/vocab.yaml
    """
    from studytool.core.text import slug
    from studytool.deck.starter import schema_beside
    from studytool.interchange.drafts import InterchangeError
    from studytool.interchange.transfer import APKG_SUFFIXES, CSV_SUFFIXES, import_file

    if source.suffix.lower() not in (*APKG_SUFFIXES, *CSV_SUFFIXES):
        raise click.BadParameter(
            f"{shown(str(source))}: give an Anki package (.apkg, .colpkg) or a CSV file "
            "(.csv, .tsv, .txt)",
            param_hint="FILE",
        )
    default = target is None
    if target is None:
        folder = paths.user_decks_dir(_data_dir(data_dir))
        target = folder / f"{slug(source.stem, 64) or 'imported'}.yaml"
    elif target.suffix not in paths.DECK_SUFFIXES:
        raise click.BadParameter(
            f"{shown(str(target))}: a deck file name ends in .yaml or .yml", param_hint="'--to'"
        )
    try:
        imported = import_file(source, target, force, make_folder=default)
        schema, status = schema_beside(target)
    except InterchangeError as exc:
        raise click.ClickException(shown(exc.message)) from None
    for problem in imported.problems:
        click.echo(str(problem))
    skipped = sum(problem.skipped for problem in imported.problems)
    noun = "note" if source.suffix.lower() in APKG_SUFFIXES else "row"
    cards = len(imported.deck.cards)
    click.echo(
        f"imported {cards} card{'s' * (cards != 1)} into {shown(str(target))} "
        f"(deck '{imported.deck.id}')"
        + (f"; {skipped} {noun}{'s' * (skipped != 1)} not imported" if skipped else "")
    )
    if status == "written":
        click.echo(f"wrote {shown(str(schema))} (the JSON Schema, for editor completion)")
    _same_deck_id(target, imported.deck.id, data_dir)


def _same_deck_id(written: Path, deck_id: str, data_dir: Path | None) -> None:
    """Say so when the new deck file shares its deck id with another deck studytool finds:
    only one of them would be studied."""
    found = discovery.load_all(discovery.deck_files(_data_dir(data_dir)))
    mine = written.resolve()
    for old, new in found.replaced:
        if mine in (Path(old).resolve(), Path(new).resolve()):
            other, used = (old, new) if Path(new).resolve() == mine else (new, old)
            click.echo(
                f"note: {shown(other)} has the same deck id '{deck_id}'; studytool uses "
                f"{shown(used)}, the one found last"
            )
