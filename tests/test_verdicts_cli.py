"""decks grade and decks show --json: how an answer would be graded and why, and every study card
of a deck as data (issue 14, item 3)."""

from __future__ import annotations

import json

import pytest
from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

DECK = """
format_version: 1
id: g
title: Grading
cards:
  - id: iterators
    kind: cloze
    text: "Resume with {{c1::AFTER_SEQUENCE_NUMBER}}; re-read with {{c2::AT_SEQUENCE_NUMBER}}."
    explanation: AT reads the checkpointed record again, AFTER starts right after it.
  - id: write
    kind: numeric
    question: How fast can one shard take writes?
    answer: 1 MB/s
    explanation: One shard takes 1 MB/s.
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    shuffle: false
    explanation: Both keep a log.
  - id: replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    explanation: Firehose stores nothing once delivered.
  - id: front
    kind: basic
    front: What is a shard?
    back: A unit of capacity.
    explanation: Capacity is the sum of the shards.
tables:
  - id: t
    title: Replay
    services: [kds, firehose]
    rows:
      - id: replay
        feature: Can replay
        cells: ["yes", "no"]
"""


@pytest.fixture
def run(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "g.yaml", DECK)

    def invoke(*args):
        return CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "--deck-dir", str(decks), "decks", *args])

    return invoke


@pytest.mark.parametrize(
    ("card", "answer", "code"),
    [
        ("iterators.c1", "AFTER_SEQUENCE_NUMBER", 0),
        ("iterators.c1", "after sequence number", 0),
        ("iterators.c1", "AT_SEQUENCE_NUMBER", 1),  # the other blank: never a typo of this one
        ("iterators.c2", "AT_SEQUENCE_NUMBER", 0),
        ("write", "1000 KB/s", 0),
        ("write", "1 MiB/s", 0),
        ("write", "2 MB/s", 1),
        ("replayers", "1,2", 0),
        ("replayers", "Kafka; Data Streams", 0),
        ("replayers", "1,3", 1),
        ("replayers", "1", 1),
        ("replay", "2", 0),
        ("replay", "False", 0),
        ("replay", "t", 1),
        ("t.replay.kds", "1", 0),  # a table cell: the options of the row, "yes" first
        ("t.replay.kds", "no", 1),
    ],
)
def test_grade_exits_0_when_right_and_1_when_wrong(run, card, answer, code):
    result = run("grade", "g", card, answer)
    assert result.exit_code == code, result.output
    assert ("right" if code == 0 else "wrong") in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("grade", "g", "nope", "x"),  # no such card
        ("grade", "nope", "write", "1 MB/s"),  # no such deck
        ("grade", "g", "replayers", "7"),  # no option 7
        ("grade", "g", "replay", "maybe"),  # not an option
        ("grade", "g", "front", "A unit"),  # self-graded: nothing to check
        ("grade", "g", "write"),  # no answer
    ],
)
def test_grade_exits_2_on_bad_usage(run, args):
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_grade_json_says_correct_expected_and_why(run):
    result = run("grade", "g", "iterators.c1", "AT_SEQUENCE_NUMBER", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["correct"] is False
    assert doc["expected"] == "AFTER_SEQUENCE_NUMBER"
    assert "AT_SEQUENCE_NUMBER" in doc["reason"]
    doc = json.loads(run("grade", "g", "write", "1 MiB/s", "--json").stdout)
    assert doc["correct"] is True and "1,000,000 bytes/s" in doc["reason"]  # the exact figure is said


def test_show_json_lists_every_study_card_with_its_key_choices_and_spellings(run):
    result = run("show", "g", "--json")
    assert result.exit_code == 0, result.output
    cards = {c["id"]: c for c in json.loads(result.stdout)["cards"]}
    assert {"iterators.c1", "iterators.c2", "write", "replayers", "replay", "front", "t.replay.kds"} <= set(cards)
    for card in cards.values():
        assert {"id", "kind", "question", "answers", "accepted"} <= set(card)
        assert isinstance(card["answers"], list)
    assert cards["replayers"]["choices"] == ["Data Streams", "Kafka", "SQS", "SNS standard"]
    assert cards["replayers"]["answers"] == ["Data Streams", "Kafka"]
    assert "1,2" in cards["replayers"]["accepted"]
    assert "1,000 KB/s" in cards["write"]["accepted"]
    assert cards["replay"]["choices"] == ["True", "False"] and cards["replay"]["answers"] == ["False"]
    assert "choices" not in cards["write"]
    # every accepted spelling grades right through decks grade
    for card_id in ("write", "replayers", "replay", "iterators.c1", "t.replay.kds"):
        for spelling in cards[card_id]["accepted"]:
            assert run("grade", "g", card_id, spelling).exit_code == 0, (card_id, spelling)


SERVICES = """
format_version: 1
id: names
title: Service names
cards:
  - id: replay
    kind: cloze
    text: "Consumers can re-read a day of records from {{c1::Kinesis Data Streams}}."
    explanation: Records stay for 24 hours by default.
  - id: queue
    kind: cloze
    text: "Competing workers pull messages from {{c1::Amazon SQS}}."
    explanation: A queue hands each message to one worker.
  - id: volume
    kind: cloze
    text: "One instance's block storage is {{c1::Amazon EBS}}."
    explanation: A volume attaches to one instance.
"""

MY_CATALOG = """
format_version: 1
services:
  - id: efs
    name: Amazon EFS
    aliases: [EFS, Elastic File System]
    purpose: Shared file system over NFS.
"""


@pytest.mark.parametrize(
    ("card", "answer", "code"),
    [
        ("replay.c1", "Kinesis Video Streams", 1),
        ("replay.c1", "Kinesis Vdeo Streams", 1),  # nearer the other service than the key
        ("replay.c1", "Kinesis Data Firehose", 1),
        ("replay.c1", "Kinesis Data Stream", 0),  # a typo of the key
        ("queue.c1", "Amazon SNS", 1),  # one letter from the key, and another service
        ("queue.c1", "Amazon SQS", 0),
        ("volume.c1", "Amazon EFS", 1),  # a service of the learner's own catalog
        ("volume.c1", "Amazon EBS", 0),
    ],
)
def test_grade_never_takes_another_service_for_the_key(tmp_path, card, answer, code):
    decks = tmp_path / "decks"
    write_deck(decks, "names.yaml", SERVICES)
    write_deck(decks, "catalog.yaml", MY_CATALOG)
    args = ["--db", str(tmp_path / "p.db"), "--deck-dir", str(decks), "decks", "grade", "names", card, answer]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    doc = json.loads(result.stdout)
    assert doc["correct"] is (code == 0)
    if code:
        assert "another service" in doc["reason"]
