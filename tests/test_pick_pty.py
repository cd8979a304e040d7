"""The scenario picker in a real pseudo-terminal: options are shuffled, so the tests read the
number of each option off the screen, the way a person does."""

from __future__ import annotations

import io
import json
import re

import pexpect
from conftest import cli, spawn_cli, write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

DECK = """
format_version: 1
id: pickpty
title: Two scenarios for the terminal test
tags: [pickpty]
cards:
  - id: audit-replay
    kind: scenario
    situation: After a faulty release, an audit team must re-read every event of the last seven days in order.
    options: [kds, firehose, sqs-standard]
    answer: kds
    why: A data stream keeps records for its retention period, so consumers can re-read them in shard order.
    why_not:
      firehose: Firehose keeps nothing once it has delivered a batch.
      sqs-standard: A queue deletes each message once a worker has handled it.
    clues: [re-read, last seven days]
    explanation: Replay needs retention.
  - id: clicks-to-s3
    kind: scenario
    situation: Clickstream events must land in S3 as compressed files every minute, with no code to write or run.
    options: [kds, firehose]
    answer: firehose
    why: Firehose buffers, compresses and delivers to S3 by itself.
    why_not:
      kds: Data Streams needs a consumer application to write anything to S3.
    clues: [no code, compressed files]
    explanation: Delivery is what Firehose is for.
"""
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def plain(screen: str) -> str:
    """What was on the screen as one line of words: no escape codes, borders or line breaks."""
    text = ANSI.sub("", screen)
    text = re.sub(r"[│╭╮╰╯─┃]", " ", text)
    return re.sub(r"\s+", " ", text)


def spawn_pick(tmp_path, home, *args):
    decks = tmp_path / "decks"
    write_deck(decks, "pickpty.yaml", DECK)
    db = tmp_path / "p.db"
    child = spawn_cli(home, db, decks, "pick", *args)
    screen = io.StringIO()
    child.logfile_read = screen
    return child, db, decks, screen


def option_number(child, name: str) -> str:
    """The digit shown before ``name`` in the list of options on screen."""
    child.expect(r"(\d)\. " + re.escape(name))
    return child.match.group(1)


def test_one_right_one_wrong_shows_reasons_and_the_confusion(tmp_path, isolated_home):
    child, db, decks, screen = spawn_pick(tmp_path, isolated_home, "--count", "2", "--tag", "pickpty")
    # 1. the audit: Kinesis Data Streams is right.
    child.expect("re-read every event")
    child.expect("Which service fits best")
    child.send(option_number(child, "Kinesis Data Streams"))
    child.expect("Right")
    child.expect("How was it")
    first = plain(screen.getvalue())
    assert "Firehose keeps nothing once it has delivered a batch." in first  # why not, per option
    assert "A queue deletes each message once a worker has handled it." in first
    assert "so consumers can re-read them in shard order" in first  # why it fits
    child.send("\r")
    # 2. the clickstream: pick Kinesis Data Streams, which is wrong.
    child.expect("Clickstream events must land in S3")
    child.expect("Which service fits best")
    mark = len(screen.getvalue())
    child.send(option_number(child, "Kinesis Data Streams"))
    child.expect("Not quite")
    child.expect("Press Enter to continue")
    second = plain(screen.getvalue()[mark:])
    assert "you answered Kinesis Data Streams" in second
    assert "Amazon Data Firehose" in second and "Firehose buffers, compresses and delivers to S3 by itself." in second
    assert "Data Streams needs a consumer application to write anything to S3." in second
    child.send("\r")
    # 3. the end of the run: the score and this run's confusion.
    child.expect("Score")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    end = plain(screen.getvalue()).split("Score", 1)[1]
    assert end.startswith(" 1 / 2 right (50%)")
    assert (
        "You chose Kinesis Data Streams once where Amazon Data Firehose was right — "
        "“no code”, “compressed files” point to Amazon Data Firehose."
    ) in end
    assert "kinesis-tutor compare kds firehose" in end

    doc = json.loads(cli(db, decks, "export", "--format", "json"))
    log = [(r["card_id"], r["kind"], r["correct"], r["response"], r["quality"]) for r in doc["reviews"]]
    assert log == [("audit-replay", "pick", True, "kds", 4), ("clicks-to-s3", "pick", False, "kds", 1)]
    # the answers went through SM-2: both cards have a schedule now
    states = {c["card_id"]: c["state"] for c in doc["cards"] if c["deck_id"] == "pickpty"}
    assert states["audit-replay"]["repetitions"] == 1 and states["clicks-to-s3"]["repetitions"] == 0

    confusions = plain(cli(db, decks, "pick", "--confusions"))
    assert "all pick runs: 1 of 2 answers right" in confusions
    assert "1. You chose Kinesis Data Streams once where Amazon Data Firehose was right" in confusions


def test_undo_takes_a_wrong_answer_and_its_confusion_back_and_q_ends_the_run(tmp_path, isolated_home):
    child, db, decks, screen = spawn_pick(tmp_path, isolated_home, "--count", "2", "--tag", "pickpty")
    child.expect("re-read every event")
    child.send(option_number(child, "Amazon Data Firehose"))  # wrong
    child.expect("Not quite")
    child.expect("Press Enter to continue")
    child.send("\r")
    child.expect("Clickstream events must land in S3")
    child.expect("Which service fits best")
    child.send("u")  # take the wrong answer back
    child.expect("re-read every event")
    child.expect("Undone")
    child.send(option_number(child, "Kinesis Data Streams"))
    child.expect("How was it")
    child.send("5")
    child.expect("Clickstream events must land in S3")
    child.expect("Which service fits best")
    child.send("q")
    child.expect("Pick run paused")
    child.expect(pexpect.EOF)
    end = plain(screen.getvalue()).split("Pick run paused", 1)[1]
    assert "Score 1 / 1 right (100%)" in end
    assert "Left 1 scenario not reached" in end
    assert "No confusions this run." in end

    doc = json.loads(cli(db, decks, "export", "--format", "json"))
    assert [(r["card_id"], r["correct"], r["quality"]) for r in doc["reviews"]] == [("audit-replay", True, 5)]
    assert "No confusions: every pick answer so far was right." in cli(db, decks, "pick", "--confusions")


def test_ctrl_c_keeps_the_answers_and_shows_the_score(tmp_path, isolated_home):
    child, db, decks, screen = spawn_pick(tmp_path, isolated_home, "--tag", "pickpty")
    child.expect("re-read every event")
    child.send(option_number(child, "SQS standard queue"))
    child.expect("Press Enter to continue")
    child.sendintr()
    child.expect("Score")
    child.expect(pexpect.EOF)
    assert "Score 0 / 1 right (0%)" in plain(screen.getvalue())
    doc = json.loads(cli(db, decks, "export", "--format", "json"))
    assert [(r["card_id"], r["response"], r["correct"]) for r in doc["reviews"]] == [
        ("audit-replay", "sqs-standard", False)
    ]


def test_pick_checks_its_filters_before_it_needs_a_terminal(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "pickpty.yaml", DECK)
    base = ["--db", str(tmp_path / "p.db"), "--deck-dir", str(decks), "pick"]
    typo = CliRunner().invoke(app, [*base, "--tag", "pickptx"])
    assert typo.exit_code == 2 and "did you mean 'pickpty'?" in typo.stderr
    service = CliRunner().invoke(app, [*base, "--services", "kds,firehoze"])
    assert service.exit_code == 2 and "did you mean 'firehose'?" in service.stderr
    empty = CliRunner().invoke(app, [*base, "--tag", "pickpty", "--services", "sqs-fifo"])
    assert empty.exit_code == 0
    assert "No scenario has the tag 'pickpty' and SQS FIFO queue as its answer." in " ".join(empty.stdout.split())
    no_tty = CliRunner().invoke(app, [*base, "--tag", "pickpty"])
    assert no_tty.exit_code == 2 and "needs an interactive terminal" in no_tty.stderr
    for result in (typo, service, empty, no_tty):
        assert "Traceback" not in result.output


# ------------------------------------------------------------------ which scenarios a run asks (issue 15, item 6)


def bundled_scenarios():
    from kinesis_tutor.app.paths import content_dir
    from kinesis_tutor.core.review import StudyItem
    from kinesis_tutor.decks.loader import load_library

    cards = [c for c in load_library([content_dir()]).cards() if c.kind == "scenario"]
    return [StudyItem(n, c, None) for n, c in enumerate(cards)]


def test_a_fresh_run_spreads_over_the_right_services():
    from collections import Counter
    from datetime import date

    from kinesis_tutor.core import picker

    run = picker.build_run(bundled_scenarios(), date(2026, 11, 30), 10)
    answers = Counter(item.card.answer[0] for item in run)
    assert len(run) == 10
    assert max(answers.values()) == 1, answers  # ten scenarios, ten different right services
    messaging = sum(answers[s] for s in ("sqs-standard", "sqs-fifo", "sns", "amazon-mq", "eventbridge"))
    assert messaging <= 5


def test_services_drills_scenarios_that_set_those_services_side_by_side():
    from datetime import date

    from kinesis_tutor.core import picker

    run = picker.build_run(bundled_scenarios(), date(2026, 11, 30), 50, services=["kds", "firehose"])
    assert len(run) >= 10
    for item in run:
        right = item.card.answer[0]
        assert right in ("kds", "firehose")
        assert ({"kds", "firehose"} - {right}) <= set(item.card.choices), item.card.key
    assert {item.card.answer[0] for item in run} == {"kds", "firehose"}
