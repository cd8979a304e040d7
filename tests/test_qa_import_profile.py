"""import into a database that another learner already uses (--profile, as the refusal itself
suggests): the second learner's reviews get ids of their own instead of failing on the first's."""

from __future__ import annotations

import json

from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.store import open_store

DECK = """\
format_version: 1
id: qa-import
title: Import deck
cards:
  - id: a
    kind: basic
    front: A?
    back: A.
    explanation: A.
  - id: b
    kind: basic
    front: B?
    back: B.
    explanation: B.
"""


def test_a_second_profile_imports_the_same_export_into_a_shared_database(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "d.yaml", DECK)

    def run(db, *args, profile="alice"):
        return CliRunner().invoke(app, ["--db", str(db), "--deck-dir", str(decks), "--profile", profile, *args])

    source = tmp_path / "source.db"
    assert run(source, "stats").exit_code == 0
    with open_store(source, "alice") as store:
        for n, item in enumerate(store.new_items(["qa-import"])):
            store.record(item.pk, 4 - n, "new", scheduled=True)
    exported = run(source, "export")
    assert exported.exit_code == 0, exported.output
    doc = tmp_path / "progress.json"
    doc.write_text(exported.stdout, encoding="utf-8")

    shared = tmp_path / "shared.db"
    first = run(shared, "import", str(doc), profile="alice")
    assert first.exit_code == 0, first.output
    again = run(shared, "import", str(doc), profile="alice")
    assert again.exit_code == 1 and "already holds progress of the profile 'alice'" in again.stderr
    second = run(shared, "import", str(doc), profile="bob")
    assert second.exit_code == 0, second.output
    assert "2 reviews" in second.stdout

    def log(profile):
        reviews = json.loads(run(shared, "export", profile=profile).stdout)["reviews"]
        return [(r["card_id"], r["quality"], r["ts"]) for r in reviews]

    assert (
        log("bob")
        == log("alice")
        == [(r["card_id"], r["quality"], r["ts"]) for r in json.loads(exported.stdout)["reviews"]]
    )
    for profile in ("alice", "bob"):
        check = run(shared, "db", "check", profile=profile)
        assert check.exit_code == 0, check.output


def test_db_copy_keeps_the_review_ids_of_interleaved_profiles(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "d.yaml", DECK)
    source, dest = tmp_path / "source.db", tmp_path / "dest.db"
    base = ["--deck-dir", str(decks)]
    assert CliRunner().invoke(app, ["--db", str(source), *base, "stats"]).exit_code == 0
    stores = {p: open_store(source, p) for p in ("alice", "bob")}
    try:
        items = stores["alice"].new_items(["qa-import"])
        for item in items:  # alice, bob, alice, bob: each learner's ids have the other's in between
            for profile in ("alice", "bob"):
                stores[profile].record(item.pk, 4, "new", scheduled=True)
    finally:
        for store in stores.values():
            store.close()
    result = CliRunner().invoke(app, [*base, "db", "copy", str(source), str(dest)])
    assert result.exit_code == 0, result.output
    assert "the exports of both match" in result.stdout

    def ids(db, profile):
        out = CliRunner().invoke(app, ["--db", str(db), *base, "--profile", profile, "export"])
        return [r["id"] for r in json.loads(out.stdout)["reviews"]]

    assert ids(dest, "bob") == ids(source, "bob") == [2, 4]
