"""The daily session in a real pseudo-terminal, answered the way a person types."""

from __future__ import annotations

import io
import re
import signal
from datetime import timedelta

import pexpect
from conftest import export, run_exe, spawn_cli, write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.core import studyday

DOWN = "\x1b[B"
DECK = """
format_version: 1
id: ptytest
title: A deck for the terminal test
tags: [pty]
cards:
  - id: shard-write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    explanation: One shard takes 1 MB/s or 1,000 records/s of writes.
  - id: shard-read
    kind: numeric
    question: How fast can shared-throughput consumers read one shard, together?
    answer: 2 MB/s
    explanation: Two megabytes per second per shard, split between all GetRecords consumers.
  - id: firehose-replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    explanation: Firehose stores nothing once delivered; replay needs Data Streams.
  - id: what-is-shard
    kind: basic
    front: What is a shard?
    back: A unit of capacity of a data stream.
    explanation: Capacity is the sum of the shards.
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    shuffle: false
    explanation: Both keep a log for a retention period.
  - id: retention
    kind: cloze
    text: "Data Streams keeps records for {{c1::24 hours}} by default."
    explanation: It can be raised to 365 days.
"""


def spawn_study(tmp_path, home, *args):
    decks = tmp_path / "decks"
    write_deck(decks, "pty.yaml", DECK)
    db = tmp_path / "p.db"
    child = spawn_cli(home, db, decks, "study", "--deck", "ptytest", *args, log=tmp_path / "screen.log")
    return child, db, decks


def test_a_morning_session_with_undo_and_quit(tmp_path, isolated_home):
    child, db, decks = spawn_study(tmp_path, isolated_home)
    # 1. mcq: the number key picks "1 MB/s"; the answer is right, Enter means Good.
    child.expect("How fast can one shard take writes")
    child.expect("Your answer")
    child.send("2")
    child.expect("Right")
    child.expect("How was it")
    child.send("\r")
    # 2. numeric: an empty Enter asks again (it is no answer); typed in another unit, still right; 5 = Easy.
    child.expect("How fast can shared-throughput")
    child.expect("Your answer")
    child.send("\r")
    child.expect("Type your answer first")
    child.send("2000 KB/s\r")
    child.expect("Right")
    child.expect("How was it")
    child.send("5")
    # 3. true/false: arrow down to False would be right; pick True instead (wrong).
    child.expect("Firehose can replay")
    child.expect("Your answer")
    child.send("\r")
    child.expect("Not quite")
    child.expect("stores nothing")  # the explanation is shown
    child.expect("Press Enter to continue")
    child.send("\r")
    # 4. basic: reveal, then grade 3 (Hard) with a digit.
    child.expect("What is a shard")
    child.send("\r")
    child.expect("A unit of capacity")
    child.expect("How well did you know it")
    child.send("3")
    # 5. multi: press u instead: the basic card's answer is taken back and it is asked again.
    child.expect("Which two can replay")
    child.expect("Choose 2")
    child.send("u")
    child.expect("What is a shard")
    child.expect("Undone")
    child.send("\r")
    child.expect("How well did you know it")
    child.send(DOWN)  # from Good (the default) down to Easy
    child.send("\r")
    # 6. multi again: quit with q; the summary is shown.
    child.expect("Which two can replay")
    child.send("q")
    child.expect("Cards studied")
    child.expect("Accuracy")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    doc = export(db, decks)
    log = [(r["card_id"], r["quality"], r["kind"]) for r in doc["reviews"]]
    assert log == [
        ("shard-write", 4, "new"),
        ("shard-read", 5, "new"),
        ("firehose-replay", 1, "new"),
        ("what-is-shard", 5, "new"),
    ]


def test_killed_mid_session_loses_nothing_answered(tmp_path, isolated_home):
    child, db, decks = spawn_study(tmp_path, isolated_home)
    child.expect("Your answer")
    child.send("2")
    child.expect("How was it")
    child.send("\r")
    child.expect("Your answer")
    child.send("2 MB/s\r")
    child.expect("How was it")
    child.send("4")
    child.expect("Firehose can replay")
    child.expect("Your answer")
    child.kill(signal.SIGKILL)
    child.close()
    doc = export(db, decks)
    assert [r["card_id"] for r in doc["reviews"]] == ["shard-write", "shard-read"]


def test_ctrl_c_ends_with_summary_and_keeps_answers(tmp_path, isolated_home):
    child, db, decks = spawn_study(tmp_path, isolated_home)
    child.expect("Your answer")
    child.send("1")  # 2 MB/s: wrong
    child.expect("Not quite")
    child.expect("Press Enter to continue")
    child.sendintr()
    child.expect("Cards studied")
    child.expect(pexpect.EOF)
    doc = export(db, decks)
    assert [(r["card_id"], r["quality"]) for r in doc["reviews"]] == [("shard-write", 1)]


def test_nothing_due_says_when_next(tmp_path, isolated_home):
    # One new card answered Good today: SM-2 gives it one day, so it is next due tomorrow.
    child, _db, _decks = spawn_study(tmp_path, isolated_home, "--new", "1")
    child.expect("Your answer")
    child.send("2")
    child.expect("How was it")
    child.send("\r")
    child.expect("Cards studied")
    child.expect(pexpect.EOF)
    child.close()

    child, _db, _decks = spawn_study(tmp_path, isolated_home, "--new", "0")
    child.expect("Nothing due right now")
    tomorrow = studyday.today() + timedelta(days=1)
    said = f"tomorrow ({tomorrow:%a} {tomorrow.day} {tomorrow:%b %Y})"  # the day as said, the date beside it
    child.expect(r"The next card is due (\x1b\[[0-9;]*m)*" + re.escape(said))
    child.expect("What next")
    child.send("3")  # Quit
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_nothing_scheduled_yet_says_so(tmp_path, isolated_home):
    child, _db, _decks = spawn_study(tmp_path, isolated_home, "--new", "0")
    child.expect("Nothing due right now")
    child.expect("No card is scheduled yet")
    child.expect("What next")
    child.send("3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_study_without_a_terminal_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "study"])
    assert result.exit_code == 2
    assert "needs an interactive terminal" in result.stderr
    assert "Traceback" not in result.output


def test_study_without_a_terminal_from_a_pipe(tmp_path, isolated_home):
    proc = run_exe(isolated_home, "--db", str(tmp_path / "x.db"), "study")
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("kinesis-tutor: error:") and "needs an interactive terminal" in last, proc.stderr
    assert "Traceback" not in proc.stderr


LONG_DECK = """
format_version: 1
id: longopts
title: Long options
cards:
  - id: arch
    kind: mcq
    question: Which design keeps every consumer's read throughput of its own?
    choices:
      - &key >-
        Register each application as an enhanced fan-out consumer so that each one receives its own
        read throughput per shard
      - >-
        Run all six applications as shared-throughput consumers and add shards until GetRecords
        stops being throttled
    answer: *key
    shuffle: false
    explanation: Enhanced fan-out gives each registered consumer its own 2 MB/s per shard.
"""


def test_long_options_are_wrapped_whole_at_80_columns(tmp_path, isolated_home):
    """An exam-style option is an architecture whose deciding detail is at its end: at 80 columns
    it is wrapped onto a second line, never cut."""
    import pyte

    decks = tmp_path / "decks"
    write_deck(decks, "long.yaml", LONG_DECK)
    log = io.StringIO()
    child = spawn_cli(
        isolated_home, tmp_path / "p.db", decks, "study", "--deck", "longopts", log=log, dimensions=(24, 80)
    )
    child.expect("until GetRecords stops being throttled")
    screen = pyte.Screen(80, 24)
    pyte.Stream(screen).feed(log.getvalue())
    text = "\n".join(line.rstrip() for line in screen.display)
    assert "1. Register each application as an enhanced fan-out consumer so that each" in text
    assert "one receives its own read throughput per shard" in text
    assert "2. Run all six applications as shared-throughput consumers and add shards" in text
    assert "until GetRecords stops being throttled" in text
    assert "…" not in text
    child.send("1")  # the wrapped option is still one option: its number answers with it
    child.expect("Right")
    child.expect("How was it")
    child.send("q")
    child.expect(pexpect.EOF)
