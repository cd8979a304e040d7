"""The answers-per-day calendar of ``kinesis-tutor stats``: one column per week, one row per weekday.

Plain glyphs, not colour alone, tell the levels apart, so the heatmap reads the same with NO_COLOR.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from rich.text import Text

from kinesis_tutor.ui.render import plural

SHADES = "░▒▓█"  # heatmap levels 1..4 (quarters of the busiest day); a day without answers is "·"
EMPTY_DAY = "·"
LABEL_WIDTH = 5
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def heatmap(activity: dict[str, Any], today: date, width: int = 80) -> list[Text]:
    """A contribution calendar: one column per week (the current week last), one row per weekday.
    A terminal too narrow for every week gets the most recent weeks that fit."""
    weeks = max(1, min(activity["weeks"], (width - 6) // 2))
    start = date.fromisoformat(activity["from"]) + timedelta(weeks=activity["weeks"] - weeks)
    summary = (
        f" · last {activity['weeks']} weeks: {plural(activity['reviews'], 'answer')}"
        f" on {plural(activity['days_studied'], 'day')}"
    )
    out = [Text.assemble(("Answers per day", "bold"), (summary, "dim"))]
    out.append(Text(" " * LABEL_WIDTH + _months(start, weeks), style="dim"))
    for weekday in range(7):
        out.append(_week_row(activity, start, weeks, weekday, today))
    out.append(_legend(activity["max_per_day"]))
    return out


def _months(start: date, weeks: int) -> str:
    """A month's name over the first week starting in it; the first column is named too, unless
    the next month starts too soon after it for both names to fit."""
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
    return "".join(months).rstrip()


def _week_row(activity: dict[str, Any], start: date, weeks: int, weekday: int, today: date) -> Text:
    line = Text(f"{WEEKDAYS[weekday]:<{LABEL_WIDTH}}", style="dim")
    for w in range(weeks):
        day = start + timedelta(weeks=w, days=weekday)
        if day > today:
            line.append("  ")
            continue
        n = activity["per_day"].get(day.isoformat(), 0)
        line.append(shade(n, activity["max_per_day"]), style="green" if n else "dim")
        line.append(" ")
    return line


def _legend(top: int) -> Text:
    legend = Text(" " * LABEL_WIDTH, style="dim")
    legend.append(f"{EMPTY_DAY} none", style="dim")
    for glyph, low, high in shade_ranges(top):
        legend.append("  ")
        legend.append(glyph, style="green")
        legend.append(f" {low}" if low == high else f" {low}–{high}", style="dim")
    return legend
