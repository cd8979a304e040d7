"""The learning commands: study, pick, compare, explain, cram, exam, stats, leeches."""

from __future__ import annotations

from typing import Annotated

import typer

from kinesis_tutor.cli import complete
from kinesis_tutor.cli.base import State, app

# The deck and tag filters of study and cram (and plan).
DeckFilter = Annotated[
    list[str] | None,
    typer.Option("--deck", "-d", metavar="ID", help="Only this deck (repeatable).", autocompletion=complete.deck_ids),
]
TagFilter = Annotated[
    list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only cards with this tag (repeatable).")
]

# The exam's domain and form options.
ExamDomain = Annotated[
    list[str] | None,
    typer.Option(
        "--domain",
        metavar="D",
        help="Only questions of this exam domain (repeatable): dea-ingestion, dea-store, dea-operations, "
        "dea-security, saa, dva.",
        autocompletion=complete.exam_domains,
    ),
]
ExamForm = Annotated[
    int | None,
    typer.Option(
        "--form", metavar="N", help="A fixed full-length DEA-C01 form (1, 2 or 3): 65 questions, 130 minutes."
    ),
]

# ------------------------------------------------------------------------------------ study


@app.command()
def study(
    ctx: typer.Context,
    deck: DeckFilter = None,
    tag: TagFilter = None,
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
            help="Scenarios that set these services side by side (comma-separated ids, e.g. kds,firehose).",
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
    services: Annotated[
        list[str] | None,
        typer.Argument(help="Service ids or names, e.g. kds firehose.", autocompletion=complete.service_ids),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The table as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="The table as Markdown, for your notes.")] = False,
) -> None:
    """Compare services side by side: one table, a column per service.

    Without services, lists what can be compared.

    \b
    Examples:
      kinesis-tutor compare
      kinesis-tutor compare kds firehose sqs
      kinesis-tutor compare sqs-standard sqs-fifo --markdown > fifo.md
    """
    from kinesis_tutor.app import compare as use
    from kinesis_tutor.app.decks import load
    from kinesis_tutor.ui import compare_view
    from kinesis_tutor.ui.decks_view import report_skipped

    fmt = "json" if as_json else ("markdown" if markdown else "table")
    compare_view.show_comparison(use.compare(report_skipped(load(State.paths(ctx))), services or []), fmt)


@app.command()
def explain(
    ctx: typer.Context,
    service: Annotated[
        str, typer.Argument(help="A service id or name, e.g. firehose.", autocompletion=complete.service_ids)
    ],
    full: Annotated[bool, typer.Option("--full", help="Every number, trait, scenario and change.")] = False,
) -> None:
    """One screen on a service: numbers, traits, when to choose it.

    Its purpose, limits and numbers, traits, when to choose it and when not; --full for all of it.

    \b
    Examples:
      kinesis-tutor explain kds
      kinesis-tutor explain "Data Firehose" --full
    """
    from kinesis_tutor.app import compare as use
    from kinesis_tutor.app.decks import load
    from kinesis_tutor.ui import compare_view
    from kinesis_tutor.ui.decks_view import report_skipped

    compare_view.show_explanation(use.explain(report_skipped(load(State.paths(ctx))), service), full)


@app.command()
def cram(
    ctx: typer.Context,
    deck: DeckFilter = None,
    tag: TagFilter = None,
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
    questions: Annotated[
        int | None, typer.Option("--questions", "-q", metavar="N", min=1, help="Number of questions (default 20).")
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option("--minutes", "-m", metavar="MIN", min=0.1, help="Time limit in minutes (default 30, a form 130)."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only questions with this tag.")
    ] = None,
    domain: ExamDomain = None,
    form: ExamForm = None,
    history: Annotated[
        bool, typer.Option("--history", help="List past attempts with the score trend, and stop.")
    ] = False,
) -> None:
    """A timed mock exam, scored 100–1000 with the pass mark at 720.

    Answer in any order, flag questions, go back, review, submit. The result breaks the score
    down by topic and by exam domain. A form is the same questions every time, so attempts at it
    are comparable.

    \b
    Examples:
      kinesis-tutor exam
      kinesis-tutor exam --questions 10 --minutes 15
      kinesis-tutor exam --domain dea-security
      kinesis-tutor exam --form 1
      kinesis-tutor exam --history
    """
    if history:
        from kinesis_tutor.ui import exam_history

        exam_history.run(State.paths(ctx))
        return
    if form is not None and (questions is not None or tag or domain):
        from kinesis_tutor.core.errors import TutorError

        raise TutorError("a form is a fixed exam: --form takes no --questions, --tag or --domain", exit_code=2)
    from kinesis_tutor.core.exam_forms import FORM_MINUTES, FORM_QUESTIONS
    from kinesis_tutor.ui import exam_flow

    exam_flow.run(
        State.paths(ctx),
        questions=questions or (FORM_QUESTIONS if form is not None else 20),
        minutes=minutes or (FORM_MINUTES if form is not None else 30),
        tags=tag or [],
        domains=domain or [],
        form=form,
    )


@app.command()
def stats(
    ctx: typer.Context,
    deck: Annotated[
        str | None,
        typer.Option("--deck", "-d", metavar="ID", help="Only this deck.", autocompletion=complete.deck_ids),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Machine-readable output (schema: kinesis-tutor docs stats).")
    ] = False,
    group: Annotated[
        bool, typer.Option("--group", help="Every learner (profile) of the database side by side.")
    ] = False,
) -> None:
    """Progress: states, forecast, heatmap, streaks, readiness.

    Card states, a 14-day forecast, a heatmap of reviews, retention, streaks, weak spots, exam readiness.

    \b
    Examples:
      kinesis-tutor stats
      kinesis-tutor stats --deck kds-limits
      kinesis-tutor stats --json
      kinesis-tutor --db postgresql+psycopg://me@db.example.com/kinesis stats --group
    """
    from kinesis_tutor.app import stats as use
    from kinesis_tutor.ui import stats_view
    from kinesis_tutor.ui.render import report_deck_problems

    if group:
        from kinesis_tutor.core.errors import EXIT_USAGE, TutorError
        from kinesis_tutor.ui import group_view

        if deck is not None:
            raise TutorError("stats --group covers every deck; leave out --deck", exit_code=EXIT_USAGE)
        group_view.show(use.group(State.paths(ctx), report_deck_problems), as_json=as_json)
        return
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
