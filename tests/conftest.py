"""Shared fixtures: every test gets its own data folder, so nothing touches the real one."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from pathlib import Path

import pytest
from pg import db_target, pg_server, pg_url  # noqa: F401 (fixtures: a real PostgreSQL, see tests/pg.py)

BIN = Path(sys.executable).parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI=true does too)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests (the benchmark smoke run, the wheel build) run in CI and with --run-slow; a
    developer's default run stays fast and says how many it left out."""
    if config.getoption("--run-slow") or os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KINESIS_TUTOR_HOME", str(home))
    monkeypatch.delenv("KINESIS_TUTOR_DB", raising=False)
    monkeypatch.delenv("KINESIS_TUTOR_DECKS", raising=False)
    monkeypatch.delenv("KINESIS_TUTOR_PROFILE", raising=False)
    return home


def kinesis_tutor_exe() -> str:
    """The installed console script of this environment (the one a learner runs)."""
    exe = BIN / "kinesis-tutor"
    return str(exe) if exe.exists() else f"{sys.executable} -m kinesis_tutor"


def write_deck(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def pty_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a pseudo-terminal test: this one without the tutor's variables, nor the
    developer's VISUAL/EDITOR (a test passes its own editor in ``extra``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR") and k not in ("VISUAL", "EDITOR")}
    env.update(
        {
            "KINESIS_TUTOR_HOME": str(home),
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "LINES": "40",
            # pexpect does not answer prompt_toolkit's cursor-position requests
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
    )
    env.update(extra)
    return env


def synced_template(tmp_path_factory, file_name: str, deck_text: str):
    """A test deck plus the bundled content synced once into a template database, for a
    module-scoped fixture (syncing the content for every test would be slow). Returns
    (template database, deck folder)."""
    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.app.sync import open_synced

    folder = tmp_path_factory.mktemp("synced")
    decks = folder / "decks"
    write_deck(decks, file_name, deck_text)
    with pytest.MonkeyPatch.context() as mp:  # runs before the per-test isolated_home: isolate it too
        mp.setenv("KINESIS_TUTOR_HOME", str(folder / "home"))
        mp.delenv("KINESIS_TUTOR_DECKS", raising=False)
        open_synced(paths_mod.resolve(str(folder / "template.db"), [str(decks)])).close()
    return folder / "template.db", decks


def copy_of_template(template: Path, decks: Path, tmp_path: Path):
    """(paths, store) on a fresh copy of a template database."""
    import shutil

    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.app.sync import open_synced

    shutil.copy(template, tmp_path / "p.db")
    paths = paths_mod.resolve(str(tmp_path / "p.db"), [str(decks)])
    return paths, open_synced(paths)


def spawn_cli(
    home: Path,
    db: Path | None,
    decks: Path | None,
    *args: str,
    timeout: float = 20,
    log: Path | io.StringIO | None = None,
    env: dict[str, str] | None = None,
    dimensions: tuple[int, int] = (40, 100),
    cwd: Path | None = None,
):
    """The installed ``kinesis-tutor --db DB --deck-dir DECKS ARGS…`` in a pseudo-terminal of
    ``dimensions`` (rows, columns; 40×100 unless told, and LINES/COLUMNS say the same), answered
    with real keystrokes, in ``cwd`` when given. ``db`` None leaves ``--db`` out (the data folder's
    database); ``decks`` None leaves ``--deck-dir`` out (the bundled content and the data folder's
    decks). The screen is appended to ``log`` when given: a file, or an ``io.StringIO`` to read back."""
    import pexpect

    rows, columns = dimensions
    options = ([] if db is None else ["--db", str(db)]) + ([] if decks is None else ["--deck-dir", str(decks)])
    cmd = " ".join([kinesis_tutor_exe(), *options, *args])
    env = pty_env(home, **{"COLUMNS": str(columns), "LINES": str(rows), **(env or {})})
    child = pexpect.spawn(cmd, env=env, encoding="utf-8", dimensions=(rows, columns), timeout=timeout, cwd=cwd)
    if isinstance(log, io.StringIO):
        child.logfile_read = log
    elif log is not None:
        child.logfile_read = open(log, "a")  # noqa: SIM115 (open while the child runs; closed with it)
    return child


def cli(db: Path, decks: Path, *args: str) -> str:
    """``kinesis-tutor --db DB --deck-dir DECKS ARGS…`` through CliRunner; must succeed; its stdout."""
    from typer.testing import CliRunner

    from kinesis_tutor.cli import app

    result = CliRunner().invoke(app, ["--db", str(db), "--deck-dir", str(decks), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def export(db: Path, decks: Path) -> dict:
    """The progress document of ``kinesis-tutor export --format json``."""
    import json

    return json.loads(cli(db, decks, "export", "--format", "json"))


def run_exe(home: Path, *args: str, drop: tuple[str, ...] = (), **popen):
    """The installed ``kinesis-tutor ARGS…`` as a learner's shell runs it (no terminal, no stdin,
    ``NO_COLOR``), with ``home`` as its data folder; the finished process, output as text. The
    environment's variables starting with a prefix in ``drop`` are left out; ``popen`` goes to
    ``subprocess.run`` (``preexec_fn=`` for a resource limit, say)."""
    import subprocess

    left_out = ("KINESIS_TUTOR", *drop)
    env = {k: v for k, v in os.environ.items() if not k.startswith(left_out)}
    return subprocess.run(
        [*kinesis_tutor_exe().split(), *args],
        capture_output=True,
        text=True,
        env={**env, "KINESIS_TUTOR_HOME": str(home), "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
        check=False,
        **popen,
    )
