"""Faults of the progress database itself (issue 16, items 4 and 7), each tried for real: a file
with random bytes inside, a read-only file and folder, a full disk, an unwritable folder, a failing
migration, a write lock held by another process, an undo another terminal made impossible.

Every case asserts what a learner notices: the exit code, one line on stderr and no traceback, and
the bytes of the files before and after."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import kinesis_tutor_exe

DAMAGE = 4096


def run(home: Path, *args: str, db: Path | None = None, **popen) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR")}
    env.update({"KINESIS_TUTOR_HOME": str(home), "NO_COLOR": "1"})
    if db is not None:
        env["KINESIS_TUTOR_DB"] = str(db)
    return subprocess.run(
        [*kinesis_tutor_exe().split(), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
        **popen,
    )


def one_clean_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("kinesis-tutor: error: "), lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (names and bytes): what must be the same after a refusal."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def studied(tmp_path_factory) -> Path:
    """A data folder whose database holds the bundled decks and a few answers (made once)."""
    home = tmp_path_factory.mktemp("studied") / "home"
    assert run(home, "stats").returncode == 0
    assert run(home, "config", "set", "new_per_day", "7").returncode == 0
    return home


@pytest.fixture
def home(studied, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(studied, copy)
    return copy


def damage(db: Path, table: str = "cards", start: int | None = None) -> None:
    """4 KiB of random bytes written inside the file: over the first page of ``table`` (so that a
    command reading it meets the damage), or at byte ``start``."""
    if start is None:
        conn = sqlite3.connect(db)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        conn.close()
        start = (root - 1) * page_size
    data = bytearray(db.read_bytes())
    data[start : start + DAMAGE] = random.Random(16).randbytes(DAMAGE)
    db.write_bytes(bytes(data))


# ------------------------------------------------------------------------------ damage (item 4, part 1)


def test_db_check_on_a_damaged_file_reports_the_damage_and_the_way_back(home):
    db = home / "progress.db"
    damage(db)
    before = snapshot(home)

    result = run(home, "db", "check")

    assert result.returncode == 1
    line = one_clean_line(result)
    assert str(db) in line and "damaged" in line and "import" in line
    assert "integrity:" in result.stdout and "NEW.db import" in result.stdout
    assert snapshot(home) == before


def test_db_check_names_the_backup_made_before_an_upgrade(home):
    db = home / "progress.db"
    backup = home / "progress.db.v2-20260101T000000.bak"
    shutil.copy(db, backup)
    damage(db)
    before = snapshot(home)

    result = run(home, "db", "check")

    assert result.returncode == 1
    assert str(backup) in one_clean_line(result)
    assert f"cp {backup} {db}" in result.stdout
    assert snapshot(home) == before


def test_db_check_on_a_file_whose_schema_is_damaged_checks_it_too(home):
    db = home / "progress.db"
    damage(db, start=512)  # SQLite's schema, past the file header: the file cannot even be opened
    before = snapshot(home)

    result = run(home, "db", "check")

    assert result.returncode == 1
    line = one_clean_line(result)
    assert "damaged" in line and "import" in line
    assert snapshot(home) == before


@pytest.mark.parametrize("command", [["stats"], ["export", "-o", "-"], ["stats", "--json"]])
def test_a_reading_command_on_a_damaged_file_is_one_line_naming_it_and_db_check(home, command):
    db = home / "progress.db"
    damage(db)
    before = snapshot(home)

    result = run(home, *command)

    assert result.returncode == 1
    line = one_clean_line(result)
    assert str(db) in line and "damaged" in line and "db check" in line
    assert snapshot(home) == before


@pytest.mark.parametrize(
    "command",
    [["config", "set", "new_per_day", "5"], ["config", "unset", "new_per_day"], ["db", "rebuild"]],
)
def test_no_command_writes_into_a_damaged_file(home, command):
    db = home / "progress.db"
    damage(db, table="reviews")  # far from the settings: the write itself would succeed
    before = snapshot(home)

    result = run(home, *command)

    assert result.returncode == 1
    line = one_clean_line(result)
    assert str(db) in line and "damaged" in line and "db check" in line
    assert snapshot(home) == before
