"""Quantities with units: ``2 MB/s`` = ``2000 KB/s``, ``24 h`` = ``1 day``, ``1,000`` = ``1k``.

A quantity is a number in base units plus a *dimension*: ``bytes``, ``s``, ``bytes/s``, a counted
noun such as ``record`` or ``record/s`` (``count/s`` when the noun is left out: ``1000/s``),
``%``, or ``""`` for a bare number.

Prefix policy (docs/deck-format.md): KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB powers
of 1024. AWS writes its limits both ways (a "1 MB" record is 1 MiB in the API reference), so an
answer is right when it states the card's value in either system: exactly (``1024 KiB`` for
``1 MiB``), or as the same figure read in the other system (``1 MB`` or ``1000 KB`` for ``1 MiB``,
``1 MiB/s`` for ``1 MB/s``); the verdict then says what the exact figure is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_PREFIX = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}
_SIZE_WORDS = {"kilobyte": "kb", "megabyte": "mb", "gigabyte": "gb", "terabyte": "tb", "byte": "b"}
_TIME = {
    "ms": 1e-3,
    "msec": 1e-3,
    "millisecond": 1e-3,
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
    "w": 7 * 86400,
    "wk": 7 * 86400,
    "week": 7 * 86400,
    "y": 365 * 86400,
    "yr": 365 * 86400,
    "year": 365 * 86400,
}
# Short forms of counted nouns: "256 chars" is "256 characters".
_NOUNS = {"char": "character", "msg": "message", "rec": "record", "req": "request", "az": "availability zone"}
# Rates whose noun is left out: "1000 rps" is 1,000 of whatever the card counts, per second.
_COUNT_RATES = ("rps", "tps", "qps", "ops", "mps")
_APPROX = re.compile(r"^\s*(?:~|≈|about|approximately|approx\.?|around|roughly|circa|ca\.)\s*", re.IGNORECASE)
# Word answers: a card whose answer is one of a group takes any word of that group.
_WORD_GROUPS = (
    frozenset({"unlimited", "no limit", "no maximum", "no max", "infinite", "unbounded"}),
    frozenset({"none", "zero", "nothing", "no", "not at all"}),
)
_ZERO_WORDS = _WORD_GROUPS[1]

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
    dimension: str  # "bytes", "s", "bytes/s", "record", "record/s", "count/s", "%", ""
    number: float  # the number as written
    unit: str  # the unit as written, normalised to lower case
    other: float | None = None  # a size read in the other prefix system (1 MB → 1 MiB's bytes)

    @property
    def has_unit(self) -> bool:
        return self.dimension != ""


@dataclass(frozen=True)
class Match:
    ok: bool
    note: str = ""


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _size(t: str) -> tuple[float, float] | None:
    """(bytes, bytes read in the other prefix system) of a size unit, or None."""
    t = _SIZE_WORDS.get(_singular(t), t)
    m = re.fullmatch(r"([kmgt]?)(i?)b(?:yte)?s?", t)
    if not m or (m.group(2) and not m.group(1)):
        return None
    n = _PREFIX[m.group(1)]
    decimal, binary = 1000.0**n, 1024.0**n
    return (binary, decimal) if m.group(2) else (decimal, binary)


def _simple_unit(text: str) -> tuple[float, float, str]:
    """Factor, factor in the other prefix system, and dimension of a unit without '/'."""
    t = text.strip().lower()
    if not t:
        return 1.0, 1.0, ""
    size = _size(t)
    if size is not None:
        return size[0], size[1], "bytes"
    word = _singular(t)
    if word in _TIME or t in _TIME:
        factor = float(_TIME.get(t, _TIME.get(word, 1)))
        return factor, factor, "s"
    if t in ("%", "percent", "per cent", "pct"):
        return 1.0, 1.0, "%"
    if re.fullmatch(r"[a-z][a-z \-]*", t):
        # A counted thing: "records", "shards", "API calls". Compare singular forms.
        return 1.0, 1.0, " ".join(_NOUNS.get(w, w) for w in (_singular(w) for w in t.split()))
    raise UnitError(f"unknown unit {text!r}")


def _unit_parts(text: str) -> tuple[float, float, str]:
    """Factor, other-system factor and dimension of a unit such as ``MB/s``, ``MBps``, ``rps``."""
    raw = text.strip()
    bps = re.fullmatch(r"([kKmMgGtT]?)(i?)([bB])ps", raw)
    if bps:  # MBps: bytes per second; Mbps: bits per second
        size = _size(f"{bps.group(1)}{bps.group(2)}b".lower())
        assert size is not None
        bits = 8.0 if bps.group(3) == "b" else 1.0
        return size[0] / bits, size[1] / bits, "bytes/s"
    t = re.sub(r"\s+per\s+", "/", raw.lower())
    if t in _COUNT_RATES:
        return 1.0, 1.0, "count/s"
    if "/" in t:
        num, _, den = t.partition("/")
        factor, other, dim = _simple_unit(num) if num.strip() else (1.0, 1.0, "")
        den_factor, _, den_dim = _simple_unit(den)
        if den_dim != "s":
            raise UnitError(f"unknown unit {text!r}: only rates per unit of time are understood")
        return factor / den_factor, other / den_factor, f"{dim or 'count'}/s"
    return _simple_unit(t)


def parse_unit(text: str) -> tuple[float, str]:
    """Factor to base units and the dimension of a unit such as ``MB/s`` or ``records per second``."""
    factor, _, dim = _unit_parts(text)
    return factor, dim


def _readings(text: str) -> list[Quantity]:
    """Every way to read ``text``: ``15 m`` is 15 minutes or 15 million. Raises UnitError."""
    m = _NUMBER.match(_APPROX.sub("", str(text)).strip().rstrip("."))
    if not m:
        raise UnitError(f"{text!r} is not a number")
    number = float(m.group("num").replace(",", ""))
    mult, unit = m.group("mult"), m.group("unit")
    spellings = [(mult, unit)]
    if mult and mult.lower() == "m":  # m alone: minutes as well as million
        spellings.append((None, f"m {unit}".strip()))
    out: list[Quantity] = []
    for mult_word, unit_text in spellings:
        n = number * (_MULTIPLIERS[mult_word.lower()] if mult_word else 1)
        try:
            factor, other, dim = _unit_parts(unit_text) if unit_text else (1.0, 1.0, "")
        except UnitError:
            continue
        out.append(Quantity(n * factor, dim, n, unit_text.lower(), n * other if other != factor else None))
    if not out:
        raise UnitError(f"unknown unit in {text!r}")
    return out


def parse_quantity(text: str) -> Quantity:
    """Parse ``"1,000 records/s"``, ``"1k"``, ``"2 MB/s"``, ``"24 hours"``. Raises UnitError."""
    return _readings(text)[0]


def _close(a: float, b: float, tolerance: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=max(tolerance, 1e-12))


def parse_tolerance(tolerance: str | float | int | None, expected: Quantity) -> float:
    """Absolute tolerance in base units. ``"5%"`` is relative to the expected value."""
    if tolerance in (None, "", 0):
        return 0.0
    if isinstance(tolerance, str) and tolerance.strip().endswith("%"):
        number = float(tolerance.strip()[:-1])
    else:
        number = float(str(tolerance).replace(",", ""))
    if not math.isfinite(number) or number < 0:  # '-5%' took nothing, 'inf' took every answer
        raise ValueError(f"a tolerance is a finite number, 0 or more, not {tolerance!r}")
    if isinstance(tolerance, str) and tolerance.strip().endswith("%"):
        return abs(expected.value) * number / 100
    factor = expected.value / expected.number if expected.number else 1.0
    return abs(number * factor)


def _same_dimension(got: str, want: str) -> bool:
    """A rate whose noun is left out (``1000/s``, ``1000 rps``) is a rate of whatever is counted."""
    if got == want:
        return True
    return got == "count/s" and want.endswith("/s") and want != "bytes/s"


def _word_answer(given: str, expected: str, want: Quantity | None) -> Match | None:
    g, e = " ".join(given.lower().split()).strip(" ."), " ".join(expected.lower().split()).strip(" .")
    for group in _WORD_GROUPS:
        if e in group:
            return Match(g in group)
    if want is not None and want.value == 0 and g in _ZERO_WORDS:
        return Match(True)
    return None


def compare(given: str, expected: str, tolerance: str | float | None = None) -> Match:
    """Does ``given`` state the same quantity as ``expected`` (within ``tolerance``)? The note says
    why an answer in the other prefix system counts."""
    try:
        want = parse_quantity(expected)
    except UnitError:
        return _word_answer(given, expected, None) or Match(False)
    words = _word_answer(given, expected, want)
    if words is not None:
        return words
    try:
        readings = _readings(given)
    except UnitError:
        return Match(False)
    tol = parse_tolerance(tolerance, want)
    per_unit = want.value / want.number if want.number else 1.0
    for got in readings:
        if not got.has_unit:  # a bare number is read in the expected unit
            if _close(got.number, want.number, tol / per_unit):
                return Match(True)
            continue
        if not _same_dimension(got.dimension, want.dimension):
            continue
        if _close(got.value, want.value, tol):
            return Match(True)
        if want.dimension.startswith("bytes") and _other_system(got, want, tol):
            return Match(True, _prefix_note(expected, want))
    return Match(False)


def _other_system(got: Quantity, want: Quantity, tol: float) -> bool:
    """The same figure with the other prefixes: 1 MB or 1000 KB for 1 MiB, 1 MiB/s for 1 MB/s."""
    if want.other is not None and _close(got.value, want.other, tol):
        return True
    return got.other is not None and _close(got.other, want.value, tol)


def _prefix_note(expected: str, want: Quantity) -> str:
    rate = "/s" if want.dimension == "bytes/s" else ""
    return (
        f"accepted: MB and MiB are used loosely in AWS documentation; exactly, {expected} is "
        f"{want.value:,.0f} bytes{rate}"
    )


def equivalent(given: str, expected: str, tolerance: str | float | None = None) -> bool:
    """Does ``given`` state the same quantity as ``expected`` (within ``tolerance``)?"""
    return compare(given, expected, tolerance).ok


def kind_hint(answer: str) -> str:
    """What to type for a numeric card whose answer is ``answer``: the kind of quantity and its
    units, never an example figure (it could be the answer)."""
    try:
        q = parse_quantity(answer)
    except UnitError:
        return "Type your answer (a number with its unit, or a word such as none or unlimited)."
    dim = q.dimension
    written = _NUMBER.match(answer.strip())
    noun = re.sub(r"\s*(/\s*s|per second)$", "", written.group("unit") if written else "")
    if noun and not noun.endswith("s"):
        noun += "s"
    if dim == "bytes":
        return "Type a size with its unit: bytes, KB, MB, GB (or KiB, MiB, GiB)."
    if dim == "s":
        return "Type a duration with its unit: ms, s, min, h or days."
    if dim == "bytes/s":
        return "Type a rate with its unit: KB/s, MB/s or GB/s."
    if dim.endswith("/s"):
        return f"Type a rate: how many {noun} per second (with /s or per second)."
    if dim == "%":
        return "Type a percentage."
    if dim:
        return f"Type a count: how many {noun} (the number alone will do)."
    return "Type a number."


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def alternatives(answer: str) -> list[str]:
    """Other spellings of ``answer`` that grade right: the number alone, and the same quantity in
    another unit (``1 MiB`` → ``1024 KiB``, ``1 MB``; ``15 min`` → ``900 s``; ``256 characters`` →
    ``256 chars``). For ``decks show --json`` and the test of every bundled card."""
    try:
        q = parse_quantity(answer)
    except UnitError:
        group = next((g for g in _WORD_GROUPS if answer.strip().lower() in g), frozenset())
        return sorted(group - {answer.strip().lower()})
    out = [_figure(q.number)]
    rate = "/s" if q.dimension.endswith("/s") else ""
    if q.dimension.startswith("bytes"):
        binary = "i" in q.unit
        small = ("KiB", 1024.0) if binary else ("KB", 1000.0)
        out.append(f"{_figure(q.value / small[1])} {small[0]}{rate}")
        out.append(f"{_figure(q.value)} bytes{rate}")
        prefix = re.match(r"([kmgt])i?b", q.unit)
        if prefix:  # the same figure under the other system's prefix
            out.append(f"{_figure(q.number)} {prefix.group(1).upper()}{'B' if binary else 'iB'}{rate}")
    elif q.dimension == "s":
        out.append(f"{_figure(q.value)} seconds")
        for name, size in (("min", 60), ("hour", 3600), ("day", 86400)):
            if q.value >= size and (q.value / size).is_integer():
                n = q.value / size
                out.append(f"{_figure(n)} {name}{'s' if n != 1 and name != 'min' else ''}")
    elif q.dimension == "%":
        out.append(f"{_figure(q.number)} percent")
    elif q.dimension and q.dimension != "count/s":
        noun = q.dimension.removesuffix("/s")
        short = next((k for k, v in _NOUNS.items() if v == noun), None)
        if short:
            out.append(f"{_figure(q.number)} {short}s{rate}")
        if rate:
            out.append(f"{_figure(q.number)} {noun}s per second")
    return [a for a in dict.fromkeys(out) if a.strip().lower() != answer.strip().lower()]
