"""What ``kinesis-tutor compare`` and ``explain`` print: tables side by side, one page per service.

The data comes from ``app.compare``; piped, the output is plain text.
"""

from __future__ import annotations

import sys
from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app import compare as use
from kinesis_tutor.app.compare import Comparison, Explanation
from kinesis_tutor.ui.plain import print_json
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import data, plural, shown

# explain's one screen (--full shows everything)
SHORT_NUMBERS = 3
SHORT_TRAITS = 4
SHORT_CLUES = 5
SHORT_INSTEAD = 2
SCREEN_ROWS = 22  # explain's one screen: 24 rows less the command line and the next prompt
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# ------------------------------------------------------------------ compare


def show_comparison(result: Comparison, fmt: str = "table") -> None:
    """The comparison on the terminal (``fmt`` "table"), as JSON or as a Markdown table."""
    if fmt == "json":
        print_json(as_json(result))
        return
    if fmt == "markdown":
        sys.stdout.write(as_markdown(result))
        return
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
            data(
                f"No table has all of {', '.join(names)}; these tables have at least two of them "
                "(— : the table has no column for it):",
                style="yellow",
            )
        )
    # one service: each of its tables with all its columns; several: one table, a column each
    parts = (
        [Comparison(result.lib, list(t.services), [(d, t)]) for d, t in result.tables] if len(ids) == 1 else [result]
    )
    for n, part in enumerate(parts):
        rendered, notes = side_table(part)
        console.print(*(["\n"] if n else []), rendered)
        if notes is not None:
            console.print(notes)


def side_table(result: Comparison) -> tuple[Table, Table | None]:
    """One table with a column per service (cells wrap), the rows of every table found under
    their table's title, and the row explanations as numbered footnotes."""
    ids = use.columns(result)
    rows = use.side_by_side(result)
    titles = list(dict.fromkeys(r.table for r in rows))
    title = titles[0] if len(titles) == 1 else "Rows from " + "; ".join(titles) + " (in that order)"
    out = Table(
        title=data(title, style="bold"), title_justify="left", show_lines=True, header_style="bold cyan", padding=(0, 1)
    )
    out.add_column("Feature", style="bold", ratio=2, min_width=8, overflow="fold")
    for sid in ids:
        out.add_column(data(result.name(sid)), ratio=3, min_width=8, overflow="fold")
    notes: list[str] = []
    for n, row in enumerate(rows):
        feature = shown(row.feature)
        if row.note:
            notes.append(row.note)
            feature += str(len(notes)).translate(SUPERSCRIPT)
        cells = (data(row.cells[s]) if row.cells[s] is not None else Text("—", style="dim") for s in ids)
        last = n + 1 == len(rows) or rows[n + 1].table != row.table  # a heavy line between tables
        out.add_row(Text(feature), *cells, end_section=last)
    footnotes = Table.grid(padding=(0, 1))
    footnotes.add_column(no_wrap=True, style="dim")
    footnotes.add_column()
    for n, note in enumerate(notes, 1):
        footnotes.add_row(str(n).translate(SUPERSCRIPT), data(note))
    return out, (footnotes if notes else None)


def as_json(result: Comparison) -> dict[str, object]:
    ids = use.columns(result)
    return {
        "services": [{"id": s, "name": result.name(s)} for s in ids],
        "complete": result.complete,
        "rows": [
            {"table": r.table, "feature": r.feature, "cells": r.cells, "note": r.note or None}
            for r in use.side_by_side(result)
        ],
    }


def as_markdown(result: Comparison) -> str:
    """A Markdown table (one column per service) with the notes under it, for your own notes."""
    ids = use.columns(result)

    def cell(text: str | None) -> str:
        return "—" if text is None else " ".join(text.split()).replace("|", "\\|")

    lines = [
        "| Feature | " + " | ".join(cell(result.name(s)) for s in ids) + " |",
        "|---" * (len(ids) + 1) + "|",
    ]
    notes: list[str] = []
    section = ""
    rows = use.side_by_side(result)
    several = len({r.table for r in rows}) > 1
    for r in rows:
        if several and r.table != section:
            section = r.table
            lines.append(f"| **{cell(section)}** |" + " |" * len(ids))
        feature = cell(r.feature)
        if r.note:
            notes.append(r.note)
            feature += f" [{len(notes)}]"
        lines.append(f"| {feature} | " + " | ".join(cell(r.cells[s]) for s in ids) + " |")
    if notes:
        lines.append("")
        lines += [f"[{n}] {cell(note)}  " for n, note in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


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


def show_explanation(page: Explanation, full: bool = False) -> None:
    """One screen on the service (``full``: every number, trait, scenario and change)."""
    console = get_console()
    if full:
        for part in [_head(page), *_numbers(page, len(page.numbers)), *_traits(page, len(page.traits))]:
            console.print(part)
        _chosen(page, console)
        _nots(page, console)
        _changes(page, console)
    else:
        # a terminal's own height (60x20 too) less the command line and the next prompt; piped, 24 rows
        rows = max(12, console.size.height - 2) if console.is_terminal else SCREEN_ROWS
        for part in one_screen(page, console, min(rows, SCREEN_ROWS)):
            console.print(part)
    if page.empty:
        console.print(Text("No card or table says more about it yet.", style="dim"))


def one_screen(page: Explanation, console: Console, rows: int = SCREEN_ROWS) -> list[RenderableType]:
    """The head, as many numbers and traits as fit in ``rows`` at the console's width (a number
    and a trait in turn), when to choose it, and the command for all of it."""

    def tall(parts: list[RenderableType]) -> int:
        return sum(len(console.render_lines(p, console.options, pad=False)) for p in parts)

    numbers, traits = min(SHORT_NUMBERS, len(page.numbers)), min(SHORT_TRAITS, len(page.traits))
    while True:
        parts = [_head(page), *_numbers(page, numbers), *_traits(page, traits), *_in_short(page, console.width)]
        if tall(parts) <= rows or numbers + traits == 0:
            return parts
        if (numbers >= traits and numbers > 1) or not traits:  # a number is the last to go
            numbers -= 1
        else:
            traits -= 1


def _in_short(page: Explanation, width: int = 80) -> list[RenderableType]:
    """When to choose it (the clue words of its scenarios) and what is chosen instead, one line
    each, then the command for all of it."""
    parts: list[RenderableType] = []
    clues = list(dict.fromkeys(c for card in page.chosen for c in card.clues))
    instead = Counter(right for _reason, right in page.nots)
    if clues or instead:
        parts.append(_rule("Choose it when"))
    if clues:
        most = SHORT_CLUES if width >= 80 else 3
        more = f" … ({len(page.chosen)} scenarios)" if len(clues) > most else ""
        parts.append(Text.assemble(("✔ ", "green"), shown(", ".join(clues[:most])), (more, "dim")))
    if instead:
        names = ", ".join(f"{page.name(s)} ({n})" for s, n in instead.most_common(SHORT_INSTEAD))
        parts.append(Text.assemble(("✘ ", "red"), ("often a better fit: ", "dim"), shown(names)))
    counts = [
        plural(len(page.numbers), "number"),
        plural(len(page.traits), "trait"),
        plural(len(page.chosen), "scenario"),
        plural(len(page.changes), "change"),
    ]
    parts.append(Text(f"All of it ({', '.join(counts)}): kinesis-tutor explain {page.sid} --full", style="dim"))
    return parts


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


def _rule(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left", style="dim")


def _section(console: Console, title: str) -> None:
    console.print(_rule(title))


def _marked() -> Table:
    """A two-column grid: a mark, then text that wraps under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=1)
    grid.add_column()
    return grid


def _numbers(page: Explanation, most: int) -> list[RenderableType]:
    nums = page.numbers
    if not nums or not most:
        return []
    grid = Table.grid(padding=(0, 2))
    grid.add_column(ratio=3)
    grid.add_column(ratio=1, style="bold green")
    for c in nums[:most]:
        grid.add_row(data(c.prompt), data(c.answer[0]))
    return [_rule("Numbers and limits"), grid]


def _traits(page: Explanation, most: int) -> list[RenderableType]:
    feats = page.traits
    if not feats or not most:
        return []
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", ratio=1)
    grid.add_column(ratio=3)
    for feature, cell, _title in feats[:most]:
        grid.add_row(data(feature), data(cell))
    return [_rule("Traits"), grid]


def _chosen(page: Explanation, console: Console) -> None:
    chosen = page.chosen
    if not chosen:
        return
    _section(console, "Choose it when")
    grid = _marked()
    for c in chosen:
        body = data(c.why)  # said of its scenario: the situation's first sentence goes with it
        body.append_text(data(f"\nwhen: {first_sentence(c.prompt)}", style="dim"))
        if c.clues:
            body.append_text(data("\nclues: " + ", ".join(c.clues), style="dim"))
        grid.add_row(Text("✔", style="green"), body)
    console.print(grid)
    console.print(data(f"Drill them: kinesis-tutor pick --services {page.sid}", style="dim"))


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a scenario's situation)."""
    words = " ".join(text.split())
    end = next((i for i, ch in enumerate(words) if ch in ".?!" and (i + 1 == len(words) or words[i + 1] == " ")), -1)
    return words if end < 0 else words[: end + 1]


def _nots(page: Explanation, console: Console) -> None:
    if not page.nots:
        return
    _section(console, "Not when")
    grid = _marked()
    for reason, right in page.nots:
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
    for n, ch in enumerate(changed):
        if n:
            grid.add_row("", "")
        grid.add_row("Was", data(ch.before))
        grid.add_row(
            "Now", Text.assemble(shown(ch.now), (shown(f"  ({ch.since.rstrip('.')})") if ch.since else "", "dim"))
        )
    console.print(grid)
