"""db copy between two SQLite files: '~' in a path is the home folder, as in --db (it made a
folder named '~' in the current folder), and one file named two ways is the same database."""

from __future__ import annotations

from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.store import open_store

DECK = (
    "format_version: 1\nid: qa-copy\ntitle: Copy\ncards:\n"
    "  - id: a\n    kind: basic\n    front: A?\n    back: A.\n    explanation: A.\n"
)


def source_with_a_review(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "d.yaml", DECK)
    source = tmp_path / "source.db"
    assert CliRunner().invoke(app, ["--db", str(source), "--deck-dir", str(decks), "stats"]).exit_code == 0
    with open_store(source, "alice") as store:
        store.record(store.new_items(["qa-copy"])[0].pk, 4, "new", scheduled=True)
    return source


def test_a_tilde_destination_is_in_the_home_folder(tmp_path, monkeypatch):
    source = source_with_a_review(tmp_path)
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["db", "copy", str(source), "~/copy.db"])
    assert result.exit_code == 0, result.output
    assert (home / "copy.db").is_file()
    assert list(work.iterdir()) == []
    back = CliRunner().invoke(app, ["db", "copy", "~/copy.db", str(tmp_path / "again.db")])
    assert back.exit_code == 0, back.output


def test_one_file_named_two_ways_is_the_same_database(tmp_path, monkeypatch):
    source = source_with_a_review(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["db", "copy", str(source), "source.db"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "kinesis-tutor: error: the source and the destination are the same database"
