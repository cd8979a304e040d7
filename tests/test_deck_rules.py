"""The deck rules no other test exercised, each through the command line an author runs:
``kinesis-tutor --deck-dir FOLDER decks validate FILE``.

Every case is the valid deck below with one edit that breaks exactly one rule; the author must see
exit code 1, exactly one ``FILE:LINE:COL: error: ...`` line pointing at the offending value, in the
project's own words, and no traceback. The control test checks that the unedited deck (the fix of
every case) validates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pexpect
import pytest
from conftest import spawn_cli, write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

runner = CliRunner()

# The line numbers the cases point at are listed after the deck.
VALID = """\
format_version: 1
id: rules
title: Deck rules
cards:
  - id: limits
    kind: cloze
    text: "One shard takes {{c1::1,000}} records and {{c2::1 MB}} per second."
    explanation: Both limits apply.
  - id: throttle
    kind: mcq
    question: Which exception means a shard is over its limit?
    choices: [ProvisionedThroughputExceededException, ThrottlingException, LimitExceededException]
    answer: ProvisionedThroughputExceededException
    explanation: Back off and retry.
  - id: replay
    kind: multi
    question: Which TWO services let a consumer re-read records?
    choices: [Kinesis Data Streams, Amazon MSK, SQS standard queue, Amazon Data Firehose]
    answers: [Kinesis Data Streams, Amazon MSK]
    explanation: Both keep a replayable log.
  - id: write-rate
    kind: numeric
    question: How much data per second can be written to one shard?
    answer: 1 MB/s
    tolerance: 5%
    explanation: Writes over 1 MB/s per shard are throttled.
  - id: clicks
    kind: scenario
    situation: Three teams read the same clicks and must re-read yesterday's data.
    options: [kds, firehose, sqs-standard]
    answer: kds
    clues: [three teams, re-read]
    why: It keeps records and every consumer reads at its own position.
    why_not:
      firehose: It stores nothing and cannot replay.
      sqs-standard: A consumed message is deleted.
    explanation: Replay plus several consumers means Data Streams.
tables:
  - id: streams-vs-firehose
    title: Data Streams vs Data Firehose
    services: [kds, firehose]
    rows:
      - id: ordering
        feature: Ordering
        cells: ["Per shard", "None"]
      - id: replay
        feature: Replay
        cells: ["Yes", "No"]
"""
# line  5: - id: limits          line  7: text:
# line  9: - id: throttle        line 11: question:     line 12: choices:
# line 15: - id: replay          line 18: choices:      line 19: answers:
# line 21: - id: write-rate      line 24: answer:       line 25: tolerance:
# line 27: - id: clicks          line 30: options:      line 31: answer:
# line 41: services:             line 46: - id: replay (second row)

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")
PYDANTIC_WORDS = ("validation error", "pydantic", "Input should", "List should", "errors.pydantic.dev", "type=")


@dataclass(frozen=True)
class Case:
    old: str  # text of VALID that the case replaces (must occur exactly once)
    new: str
    line: int
    col: int
    words: tuple[str, ...]  # key words of the project's message, in order


CASES = {
    "cloze: unclosed deletion": Case(
        "{{c2::1 MB}} per second.", "{{c2::1 MB per second.", 7, 5, ("card 1 'limits', text", "not closed")
    ),
    "cloze: empty deletion": Case("{{c2::1 MB}}", "{{c2::}}", 7, 5, ("card 1 'limits', text", "deletion is empty")),
    "mcq: two choices the same": Case(
        "ThrottlingException, LimitExceededException]",
        "ThrottlingException, ThrottlingException]",
        12,
        5,
        ("card 2 'throttle', choices", "two choices are the same"),
    ),
    "multi: two choices the same": Case(
        "SQS standard queue, Amazon Data Firehose]",
        "SQS standard queue, Amazon MSK]",
        18,
        5,
        ("card 3 'replay', choices", "two choices are the same"),
    ),
    "multi: an answer listed twice": Case(
        "answers: [Kinesis Data Streams, Amazon MSK]",
        "answers: [Kinesis Data Streams, Kinesis Data Streams]",
        19,
        5,
        ("card 3 'replay', answers", "an answer is listed twice"),
    ),
    "multi: no more choices than answers": Case(
        "answers: [Kinesis Data Streams, Amazon MSK]",
        "answers: [Kinesis Data Streams, Amazon MSK, SQS standard queue, Amazon Data Firehose]",
        19,
        5,
        ("card 3 'replay', answers", "needs more choices than answers"),
    ),
    "numeric: answer not a quantity": Case(
        "answer: 1 MB/s", "answer: fast", 24, 5, ("card 4 'write-rate', answer", "'fast' is not a number with a unit")
    ),
    "numeric: invalid tolerance": Case(
        "tolerance: 5%", "tolerance: about 5", 25, 5, ("card 4 'write-rate', tolerance", "'about 5' is not a tolerance")
    ),
    "scenario: answer not among the options": Case(
        "options: [kds, firehose, sqs-standard]",
        "options: [firehose, sqs-standard]",
        31,
        5,
        ("card 5 'clicks', answer", "'kds' is not one of the options"),
    ),
    "scenario: option listed twice": Case(
        "options: [kds, firehose, sqs-standard]",
        "options: [kds, firehose, sqs-standard, firehose]",
        30,
        5,
        ("card 5 'clicks', options", "an option is listed twice"),
    ),
    "table: unknown service": Case(
        "services: [kds, firehose]",
        "services: [kds, kafka]",
        41,
        21,  # the 'kafka' itself
        ("table 1 'streams-vs-firehose', services #2", "unknown service 'kafka'"),
    ),
    "table: service listed twice": Case(
        "services: [kds, firehose]",
        "services: [kds, kds]",
        41,
        5,
        ("table 1 'streams-vs-firehose', services", "a service is listed twice"),
    ),
    "table: duplicate row id": Case(
        "- id: replay\n        feature: Replay",
        "- id: ordering\n        feature: Replay",
        46,
        9,  # the second row
        ("table 1 'streams-vs-firehose', row 2 'Replay'", "duplicate row id 'ordering' (rows 1 and 2)"),
    ),
    "model_type: a card that is not a mapping": Case(
        '  - id: limits\n    kind: cloze\n    text: "One shard takes {{c1::1,000}} records and {{c2::1 MB}} '
        'per second."\n    explanation: Both limits apply.\n',
        "  - One shard takes 1,000 records and 1 MB per second.\n",
        5,
        5,
        ("card 1:", "expected a mapping", "got text"),
    ),
    "string_type: a list where text is wanted": Case(
        "question: Which exception means a shard is over its limit?",
        "question: [Which exception, over its limit?]",
        11,
        5,
        ("card 2 'throttle', question", "expected text, got a list"),
    ),
    "id pattern: an id with a space": Case(
        "- id: throttle\n",
        "- id: throttle limit\n",
        9,
        5,
        ("card 2 'throttle limit', id", "'throttle limit' is not a valid id"),
    ),
    "id pattern: an id with a slash": Case(
        "- id: throttle\n",
        "- id: throttle/limit\n",
        9,
        5,
        ("card 2 'throttle/limit', id", "'throttle/limit' is not a valid id"),
    ),
    "too_short: an empty list where one is required": Case(
        "choices: [ProvisionedThroughputExceededException, ThrottlingException, LimitExceededException]",
        "choices: []",
        12,
        5,
        ("card 2 'throttle', choices", "needs to have at least 2 items"),
    ),
}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping of long problem lines
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder
    return tmp_path / "decks"


def validate(folder, text: str):
    return invoke(folder, "decks", "validate", str(write_deck(folder, "deck.yaml", text)))


def test_the_valid_deck_validates(folder):
    """The control: the deck every case starts from (that is, every case fixed) is fine."""
    result = validate(folder, VALID)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "1 deck file OK: 1 deck, 14 cards"


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_broken_rule_is_one_problem_at_the_offending_value(folder, case):
    assert VALID.count(case.old) == 1, "the edit must be unambiguous"
    result = validate(folder, VALID.replace(case.old, case.new))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    problems = [m for m in map(PROBLEM.match, lines) if m]
    assert len(problems) == 1, result.stderr
    [problem] = problems
    assert problem["file"] == "decks/deck.yaml"
    assert (int(problem["line"]), int(problem["col"])) == (case.line, case.col), problem.group(0)
    assert re.search(".*".join(map(re.escape, case.words)), problem["message"]), problem["message"]
    for word in PYDANTIC_WORDS:
        assert word not in result.stderr, result.stderr
    assert lines[-1] == "kinesis-tutor: error: 1 problem(s) in 1 file(s); 0 of 1 deck(s) are fine"


# ------------------------------------------------------------------------------ validation sees what study sees


def invoke(folder, *args: str):
    result = runner.invoke(app, ["--deck-dir", str(folder), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_a_deck_id_that_a_bundled_deck_has_is_a_problem_of_the_file_checked(folder, tmp_path):
    path = write_deck(tmp_path, "mine.yaml", VALID.replace("id: rules", "id: kds-core"))
    result = invoke(folder, "decks", "validate", str(path))
    assert result.exit_code == 1
    problem = result.stderr.splitlines()[0]
    assert problem.startswith("mine.yaml:2:1: error: deck id 'kds-core' is already used by "), problem
    assert "kds-core.yaml (a bundled deck)" in problem and "give this deck another id" in problem


def test_two_files_of_the_deck_folders_with_one_id_are_both_told(folder):
    first = write_deck(folder, "a.yaml", VALID)
    second = write_deck(folder, "b.yaml", VALID)
    result = invoke(folder, "decks", "validate", str(first))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "decks/a.yaml:2:1: error: deck id 'rules' is also used by decks/b.yaml, which study skips; "
        "deck ids must be unique"
    )
    result = invoke(folder, "decks", "validate", str(second))
    assert result.stderr.splitlines()[0] == (
        "decks/b.yaml:2:1: error: deck id 'rules' is already used by decks/a.yaml; deck ids must be unique, "
        "and study skips this file: give this deck another id"
    )


BROKEN = VALID.replace("answer: ProvisionedThroughputExceededException", "answer: Throttled")


def test_decks_list_json_lists_broken_decks_with_their_problems_and_says_which_are_bundled(folder):
    write_deck(folder, "deck.yaml", BROKEN)
    result = invoke(folder, "decks", "list", "--json")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in json.loads(result.stdout)["decks"]}
    assert rows["rules"]["ok"] is False and rows["rules"]["bundled"] is False
    assert rows["rules"]["problems"] == [
        "decks/deck.yaml:13:5: error: card 2 'throttle', answer: 'Throttled' is not one of the choices"
    ]
    assert rows["kds-core"]["ok"] is True and rows["kds-core"]["bundled"] is True and rows["kds-core"]["problems"] == []


def test_showing_a_deck_with_problems_says_so_not_no_such_deck(folder):
    write_deck(folder, "deck.yaml", BROKEN)
    result = invoke(folder, "decks", "show", "rules")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "kinesis-tutor: error: deck 'rules' has 1 problem(s) and is skipped until they are fixed; "
        "'kinesis-tutor decks validate decks/deck.yaml' lists them"
    )
    assert "no deck" not in result.stderr


def test_studying_a_deck_with_problems_says_so_not_no_such_deck(tmp_path, isolated_home):
    decks = tmp_path / "decks"
    write_deck(decks, "deck.yaml", BROKEN)
    child = spawn_cli(isolated_home, tmp_path / "p.db", decks, "study", "--deck", "rules")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "kinesis-tutor: error: deck 'rules' has 1 problem(s) and is skipped until they are fixed; " in child.before
    assert "no deck" not in child.before and "Traceback" not in child.before


def test_every_duplicate_key_of_a_deck_is_one_line(folder):
    text = VALID.replace(
        "    explanation: Both limits apply.\n", "    explanation: Both limits apply.\n    text: again\n"
    )
    text = text.replace("title: Deck rules\n", "title: Deck rules\ntitle: Twice\n")
    result = validate(folder, text)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "decks/deck.yaml:4:1: error: duplicate key 'title' (first on line 3); keep one",
        "decks/deck.yaml:10:5: error: duplicate key 'text' (first on line 8); keep one",
    ]
