"""What the commands print, as text and as JSON: the one place output takes its shape.

Each function turns a result the engine or the deck package returned into lines (or a
JSON document); the commands only echo them. The JSON shapes are documented output that
scripts read, so a key once printed keeps its name.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.core.models import Deck
from studytool.core.text import count, question_line, shorten, shown

if TYPE_CHECKING:
    # Only the commands that use them import these: the review must start without them.
    from studytool.core.forecast import Forecast
    from studytool.deck.lint import LintReport
    from studytool.deck.starter import SchemaStatus, Written
    from studytool.engine.doctor import Checkup, Rebuilt
    from studytool.engine.reports import DeckDue, DeckStats
    from studytool.interchange.drafts import Imported


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


# -- study ------------------------------------------------------------------------------


def due_lines(deck: DeckDue) -> list[str]:
    redrill = f", {deck.redrill} to re-drill" if deck.redrill else ""
    lines = [f"{deck.title} ({deck.deck_id}): {deck.due} due, {deck.new} new today{redrill}"
             f" · {deck.unseen} not yet seen"]  # fmt: skip
    # The columns line up for every topic: as wide as the longest name, up to a limit.
    width = min(TOPIC_COLUMN, max((len(topic.name) for topic in deck.topics), default=0))
    lines += [f"  {shorten(topic.name, width):<{width}} {topic.due:>4} due {topic.new:>4} new"
              for topic in deck.topics]  # fmt: skip
    return lines


TOPIC_COLUMN = 44
"""The widest topic name `due` prints whole; with the counts it fits 80 columns."""


def due_json(day: date, report: list[DeckDue]) -> str:
    decks = [
        {
            "deck": d.deck_id, "title": d.title, "due": d.due, "new": d.new,
            "redrill": d.redrill, "unseen": d.unseen, "suspended": d.suspended,
            "topics": [t.__dict__ for t in d.topics],
        }
        for d in report
    ]  # fmt: skip
    return json.dumps({"day": day.isoformat(), "decks": decks}, indent=2)


def flag_lines(reports: list[dict[str, Any]]) -> list[str]:
    if not reports:
        return ["no flagged cards"]
    lines = []
    for report in reports:
        note = f": {report['note']}" if report["note"] else ""
        lines.append(shown(f"{report['deck_id']}/{report['card_id']} ({report['at'][:10]}){note}"))
        lines.append(f"  {shown(question_line(report['question']))}")
    return lines


def flags_json(reports: list[dict[str, Any]]) -> str:
    return json.dumps(reports, indent=2, ensure_ascii=False)


# -- stats ------------------------------------------------------------------------------


def stats_lines(report: DeckStats) -> list[str]:
    r = report.retention
    lines = [
        f"{report.title} ({report.deck_id})",
        f"  streak {count(report.streak, 'day')}, longest {count(report.longest_streak, 'day')}; "
        f"{count(sum(report.per_day.values()), 'answer')} on {count(len(report.per_day), 'day')}",
        f"  true retention: young {_percent(r.young_passed, r.young)} of {r.young}, "
        f"mature {_percent(r.mature_passed, r.mature)} of {r.mature}",
        f"  due next 7 days: {' '.join(str(n) for n in report.forecast[:7])}"
        f" · next 30 days: {sum(report.forecast)}",
        f"  {'topic':<30} {'mastered':>9} {'unseen':>7} {'30-day accuracy':>16}",
    ]
    for name, f in report.topics:
        lines.append(
            f"  {shorten(name, 30):<30} {_percent(f.mastered, f.cards):>9} {f.unseen:>7} "
            f"{_percent(f.right_30d, f.answered_30d):>16}"
        )
    if report.hardest:
        lines.append("  hardest cards:")
        for card in report.hardest:
            lines.append(f"    {shown(card.card_id)}: {card.missed} of {card.asked} wrong")
            lines.append(f"      {shown(question_line(card.question))}")
    if report.leeches:
        lines.append("  leeches (suspended): " + ", ".join(report.leeches))  # fmt: skip
    if report.exam:
        from studytool.engine.reports import forecast_lines  # the stats command's alone

        lines += [f"  {line}" for line in forecast_lines(report.exam, report.names)]
    return lines


def _stats_dict(report: DeckStats) -> dict[str, Any]:
    from studytool.core.stats import Retention  # the stats command's alone

    r = report.retention
    return {
        "deck": report.deck_id,
        "title": report.title,
        "day": report.today.isoformat(),
        "answers_per_day": {d.isoformat(): n for d, n in sorted(report.per_day.items())},
        "streak": report.streak,
        "longest_streak": report.longest_streak,
        "forecast": [
            {"day": (report.today + timedelta(days=i)).isoformat(), "due": n}
            for i, n in enumerate(report.forecast)
        ],
        "retention": {
            "young": {"reviews": r.young, "passed": r.young_passed,
                      "share": Retention.share(r.young_passed, r.young)},
            "mature": {"reviews": r.mature, "passed": r.mature_passed,
                       "share": Retention.share(r.mature_passed, r.mature)},
        },
        "topics": [
            {"topic": f.topic, "name": name, "cards": f.cards, "mastered": f.mastered,
             "mastery": f.mastered / f.cards if f.cards else 0.0, "unseen": f.unseen,
             "answered_30d": f.answered_30d, "right_30d": f.right_30d,
             "accuracy_30d": f.right_30d / f.answered_30d if f.answered_30d else None}
            for name, f in report.topics
        ],
        "hardest": [{"card": c.card_id, "question": c.question, "wrong": c.missed,
                     "answers": c.asked} for c in report.hardest],
        "leeches": report.leeches,
        "exam_forecast": _forecast_dict(report.exam, report.names) if report.exam else None,
    }  # fmt: skip


def _forecast_dict(f: Forecast, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "exam_day": f.exam_day.isoformat(), "days_left": f.days_left, "target": f.target,
        "recall": f.recall,
        "mock_exam": {"questions": f.questions, "expected_score": f.score,
                      "spread": f.spread} if f.questions else None,
        "topics": [{"topic": t.topic, "name": names.get(t.topic, t.topic), "cards": t.cards,
                    "expected_recall": t.recall, "below_target": t.below} for t in f.topics],
        "advice": [{"topic": a.topic, "name": names.get(a.topic, a.topic), "cards": a.cards,
                    "unseen": a.unseen, "within": f.window, "score_gain": a.gain}
                   for a in f.advice],
    }  # fmt: skip


def stats_json(reports: list[DeckStats]) -> str:
    return json.dumps([_stats_dict(r) for r in reports], indent=2, ensure_ascii=False)


# -- exams ------------------------------------------------------------------------------


def exam_history_lines(past: list[dict[str, Any]]) -> list[str]:
    if not past:
        return ["no mock exams yet"]
    lines = []
    for row in past:
        scored = 100 * row["correct"] / row["questions"]
        verdict = "pass" if scored >= row["pass_mark"] else "fail"
        lines.append(
            f"{row['at'][:16].replace('T', ' ')}  {row['deck_id']:<14} "
            f"{scored:4.0f}% {verdict} ({row['correct']}/{row['questions']}, "
            f"pass {row['pass_mark']}%)  {row['topic'] or 'all topics'}"
        )
    return lines


def exam_history_json(past: list[dict[str, Any]]) -> str:
    return json.dumps(past, indent=2)


# -- doctor -----------------------------------------------------------------------------


def checkup_lines(checkup: Checkup) -> list[str]:
    """The findings; a damaged file is read no further, and the last line says what to do."""
    lines = [f"integrity: {problem}" for problem in checkup.damage]
    if checkup.damage:
        lines.append(f"{checkup.database} is damaged; restore a backup or copy it elsewhere "
                     "first.")  # fmt: skip
        return lines
    lines.append(f"{count(checkup.reviews, 'review')}, {count(checkup.cards, 'card')}: "
                 "integrity ok")  # fmt: skip
    lines += [f"card {deck_id}/{card_id}: stored state differs from its review log"
              for deck_id, card_id in checkup.differing]  # fmt: skip
    if not checkup.tallies_match:
        lines.append("the answer counts behind the statistics differ from the review log")
    return lines


def checkup_verdict(checkup: Checkup) -> str:
    """The last line when nothing was rebuilt."""
    if checkup.drifted:
        return "run `studytool doctor --rebuild` to rewrite them from the log"
    return "card states and answer counts match the review log"


def rebuilt_line(rebuilt: Rebuilt) -> str:
    return (f"rebuilt {count(rebuilt.cards, 'card state')} and the answer counts from the log "
            f"(backup: {rebuilt.backup})")  # fmt: skip


# -- authoring --------------------------------------------------------------------------


def deck_line(deck: Deck) -> str:
    cards = count(len(deck.cards), "card")
    return f"{deck.id:<20} {cards:>11}  {deck.title}  ({shown(str(deck.path))})"


def lint_text(report: LintReport) -> str:
    from studytool.deck.lint_warnings import length_cue  # lint's alone, not start-up's

    lines = [str(d) for r in report.results for d in r.diagnostics]
    for result in report.results:
        if result.deck and (cue := length_cue(result.deck)).mcqs:
            lines.append(f"{shown(result.path)}: {cue.text()}")
    cards = sum(len(r.deck.cards) for r in report.results if r.deck)
    files = len(report.results)
    checked = count(files, "deck file")
    if not report.errors and not report.warnings:
        lines.append(f"checked {checked} ({count(cards, 'card')}): no problems")
    else:
        lines.append(
            f"checked {checked}: {count(report.errors, 'error')}, "
            f"{count(report.warnings, 'warning')}"
        )
    return "\n".join(lines)


def lint_json(report: LintReport) -> str:
    document = {
        "files": [
            {
                "path": r.path,
                "deck": r.deck.id if r.deck else None,
                "cards": len(r.deck.cards) if r.deck else None,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
                "mcq_right_option_longest": _cue_json(r.deck) if r.deck else None,
            }
            for r in report.results
        ],
        "diagnostics": [asdict(d) for r in report.results for d in r.diagnostics],
        "errors": report.errors,
        "warnings": report.warnings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _cue_json(deck: Deck) -> dict[str, float]:
    from studytool.deck.lint_warnings import length_cue

    cue = length_cue(deck)
    return {"mcqs": cue.mcqs, "longest": cue.longest, "chance": round(cue.chance, 4)}


def starter_lines(path: Path, written: Written) -> list[str]:
    schema_file = shown(str(written.schema))
    quoted = shlex.quote(str(path))
    return [
        f"wrote {shown(str(path))} (deck '{written.deck_id}', one card of every type)",
        {
            "written": f"wrote {schema_file} (the JSON Schema, for editor completion)",
            "current": f"{schema_file} is already there and up to date",
            "different": f"kept {schema_file}, which differs from this studytool's schema "
            f"(`studytool schema > {shlex.quote(str(written.schema))}` replaces it)",
        }[written.schema_status],
        f"next:\n  studytool lint {quoted}\n  studytool preview {quoted}",
    ]


# -- transfer ---------------------------------------------------------------------------


def imported_lines(
    imported: Imported, target: Path, noun: str, schema: Path, status: SchemaStatus
) -> list[str]:
    """What was imported and left out; ``noun`` is what the source is made of."""
    lines = [str(problem) for problem in imported.problems]
    skipped = sum(problem.skipped for problem in imported.problems)
    cards = len(imported.deck.cards)
    lines.append(
        f"imported {count(cards, 'card')} into {shown(str(target))} (deck '{imported.deck.id}')"
        + (f"; {count(skipped, noun)} not imported" if skipped else "")
    )
    if status == "written":
        lines.append(f"wrote {shown(str(schema))} (the JSON Schema, for editor completion)")
    return lines


def same_deck_id_line(other: str, used: str, deck_id: str) -> str:
    return (f"note: {shown(other)} has the same deck id '{deck_id}'; studytool uses "
            f"{shown(used)}, the one found last")  # fmt: skip
