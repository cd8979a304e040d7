"""Study days: the day rolls over at a set hour (4:00 local time by default, as in Anki).

Timestamps are stored in UTC; due days are local study days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

DEFAULT_ROLLOVER_HOUR = 4


def utcnow() -> datetime:
    return datetime.now(UTC)


def study_day(moment: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The study day that ``moment`` (aware, any zone) belongs to, in local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def today(rollover_hour: int = DEFAULT_ROLLOVER_HOUR, now: datetime | None = None) -> date:
    return study_day(now or utcnow(), rollover_hour)
