"""Screens of issue 15 left after the QA pass, run in a real pseudo-terminal and read through
pyte at the size a learner has: the exam's long options at 60×20, the exam countdown on the
first study screen, the leeches prompt's keys, the look of ``decks add``."""

from __future__ import annotations

import datetime
import json
import re

import pexpect
import pyte
import pytest
from conftest import run_exe, spawn_cli, write_deck

READS = 200
BORDERS = re.compile(r"[│╭╮╰╯─]")

OPTIONS = [
    "Store the reference table in an SQS queue that the application drains on every event to find the matching "
    "aircraft record",
    "Reload the reference data into the application state periodically or from a change stream whenever the table "
    "is updated",
    "Bake the reference table into the deployment package of the application and redeploy the whole application "
    "once every month",
    "Process the events in a Managed Service for Apache Flink application that joins each event with the broadcast "
    "reference data",
]

EXAM_DECK = f"""
format_version: 1
id: longopts
title: Long options
tags: [longopts]
cards:
  - id: join
    kind: mcq
    question: >-
      An airline streams flight-status events through a Kinesis data stream. Each event must be
      enriched with aircraft details from a reference table that changes a few times a day, then
      written to a second stream within one second. Which design enriches each event?
    choices: {json.dumps(OPTIONS)}
    answer: {json.dumps(OPTIONS[3])}
    shuffle: false
    explanation: A broadcast join keeps the table in every task.
"""


def words(text: str) -> str:
    return " ".join(BORDERS.sub(" ", text).split())


class Terminal:
    """``kinesis-tutor --db DB [--deck-dir DECKS] ARGS…`` in a pseudo-terminal of ``columns``×``rows``
    (conftest.spawn_cli), its output fed to a pyte screen."""

    def __init__(self, home, db, decks, *args: str, columns: int, rows: int, env: dict[str, str] | None = None):
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = spawn_cli(home, db, decks, *args, env=env, dimensions=(rows, columns))
        # a terminal answers where its cursor is (prompt_toolkit asks unless PROMPT_TOOLKIT_NO_CPR=1)
        self.screen.write_process_input = self.child.send  # type: ignore[method-assign]

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return words("\n".join(self.screen.display))

    def wait(self, check, what: str) -> None:
        """Read the output until ``check(self)`` holds: at most ``READS`` pieces of output (the
        exam's clock redraws its bar twice a second, so the output never stops on its own)."""
        for _ in range(READS):
            if check(self):
                return
            try:
                self.child.expect(r"[\s\S]+")
            except (pexpect.TIMEOUT, pexpect.EOF):
                break
            self.stream.feed(self.child.match.group(0))
        if not check(self):
            raise AssertionError(f"never saw {what}; the screen:\n" + "\n".join(self.lines()))

    def see(self, text: str) -> None:
        self.wait(lambda t: words(text) in t.text(), repr(text))

    def send(self, keys: str) -> None:
        self.child.send(keys)


def pointed(term: Terminal) -> str:
    """The option under the pointer, its continuation lines joined to it."""
    lines = term.lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("› "))
    part = [lines[start][2:]]
    for line in lines[start + 1 :]:
        if not line.startswith("      "):
            break
        part.append(line)
    return words(" ".join(part))


def exam(tmp_path, home, columns: int, rows: int) -> Terminal:
    decks = tmp_path / "decks"
    write_deck(decks, "long.yaml", EXAM_DECK)
    term = Terminal(home, tmp_path / "p.db", decks, "exam", "--tag", "longopts", columns=columns, rows=rows)
    term.see("Start the exam")
    term.send("\r")
    term.see("Which design enriches each event?")
    return term


def test_exam_at_60x20_shows_the_pointed_long_option_whole_and_what_is_above_or_below(tmp_path, isolated_home):
    term = exam(tmp_path, isolated_home, 60, 20)
    term.wait(lambda t: "below" in t.text(), "a line saying which options are below")
    said = []
    for n in range(1, 5):
        if n > 1:
            term.send("j")
            term.wait(lambda t, n=n: pointed(t).startswith(f"( ) {n}."), f"the pointer on option {n}")
        assert pointed(term) == f"( ) {n}. {OPTIONS[n - 1]}"  # whole, every line of it
        assert "An airline streams flight-status events" in term.text()  # the question stays above the list
        assert all(len(line) <= 60 for line in term.lines())
        said.append(next(line.strip() for line in term.lines() if line.strip().startswith(("↑", "↓"))))
    assert said[0].startswith("↓ options") and "above" not in said[0]
    assert said[-1] == "↑ options 1–2 above" or said[-1] == "↑ options 1–3 above"
    term.send("\x03")
    term.see("Submit")
    term.child.sendcontrol("c")
    term.child.expect(pexpect.EOF)


def test_exam_at_80x24_lists_every_long_option_whole_with_no_scroll_line(tmp_path, isolated_home):
    term = exam(tmp_path, isolated_home, 80, 24)
    term.see("4. Process the events")
    text = term.text()
    assert all(words(option) in text for option in OPTIONS)
    assert "above" not in text and "below" not in text
    term.send("\x03")
    term.see("Submit")
    term.child.sendcontrol("c")
    term.child.expect(pexpect.EOF)


def plan_exam(tmp_path, home, days: int) -> None:
    """``kinesis-tutor plan --exam-date`` ``days`` from today, as a learner sets it."""
    day = (datetime.date.today() + datetime.timedelta(days=days)).isoformat()
    child = spawn_cli(home, tmp_path / "p.db", None, "plan", "--exam-date", day, timeout=40)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize(("columns", "rows"), [(60, 20), (80, 24)])
def test_the_exam_countdown_stays_above_the_first_card(tmp_path, isolated_home, columns, rows):
    plan_exam(tmp_path, isolated_home, 9)
    term = Terminal(isolated_home, tmp_path / "p.db", None, "study", "--new", "2", columns=columns, rows=rows)
    term.see("Your answer")
    term.wait(lambda t: "1 / " in t.text(), "the first card's progress")
    assert re.match(r"Exam in \d+ days · ", term.lines()[0]), term.lines()
    assert term.lines()[1].startswith(("╭", "kinesis-tutor plan"))  # the panel under it, or the line's end
    term.send("q")
    term.child.expect(pexpect.EOF)


LEECH_DECK = """
format_version: 1
id: fx-leech
title: Leech test
cards:
  - {id: hard, kind: basic, front: What is the hard question?, back: The hard answer., explanation: Because.}
  - {id: easy, kind: basic, front: What is the easy question?, back: The easy answer., explanation: Because.}
"""


@pytest.mark.parametrize(("columns", "rows"), [(60, 20), (80, 24)])
def test_the_next_leech_prompt_shows_only_the_keys_that_work(tmp_path, isolated_home, columns, rows):
    from kinesis_tutor.app.sync import sync
    from kinesis_tutor.store import open_store

    decks = tmp_path / "decks"
    write_deck(decks, "leech.yaml", LEECH_DECK)
    db = tmp_path / "p.db"
    store = open_store(str(db))
    sync(store, [decks])
    today = store.today()
    for card in ("hard", "easy"):
        for i in range(8):  # eight failures suspend a card: a leech
            noon = datetime.datetime.combine(today - datetime.timedelta(days=10 - i), datetime.time(12))
            store.record(store.card_pk("fx-leech", card), 1, "review", scheduled=True, now=noon.astimezone())
    store.close()
    term = Terminal(isolated_home, db, decks, "leeches", columns=columns, rows=rows)
    term.see("What now?")
    term.send("1")  # review it now: its answer, then the prompt for the next leech
    term.see("Press Enter for the next leech")
    term.wait(lambda t: "Continue" in t.text(), "the pause's one option")
    hint = term.text().split("Press Enter for the next leech…", 1)[1]
    assert "q stop" in hint and "Enter" in hint
    assert "u undo" not in hint and "undo" not in term.text()
    term.send("u")  # not a key here: nothing happens, Enter still goes on
    term.send("\r")
    term.see("leech 2 of 2")
    term.see("What now?")
    term.send("q")
    term.child.expect(pexpect.EOF)


ADD = ("decks", "add", "my-notes")


def new_deck(home) -> None:
    """``kinesis-tutor decks new my-notes``, the deck the ``decks add`` tests add to."""
    done = run_exe(home, "decks", "new", "my-notes")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("columns", "rows"), [(60, 20), (80, 24)])
def test_decks_add_asks_with_the_marker_and_hints_of_the_quiz_prompts(tmp_path, isolated_home, columns, rows):
    new_deck(isolated_home)
    term = Terminal(isolated_home, tmp_path / "p.db", None, *ADD, columns=columns, rows=rows)
    term.see("What kind of card?")
    term.wait(lambda t: "scenario" in t.text(), "the kinds of card")
    assert term.lines()[0] == "› What kind of card?" + (" (↑↓ and Enter · Ctrl-C abandons the card)" * (columns > 60))
    assert "(↑↓ and Enter · Ctrl-C abandons the card)" in term.text()
    term.send("jjjjj\r")  # truefalse
    steps = [
        ("Card id", "\r"),
        ("Statement:", "Firehose can replay yesterday's records.\r"),
        ("Is it true?", "j\r"),
        ("Explanation", "Firehose keeps nothing once delivered.\r"),
        ("Tags", "\r"),
        ("Source", "\r"),
        ("Did this fact change over time", "n"),
    ]
    for prompt, keys in steps:
        term.see(prompt)
        term.send(keys)
    term.see("Added card 'truefalse-1'")
    for prompt, _ in steps:  # each question asked on a line of its own, after the same marker
        assert any(line.startswith(f"› {prompt}") for line in term.lines()), (prompt, term.lines())
    assert "Use arrow keys" not in term.text() and not any(line.startswith("? ") for line in term.lines())
    term.child.expect(pexpect.EOF)


def test_decks_add_ticks_with_the_hint_style_of_the_quiz_prompts(tmp_path, isolated_home):
    new_deck(isolated_home)
    # the hint under the typing line is drawn where the terminal says where its cursor is, as a real one does
    env = {"PROMPT_TOOLKIT_NO_CPR": "0"}
    term = Terminal(isolated_home, tmp_path / "p.db", None, *ADD, columns=60, rows=20, env=env)
    term.see("What kind of card?")
    term.send("jjj\r")  # multi
    term.see("Card id")
    term.send("\r")
    term.see("Question:")
    term.send("Which two can replay?\r")
    term.see("Choices:")
    term.see("(one per line; Esc then Enter, or Alt-Enter, to finish)")  # under it: not beside, off the screen
    term.send("Kafka\rSQS\rData Streams\x1b\r")  # one per line; Esc Enter ends the list
    term.see("Which choices are right?")
    term.wait(lambda t: "○ Data Streams" in t.text(), "the choices to tick")
    lines = term.lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("› Which choices are right?"))
    assert lines[at] == "› Which choices are right?"  # said once, in the quiz prompts' words under it
    assert words(" ".join(lines[at + 1 : at + 3])) == "(↑↓ · Space ticks · Enter confirms Ctrl-C abandons the card)"
    assert "space to tick" not in term.text()
    term.send(" jj \r")  # Kafka and Data Streams
    term.see("Explanation")
    term.child.sendintr()
    term.child.expect(pexpect.EOF)
