"""kinesis-tutor compare and explain: the comparison tables side by side, and one page per service.

Both only read the decks (no database, no terminal needed); piped, the output is plain text.

Which cards are "about" a service (for explain's numbers and changes): cards whose tags include
the service's tag (see ``SERVICE_TAGS``; by default the service id itself). Deck tags count,
as every card carries its deck's tags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import picker

# Service id → the tags that mark a card as being about it, and tags that mark it as not.
SERVICE_TAGS: dict[str, tuple[str, ...]] = {
    "kds": ("kds",),
    "firehose": ("firehose",),
    "flink": ("flink",),
    "kvs": ("kvs",),
    "sqs-standard": ("sqs",),
    "sqs-fifo": ("sqs-fifo",),
    "sns": ("sns",),
    "msk": ("msk", "kafka"),
    "lambda": ("lambda",),
    "dynamodb-streams": ("dynamodb-streams",),
}
NOT_TAGS: dict[str, tuple[str, ...]] = {"sqs-standard": ("sqs-fifo",)}
NOT_NUMBERS = ("sizing", "scenario")  # worked calculations and exam scenarios are not limits

MAX_NUMBERS = 8
MAX_TRAITS = 10
MAX_WHEN = 3
MAX_WHEN_NOT = 4
MAX_CHANGED = 3
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _library(paths: Paths):
    from kinesis_tutor.commands.decks import load

    return load(paths)


def _name(lib, sid: str) -> str:
    return picker.service_name(lib.catalog, sid)


# ------------------------------------------------------------------ compare


def tables_for(lib, ids: Sequence[str]) -> tuple[list, bool]:
    """The tables holding every one of ``ids``; if none, those holding at least two of them.

    Returns (tables as (deck id, table), whether every service is in each).
    """
    wanted = set(ids)
    full = [(d, t) for d, t in lib.tables() if wanted <= set(t.services)]
    if full or len(wanted) < 2:
        return full, True
    partial = [(d, t) for d, t in lib.tables() if len(wanted & set(t.services)) >= 2]
    return partial, False


def comparison_table(lib, table, ids: Sequence[str]):
    """``table`` as a Rich table: the feature column and one column per service in ``ids``
    (in that order), and the row explanations as numbered footnotes."""
    from rich.table import Table
    from rich.text import Text

    columns = [s for s in ids if s in table.services] or list(table.services)
    index = [table.services.index(s) for s in columns]
    out = Table(
        title=Text(table.title, style="bold"),
        title_justify="left",
        show_lines=True,
        expand=False,
        header_style="bold cyan",
        padding=(0, 1),
    )
    out.add_column("Feature", style="bold", ratio=2, min_width=10, overflow="fold")
    for sid in columns:
        out.add_column(_name(lib, sid), ratio=3, min_width=10, overflow="fold")
    notes: list[str] = []
    for row in table.rows:
        feature = row.feature
        if row.explanation:
            notes.append(row.explanation)
            feature += str(len(notes)).translate(SUPERSCRIPT)
        out.add_row(feature, *(row.cells[i] for i in index))
    footnotes = Table.grid(padding=(0, 1))
    footnotes.add_column(no_wrap=True, style="dim")
    footnotes.add_column()
    for n, note in enumerate(notes, 1):
        footnotes.add_row(str(n).translate(SUPERSCRIPT), Text(note))
    return out, (footnotes if notes else None)


def run_compare(paths: Paths, services: list[str]) -> None:
    from rich.text import Text

    from kinesis_tutor.ui.render import console as get_console

    console = get_console()
    lib = _library(paths)
    if not services:
        list_comparisons(lib, console)
        return
    ids = picker.resolve_services(lib.catalog, services)
    found, complete = tables_for(lib, ids)
    names = [_name(lib, s) for s in ids]
    if not found:
        listing = " and ".join(names) if len(ids) > 1 else names[0]
        console.print(Text(f"No comparison table has {listing}. What each is for:", style="yellow"))
        console.print(purposes(lib, ids))
        console.print(
            Text("'kinesis-tutor compare' lists the tables; 'kinesis-tutor explain ID' shows one service.", style="dim")
        )
        return
    if len(ids) == 1:
        console.print(Text(f"Every table with {names[0]}:", style="dim"))
    elif not complete:
        console.print(
            Text(f"No table has all of {', '.join(names)}; these tables have at least two of them:", style="yellow")
        )
    for n, (_deck, table) in enumerate(found):
        if n:
            console.print()
        if table.description:
            console.print(Text(table.description, style="dim"))
        rendered, notes = comparison_table(lib, table, ids if len(ids) > 1 else table.services)
        console.print(rendered)
        if notes is not None:
            console.print(notes)


def list_comparisons(lib, console) -> None:
    from rich.table import Table
    from rich.text import Text

    tables = lib.tables()
    if not tables:
        console.print("No comparison tables in your decks (a deck's 'tables:' block makes one).")
        return
    out = Table(title=Text("What can be compared", style="bold"), title_justify="left", header_style="bold cyan")
    out.add_column("Table", ratio=3)
    out.add_column("Services", ratio=3)
    out.add_column("ids", style="cyan", ratio=2)
    for _deck, t in tables:
        out.add_row(t.title, ", ".join(_name(lib, s) for s in t.services), " ".join(t.services))
    console.print(out)
    _d, first = tables[0]
    console.print(
        Text.assemble("Compare two or more: ", (f"kinesis-tutor compare {' '.join(first.services[:2])}", "bold"))
    )
    console.print(Text.assemble("One service:         ", ("kinesis-tutor explain ID", "bold")))
    in_tables = {s for _d, t in tables for s in t.services}
    others = [s for s in lib.catalog if s not in in_tables]
    if others:
        console.print(Text(f"Services in no table (explain works for them): {' '.join(others)}", style="dim"))


def purposes(lib, ids: Sequence[str]):
    from rich.table import Table

    out = Table(show_header=True, header_style="bold cyan", show_lines=True)
    out.add_column("Service", ratio=1, style="bold")
    out.add_column("Purpose", ratio=3)
    for sid in ids:
        svc = lib.catalog[sid]
        out.add_row(f"{svc.name}\n({sid})", svc.purpose)
    return out


# ------------------------------------------------------------------ explain


def about(card, sid: str) -> bool:
    """Is ``card`` about the service ``sid``? (its tags name the service)"""
    tags = set(card.tags)
    if tags & set(NOT_TAGS.get(sid, ())):
        return False
    return bool(tags & set(SERVICE_TAGS.get(sid, (sid,))))


def _round_robin(groups: Iterable[list]) -> list:
    """One from each group in turn: variety before depth."""
    groups = [list(g) for g in groups if g]
    out = []
    while groups:
        for g in groups:
            out.append(g.pop(0))
        groups = [g for g in groups if g]
    return out


GENERIC_TAGS = {"limits", "changed", "exam-trap"}


def numbers(lib, sid: str) -> list:
    """Numeric cards about the service, the most telling first.

    Limits before other numbers; cards of a deck about the service's limits (a deck tagged
    'limits') before those of a deck named after it, before the rest; and one card per topic
    (the card's own first tag, such as 'write', 'read' or 'retention') before a second one.
    """
    own = set(SERVICE_TAGS.get(sid, (sid,)))
    cards = [
        c
        for c in lib.cards()
        if c.kind == "numeric" and about(c, sid) and c.deck not in NOT_NUMBERS and not set(c.tags) & set(NOT_NUMBERS)
    ]

    def deck_rank(card) -> int:
        deck = lib.decks[card.deck].deck if card.deck in lib.decks else None
        if deck is not None and "limits" in deck.tags:
            return 0
        return 1 if any(card.deck == t or card.deck.startswith(f"{t}-") for t in own) else 2

    def topic(card) -> str:
        deck = lib.decks[card.deck].deck if card.deck in lib.decks else None
        skip = own | GENERIC_TAGS | set(deck.tags if deck else ())
        return next((t for t in card.tags if t not in skip), "")

    cards.sort(key=deck_rank)  # stable: file order within a rank
    out = []
    for limits in (True, False):
        topics: dict[str, list] = {}
        for c in cards:
            if ("limits" in c.tags) == limits:
                topics.setdefault(topic(c), []).append(c)
        out.extend(_round_robin(topics.values()))
    return out


def traits(lib, sid: str) -> list[tuple[str, str, str]]:
    """(feature, cell, table title) of the service's column in every table; one per feature."""
    per_table = []
    for _deck, t in lib.tables():
        if sid in t.services:
            i = t.services.index(sid)
            per_table.append([(r.feature, r.cells[i], t.title) for r in t.rows])
    seen: set[str] = set()
    out = []
    for feature, cell, title in _round_robin(per_table):
        key = feature.lower()
        if key not in seen:
            seen.add(key)
            out.append((feature, cell, title))
    return out


def when_to_choose(lib, sid: str) -> list:
    return [c for c in lib.cards() if c.kind == "scenario" and c.answer and c.answer[0] == sid]


def when_not(lib, sid: str) -> list[tuple[str, str]]:
    """(why not, the right service) from scenarios that offered it as a wrong option; one per
    right service before a second one."""
    groups: dict[str, list] = defaultdict(list)
    for c in lib.cards():
        if c.kind == "scenario" and c.answer and c.answer[0] != sid:
            reason = c.why_not_map().get(sid)
            if reason:
                groups[c.answer[0]].append((reason, c.answer[0]))
    return _round_robin(groups.values())


def changes(lib, sid: str) -> list:
    out, seen = [], set()
    for c in lib.cards():
        if c.changed and about(c, sid) and c.changed.now.lower() not in seen:
            seen.add(c.changed.now.lower())
            out.append(c.changed)
    return out


def _marked():
    """A two-column grid: a mark, then text that wraps under itself."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=1)
    grid.add_column()
    return grid


def run_explain(paths: Paths, service: str) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.ui.render import console as get_console

    console = get_console()
    lib = _library(paths)
    sid = picker.resolve_service(lib.catalog, service)
    svc = lib.catalog[sid]

    head = [Text(svc.purpose)]
    also = [a for a in svc.aliases if a.lower() != svc.name.lower()]
    meta = Text.assemble(("id ", "dim"), (sid, "cyan"))
    if also:
        meta.append_text(Text.assemble(("   also called ", "dim"), ", ".join(also)))
    head.append(meta)
    if svc.formerly:
        head.append(Text.assemble(("Formerly ", "bold"), svc.formerly))
    console.print(
        Panel(Group(*head), title=Text(svc.name, style="bold"), title_align="left", border_style="cyan", padding=(0, 1))
    )

    def section(title: str) -> None:
        console.print()
        console.rule(Text(title, style="bold"), align="left", style="dim")

    nums = numbers(lib, sid)
    if nums:
        section("Numbers and limits")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(ratio=3)
        grid.add_column(ratio=1, style="bold green")
        for c in nums[:MAX_NUMBERS]:
            grid.add_row(c.prompt, c.answer[0])
        console.print(grid)
        if len(nums) > MAX_NUMBERS:
            from collections import Counter

            decks = [d for d, _n in Counter(c.deck for c in nums[MAX_NUMBERS:]).most_common()]
            console.print(
                Text(
                    f"…and {len(nums) - MAX_NUMBERS} more in {', '.join(decks)} ('kinesis-tutor decks show {decks[0]}').",
                    style="dim",
                )
            )

    feats = traits(lib, sid)
    if feats:
        section("Traits")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", ratio=1)
        grid.add_column(ratio=3)
        for feature, cell, _title in feats[:MAX_TRAITS]:
            grid.add_row(feature, cell)
        console.print(grid)
        if len(feats) > MAX_TRAITS:
            console.print(Text(f"…and {len(feats) - MAX_TRAITS} more: kinesis-tutor compare {sid}", style="dim"))

    chosen = when_to_choose(lib, sid)
    if chosen:
        section("Choose it when")
        grid = _marked()
        for c in chosen[:MAX_WHEN]:
            body = Text(c.why)
            if c.clues:
                body.append_text(Text("\nclues: " + ", ".join(c.clues), style="dim"))
            grid.add_row(Text("✔", style="green"), body)
        console.print(grid)
        if len(chosen) > MAX_WHEN:
            console.print(Text(f"…{len(chosen)} scenarios in all: kinesis-tutor pick --services {sid}", style="dim"))

    nots = when_not(lib, sid)
    if nots:
        section("Not when")
        grid = _marked()
        for reason, right in nots[:MAX_WHEN_NOT]:
            grid.add_row(Text("✘", style="red"), Text.assemble(reason, (f" → {_name(lib, right)}", "cyan")))
        console.print(grid)

    changed = changes(lib, sid)
    if changed:
        section("What changed")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for n, ch in enumerate(changed[:MAX_CHANGED]):
            if n:
                grid.add_row("", "")
            grid.add_row("Was", ch.before)
            grid.add_row("Now", Text.assemble(ch.now, (f"  ({ch.since.rstrip('.')})" if ch.since else "", "dim")))
        console.print(grid)
        if len(changed) > MAX_CHANGED:
            console.print(
                Text(f"…and {len(changed) - MAX_CHANGED} more: kinesis-tutor study --tag changed", style="dim")
            )

    if not (nums or feats or chosen or nots or changed):
        console.print(Text("No card or table says more about it yet.", style="dim"))
