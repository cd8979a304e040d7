"""What ``kinesis-tutor compare`` and ``explain`` print: tables side by side, one page per service.

The data comes from ``app.compare``; piped, the output is plain text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app.compare import Comparison, Explanation
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import data, shown

if TYPE_CHECKING:
    from kinesis_tutor.decks.model import Table as ComparisonTable

MAX_NUMBERS = 8
MAX_TRAITS = 10
MAX_WHEN = 3
MAX_WHEN_NOT = 4
MAX_CHANGED = 3
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# ------------------------------------------------------------------ compare


def show_comparison(result: Comparison) -> None:
    console = get_console()
    if not result.ids:
        list_comparisons(result, console)
        return
    ids, names = result.ids, [result.name(s) for s in result.ids]
    if not result.tables:
        listing = " and ".join(names) if len(ids) > 1 else names[0]
        console.print(data(f"No comparison table has {listing}. What each is for:", style="yellow"))
        console.print(purposes(result))
        console.print(
            Text("'kinesis-tutor compare' lists the tables; 'kinesis-tutor explain ID' shows one service.", style="dim")
        )
        return
    if len(ids) == 1:
        console.print(data(f"Every table with {names[0]}:", style="dim"))
    elif not result.complete:
        console.print(
            data(f"No table has all of {', '.join(names)}; these tables have at least two of them:", style="yellow")
        )
    for n, (_deck, table) in enumerate(result.tables):
        if n:
            console.print()
        if table.description:
            console.print(data(table.description, style="dim"))
        rendered, notes = comparison_table(result, table, ids if len(ids) > 1 else table.services)
        console.print(rendered)
        if notes is not None:
            console.print(notes)


def comparison_table(result: Comparison, table: ComparisonTable, ids: Sequence[str]) -> tuple[Table, Table | None]:
    """``table`` as a Rich table: the feature column and one column per service in ``ids``
    (in that order), and the row explanations as numbered footnotes."""
    columns = [s for s in ids if s in table.services] or list(table.services)
    index = [table.services.index(s) for s in columns]
    out = Table(
        title=data(table.title, style="bold"),
        title_justify="left",
        show_lines=True,
        expand=False,
        header_style="bold cyan",
        padding=(0, 1),
    )
    out.add_column("Feature", style="bold", ratio=2, min_width=10, overflow="fold")
    for sid in columns:
        out.add_column(data(result.name(sid)), ratio=3, min_width=10, overflow="fold")
    notes: list[str] = []
    for row in table.rows:
        feature = shown(row.feature)
        if row.explanation:
            notes.append(row.explanation)
            feature += str(len(notes)).translate(SUPERSCRIPT)
        out.add_row(Text(feature), *(data(row.cells[i]) for i in index))
    footnotes = Table.grid(padding=(0, 1))
    footnotes.add_column(no_wrap=True, style="dim")
    footnotes.add_column()
    for n, note in enumerate(notes, 1):
        footnotes.add_row(str(n).translate(SUPERSCRIPT), data(note))
    return out, (footnotes if notes else None)


def list_comparisons(result: Comparison, console: Console) -> None:
    tables = result.tables
    if not tables:
        console.print("No comparison tables in your decks (a deck's 'tables:' block makes one).")
        return
    out = Table(title=Text("What can be compared", style="bold"), title_justify="left", header_style="bold cyan")
    out.add_column("Table", ratio=3)
    out.add_column("Services", ratio=3)
    out.add_column("ids", style="cyan", ratio=2)
    for _deck, t in tables:
        out.add_row(data(t.title), data(", ".join(result.name(s) for s in t.services)), data(" ".join(t.services)))
    console.print(out)
    _d, first = tables[0]
    console.print(
        Text.assemble("Compare two or more: ", (shown(f"kinesis-tutor compare {' '.join(first.services[:2])}"), "bold"))
    )
    console.print(Text.assemble("One service:         ", ("kinesis-tutor explain ID", "bold")))
    others = result.uncompared()
    if others:
        console.print(data(f"Services in no table (explain works for them): {' '.join(others)}", style="dim"))


def purposes(result: Comparison) -> Table:
    out = Table(show_header=True, header_style="bold cyan", show_lines=True)
    out.add_column("Service", ratio=1, style="bold")
    out.add_column("Purpose", ratio=3)
    for sid, svc in result.purposes():
        out.add_row(data(f"{svc.name}\n({sid})"), data(svc.purpose))
    return out


# ------------------------------------------------------------------ explain


def show_explanation(page: Explanation) -> None:
    console = get_console()
    console.print(_head(page))
    _numbers(page, console)
    _traits(page, console)
    _chosen(page, console)
    _nots(page, console)
    _changes(page, console)
    if page.empty:
        console.print(Text("No card or table says more about it yet.", style="dim"))


def _head(page: Explanation) -> Panel:
    svc = page.service
    head = [data(svc.purpose)]
    also = [a for a in svc.aliases if a.lower() != svc.name.lower()]
    meta = Text.assemble(("id ", "dim"), (shown(page.sid), "cyan"))
    if also:
        meta.append_text(Text.assemble(("   also called ", "dim"), shown(", ".join(also))))
    head.append(meta)
    if svc.formerly:
        head.append(Text.assemble(("Formerly ", "bold"), shown(svc.formerly)))
    return Panel(
        Group(*head), title=data(svc.name, style="bold"), title_align="left", border_style="cyan", padding=(0, 1)
    )


def _section(console: Console, title: str) -> None:
    console.print()
    console.rule(Text(title, style="bold"), align="left", style="dim")


def _marked() -> Table:
    """A two-column grid: a mark, then text that wraps under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=1)
    grid.add_column()
    return grid


def _more(console: Console, shown: int, total: int, text: str) -> None:
    """The '…and N more' line under a section cut at ``shown`` of ``total``."""
    if total > shown:
        console.print(Text(text, style="dim"))


def _numbers(page: Explanation, console: Console) -> None:
    nums = page.numbers
    if not nums:
        return
    _section(console, "Numbers and limits")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(ratio=3)
    grid.add_column(ratio=1, style="bold green")
    for c in nums[:MAX_NUMBERS]:
        grid.add_row(data(c.prompt), data(c.answer[0]))
    console.print(grid)
    if len(nums) > MAX_NUMBERS:
        decks = [d for d, _n in Counter(c.deck for c in nums[MAX_NUMBERS:]).most_common()]
        more = f"…and {len(nums) - MAX_NUMBERS} more in {', '.join(decks)}"
        console.print(data(f"{more} ('kinesis-tutor decks show {decks[0]}').", style="dim"))


def _traits(page: Explanation, console: Console) -> None:
    feats = page.traits
    if not feats:
        return
    _section(console, "Traits")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", ratio=1)
    grid.add_column(ratio=3)
    for feature, cell, _title in feats[:MAX_TRAITS]:
        grid.add_row(data(feature), data(cell))
    console.print(grid)
    _more(console, MAX_TRAITS, len(feats), f"…and {len(feats) - MAX_TRAITS} more: kinesis-tutor compare {page.sid}")


def _chosen(page: Explanation, console: Console) -> None:
    chosen = page.chosen
    if not chosen:
        return
    _section(console, "Choose it when")
    grid = _marked()
    for c in chosen[:MAX_WHEN]:
        body = data(c.why)
        if c.clues:
            body.append_text(data("\nclues: " + ", ".join(c.clues), style="dim"))
        grid.add_row(Text("✔", style="green"), body)
    console.print(grid)
    _more(console, MAX_WHEN, len(chosen), f"…{len(chosen)} scenarios in all: kinesis-tutor pick --services {page.sid}")


def _nots(page: Explanation, console: Console) -> None:
    if not page.nots:
        return
    _section(console, "Not when")
    grid = _marked()
    for reason, right in page.nots[:MAX_WHEN_NOT]:
        grid.add_row(Text("✘", style="red"), Text.assemble(shown(reason), (shown(f" → {page.name(right)}"), "cyan")))
    console.print(grid)


def _changes(page: Explanation, console: Console) -> None:
    changed = page.changes
    if not changed:
        return
    _section(console, "What changed")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for n, ch in enumerate(changed[:MAX_CHANGED]):
        if n:
            grid.add_row("", "")
        grid.add_row("Was", data(ch.before))
        grid.add_row(
            "Now", Text.assemble(shown(ch.now), (shown(f"  ({ch.since.rstrip('.')})") if ch.since else "", "dim"))
        )
    console.print(grid)
    more = len(changed) - MAX_CHANGED
    _more(console, MAX_CHANGED, len(changed), f"…and {more} more: kinesis-tutor study --tag changed")
