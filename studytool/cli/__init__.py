"""The ``studytool`` command line. Bare ``studytool`` opens home: today's review, what it
holds and how long it should take, one key from starting.

One module per command group; each command parses its arguments, calls the engine or the
deck package, and prints through ``render``. Error messages and exit statuses are mapped
in ``errors``; the database is opened in ``opening``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from studytool import __version__
from studytool.cli import errors
from studytool.cli.authoring import decks, lint, new, preview, schema
from studytool.cli.doctor import doctor
from studytool.cli.exam import exam, exam_date
from studytool.cli.grading import grade
from studytool.cli.options import GroupOptions, data_dir_option, deck_option
from studytool.cli.stats import stats
from studytool.cli.study import due, flags, review, study_today, suspend, unsuspend
from studytool.cli.transfer import export, import_
from studytool.errors import StudytoolError


class _Commands(click.Group):
    """Turns trouble the user can act on, met anywhere in a command, into its message and
    exit status; anything else into one line naming the crash log that holds its details,
    never a traceback on the screen."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StudytoolError as exc:
            errors.fail(exc)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the one place every other error ends
            errors.crashed(exc)


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@data_dir_option
@deck_option
@click.version_option(__version__, prog_name="studytool")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, decks: tuple[Path, ...]) -> None:
    """Study for a personal-trainer certification with spaced repetition.

    Without a command, opens home: what today's review holds and about how long it
    takes; Enter starts it.

    \b
    Examples:
      studytool                          today's overview, then the review
      studytool --data-dir ~/st-test     use another data dir
      studytool lint decks/my-deck.yaml  check a deck you are writing
    """
    ctx.obj = GroupOptions(data_dir, decks)
    if ctx.invoked_subcommand is None:
        study_today((), None, (), {}, review_at_once=False)


for _command in (
    review, due, suspend, unsuspend, flags, stats, exam, exam_date,
    decks, lint, new, preview, grade, schema, export, import_, doctor,
):  # fmt: skip
    main.add_command(_command)
