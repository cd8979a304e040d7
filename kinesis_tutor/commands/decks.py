"""Left only for commands/compare.py until it moves to app/ + ui/: delete with it.

The decks commands live in app/decks.py (data) and ui/decks_view.py (output)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinesis_tutor.app import decks
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.ui.decks_view import report_skipped

if TYPE_CHECKING:
    from kinesis_tutor.decks.loader import Library


def load(paths: Paths) -> Library:
    """Every deck; problems with bad decks go to stderr and the good decks are used."""
    return report_skipped(decks.load(paths))
