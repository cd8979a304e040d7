"""A hostile-deck corpus: values an author (or an attacker) may write, each through the commands a
learner runs. A value that is ordinary text is read as written and every command works; a value
that cannot be text (an explicit YAML tag, a control character) is refused as one
``FILE:LINE:COL: error:`` line, exit code 1, and never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pexpect
import pytest
from conftest import spawn_cli, write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

runner = CliRunner()
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")

# Unquoted values that YAML 1.1 would turn into dates, floats, octal and hexadecimal numbers.
AS_WRITTEN = """\
format_version: 1
id: hostile
title: Values as written
cards:
  - id: versions
    kind: mcq
    question: Which Python version added the match statement?
    choices: [3.1, 3.10, 3.9]
    answer: 3.10
    shuffle: false
    explanation: Pattern matching arrived in 3.10, which is not 3.1.
    changed:
      before: old notes
      now: new notes
      since: 2023-09-31
  - id: modes
    kind: mcq
    question: Which mode makes a script executable by everyone?
    choices: [0755, 0644, 0x1ff]
    answer: 0755
    explanation: rwx for the owner, rx for the others.
    changed: {before: a, now: b, since: 2024-13-01}
  - id: 2024
    kind: basic
    front: 1_000
    back: 1e3
    explanation: Both are written as the author wrote them.
"""


def invoke(decks, *args: str):
    result = runner.invoke(app, ["--deck-dir", str(decks), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "decks"


def test_dates_floats_and_octal_numbers_are_read_as_written(folder):
    write_deck(folder, "deck.yaml", AS_WRITTEN)
    result = invoke(folder, "decks", "validate", str(folder / "deck.yaml"))
    assert (result.exit_code, result.stderr) == (0, "")
    shown = invoke(folder, "decks", "preview", "hostile", "versions").stdout
    choices = [line.split()[1:2] for line in shown.splitlines() if re.match(r"^ *\d\. ", line)]
    assert choices == [["3.1"], ["3.10"], ["3.9"]]  # two different choices, in the order written
    assert "Answer: 3.10" in shown and "Changed: 2023-09-31" in shown
    modes = invoke(folder, "decks", "preview", "hostile", "modes").stdout
    assert "0755" in modes and "0x1ff" in modes and "2024-13-01" in modes
    basic = invoke(folder, "decks", "preview", "hostile", "2024").stdout
    assert "1_000" in basic and "1e3" in basic


@pytest.mark.parametrize(
    "command",
    [
        ["decks", "list"],
        ["decks", "list", "--json"],
        ["decks", "show", "hostile"],
        ["stats"],
        ["compare"],
        ["explain", "kds"],
    ],
    ids=" ".join,
)
def test_every_command_works_with_values_as_written(folder, command):
    write_deck(folder, "deck.yaml", AS_WRITTEN)
    result = invoke(folder, *command)
    assert (result.exit_code, result.stderr) == (0, "")


def test_study_asks_a_card_with_values_as_written(tmp_path, isolated_home):
    decks = tmp_path / "decks"
    write_deck(decks, "deck.yaml", AS_WRITTEN)
    child = spawn_cli(isolated_home, tmp_path / "p.db", decks, "study", "--deck", "hostile")
    child.expect("Which Python version added the match statement")
    child.expect("Your answer")
    child.expect("3.10")
    child.send("2")  # the second choice, 3.10, in the order written (shuffle: false)
    child.expect("Right")
    child.expect("How was it")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@dataclass(frozen=True)
class Refused:
    deck: str  # the deck text
    line: int
    col: int
    words: tuple[str, ...]  # in this order in the message


HEAD = "format_version: 1\nid: refused\ntitle: Refused\ncards:\n"
CARD = "  - id: a\n    kind: basic\n    front: {front}\n    back: B\n    explanation: E\n"
REFUSED = {
    "int-tag": Refused(HEAD + CARD.format(front="!!int abc"), 7, 12, ("'!!int'", "plain YAML", "quote")),
    "binary-tag": Refused(HEAD + CARD.format(front="!!binary G1sySg=="), 7, 12, ("'!!binary'", "quote")),
    "timestamp-tag": Refused(HEAD + CARD.format(front="!!timestamp 2024-01-01"), 7, 12, ("'!!timestamp'",)),
    "float-tag-in-a-list": Refused(
        HEAD + CARD.format(front="F") + "    tags: [a, !!float 3.10]\n", 10, 15, ("'!!float'", "quote")
    ),
    "local-tag": Refused(HEAD + CARD.format(front="!shell ls"), 7, 12, ("'!shell'",)),
    "raw-escape": Refused(HEAD + CARD.format(front="Clear \x1b[2J the screen"), 7, 18, ("U+001B", "escape")),
    "escape-in-quotes": Refused(
        HEAD + CARD.format(front='"Title \\e]0;pwned\\a set"'), 7, 12, ("U+001B", "escape", "terminal")
    ),
    "bell-in-quotes": Refused(HEAD + CARD.format(front='"ring \\a"'), 7, 12, ("U+0007", "bell")),
    "c1-csi-in-quotes": Refused(HEAD + CARD.format(front='"csi \\x9b2J"'), 7, 12, ("U+009B",)),
    "raw-delete": Refused(HEAD + "    \x7f\n", 5, 5, ("U+007F", "delete")),
    "carriage-return-in-quotes": Refused(HEAD + CARD.format(front='"over\\rwrite"'), 7, 12, ("U+000D",)),
    "unclosed-quote": Refused(HEAD + CARD.format(front='"never closed'), 7, 12, ("quoted text", "never closed")),
    "missing-colon": Refused(HEAD + CARD.format(front="F").replace("back: B", "back B"), 8, 5, ("no ':'",)),
    "duplicate-key": Refused(
        HEAD + CARD.format(front="F") + "    front: G\n", 10, 5, ("duplicate key 'front'", "line 7")
    ),
    "unclosed-cloze": Refused(
        HEAD + "  - id: z\n    kind: cloze\n    text: '{{c1::xs[::2]'\n    explanation: E\n",
        7,
        5,
        ("card 1 'z', text", "not closed"),
    ),
    "fact-circle": Refused(
        "format_version: 1\nid: refused\ntitle: Refused\nfacts:\n  a: ${b}\n  b: ${a}\n"
        + "cards:\n"
        + CARD.format(front="${a}"),
        6,
        3,
        ("facts.b", "circle", "a → b → a"),
    ),
    "newline-in-a-quoted-value": Refused(
        HEAD + CARD.format(front="F").replace("kind: basic", "kind: |\n      basic\n      card"),
        6,
        5,
        ("unknown card kind",),
    ),
}


@pytest.mark.parametrize("case", list(REFUSED.values()), ids=list(REFUSED))
def test_a_value_that_cannot_be_text_is_one_line_at_its_place(folder, case):
    path = write_deck(folder, "deck.yaml", case.deck)
    result = invoke(folder, "decks", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    problem, summary = result.stderr.splitlines()
    m = PROBLEM.match(problem)
    assert m, problem
    assert (m["file"], int(m["line"]), int(m["col"])) == ("decks/deck.yaml", case.line, case.col), problem
    assert re.search(".*".join(map(re.escape, case.words)), m["message"]), problem
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert summary == "kinesis-tutor: error: 1 problem(s) in 1 file(s); 0 of 1 deck(s) are fine"


@pytest.mark.parametrize("command", [["decks", "list"], ["stats"], ["compare"], ["explain", "kds"]], ids=" ".join)
def test_a_refused_deck_is_skipped_by_every_command_with_its_line(folder, command):
    write_deck(folder, "deck.yaml", REFUSED["escape-in-quotes"].deck)
    result = invoke(folder, *command)
    assert result.exit_code == 0
    problem, warning = result.stderr.splitlines()
    assert problem.startswith("decks/deck.yaml:7:12: error: a control character (U+001B, escape)")
    assert "1 deck file(s)" in warning and "skipped" in warning
    assert "\x1b" not in result.output
