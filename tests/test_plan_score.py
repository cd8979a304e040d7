"""Readiness as a projected exam score, from the learner's own mock exams; and where stats shows it."""

from __future__ import annotations

import json
import math

from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.exam_draw import Question
from kinesis_tutor.core.exam_score import Outcome, Result
from kinesis_tutor.core.plan_score import projected_score
from kinesis_tutor.store import exams, open_store


def test_one_full_exam_worked_out_by_hand():
    """45 of 65 right: share 0.6923, score round(100 + 900 × 0.6923) = 723. Smoothed share
    46/67; standard deviation sqrt(2 × 46/67 × 21/67 / 65) = 0.0814 (the attempt's own error and
    one real exam's luck); range 723 ∓ 900 × 1.645 × 0.0814 = 603 to 844."""
    estimate = projected_score([(45, 65)])
    assert estimate is not None
    assert (estimate.score, estimate.low, estimate.high) == (723, 603, 844)
    assert (estimate.attempts, estimate.questions) == (1, 65)
    sd = math.sqrt(2 * 46 / 67 * 21 / 67 / 65)
    assert estimate.pass_chance == 0.5 * math.erfc((620 / 900 - 45 / 65) / (sd * math.sqrt(2)))


def test_more_exams_narrow_the_range_and_only_the_latest_five_count():
    one, four = projected_score([(45, 65)]), projected_score([(45, 65)] * 4)
    assert one and four and one.score == four.score
    assert four.high - four.low < one.high - one.low
    improved = projected_score([(20, 65)] * 3 + [(50, 65)] * 5)  # three early failures no longer count
    assert improved and improved.score == round(100 + 900 * 50 / 65) and improved.attempts == 5


def test_uneven_attempts_widen_the_range_and_a_perfect_one_keeps_some():
    steady, uneven = projected_score([(42, 60), (42, 60)]), projected_score([(30, 60), (54, 60)])
    assert steady and uneven and steady.score == uneven.score
    assert uneven.high - uneven.low > steady.high - steady.low
    perfect = projected_score([(65, 65)])
    assert perfect and perfect.score == 1000 and perfect.low < 1000


def test_no_exam_no_estimate():
    assert projected_score([]) is None
    assert projected_score([(0, 0)]) is None


def _attempt(right: int, total: int = 65) -> Result:
    """A submitted exam of ``total`` questions with ``right`` right answers (left unanswered, so
    that saving it logs no answer: only the attempt's score is read)."""
    card = Card(deck="fx-one", id="q", kind="mcq", prompt="?", answer=("a",), explanation="", choices=("a", "b"))
    question = Question(1, 1, card, card.choices, "fx")
    outcomes = [Outcome(question, None, n < right, False) for n in range(total)]
    return Result(outcomes, timed_out=False, seconds_used=600.0, limit_seconds=7800.0)


def test_stats_shows_the_estimate_labelled_as_one(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "one.yaml", "format_version: 1\nid: fx-one\ntitle: One\ncards: []\n")
    db = tmp_path / "p.db"
    with open_store(db) as store:
        for right in (40, 50):
            exams.save(store, None, _attempt(right), started_at="2026-01-01T10:00:00+00:00", minutes=130, tags=[])
    runner = CliRunner()
    args = ["--db", str(db), "--deck-dir", str(decks), "stats"]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.stdout.split())
    want = projected_score([(40, 65), (50, 65)])
    assert want is not None and want.score == round(100 + 900 * 90 / 130)
    assert f"Projected exam score {want.score}, likely {want.low}–{want.high} (pass 720)" in flat
    assert "an estimate from your last 2 mock exams (130 questions), not a promise" in flat
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["exam_score"] == want.as_dict()
