"""kinesis-tutor docs [TOPIC]: the documentation offline, from a checkout and from the installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinesis_tutor.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_without_a_topic_every_page_is_listed_with_its_title():
    result = runner.invoke(app, ["docs"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip() and not line.startswith("Read")}
    assert listed == {p.stem for p in (ROOT / "docs").glob("*.md")}
    assert "deck-format      The deck format" in result.stdout


@pytest.mark.parametrize("spelling", ["deck-format", "deck format", "Deck_Format.md"])
def test_a_topic_prints_the_whole_page(spelling):
    result = runner.invoke(app, ["docs", spelling])
    assert result.exit_code == 0, result.output
    assert result.stdout == (ROOT / "docs" / "deck-format.md").read_text(encoding="utf-8")


def test_an_unknown_topic_suggests_one_and_is_bad_usage():
    result = runner.invoke(app, ["docs", "deckformat"])
    assert result.exit_code == 2
    assert "no topic 'deckformat' (did you mean 'deck-format'?)" in result.stderr
    assert result.stderr.count("\n") == 1 and not result.stdout


@pytest.mark.slow
def test_the_wheel_ships_the_docs_and_the_command_reads_its_own_copy(tmp_path):
    from test_startup import _build_wheel, _env

    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"kinesis_tutor/docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "kinesis_tutor", "docs", "deck-format"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=_env(tmp_path / "home", PYTHONPATH=str(site)),
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == (site / "kinesis_tutor" / "docs" / "deck-format.md").read_text(encoding="utf-8")
    assert "## Drafts from notes" in run.stdout
