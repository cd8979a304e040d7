"""kinesis-tutor stats and kinesis-tutor leeches."""

from __future__ import annotations

import json
import math
import sys
from datetime import date, timedelta

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import open_synced
from kinesis_tutor.ui.render import plural, report_deck_problems

SHADES = "░▒▓█"  # heatmap levels 1..4 (quarters of the busiest day); a day without answers is "·"
EMPTY_DAY = "·"
BAR = "█"
BAR_REST = "░"
TOPICS_SHOWN = 8
TOPIC_MIN_CARDS = 5  # the screen ranks tags on at least this many cards (--json has every tag)
LEECHES_SHOWN = 5


# ------------------------------------------------------------------------------------ stats


def run(paths: Paths, deck: str | None = None, as_json: bool = False) -> None:
    from kinesis_tutor.store import stats

    store = open_synced(paths, report_deck_problems)
    try:
        data = stats.collect(store, store.today(), deck)
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    from kinesis_tutor.ui.render import console

    c = console()
    for part in render(data, c.width):
        c.print(part)


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{math.floor(rate * 100 + 0.5)}%"  # half up: 37.5 → 38


def bar(value: int, top: int, width: int, rest: bool = False) -> str:
    """A bar of ``width`` cells scaled so that ``top`` fills it; never empty for a value above 0."""
    if top <= 0:
        return BAR_REST * width if rest else ""
    cells = round(value / top * width)
    if value > 0 and cells == 0:
        cells = 1
    return BAR * cells + (BAR_REST * (width - cells) if rest else "")


def shade(n: int, top: int) -> str:
    """The heatmap glyph of a day with ``n`` answers when the busiest day had ``top``."""
    if n <= 0 or top <= 0:
        return EMPTY_DAY
    return SHADES[min(4, math.ceil(4 * n / top)) - 1]


def shade_ranges(top: int) -> list[tuple[str, int, int]]:
    """(glyph, low, high): the answers per day each glyph stands for."""
    out = []
    for level in range(1, 5):
        low = math.floor(top * (level - 1) / 4) + 1
        high = math.floor(top * level / 4)
        if low <= high:
            out.append((SHADES[level - 1], low, high))
    return out


def render(data: dict, width: int = 80) -> list:
    """The stats screen as a list of Rich renderables, laid out for 80 columns."""
    from rich.table import Table
    from rich.text import Text

    today = date.fromisoformat(data["today"])
    parts: list = []
    scope = f"deck {data['deck']}" if data["deck"] else "all decks"
    parts.append(Text.assemble(("Progress", "bold"), f" · {scope} · study day {today:%a %d %b %Y}"))
    parts.append(Text(""))

    # --- cards by state | retention and streaks (side by side when there is room)
    cards = data["cards"]
    left = Table(title="Cards", title_justify="left", title_style="bold", show_header=False, box=None, padding=(0, 1))
    left.add_column(no_wrap=True)
    left.add_column(justify="right", no_wrap=True)
    left.add_column(style="dim", no_wrap=True)
    hints = {
        "new": "never studied",
        "young": "interval < 21 d",
        "mature": "interval ≥ 21 d",
        "leech": "suspended",
        "removed": "not in a deck",
    }
    for key in ("new", "young", "mature", "leech", "removed"):
        left.add_row(key, f"{cards[key]:,}", hints[key])
    left.add_row("active", f"{cards['active']:,}", "all but removed")

    right = Table(
        title="Retention (grade ≥ 3)",
        title_justify="left",
        title_style="bold",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    right.add_column(no_wrap=True)
    right.add_column(justify="right", no_wrap=True)
    right.add_column(style="dim", no_wrap=True)
    for key, label in (("last_7_days", "last 7 days"), ("last_30_days", "last 30 days")):
        r = data["retention"][key]
        right.add_row(label, _pct(r["rate"]), f"{r['correct']:,} of {r['reviews']:,}" if r["reviews"] else "no answers")
    streak = data["streak"]
    right.add_row("", "", "")
    right.add_row(Text("Streak", style="bold"), "", "")
    note = "studied today" if streak["studied_today"] else ("study today!" if streak["current"] else "")
    right.add_row("current", plural(streak["current"], "day"), note)
    right.add_row(
        "longest", plural(streak["longest"], "day"), f"to {streak['longest_to']}" if streak["longest_to"] else ""
    )

    if width >= 78:
        grid = Table.grid(padding=(0, 2))
        grid.add_column()
        grid.add_column()
        grid.add_row(left, right)
        parts.append(grid)
    else:
        parts.extend([left, Text(""), right])
    parts.append(Text(""))

    # --- readiness
    ready = data["readiness"]
    parts.append(
        Text.assemble(
            ("Exam readiness ", "bold"),
            (_pct(ready["share"]), "bold"),
            f"  {ready['ready']:,} of {ready['cards']:,} cards mature or last answered right",
        )
    )
    topics = [t for t in ready["topics"] if t["cards"] >= TOPIC_MIN_CARDS] or ready["topics"]
    if topics:
        t = Table(show_header=False, box=None, padding=(0, 1))
        t.add_column(no_wrap=True, max_width=24, overflow="ellipsis")
        t.add_column(justify="right", no_wrap=True)
        t.add_column(no_wrap=True, style="green")
        t.add_column(style="dim", no_wrap=True)
        for topic in topics[:TOPICS_SHOWN]:
            t.add_row(
                f"#{topic['tag']}",
                _pct(topic["share"]),
                bar(topic["ready"], topic["cards"], 20, rest=True),
                f"{topic['ready']:,} of {topic['cards']:,}",
            )
        small = len(ready["topics"]) - len(topics)
        parts.append(
            Text(
                ("least ready topics" if len(topics) > TOPICS_SHOWN else "by topic")
                + (f" (tags on {TOPIC_MIN_CARDS}+ cards)" if small else "")
                + ":",
                style="dim",
            )
        )
        parts.append(t)
        hidden = len(ready["topics"]) - min(len(topics), TOPICS_SHOWN)
        if hidden:
            parts.append(Text(f"… and {hidden} more (stats --json lists every tag)", style="dim"))
    parts.append(Text(""))

    # --- due: the forecast as a bar chart
    due = data["due"]
    title = Text.assemble(("Due today ", "bold"), (f"{due['today']:,}", "bold"))
    if due["overdue"]:
        title.append(f" (of which {due['overdue']:,} overdue)")
    title.append(" · next 14 days:", style="dim")
    parts.append(title)
    top = max((d["due"] for d in due["forecast"]), default=0)
    f = Table(show_header=False, box=None, padding=(0, 1))
    f.add_column(no_wrap=True)
    f.add_column(justify="right", no_wrap=True)
    f.add_column(no_wrap=True, style="cyan")
    for i, d in enumerate(due["forecast"]):
        day = date.fromisoformat(d["day"])
        label = "today" if i == 0 else ("tomorrow" if i == 1 else f"{day:%a %d %b}")
        f.add_row(label, f"{d['due']:,}", bar(d["due"], top, max(10, min(50, width - 22))))
    parts.append(f)
    parts.append(Text(""))

    # --- the heatmap
    parts.extend(heatmap(data["activity"], today, width))
    parts.append(Text(""))

    # --- weak spots
    weakest = data["weakest"]
    parts.append(
        Text.assemble(("Weak spots", "bold"), (" · retention over 30 days (needs 10 answers), then lapses", "dim"))
    )
    if not weakest["tags"] and not weakest["decks"]:
        parts.append(Text("nothing weak yet: no tag or deck below 100% with 10 answers, and no lapses", style="dim"))
    else:
        w = Table(box=None, padding=(0, 1), header_style="dim")
        w.add_column("tag or deck", no_wrap=True, max_width=30, overflow="ellipsis")
        w.add_column("retention", justify="right", no_wrap=True)
        w.add_column("answers", justify="right", no_wrap=True)
        w.add_column("lapses", justify="right", no_wrap=True)
        w.add_column("cards", justify="right", no_wrap=True)
        for key, prefix in (("tags", "#"), ("decks", "")):
            for row in weakest[key]:
                name = row["tag"] if key == "tags" else row["deck"]
                w.add_row(
                    f"{prefix}{name}",
                    _pct(row["retention"]),
                    f"{row['reviews']:,}",
                    f"{row['lapses']:,}",
                    f"{row['cards']:,}",
                )
        parts.append(w)
    parts.append(Text(""))

    # --- per deck
    parts.append(Text("Decks", style="bold"))
    d = Table(box=None, padding=(0, 1), header_style="dim")
    d.add_column("deck", no_wrap=True, max_width=24, overflow="ellipsis")
    d.add_column("seen", no_wrap=True, style="green")
    d.add_column("", justify="right", no_wrap=True)
    d.add_column("", justify="right", no_wrap=True)
    d.add_column("mature", justify="right", no_wrap=True)
    d.add_column("leech", justify="right", no_wrap=True)
    for row in data["decks"]:
        d.add_row(
            row["deck"],
            bar(row["seen"], row["cards"], 16, rest=True),
            f"{row['seen']:,}/{row['cards']:,}",
            _pct(row["seen_share"]),
            f"{row['mature']:,}",
            f"{row['leech']:,}",
        )
    parts.append(d)

    # --- leeches
    leeches = data["leeches"]
    if leeches:
        parts.append(Text(""))
        parts.append(
            Text.assemble(
                (f"Leeches: {len(leeches):,}", "bold yellow"),
                ", suspended after 8 lapses. Run ",
                ("kinesis-tutor leeches", "bold"),
                ".",
            )
        )
        for row in leeches[:LEECHES_SHOWN]:
            parts.append(Text(f"  {row['deck']}/{row['card']} ({row['lapses']} lapses)"))
        if len(leeches) > LEECHES_SHOWN:
            parts.append(Text(f"  … and {len(leeches) - LEECHES_SHOWN} more", style="dim"))
    return parts


def heatmap(activity: dict, today: date, width: int = 80) -> list:
    """A contribution calendar: one column per week (the current week last), one row per weekday.
    A terminal too narrow for every week gets the most recent weeks that fit."""
    from rich.text import Text

    weeks = max(1, min(activity["weeks"], (width - 6) // 2))
    start = date.fromisoformat(activity["from"]) + timedelta(weeks=activity["weeks"] - weeks)
    per_day = activity["per_day"]
    top = activity["max_per_day"]
    out: list = [
        Text.assemble(
            ("Answers per day", "bold"),
            (
                f" · last {activity['weeks']} weeks: {plural(activity['reviews'], 'answer')} on {plural(activity['days_studied'], 'day')}",
                "dim",
            ),
        )
    ]
    label_width = 5
    # A month's name over the first week starting in it; the first column is named too, unless
    # the next month starts too soon after it for both names to fit.
    labels: list[tuple[int, str]] = []
    for w in range(weeks):
        monday = start + timedelta(weeks=w)
        if w == 0 or monday.month != (monday - timedelta(weeks=1)).month:
            name = f"{monday:%b}"
            if labels and labels[-1][0] + len(labels[-1][1]) >= w * 2:
                if labels[-1][0] != 0:
                    continue
                labels.pop()
            labels.append((w * 2, name))
    months = [" "] * (weeks * 2 + 3)
    for pos, name in labels:
        months[pos : pos + len(name)] = list(name)
    out.append(Text(" " * label_width + "".join(months).rstrip(), style="dim"))
    for weekday in range(7):
        line = Text(f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[weekday]:<{label_width}}", style="dim")
        for w in range(weeks):
            day = start + timedelta(weeks=w, days=weekday)
            if day > today:
                line.append("  ")
                continue
            n = per_day.get(day.isoformat(), 0)
            glyph = shade(n, top)
            line.append(glyph, style="green" if n else "dim")
            line.append(" ")
        out.append(line)
    legend = Text(" " * label_width, style="dim")
    legend.append(f"{EMPTY_DAY} none", style="dim")
    for glyph, low, high in shade_ranges(top):
        legend.append("  ")
        legend.append(glyph, style="green")
        legend.append(f" {low}" if low == high else f" {low}–{high}", style="dim")
    out.append(legend)
    return out


# ------------------------------------------------------------------------------------ leeches


def run_leeches(paths: Paths) -> None:
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.store import stats
    from kinesis_tutor.ui.render import console

    c = console()
    store = open_synced(paths, report_deck_problems)
    try:
        found = stats.leech_items(store)
        if not found:
            c.print("No leeches: no card is suspended. A card becomes a leech when it has been failed 8 times.")
            return
        table = Table(
            title=f"Leeches: {len(found)} suspended card{'s' if len(found) != 1 else ''}",
            title_justify="left",
            box=None,
            padding=(0, 1),
            header_style="dim",
        )
        table.add_column("lapses", justify="right", no_wrap=True, min_width=6)
        table.add_column("card and question", no_wrap=True, overflow="ellipsis")
        for item, lapses in found:
            question = " ".join(item.card.prompt.split())
            table.add_row(str(lapses), Text.assemble((item.card.key, "cyan"), "\n", (question, "dim")))
        c.print(table)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            c.print(
                "They stay out of study until you go through them: run 'kinesis-tutor leeches' in a terminal "
                "to review, reset or keep each one."
            )
            return
        _go_through(store, found, c)
    finally:
        store.close()


REVIEW, RESET, KEEP = "review", "reset", "keep"


def _go_through(store, found, c, ask=None, pause=None) -> None:
    """Ask what to do with each leech. Ctrl-C stops; what was decided so far is kept."""
    import typer
    from rich.rule import Rule

    from kinesis_tutor.ui.render import preview, question_panel

    if ask is None:
        ask = _ask
    if pause is None:
        pause = _pause
    done = {REVIEW: 0, RESET: 0, KEEP: 0}
    try:
        for i, (item, lapses) in enumerate(found, 1):
            c.print(Rule(f"leech {i} of {len(found)} · failed {lapses} times", align="left"))
            c.print(question_panel(item.card))
            choice = ask()
            if choice == REVIEW:
                c.print(preview(item.card))
                store.set_suspended(item.pk, False)
                c.print("Released: back in study, lapses kept (one more miss suspends it again).")
                if i < len(found):
                    pause()
            elif choice == RESET:
                store.set_suspended(item.pk, False, reset=True)
                c.print("Reset: back in study with its lapse count cleared.")
            else:
                choice = KEEP
                c.print("Kept suspended.")
            done[choice] += 1
    except KeyboardInterrupt:
        c.print(f"\nStopped. {_summary(done)}; the other leeches stay suspended.")
        raise typer.Exit(130) from None
    c.print(_summary(done) + ".")


def _summary(done: dict) -> str:
    return f"Reviewed and released {done[REVIEW]}, reset {done[RESET]}, kept suspended {done[KEEP]}"


def _pause() -> None:
    import questionary

    questionary.press_any_key_to_continue("Press any key for the next leech…").unsafe_ask()


def _ask() -> str:
    import questionary

    return questionary.select(
        "What now?",
        choices=[
            questionary.Choice("Review it now (see the answer, then back into study)", value=REVIEW),
            questionary.Choice("Reset (back into study, lapse count cleared)", value=RESET),
            questionary.Choice("Keep suspended", value=KEEP),
        ],
        use_shortcuts=True,
    ).unsafe_ask()
