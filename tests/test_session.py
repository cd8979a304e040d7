"""The study-session engine and the question loop, without a terminal."""

from __future__ import annotations

import random

import pytest
from conftest import write_deck
from fakes import ENTER, ScriptedPrompter, label
from rich.console import Console
from sqlalchemy import text

from kinesis_tutor.app.answers import Recorder
from kinesis_tutor.app.sync import sync
from kinesis_tutor.core.session import SessionEngine, sibling_key, unburied
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
    # A checked answer is in the log before its grade is asked (the grade prompt sees it);
    # a self-graded card's answer is its grade, logged before the next card.
    assert counts == [0, 1, 1, 2, 2, 2]
    assert store.review_count() == 3
    assert [store.state(i.pk).repetitions for i in items] == [1, 1, 1]


def test_the_grade_amends_the_answer_already_logged(store):
    """Right, then Easy: one review in the log, graded 5, and the card's state is that of a 5."""
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items[:1])
    grades_seen = []

    class Watching(ScriptedPrompter):
        def _next(self, message, options=None):
            with store.reader.connect() as conn:
                grades_seen.append([q for (q,) in conn.execute(text("SELECT quality FROM reviews ORDER BY id"))])
            return super()._next(message, options)

    run_queue(engine, Recorder(store, store.start_session("study")), Watching(label("yes"), 5), quiet())
    assert grades_seen == [[], [4]]  # saved as Good the moment it was given, before the grade prompt
    with store.reader.connect() as conn:
        assert [q for (q,) in conn.execute(text("SELECT quality FROM reviews"))] == [5]
    assert store.state(items[0].pk).easiness == pytest.approx(2.6)  # 2.5 + 0.1: SM-2 for a 5
    assert store.state(items[0].pk).last_quality == 5


def test_u_at_the_grade_prompt_takes_the_logged_answer_back_and_asks_again(store):
    items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], items[:1])
    prompter = ScriptedPrompter(label("no"), Command.UNDO, label("yes"), ENTER)
    run_queue(engine, Recorder(store, store.start_session("study")), prompter, quiet())
    assert store.review_count() == 1
    assert store.state(items[0].pk).last_quality == 4


def test_hard_is_a_pass_and_its_repeat_says_so():
    engine = SessionEngine.build([], ["a", "b"])
    engine.answer(3)
    engine.answer(5)
    repeat = engine.next()
    assert (repeat.item, repeat.again) == ("a", "hard")
    engine = SessionEngine.build([], ["a"])
    engine.answer(1)
    assert engine.next().again == "missed"


def test_the_same_option_order_after_u(store):
    """u at the next card brings the card back with its options in the order first shown."""
    deck_items = store.new_items(decks=["loop"])
    engine = SessionEngine.build([], deck_items[:2])
    shown = []

    def record_order(options):
        shown.append([v for _, v in options])
        return options[0][1]

    prompter = ScriptedPrompter(record_order, ENTER, Command.UNDO, record_order, ENTER, Command.QUIT)
    run_queue(engine, Recorder(store, store.start_session("study")), prompter, quiet(), rng=random.Random(3))
    assert shown[0] == shown[1]


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


def test_siblings_are_cloze_blanks_of_one_text_and_cells_of_one_table_row():
    assert sibling_key("d", "retention.c1") == sibling_key("d", "retention.c2") == "d/retention"
    assert sibling_key("d", "t.write-limit.kds", "table") == sibling_key("d", "t.write-limit.which.kds", "table")
    assert sibling_key("d", "t.write-limit.kds", "table") != sibling_key("d", "t.read-limit.kds", "table")
    assert sibling_key("d", "shard-write") is None
    taken = {"d/x"}
    assert unburied(["d/x", "d/y", "d/y", None, None], lambda k: k, taken) == ["d/y", None, None]


def test_answering_a_card_buries_its_siblings_and_undo_brings_them_back():
    group = {"x.c1": "x", "x.c2": "x", "y": None, "x.c3": "x"}
    engine = SessionEngine.build([], ["x.c1", "y", "x.c2", "x.c3"], sibling=group.get)
    engine.answer(1)  # x.c1 missed: its repeat comes back, its siblings do not
    assert [e.item for e in engine.queue] == ["y", "x.c1"]
    assert engine.buried_count == 2
    engine.undo()
    assert [e.item for e in engine.queue] == ["x.c1", "y", "x.c2", "x.c3"]
    assert engine.buried_count == 0


def test_todays_misses_come_first_as_repeats():
    engine = SessionEngine.build(["r"], ["n"], again=[("m", 1), ("h", 3)])
    kinds = [(e.item, e.kind, e.scheduled, e.again, e.earlier_today) for e in engine.queue]
    assert kinds == [
        ("m", "repeat", False, "missed", True),
        ("h", "repeat", False, "hard", True),
        ("r", "review", True, "", False),
        ("n", "new", True, "", False),
    ]
