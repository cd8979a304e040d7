"""The help screen stays instant (no heavy imports), and the built wheel carries the bundled content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "questionary", "pydantic")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR") and k != "PYTHONPATH"}
    env.update({"KINESIS_TUTOR_HOME": str(home), "NO_COLOR": "1"}, **extra)
    return env


def _imported(stderr: str) -> set[str]:
    """Top-level package names from ``python -X importtime`` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and name != "imported package":
                names.add(name.split(".")[0])
    return names


def _run_importtime(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kinesis_tutor", *args],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    imported = _imported(result.stderr)
    assert "kinesis_tutor" in imported and "typer" in imported, "the measurement works"
    return result, imported


@pytest.mark.parametrize("args", [["--help"], [], ["--version"]], ids=["--help", "no-args", "--version"])
def test_top_level_help_does_not_import_heavy_packages(tmp_path, args):
    result, imported = _run_importtime(tmp_path, *args)
    assert result.returncode in (0, 2), result.stderr[-2000:]  # no arguments: help, exit 2 under newer click
    if args == ["--version"]:
        assert result.stdout.startswith("kinesis-tutor ")
    else:  # --help prints to stdout; no arguments prints the same help to stderr (click's usage error)
        assert "Commands:" in result.stdout or "Commands:" in result.stderr
    assert not imported & set(HEAVY), f"kinesis-tutor {' '.join(args)} imported {sorted(imported & set(HEAVY))}"


@pytest.mark.parametrize(
    "args", [["decks", "--help"], ["decks", "validate", "--help"], ["study", "--help"], ["exam", "--help"]]
)
def test_command_help_does_not_import_the_database_or_prompts(tmp_path, args):
    # typer (0.29) itself imports pydantic to convert a subcommand's parameters, so only the
    # top-level help can be pydantic-free; our own modules load theirs lazily in every case.
    result, imported = _run_importtime(tmp_path, *args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Usage:" in result.stdout
    assert not imported & {"sqlalchemy", "questionary"}, (
        f"{' '.join(args)} --help imported {sorted(imported & {'sqlalchemy', 'questionary'})}"
    )


def test_a_real_command_does_import_them(tmp_path):
    """Guards the test above: the parser of -X importtime does see pydantic when it is used."""
    result, imported = _run_importtime(tmp_path, "decks", "schema")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "pydantic" in imported


# ------------------------------------------------------------------------------ the wheel


def _build_wheel(out: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)]
    try:
        import hatchling  # noqa: F401  (already here: no need to fetch the build backend)

        cmd.append("--no-build-isolation")
    except ImportError:
        pass
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=out)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    [wheel] = out.glob("kinesis_tutor-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_contains_the_content_and_finds_it_when_installed(tmp_path):
    """Built wheel (hatchling, as pyproject.toml says) ships content/ as kinesis_tutor/content,
    and the package run from the unpacked wheel, elsewhere, uses that copy. ~5 s."""
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        f"kinesis_tutor/content/{p.name}" for p in (ROOT / "content").iterdir() if p.suffix in (".yaml", ".yml")
    }
    assert "kinesis_tutor/content/catalog.yaml" in expected
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kinesis_tutor").rglob("*.py")}
    assert "kinesis_tutor/cli/__init__.py" in modules
    assert modules <= names, f"missing from the wheel: {sorted(modules - names)}"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "kinesis-tutor = kinesis_tutor.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    # Unpack it as an installer would and run it from another folder: it must use its own copy
    # of the content (paths.content_dir), not the source checkout's.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _env(tmp_path / "home", PYTHONPATH=str(site))
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kinesis_tutor, kinesis_tutor.app.paths as p; print(kinesis_tutor.__file__); print(p.content_dir())",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    module_file, content = probe.stdout.splitlines()
    assert Path(module_file) == site / "kinesis_tutor" / "__init__.py"
    assert Path(content) == site / "kinesis_tutor" / "content"

    listed = subprocess.run(
        [sys.executable, "-m", "kinesis_tutor", "decks", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    files = [Path(d["file"]) for d in json.loads(listed.stdout)["decks"]]
    assert files and all(f.parent == site / "kinesis_tutor" / "content" for f in files)
