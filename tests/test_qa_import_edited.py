"""An export saved again by an editor that writes a UTF-8 byte order mark (Notepad, some IDEs)
still imports: the mark is not content."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_deck
from typer.testing import CliRunner

from kinesis_tutor.cli import app

DECK = """\
format_version: 1
id: bom-qa
title: BOM deck
cards:
  - id: c1
    kind: basic
    front: How many shards?
    back: Two.
    explanation: Because.
"""


def test_an_export_saved_with_a_byte_order_mark_imports(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    write_deck(decks, "bom.yaml", DECK)
    base = ["--deck-dir", str(decks)]
    runner = CliRunner()
    settled = runner.invoke(app, [*base, "--db", str(tmp_path / "a.db"), "config", "set", "new_per_day", "7"])
    assert settled.exit_code == 0, settled.output
    exported = runner.invoke(app, [*base, "--db", str(tmp_path / "a.db"), "export"])
    assert exported.exit_code == 0, exported.output
    edited = tmp_path / "edited.json"
    edited.write_bytes(b"\xef\xbb\xbf" + exported.stdout.replace("\n", "\r\n").encode("utf-8"))

    result = runner.invoke(app, [*base, "--db", str(tmp_path / "b.db"), "import", str(edited)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, [*base, "--db", str(tmp_path / "b.db"), "config", "list", "--json"])
    assert json.loads(listed.stdout)["settings"]["new_per_day"]["value"] == 7
