"""The mock exam in a real pseudo-terminal: flag, go back, change an answer, review, submit;
the time running out; Ctrl-C; and the history afterwards."""

from __future__ import annotations

import re
import signal

import pexpect
from conftest import cli, export, spawn_cli, write_deck

UP = "\x1b[A"
RIGHT = "\x1b[C"

DECK = """
format_version: 1
id: ptyexam
title: A deck for the exam test
tags: [ptyexam]
cards:
  - id: write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    explanation: One shard takes 1 MB/s or 1,000 records/s of writes.
  - id: replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    explanation: Firehose stores nothing once delivered; replay needs Data Streams.
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    shuffle: false
    explanation: Both keep a log for a retention period.
  - id: retention
    kind: numeric
    question: Default retention of a data stream, in hours?
    answer: 24 hours
    explanation: Never drawn for the exam (not a multiple-choice kind).
"""

PROMPTS = {"write": "How fast can one shard", "replay": "Firehose can replay", "replayers": "Which two can replay"}
WRONG = {"write": ["1"], "replay": ["1"], "replayers": ["3", "4"]}  # 2 MB/s · True · SQS and SNS (two, both wrong)
RIGHT_KEYS = {"write": ["2"], "replay": ["2"], "replayers": ["1", "2"]}
RIGHT_ANSWER = {"write": "1 MB/s", "replay": "False", "replayers": "Data Streams; Kafka"}


ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


GAP = r"(?:[ \t]|\x1b\[[0-9;?]*[A-Za-z])*"


def see(child, text: str, timeout: float = -1) -> None:
    """Wait for ``text`` on the screen, whatever style codes come between its characters.
    prompt_toolkit may draw a run of spaces as a cursor move, so spaces match either."""
    parts = [GAP if c == " " else re.escape(c) for c in text]
    child.expect(ANSI.join(parts), timeout=timeout)


def spawn(tmp_path, home, *args):
    decks = tmp_path / "decks"
    write_deck(decks, "exam.yaml", DECK)
    db = tmp_path / "p.db"
    env = {"KINESIS_TUTOR_CLOCK_SKIP": str(tmp_path / "clock-skip")}
    child = spawn_cli(
        home, db, decks, "exam", "--tag", "ptyexam", *args, timeout=40, log=tmp_path / "screen.log", env=env
    )
    return child, db, decks


def start(child) -> None:
    see(child, "Mock exam")
    see(child, "3 questions")
    see(child, "Start the exam")
    child.send("\r")


def question(child, number: int, flagged: bool = False) -> str:
    """Wait for question ``number`` to be drawn in full; return which card it is."""
    see(child, f"Question {number} of 3")
    if flagged:
        see(child, "⚑ flagged for review")
    card = list(PROMPTS)[child.expect(list(PROMPTS.values()))]
    see(child, "Time left")
    see(child, "s submit")
    return card


def press(child, keys, number: int, flagged: bool = False) -> None:
    """Choosing redraws the question: wait for it after each key."""
    for key in keys:
        child.send(key)
        question(child, number, flagged)


def test_flag_go_back_change_an_answer_review_and_submit(tmp_path, isolated_home):
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "1")
    start(child)
    # 1. question 1: a wrong answer, then flag it
    first = question(child, 1)
    press(child, WRONG[first], 1)
    child.send("f")
    question(child, 1, flagged=True)
    child.send(RIGHT)
    # 2. question 2: right; → goes on
    second = question(child, 2)
    press(child, RIGHT_KEYS[second], 2)
    child.send(RIGHT)
    # 3. question 3: left unanswered; open the review screen
    third = question(child, 3)
    child.send("r")
    see(child, "Review your answers")
    see(child, "Answered     2 of 3")
    see(child, "Unanswered   1: 3")
    see(child, "Flagged      1: 1")
    see(child, "1. answered   ⚑")
    see(child, "2. answered")
    see(child, "3. unanswered")
    see(child, "Enter open the question")
    # 4. jump back to question 1 (two up from question 3) and change the answer
    child.send(UP)
    child.send(UP)
    child.send("\r")
    assert question(child, 1, flagged=True) == first
    for key in WRONG[first] if first == "replayers" else []:
        press(child, [key], 1, flagged=True)  # untick the wrong choices of a choose-several
    press(child, RIGHT_KEYS[first], 1, flagged=True)
    # 5. submit: the confirmation warns about the unanswered question
    child.send("s")
    see(child, "Submit the exam")
    see(child, "1 question is not answered: 3")
    see(child, "1 flagged for review: 1")
    child.send("y")
    # 6. the score (2 of 3: 100 + 900 × 2/3 = 700), the verdict, topics, the wrong answer explained
    see(child, "Mock exam: FAIL")
    see(child, "700 / 1000")
    see(child, "pass mark 720")
    see(child, "2 of 3")
    see(child, "By topic")
    see(child, "ptyexam")
    see(child, "2/3")
    see(child, "1 wrong answer")
    child.send("\r")
    see(child, "Wrong answer 1 of 1")
    see(child, "question 3 (not answered)")
    child.expect(PROMPTS[third])
    see(child, f"Answer: {RIGHT_ANSWER[third]}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    doc = export(db, decks)
    logged = {r["card_id"]: (r["kind"], r["scheduled"], r["response"], r["correct"]) for r in doc["reviews"]}
    assert logged == {
        first: ("exam", False, RIGHT_ANSWER[first], True),
        second: ("exam", False, RIGHT_ANSWER[second], True),
    }
    assert all(c["state"] is None for c in doc["cards"] if c["deck_id"] == "ptyexam")  # the schedule is untouched
    [attempt] = doc["exam_attempts"]
    assert (attempt["questions"], attempt["correct"], attempt["score"], attempt["passed"]) == (3, 2, 700, False)

    history = cli(db, decks, "exam", "--history")
    assert "700" in history and "FAIL" in history and "Score trend" in history


def test_the_time_runs_out_and_the_exam_submits_itself(tmp_path, isolated_home):
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "1")
    start(child)
    see(child, "Question 1 of 3")
    first = list(PROMPTS)[child.expect(list(PROMPTS.values()))]
    child.expect("Time left " + ANSI + r"[01]:\d\d")  # the clock, in m:ss
    see(child, "s submit")
    press(child, RIGHT_KEYS[first], 1)
    child.send("r")  # and waits on the review screen
    see(child, "Review your answers")
    (tmp_path / "clock-skip").write_text("61", encoding="utf-8")  # the exam's clock jumps past its minute
    see(child, "Time is up")
    see(child, "Mock exam: FAIL")
    see(child, "400 / 1000")
    see(child, "time ran out")
    see(child, "2 wrong answers")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    doc = export(db, decks)
    assert [(r["card_id"], r["kind"], r["correct"]) for r in doc["reviews"]] == [(first, "exam", True)]
    history = cli(db, decks, "exam", "--history")
    assert "400" in history and "⏱" in history and "the time ran out" in history


def test_ctrl_c_asks_then_submits_what_was_answered(tmp_path, isolated_home):
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "5", "--minutes", "5")
    see(child, "Only 3 questions match: the exam has 3 instead of 5.")  # not enough cards: said, and used
    see(child, "Start the exam")
    child.send("\r")
    see(child, "Question 1 of 3")
    card = list(PROMPTS)[child.expect(list(PROMPTS.values()))]
    see(child, "s submit")
    child.send(WRONG[card][0])
    see(child, "Question 1 of 3")
    see(child, "s submit")
    child.sendintr()  # a stray Ctrl-C asks first: n goes back to the exam
    see(child, "Submit now")
    see(child, "Back to the exam")
    child.send("n")
    see(child, "Question 1 of 3")
    see(child, "s submit")
    child.sendintr()
    see(child, "Submit now")
    child.sendintr()  # a second Ctrl-C submits
    see(child, "Interrupted")
    see(child, "100 / 1000")
    see(child, "wrong answers")
    child.sendintr()
    child.expect(pexpect.EOF)
    doc = export(db, decks)
    assert [(r["card_id"], r["kind"], r["correct"]) for r in doc["reviews"]] == [(card, "exam", False)]
    assert len(doc["exam_attempts"]) == 1


def test_a_killed_exam_loses_no_answer_given(tmp_path, isolated_home):
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "5")
    start(child)
    first = question(child, 1)
    press(child, RIGHT_KEYS[first], 1)
    child.send("f")
    question(child, 1, flagged=True)
    child.kill(signal.SIGKILL)
    child.close()
    assert (db.parent / (db.name + ".exam-in-progress.json")).exists()

    history = cli(db, decks, "exam", "--history")  # the next exam command submits the sitting
    assert "Your last exam was interrupted" in " ".join(history.split())
    assert "400" in history  # 1 of 3 right: 100 + 900 / 3
    doc = export(db, decks)
    assert [(r["card_id"], r["kind"], r["correct"]) for r in doc["reviews"]] == [(first, "exam", True)]
    [attempt] = doc["exam_attempts"]
    assert (attempt["questions"], attempt["correct"]) == (3, 1)
    assert not (db.parent / (db.name + ".exam-in-progress.json")).exists()
    assert "interrupted" not in cli(db, decks, "exam", "--history")  # submitted once, not again


def submit_all_right(child, db, decks) -> None:
    """After the last of three questions answered right: the review screen counts 3 of 3, s and y
    submit, the result is a pass with full marks, and each right answer is logged as given."""
    see(child, "Review your answers")
    see(child, "Answered     3 of 3")
    child.send("s")
    see(child, "Submit the exam")
    child.send("y")
    see(child, "Mock exam: PASS")
    see(child, "1000 / 1000")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    reviews = export(db, decks)["reviews"]
    assert sorted((r["card_id"], r["response"], r["correct"]) for r in reviews) == sorted(
        (card, RIGHT_ANSWER[card], True) for card in PROMPTS
    )


def test_a_number_then_enter_records_the_option_of_that_number(tmp_path, isolated_home):
    """The review found that a digit then Enter saved the option under the pointer instead."""
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "5")
    start(child)
    for number in (1, 2, 3):
        card = question(child, number)
        press(child, RIGHT_KEYS[card], number)  # the right option(s), by number; the pointer stays at the top
        child.send("\r")  # Enter: on to the next question (or the review screen after the last)
    submit_all_right(child, db, decks)


DOWN = "\x1b[B"
RIGHT_POSITIONS = {"write": [1], "replay": [1], "replayers": [0, 1]}  # where the right options are, from 0


def test_arrows_then_enter_record_the_option_under_the_pointer(tmp_path, isolated_home):
    """Arrows move the pointer; Enter records the option under it (a choose-several: Space ticks)."""
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "5")
    start(child)
    for number in (1, 2, 3):
        card = question(child, number)
        at = 0
        for position in RIGHT_POSITIONS[card]:
            child.send(DOWN * (position - at))
            at = position
            if card == "replayers":
                press(child, [" "], number)  # Space ticks the option under the pointer
        child.send("\r")  # Enter: records the option under the pointer, on to the next question
    submit_all_right(child, db, decks)


def test_a_number_pressed_twice_keeps_that_option(tmp_path, isolated_home):
    """On a one-answer question a number pressed again keeps its option (it is no toggle); on a
    choose-several one it unticks it. What is recorded is what the learner last chose."""
    child, db, decks = spawn(tmp_path, isolated_home, "--questions", "3", "--minutes", "5")
    start(child)
    for number in (1, 2, 3):
        card = question(child, number)
        if card == "replayers":
            press(child, ["1", "3", "3", "2"], number)  # SQS ticked, then unticked
        else:
            press(child, RIGHT_KEYS[card] * 2, number)
        child.send("\r")
    submit_all_right(child, db, decks)
