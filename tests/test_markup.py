"""Deck and learner text is data (issue 16, item 1, the views): Rich markup in a card is shown as
written, never applied, and a control character that reaches a view is shown escaped, never
written raw to the terminal."""

from __future__ import annotations

import dataclasses
import io
import re

import pexpect
import pyte
from conftest import kinesis_tutor_exe, pty_env, write_deck
from rich.console import Console

from kinesis_tutor.core.cards import Card, Changed
from kinesis_tutor.ui import render

DECK = """
format_version: 1
id: hostile
title: "Markup [bold]as text[/bold] and [/]"
description: "d[key] stays; [link=file:///etc/passwd]no link[/link]"
tags: [hostile]
cards:
  - id: brackets
    kind: numeric
    tags: [kds, limits]
    question: "How many [size] records per second [/] can one shard take [i]?"
    answer: 1000 records/s
    explanation: "Each shard takes d[key] [bold]1,000[/bold] records/s; [/] stays."
  - id: resume
    kind: cloze
    text: "Start with {{c1::AFTER_SEQUENCE_NUMBER}} to resume [/red] after the checkpoint."
    explanation: "[link=file:///etc/passwd]the link[/link] is only text."
tables:
  - id: markup-table
    title: "Table [bold]title[/]"
    services: [kds, firehose]
    rows:
      - feature: "Retention [/]"
        cells: ["[i]up to 365 days", "none [/]"]
        explanation: "footnote [link=file:///etc/passwd]x[/link]"
"""
OSC = "\x1b]"  # a hyperlink (OSC 8) or a new window title (OSC 0): never from deck text
INJECTED = ("\x1b]0;pwned\x07", "\x1b[2J\x1b[31m")  # as pasted: raw, they would follow each other


def run(tmp_path, home, *args: str, columns: int = 200) -> tuple[str, str, int]:
    """(raw output, the words on the screen, exit status) of a command in a pseudo-terminal."""
    decks = tmp_path / "decks"
    write_deck(decks, "hostile.yaml", DECK)
    cmd = f"{kinesis_tutor_exe()} --db {tmp_path / 'p.db'} --deck-dir {decks} {' '.join(args)}"
    env = pty_env(home, COLUMNS=str(columns), LINES="200")
    env.pop("NO_COLOR")
    child = pexpect.spawn(cmd, env=env, encoding="utf-8", dimensions=(200, columns), timeout=30)
    out = child.read()
    child.close()
    screen = pyte.Screen(columns, 3000)  # all of it, however long
    pyte.Stream(screen).feed(out)
    return out, " ".join(re.sub(r"[│┃]", " ", " ".join(screen.display)).split()), child.exitstatus


def test_decks_show_and_preview_print_brackets_as_written(tmp_path, isolated_home):
    out, text, status = run(tmp_path, isolated_home, "decks", "show", "hostile")
    assert status == 0, text
    assert "Markup [bold]as text[/bold] and [/]" in text
    assert "d[key] stays; [link=file:///etc/passwd]no link[/link]" in text
    assert "How many [size] records per second [/] can one shard take [i]?" in text
    assert OSC not in out
    out, text, status = run(tmp_path, isolated_home, "decks", "preview", "hostile")
    assert status == 0, text
    assert "Each shard takes d[key] [bold]1,000[/bold] records/s; [/] stays." in text
    assert "[link=file:///etc/passwd]the link[/link] is only text." in text
    assert "to resume [/red] after the checkpoint" in text
    assert OSC not in out


def test_compare_and_explain_print_brackets_as_written(tmp_path, isolated_home):
    out, text, status = run(tmp_path, isolated_home, "compare", "kds", "firehose")
    assert status == 0, text
    assert "Table [bold]title[/]" in text
    assert "Retention [/]" in text
    assert "[i]up to 365 days" in text
    assert "footnote [link=file:///etc/passwd]x[/link]" in text
    assert OSC not in out
    out, text, status = run(tmp_path, isolated_home, "explain", "kds", "--full")
    assert status == 0, text
    assert "How many [size] records per second [/] can one shard take [i]?" in text
    assert OSC not in out


def test_a_pasted_escape_sequence_in_a_typed_answer_is_shown_escaped(tmp_path, isolated_home):
    """Bracketed paste of a typo, markup, a tab and escape sequences into a cloze answer: the
    session goes on, the verdict shows them as \\x1b and \\t, none reaches the terminal raw."""
    decks = tmp_path / "decks"
    write_deck(decks, "hostile.yaml", DECK)
    cmd = f"{kinesis_tutor_exe()} --db {tmp_path / 'p.db'} --deck-dir {decks} study --deck hostile --tag hostile"
    child = pexpect.spawn(cmd, env=pty_env(isolated_home), encoding="utf-8", dimensions=(40, 100), timeout=20)
    log = io.StringIO()
    child.logfile_read = log
    child.expect("Your answer")
    before = len(log.getvalue())
    if "records per second" in log.getvalue():  # the numeric card first: answer it, then the cloze
        child.sendline("1000 records/s")
        child.expect("How was it")
        child.send("4")
        child.expect("Your answer")
        before = len(log.getvalue())
    pasted = "AFTER_SEQUENCE_NUMBR [/red]\x1b]0;pwned\x07\tx\x1b[2J\x1b[31mred"
    child.send("\x1b[200~" + pasted + "\x1b[201~")
    child.send("\r")
    child.expect("Press Enter to continue|How was it")
    child.send("q")
    child.expect(pexpect.EOF)
    written = log.getvalue()[before:]
    for sequence in INJECTED:
        assert sequence not in written
    screen = pyte.Screen(100, 40)
    pyte.Stream(screen).feed(log.getvalue())
    text = " ".join(line.strip() for line in screen.display)
    assert "[/red]" in text
    assert "\\x1b]0;pwned\\x07\\tx\\x1b[2J\\x1b[31mred" in re.sub(r"\s+", "", text)


def _hostile_card(kind: str = "numeric") -> Card:
    bad = "\x1b]0;pwned\x07 [/] \x1b[2J"
    return Card(
        deck="hostile",
        id="c",
        kind=kind,
        prompt=f"Question {bad}",
        answer=(f"1 MB/s {bad}",),
        explanation=f"Because {bad}\tend",
        tags=("kds", "[/]"),
        changed=Changed(before=f"was {bad}", now=f"now {bad}", since="2024"),
        source=f"https://example.com/{bad}",
        context=f"context {bad}",
        why=f"why {bad}",
    )


def _written(*renderables) -> str:
    out = io.StringIO()
    c = Console(file=out, force_terminal=True, color_system=None, width=100)  # no style: any ESC is the card's
    for r in renderables:
        c.print(r)
    return out.getvalue()


def test_every_card_view_escapes_control_characters_in_deck_text():
    """What validation refuses in a deck file may still reach a view (an older database, a card
    built in code): the question, the answer screen and the preview show it escaped."""
    card = _hostile_card()
    scenario = dataclasses.replace(
        _hostile_card("scenario"), choices=("kds", "sqs"), answer=("kds",), why_not=(("sqs", "no \x1b[2J"),)
    )
    written = _written(
        render.question_panel(card, "1 / 2", note="note \x1b[2J"),
        render.answer_panel(card, False, given="typed \x1b]0;pwned\x07\t[/red]"),
        render.preview(card),
        render.answer_panel(scenario, False, chosen="sqs"),
    )
    assert "\x1b" not in written
    assert "\\x1b]0;pwned\\x07" in written
    assert "typed \\x1b]0;pwned\\x07\\t[/red]" in written


def test_shown_escapes_c0_c1_and_tab_but_keeps_newlines():
    assert render.shown("a\tb\nc\x1b[0m\x07\x9b\x7f") == "a\\tb\nc\\x1b[0m\\x07\\x9b\\x7f"
    assert render.data("[bold]x[/]").plain == "[bold]x[/]"


def test_deck_problems_on_stderr_show_control_characters_escaped(capsys):
    from types import SimpleNamespace

    import pytest

    from kinesis_tutor.core.errors import TutorError
    from kinesis_tutor.ui.decks_view import show_validation

    found = SimpleNamespace(
        problems=["deck.yaml:3:8: error: no service 'kds\x1b]0;pwned\x07'"],
        notes=[],
        bad_files=1,
        decks=0,
        files=1,
        cards=0,
    )
    with pytest.raises(TutorError):
        show_validation(found)
    err = capsys.readouterr().err
    assert "\x1b" not in err and "no service 'kds\\x1b]0;pwned\\x07'" in err


def test_service_and_orphan_tables_show_control_characters_escaped(monkeypatch):
    """A catalog.yaml of the deck folder names the services; 'decks services' and 'decks orphans'
    print its names and the stored card keys as data."""
    from kinesis_tutor.ui.decks_view import show_orphans, show_services

    out = io.StringIO()
    c = Console(file=out, force_terminal=True, color_system=None, width=200)
    monkeypatch.setattr(render, "console", lambda: c)
    show_services(
        [{"id": "kds\x1b[2J", "name": "Streams [b]\x07", "formerly": "Old\x1b]0;x\x07", "aliases": ["k\tds"]}],
        as_json=False,
    )
    show_orphans([{"key": "d/\x1b[31mc", "reviews": 2, "last_review": None, "removed_at": "2026-01-01T00:00"}], False)
    written = out.getvalue()
    assert "\x1b" not in written and "\x07" not in written
    for escaped in ("kds\\x1b[2J", "Streams [b]\\x07", "was Old\\x1b]0;x\\x07", "k\\tds", "d/\\x1b[31mc"):
        assert escaped in written
