"""Cram in a real pseudo-terminal: a miss comes back until it is right, and the schedule stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pexpect
from conftest import export, spawn_cli, write_deck

from kinesis_tutor.app import paths as paths_mod
from kinesis_tutor.app.sync import open_synced

DECK = """
format_version: 1
id: ptycram
title: A deck to cram in the terminal
tags: [ptycram]
cards:
  - id: shard-write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    tags: [limits]
    explanation: One shard takes 1 MB/s or 1,000 records/s of writes.
  - id: firehose-replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    tags: [replay]
    explanation: Firehose stores nothing once delivered; replay needs Data Streams.
"""


def deck_states(doc) -> dict:
    return {c["card_id"]: c["state"] for c in doc["cards"] if c["deck_id"] == "ptycram"}


def test_a_missed_card_comes_back_and_the_schedule_is_untouched(tmp_path, isolated_home):
    decks = tmp_path / "decks"
    write_deck(decks, "cram.yaml", DECK)
    db = tmp_path / "p.db"
    store = open_synced(paths_mod.resolve(str(db), [str(decks)]))
    pk = {i.card.id: i.pk for i in store.items(["ptycram"])}
    yesterday = datetime.now(UTC) - timedelta(days=1)
    store.record(pk["shard-write"], 5, "new", scheduled=True, now=yesterday)  # known: asked last
    store.record(pk["firehose-replay"], 1, "new", scheduled=True, now=yesterday)  # failed: asked first
    store.close()
    before = deck_states(export(db, decks))
    assert all(before.values())

    child = spawn_cli(isolated_home, db, decks, "cram", "--deck", "ptycram", log=tmp_path / "screen.log")
    # 1. the card failed yesterday comes first; answer True (wrong)
    child.expect("Firehose can replay")
    child.expect("1 / 2")
    child.expect("Your answer")
    child.send("1")
    child.expect("Not quite")
    child.expect("stores nothing once delivered")
    child.expect("Press Enter to continue")
    child.send("\r")
    # 2. the other card, right; Enter = Good
    child.expect("How fast can one shard")
    child.expect("Your answer")
    child.send("2")
    child.expect("Right")
    child.expect("Press Enter to continue")  # cram does not grade: nothing is rescheduled
    child.send("\r")
    # 3. the miss comes back in the same run, marked as such; right this time
    child.expect("Firehose can replay")
    child.expect("Again: you missed this one")
    child.expect("3 / 3")
    child.expect("Your answer")
    child.send("2")
    child.expect("Right")
    child.expect("Press Enter to continue")
    child.send("\r")
    # 4. the summary: score, schedule unchanged, what is still weak
    child.expect("Cram done")
    child.expect(r"1 / 2 right the first time \(50%\)")
    child.expect("unchanged")
    child.expect("Still weak: 1 card missed")
    child.expect("by tag")
    child.expect("replay 1/1, ptycram 1/2")  # the weakest spot first
    child.expect("by deck")
    child.expect("ptycram 1/2")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    doc = export(db, decks)
    crammed = [(r["card_id"], r["kind"], r["scheduled"], r["correct"]) for r in doc["reviews"] if r["kind"] != "new"]
    assert crammed == [
        ("firehose-replay", "cram", False, False),
        ("shard-write", "cram", False, True),
        ("firehose-replay", "cram", False, True),
    ]
    assert deck_states(doc) == before
