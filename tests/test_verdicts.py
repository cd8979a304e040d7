"""Issue 14 without a terminal: a grade given after the verdict amends the logged answer (the
card's state is that of the final grade), and siblings answered today are buried until tomorrow."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from conftest import write_deck
from sqlalchemy import text

from kinesis_tutor.app import paths, study, verdicts
from kinesis_tutor.app.decks import load
from kinesis_tutor.app.sync import sync
from kinesis_tutor.core import grading, studyday
from kinesis_tutor.store import amend, integrity, open_store

DECK = """
format_version: 1
id: sib
title: Siblings
cards:
  - id: retention
    kind: cloze
    text: "Records are kept for {{c1::24 hours}} by default and up to {{c2::365 days}}."
    explanation: Because.
  - id: alone
    kind: numeric
    question: How much?
    answer: 1 MB/s
    explanation: Because.
tables:
  - id: t
    title: Limits
    services: [kds, firehose]
    rows:
      - feature: Replay
        cells: ["yes", "no"]
"""


@pytest.fixture
def store(tmp_path, db_target):
    """On each backend: an SQLite file, then a PostgreSQL database (tests/pg.py)."""
    decks = tmp_path / "decks"
    write_deck(decks, "sib.yaml", DECK)
    st = open_store(db_target)
    sync(st, [decks])
    yield st
    st.close()


def pk(store, card_id):
    return store.card_pk("sib", card_id)


@pytest.mark.parametrize("final", [0, 1, 3, 5])
def test_an_amended_answer_leaves_the_state_a_direct_answer_would(store, final):
    first = pk(store, "alone")
    store.record(first, 4, "new", scheduled=True)
    store.record(first, 4, "review", scheduled=True)  # a second answer: the amended one has a past
    review = store.record(first, 4, "review", scheduled=True)
    amend.amend(store, review.review_id, final)
    twin = pk(store, "retention.c1")
    for quality in (4, 4, final):
        direct = store.record(twin, quality, "review", scheduled=True).state
    got = store.state(first)
    assert (got.easiness, got.interval, got.repetitions, got.lapses, got.reviews, got.last_quality) == (
        direct.easiness,
        direct.interval,
        direct.repetitions,
        direct.lapses,
        direct.reviews,
        direct.last_quality,
    )
    assert store.review_count() == 6  # amended in place: no extra review
    assert integrity.check(store) == []  # db check replays the log to the state the store holds


def ids(items):
    return [i.card.id for i in items]


def test_siblings_of_a_card_answered_today_wait_until_tomorrow(store):
    day = store.today()
    new_before = ids(study._today(store, day, ["sib"], [], 100, 100)[2])
    assert "retention.c1" in new_before and "retention.c2" not in new_before  # one blank per day
    assert len([i for i in new_before if i.startswith("t.replay.")]) == 1  # one cell of a table row per day
    store.record(pk(store, "retention.c1"), 4, "new", scheduled=True)
    row_card = next(i for i in new_before if i.startswith("t.replay."))
    store.record(pk(store, row_card), 4, "new", scheduled=True)
    _again, due, new = study._today(store, day, ["sib"], [], 100, 100)
    assert ids(new) == ["alone"]
    # tomorrow: the first blank is due, so the second still waits
    tomorrow = day + timedelta(days=1)
    _again, due, new = study._today(store, tomorrow, ["sib"], [], 100, 100)
    assert "retention.c1" in ids(due) and "retention.c2" not in ids(new)
    store.record(pk(store, "retention.c1"), 5, "review", scheduled=True, now=datetime.now(UTC) + timedelta(days=1))
    # the day after: no sibling due or answered, so the second blank is introduced
    _again, due, new = study._today(store, day + timedelta(days=2), ["sib"], [], 100, 100)
    assert "retention.c2" in ids(new) and "retention.c1" not in ids(due)


def test_a_card_missed_today_comes_back_until_graded_four(store):
    day = store.today()
    card = pk(store, "alone")
    store.record(card, 1, "new", scheduled=True)
    again = study._today(store, day, ["sib"], [], 100, 100)[0]
    assert [(i.card.id, q) for i, q in again] == [("alone", 1)]
    store.record(card, 3, "repeat", scheduled=False)
    assert [q for _, q in study._today(store, day, ["sib"], [], 100, 100)[0]] == [3]
    store.record(card, 4, "repeat", scheduled=False)
    assert study._today(store, day, ["sib"], [], 100, 100)[0] == []
    assert studyday.today(store.rollover_hour(), datetime.now(UTC) + timedelta(days=1)) > day


CONTRASTS = """
format_version: 1
id: kpl
title: Aggregation
cards:
  - id: producer
    kind: cloze
    text: "The KPL packs user records into one Kinesis record: {{c1::record aggregation}}."
    explanation: Aggregation raises the records per second a shard takes.
  - id: consumer
    kind: cloze
    text: "The KCL unpacks them again: {{c1::record deaggregation}}."
    explanation: The consumer library splits an aggregated record back into user records.
"""


def test_a_cloze_never_takes_another_blank_of_its_deck_for_its_key(tmp_path):
    from fakes import ScriptedPrompter
    from rich.console import Console

    from kinesis_tutor.app.answers import Recorder
    from kinesis_tutor.core.session import SessionEngine
    from kinesis_tutor.ui.prompts import Command
    from kinesis_tutor.ui.runner import run_queue

    decks = tmp_path / "decks"
    write_deck(decks, "kpl.yaml", CONTRASTS)
    st = open_store(tmp_path / "kpl.db")
    sync(st, [decks])
    producer = next(i for i in st.new_items(decks=["kpl"]) if i.card.id == "producer.c1")
    # on its own the near miss would pass for a typo …
    assert grading.check(producer.card, "record deaggregation").correct
    # … but it is the other card's answer: in the quiz it is wrong, and so says decks grade
    quiet = Console(file=open(os.devnull, "w"), width=100)  # noqa: SIM115
    prompter = ScriptedPrompter("record deaggregation", None, Command.QUIT)  # wrong: asked again, then q
    run_queue(SessionEngine.build([], [producer]), Recorder(st, None), prompter, quiet)
    with st.reader.connect() as conn:
        assert conn.execute(text("SELECT correct, response FROM reviews")).all() == [(0, "record deaggregation")]
    st.close()
    lib = load(paths.resolve(str(tmp_path / "kpl.db"), [str(decks)]))
    verdict = verdicts.grade(lib, "kpl", "producer.c1", "record deaggregation")
    assert not verdict.correct and "another answer" in verdict.reason
    assert verdicts.grade(lib, "kpl", "producer.c1", "record agregation").correct  # a real typo still passes


NAMES = """
format_version: 1
id: names
title: Service names
cards:
  - id: queue
    kind: cloze
    text: "Competing workers pull messages from {{c1::Amazon SQS}}."
    explanation: A queue hands each message to one worker.
"""


def test_study_and_cram_never_take_another_service_for_the_key(tmp_path):
    from fakes import ScriptedPrompter
    from rich.console import Console

    from kinesis_tutor.app import cram
    from kinesis_tutor.ui.prompts import Command
    from kinesis_tutor.ui.runner import run_queue

    decks = tmp_path / "decks"
    write_deck(decks, "names.yaml", NAMES)
    where = paths.resolve(str(tmp_path / "names.db"), [str(decks)])
    screen = tmp_path / "screen.txt"
    with screen.open("w") as out:
        console = Console(file=out, width=120)
        today = study.plan(where, decks=["names"], tags=[], new=None, max_reviews=None)
        assert today.engine is not None
        prompter = ScriptedPrompter("Amazon SNS", None, Command.QUIT)  # one letter off: asked again, then q
        run_queue(today.engine, study.start(today), prompter, console, known=today.known)
        today.store.close()
        chosen = cram.plan(where, decks=["names"], tags=[], count=5, reschedule=False)
        prompter = ScriptedPrompter("Amazon SNS", None, Command.QUIT)
        run_queue(chosen.engine, cram.start(chosen), prompter, console, grade=False, known=chosen.known)
        with chosen.store.reader.connect() as conn:
            logged = conn.execute(text("SELECT correct, response FROM reviews ORDER BY id")).all()
        chosen.store.close()
    assert logged == [(0, "Amazon SNS"), (0, "Amazon SNS")]
    assert screen.read_text().count("another service") == 2


TICKS = """
format_version: 1
id: ticks
title: Ticks
cards:
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    explanation: Both keep a log for a retention period.
"""


def test_a_choose_several_card_asked_again_after_u_opens_with_its_ticks(tmp_path):
    from fakes import ENTER, ScriptedPrompter
    from rich.console import Console

    from kinesis_tutor.app.answers import Recorder
    from kinesis_tutor.core.session import SessionEngine
    from kinesis_tutor.ui.prompts import Command
    from kinesis_tutor.ui.runner import run_queue

    decks = tmp_path / "decks"
    write_deck(decks, "ticks.yaml", TICKS)
    st = open_store(tmp_path / "ticks.db")
    sync(st, [decks])
    items = st.new_items(decks=["ticks"])
    wrong = ["Data Streams", "SQS"]
    # wrong, u at "continue"; the card again: Enter confirms the same ticks; continue; the repeat of
    # the miss (SM-2 step 7) is a new question: nothing ticked; q
    prompter = ScriptedPrompter(wrong, Command.UNDO, ENTER, None, Command.QUIT)
    quiet = Console(file=open(os.devnull, "w"), width=100)  # noqa: SIM115
    run_queue(SessionEngine.build([], items), Recorder(st, None), prompter, quiet)
    assert prompter.ticked == [[], wrong, []]
    with st.reader.connect() as conn:
        assert conn.execute(text("SELECT correct, response FROM reviews")).all() == [(0, "Data Streams; SQS")]
    st.close()
