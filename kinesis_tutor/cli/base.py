"""The command line's shell: the typer app and its groups, the global options, the entry point.

The commands live in cli/learn.py, cli/decks.py and cli/data.py. Every command imports its real
work lazily, so that ``kinesis-tutor --help`` never pays for SQLAlchemy, questionary or pydantic.
Help is click's plain format (``rich_markup_mode=None``): typer's rich help would add rich's
layout modules and cost ``--help`` about 1.7x ``import typer`` instead of 1.2x (see
docs/performance.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from kinesis_tutor import __version__
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

if TYPE_CHECKING:
    from kinesis_tutor.app.paths import Paths

HELP = """Study Amazon Kinesis (Data Streams, Data Firehose, Managed Service for Apache Flink,
Video Streams) and its neighbours (SQS, SNS, Kafka/MSK, Lambda) for the AWS exams.

\b
Examples:
  kinesis-tutor study                  the daily session: due reviews, then new cards
  kinesis-tutor pick --count 10        ten "which service?" scenarios
  kinesis-tutor compare kds firehose   the cheat sheet for two services
  kinesis-tutor exam --questions 20    a timed mock exam
  kinesis-tutor decks list             the decks and their cards

Exit codes: 0 ok, 1 a problem found (a bad deck, a failed check), 2 bad usage.
"""


class _Group(typer.core.TyperGroup):
    """Turns a TutorError raised by any command into one line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TutorError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="kinesis-tutor",
    help=HELP,
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
decks_app = typer.Typer(
    help="""Write, check and preview decks.

\b
Examples:
  kinesis-tutor decks list
  kinesis-tutor decks new my-notes
  kinesis-tutor decks validate my-notes.yaml
""",
    no_args_is_help=True,
    rich_markup_mode=None,
)
config_app = typer.Typer(
    help="""Study settings (stored with your progress).

\b
Examples:
  kinesis-tutor config list
  kinesis-tutor config set new_per_day 30
""",
    no_args_is_help=True,
    rich_markup_mode=None,
)
db_app = typer.Typer(
    help="""Check, rebuild or copy the progress database.

\b
Examples:
  kinesis-tutor db check
  kinesis-tutor db rebuild
  kinesis-tutor db copy progress.db postgresql+psycopg://me@db.example.com/kinesis
""",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(decks_app, name="decks")
app.add_typer(config_app, name="config")
app.add_typer(db_app, name="db")

# The plain --json flag (decks list, decks services, decks orphans, config list).
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


class State:
    """The top-level options of this run, kept on the root ``typer.Context`` (no global state)."""

    def __init__(self, db: str | None, deck_dirs: list[str], profile: str | None = None):
        self.db = db
        self.deck_dirs = deck_dirs
        self.profile = profile

    @staticmethod
    def paths(ctx: typer.Context) -> Paths:
        """The locations this run uses, resolved from the root context's options."""
        from kinesis_tutor.app import paths

        state: State = ctx.find_root().obj  # set by main_options, which runs before every command
        return paths.resolve(state.db, state.deck_dirs, state.profile)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kinesis-tutor {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KINESIS_TUTOR_DB",
            help="Progress database: a file, or a database URL (postgresql+psycopg://user@host/kinesis).",
            show_default="data folder/progress.db",
            metavar="FILE|URL",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            envvar="KINESIS_TUTOR_PROFILE",
            help="Whose progress: keeps learners apart in one database (not a permission).",
            show_default="your login name",
            metavar="NAME",
        ),
    ] = None,
    deck_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--deck-dir",
            help="Another folder of decks (repeatable; env KINESIS_TUTOR_DECKS).",
            file_okay=False,
            metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(db or None, [str(d) for d in deck_dir or []], profile)


def main() -> None:
    """Entry point: run the app; a TutorError becomes one line on stderr and its exit code."""
    try:
        app()
    except TutorError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        sys.exit(130)
    except Exception as exc:  # never a traceback: one line, and the exit code says what kind
        if os.environ.get("KINESIS_TUTOR_DEBUG"):
            raise
        sys.stderr.write(f"kinesis-tutor: error: {_one_line(exc)}\n")
        sys.exit(1 if _is_environment(exc) else EXIT_BUG)


EXIT_BUG = 70  # EX_SOFTWARE: an error the program did not foresee


def _is_environment(exc: BaseException) -> bool:
    """A fault of the machine rather than of the program: a file, a folder, a full disk, the database."""
    return isinstance(exc, OSError) or type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror} (check the file or folder, --db and KINESIS_TUTOR_HOME)"
    if _is_environment(exc):
        cause = getattr(exc, "orig", None) or exc
        text = " ".join(str(cause).split()) or type(cause).__name__
        return f"the progress database could not be used: {text} (see 'kinesis-tutor db check')"
    text = " ".join(str(exc).split())
    return (
        f"unexpected {type(exc).__name__}: {text} - this is a bug in kinesis-tutor; "
        "run again with KINESIS_TUTOR_DEBUG=1 to see where it happened"
    )


def _report(exc: TutorError) -> None:
    for line in exc.details:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(f"kinesis-tutor: error: {exc}\n")


__all__ = ["EXIT_USAGE", "State", "app", "config_app", "db_app", "decks_app", "main"]
