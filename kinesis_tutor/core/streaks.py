"""Study days as calendar arithmetic: runs of consecutive days, streaks, the heatmap's window.

Pure: days come in as ISO strings (as the review log stores them) and figures go out as plain
dicts, the shape ``kinesis-tutor stats --json`` prints.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

HEATMAP_WEEKS = 26  # columns of the activity calendar, the current week last


def heatmap_start(today: date) -> date:
    """The Monday HEATMAP_WEEKS - 1 weeks before the Monday of ``today``'s week."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)


def activity(per_day: dict[str, int], today: date) -> dict[str, Any]:
    """The heatmap's figures: answers per day since ``heatmap_start(today)``."""
    return {
        "from": heatmap_start(today).isoformat(),
        "to": today.isoformat(),
        "weeks": HEATMAP_WEEKS,
        "reviews": sum(per_day.values()),
        "days_studied": len(per_day),
        "max_per_day": max(per_day.values(), default=0),
        "per_day": per_day,
    }


def runs(days: list[str]) -> list[tuple[str, str, int]]:
    """Runs of consecutive days in a sorted list of ISO days: (first, last, length)."""
    out: list[tuple[str, str, int]] = []
    prev: date | None = None
    for iso_day in days:
        d = date.fromisoformat(iso_day)
        if prev is not None and d - prev == timedelta(days=1):
            first, _, n = out[-1]
            out[-1] = (first, iso_day, n + 1)
        else:
            out.append((iso_day, iso_day, 1))
        prev = d
    return out


def streak(days: list[str], today: date) -> dict[str, Any]:
    """Streaks of study days (days with any answer). The current streak includes today if
    something was answered today, else it ends yesterday (today is not over yet)."""
    found = runs(days)
    yesterday = (today - timedelta(days=1)).isoformat()
    last = found[-1] if found else None
    current = last[2] if last and last[1] in (today.isoformat(), yesterday) else 0
    longest = max(found, key=lambda r: (r[2], r[1]), default=None)
    return {
        "current": current,
        "studied_today": last is not None and last[1] == today.isoformat(),
        "longest": longest[2] if longest else 0,
        "longest_from": longest[0] if longest else None,
        "longest_to": longest[1] if longest else None,
        "study_days": len(days),
    }
