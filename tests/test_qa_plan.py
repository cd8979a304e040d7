"""plan on small and odd scopes: a workload bar is never labelled 0 answers, a tag given as --tag
and --domain is named once, and a tag missing from the --deck scope is said to be missing there."""

from __future__ import annotations

import re

import pytest
from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

ONE = """\
format_version: 1
id: qa-one
title: One card
cards:
  - id: only
    kind: basic
    front: Question?
    back: Answer.
    explanation: Because.
    tags: [dea-store]
"""
OTHER = ONE.replace("qa-one", "qa-other").replace("dea-store", "firehose")


@pytest.fixture
def run(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "one.yaml", ONE)
    write_deck(decks, "other.yaml", OTHER)

    def invoke(*args: str):
        base = ["--db", str(tmp_path / "p.db"), "--deck-dir", str(decks)]
        return CliRunner().invoke(app, [*base, *args], env={"COLUMNS": "80"})

    return invoke


def test_a_workload_row_with_a_bar_never_says_zero_answers(run):
    result = run("plan", "--deck", "qa-one")
    assert result.exit_code == 0, result.output
    chart = result.stdout.split("Workload")[1].split("SM-2")[0]
    rows = [line for line in chart.splitlines()[1:] if line.strip()]
    assert rows
    for line in rows:
        number, bar = re.match(r"^\s*\S+ \S+(?:–\S+ \S+)?\s+([\d.,]+)\s*(.*)$", line).groups()
        assert (float(number) > 0) == bool(bar.strip()), line


def test_a_tag_given_as_tag_and_domain_is_named_once(run):
    result = run("plan", "--tag", "dea-store", "--domain", "dea-store")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Exam plan · #dea-store"


def test_a_tag_of_another_deck_is_said_to_be_missing_from_the_deck_given(run):
    result = run("plan", "--deck", "qa-one", "--tag", "firehose")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "kinesis-tutor: error: no card matches --deck qa-one --tag firehose: no card of qa-one is tagged 'firehose'"
    )
