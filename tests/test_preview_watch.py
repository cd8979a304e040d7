"""decks preview --watch in a pseudo-terminal: the new text appears after each save, problems show
while the deck is broken, and Ctrl-C ends it cleanly."""

from __future__ import annotations

import pexpect
from conftest import spawn_cli, write_deck

DECK = """\
format_version: 1
id: watched
title: Watched
cards:
  - id: one
    kind: basic
    front: {front}
    back: A unit of capacity.
    explanation: Capacity is the sum of the shards.
"""


def test_preview_watch_shows_each_save_and_stops_on_ctrl_c(isolated_home, tmp_path):
    decks = isolated_home / "decks"
    path = write_deck(decks, "watched.yaml", DECK.format(front="What is a shard?"))
    child = spawn_cli(isolated_home, None, None, "decks", "preview", "--watch", "watched", log=tmp_path / "screen.log")
    child.expect("Ctrl-C stops")
    child.expect("What is a shard\\?")

    path.write_text(DECK.format(front="What does one shard hold, in order?"), encoding="utf-8")
    child.expect("What does one shard hold, in order\\?")

    path.write_text(DECK.format(front="What is a shard?").replace("    back: A unit of capacity.\n", ""), "utf-8")
    child.expect("watched.yaml:5:5: error: .*back")  # the problem, while the deck does not load

    path.write_text(DECK.format(front="Fixed, what is a shard?"), encoding="utf-8")
    child.expect("Fixed, what is a shard\\?")

    child.sendcontrol("c")
    child.expect("stopped watching")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (tmp_path / "screen.log").read_text()


def test_preview_watch_of_an_unknown_deck_is_one_line(isolated_home):
    child = spawn_cli(isolated_home, None, None, "decks", "preview", "--watch", "nope")
    child.expect("no deck 'nope'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
