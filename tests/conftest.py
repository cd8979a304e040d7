"""Shared fixtures: every test gets its own data folder, so nothing touches the real one."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KINESIS_TUTOR_HOME", str(home))
    monkeypatch.delenv("KINESIS_TUTOR_DB", raising=False)
    monkeypatch.delenv("KINESIS_TUTOR_DECKS", raising=False)
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
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR")}
    env.update({"KINESIS_TUTOR_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1", "COLUMNS": "100", "LINES": "40",
                # pexpect does not answer prompt_toolkit's cursor-position requests
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    env.update(extra)
    return env
