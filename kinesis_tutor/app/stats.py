"""kinesis-tutor stats: every progress figure of the study day, for the whole store or one deck."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, open_synced
from kinesis_tutor.store import stats as queries


def collect(
    paths: Paths, deck: str | None = None, on_problems: Callable[[SyncReport], None] | None = None
) -> dict[str, Any]:
    """The figures (keys in docs/stats.md) after a deck sync; an unknown ``deck`` is refused
    with a did-you-mean. ``on_problems`` hears of deck files that were skipped."""
    store = open_synced(paths, on_problems)
    try:
        return queries.collect(store, store.today(), deck)
    finally:
        store.close()
