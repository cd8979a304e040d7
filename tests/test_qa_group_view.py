"""stats --group at 60 and 80 columns: a long profile name folds in its column, and every
learner's figures stay whole (they were cut to '6…' when a name took the width)."""

from __future__ import annotations

import json

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


def test_topics_equally_ready_are_listed_larger_first_as_stats_lists_them(tmp_path):
    decks = tmp_path / "decks"
    write_deck(decks, "group.yaml", DECK)
    db = tmp_path / "p.db"
    base = ["--db", str(db), "--deck-dir", str(decks), "--profile", "solo"]
    assert CliRunner().invoke(app, [*base, "stats"]).exit_code == 0
    with open_store(db, "solo") as store:
        store.record(store.new_items(["qa-group"])[0].pk, 1, "new", scheduled=True)  # a miss: nothing ready
    result = CliRunner().invoke(app, [*base, "stats", "--group"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    shown = [
        line.split("│")[1].strip().lstrip("#")
        for line in result.stdout.split("Readiness by topic")[1].splitlines()
        if line.startswith("│")
    ]
    topics = json.loads(CliRunner().invoke(app, [*base, "stats", "--json"]).stdout)["readiness"]["topics"]
    assert shown == [t["tag"] for t in topics if t["cards"] >= 5][: len(shown)]
    sizes = {t["tag"]: t["cards"] for t in topics}
    assert [sizes[t] for t in shown] == sorted((sizes[t] for t in shown), reverse=True)  # all 0 %: larger first
