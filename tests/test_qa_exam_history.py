"""exam --history reads at 80 and at 60 columns: no heading, score or form is cut to '…', even
for a full form sat for 130 minutes that ran out of time."""

from __future__ import annotations

import pytest
from rich.console import Console

from kinesis_tutor.core.exam_score import Attempt
from kinesis_tutor.ui.exam_view import show_history

DOMAINS = [
    {"domain": "dea-ingestion", "correct": 20, "total": 22},
    {"domain": "dea-store", "correct": 10, "total": 17},
    {"domain": "dea-operations", "correct": 14, "total": 14},
    {"domain": "dea-security", "correct": 9, "total": 12},
]
ROWS = [
    Attempt(1, "2026-11-30T09:33:00+00:00", 3, 3, 1000, True, 5, {"seconds_used": 10}),
    Attempt(
        2,
        "2026-11-30T10:33:00+00:00",
        65,
        53,
        752,
        True,
        130,
        {"seconds_used": 7799, "form": 3, "domains": DOMAINS, "timed_out": True},
    ),
]


@pytest.mark.parametrize("width", [80, 60])
def test_history_fits_the_terminal_without_cutting_anything(width):
    console = Console(width=width, record=True, color_system=None)
    show_history(console, ROWS)
    text = console.export_text()
    assert all(len(line) <= width for line in text.splitlines())
    table = text.split("Score trend")[0]
    assert "…" not in table
    words = table.split()
    for expected in ("Date", "Asked", "Right", "Score", "Result", "Time", "Form", "1000", "752", "-248", "2026-11-30"):
        assert expected in words
    domains = text.split("By exam domain (DEA-C01)")[1]
    assert "…" not in domains
    for heading in ("Ingestion", "Store", "Operations", "Security", "(34%)", "(18%)"):
        assert heading in domains
    assert "20/22" in domains and "9/12" in domains
