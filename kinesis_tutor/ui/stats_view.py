"""What ``kinesis-tutor stats`` prints: the progress screen, or the figures as JSON.

The figures come from ``app.stats.collect`` (keys in docs/stats.md); this module only lays them out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kinesis_tutor.core.review import LEECH_LAPSES
from kinesis_tutor.ui.heatmap import heatmap
from kinesis_tutor.ui.plain import percent, print_json
from kinesis_tutor.ui.render import INTERNAL_TAGS, console, plural
from kinesis_tutor.ui.render import data as text_of

BAR = "█"
BAR_REST = "░"
TOPICS_SHOWN = 8
TOPIC_MIN_CARDS = 5  # the screen ranks tags on at least this many cards (--json has every tag)
LEECHES_SHOWN = 5
CARD_HINTS = {
    "new": "never studied",
    "young": "interval < 21 d",
    "mature": "interval ≥ 21 d",
    "leech": "suspended",
    "removed": "not in a deck",
}

Figures = dict[str, Any]


def show(data: Figures, as_json: bool = False) -> None:
    """Print the figures: as JSON (``stats --json``), or as the screen for the terminal's width."""
    if as_json:
        print_json(data)
        return
    c = console()
    for part in render(data, c.width):
        c.print(part)


def _day(day: str, today: str) -> str:
    """A day in a narrow column: today, yesterday, or the date (``Thu 01 Oct``)."""
    n = (date.fromisoformat(today) - date.fromisoformat(day)).days
    return {0: "today", 1: "yesterday"}.get(n) or f"{date.fromisoformat(day):%a %d %b}"


def bar(value: int, top: int, width: int, rest: bool = False) -> str:
    """A bar of ``width`` cells scaled so that ``top`` fills it; never empty for a value above 0."""
    if top <= 0:
        return BAR_REST * width if rest else ""
    cells = round(value / top * width)
    if value > 0 and cells == 0:
        cells = 1
    return BAR * cells + (BAR_REST * (width - cells) if rest else "")


def render(data: Figures, width: int = 80) -> list[RenderableType]:
    """The stats screen as a list of Rich renderables, laid out for 80 columns."""
    today = date.fromisoformat(data["today"])
    scope = f"deck {data['deck']}" if data["deck"] else "all decks"
    parts: list[RenderableType] = [
        Text.assemble(("Progress", "bold"), text_of(f" · {scope} · study day {today:%a %d %b %Y}")),
        Text(""),
    ]
    blank = Text("")
    parts += [*_states_and_streaks(data, width), blank]
    parts += [*_readiness(data["readiness"]), *_exam_score(data.get("exam_score")), blank]
    parts += [*_due(data["due"], width), blank]
    parts += [*heatmap(data["activity"], today, width), blank]
    parts += [*_weak_spots(data["weakest"]), blank]
    parts += _decks(data["decks"], width)
    parts += _leeches(data["leeches"])
    return parts


def _side_table(title: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(style="dim", no_wrap=True)
    return table


def _states_and_streaks(data: Figures, width: int) -> list[RenderableType]:
    """Cards by state | retention and streaks (side by side when there is room)."""
    cards = data["cards"]
    left = _side_table("Cards")
    for key in ("new", "young", "mature", "leech", "removed"):
        left.add_row(key, f"{cards[key]:,}", CARD_HINTS[key])
    left.add_row("active", f"{cards['active']:,}", "all but removed")

    right = _side_table("Retention: reviews graded 3+")
    for key, label in (("last_7_days", "last 7 days"), ("last_30_days", "last 30 days")):
        r = data["retention"][key]
        counted = f"{r['correct']:,} of {r['reviews']:,}" if r["reviews"] else "no reviews"
        right.add_row(label, percent(r["rate"]), counted)
    streak = data["streak"]
    right.add_row("", "", "")
    right.add_row(Text("Streak", style="bold"), "", "")
    note = "studied today" if streak["studied_today"] else ("study today!" if streak["current"] else "")
    right.add_row("current", plural(streak["current"], "day"), note)
    ended = f"to {_day(streak['longest_to'], data['today'])}" if streak["longest_to"] else ""
    right.add_row("longest", plural(streak["longest"], "day"), ended)
    if width < 78:
        return [left, Text(""), right]
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column()
    grid.add_row(left, right)
    return [grid]


def _readiness(ready: Figures) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text.assemble(
            ("Exam readiness ", "bold"),
            (percent(ready["share"]), "bold"),
            f"  {ready['ready']:,} of {ready['cards']:,} cards mature or last answered right",
        )
    ]
    studied = [t for t in ready["topics"] if t["tag"] not in INTERNAL_TAGS]
    topics = [t for t in studied if t["cards"] >= TOPIC_MIN_CARDS] or studied
    if not topics:
        return parts
    t = Table(show_header=False, box=None, padding=(0, 1))
    t.add_column(no_wrap=True, max_width=24, overflow="ellipsis")
    t.add_column(justify="right", no_wrap=True)
    t.add_column(no_wrap=True, style="green")
    t.add_column(style="dim", no_wrap=True)
    for topic in topics[:TOPICS_SHOWN]:
        t.add_row(
            text_of(f"#{topic['tag']}"),
            percent(topic["share"]),
            bar(topic["ready"], topic["cards"], 20, rest=True),
            f"{topic['ready']:,} of {plural(topic['cards'], 'card')}",
        )
    small = len(studied) - len(topics)
    heading = ("least ready topics" if len(topics) > TOPICS_SHOWN else "by topic") + (
        f" (tags on {TOPIC_MIN_CARDS}+ cards)" if small else ""
    )
    parts += [Text(heading + ": cards mature or last answered right, of the topic's cards", style="dim"), t]
    hidden = len(studied) - min(len(topics), TOPICS_SHOWN)
    if hidden:
        parts.append(Text(f"… and {hidden} more (stats --json lists every tag)", style="dim"))
    return parts


def _exam_score(score: Figures | None) -> list[RenderableType]:
    """The projected exam score and its 90 % range, labelled as the estimate it is."""
    if score is None:
        return [Text("Projected exam score: after your first mock exam (kinesis-tutor exam --form 1)", style="dim")]
    return [
        Text.assemble(
            ("Projected exam score ", "bold"),
            (f"{score['score']}", "bold"),
            f", likely {score['low']}–{score['high']} (pass {score['pass_mark']}) · "
            f"pass chance {percent(score['pass_chance'])}",
        ),
        Text(
            f"an estimate from your last {plural(score['attempts'], 'mock exam')} "
            f"({score['questions']:,} questions), not a promise",
            style="dim",
        ),
    ]


def _due(due: Figures, width: int) -> list[RenderableType]:
    """The forecast as a bar chart."""
    title = Text.assemble(("Due today ", "bold"), (f"{due['today']:,}", "bold"))
    if due["overdue"]:
        title.append(f" (of which {due['overdue']:,} overdue)")
    title.append(" · next 14 days:", style="dim")
    top = max((d["due"] for d in due["forecast"]), default=0)
    f = Table(show_header=False, box=None, padding=(0, 1))
    f.add_column(no_wrap=True)
    f.add_column(justify="right", no_wrap=True)
    f.add_column(no_wrap=True, style="cyan")
    for i, d in enumerate(due["forecast"]):
        day = date.fromisoformat(d["day"])
        label = "today" if i == 0 else ("tomorrow" if i == 1 else f"{day:%a %d %b}")
        f.add_row(label, f"{d['due']:,}", bar(d["due"], top, max(10, min(50, width - 22))))
    return [title, f]


def _weak_spots(weakest: Figures) -> list[RenderableType]:
    head = Text.assemble(("Weak spots", "bold"), (" · retention over 30 days (needs 10 answers), then lapses", "dim"))
    if not weakest["tags"] and not weakest["decks"]:
        return [head, Text("nothing weak yet: no tag or deck below 100% with 10 answers, and no lapses", style="dim")]
    w = Table(box=None, padding=(0, 1), header_style="dim")
    w.add_column("tag or deck", no_wrap=True, max_width=30, overflow="ellipsis")
    for name in ("retention", "answers", "lapses", "cards"):
        w.add_column(name, justify="right", no_wrap=True)
    for key, prefix in (("tags", "#"), ("decks", "")):
        for row in weakest[key]:
            if key == "tags" and row["tag"] in INTERNAL_TAGS:
                continue
            name = row["tag"] if key == "tags" else row["deck"]
            w.add_row(
                text_of(f"{prefix}{name}"),
                percent(row["retention"]),
                f"{row['reviews']:,}",
                f"{row['lapses']:,}",
                f"{row['cards']:,}",
            )
    return [head, w]


def _decks(decks: list[Figures], width: int = 80) -> list[RenderableType]:
    """Each deck's progress; on a narrow terminal (60 columns) a shorter bar, so every column fits."""
    cells = 16 if width >= 72 else 6
    d = Table(box=None, padding=(0, 1), header_style="dim")
    d.add_column("deck", no_wrap=True, max_width=24 if width >= 72 else 20, overflow="ellipsis")
    d.add_column("studied", no_wrap=True, style="green")
    d.add_column("of cards", justify="right", no_wrap=True)
    d.add_column("", justify="right", no_wrap=True)
    d.add_column("mature", justify="right", no_wrap=True)
    d.add_column("leech", justify="right", no_wrap=True)
    for row in decks:
        d.add_row(
            text_of(row["deck"]),
            bar(row["seen"], row["cards"], cells, rest=True),
            f"{row['seen']:,}/{row['cards']:,}",
            percent(row["seen_share"]),
            f"{row['mature']:,}",
            f"{row['leech']:,}",
        )
    return [Text("Decks", style="bold"), d]


def _leeches(leeches: list[Figures]) -> list[RenderableType]:
    if not leeches:
        return []
    parts: list[RenderableType] = [
        Text(""),
        Text.assemble(
            (f"Leeches: {len(leeches):,}", "bold yellow"),
            f", suspended after {LEECH_LAPSES} lapses. Run ",
            ("kinesis-tutor leeches", "bold"),
            ".",
        ),
    ]
    parts += [text_of(f"  {row['deck']}/{row['card']} ({row['lapses']} lapses)") for row in leeches[:LEECHES_SHOWN]]
    if len(leeches) > LEECHES_SHOWN:
        parts.append(Text(f"  … and {len(leeches) - LEECHES_SHOWN} more", style="dim"))
    return parts
