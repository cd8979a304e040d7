"""``import --from-anki`` brings the reviews into the learner named by ``--profile``, like every
other command: two learners sharing one database each import their own phone's answers."""

from __future__ import annotations

import json
from pathlib import Path

from ankipkg import exported_into_anki
from typer.testing import CliRunner

from kinesis_tutor.cli import app

DECK = """\
format_version: 1
id: phone-qa
title: Phone QA deck
cards:
  - id: basic-1
    kind: basic
    front: How much data per second can producers write into one shard?
    back: 1 MB/s
    explanation: Or 1,000 records/s.
"""


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def studied_collection(tmp_path: Path, decks: Path) -> Path:
    """Our deck exported, imported into Anki, its card answered Good once, the collection exported."""
    col, _package = exported_into_anki(tmp_path, decks, "phone-qa")
    col.decks.select(col.decks.id("Kinesis::phone-qa"))
    col.sched.answerCard(col.sched.getCard(), 3)
    out = tmp_path / "collection.colpkg"
    col.export_collection_package(str(out), include_media=False, legacy=True)
    return out


def reviews_of(db: Path, decks: Path, profile: str) -> list[tuple[str, str]]:
    result = cli("--db", str(db), "--deck-dir", str(decks), "--profile", profile, "export")
    assert result.exit_code == 0, result.output
    return [(r["card_id"], r["kind"]) for r in json.loads(result.stdout)["reviews"]]


def test_each_profile_imports_its_own_anki_reviews(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "phone-qa.yaml").write_text(DECK, encoding="utf-8")
    colpkg = studied_collection(tmp_path, decks)
    db = tmp_path / "shared.db"
    base = ("--db", str(db), "--deck-dir", str(decks))

    alice = cli(*base, "--profile", "alice", "import", "--from-anki", str(colpkg))
    assert alice.exit_code == 0, alice.output
    assert "imported 1 Anki review(s)" in alice.stdout
    bob = cli(*base, "--profile", "bob", "import", "--from-anki", str(colpkg))
    assert bob.exit_code == 0, bob.output
    assert "imported 1 Anki review(s)" in bob.stdout
    assert "imported before" not in bob.stdout

    assert reviews_of(db, decks, "alice") == [("basic-1", "anki")]
    assert reviews_of(db, decks, "bob") == [("basic-1", "anki")]
    assert reviews_of(db, decks, "carol") == []


def test_a_card_renamed_with_was_still_takes_the_answers_of_its_old_note(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "phone-qa.yaml").write_text(DECK, encoding="utf-8")
    colpkg = studied_collection(tmp_path, decks)  # the note was exported as phone-qa/basic-1
    renamed = DECK.replace("  - id: basic-1\n", "  - id: basic-one\n    was: [basic-1]\n")
    (decks / "phone-qa.yaml").write_text(renamed, encoding="utf-8")
    db = tmp_path / "p.db"

    result = cli("--db", str(db), "--deck-dir", str(decks), "--profile", "alice", "import", "--from-anki", str(colpkg))
    assert result.exit_code == 0, result.output
    assert "imported 1 Anki review(s) of 1 card(s)" in result.stdout
    assert "in no deck here" not in result.stdout
    assert reviews_of(db, decks, "alice") == [("basic-one", "anki")]


def test_a_card_renamed_without_was_is_listed_as_in_no_deck(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "phone-qa.yaml").write_text(DECK, encoding="utf-8")
    colpkg = studied_collection(tmp_path, decks)
    (decks / "phone-qa.yaml").write_text(DECK.replace("id: basic-1", "id: basic-one"), encoding="utf-8")
    db = tmp_path / "p.db"

    result = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(colpkg))
    assert result.exit_code == 0, result.output
    assert "imported 0 Anki review(s)" in result.stdout
    assert "kinesis-tutor note(s) whose cards are in no deck here" in result.stdout
