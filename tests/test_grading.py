"""Checking typed and picked answers the way a fair examiner would."""

from __future__ import annotations

import pytest

from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.grading import check, normalize, quality_for, same_text, split_answers


def card(kind: str, answer: tuple[str, ...], choices: tuple[str, ...] = (), tolerance: str | None = None) -> Card:
    return Card(
        deck="d", id="c", kind=kind, prompt="?", answer=answer, explanation="e", choices=choices, tolerance=tolerance
    )


def right(c: Card, response) -> bool:
    return check(c, response).correct


# ------------------------------------------------------------------------------ cloze


@pytest.mark.parametrize(
    "response",
    [
        "ProvisionedThroughputExceededException",
        "provisionedthroughputexceededexception",  # case
        "  ProvisionedThroughputExceededException.  ",  # spacing and a final full stop
    ],
)
def test_cloze_ignores_case_spacing_and_punctuation(response):
    assert right(card("cloze", ("ProvisionedThroughputExceededException",)), response)


def test_cloze_wrong_word_is_wrong():
    c = card("cloze", ("ProvisionedThroughputExceededException",))
    assert not right(c, "ThrottlingException")
    assert not right(c, "")
    assert not right(c, "   ")


def test_cloze_typo_is_accepted_with_a_note():
    grade = check(card("cloze", ("the retention period",)), "the retention peroid")
    assert grade.correct
    assert grade.note == "accepted despite a typo: it is spelled “the retention period”"


def test_a_misspelt_exception_name_is_not_forgiven():
    # Names of APIs, exceptions and enum values are compared exactly, apart from case and separators.
    grade = check(card("cloze", ("ProvisionedThroughputExceededException",)), "ProvisionedThroughputExceededExeption")
    assert not grade.correct
    assert "names must match exactly" in grade.note


def test_cloze_numbers_are_not_forgiven_as_typos():
    assert not right(card("cloze", ("1,000 records",)), "1,001 records")
    assert not right(card("cloze", ("1,000",)), "100")


@pytest.mark.parametrize("response", ["1000", "1,000", "1k"])
def test_cloze_numbers_in_any_spelling(response):
    assert right(card("cloze", ("1,000",)), response)


@pytest.mark.parametrize("response", ["1 MB", "1mb", "1000 KB", "1 megabyte"])
def test_cloze_quantities_with_units(response):
    assert right(card("cloze", ("1 MB",)), response)


def test_cloze_quantity_in_the_wrong_unit_is_wrong():
    assert not right(card("cloze", ("1 MB",)), "1 GB")
    assert not right(card("cloze", ("24 hours",)), "24 MB")


def test_cloze_spacing_around_slashes_and_quotes():
    assert right(card("cloze", ("MB / s",)), "mb/s")
    assert right(card("cloze", ("“at least once”",)), "at least once")
    assert right(card("cloze", ("the partition key",)), "partition key")


@pytest.mark.parametrize(
    "response", ["shard; partition key", "Shard;Partition Key", "shard ; partition key", "shard, partition key"]
)
def test_cloze_several_blanks_separated_by_semicolons(response):
    assert right(card("cloze", ("shard", "partition key")), response)


@pytest.mark.parametrize("response", ["shard", "partition key; shard", "shard; partition key; sequence number", ""])
def test_cloze_several_blanks_need_each_in_order(response):
    assert not right(card("cloze", ("shard", "partition key")), response)


def test_cloze_several_numeric_blanks_keep_thousands_together():
    c = card("cloze", ("1,000", "1 MB"))
    assert right(c, "1,000; 1 MB")
    assert right(c, "1000, 1 MB")
    assert split_answers("1,000, 1 MB", 2) == ["1,000", "1 MB"]


# ------------------------------------------------------------------------------ mcq, multi, truefalse, scenario


def test_mcq_right_only_for_the_answer():
    c = card("mcq", ("B",), choices=("A", "B", "C"))
    assert right(c, "B")
    assert not right(c, "A")
    assert not right(c, "C")


def test_multi_needs_exactly_the_right_set_in_any_order():
    c = card("multi", ("A", "C"), choices=("A", "B", "C", "D"))
    assert right(c, ["A", "C"])
    assert right(c, ["C", "A"])
    assert not right(c, ["A"])  # too few
    assert not right(c, ["A", "B", "C"])  # too many
    assert not right(c, ["A", "B"])  # one wrong
    assert not right(c, [])


def test_truefalse_accepts_a_bool_or_the_label():
    c = card("truefalse", ("False",), choices=("True", "False"))
    assert right(c, False)
    assert not right(c, True)
    assert right(c, "False")
    assert not right(c, "True")


def test_scenario_compares_service_ids():
    c = card("scenario", ("kds",), choices=("kds", "firehose", "sns"))
    assert right(c, "kds")
    assert not right(c, "firehose")


def test_numeric_uses_units_and_tolerance():
    c = card("numeric", ("2 MB/s",), tolerance="5%")
    assert right(c, "2000 KB/s")
    assert right(c, "2.1 MB/s")
    assert not right(c, "2.2 MB/s")
    assert not right(c, "2 MB")
    exact = card("numeric", ("24 hours",))
    assert right(exact, "1 day")
    assert right(exact, "24")
    assert not right(exact, "23 hours")


def test_basic_cards_are_self_graded():
    with pytest.raises(ValueError, match="graded by the learner"):
        check(card("basic", ("x",)), "x")


def test_normalize_and_quality():
    assert normalize("  Kinesis  Data   Streams. ") == "kinesis data streams"
    assert normalize("1,000 MB / s") == "1000 mb/s"
    assert quality_for(False) == 1
    assert quality_for(True) == 4
    assert quality_for(True, 5) == 5


# --------------------------------------------------------------------------- near misses that are not typos


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"),
        ("AFTER_SEQUENCE_NUMBER", "AT_SEQUENCE_NUMBER"),
        ("PutRecord", "PutRecords"),
        ("PutRecords", "PutRecord"),
        ("ProvisionedThroughputExceededExeption", "ProvisionedThroughputExceededException"),
        ("synchronously", "asynchronously"),
        ("asynchronously", "synchronously"),
        ("decrease the shard count", "increase the shard count"),
        ("disable server-side encryption", "enable server-side encryption"),
    ],
)
def test_a_near_miss_that_names_something_else_is_wrong_and_says_why(given, expected):
    grade = same_text(given, expected)
    assert not grade.correct
    assert expected in grade.note


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("after_sequence_number", "AFTER_SEQUENCE_NUMBER"),
        ("after sequence number", "AFTER_SEQUENCE_NUMBER"),
        ("putrecords", "PutRecords"),
        ("asynchronusly", "asynchronously"),
        ("enhanced fan-ot", "enhanced fan-out"),
    ],
)
def test_case_separators_and_real_typos_are_still_accepted(given, expected):
    assert same_text(given, expected).correct


def test_a_cloze_blank_rejects_the_other_known_answer_even_when_close():
    after = card("cloze", ("AFTER_SEQUENCE_NUMBER",))
    swapped = check(after, "AT_SEQUENCE_NUMBER")
    assert not swapped.correct and "not a typo (“at” for “after”)" in swapped.note
    case_only = check(after, "after_sequence_number")
    assert case_only.correct and not case_only.note  # the case is no typo to point out
    plain = card("cloze", ("by default",), choices=("by defaults",))
    other = check(plain, "by defaults")  # another known answer of the card, not a typo
    assert not other.correct and other.note == "“by defaults” is another answer, not this one: it is “by default”"


def test_a_rejected_name_says_what_the_typed_name_is_instead():
    other_blank = same_text("TRIM_HORIZON", "LATEST", (("TRIM_HORIZON", ""),))
    assert not other_blank.correct and "another answer" in other_blank.note
    swapped = same_text("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", (("AT_SEQUENCE_NUMBER", ""),))
    assert not swapped.correct and "“at” for “after”" in swapped.note  # the sharper reason: the word that differs
    opposite = same_text("DecreaseStreamRetentionPeriod", "IncreaseStreamRetentionPeriod")
    assert not opposite.correct and "“decrease” for “increase”" in opposite.note
    action = same_text("kms:Encrypt", "kms:Decrypt")
    assert not action.correct and "kms:Decrypt" in action.note  # an IAM action is a name, never a typo


# ------------------------------------------------------------------ another known answer: a service's name

KDS = ("Kinesis Data Streams", "Kinesis Data Streams")
KVS = (("Kinesis Video Streams", "Kinesis Video Streams"), ("KVS", "Kinesis Video Streams"))
FIREHOSE = (("Amazon Data Firehose", "Amazon Data Firehose"), ("Kinesis Data Firehose", "Amazon Data Firehose"))
SNS = (("Amazon SNS", "Amazon SNS"), ("SNS", "Amazon SNS"))


def typed(answer: str) -> Card:
    return Card(deck="d", id="c.c1", kind="cloze", prompt="[…]", answer=(answer,), explanation="e")


@pytest.mark.parametrize(
    ("answer", "given"),
    [
        ("Kinesis Data Streams", "Kinesis Video Streams"),
        ("Kinesis Data Streams", "Kinesis Vdeo Streams"),  # a typo of the other service is the other service
        ("Kinesis Data Streams", "Kinesis Data Firehose"),
        ("Kinesis Data Streams", "KVS"),
        ("Amazon SQS", "Amazon SNS"),  # one letter away, and a typo on its own: another service
        ("SQS", "SNS"),
    ],
)
def test_another_service_near_the_key_is_wrong_and_named(answer, given):
    grade = check(typed(answer), given, (*KVS, *FIREHOSE, *SNS, KDS))
    assert not grade.correct
    assert "another service" in grade.note and answer in grade.note


def test_the_service_the_typed_answer_names_is_said_when_it_is_an_alias():
    grade = check(typed("Kinesis Data Streams"), "KVS", KVS)
    assert grade.note.startswith("“KVS” is Kinesis Video Streams, another service")


def test_a_typo_of_the_key_still_passes_among_the_services():
    services = (*KVS, *FIREHOSE, *SNS, KDS)
    assert check(typed("Kinesis Data Streams"), "Kinesis Data Stream", services).correct
    assert check(typed("Kinesis Data Streams"), "kinesis data streams", services).correct
    assert not check(typed("Amazon SQS"), "Amazon SNS", SNS).correct
    assert check(typed("Amazon SQS"), "Amazon SNS").correct  # what it was without the catalog: a "typo"


def test_another_name_of_the_service_the_key_names_is_not_another_service():
    services = (*FIREHOSE, ("Firehose", "Amazon Data Firehose"), *KVS)
    for given in ("Firehose", "Kinesis Data Firehose"):  # not the answer, but not another service either
        assert "another service" not in check(typed("Amazon Data Firehose"), given, services).note
    fifo = (("SQS FIFO queue", "SQS FIFO queue"), ("FIFO queue", "SQS FIFO queue"), ("Amazon SNS", "Amazon SNS"))
    assert "another service" not in check(typed("SQS FIFO"), "SQS FIFO queue", fifo).note
    assert "another service" in check(typed("SQS FIFO"), "Amazon SNS", fifo).note


def test_an_answer_near_no_known_answer_is_wrong_without_naming_one():
    grade = check(typed("Kinesis Data Streams"), "Amazon Redshift", (*KVS, *FIREHOSE, *SNS))
    assert not grade.correct and "another" not in grade.note
