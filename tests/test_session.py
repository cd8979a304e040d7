"""The study-session engine and the question loop, without a terminal."""

from __future__ import annotations

import pytest
from conftest import write_deck
from fakes import ENTER, ScriptedPrompter, label
from rich.console import Console

from kinesis_tutor.app.answers import Recorder
from kinesis_tutor.app.sync import sync
from kinesis_tutor.core.session import SessionEngine
from kinesis_tutor.store import open_store
from kinesis_tutor.ui.prompts import Command
from kinesis_tutor.ui.runner import run_queue


def test_due_before_new_and_kinds():
    engine = SessionEngine.build(["r1", "r2"], ["n1"])
    assert [engine.next().item for _ in range(1)] == ["r1"]
    kinds = []
    while (e := engine.next()) is not None:
        kinds.append((e.item, e.kind))
        engine.answer(4)
    assert kinds == [("r1", "review"), ("r2", "review"), ("n1", "new")]


def test_graded_below_four_comes_back_as_unscheduled_repeat_until_four():
    engine = SessionEngine.build([], ["a", "b", "c", "d", "e"])
    seen = []
    grades = {"a": [3, 2, 4]}  # a: Hard, then Again, then Good
    while (e := engine.next()) is not None:
        seen.append((e.item, e.kind, e.scheduled))
        engine.answer(grades.get(e.item, [5]).pop(0) if grades.get(e.item) else 5)
    # a comes back after three other cards each time, as a repeat that does not reschedule.
    assert seen == [
        ("a", "new", True),
        ("b", "new", True),
        ("c", "new", True),
        ("d", "new", True),
        ("a", "repeat", False),
        ("e", "new", True),
        ("a", "repeat", False),
    ]


def test_undo_puts_the_card_back_and_drops_its_repeat():
    engine = SessionEngine.build([], ["a", "b"])
    engine.answer(1)  # a wrong → repeat queued
    assert [e.item for e in engine.queue] == ["b", "a"]
    undone = engine.undo()
    assert undone.entry.item == "a" and undone.quality == 1
    assert [(e.item, e.kind) for e in engine.queue] == [("a", "new"), ("b", "new")]
    assert engine.undo() is None


def test_progress_and_accuracy_count_first_answers_only():
    engine = SessionEngine.build([], ["a", "b"])
    assert engine.progress() == "1 / 2"
    engine.answer(1)
    assert engine.progress() == "2 / 3"  # the repeat of a joined the queue
    engine.answer(5)
    engine.answer(4)  # the repeat of a
    assert engine.accuracy() == 0.5


DECK = """
format_version: 1
id: loop
title: Loop
cards:
  - id: one
    kind: mcq
    question: One?
    choices: [yes, no]
    answer: "yes"
    explanation: Because.
  - id: two
    kind: numeric
    question: How much?
    answer: 1 MB/s
    explanation: Because.
  - id: three
    kind: basic
    front: Three?
    back: Three.
    explanation: Because.
"""


@pytest.fixture
def store(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "loop.yaml", DECK)
    st = open_store(tmp_path / "p.db")
    sync(st, [decks])
    yield st
    st.close()


def quiet() -> Console:
    return Console(file=open("/dev/null", "w"), width=100)


def test_every_answer_is_in_the_log_before_the_next_card(store):
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items)
    counts = []

    class Watching(ScriptedPrompter):
        def _next(self, message, options=None):
            counts.append(store.review_count())
            return super()._next(message, options)

    prompter = Watching(label("yes"), ENTER, "1000 KB/s", 5, ENTER, 4)
    session = store.start_session("study")
    result = run_queue(engine, Recorder(store, session), prompter, quiet())
    assert not result.quit
    # The card prompt of card n+1 was shown only after answer n was committed.
    assert counts == [0, 0, 1, 1, 2, 2]
    assert store.review_count() == 3
    assert [store.state(i.pk).repetitions for i in items] == [1, 1, 1]


def test_undo_at_the_next_card_takes_the_answer_back(store):
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items)
    prompter = ScriptedPrompter(label("no"), ENTER, Command.UNDO, label("yes"), ENTER, Command.QUIT)
    result = run_queue(engine, Recorder(store, store.start_session("study")), prompter, quiet())
    assert result.quit
    assert store.review_count() == 1
    assert store.state(items[0].pk).repetitions == 1  # the wrong answer left no trace


def test_quit_after_a_wrong_answer_keeps_it(store):
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items)
    prompter = ScriptedPrompter(label("no"), Command.QUIT)
    result = run_queue(engine, Recorder(store, store.start_session("study")), prompter, quiet())
    assert result.quit
    assert store.review_count() == 1
    assert store.state(items[0].pk).due_day is not None


def test_ctrl_c_between_prompts_ends_the_run_and_keeps_what_was_answered(store):
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items)

    def interrupted(options):
        raise KeyboardInterrupt  # Ctrl-C while the next card is being drawn, outside any prompt

    prompter = ScriptedPrompter(label("yes"), ENTER, interrupted)
    result = run_queue(engine, Recorder(store, store.start_session("study")), prompter, quiet())
    assert result.quit and result.cards == {items[0].pk}
    assert store.review_count() == 1
