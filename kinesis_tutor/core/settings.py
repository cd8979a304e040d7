"""Study settings: names, defaults and allowed values (stored with the progress).

Every setting is stored as a whole number. A date setting (``exam_date``) is the number
YYYYMMDD, typed and shown as YYYY-MM-DD; 0 is "no date".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean

NUMBER, DATE = "number", "date"
NO_DATE = 0


@dataclass(frozen=True)
class Setting:
    name: str
    default: int
    low: int
    high: int
    help: str
    kind: str = NUMBER

    def shown(self, value: int) -> str:
        """The value as the learner types it: a number, or a date as YYYY-MM-DD ("none" for no date)."""
        if self.kind == DATE:
            day = as_date(value)
            return day.isoformat() if day else "none"
        return str(value)

    @property
    def allowed(self) -> str:
        return "a date, YYYY-MM-DD" if self.kind == DATE else f"{self.low}–{self.high}"


SETTINGS = {
    s.name: s
    for s in [
        Setting("new_per_day", 20, 0, 10_000, "new cards introduced per study day"),
        Setting("max_reviews_per_day", 200, 0, 100_000, "most reviews per study day"),
        Setting("day_starts_at", 4, 0, 23, "hour (local time) at which a new study day begins"),
        Setting("exam_date", NO_DATE, NO_DATE, 9999_12_31, "your exam day: study follows the plan", DATE),
        Setting("review_buffer_days", 7, 0, 365, "days before the exam with reviews only, no new cards"),
        Setting("max_new_per_day", 50, 0, 10_000, "most new cards a day when the exam plan sets the pace"),
    ]
}


def as_date(value: int) -> date | None:
    """The date a stored YYYYMMDD number stands for; None for no date (0)."""
    if value == NO_DATE:
        return None
    return date(value // 10_000, value // 100 % 100, value % 100)


def date_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def refuse_past(day: date, today: date) -> None:
    """An exam date must be today or later (plan --exam-date and config set exam_date alike):
    a typo'd year is not a passed exam."""
    if day < today:
        raise TutorError(
            f"the exam date {day} is in the past (today is {today}); give the day of your next exam",
            exit_code=EXIT_USAGE,
        )


def _parse_date(name: str, value: str) -> int:
    text = value.strip()
    try:
        day = date.fromisoformat(text) if "-" in text else as_date(int(text))
    except ValueError:
        raise TutorError(f"{name} takes a date as YYYY-MM-DD, e.g. 2027-01-15, not {value!r}", exit_code=2) from None
    return date_number(day) if day else NO_DATE


def parse(name: str, value: str) -> int:
    if name not in SETTINGS:
        raise TutorError(
            f"unknown setting '{name}'{did_you_mean(name, SETTINGS)}; the settings are {', '.join(SETTINGS)}",
            exit_code=2,
        )
    spec = SETTINGS[name]
    if spec.kind == DATE:
        return _parse_date(name, value)
    try:
        number = int(value)
    except ValueError:
        raise TutorError(f"{name} takes a whole number, not {value!r}", exit_code=2) from None
    if not spec.low <= number <= spec.high:
        raise TutorError(f"{name} must be between {spec.low} and {spec.high}", exit_code=2)
    return number
