"""kinesis-tutor plan through the real CLI: --json and its documented schema, the screen at 80x24
and at 60 columns, bad input as one line, and the date through config set / unset.

The CLI runs on the real clock: dates are set relative to ``studyday.today()``."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.core import studyday
from kinesis_tutor.store import open_store

DOCS = Path(__file__).resolve().parent.parent / "docs" / "plan.md"
DECK = "format_version: 1\nid: fx-cli\ntitle: Plan CLI deck\ncards:\n" + "".join(
    f"  - id: c{n}\n    kind: basic\n    front: Question {n}?\n    back: Answer {n}.\n"
    f"    explanation: Because {n}.\n    tags: [{'dea-store' if n % 2 else 'dea-ingestion'}]\n"
    for n in range(30)
)


@pytest.fixture
def run(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "cli.yaml", DECK)

    def invoke(*args: str, columns: int = 80):
        base = ["--db", str(tmp_path / "p.db"), "--deck-dir", str(decks)]
        return CliRunner().invoke(app, [*base, *args], env={"COLUMNS": str(columns), "LINES": "24"})

    return invoke


def in_days(n: int) -> str:
    return (studyday.today() + timedelta(days=n)).isoformat()


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def keys(value, prefix: str = "") -> set[str]:
    """Every key of a JSON document as a dotted path; list items as ``name[]``."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out |= {f"{prefix}{k}", *keys(v, f"{prefix}{k}.")}
    elif isinstance(value, list) and value:
        out |= keys(value[0], prefix.rstrip(".") + "[].")
    return out


def test_json_has_every_figure_documented_and_is_deterministic(run):
    ok(run("plan", "--exam-date", in_days(30)))
    out = ok(run("plan", "--json", "--deck", "fx-cli"))
    assert ok(run("plan", "--json", "--deck", "fx-cli")) == out  # the same database and day: the same plan
    doc = json.loads(out)
    assert doc["exam_date"] == in_days(30) and doc["days_left"] == 30 and doc["buffer_days"] == 7
    assert (doc["cards_in_scope"], doc["cards_unseen"], doc["new_per_day"], doc["on_track"]) == (30, 30, 2, True)
    assert len(doc["forecast"]) == 30 and sum(d["new"] for d in doc["forecast"]) == 30
    groups = doc["retention"]["groups"]
    assert {g["name"] for g in groups} == {"dea-ingestion", "dea-store"} and doc["retention"]["by"] == "domain"
    assert [g["retention"] for g in groups] == sorted(g["retention"] for g in groups)  # weakest first
    documented = set(re.findall(r"^\| `([^`]+)` \|", DOCS.read_text(encoding="utf-8"), re.M))
    assert keys(doc) <= documented, keys(doc) - documented


def test_the_screen_fits_80_by_24_and_reads_at_60_columns(run):
    ok(run("plan", "--exam-date", in_days(45)))
    wide = ok(run("plan"))
    assert len(wide.splitlines()) <= 24 and max(len(line) for line in wide.splitlines()) <= 80
    assert "in 45 days · review buffer 7 days" in wide
    narrow = ok(run("plan", "--domain", "dea-store", columns=60))
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "#dea-store" in narrow and "Retention on exam day" in narrow


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exam-date", "2020-01-01"], "the exam date 2020-01-01 is in the past"),
        (["--exam-date", "2027-02-30"], "exam_date takes a date as YYYY-MM-DD, e.g. 2027-01-15, not '2027-02-30'"),
        (["--tag", "no-such-tag"], "no card matches --tag no-such-tag: no card is tagged 'no-such-tag'"),
        (["--domain", "dea-stor"], "no exam domain 'dea-stor'; did you mean dea-store?"),
        (["--deck", "fx-clj"], "no deck 'fx-clj' (did you mean 'fx-cli'?)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, args, message):
    result = run("plan", *args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert message in result.stderr and "Traceback" not in result.output


def test_the_date_through_config_set_and_unset(run):
    assert ok(run("config", "set", "exam_date", in_days(60))).strip() == f"exam_date = {in_days(60)}"
    assert re.search(rf"exam_date\W+{in_days(60)}\W+none\W", ok(run("config", "list")))
    assert "in 60 days" in ok(run("plan"))
    moved = ok(run("plan", "--exam-date", in_days(50)))
    assert f"(was {(studyday.today() + timedelta(days=60)):%a %d %b %Y})" in moved
    ok(run("config", "unset", "exam_date"))
    undated = ok(run("plan"))
    assert "No exam date set: kinesis-tutor plan --exam-date YYYY-MM-DD sets it." in undated
    assert "At 20 new a day every card is seen by" in " ".join(undated.split())
    assert json.loads(ok(run("plan", "--json")))["on_track"] is False


def test_the_date_travels_with_an_export(run, tmp_path):
    ok(run("plan", "--exam-date", in_days(40)))
    ok(run("export", "-o", str(tmp_path / "progress.json")))
    assert json.loads((tmp_path / "progress.json").read_text())["settings"]["exam_date"] == int(
        in_days(40).replace("-", "")
    )
    other = ["--db", str(tmp_path / "other.db")]
    ok(CliRunner().invoke(app, [*other, "import", str(tmp_path / "progress.json")]))
    assert "in 40 days" in ok(CliRunner().invoke(app, [*other, "plan"], env={"COLUMNS": "80"}))


def test_help_names_every_exam_domain(run):
    from kinesis_tutor.core.exam_forms import WEIGHTED

    shown = " ".join(ok(run("plan", "--help")).split())
    assert all(d.tag in shown for d in WEIGHTED)
    assert "kinesis-tutor plan --exam-date 2027-01-15" in shown


def test_a_passed_date_says_so_in_json_too_and_study_pace_is_new_per_day(run, tmp_path):
    ok(run("plan"))  # creates the database
    with open_store(tmp_path / "p.db") as store:  # a date set weeks ago, which has passed since
        store.set_setting("exam_date", in_days(-3).replace("-", ""))
    screen = " ".join(ok(run("plan")).split())
    figures = json.loads(ok(run("plan", "--json")))
    assert figures["status"] == "past"
    assert "has passed" in figures["advice"]
    assert figures["advice"] in screen
    assert "new_per_day" not in figures["advice"]  # not the advice of a learner who is behind
    assert figures["pace"]["new_per_day"] == 20  # study goes back to new_per_day
    assert figures["pace"]["source"] == "setting"


def test_config_set_refuses_a_past_exam_date_like_plan_does(run):
    result = run("config", "set", "exam_date", in_days(-1))
    assert result.exit_code == 2
    assert "is in the past" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(ok(run("plan", "--json")))["exam_date"] is None
    assert ok(run("config", "set", "exam_date", in_days(0))).strip() == f"exam_date = {in_days(0)}"
