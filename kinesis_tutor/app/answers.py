"""Recording and undoing an answer: every answer is committed before the next card is shown.

The question loop (ui/runner.py) asks; a ``Recorder`` made by the study, cram or pick use case
says how each answer is logged (its review kind, whether it changes the SM-2 schedule) and
writes it to the store of that run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import Entry
from kinesis_tutor.store import amend
from kinesis_tutor.store.progress import Store


def _own_kind(entry: Entry[StudyItem]) -> str:
    return entry.kind


def _own_schedule(entry: Entry[StudyItem]) -> bool:
    return entry.scheduled


@dataclass
class Recorder:
    """One run's answers: each ``record`` is one committed review, ``amend`` changes its grade,
    ``undo`` takes it back."""

    store: Store
    session: int | None  # None until the first answer starts the run's session (see ``start``)
    log_kind: Callable[[Entry[StudyItem]], str] = _own_kind
    scheduled: Callable[[Entry[StudyItem]], bool] = _own_schedule
    kind: str = "study"  # the session's kind and filters, for the session the first answer starts
    filters: dict[str, Any] = field(default_factory=dict)

    def record(
        self,
        entry: Entry[StudyItem],
        quality: int,
        *,
        correct: bool | None,
        response: str | None,
        duration_ms: int,
    ) -> int:
        """Commit the answer to ``entry``; returns the review id (for undo)."""
        if self.session is None:
            self.session = self.store.start_session(self.kind, self.filters)
        recorded = self.store.record(
            entry.item.pk,
            quality,
            self.log_kind(entry),
            scheduled=self.scheduled(entry),
            session=self.session,
            duration_ms=duration_ms,
            response=response,
            correct=correct,
        )
        return recorded.review_id

    def amend(self, review_id: int, quality: int) -> None:
        """The grade given after the verdict (Hard, Good, Easy) replaces the automatic one in the
        same logged answer: one review, not two."""
        amend.amend(self.store, review_id, quality)

    def undo(self, review_id: int) -> None:
        """Take a recorded answer back: the log and the card's state are as before it."""
        self.store.undo(review_id)

    def when_busy(self, say: Callable[[], None]) -> None:
        """While another kinesis-tutor holds the database's write lock for long, an answer waits
        for it as long as it takes (never lost); ``say`` is called once per wait to tell the learner."""
        if self.store.file is not None:
            self.store.file.on_busy = say

    def finish(self) -> None:
        """The run is over (finished, paused or interrupted): close its session."""
        if self.session is not None:
            self.store.end_session(self.session)


def start(
    store: Store,
    kind: str,
    filters: Mapping[str, Any],
    *,
    log_kind: Callable[[Entry[StudyItem]], str] = _own_kind,
    scheduled: Callable[[Entry[StudyItem]], bool] = _own_schedule,
) -> Recorder:
    """The recorder of a run of ``kind`` (study, cram, pick). Nothing is written yet: the first
    answer starts the session, so the first card is shown while the file's damage check (run before
    any write, store/faults.py) goes on in the background; a read-only file is refused here."""
    if store.file is not None:
        store.file.expect_writes()
    return Recorder(store, None, log_kind, scheduled, kind, dict(filters))
