"""The answer screen in a real pseudo-terminal at 80×24 and 60×20, read through pyte: an
exam-style card (a long stem, four long options) answered by its number; the question's first
line, the verdict and the right answer stay on screen on every page, and "More below" pages the
rest under them."""

from __future__ import annotations

import io
import re

import pexpect
import pyte
import pytest
from conftest import export, spawn_cli, write_deck

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.decks.loader import load_library
from kinesis_tutor.ui import answer_screen, render

EXAM_CARD = ("study", "--deck", "exam-ingestion", "--new", "1")  # one exam-style card of the bundled content
BORDERS = re.compile(r"[│╭╮╰╯─]")


def words(text: str) -> str:
    return " ".join(BORDERS.sub(" ", text).split())


def screen_of(log: io.StringIO, columns: int, rows: int) -> str:
    screen = pyte.Screen(columns, rows)
    pyte.Stream(screen).feed(log.getvalue())
    return words("\n".join(screen.display))


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 20)])
def test_an_exam_style_answer_keeps_question_verdict_and_answer_on_every_page(tmp_path, isolated_home, columns, rows):
    cards = [c for c in load_library([content_dir()]).cards() if c.deck == "exam-ingestion"]
    log = io.StringIO()
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, *EXAM_CARD, log=log, dimensions=(rows, columns))
    child.expect("Your answer")
    child.expect(r"1\. ")  # at 60×20 option 4 is below the rows left: the list scrolls, 4 still picks it
    child.send("4")
    child.expect_exact("\x1b[2J")  # the answer screen replaces the question
    found = child.expect(["More below", "How was it", "Press Enter to continue"])
    first = screen_of(log, columns, rows)
    card = next(c for c in cards if words(answer_screen.first_line(c.prompt, columns - 4)) in first)
    head = [
        words(answer_screen.first_line(card.prompt, columns - 4).rstrip("…")),
        words(render.answer_text(card)),
    ]
    pages = 0
    while found == 0:
        pages += 1
        seen = screen_of(log, columns, rows)
        assert all(part in seen for part in head), seen
        assert "✔ Right" in seen or "✘ Not quite" in seen
        child.send("\r")
        child.expect_exact("\x1b[2J")  # the next page, under the same head
        found = child.expect(["More below", "How was it", "Press Enter to continue"])
    seen = screen_of(log, columns, rows)
    assert all(part in seen for part in head), seen
    # the verdict is the one the prompt under it goes with: a grade after a right answer, Enter after a miss
    assert ("✔ Right" if found == 1 else "✘ Not quite") in seen, seen
    assert words(card.explanation)[:60] in seen  # the last page: the explanation, under the same head
    assert pages >= 1  # four argued options and the explanation do not fit one 24-row screen
    child.send("q")
    child.expect(pexpect.EOF)


def test_study_with_an_unknown_tag_is_one_line_with_did_you_mean(tmp_path, isolated_home):
    """Not "No card is scheduled yet" (issue 15, item 6): the tag does not exist."""
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, "study", "--tag", "replayy", dimensions=(24, 80))
    out = child.read()
    child.close()
    assert child.exitstatus == 2
    assert "kinesis-tutor: error: no card has the tag 'replayy' (did you mean 'replay'?)" in words(out)
    assert "Traceback" not in out and "No card is scheduled" not in out


EXAM_DECK = """
format_version: 1
id: narrowexam
title: Two questions for a narrow exam
tags: [narrowexam]
cards:
  - id: write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    explanation: One shard takes 1 MB/s or 1,000 records/s of writes.
  - id: replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    explanation: Firehose stores nothing once delivered; replay needs Data Streams.
"""


def test_the_exam_status_bar_fits_60_columns_and_an_exam_with_no_answer_is_not_kept(tmp_path, isolated_home):
    decks = tmp_path / "decks"
    write_deck(decks, "narrow.yaml", EXAM_DECK)
    db = tmp_path / "p.db"
    log = io.StringIO()
    args = ("exam", "--tag", "narrowexam", "--questions", "2", "--minutes", "5")
    child = spawn_cli(isolated_home, db, decks, *args, log=log, dimensions=(20, 60))
    child.expect("Start the exam")
    child.send("\r")
    child.expect("answered")
    child.expect("⚑")
    screen = pyte.Screen(60, 20)
    pyte.Stream(screen).feed(log.getvalue())
    bar = next(line for line in screen.display if "answered" in line)
    assert re.search(r"⏱ \d+:\d\d │ Q1/2 │ 0/2 answered │ ⚑ 0", bar), bar  # every figure, none cut
    child.sendintr()
    child.expect("Submit now")
    child.sendintr()
    child.expect("not kept")
    child.expect(pexpect.EOF)
    assert export(db, decks)["exam_attempts"] == []


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 20)])
def test_explain_is_one_screen_of_the_terminal_it_runs_in(tmp_path, isolated_home, columns, rows):
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, "explain", "kds", dimensions=(rows, columns))
    out = child.read()
    child.close()
    assert child.exitstatus == 0
    printed = out.rstrip("\r\n").split("\r\n")
    assert len(printed) <= rows - 2, len(printed)  # the command line above, the shell prompt below
    screen = pyte.Screen(columns, rows)
    pyte.Stream(screen).feed(out)
    seen = words("\n".join(screen.display))
    assert "Kinesis Data Streams" in seen and "Numbers and limits" in seen
    assert "kinesis-tutor explain kds --full" in seen


def test_u_at_more_below_takes_the_answer_back_and_q_keeps_it(tmp_path, isolated_home):
    """The pager's prompt is a quiz prompt like the others: u undoes the answer just given (the
    card is asked again), q ends the session with the answer kept."""
    db = tmp_path / "p.db"
    child = spawn_cli(isolated_home, db, None, *EXAM_CARD, dimensions=(20, 60))
    child.expect(r"1\. ")
    child.send("4")
    child.expect("More below")
    child.send("u")
    child.expect("Undone")
    child.expect(r"1\. ")
    child.send("4")
    child.expect("More below")
    child.send("q")
    child.expect("Cards studied")
    child.expect(pexpect.EOF)
    reviews = export(db, tmp_path / "none")["reviews"]
    assert len(reviews) == 1 and reviews[0]["deck_id"] == "exam-ingestion"


def test_skip_the_rest_keeps_the_head_on_screen_above_the_next_prompt(tmp_path, isolated_home):
    """s at "More below": the page is drawn again without the pager's line, so the grade (or
    continue) prompt under it does not push the panel's top off a 60×20 screen."""
    log = io.StringIO()
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, *EXAM_CARD, log=log, dimensions=(20, 60))
    child.expect(r"1\. ")
    child.send("1")
    child.expect("More below")
    child.send("s")
    child.expect(["How was it", "Press Enter to continue"])
    child.expect(["Easy", "Continue"])  # the whole prompt is drawn
    screen = pyte.Screen(60, 20)
    pyte.Stream(screen).feed(log.getvalue())
    assert screen.display[0].startswith("╭─ exam-ingestion"), screen.display
    assert "More below" not in "\n".join(screen.display)
    child.send("q")
    child.expect(pexpect.EOF)
