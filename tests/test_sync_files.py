"""Sync finds the deck files the loader finds: a deck named *.YAML is synced, and an edit to it is
seen by the next command (not skipped as "nothing changed")."""

from __future__ import annotations

from conftest import write_deck

DECK = """\
format_version: 1
id: upper
title: Upper
cards:
  - id: one
    kind: basic
    front: {front}
    back: B.
    explanation: E.
"""


def test_an_uppercase_extension_is_synced_and_its_edits_seen(isolated_home, tmp_path):
    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.app.sync import sync

    decks = tmp_path / "decks"
    path = write_deck(decks, "Mine.YAML", DECK.format(front="First wording?"))
    paths = paths_mod.resolve(str(tmp_path / "p.db"), [str(decks)])
    with paths.open_store() as store:
        first = sync(store, paths.deck_dirs())
        assert not first.problems
        pk = store.card_pk("upper", "one")
        assert pk is not None  # the *.YAML deck's card is in the database (not only the bundled ones)
        assert store.item(pk).card.prompt == "First wording?"
        assert sync(store, paths.deck_dirs()).skipped
        path.write_text(DECK.format(front="Second, longer wording?"), encoding="utf-8")
        again = sync(store, paths.deck_dirs())
        assert not again.skipped and again.changed == 1
        assert store.item(pk).card.prompt == "Second, longer wording?"
