"""kinesis-tutor cram on the terminal: the run and its summary (score, repeats, what is still weak)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app import cram
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.cram import Spot
from kinesis_tutor.ui.prompts import Prompter, TerminalPrompter, require_terminal
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import data, plural, report_deck_problems
from kinesis_tutor.ui.runner import run_queue

SHOW_SPOTS = 6  # weak tags / decks listed in the summary


def run(
    paths: Paths, *, decks: list[str], tags: list[str], count: int, reschedule: bool, prompter: Prompter | None = None
) -> None:
    """``kinesis-tutor cram``: the weakest cards, misses again until right, then the summary."""
    if prompter is None:
        require_terminal("kinesis-tutor cram")
    console = get_console()
    chosen = cram.plan(
        paths, decks=decks, tags=tags, count=count, reschedule=reschedule, on_problems=report_deck_problems
    )
    if not chosen.engine.queue:
        what = " and ".join(
            p for p in (f"deck {', '.join(decks)}" if decks else "", f"tag {', '.join(tags)}" if tags else "") if p
        )
        with_what = f" with {what}" if what else ""
        nothing = Text(f"No cards to cram{with_what}.", style="yellow")
        console.print(nothing.append(" 'kinesis-tutor decks list' shows the decks.", style=""))
        return
    prompter = prompter or TerminalPrompter()
    recorder = cram.start(chosen)
    try:
        result = run_queue(chosen.engine, recorder, prompter, console, grade=reschedule, known=chosen.known)
    finally:
        recorder.finish()
    console.print()
    title = "Cram done" if not chosen.engine.queue else "Cram paused — everything you answered is saved"
    print_summary(console, title, cram.summarize(chosen, result.seconds))


def summary_renderable(s: cram.CramSummary, width: int = 80) -> Group:
    minutes, secs = divmod(int(s.seconds), 60)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    if s.firsts:
        table.add_row("Score", f"{s.right} / {s.firsts} right the first time ({s.right / s.firsts:.0%})")
    else:
        table.add_row("Score", "no card answered")
    table.add_row("Answers", f"{s.answered} ({plural(s.repeats, 'repeat')} of missed cards)")
    table.add_row("Time", f"{minutes} min {secs:02d} s")
    if s.left:
        table.add_row("Not reached", plural(s.left, "card"))
    table.add_row(
        "Schedule",
        "SM-2 applied to each first answer (--reschedule)"
        if s.reschedule
        else "unchanged (answers logged as cram only)",
    )
    report = s.weak
    parts: list[Table | Text] = [table, Text("")]
    if report.cards:
        parts.append(
            Text(
                f"Still weak: {plural(len(report.cards), 'card')} missed in this run (below: missed / asked)",
                style="bold yellow",
            )
        )
        weak = Table.grid(padding=(0, 2))
        weak.add_column(style="bold", no_wrap=True)
        weak.add_column()
        room = max(20, width - 4 - 6 - len("by deck") - 2)  # panel borders and padding, the first column
        weak.add_row("by tag", data(_spots(report.by_tag, room)))
        weak.add_row("by deck", data(_spots(report.by_deck, room)))
        parts.append(weak)
    elif s.firsts:
        parts.append(Text("Nothing missed in this run — well done.", style="bold green"))
    return Group(*parts)


def _spots(spots: Sequence[Spot], width: int) -> str:
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


def print_summary(console: Console, title: str, summary: cram.CramSummary) -> None:
    console.print(
        Panel(
            summary_renderable(summary, console.width),
            title=title,
            title_align="left",
            border_style="cyan",
            padding=(1, 2),
            expand=False,  # as wide as it needs, like the study and pick summaries
        )
    )
