"""Damaged or unusual files around the program: each gives one clean line and an exit code, never a
traceback, and leaves the files as they were."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from conftest import run_exe as run


def one_clean_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("home", ["a-file", "a-file/below", "missing/../../no-such-root-folder/x"])
def test_an_unusable_data_folder_is_one_line_naming_it(tmp_path, home):
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    target = tmp_path / home if not home.startswith("missing") else Path("/proc/no-such-folder")

    result = run(target, "stats")

    assert result.returncode == 1
    line = one_clean_line(result)
    assert line.startswith("kinesis-tutor: error: ") and str(target).split("/below")[0] in line
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder\n"


def test_a_database_with_random_bytes_inside_is_one_line_for_reading_commands(tmp_path):
    home = tmp_path / "home"
    assert run(home, "stats").returncode == 0
    db = home / "progress.db"
    data = bytearray(db.read_bytes())
    data[512 : 512 + 4096] = random.Random(0).randbytes(4096)  # the schema's page and the next
    db.write_bytes(bytes(data))

    for command in (["stats"], ["export", "-o", "-"]):
        result = run(home, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "database" in one_clean_line(result)
    assert db.read_bytes() == bytes(data)


@pytest.fixture
def studied_home(tmp_path) -> Path:
    home = tmp_path / "home"
    assert run(home, "stats").returncode == 0  # creates and syncs the database
    return home


def test_export_follows_a_symlink_and_keeps_the_targets_mode(studied_home, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)

    result = run(studied_home, "export", "-o", str(link))

    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("{") and (real.stat().st_mode & 0o777) == 0o600


def test_export_writes_a_device_in_place_and_never_replaces_it(studied_home):
    before = os.stat("/dev/null")

    result = run(studied_home, "export", "-o", "/dev/null")

    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)


def test_export_to_dev_stdout_is_the_document_on_standard_output(studied_home):
    result = run(studied_home, "export", "-o", "/dev/stdout")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{") and '"format": "kinesis-tutor-export"' in result.stdout


def test_export_into_a_path_below_a_file_is_one_line_and_leaves_nothing(studied_home, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x\n", encoding="utf-8")

    result = run(studied_home, "export", "-o", str(blocker / "out.json"))

    assert result.returncode in (1, 2)
    assert str(blocker) in one_clean_line(result)
    assert blocker.read_text(encoding="utf-8") == "x\n"
