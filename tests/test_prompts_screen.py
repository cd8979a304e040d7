"""The question screen before answering, as a terminal shows it (pyte): the question panel the
quiz prints, then the real prompt (questionary on prompt_toolkit) drawn into the same terminal.
At 80×24 every bundled exam-style card shows its stem's first line and every option; at 60×20
the stem's first line stays on screen while the options scroll under it; at 200 columns the
options are no wider than the reading width; "Choose N" is said once, and a wrong count is
said right under the list."""

from __future__ import annotations

import io
import random
import re

import pyte
import pytest
from prompt_toolkit.application import create_app_session, get_app_or_none
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.core.cards import Card
from kinesis_tutor.decks.loader import load_library
from kinesis_tutor.ui import answer_screen, quiz, render
from kinesis_tutor.ui.prompts import QUIT, TerminalPrompter

BORDERS = re.compile(r"[│╭╮╰╯─]")


def flat(text: str) -> str:
    """Words only: no borders, one space between words (a wrapped line joins its next one)."""
    return " ".join(BORDERS.sub(" ", text).split())


class Terminal(io.TextIOBase):
    """A terminal of ``columns``×``rows`` (pyte) with a learner at it: each time the prompt has
    drawn a frame, the screen is kept and the learner types the next keys."""

    def __init__(self, columns: int, rows: int, keys: list[str]):
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.keys = list(keys)
        self.frames: list[list[str]] = []
        self.typed = None  # the prompt's input pipe, once open

    def write(self, text: str) -> int:
        self.stream.feed(text.replace("\n", "\r\n"))  # as a terminal's output does (onlcr)
        return len(text)

    def flush(self) -> None:
        app = get_app_or_none()
        if self.typed is None or app is None or not app.is_running or "›" not in "".join(self.screen.display):
            return  # the panel printed, no prompt drawn yet
        if self.frames and self.frames[-1] == self.screen.display:
            return  # drawn again, unchanged: the keys typed have not been read yet
        if self.keys:
            self.frames.append(list(self.screen.display))
            self.typed.send_text(self.keys.pop(0))
        else:
            self.typed.send_text("q")  # whatever comes next, the learner leaves


def ask_on_screen(card: Card, columns: int, rows: int, keys: list[str]) -> list[list[str]]:
    """The frames the question screen of ``card`` shows while ``keys`` are typed one frame at a
    time (the last key must end the prompt)."""
    term = Terminal(columns, rows, keys)
    console = Console(file=term, width=columns, height=rows, force_terminal=True, color_system=None)
    output = Vt100_Output(term, lambda: Size(rows=rows, columns=columns), term="xterm", enable_cpr=False)
    with create_pipe_input() as typed, create_app_session(input=typed, output=output):
        term.typed = typed
        asked = quiz.ask(card, TerminalPrompter(), console, keep=None, progress="3 / 20", rng=random.Random(7))
    assert asked is QUIT  # nothing answered: the keeper is never asked to save
    return term.frames


@pytest.fixture(scope="module")
def exam_cards() -> list[Card]:
    cards = [c for c in load_library([content_dir()]).cards() if "exam-style" in c.tags]
    assert len(cards) > 100
    return cards


def test_every_exam_style_question_shows_its_first_line_and_every_option_at_80x24(exam_cards):
    problems = []
    for card in exam_cards:
        (screen,) = ask_on_screen(card, 80, 24, ["q"])
        seen = flat("\n".join(screen))
        first = flat(answer_screen.first_line(card.prompt, 76).rstrip("…"))
        missing = [x for x in [first, *(flat(card.label(c)) for c in card.choices)] if x not in seen]
        if missing or not screen[0].startswith("╭"):
            problems.append(f"{card.key}: {missing or 'the panel top scrolled away'}")
    assert not problems, f"{len(problems)} screens:\n" + "\n".join(problems[:20])


def test_at_60x20_the_stem_stays_on_screen_and_the_options_scroll_under_it(exam_cards):
    problems = []
    for card in exam_cards:
        (screen,) = ask_on_screen(card, 60, 20, ["q"])
        seen = flat("\n".join(screen))
        first = flat(answer_screen.first_line(card.prompt, 56).rstrip("…"))
        hidden = [c for c in card.choices if flat(card.label(c)) not in seen]
        if first not in seen or not screen[0].startswith("╭"):
            problems.append(f"{card.key}: the stem's first line scrolled away")
        elif hidden and not any("below" in line for line in screen):
            problems.append(f"{card.key}: options out of view and nothing says so")
    assert not problems, f"{len(problems)} screens:\n" + "\n".join(problems[:20])


def test_moving_down_a_scrolled_list_shows_the_last_option_under_the_same_stem(exam_cards):
    card = max(exam_cards, key=lambda c: sum(len(c.label(x)) for x in c.choices) + len(c.prompt))
    down = "\x1b[B"
    frames = ask_on_screen(card, 60, 20, [down] * (len(card.choices) - 1) + ["q"])
    first = flat(answer_screen.first_line(card.prompt, 56).rstrip("…"))
    order = quiz.ordered_choices(card, random.Random(7))
    assert flat(card.label(order[-1])) not in flat("\n".join(frames[0]))  # too long for one screen
    last = flat("\n".join(frames[-1]))
    assert first in last and flat(card.label(order[-1])) in last
    assert any(f"↑ option{'s' if len(order) > 2 else ''} 1" in line for line in frames[-1])


def test_options_are_at_most_the_reading_width_on_a_wide_terminal(exam_cards):
    card = max(exam_cards, key=lambda c: max(len(c.label(x)) for x in c.choices))
    (screen,) = ask_on_screen(card, 200, 50, ["q"])
    options = [line.rstrip() for line in screen if line.startswith("   ") or line.startswith(" » ")]
    assert options and max(len(line) for line in options) <= render.READING_WIDTH
    assert flat(card.label(card.choices[0])) in flat("\n".join(screen))


MULTI = """
format_version: 1
id: ticks
title: Ticks
cards:
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    shuffle: false
    explanation: Both keep a log for a retention period.
"""


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 20)])
def test_choose_several_says_how_many_once_and_a_wrong_count_under_the_list(tmp_path, columns, rows):
    from conftest import write_deck

    (card,) = load_library([write_deck(tmp_path, "ticks.yaml", MULTI).parent]).cards()
    opened, ticked, confirmed = ask_on_screen(card, columns, rows, ["1", "\r", "q"])
    assert flat("\n".join(opened)).lower().count("choose 2") == 1  # on the prompt line, not the panel nor the hint
    last_option = max(i for i, line in enumerate(confirmed) if "4. SNS standard" in line)
    message = confirmed[last_option + 1]
    assert "2" in message and "1 ticked" in message, confirmed
    assert "1 ticked" not in "\n".join(ticked)  # not before Enter is pressed
    assert all(len(line.rstrip()) <= columns for line in confirmed)


def test_in_a_real_terminal_at_60x20_the_question_stays_while_the_options_scroll(tmp_path, isolated_home):
    import pexpect
    from conftest import spawn_cli

    log = io.StringIO()
    args = ("study", "--deck", "exam-ingestion", "--new", "1")
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, *args, log=log, dimensions=(20, 60))

    def screen() -> list[str]:
        shown = pyte.Screen(60, 20)
        pyte.Stream(shown).feed(log.getvalue())
        return shown.display

    child.expect(r"↓ options? \d")  # the list, scrolled: some options are below the rows left
    opened = screen()
    cards = [c for c in load_library([content_dir()]).cards() if c.deck == "exam-ingestion"]
    card = next(c for c in cards if flat(answer_screen.first_line(c.prompt, 56).rstrip("…")) in flat("\n".join(opened)))
    assert opened[0].startswith("╭─ exam-ingestion")
    for _ in card.choices[1:]:
        child.send("\x1b[B")  # down, to the last option
    last = screen()
    while not any(f" » {len(card.choices)}. " in line for line in last):  # drawn in pieces: read on
        child.expect(".+")
        last = screen()
    assert last[0].startswith("╭─ exam-ingestion")
    assert flat(answer_screen.first_line(card.prompt, 56).rstrip("…")) in flat("\n".join(last))
    assert any("↑ option" in line and "above" in line for line in last)
    child.send("q")
    child.expect(pexpect.EOF)


def test_a_dumb_terminal_of_60_columns_gets_whole_panels(tmp_path, isolated_home):
    """TERM=dumb: Rich would assume 80 columns; the size the terminal reports is used, so the
    question's panel keeps its borders at 60 and its first line stays above the list."""
    import pexpect
    from conftest import spawn_cli

    log = io.StringIO()
    args = ("study", "--deck", "exam-ingestion", "--new", "1")
    child = spawn_cli(isolated_home, tmp_path / "p.db", None, *args, log=log, env={"TERM": "dumb"}, dimensions=(20, 60))
    child.expect(r"↓ options? \d")
    shown = pyte.Screen(60, 20)
    pyte.Stream(shown).feed(log.getvalue())
    panel = [line for line in shown.display if line.startswith(("╭", "│", "╰"))]
    assert panel[0].startswith("╭─ exam-ingestion") and panel[-1].startswith("╰")
    assert all(line.endswith(("╮", "│", "╯")) for line in panel), shown.display
    child.send("q")
    child.expect(pexpect.EOF)
