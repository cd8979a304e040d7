"""kinesis-tutor plan: the exam date and the pace that gets the learner there."""

from __future__ import annotations

from typing import Annotated

import typer

from kinesis_tutor.cli import complete
from kinesis_tutor.cli.base import State, app
from kinesis_tutor.cli.learn import DeckFilter, TagFilter


@app.command()
def plan(
    ctx: typer.Context,
    exam_date: Annotated[
        str | None,
        typer.Option("--exam-date", metavar="YYYY-MM-DD", help="Set (or move) the exam date; it is stored."),
    ] = None,
    deck: DeckFilter = None,
    tag: TagFilter = None,
    domain: Annotated[
        list[str] | None,
        typer.Option(
            "--domain",
            metavar="DOMAIN",
            help="Only this exam domain (repeatable; the domains are listed above).",
            autocompletion=complete.exam_domains,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Machine-readable output (schema: kinesis-tutor docs plan).")
    ] = False,
) -> None:
    """The exam plan: days left, new cards a day, the projected workload and exam-day retention.

    With an exam date, study follows the plan's pace (at most max_new_per_day new cards a day;
    config set new_per_day overrides it) and shows a countdown. The last review_buffer_days days
    (7 by default) are for reviews only.

    \b
    Exam domains (--domain), the DEA-C01 exam guide's four:
      dea-ingestion, dea-store, dea-operations, dea-security

    \b
    Examples:
      kinesis-tutor plan --exam-date 2027-01-15
      kinesis-tutor plan --domain dea-ingestion
      kinesis-tutor plan --json
      kinesis-tutor config unset exam_date
    """
    from kinesis_tutor.app import plan as use
    from kinesis_tutor.ui import plan_view
    from kinesis_tutor.ui.render import report_deck_problems

    domains = [d.strip().lower() for d in domain or []]
    scope = use.Scope(tuple(deck or []), tuple(tag or []), tuple(domains))
    plan_view.show(use.make(State.paths(ctx), scope, new_date=exam_date, on_problems=report_deck_problems), as_json)
