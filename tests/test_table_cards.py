"""Table cards worth asking (issue 17 item 4, issue 21 item 1): a row's `ask` chooses its cards, whose ids
stay those table cards always had; distractors are values of the same feature and form; a card's
explanation is about the cell asked; a row without an id is noted."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_loader import CATALOG  # the same five services

from kinesis_tutor.decks.loader import DeckProblems, load_deck_file

DECK = """\
format_version: 1
id: cmp
title: Comparisons
tables:
  - id: three
    title: Kinesis vs SQS vs SNS
    services: [kds, sqs-standard, sns]
    rows:
      - id: retention
        feature: Retention
        ask: [sqs-standard, which.kds]
        cells: ["24 hours default, up to 365 days", "4 days default, up to 14 days", "None (FIFO archive)"]
        explanation: Kinesis keeps records 24 hours by default; SQS 4 days.
        explain:
          sqs-standard: A queue keeps a message 4 days unless you change it, at most 14 days.
      - id: after-read
        feature: After a consumer reads
        cells: ["Record stays until expiry", "Consumer deletes it", "Nothing kept"]
      - id: use
        feature: Typical use
        ask: none
        cells: ["Analytics", "Work queues", "Notifications"]
  - id: two
    title: Streams vs Kafka
    services: [kds, msk]
    rows:
      - id: retention
        feature: Retention
        ask: reverse
        cells: ["24 hours to 365 days", "168 hours default, or unlimited"]
      - id: after-read
        feature: After processing
        ask: [msk]
        cells: ["Stays for other readers", "Deleted by the consumer"]
{extra}
"""


def load(tmp_path: Path, extra: str = ""):
    path = tmp_path / "cmp.yaml"
    path.write_text(textwrap.dedent(DECK).replace("{extra}", extra), encoding="utf-8")
    return load_deck_file(path, CATALOG, {})


def test_a_row_makes_the_cards_its_ask_lists_with_the_ids_table_cards_always_had(tmp_path):
    cards = {c.id: c for c in load(tmp_path).cards}
    assert sorted(cards) == [
        "three.after-read.kds",
        "three.after-read.sns",
        "three.after-read.sqs-standard",
        "three.after-read.which.kds",
        "three.after-read.which.sns",
        "three.after-read.which.sqs-standard",
        "three.retention.sqs-standard",
        "three.retention.which.kds",
        "two.after-read.msk",
        "two.retention.which.kds",
        "two.retention.which.msk",
    ]


def test_distractors_are_values_of_the_same_feature_and_form(tmp_path):
    cards = {c.id: c for c in load(tmp_path).cards}
    sqs = cards["three.retention.sqs-standard"]
    assert sqs.answer == ("4 days default, up to 14 days",)
    # the row's own values, then the same feature (same id and feature text) in the other table; the
    # other table's "24 hours to 365 days" says what the row's "24 hours default, up to 365 days" says
    assert sqs.choices == (
        "24 hours default, up to 365 days",
        "4 days default, up to 14 days",
        "168 hours default, or unlimited",
    )
    assert "None (FIFO archive)" not in sqs.choices  # no number where the key has one
    # "After processing" is not "After a consumer reads": no distractor from it, and the card stays 50/50-free
    msk = cards["two.after-read.msk"]
    assert msk.choices == ("Stays for other readers", "Deleted by the consumer")


def test_a_value_that_says_the_same_as_the_key_is_never_its_distractor(tmp_path):
    extra = """\
  - id: fifo
    title: Streams vs SQS FIFO
    services: [kds, msk]
    rows:
      - id: after-read
        feature: After a consumer reads
        ask: none
        cells: ["Stays; others read it", "Deleted by the consumer"]
"""
    cards = {c.id: c for c in load(tmp_path, extra).cards}
    sqs = cards["three.after-read.sqs-standard"]
    assert sqs.answer == ("Consumer deletes it",)
    assert "Deleted by the consumer" not in sqs.choices
    which = cards["three.after-read.which.sqs-standard"]
    assert "Amazon MSK" not in which.choices  # its value says the same: it would be a second right answer


def test_the_explanation_is_about_the_cell_asked(tmp_path):
    cards = {c.id: c for c in load(tmp_path).cards}
    sqs = cards["three.retention.sqs-standard"].explanation
    assert sqs.startswith("Retention — SQS standard queue: 4 days default, up to 14 days.")
    assert "A queue keeps a message 4 days" in sqs and "Kinesis keeps records" not in sqs
    kds = cards["three.retention.which.kds"].explanation
    assert kds.startswith("Retention — “24 hours default, up to 365 days”: Kinesis Data Streams.")
    assert "Kinesis keeps records 24 hours" in kds  # no explain for kds: the row's explanation
    plain = cards["three.after-read.sns"].explanation
    assert plain == (
        "After a consumer reads — Amazon SNS: Nothing kept. "
        "Compare Kinesis Data Streams: Record stays until expiry; SQS standard queue: Consumer deletes it."
    )


def test_a_which_service_card_of_a_small_table_borrows_services_of_the_same_feature(tmp_path):
    cards = {c.id: c for c in load(tmp_path).cards}
    which = cards["two.retention.which.msk"]
    assert which.answer == ("Amazon MSK",)
    assert which.choices == ("Kinesis Data Streams", "Amazon MSK", "SQS standard queue", "Amazon SNS")


def test_a_row_without_an_id_is_noted_and_keeps_its_derived_id(tmp_path):
    extra = """\
  - id: noid
    title: Without ids
    services: [kds, firehose]
    rows:
      - feature: Max record size
        cells: ["1 MiB", "1,000 KiB"]
"""
    loaded = load(tmp_path, extra)
    assert {c.id for c in loaded.cards if c.id.startswith("noid.")} >= {"noid.max-record-size.kds"}
    (note,) = loaded.notes
    assert note.endswith(
        "note: table 'noid', row 'Max record size' has no id; its cards use 'max-record-size', made from the "
        "feature: add 'id: max-record-size' so that editing the feature keeps their review history"
    )
    assert ":39:9: note:" in note  # at the row's feature


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("        ask: [kds, which.sqs]\n", "ask #2: 'which.sqs' names no service of this table"),
        ("        explain: {kinesis: Text.}\n", "explain.kinesis: 'kinesis' names no service of this table"),
    ],
)
def test_ask_and_explain_name_services_of_the_table(tmp_path, extra, says):
    text = textwrap.dedent(DECK).replace("{extra}", "")
    text = text.replace("        feature: Typical use\n        ask: none\n", "        feature: Typical use\n" + extra)
    path = tmp_path / "cmp.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckProblems) as err:
        load_deck_file(path, CATALOG, {})
    (problem,) = [str(p) for p in err.value.problems]
    assert problem.startswith(f"{path}:21:")
    assert f": error: table 1 'three', row 3 'Typical use', {says}" in problem
