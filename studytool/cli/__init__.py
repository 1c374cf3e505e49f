"""The ``studytool`` command line. Bare ``studytool`` opens home: today's review, what it
holds and how long it should take, one key from starting.

One module per command group; each command parses its arguments, calls the engine or the
deck package, and prints through ``render``. Error messages and exit statuses are mapped
in ``errors``; the database is opened in ``opening``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from studytool import __version__
from studytool.cli import errors
from studytool.cli.options import GroupOptions, data_dir_option, deck_option, scheduler_option
from studytool.core.text import without_passwords
from studytool.errors import StudytoolError

COMMANDS = {
    "review": "study:review", "due": "study:due", "suspend": "study:suspend",
    "unsuspend": "study:unsuspend", "flags": "study:flags", "stats": "stats:stats",
    "exam": "exam:exam", "exam-date": "exam:exam_date", "decks": "authoring:decks",
    "lint": "authoring:lint", "new": "authoring:new", "preview": "authoring:preview",
    "grade": "grading:grade", "schema": "authoring:schema", "export": "transfer:export",
    "import": "transfer:import_", "doctor": "doctor:doctor", "sync": "sync:sync",
    "class": "sync:class_",
}  # fmt: skip
"""Each command, as the module of ``studytool.cli`` that holds it and its name there: a
command's module is imported when the command is run (or listed in the help), not at
every start."""


class _Commands(click.Group):
    """Turns trouble the user can act on, met anywhere in a command, into its message and
    exit status; anything else into one line naming the crash log that holds its details,
    never a traceback on the screen.

    Commands are found in COMMANDS and imported when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(f"studytool.cli.{module}"), name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StudytoolError as exc:
            errors.fail(exc)
        except click.exceptions.ClickException as exc:
            # Click quotes what was typed, which may be a server address with its password.
            # (Its message is typed final; click itself reads it only when showing it.)
            setattr(exc, "message", without_passwords(exc.message))  # noqa: B010
            raise
        except (click.exceptions.Exit, click.Abort):
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
@scheduler_option
@click.version_option(__version__, prog_name="studytool")
@click.pass_context
def main(
    ctx: click.Context, data_dir: Path | None, decks: tuple[Path, ...], scheduler: str | None
) -> None:
    """Study for a personal-trainer certification with spaced repetition.

    Without a command, opens home: what today's review holds and about how long it
    takes; Enter starts it.

    \b
    Examples:
      studytool                          today's overview, then the review
      studytool --data-dir ~/st-test     use another data dir
      studytool --scheduler fsrs         schedule with FSRS-6 (sets it for this run)
      studytool lint decks/my-deck.yaml  check a deck you are writing
    """
    ctx.obj = GroupOptions(data_dir, decks, scheduler)
    if ctx.invoked_subcommand is None:
        from studytool.cli.study import study_today

        study_today((), None, (), {}, review_at_once=False)
