"""The benchmark runner works: ``python bench/run.py --quick`` exits 0 and prints every figure.

A smoke run only: small collections, one or two runs, and no assertion on any time (a loaded CI
machine must not fail it). The full run and its figures are in docs/performance.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROWS = [
    "`kinesis-tutor --help`",
    "first card of `study`",
    "one answer",
    "first deck sync",
    "deck sync, nothing changed",
    "re-sync after one card edited: 1,000-card single-file deck",
    "re-sync after one card edited: 500 cards in files of 500",
    "`stats.collect` in-process",
    "`stats --json` beyond start-up",
    "peak memory of `study`: first card",
    "peak memory of `study` after a deck file changed",
    "PostgreSQL: one answer",
    "PostgreSQL: first card of `study`",
    "PostgreSQL: `stats --json`",
]


@pytest.mark.slow
def test_quick_benchmark_run_prints_every_figure():
    pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    table = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert table and table[0].split("|")[1].strip() == "figure", proc.stdout
    for name in ROWS:
        rows = [line for line in table if line.startswith(f"| {name}")]
        assert rows, f"no row for {name!r} in:\n{proc.stdout}"
        assert "ERROR" not in rows[0], rows[0]
