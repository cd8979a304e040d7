"""Numeric answers are compared as quantities: the learner may use any unit of the same kind."""

from __future__ import annotations

import pytest

from kinesis_tutor.core.units import UnitError, compare, equivalent, kind_hint, parse_quantity, parse_unit


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2000 KB/s", "2 MB/s"),
        ("2,000 KB/s", "2 MB/s"),
        ("2 MB per second", "2 MB/s"),
        ("2 megabytes per second", "2 MB/s"),
        ("24 h", "1 day"),
        ("1 day", "24 hours"),
        ("24 hours", "24 h"),
        ("86400 s", "1 day"),
        ("1440 minutes", "24 hours"),
        ("7 days", "1 week"),
        ("168 hours", "7 days"),
        ("365 days", "1 year"),
        ("60 s", "1 min"),
        ("200 ms", "0.2 seconds"),
        ("1000", "1,000"),
        ("1,000", "1000"),
        ("1k", "1000"),
        ("1K", "1,000"),
        ("1 thousand", "1000"),
        ("1,000 records", "1k records"),
        ("1000 record", "1,000 records"),  # singular and plural are the same thing
        ("1000 records/s", "1k records per second"),
        ("5 shards", "5 shard"),
        ("1 MB", "1 MiB"),  # the exam uses them loosely
        ("1 MB/s", "1 MiB/s"),
        ("1048576 bytes", "1 MiB"),
        ("1024 KiB", "1 MiB"),
        ("1 mb", "1 MB"),
        ("5 %", "5%"),
        ("5 percent", "5%"),
        ("1.5 GB", "1500 MB"),
    ],
)
def test_equivalent_quantities_are_accepted(given, expected):
    assert equivalent(given, expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2 MB", "2 MB/s"),  # an amount is not a rate
        ("2 MB/s", "2 MB"),
        ("1 day", "24 MB"),  # time is not size
        ("24 MB", "24 hours"),
        ("1000 records", "1000 shards"),
        ("1000 records/s", "1000 records"),
        ("1 GB", "1 MiB"),  # the loose MB/MiB rule does not cross prefixes
        ("5%", "5 records"),
        ("3 MB/s", "2 MB/s"),  # the right unit with the wrong number
        ("23 hours", "1 day"),
        ("five", "5 records"),  # words are not numbers
        ("", "1 MB"),
        ("2 furlongs", "2 MB"),
    ],
)
def test_wrong_units_or_values_are_rejected(given, expected):
    assert not equivalent(given, expected)


def test_a_bare_number_is_read_in_the_answers_unit():
    assert equivalent("24", "24 hours")
    assert equivalent("1,000", "1000 records/s")
    assert not equivalent("1", "24 hours")
    assert not equivalent("1000", "1 MB/s")


def test_absolute_tolerance_is_in_the_answers_unit():
    assert equivalent("1.1 MB/s", "1 MB/s", "0.1")
    assert equivalent("900 KB/s", "1 MB/s", "0.1")
    assert not equivalent("1.2 MB/s", "1 MB/s", "0.1")
    assert equivalent("25 hours", "24 hours", 1)
    assert not equivalent("26 hours", "24 hours", 1)
    assert equivalent("1.05", "1 MB/s", "0.1")  # a bare number, read in MB/s


def test_percentage_tolerance_is_relative_to_the_answer():
    assert equivalent("2.1 MB/s", "2 MB/s", "5%")
    assert equivalent("1900 KB/s", "2 MB/s", "5%")
    assert not equivalent("2.2 MB/s", "2 MB/s", "5%")
    assert not equivalent("1.05 MB/s", "1 MB/s")  # no tolerance: exact
    assert not equivalent("2.1 MB/s", "2 MB/s", 0)


def test_tolerance_never_makes_a_wrong_unit_right():
    assert not equivalent("2 MB", "2 MB/s", "50%")


def test_parse_quantity_values_and_dimensions():
    assert (parse_quantity("1 MB/s").value, parse_quantity("1 MB/s").dimension) == (1_000_000, "bytes/s")
    assert (parse_quantity("24 hours").value, parse_quantity("24 hours").dimension) == (86_400, "s")
    assert (parse_quantity("1k records").value, parse_quantity("1k records").dimension) == (1000, "record")
    assert (parse_quantity("1,000").value, parse_quantity("1,000").dimension) == (1000, "")
    assert parse_quantity("1 MiB").value == 1024**2
    assert not parse_quantity("1000").has_unit
    assert parse_quantity("1000 records").has_unit


@pytest.mark.parametrize("text", ["abc", "MB/s", "10 furlongs/fortnight", "5 records/shard"])
def test_parse_quantity_refuses_what_it_cannot_read(text):
    with pytest.raises(UnitError):
        parse_quantity(text)


def test_parse_unit_rates_must_be_per_time():
    assert parse_unit("MB/s") == (1e6, "bytes/s")
    assert parse_unit("records per second") == (1.0, "record/s")
    with pytest.raises(UnitError, match="only rates per unit of time"):
        parse_unit("MB/shard")


# Every usual spelling of each kind of quantity, as a learner types it (issue 14, item 2).
SPELLINGS = {
    "size, binary card": (
        "1 MiB",
        ["1 MiB", "1 mib", "1024 KiB", "1,048,576 bytes", "1 MB", "1000 KB", "1 megabyte", "~1 MiB", "about 1 MB"],
        ["2 MiB", "1 GB", "1 MB/s", "1 s"],
    ),
    "size, decimal card": (
        "4 GB",
        ["4 GB", "4 GiB", "4000 MB", "4,000,000,000 bytes", "4 gigabytes", "4096 MiB", "4 gb"],
        ["4 TB", "40 GB", "4 GB/s"],
    ),
    "rate of bytes": (
        "1 MB/s",
        [
            "1 MB/s",
            "1 MiB/s",
            "1000 KB/s",
            "1 MBps",
            "1 MB per second",
            "1 mb/s",
            "1,000,000 bytes/s",
            "8 Mbps",
            "1 MB/sec",
            "1 MB / second",
            "1 MB/s.",
        ],
        ["1 MB", "2 MB/s", "1 Mbps", "1000 records/s"],
    ),
    "rate of records": (
        "1,000 records/s",
        ["1000 records/s", "1k records per second", "1000/s", "1000 rps", "1,000 records per second", "1000"],
        ["1000 records", "100 records/s", "1000 shards/s", "1000 KB/s"],
    ),
    "rate of messages": (
        "3,000 messages/s",
        ["3000 msg/s", "3,000 messages per second", "3k msgs/s", "3000/s"],
        ["300 messages/s", "3000 messages"],
    ),
    "duration in minutes": (
        "15 min",
        ["15 min", "15 m", "15 mins", "15 minutes", "900 s", "0.25 h", "15m", "about 15 minutes"],
        ["15 s", "15 h", "15 MB"],
    ),
    "duration in hours": (
        "24 hours",
        ["24 h", "24 hrs", "1 day", "1d", "1440 min", "86,400 seconds", "24"],
        ["23 hours", "24 days", "24 MB"],
    ),
    "duration in days": (
        "365 days",
        ["1 year", "1 yr", "8760 hours", "8,760 h", "365 d"],
        ["52 weeks", "364 days"],
    ),
    "duration in milliseconds": (
        "70 ms",
        ["70 ms", "~70ms", "≈ 70 ms", "0.07 s", "70 milliseconds", "approximately 70 ms"],
        ["70 s", "7 ms"],
    ),
    "zero duration": ("0 hours", ["none", "0", "0 h", "zero", "0 seconds"], ["1 hour", "unlimited"]),
    "count with a noun": (
        "256 characters",
        ["256 characters", "256 chars", "256 char", "256", "256 character"],
        ["256 bytes", "255 characters", "256 records"],
    ),
    "count of shards": ("8 shards", ["8 shards", "8 shard", "8"], ["8 streams", "80 shards"]),
    "count of records": ("500 records", ["500 records", "500 recs", "500"], ["500 shards", "500 records/s"]),
    "percentage": ("2 %", ["2 %", "2%", "2 percent", "2 pct"], ["20 %", "2 MB"]),
    "word answer": ("unlimited", ["unlimited", "no limit", "Unlimited", "infinite"], ["none", "0", "1000"]),
}


@pytest.mark.parametrize("quantity", SPELLINGS)
def test_every_usual_spelling_of_each_quantity(quantity):
    expected, right, wrong = SPELLINGS[quantity]
    assert [g for g in right if not equivalent(g, expected)] == []
    assert [g for g in wrong if equivalent(g, expected)] == []


def test_the_other_prefix_system_is_accepted_and_the_exact_figure_said():
    match = compare("1 MB", "1 MiB")
    assert match.ok and "1,048,576 bytes" in match.note
    match = compare("1 MiB/s", "1 MB/s")
    assert match.ok and "1,000,000 bytes/s" in match.note
    assert compare("1024 KiB", "1 MiB").note == ""  # exact: nothing to explain


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("15 min", "a duration"),
        ("4 GB", "a size"),
        ("1 MiB", "a size"),
        ("2 MB/s", "a rate"),
        ("1,000 records/s", "a rate"),
        ("8 shards", "a count"),
        ("1 vCPU", "how many vCPUs"),
        ("2 %", "a percentage"),
    ],
)
def test_the_hint_names_the_kind_of_quantity_and_no_figure(answer, kind):
    hint = kind_hint(answer)
    assert kind in hint
    assert not any(ch.isdigit() for ch in hint)
