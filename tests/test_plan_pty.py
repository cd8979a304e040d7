"""study follows the exam plan, in a real pseudo-terminal: the countdown line, the plan's pace of
new cards, an explicit --new that wins, and the last week's proposals.

The child runs on the real clock, so the exam date is set relative to the study day it sees
(``studyday.today()``, the same rule and rollover hour)."""

from __future__ import annotations

from datetime import timedelta

import pexpect
from conftest import cli, export, spawn_cli, write_deck

from kinesis_tutor.core import studyday

# Eight cards: #fx-limits on five (enough to be proposed for cram), #fx-order on three.
DECK = "format_version: 1\nid: fx-countdown\ntitle: Countdown\ncards:\n" + "".join(
    f"  - id: c{n}\n    kind: basic\n    front: Question number {n}?\n    back: Answer {n}.\n"
    f"    explanation: Because {n}.\n    tags: [{'fx-limits' if n < 5 else 'fx-order'}]\n"
    for n in range(8)
)


def setup(tmp_path, days: int):
    decks = tmp_path / "decks"
    write_deck(decks, "countdown.yaml", DECK)
    db = tmp_path / "p.db"
    exam = studyday.today() + timedelta(days=days)
    out = cli(db, decks, "plan", "--exam-date", exam.isoformat(), "--deck", "fx-countdown")
    assert f"Exam date set: {exam:%a %d %b %Y}." in out
    return db, decks


def study(tmp_path, home, db, decks, *args):
    return spawn_cli(home, db, decks, "study", "--deck", "fx-countdown", *args, log=tmp_path / "screen.log")


def answer_good(child) -> None:
    child.expect("Question number")
    child.send("\r")  # reveal
    child.expect("How well did you know it")
    child.send("4")


def test_study_shows_the_countdown_and_takes_the_plans_pace(tmp_path, isolated_home):
    # 23 days, the last 7 for reviews: 16 days for 8 cards, so 1 new card today.
    db, decks = setup(tmp_path, 23)
    child = study(tmp_path, isolated_home, db, decks)
    child.expect("Exam in 23 days · on track")
    answer_good(child)
    child.expect("Session ended")
    child.expect(r"Cards studied\s+1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [r["card_id"] for r in export(db, decks)["reviews"]] == ["c0"]


def test_an_explicit_new_still_wins(tmp_path, isolated_home):
    db, decks = setup(tmp_path, 23)
    child = study(tmp_path, isolated_home, db, decks, "--new", "2")
    child.expect("Exam in 23 days · on track")
    answer_good(child)
    answer_good(child)
    child.expect(r"Cards studied\s+2")
    child.expect(pexpect.EOF)
    child.close()
    assert len(export(db, decks)["reviews"]) == 2


def test_the_last_week_proposes_cram_and_a_mock_exam(tmp_path, isolated_home):
    # 5 days left: inside the 7-day review buffer, so no new card; nothing is due either.
    db, decks = setup(tmp_path, 5)
    child = study(tmp_path, isolated_home, db, decks)
    child.expect("Exam in 5 days · review buffer: reviews only")
    child.expect("Last week: cram your weakest tags: kinesis-tutor cram --tag fx-limits")
    child.expect("and sit a full mock exam: kinesis-tutor exam --form 1")
    child.expect("Nothing due right now")
    child.expect("What next")
    child.send("3")  # Quit
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
