"""decks draft: Markdown notes → a deck draft that validates, through the real CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kinesis_tutor.cli import app
from kinesis_tutor.decks.loader import load_deck_file, load_support

runner = CliRunner()
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

NOTES = """\
# Streaming notes

## Shards

- **Shard** — the unit of capacity of a stream.
- Partition key: decides which shard a record goes to
- One shard takes 1MB/sec of writes and 1,000 records/sec.

```mermaid
graph LR
  A[Producer: 5 MB/s] --> B
```

## Streams vs Firehose

| Feature  | Data Streams (KDS) | Firehose      |
|----------|--------------------|---------------|
| Ordering | Per shard          | None          |
| **Replay** | Yes, within retention | No |

## Family

| Service | Purpose |
| --- | --- |
| Kinesis Video Streams | Video |
| Amazon SQS | Queues |

### Words

| Term | Meaning |
|------|---------|
| Producer | Writes records |
| Consumer | Reads records |
| Checkpoint | Yes |
| Lease | Yes |
"""


def draft_to(tmp_path: Path, notes_text: str, *extra: str):
    notes = tmp_path / "notes.md"
    notes.write_text(textwrap.dedent(notes_text), encoding="utf-8")
    out = tmp_path / "deck.yaml"
    return notes, out, runner.invoke(app, ["decks", "draft", str(notes), "-o", str(out), *extra])


def load(path: Path):
    catalog, facts = load_support([], [])
    return load_deck_file(path, catalog, facts)


def written_cards(path: Path) -> dict[str, dict]:
    return {c["id"]: c for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]}


def test_the_draft_validates_and_every_part_of_the_notes_became_cards(tmp_path):
    notes, out, result = draft_to(tmp_path, NOTES)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stdout
    check = runner.invoke(app, ["decks", "validate", str(out)])
    assert check.exit_code == 0, check.output
    deck = load(out)
    assert deck.deck.title == "Streaming notes"
    cards = written_cards(out)
    shard = cards["shard"]
    assert (shard["kind"], shard["back"]) == ("basic", "the unit of capacity of a stream.")
    assert shard["source"] == f"{notes}:5"
    assert shard["tags"] == ["shards"]  # the heading, not the title
    assert cards["partition-key"]["back"] == "decides which shard a record goes to"
    numeric = {c["answer"]: c for c in cards.values() if c["kind"] == "numeric"}
    assert set(numeric) == {"1 MB/sec", "1,000 records/sec"}  # the mermaid block's 5 MB/s is not a note
    assert "…" in numeric["1 MB/sec"]["question"] and numeric["1 MB/sec"]["source"] == f"{notes}:7"
    assert numeric["1 MB/sec"]["explanation"] == "One shard takes 1MB/sec of writes and 1,000 records/sec."


def test_tables_naming_services_become_table_blocks_asked_both_ways(tmp_path):
    notes, out, result = draft_to(tmp_path, NOTES)
    assert result.exit_code == 0, result.output
    deck = load(out)
    by_id = {t.id: t for t in deck.tables}
    versus = by_id["streams-vs-firehose"]
    assert versus.services == ["kds", "firehose"]  # "Data Streams (KDS)" and "Firehose", through the catalog
    assert [(r.feature, r.cells) for r in versus.rows] == [
        ("Ordering", ["Per shard", "None"]),
        ("Replay", ["Yes, within retention", "No"]),
    ]
    family = by_id["family"]  # the services are the rows: turned around
    assert family.services == ["kvs", "sqs-standard"]
    assert [(r.feature, r.cells) for r in family.rows] == [("Purpose", ["Video", "Queues"])]
    ids = {c.id for c in deck.cards}
    assert {"streams-vs-firehose.ordering.kds", "streams-vs-firehose.ordering.which.kds"} <= ids
    text = out.read_text(encoding="utf-8")
    assert f"# {notes}:16" in text and f"id: ordering  # {notes}:18" in text  # rows say where they came from


def test_other_tables_become_basic_cards_both_ways_except_ambiguous_reverses(tmp_path):
    _notes, out, result = draft_to(tmp_path, NOTES)
    assert result.exit_code == 0, result.output
    cards = written_cards(out)
    assert cards["producer-meaning"]["back"] == "Writes records"
    assert cards["producer-meaning-which"]["back"] == "Producer"
    assert cards["producer-meaning"]["tags"] == ["family", "words"]
    assert cards["checkpoint-meaning"]["back"] == "Yes"
    assert "checkpoint-meaning-which" not in cards  # 'Yes' is both Checkpoint and Lease


def test_without_output_the_draft_goes_to_stdout_and_is_the_same_deck(tmp_path):
    notes, out, _ = draft_to(tmp_path, NOTES)
    printed = runner.invoke(app, ["decks", "draft", str(notes)])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == out.read_text(encoding="utf-8")
    assert "drafted" in printed.stderr and "table(s)" in printed.stderr


def test_an_existing_output_is_kept_unless_force(tmp_path):
    notes, out, _ = draft_to(tmp_path, NOTES)
    out.write_text("mine\n", encoding="utf-8")
    refused = runner.invoke(app, ["decks", "draft", str(notes), "-o", str(out)])
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    forced = runner.invoke(app, ["decks", "draft", str(notes), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "format_version: 1" in out.read_text(encoding="utf-8")


def test_notes_with_nothing_to_draft_write_nothing(tmp_path):
    _notes, out, result = draft_to(tmp_path, "Just some prose without numbers.\n")
    assert result.exit_code == 1
    assert "nothing to draft" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_notes_that_are_not_text_are_refused_in_one_line(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_bytes(b"\xff\xfe\x00binary")
    result = runner.invoke(app, ["decks", "draft", str(notes)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr and result.stderr.count("\n") == 1


def test_a_deck_id_taken_by_a_bundled_deck_gets_a_draft_suffix(tmp_path):
    notes = tmp_path / "kds-core.md"
    notes.write_text("- Retention: 24 hours by default\n", encoding="utf-8")
    result = runner.invoke(app, ["decks", "draft", str(notes)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["id"] == "kds-core-draft"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed notes are not next to this checkout")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_every_seed_note_drafts_into_a_deck_that_validates(tmp_path, seed):
    out = tmp_path / "seed.yaml"
    result = runner.invoke(app, ["decks", "draft", str(SEEDS / seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["decks", "validate", str(out)])
    assert check.exit_code == 0, check.output
    cards = written_cards(out)
    assert cards and all(c["source"].startswith(f"{SEEDS / seed}:") for c in cards.values())


def test_a_literal_dollar_brace_in_the_notes_stays_literal(tmp_path):
    _notes, out, result = draft_to(tmp_path, "- **HOME**: the shell sets ${HOME} for every login\n")
    assert result.exit_code == 0, result.output
    assert "$${HOME}" in out.read_text(encoding="utf-8")  # written with the deck format's escape
    [card] = load(out).cards
    assert card.answer == ("the shell sets ${HOME} for every login",)  # what the learner sees


def test_the_notes_are_never_replaced_by_their_draft(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    result = runner.invoke(app, ["decks", "draft", str(notes), "-o", str(notes), "--force"])
    assert result.exit_code == 1 and "is the notes file itself" in result.stderr
    assert notes.read_text(encoding="utf-8") == NOTES
