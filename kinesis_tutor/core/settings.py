"""Study settings: names, defaults and allowed values (stored with the progress)."""

from __future__ import annotations

from dataclasses import dataclass

from kinesis_tutor.core.errors import TutorError, did_you_mean


@dataclass(frozen=True)
class Setting:
    name: str
    default: int
    low: int
    high: int
    help: str


SETTINGS = {
    s.name: s
    for s in [
        Setting("new_per_day", 20, 0, 10_000, "new cards introduced per study day"),
        Setting("max_reviews_per_day", 200, 0, 100_000, "most reviews per study day"),
        Setting("day_starts_at", 4, 0, 23, "hour (local time) at which a new study day begins"),
    ]
}


def parse(name: str, value: str) -> int:
    if name not in SETTINGS:
        raise TutorError(
            f"unknown setting '{name}'{did_you_mean(name, SETTINGS)}; the settings are {', '.join(SETTINGS)}",
            exit_code=2,
        )
    spec = SETTINGS[name]
    try:
        number = int(value)
    except ValueError:
        raise TutorError(f"{name} takes a whole number, not {value!r}", exit_code=2) from None
    if not spec.low <= number <= spec.high:
        raise TutorError(f"{name} must be between {spec.low} and {spec.high}", exit_code=2)
    return number
