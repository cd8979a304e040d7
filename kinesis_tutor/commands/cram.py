"""kinesis-tutor cram: the weakest cards, ignoring due days; misses come back until right.

By default the SM-2 schedule is left exactly as it was: every answer is logged as kind ``cram``
with ``scheduled = 0``. With ``--reschedule`` the first answer to each card is applied to the
schedule as a review would be (still logged as ``cram``); repeats never change it.
"""

from __future__ import annotations

from kinesis_tutor.app.paths import Paths

SHOW_SPOTS = 6  # weak tags / decks listed in the summary


def last_answers(store, pks) -> dict:
    """The latest logged answer of each card in ``pks`` (any kind), for weakest-first ordering."""
    from sqlalchemy import func, select

    from kinesis_tutor.core.cram import LastAnswer
    from kinesis_tutor.store import schema as s

    latest = select(func.max(s.reviews.c.id).label("id")).group_by(s.reviews.c.card).subquery()
    q = select(s.reviews.c.card, s.reviews.c.ts, s.reviews.c.quality, s.reviews.c.correct).join(
        latest, latest.c.id == s.reviews.c.id
    )
    wanted = set(pks)
    out = {}
    with store.reader.connect() as conn:
        for card, ts, quality, correct in conn.execute(q):
            if card in wanted:
                out[card] = LastAnswer(ts, quality, None if correct is None else bool(correct))
    return out


def run(paths: Paths, *, decks: list[str], tags: list[str], count: int, reschedule: bool, prompter=None) -> None:
    from kinesis_tutor.ui.prompts import require_terminal

    if prompter is None:
        require_terminal("kinesis-tutor cram")
    from kinesis_tutor.app.sync import check_decks, open_synced
    from kinesis_tutor.core import cram
    from kinesis_tutor.core.session import SessionEngine
    from kinesis_tutor.ui.prompts import TerminalPrompter
    from kinesis_tutor.ui.render import console as get_console
    from kinesis_tutor.ui.render import report_deck_problems
    from kinesis_tutor.ui.runner import run_queue

    console = get_console()
    store = open_synced(paths, report_deck_problems)
    check_decks(store, decks)
    items = store.items(decks, tags)
    chosen = cram.select(items, count, last=last_answers(store, [i.pk for i in items]))
    if not chosen:
        what = " and ".join(
            p for p in (f"deck {', '.join(decks)}" if decks else "", f"tag {', '.join(tags)}" if tags else "") if p
        )
        console.print(
            f"[yellow]No cards to cram{(' with ' + what) if what else ''}.[/] 'kinesis-tutor decks list' shows the decks."
        )
        return
    prompter = prompter or TerminalPrompter()
    engine = SessionEngine(repeat_below=cram.REPEAT_BELOW, repeat_kind="cram-repeat", repeats_scheduled=False)
    engine.queue.extend(_entry(item, reschedule) for item in chosen)
    session = store.start_session("cram", {"decks": decks, "tags": tags, "count": count, "reschedule": reschedule})
    try:
        result = run_queue(engine, store, prompter, console, session, log_kind=lambda e: "cram", grade=reschedule)
    finally:
        store.end_session(session)
    console.print()
    answers = [(a.entry.item.card, a.quality) for a in engine.history]
    runs = cram.tally(answers, [e.item.card for e in engine.queue])
    title = "Cram done" if not engine.queue else "Cram paused — everything you answered is saved"
    print_summary(console, title, engine, runs, result.seconds, reschedule)


def _entry(item, reschedule: bool):
    from kinesis_tutor.core.session import Entry

    return Entry(item, "cram", scheduled=reschedule)


def summary_renderable(engine, runs, seconds: float, reschedule: bool, width: int = 80):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.core import cram

    firsts = engine.first_answers()
    right = sum(1 for a in firsts if a.quality >= cram.REPEAT_BELOW)
    repeats = engine.answered - len(firsts)
    minutes, secs = divmod(int(seconds), 60)
    left = sum(1 for r in runs if not r.answers)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    if firsts:
        table.add_row("Score", f"{right} / {len(firsts)} right the first time ({right / len(firsts):.0%})")
    else:
        table.add_row("Score", "no card answered")
    table.add_row("Answers", f"{engine.answered} ({repeats} repeat{'s' if repeats != 1 else ''} of missed cards)")
    table.add_row("Time", f"{minutes} min {secs:02d} s")
    if left:
        table.add_row("Not reached", f"{left} card{'s' if left != 1 else ''}")
    table.add_row(
        "Schedule",
        "SM-2 applied to each first answer (--reschedule)" if reschedule else "unchanged (answers logged as cram only)",
    )
    report = cram.still_weak(runs)
    parts = [table, Text("")]
    if report.cards:
        parts.append(
            Text(
                f"Still weak: {len(report.cards)} card{'s' if len(report.cards) != 1 else ''} missed in this run",
                style="bold yellow",
            )
        )
        weak = Table.grid(padding=(0, 2))
        weak.add_column(style="bold", no_wrap=True)
        weak.add_column()
        room = max(20, width - 4 - 6 - len("by deck") - 2)  # panel borders and padding, the first column
        weak.add_row("by tag", _spots(report.by_tag, room))
        weak.add_row("by deck", _spots(report.by_deck, room))
        parts.append(weak)
    elif firsts:
        parts.append(Text("Nothing missed in this run — well done.", style="bold green"))
    return Group(*parts)


def _spots(spots, width: int) -> str:
    """'limits 3/3, firehose 2/2 (+1 more)', broken between items (never inside one) to ``width``."""
    items = [f"{s.name} {s.weak}/{s.total}" for s in spots[:SHOW_SPOTS]]
    more = len(spots) - SHOW_SPOTS
    if more > 0:
        items.append(f"(+{more} more)")
    lines = [""]
    for n, item in enumerate(items):
        piece = item + ("," if n < len(items) - 1 and not items[n + 1].startswith("(") else "")
        if lines[-1] and len(lines[-1]) + 1 + len(piece) > width:
            lines.append("")
        lines[-1] += (" " if lines[-1] else "") + piece
    return "\n".join(lines)


def print_summary(console, title: str, engine, runs, seconds: float, reschedule: bool) -> None:
    from rich.panel import Panel

    console.print(
        Panel(
            summary_renderable(engine, runs, seconds, reschedule, console.width),
            title=title,
            title_align="left",
            border_style="cyan",
            padding=(1, 2),
        )
    )
