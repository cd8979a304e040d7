"""Cram: weakest-first ordering, what is still weak, and the schedule left alone unless asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from conftest import synced_template
from fakes import ENTER, ScriptedPrompter
from pg import BACKENDS, copy_of_template_on
from sqlalchemy import select
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.core import cram
from kinesis_tutor.core import sm2 as scheduler
from kinesis_tutor.core.cards import Card
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import CardState
from kinesis_tutor.ui import cram_view as cram_cmd

DECK = """
format_version: 1
id: cramdeck
title: Cram test deck
tags: [crt]
cards:
  - id: write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    tags: [limits]
    explanation: One shard takes 1 MB/s of writes.
  - id: replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    tags: [replay, firehose]
    explanation: Firehose stores nothing once delivered.
  - id: retention
    kind: numeric
    question: How long does Data Streams keep records by default, in hours?
    answer: 24 hours
    tags: [retention]
    explanation: 24 hours, up to 365 days.
"""

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def card(id_: str, deck: str = "d", tags: tuple[str, ...] = ()) -> Card:
    return Card(deck=deck, id=id_, kind="mcq", prompt=id_, answer=("a",), explanation="", choices=("a", "b"), tags=tags)


def item(pk: int, state: CardState | None = None, **kw):
    return SimpleNamespace(pk=pk, card=card(f"c{pk}", **kw), state=state)


def st(easiness=2.5, lapses=0, last_quality=4, last_review="2025-03-01T10:00:00.000+00:00") -> CardState:
    return CardState(
        easiness=easiness,
        interval=1,
        repetitions=1,
        due_day="2025-03-02",
        lapses=lapses,
        reviews=3,
        last_review=last_review,
        last_quality=last_quality,
    )


# ------------------------------------------------------------------------------ ordering


def test_weakest_first_failed_then_hard_then_new_then_known():
    known = item(1, st(easiness=2.6))
    new_a, new_b = item(2), item(3)
    low_ease = item(4, st(easiness=1.5))
    lapsed = item(5, st(easiness=2.5, lapses=3))
    lapsed_more_same_ease = item(6, st(easiness=1.5, lapses=5))
    failed_old = item(7, st(easiness=2.6, last_quality=1, last_review="2025-02-01T10:00:00.000+00:00"))
    failed_new = item(8, st(easiness=2.6, last_quality=2, last_review="2025-03-01T09:00:00.000+00:00"))
    order = [
        i.pk
        for i in cram.weakest_first(
            [known, new_a, new_b, low_ease, lapsed, lapsed_more_same_ease, failed_old, failed_new]
        )
    ]
    # most recent miss first; then lowest easiness (most lapses breaking the tie); never seen in
    # deck order; a card known well last
    assert order == [8, 7, 6, 4, 5, 2, 3, 1]


def test_a_miss_in_the_log_counts_even_if_the_schedule_never_saw_it():
    """A cram or exam miss is not in card_state (unscheduled) but makes the card weakest."""
    known = item(1, st(easiness=2.8))
    new = item(2)
    last = {1: cram.LastAnswer("2025-03-01T11:00:00+00:00", 1, correct=False)}
    assert [i.pk for i in cram.weakest_first([new, known], last)] == [1, 2]
    # and a right answer logged after a scheduled miss clears it
    failed = item(3, st(easiness=2.6, last_quality=1))
    last = {3: cram.LastAnswer("2025-03-01T11:00:00+00:00", 4, correct=True)}
    assert [i.pk for i in cram.weakest_first([failed, new], last)] == [2, 3]


def test_select_takes_count_with_deck_and_tag_filters():
    items = [
        item(1, deck="a", tags=("x",)),
        item(2, deck="b", tags=("y",)),
        item(3, deck="a", tags=("y",)),
        item(4, deck="a", tags=("y",)),
    ]
    assert [i.pk for i in cram.select(items, 2, decks=["a"])] == [1, 3]
    assert [i.pk for i in cram.select(items, 10, tags=["y"])] == [2, 3, 4]
    assert [i.pk for i in cram.select(items, 10, decks=["a"], tags=["y"])] == [3, 4]
    assert cram.select(items, 0) == []


def test_still_weak_by_tag_and_by_deck():
    a, b, c, d = (
        card("a", "kds", ("limits", "kds")),
        card("b", "kds", ("retention", "kds")),
        card("c", "fh", ("limits",)),
        card("never", "fh", ("x",)),
    )
    runs = cram.tally([(a, 1), (b, 4), (c, 1), (a, 4), (c, 2), (c, 5)], cards=[d])
    by = {r.card.id: r for r in runs}
    assert (by["a"].misses, by["a"].right) == (1, True)
    assert (by["c"].misses, by["c"].right) == (2, True)
    assert by["never"].answers == 0
    report = cram.still_weak(runs)
    assert [str(x) for x in report.by_tag] == ["limits 2/2", "kds 1/2"]
    assert [str(x) for x in report.by_deck] == ["fh 1/1", "kds 1/2"]  # the card never reached is left out
    assert [x.id for x in report.cards] == ["a", "c"]
    # quitting before a right answer leaves it weak even without a logged miss... of course:
    assert cram.tally([], cards=[a])[0].weak


# ------------------------------------------------------------------------------ the schedule


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """The deck and the bundled content synced once; each test gets a copy of the file."""
    return synced_template(tmp_path_factory, "cram.yaml", DECK)


@pytest.fixture(params=BACKENDS)
def env(request, tmp_path, isolated_home, synced):
    """On each backend: a copy of the synced file, then a PostgreSQL clone of it."""
    paths, store = copy_of_template_on(request.param, request, *synced, tmp_path)
    pk = {i.card.id: i.pk for i in store.items(["cramdeck"])}
    # some history: 'write' known well, 'replay' failed yesterday, 'retention' never seen
    store.record(pk["write"], 5, "new", scheduled=True, now=T0 - timedelta(days=3))
    store.record(pk["write"], 4, "review", scheduled=True, now=T0 - timedelta(days=2))
    store.record(pk["replay"], 1, "new", scheduled=True, now=T0 - timedelta(days=1))
    return SimpleNamespace(paths=paths, store=store, pk=pk, decks=synced[1])


def states(store) -> dict:
    with store.engine.connect() as conn:
        return {r.card: tuple(r) for r in conn.execute(select(s.card_state))}


def log(store, kinds=("cram",)) -> list[tuple]:
    with store.engine.connect() as conn:
        q = select(s.cards.c.card_id, s.reviews.c.quality, s.reviews.c.kind, s.reviews.c.scheduled).join(
            s.cards, s.cards.c.id == s.reviews.c.card
        )
        return [tuple(r) for r in conn.execute(q.where(s.reviews.c.kind.in_(kinds)).order_by(s.reviews.c.id))]


def test_cram_asks_weakest_first_repeats_misses_and_leaves_the_schedule_alone(env, capsys):
    before = states(env.store)
    prompter = ScriptedPrompter(
        "True",
        ENTER,  # replay (failed yesterday: first): wrong; Enter after the explanation
        "12 hours",
        ENTER,  # retention (never seen): wrong
        "1 MB/s",
        ENTER,  # write (known): right; not graded (nothing is rescheduled), Enter goes on
        "False",
        ENTER,  # replay again: right
        "24 hours",
        ENTER,  # retention again: right
    )
    cram_cmd.run(env.paths, decks=["cramdeck"], tags=[], count=10, reschedule=False, prompter=prompter)
    assert prompter.replies == []
    assert log(env.store) == [
        ("replay", 1, "cram", 0),
        ("retention", 1, "cram", 0),
        ("write", 4, "cram", 0),
        ("replay", 4, "cram", 0),
        ("retention", 4, "cram", 0),
    ]
    assert states(env.store) == before  # exactly as it was, to the last column
    out = capsys.readouterr().out
    assert "Again: you missed this one" in out
    assert "1 / 3 right the first time (33%)" in out
    assert "Still weak: 2 cards missed" in out
    assert "retention 1/1" in out and "cramdeck 2/3" in out
    assert "unchanged" in out


def test_reschedule_applies_sm2_to_first_answers_only(env, capsys):
    before = {pk: env.store.state(pk) for pk in env.pk.values()}
    prompter = ScriptedPrompter("True", ENTER, "24 h", 3, "1 MB/s", 5, "False", 5)
    cram_cmd.run(env.paths, decks=["cramdeck"], tags=[], count=10, reschedule=True, prompter=prompter)
    assert log(env.store) == [
        ("replay", 1, "cram", 1),
        ("retention", 3, "cram", 1),
        ("write", 5, "cram", 1),
        ("replay", 5, "cram", 0),
    ]
    replay = env.store.state(env.pk["replay"])
    want = scheduler.review(before[env.pk["replay"]].sm2, 1)  # the repeat's 5 is not applied
    assert (replay.easiness, replay.interval, replay.repetitions) == (want.easiness, want.interval, want.repetitions)
    assert replay.lapses == before[env.pk["replay"]].lapses + 1
    write = env.store.state(env.pk["write"])
    want = scheduler.review(before[env.pk["write"]].sm2, 5)
    assert (write.easiness, write.interval, write.repetitions) == (want.easiness, want.interval, want.repetitions)
    assert env.store.state(env.pk["retention"]).sm2 == scheduler.review(scheduler.Sm2State(), 3)
    out = capsys.readouterr().out
    assert "SM-2 applied" in out
    assert "Answers 4 (1 repeat of missed cards)" in " ".join(out.split())  # Hard (3) is not a miss: no repeat
    assert "Cram done" in out
    # the log still replays to the states: db check agrees
    result = CliRunner().invoke(
        app, ["--db", env.paths.url or str(env.paths.db), "--deck-dir", str(env.decks), "db", "check"]
    )
    assert result.exit_code == 0, result.output


def test_count_and_tag_limit_what_is_crammed(env):
    prompter = ScriptedPrompter("True", ENTER, "False", ENTER)
    cram_cmd.run(env.paths, decks=[], tags=["crt"], count=1, reschedule=False, prompter=prompter)
    assert log(env.store) == [("replay", 1, "cram", 0), ("replay", 4, "cram", 0)]


def test_an_unknown_tag_is_a_usage_error_with_did_you_mean(env):
    """A tag no card has is a typo (issue 15, item 6): one line, exit 2, not an empty run."""
    from kinesis_tutor.core.errors import TutorError

    with pytest.raises(TutorError) as refused:
        cram_cmd.run(env.paths, decks=[], tags=["crtt"], count=5, reschedule=False, prompter=ScriptedPrompter())
    assert refused.value.exit_code == 2
    assert str(refused.value).startswith("no card has the tag 'crtt' (did you mean 'crt'?)")
    assert log(env.store) == []


def test_cram_without_a_terminal_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "cram"])
    assert result.exit_code == 2
    assert "needs an interactive terminal" in result.stderr
