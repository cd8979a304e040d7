"""Study days: the day rolls over at a set hour (4:00 local time by default, as in Anki).

Timestamps are stored in UTC; due days are local study days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

DEFAULT_ROLLOVER_HOUR = 4


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def study_day(moment: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The study day that ``moment`` (aware, any zone) belongs to, in local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def today(rollover_hour: int = DEFAULT_ROLLOVER_HOUR, now: datetime | None = None) -> date:
    return study_day(now or utcnow(), rollover_hour)


def next_rollover(day: date, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The local moment at which ``day`` + 1 begins."""
    nxt = datetime.combine(day + timedelta(days=1), datetime.min.time()).replace(hour=rollover_hour)
    return nxt.astimezone()


def streaks(days: "set[date] | list[date]", today_: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive study days. The current run counts today if
    studied, else it ends yesterday (today is not over yet)."""
    have = set(days)
    longest = run = 0
    prev: date | None = None
    for d in sorted(have):
        run = run + 1 if prev is not None and d - prev == timedelta(days=1) else 1
        longest = max(longest, run)
        prev = d
    current = 0
    d = today_ if today_ in have else today_ - timedelta(days=1)
    while d in have:
        current += 1
        d -= timedelta(days=1)
    return current, longest
