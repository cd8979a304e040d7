"""Quantities with units: ``2 MB/s`` = ``2000 KB/s``, ``24 h`` = ``1 day``, ``1,000`` = ``1k``.

A quantity is a number in base units plus a *dimension*: ``bytes``, ``seconds``, ``bytes/s``,
a counted word such as ``records`` or ``records/s``, ``%``, or ``""`` for a bare number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_BYTES = {
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "kb": 1e3,
    "mb": 1e6,
    "gb": 1e9,
    "tb": 1e12,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
    "kilobyte": 1e3,
    "kilobytes": 1e3,
    "megabyte": 1e6,
    "megabytes": 1e6,
    "gigabyte": 1e9,
    "gigabytes": 1e9,
    "terabyte": 1e12,
    "terabytes": 1e12,
}
_TIME = {
    "ms": 1e-3,
    "msec": 1e-3,
    "millisecond": 1e-3,
    "milliseconds": 1e-3,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "week": 7 * 86400,
    "weeks": 7 * 86400,
    "year": 365 * 86400,
    "years": 365 * 86400,
}
# Binary prefixes and their decimal look-alikes: "1 MB" counts for "1 MiB".
_LOOSE_BYTES = {"kib": "kb", "mib": "mb", "gib": "gb", "tib": "tb"}

_NUMBER = re.compile(
    r"^\s*(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*"
    r"(?:(?P<mult>k|thousand|million|m|billion)(?![a-z]))?\s*(?P<unit>.*?)\s*$",
    re.IGNORECASE,
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9}


class UnitError(ValueError):
    """The text is not a number with a unit we understand."""


@dataclass(frozen=True)
class Quantity:
    value: float  # in base units (bytes, seconds, counts, per second)
    dimension: str  # "bytes", "s", "bytes/s", "records", "records/s", "%", ""
    number: float  # the number as written
    unit: str  # the unit as written, normalised to lower case

    @property
    def has_unit(self) -> bool:
        return self.dimension != ""


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _simple_unit(text: str) -> tuple[float, str]:
    """Factor and dimension of a unit without '/' ("MB", "records", "h")."""
    t = text.strip().lower()
    if not t:
        return 1.0, ""
    if t in _BYTES:
        return float(_BYTES[t]), "bytes"
    if t in _TIME:
        return float(_TIME[t]), "s"
    if t in ("%", "percent"):
        return 1.0, "%"
    if re.fullmatch(r"[a-z][a-z \-]*", t):
        # A counted thing: "records", "shards", "API calls". Compare singular forms.
        return 1.0, " ".join(_singular(w) for w in t.split())
    raise UnitError(f"unknown unit {text!r}")


def parse_unit(text: str) -> tuple[float, str]:
    """Factor to base units and the dimension of a unit such as ``MB/s`` or ``records per second``."""
    t = re.sub(r"\s+per\s+", "/", text.strip().lower())
    if "/" in t:
        num, _, den = t.partition("/")
        factor, dim = _simple_unit(num) if num.strip() else (1.0, "")
        den_factor, den_dim = _simple_unit(den)
        if den_dim != "s":
            raise UnitError(f"unknown unit {text!r}: only rates per unit of time are understood")
        return factor / den_factor, f"{dim or 'count'}/s"
    return _simple_unit(t)


def parse_quantity(text: str) -> Quantity:
    """Parse ``"1,000 records/s"``, ``"1k"``, ``"2 MB/s"``, ``"24 hours"``. Raises UnitError."""
    m = _NUMBER.match(str(text))
    if not m:
        raise UnitError(f"{text!r} is not a number")
    number = float(m.group("num").replace(",", ""))
    mult = m.group("mult")
    unit = m.group("unit")
    if mult:
        number *= _MULTIPLIERS[mult.lower()]
    factor, dim = parse_unit(unit) if unit else (1.0, "")
    return Quantity(value=number * factor, dimension=dim, number=number, unit=unit.lower())


def _close(a: float, b: float, tolerance: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=max(tolerance, 1e-12))


def parse_tolerance(tolerance: str | float | int | None, expected: Quantity) -> float:
    """Absolute tolerance in base units. ``"5%"`` is relative to the expected value."""
    if tolerance in (None, "", 0):
        return 0.0
    if isinstance(tolerance, str) and tolerance.strip().endswith("%"):
        return abs(expected.value) * float(tolerance.strip()[:-1]) / 100
    number = float(str(tolerance).replace(",", ""))
    factor = expected.value / expected.number if expected.number else 1.0
    return abs(number * factor)


def equivalent(given: str, expected: str, tolerance: str | float | None = None) -> bool:
    """Does ``given`` state the same quantity as ``expected`` (within ``tolerance``)?"""
    try:
        want = parse_quantity(expected)
        got = parse_quantity(given)
    except UnitError:
        return False
    tol = parse_tolerance(tolerance, want)
    if not got.has_unit:
        # A bare number is read in the expected unit.
        return _close(got.number, want.number, tol / (want.value / want.number) if want.number else tol)
    if got.dimension == want.dimension and _close(got.value, want.value, tol):
        return True
    # "1 MB" for "1 MiB": same number, decimal prefix for a binary one.
    loose_want = _loosen(want.unit)
    if loose_want != want.unit and _loosen(got.unit) == loose_want:
        return _close(got.number, want.number, tol / (want.value / want.number) if want.number else tol)
    return False


def _loosen(unit: str) -> str:
    u = unit.lower()
    for binary, decimal in _LOOSE_BYTES.items():
        u = re.sub(rf"\b{binary}\b", decimal, u)
    return u.replace(" ", "")
