"""What ``kinesis-tutor plan`` prints: the plan screen, or its figures as JSON (docs/plan.md).

The figures come from ``app.plan.make``; this module only lays them out. The screen fits 80x24
and reads at 60 columns: at most ``CHART_ROWS`` rows of workload (days grouped when there are more).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app.plan import Countdown, Plan
from kinesis_tutor.core.plan import Day
from kinesis_tutor.ui.plain import percent, print_json
from kinesis_tutor.ui.render import console, data, plural

SCHEMA_VERSION = 1
CHART_ROWS = 7
REVIEW_BAR, NEW_BAR, REST = "█", "▒", "░"
GROUPS_SHOWN = 4


def show(plan: Plan, as_json: bool = False) -> None:
    if as_json:
        print_json(to_json(plan))
        return
    c = console()
    for part in render(plan, c.width):
        c.print(part)


def _day(d: date) -> str:
    return f"{d:%a %d %b %Y}"


# ------------------------------------------------------------------------------------- the screen


def render(plan: Plan, width: int = 80) -> list[RenderableType]:
    parts: list[RenderableType] = [Text.assemble(("Exam plan", "bold"), f" · {plan.scope.describe()}")]
    if plan.set_now:
        was = f" (was {_day(plan.moved_from)})" if plan.moved_from else ""
        parts.append(Text(f"Exam date set: {_day(plan.exam)}{was}." if plan.exam else "", style="green"))
    parts += _head(plan)
    if plan.status == "past":
        return parts
    parts += [Text(""), *_chart(plan, width), Text(""), *_retention(plan, width)]
    advice = advice_line(plan)
    if advice:
        parts += [Text(""), Text(advice, style="bold yellow" if plan.status == "behind" else "")]
    return parts


def _head(plan: Plan) -> list[RenderableType]:
    """Days left, the cards in scope and the pace, one line each."""
    pace = plan.pace
    lines: list[RenderableType] = []
    if plan.exam is None:
        lines.append(Text("No exam date set: kinesis-tutor plan --exam-date YYYY-MM-DD sets it.", style="yellow"))
    elif plan.status == "past":
        lines.append(Text(advice_line(plan) or "", style="yellow"))
        return lines
    else:
        left = plan.days_left or 0
        when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left} days")
        lines.append(Text(f"Exam     {_day(plan.exam)} · {when} · review buffer {plural(plan.buffer_days, 'day')}"))
    seen = plan.cards - pace.unseen
    lines.append(Text(f"Cards    {plan.cards:,} in scope · {pace.unseen:,} unseen · {seen:,} seen"))
    lines.append(Text(f"Pace     {_pace_text(plan)}"))
    return lines


def _pace_text(plan: Plan) -> str:
    pace = plan.pace
    source = {
        "plan": "the plan's",
        "cap": f"capped by max_new_per_day {plan.max_new}",
        "setting": "config new_per_day",
        "none": "no days left for new cards",
    }[pace.source]
    needed = f"; needed {pace.needed}" if plan.exam is not None and pace.needed is not None else ""
    return f"{plural(pace.per_day, 'new card')} a day ({source}{needed})"


def _bins(days: list[Day], rows: int) -> list[list[Day]]:
    size = max(1, math.ceil(len(days) / rows))
    return [days[i : i + size] for i in range(0, len(days), size)]


def _label(group: list[Day]) -> str:
    first, last = group[0].day, group[-1].day
    return f"{first:%a %d %b}" if first == last else f"{first:%d %b}–{last:%d %b}"


def _average(answers: float) -> str:
    """Answers a day as the chart labels them: a small average with its tenth (0.5, not 0 beside a bar),
    else rounded half up."""
    if answers < 10 and answers != int(answers):
        return f"{max(answers, 0.1):.1f}"
    return f"{math.floor(answers + 0.5):,}"


def _chart(plan: Plan, width: int) -> list[RenderableType]:
    """The projected answers a day as bars: reviews (█) then new cards (▒), averaged over grouped days."""
    if not plan.forecast:
        return [Text("No study days before the exam to project.", style="dim")]
    grades = (
        f"your {plural(plan.answers_so_far, 'graded answer')}"
        if plan.answers_so_far
        else "no grades yet (9 in 10 right assumed)"
    )
    bins = _bins(plan.forecast, CHART_ROWS)
    each = "a day" if len(bins[0]) == 1 else f"a day, {len(bins[0])}-day averages"
    title = Text.assemble(("Workload", "bold"), f" · answers {each} (█ reviews ▒ new)")
    rows = [(_label(g), sum(d.reviews for d in g) / len(g), sum(d.new for d in g) / len(g)) for g in bins]
    top = max((r + n for _, r, n in rows), default=0.0)
    cells = max(10, min(40, width - 24))
    t = Table(show_header=False, box=None, padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(justify="right", no_wrap=True)
    t.add_column(no_wrap=True, style="cyan")
    for label, reviews, new in rows:
        rev_cells = round(reviews / top * cells) if top else 0
        new_cells = round((reviews + new) / top * cells) - rev_cells if top else 0
        t.add_row(label, _average(reviews + new), REVIEW_BAR * rev_cells + NEW_BAR * new_cells)
    peak = max(plan.forecast, key=lambda d: (d.answers, -d.day.toordinal()))
    busiest = f"peak {peak.answers:,} on {peak.day:%a %d %b}" if peak.answers else "nothing to answer"
    note = Text(f"SM-2 with {grades} · {busiest}")
    return [title, t, Text.assemble(note, style="dim")]


def _retention(plan: Plan, width: int) -> list[RenderableType]:
    on = "exam day" if plan.exam else f"{plan.today + timedelta(days=plan.pace.days_left):%a %d %b %Y}"
    head = Text.assemble(("Retention on " + on, "bold"), (f" (projected): {percent(plan.retention)}", "bold"))
    if not plan.groups:
        return [head]
    t = Table(show_header=False, box=None, padding=(0, 1))
    t.add_column(no_wrap=True, max_width=18 if width < 70 else 24, overflow="ellipsis")
    t.add_column(justify="right", no_wrap=True)
    t.add_column(no_wrap=True, style="green")
    t.add_column(no_wrap=True, style="dim")
    for g in plan.groups[:GROUPS_SHOWN]:
        filled = round(g.retention * 16)
        name = f"#{g.name}" if plan.group_kind != "deck" else g.name
        t.add_row(data(name), percent(g.retention), REVIEW_BAR * filled + REST * (16 - filled), plural(g.cards, "card"))
    more = len(plan.groups) - GROUPS_SHOWN
    tail = [Text(f"… and {more} more (plan --json lists them all)", style="dim")] if more > 0 else []
    return [head, t, *tail]


# ------------------------------------------------------------------------------------- the advice


def advice_line(plan: Plan) -> str | None:
    """The one line that says what to do: None when on track with nothing to add."""
    pace, scope = plan.pace, "narrow the scope (--domain, --tag)"
    if plan.status == "no_date":
        if pace.unseen == 0:
            return "Every card in scope is seen: set an exam date to see your pace and retention for it."
        if plan.suggested_exam is None:
            return "At 0 new a day no unseen card is ever studied: config set new_per_day N."
        return (
            f"At {pace.per_day} new a day every card is seen by {_day(plan.finish_day or plan.today)}; "
            f"with the {plan.buffer_days}-day buffer an exam on {_day(plan.suggested_exam)} or later is on track."
        )
    if plan.status == "past" and plan.exam is not None:
        return (
            f"Your exam date {_day(plan.exam)} has passed: set the next one with kinesis-tutor plan "
            "--exam-date YYYY-MM-DD, or clear it with kinesis-tutor config unset exam_date."
        )
    if plan.status == "today":
        tags = " ".join(f"--tag {t}" for t in plan.weakest_tags)
        return f"The exam is today. Good luck! A last look: kinesis-tutor cram {tags}".rstrip()
    if plan.status == "all_seen":
        return "Every card in scope is seen: no new cards needed; keep up the reviews until the exam."
    if plan.status == "inside_buffer":
        if pace.source == "setting":
            return (
                f"Inside the {plan.buffer_days}-day review buffer, {pace.unseen:,} unseen: your new_per_day "
                f"({pace.per_day}) still adds new cards; config unset new_per_day for reviews only."
            )
        fits = min(pace.unseen, plan.max_new * (plan.days_left or 0))
        return (
            f"Inside the {plan.buffer_days}-day review buffer: no new cards, {pace.unseen:,} unseen. "
            f"Without the buffer {fits:,} fit at max_new_per_day {plan.max_new}: config set review_buffer_days 0."
        )
    if plan.status == "on_track":
        return f"On track: every card seen by {_day(plan.finish_day or plan.today)}."
    return _behind(plan, scope)


def _behind(plan: Plan, scope: str) -> str:
    pace = plan.pace
    needed = pace.needed or 0
    if pace.finish_days is None:
        late = "no unseen card is ever studied"
    else:
        late = f"you finish {plural(pace.late_days, 'day')} late"
    if pace.source == "cap":
        return (
            f"Out of reach at max_new_per_day {plan.max_new}: {plan.fits:,} of {pace.unseen:,} unseen cards fit, "
            f"{late}. Raise it (config set max_new_per_day {needed}) or {scope}."
        )
    return (
        f"At {pace.per_day} new a day (config new_per_day) {late}: study {needed} a day "
        f"(config unset new_per_day lets the plan set it), or {scope}."
    )


def countdown_line(cd: Countdown) -> str:
    """The one line study shows: "Exam in 23 days · on track"."""
    left = cd.days_left
    if cd.status == "past":
        return f"Exam date {cd.exam} has passed · config unset exam_date, or plan --exam-date for the next"
    when = "Exam today" if left == 0 else ("Exam tomorrow" if left == 1 else f"Exam in {left} days")
    state = {
        "today": "reviews only, good luck",
        "all_seen": "every card seen, reviews only" if left else "good luck",
        "inside_buffer": "review buffer: reviews only",
        "on_track": "on track",
    }.get(cd.status)
    if cd.pace.source == "setting" and cd.status in ("today", "inside_buffer") and cd.pace.unseen:
        state = f"new_per_day {cd.pace.per_day} still adds new cards"
    if state is None:  # behind
        state = f"behind: {cd.pace.needed or 0} new a day needed, {cd.pace.per_day} planned · kinesis-tutor plan"
    return f"{when} · {state}"


def last_week_lines(cd: Countdown) -> list[str]:
    lines = []
    if cd.cram_tags:
        tags = " ".join(f"--tag {t}" for t in cd.cram_tags)
        lines.append(f"Last week: cram your weakest tags: kinesis-tutor cram {tags}")
    if cd.mock_exam:
        lines.append(f"and sit a full mock exam: {cd.mock_exam}")
    return lines


# ------------------------------------------------------------------------------------- JSON


def to_json(plan: Plan) -> dict[str, Any]:
    """The figures of ``plan --json`` (schema in docs/plan.md)."""
    pace = plan.pace
    return {
        "schema": SCHEMA_VERSION,
        "today": plan.today.isoformat(),
        "exam_date": plan.exam.isoformat() if plan.exam else None,
        "days_left": plan.days_left,
        "status": plan.status,
        "scope": {"decks": list(plan.scope.decks), "tags": list(plan.scope.tags), "domains": list(plan.scope.domains)},
        "buffer_days": plan.buffer_days,
        "cards_in_scope": plan.cards,
        "cards_unseen": pace.unseen,
        "new_done_today": pace.new_done_today,
        "new_per_day": pace.needed,
        "pace": {"new_per_day": pace.per_day, "source": pace.source, "max_new_per_day": plan.max_new},
        "finish_day": plan.finish_day.isoformat() if plan.finish_day else None,
        "days_late": pace.late_days if plan.status == "behind" else 0,
        "fits": plan.fits if plan.exam else None,
        "on_track": plan.exam is not None and (plan.days_left or 0) >= 0 and pace.on_track,
        "grades": {
            "answers": plan.answers_so_far,
            "first": list(plan.first.counts),
            "review": list(plan.review.counts),
            "review_pass_rate": round(plan.review.pass_rate, 4),
        },
        "forecast": [{"day": d.day.isoformat(), "reviews": d.reviews, "new": d.new} for d in plan.forecast],
        "retention": {
            "day": (plan.exam or plan.today + timedelta(days=pace.days_left)).isoformat(),
            "overall": None if plan.retention is None else round(plan.retention, 4),
            "by": plan.group_kind,
            "groups": [{"name": g.name, "cards": g.cards, "retention": round(g.retention, 4)} for g in plan.groups],
        },
        "weakest_tags": plan.weakest_tags,
        "advice": advice_line(plan),
    }
