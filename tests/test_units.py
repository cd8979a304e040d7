"""Numeric answers are compared as quantities: the learner may use any unit of the same kind."""

from __future__ import annotations

import pytest

from kinesis_tutor.core.units import UnitError, equivalent, parse_quantity, parse_unit


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
        ("1000 KB", "1 MiB"),  # ... nor apply to converted values
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
