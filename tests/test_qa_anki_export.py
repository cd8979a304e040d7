"""export --format apkg --deck of a deck skipped for its problems says so, as decks show and plan
do, instead of claiming there is no such deck."""

from __future__ import annotations

from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

BROKEN = "format_version: 1\nid: broken-qa\ntitle: T\ncards:\n  - id: a\n    kind: basic\n"


def test_export_apkg_of_a_deck_with_problems_names_its_problems(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "broken.yaml", BROKEN)
    out = tmp_path / "k.apkg"
    result = CliRunner().invoke(
        app, ["--deck-dir", str(decks), "export", "--format", "apkg", "-o", str(out), "--deck", "broken-qa"]
    )
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kinesis-tutor: error: deck 'broken-qa' has 3 problem(s) and is skipped")
    assert "decks validate" in last and "broken.yaml" in last
    assert not out.exists()


def test_export_apkg_with_an_unknown_tag_suggests_the_nearest(tmp_path):
    out = tmp_path / "k.apkg"
    result = CliRunner().invoke(app, ["export", "--format", "apkg", "-o", str(out), "--tag", "kdss"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "kinesis-tutor: error: no cards match those filters: no card is tagged 'kdss' (did you mean 'kds'?); "
        "nothing was exported"
    )
    result = CliRunner().invoke(
        app, ["export", "--format", "apkg", "-o", str(out), "--deck", "kds-limits", "--tag", "firehose"]
    )
    assert result.exit_code == 2
    assert "no card of kds-limits is tagged 'firehose'" in result.stderr
    assert not out.exists()
