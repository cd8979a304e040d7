"""The starter deck that ``kinesis-tutor decks new ID`` writes: one card of every kind and a table.

It is plain text (not dumped from data) so that it can carry comments that teach the format.
``@@NAME@@`` markers are filled in by :func:`render`. It must validate as written: the tests load it.
"""

from __future__ import annotations

STARTER = """\
# yaml-language-server: $schema=@@SCHEMA@@
#
# The line above lets your editor's YAML language server (VS Code's YAML extension, Neovim's
# yamlls, ...) complete keys and underline mistakes as you type. It points at the deck format's
# JSON Schema, written by:   kinesis-tutor decks schema --line
# (run that again after upgrading kinesis-tutor; it prints the line for your other decks).
#
# Your deck '@@DECK_ID@@'. Every key is described in 'kinesis-tutor docs deck-format'. Check it with
#     kinesis-tutor decks validate @@FILE@@
# and see the cards as the quiz shows them with
#     kinesis-tutor decks preview @@DECK_ID@@
# Add a card interactively (this file's comments are kept) with
#     kinesis-tutor decks add @@DECK_ID@@
#
# Keep each card's id once you have studied it: deck id + card id is the card's identity, and
# your review history follows it when you edit the text. Delete the examples you do not want.

format_version: 1
id: @@ID_YAML@@
title: @@TITLE_YAML@@
description: My own cards.
tags: [mine]                 # added to every card of this deck

# Named values that any text can use as ${name}; the bundled facts (content/facts-*.yaml) work too.
facts:
  example.retention_default: 24 hours

cards:
  # basic: a flashcard; you grade yourself (Again / Hard / Good / Easy).
  - id: example-basic
    kind: basic
    front: What is a shard in Kinesis Data Streams?
    back: A unit of capacity — an ordered sequence of records with its own write and read limits.
    explanation: The capacity of a provisioned stream is the sum of its shards.
    tags: [kds]

  # cloze: fill in the blank. Each number (c1, c2, ...) becomes its own card;
  # {{c1::answer::hint}} shows the hint in the blank.
  - id: example-cloze
    kind: cloze
    text: "One shard accepts {{c1::1,000}} records per second and {{c2::1 MB::size}} per second of writes."
    explanation: Both limits apply; whichever is reached first throttles the producer.
    tags: [kds, limits]

  # mcq: one right choice. The answer must be written exactly as one of the choices.
  - id: example-mcq
    kind: mcq
    question: Which exception does a producer get when it writes faster than a shard allows?
    choices:
      - ProvisionedThroughputExceededException
      - ThrottlingException
      - LimitExceededException
    answer: ProvisionedThroughputExceededException
    explanation: Back off and retry with jitter, or add shards.

  # multi: choose N of M, like the exam's "choose two". The learner is told how many.
  - id: example-multi
    kind: multi
    question: Which TWO services let a consumer re-read records it has already processed?
    choices: [Kinesis Data Streams, Amazon MSK, SQS standard queue, Amazon Data Firehose]
    answers: [Kinesis Data Streams, Amazon MSK]
    explanation: Both keep a retained, replayable log; SQS deletes consumed messages and Firehose stores nothing.

  # numeric: a number with a unit (required). 24 h = 1 day = 24 hours, 2 MB/s = 2000 KB/s.
  - id: example-numeric
    kind: numeric
    question: How long does a new Kinesis data stream keep records by default?
    answer: ${example.retention_default}      # a fact from above; a literal such as "24 hours" works too
    tolerance: 0                              # optional: absolute in the answer's unit, or "5%"
    explanation: The retention period can be raised to 7 days, or up to 365 days with long-term retention.

  # truefalse: a statement that is true or false.
  - id: example-truefalse
    kind: truefalse
    statement: Amazon Data Firehose can replay records that it delivered yesterday.
    answer: false
    explanation: Firehose stores nothing after delivery; replay needs Data Streams or a copy in S3.
    # changed (optional, on any card): a fact that changed over time.
    changed:
      before: Kinesis Data Firehose (the name in older notes and exam questions)
      now: Amazon Data Firehose
      since: February 2024

  # scenario: "which service?". Options are service ids from the catalog
  # (kinesis-tutor decks services lists them).
  - id: example-scenario
    kind: scenario
    situation: >-
      A retailer captures website clicks in real time. Three teams process the same clicks
      independently, and after a bug they must re-read the last two days of data.
    options: [kds, firehose, sqs-standard, sns]
    answer: kds
    clues: [three teams, re-read]             # words of the situation, highlighted after answering
    why: Data Streams keeps records for its retention period and every consumer reads at its own position.
    why_not:                                  # one line for every option except the answer
      firehose: Firehose stores nothing and cannot replay; it only delivers.
      sqs-standard: A consumed message is deleted, and each message goes to one worker.
      sns: SNS pushes and forgets; there is nothing to re-read.
    explanation: Several independent consumers plus replay is the signature of Data Streams.
    source: https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html

# Comparison tables: services as columns, features as rows. Each cell is asked both ways
# ("which is true of Firehose?" and "which service: ...?"), and 'kinesis-tutor compare kds firehose'
# shows the table as a cheat sheet. Every row needs exactly one cell per service.
tables:
  - id: kds-vs-firehose
    title: Data Streams vs Data Firehose
    services: [kds, firehose]
    rows:
      - id: ordering          # the row's cards keep their history while you reword the feature
        feature: Ordering
        cells: ["Per shard, by sequence number", "No ordering guarantee"]
      - id: replay
        feature: Replay
        cells: ["Yes, within the retention period", "No"]
        explanation: Firehose delivers and forgets; Data Streams keeps records until they expire.
"""


def render(deck_id: str, id_yaml: str, title_yaml: str, schema: str, file: str) -> str:
    """The starter deck for ``deck_id``; ``*_yaml`` are the values already written as YAML scalars."""
    return (
        STARTER.replace("@@ID_YAML@@", id_yaml)
        .replace("@@TITLE_YAML@@", title_yaml)
        .replace("@@SCHEMA@@", schema)
        .replace("@@FILE@@", file)
        .replace("@@DECK_ID@@", deck_id)
    )
