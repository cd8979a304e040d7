"""The command line: a thin typer shell. Every command imports its real work lazily, so that
``kinesis-tutor --help`` never pays for SQLAlchemy, questionary or pydantic. Help is click's plain
format (``rich_markup_mode=None``): typer's rich help would add rich's layout modules and cost
``--help`` about 1.7x ``import typer`` instead of 1.2x (see docs/performance.md)."""

from __future__ import annotations

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
    help="""Check or rebuild the progress database.

\b
Examples:
  kinesis-tutor db check
  kinesis-tutor db rebuild
""",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(decks_app, name="decks")
app.add_typer(config_app, name="config")
app.add_typer(db_app, name="db")


class State:
    """The top-level options of this run, kept on the root ``typer.Context`` (no global state)."""

    def __init__(self, db: str | None, deck_dirs: list[str]):
        self.db = db
        self.deck_dirs = deck_dirs

    @staticmethod
    def paths(ctx: typer.Context) -> Paths:
        """The locations this run uses, resolved from the root context's options."""
        from kinesis_tutor.app import paths

        state = ctx.find_root().obj
        if not isinstance(state, State):  # a command invoked without the root callback
            state = State(None, [])
        return paths.resolve(state.db, state.deck_dirs)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kinesis-tutor {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="KINESIS_TUTOR_DB",
            help="Progress database file.",
            show_default="data folder/progress.db",
            metavar="FILE",
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
    ctx.obj = State(str(db) if db else None, [str(d) for d in deck_dir or []])


# ------------------------------------------------------------------------------------ study


@app.command()
def study(
    ctx: typer.Context,
    deck: Annotated[
        list[str] | None, typer.Option("--deck", "-d", metavar="ID", help="Only this deck (repeatable).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only cards with this tag (repeatable).")
    ] = None,
    new: Annotated[
        int | None, typer.Option("--new", metavar="N", min=0, help="New cards today (default: config new_per_day).")
    ] = None,
    max_reviews: Annotated[
        int | None,
        typer.Option(
            "--max-reviews", metavar="N", min=0, help="Most reviews today (default: config max_reviews_per_day)."
        ),
    ] = None,
) -> None:
    """The daily session: due reviews, then new cards.

    Due reviews come first (most overdue first), then new cards up to the daily quota.

    Keys: u undoes the last answer, q or Ctrl-C ends the session. Every answer is saved at once.

    \b
    Examples:
      kinesis-tutor study
      kinesis-tutor study --deck kds-limits --new 10
      kinesis-tutor study --tag exam-trap
    """
    from kinesis_tutor.ui import study_view

    study_view.main(State.paths(ctx), decks=deck or [], tags=tag or [], new=new, max_reviews=max_reviews)


@app.command()
def pick(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("--count", "-n", metavar="N", min=1, help="How many scenarios.")] = 10,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only scenarios with this tag.")
    ] = None,
    services: Annotated[
        str | None,
        typer.Option(
            "--services",
            metavar="IDS",
            help="Only scenarios whose answer is one of these comma-separated service ids, e.g. kds,firehose.",
        ),
    ] = None,
    confusions: Annotated[
        bool, typer.Option("--confusions", help="Show which services you confuse, and stop.")
    ] = False,
) -> None:
    """Drill "which service?" scenarios, with a reason for every option.

    \b
    Examples:
      kinesis-tutor pick
      kinesis-tutor pick --count 5 --services kds,firehose,sqs-standard
      kinesis-tutor pick --confusions
    """
    from kinesis_tutor.ui import pick_view

    pick_view.run(State.paths(ctx), count=count, tags=tag or [], services=services, confusions=confusions)


@app.command()
def compare(
    ctx: typer.Context,
    services: Annotated[list[str] | None, typer.Argument(help="Service ids or names, e.g. kds firehose.")] = None,
) -> None:
    """Compare services side by side: the night-before cheat sheet.

    Without services, lists what can be compared.

    \b
    Examples:
      kinesis-tutor compare
      kinesis-tutor compare kds firehose
      kinesis-tutor compare sqs-standard sqs-fifo
    """
    from kinesis_tutor.app import compare as use
    from kinesis_tutor.app.decks import load
    from kinesis_tutor.ui import compare_view
    from kinesis_tutor.ui.decks_view import report_skipped

    compare_view.show_comparison(use.compare(report_skipped(load(State.paths(ctx))), services or []))


@app.command()
def explain(
    ctx: typer.Context, service: Annotated[str, typer.Argument(help="A service id or name, e.g. firehose.")]
) -> None:
    """One screen on a service: numbers, traits, when to choose it.

    Its purpose, limits and numbers, traits, when to choose it and when not.

    \b
    Examples:
      kinesis-tutor explain kds
      kinesis-tutor explain "Data Firehose"
    """
    from kinesis_tutor.app import compare as use
    from kinesis_tutor.app.decks import load
    from kinesis_tutor.ui import compare_view
    from kinesis_tutor.ui.decks_view import report_skipped

    compare_view.show_explanation(use.explain(report_skipped(load(State.paths(ctx))), service))


@app.command()
def cram(
    ctx: typer.Context,
    deck: Annotated[
        list[str] | None, typer.Option("--deck", "-d", metavar="ID", help="Only this deck (repeatable).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only cards with this tag (repeatable).")
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", metavar="N", min=1, help="How many cards.")] = 30,
    reschedule: Annotated[
        bool, typer.Option("--reschedule", help="Let answers change the SM-2 schedule (off by default).")
    ] = False,
) -> None:
    """Hammer what is weak, ignoring due dates. Misses come back until answered right.

    By default the schedule is not touched: answers are logged as cram only.

    \b
    Examples:
      kinesis-tutor cram
      kinesis-tutor cram --tag limits --count 50
      kinesis-tutor cram --deck firehose --reschedule
    """
    from kinesis_tutor.ui import cram_view

    cram_view.run(State.paths(ctx), decks=deck or [], tags=tag or [], count=count, reschedule=reschedule)


@app.command()
def exam(
    ctx: typer.Context,
    questions: Annotated[int, typer.Option("--questions", "-q", metavar="N", min=1, help="Number of questions.")] = 20,
    minutes: Annotated[
        float, typer.Option("--minutes", "-m", metavar="MIN", min=0.1, help="Time limit in minutes.")
    ] = 30,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only questions with this tag.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="List past attempts with the score trend, and stop.")
    ] = False,
) -> None:
    """A timed mock exam, scored 100–1000 with the pass mark at 720.

    Answer in any order, flag questions, go back, review, submit.

    \b
    Examples:
      kinesis-tutor exam
      kinesis-tutor exam --questions 10 --minutes 15
      kinesis-tutor exam --history
    """
    if history:
        from kinesis_tutor.ui import exam_history

        exam_history.run(State.paths(ctx))
        return
    from kinesis_tutor.ui import exam_flow

    exam_flow.run(State.paths(ctx), questions=questions, minutes=minutes, tags=tag or [])


@app.command()
def stats(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Option("--deck", "-d", metavar="ID", help="Only this deck.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (schema in docs/stats.md).")] = False,
) -> None:
    """Progress: states, forecast, heatmap, streaks, readiness.

    Card states, a 14-day forecast, a heatmap of reviews, retention, streaks, weak spots, exam readiness.

    \b
    Examples:
      kinesis-tutor stats
      kinesis-tutor stats --deck kds-limits
      kinesis-tutor stats --json
    """
    from kinesis_tutor.app import stats as use
    from kinesis_tutor.ui import stats_view
    from kinesis_tutor.ui.render import report_deck_problems

    stats_view.show(use.collect(State.paths(ctx), deck, report_deck_problems), as_json=as_json)


@app.command()
def leeches(ctx: typer.Context) -> None:
    """Go through leeches: cards failed 8 times, left out of study.

    For each: review it now, reset it, or keep it suspended.

    \b
    Example:
      kinesis-tutor leeches
    """
    from kinesis_tutor.app.leeches import open_leeches
    from kinesis_tutor.ui import leeches_view
    from kinesis_tutor.ui.render import report_deck_problems

    with open_leeches(State.paths(ctx), report_deck_problems) as found:
        leeches_view.review(found)


@app.command("export")
def export_(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="Output format (json).")] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of standard output.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Export your progress: card states and the whole review log.

    The format is documented in docs/export-format.md.

    \b
    Examples:
      kinesis-tutor export --format json -o progress.json
      kinesis-tutor export | jq '.reviews | length'
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_exported(transfer.export(State.paths(ctx), fmt, output))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A file written by export.")],
) -> None:
    """Restore an export into an empty database.

    For a backup, or a move to another machine.

    \b
    Example:
      kinesis-tutor --db ~/new.db import progress.json
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_imported(transfer.import_file(State.paths(ctx), file))


@app.command()
def paths(ctx: typer.Context) -> None:
    """Where your progress and your own decks live.

    \b
    Example:
      kinesis-tutor paths
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_lines(decks.path_lines(State.paths(ctx)))


# ------------------------------------------------------------------------------------ decks


@decks_app.command("list")
def decks_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False
) -> None:
    """The decks: id, title, cards by kind, file.

    \b
    Examples:
      kinesis-tutor decks list
      kinesis-tutor decks list --json
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_list(decks.deck_rows(view.report_skipped(decks.load(State.paths(ctx)))), as_json)


@decks_app.command("show")
def decks_show(ctx: typer.Context, deck: Annotated[str, typer.Argument(help="Deck id.")]) -> None:
    """A deck's details and its cards, one line each.

    \b
    Example:
      kinesis-tutor decks show kds-core
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_deck(decks.find_deck(view.report_skipped(decks.load(State.paths(ctx))), deck))


@decks_app.command("validate")
def decks_validate(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(help="Deck files or folders (default: every deck).")] = None,
) -> None:
    """Check decks and print every problem as FILE:LINE:COL: error: MESSAGE.

    Exit code 0 when all is well, 1 when a problem was found.

    \b
    Examples:
      kinesis-tutor decks validate
      kinesis-tutor decks validate my-deck.yaml
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_validation(decks.validate(State.paths(ctx), files or []))


@decks_app.command("new")
def decks_new(
    ctx: typer.Context, deck_id: Annotated[str, typer.Argument(metavar="ID", help="The new deck's id, e.g. my-notes.")]
) -> None:
    """Write a commented starter deck (one card of each kind) into your deck folder.

    \b
    Example:
      kinesis-tutor decks new my-notes
    """
    from kinesis_tutor.app import authoring
    from kinesis_tutor.ui import authoring_prompts as view

    view.show_new(authoring.new_deck(State.paths(ctx), deck_id))


@decks_app.command("add")
def decks_add(
    ctx: typer.Context, deck: Annotated[str, typer.Argument(help="Deck id (one of your own decks).")]
) -> None:
    """Add a card: asks for its kind and fields, validates it, appends it keeping comments.

    \b
    Example:
      kinesis-tutor decks add my-notes
    """
    from kinesis_tutor.app import authoring
    from kinesis_tutor.ui import authoring_prompts as view

    target = authoring.load_context(State.paths(ctx), deck)
    view.show_added(deck, target.file, authoring.add_card(target, view.TerminalCardPrompter(target.file)))


@decks_app.command("preview")
def decks_preview(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="Deck id.")],
    card: Annotated[str | None, typer.Argument(help="Card id (default: every card).")] = None,
) -> None:
    """Show cards exactly as the quiz shows them, with answers and explanations.

    \b
    Examples:
      kinesis-tutor decks preview kds-core
      kinesis-tutor decks preview kds-core shard-write-bytes
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_previews(decks.preview_cards(view.report_skipped(decks.load(State.paths(ctx))), deck, card))


@decks_app.command("schema")
def decks_schema(ctx: typer.Context) -> None:
    """Print the deck format's JSON Schema (for your editor's YAML language server).

    \b
    Example:
      kinesis-tutor decks schema > deck.schema.json
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_json(decks.deck_schema())


# ------------------------------------------------------------------------------------ config, db


@config_app.command("list")
def config_list(ctx: typer.Context) -> None:
    """Show every setting and its value.

    \b
    Example:
      kinesis-tutor config list
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_config(transfer.config_values(State.paths(ctx)))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Setting name.")],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Change a setting.

    \b
    Examples:
      kinesis-tutor config set new_per_day 30
      kinesis-tutor config set day_starts_at 5
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_setting(key, transfer.config_set(State.paths(ctx), key, value))


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Verify the file's integrity and that every card's state matches its review log.

    \b
    Example:
      kinesis-tutor db check
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_check(transfer.check(State.paths(ctx)))


@db_app.command("rebuild")
def db_rebuild(ctx: typer.Context) -> None:
    """Recompute every card's state by replaying the review log.

    \b
    Example:
      kinesis-tutor db rebuild
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_rebuild(transfer.rebuild(State.paths(ctx)))


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


def _report(exc: TutorError) -> None:
    for line in exc.details:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(f"kinesis-tutor: error: {exc}\n")


__all__ = ["EXIT_USAGE", "app", "main"]
