"""kinesis-tutor stats: every progress figure of the study day, for the whole store or one deck."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, check_decks, open_synced
from kinesis_tutor.store import stats as queries
from kinesis_tutor.store.progress import Store


def collect(
    paths: Paths, deck: str | None = None, on_problems: Callable[[SyncReport], None] | None = None
) -> dict[str, Any]:
    """The figures (keys in docs/stats.md) after a deck sync; a ``deck`` that has no card is refused
    as every --deck filter refuses it (``sync.check_decks``). ``on_problems`` hears of deck files that were skipped."""
    store = open_synced(paths, on_problems)
    try:
        if deck is not None:  # a deck gone from the files keeps its stats: its cards' history is kept
            with store.reader.connect() as conn:
                check_decks(store, [deck], known=queries.deck_ids(conn))
        figures = queries.collect(store, store.today(), deck)
        figures["exam_score"] = exam_score(store)
        return figures
    finally:
        store.close()


def group(paths: Paths, on_problems: Callable[[SyncReport], None] | None = None) -> dict[str, Any]:
    """``stats --group``: every learner (profile) of the database side by side, after a deck sync."""
    store = open_synced(paths, on_problems)
    try:
        return queries.group(store, store.today())
    finally:
        store.close()


def exam_score(store: Store) -> dict[str, Any] | None:
    """Readiness as a projected exam score with its 90 % range, estimated from the learner's own
    mock exams (core/plan_score.py); None before the first one."""
    from kinesis_tutor.core.plan_score import projected_score
    from kinesis_tutor.store import exams

    estimate = projected_score([(a.correct, a.questions) for a in exams.attempts(store)])
    return estimate.as_dict() if estimate else None
