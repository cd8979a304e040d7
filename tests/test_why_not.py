"""Per-option why-nots on mcq and multi cards (issue 17, "no strawman"): the deck format takes an
optional ``why_not`` keyed by the wrong choices, the loader refuses a key that is not a wrong
choice, and the answer screen shows each wrong choice with its reason."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from kinesis_tutor.decks.loader import DeckProblems, load_deck_file
from kinesis_tutor.ui import render

DECK = """\
format_version: 1
id: notes
title: My notes
cards:
  - id: throttle
    kind: mcq
    question: Which exception does a producer get when it writes faster than a shard allows?
    choices: [ProvisionedThroughputExceededException, LimitExceededException, KMSThrottlingException]
    answer: ProvisionedThroughputExceededException
    explanation: A shard takes 1 MB/s or 1,000 records/s of writes; past that the write is refused.
    why_not:
{why_not}
  - id: replayers
    kind: multi
    question: Which TWO keep a log a consumer can re-read?
    choices: [Kinesis Data Streams, Amazon MSK, SQS standard queue, Amazon Data Firehose]
    answers: [Kinesis Data Streams, Amazon MSK]
    explanation: Both keep a retained, replayable log.
    why_not:
      SQS standard queue: A consumed message is deleted, so there is nothing to re-read.
      Amazon Data Firehose: Firehose delivers records and keeps no copy of its own.
"""
GOOD = """\
      LimitExceededException: Too many control-plane requests at once, not a write over the shard's limit.
      KMSThrottlingException: KMS refusing key requests of an encrypted stream, not the shard's write limit."""


def load(tmp_path: Path, why_not: str):
    path = tmp_path / "deck.yaml"
    path.write_text(textwrap.dedent(DECK).replace("{why_not}", why_not), encoding="utf-8")
    return path, load_deck_file(path, {}, {})


def test_the_why_nots_reach_the_study_cards_in_the_order_of_the_choices(tmp_path):
    _, loaded = load(tmp_path, GOOD)
    cards = {c.id: c for c in loaded.cards}
    assert [k for k, _ in cards["throttle"].why_not] == ["LimitExceededException", "KMSThrottlingException"]
    assert [k for k, _ in cards["replayers"].why_not] == ["SQS standard queue", "Amazon Data Firehose"]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (
            "      LimitExceededExceptoin: A typo in the key.",
            "which is not a choice (did you mean 'LimitExceededException'?)",
        ),
        ("      ProvisionedThroughputExceededException: The answer argued against.", "which is an answer"),
    ],
)
def test_a_why_not_key_must_be_a_wrong_choice(tmp_path, line, says):
    with pytest.raises(DeckProblems) as err:
        load(tmp_path, line)
    (problem,) = [str(p) for p in err.value.problems]
    assert problem.startswith(f"{tmp_path / 'deck.yaml'}:12:7: error: card 1 'throttle', why_not.")
    assert says in problem


def test_the_answer_screen_argues_against_every_wrong_choice(tmp_path):
    _, loaded = load(tmp_path, GOOD)
    card = next(c for c in loaded.cards if c.id == "throttle")
    console = Console(width=200, record=True, color_system=None)
    console.print(render.answer_panel(card, False, "LimitExceededException", chosen="LimitExceededException"))
    text = console.export_text()
    assert "Answer: ProvisionedThroughputExceededException" in text
    assert "✘ LimitExceededException (your choice) — Too many control-plane requests at once" in text
    assert "✘ KMSThrottlingException — KMS refusing key requests" in text
    assert text.index("KMSThrottlingException —") < text.index("past that the write is refused")
