"""stats --group at 60 and 80 columns: a long profile name folds in its column, and every
learner's figures stay whole (they were cut to '6…' when a name took the width)."""

from __future__ import annotations

import pytest
from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.store import open_store

DECK = "format_version: 1\nid: qa-group\ntitle: Group deck\ncards:\n" + "".join(
    f"  - id: c{n}\n    kind: basic\n    front: Question {n}?\n    back: Answer {n}.\n"
    f"    explanation: Because {n}.\n    tags: [grouped]\n"
    for n in range(6)
)
LONG = "a-learner-with-a-really-quite-long-profile-name"


@pytest.mark.parametrize("columns", [60, 80])
def test_group_figures_stay_whole_beside_a_long_profile_name(tmp_path, columns):
    decks = tmp_path / "decks"
    write_deck(decks, "group.yaml", DECK)
    db = tmp_path / "p.db"
    for profile, answered in ((LONG, 2), ("root", 1)):
        sync = CliRunner().invoke(app, ["--db", str(db), "--deck-dir", str(decks), "--profile", profile, "stats"])
        assert sync.exit_code == 0, sync.output
        with open_store(db, profile) as store:
            for item in store.new_items(["qa-group"])[:answered]:
                store.record(item.pk, 4, "new", scheduled=True)
    result = CliRunner().invoke(
        app, ["--db", str(db), "--deck-dir", str(decks), "stats", "--group"], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    table = result.stdout.split("Readiness by topic")[0]
    assert all(len(line) <= columns for line in table.splitlines())
    assert "…" not in table
    assert "2 of 6" in table and "1 of 6" in table
    first_cells = "".join(line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│"))
    assert LONG in first_cells  # folded over lines, not cut
    assert all(word in table for word in ("seen", "retention", "ready"))
