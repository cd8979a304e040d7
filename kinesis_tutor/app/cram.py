"""Cram: the weakest cards, ignoring due days; misses come back until right.

By default the SM-2 schedule is left exactly as it was: every answer is logged as kind ``cram``
with ``scheduled = 0``. With ``--reschedule`` the first answer to each card is applied to the
schedule as a review would be (still logged as ``cram``); repeats never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinesis_tutor.app import answers, verdicts
from kinesis_tutor.app.filters import check_tags
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, check_decks, open_synced
from kinesis_tutor.core import cram
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import Entry, SessionEngine
from kinesis_tutor.store import queues
from kinesis_tutor.store.progress import Store


@dataclass
class CramPlan:
    """The cards to cram, weakest first (an empty engine: nothing matched the filters)."""

    store: Store
    engine: SessionEngine[StudyItem]
    filters: dict[str, object]
    reschedule: bool
    known: verdicts.KnownAnswers | None = None  # what a typed answer must not be: the decks' blanks, the services


@dataclass(frozen=True)
class CramSummary:
    firsts: int  # cards answered at least once
    right: int  # of those, right the first time
    answered: int
    repeats: int
    seconds: float
    left: int  # cards not reached
    reschedule: bool
    weak: cram.WeakReport


def _cram_kind(entry: Entry[StudyItem]) -> str:
    return "cram"


def plan(
    paths: Paths,
    *,
    decks: list[str],
    tags: list[str],
    count: int,
    reschedule: bool,
    on_problems: Callable[[SyncReport], None] | None = None,
) -> CramPlan:
    """Sync the decks and choose the ``count`` weakest cards that pass the filters."""
    store = open_synced(paths, on_problems)
    check_decks(store, decks)
    check_tags(store, tags)
    items = store.items(decks, tags)
    chosen = cram.select(items, count, last=queues.last_answers(store, [i.pk for i in items]))
    engine: SessionEngine[StudyItem] = SessionEngine(
        repeat_below=cram.REPEAT_BELOW, repeat_kind="cram-repeat", repeats_scheduled=False
    )
    engine.queue.extend(Entry(item, "cram", scheduled=reschedule) for item in chosen)
    filters = {"decks": decks, "tags": tags, "count": count, "reschedule": reschedule}
    return CramPlan(store, engine, filters, reschedule, verdicts.known_in(store, paths))


def start(plan: CramPlan) -> answers.Recorder:
    """Open the session; every answer is logged as cram (scheduled only with --reschedule)."""
    return answers.start(plan.store, "cram", plan.filters, log_kind=_cram_kind)


def summarize(plan: CramPlan, seconds: float) -> CramSummary:
    """Score, repeats and what is still weak, by tag and by deck."""
    engine = plan.engine
    firsts = engine.first_answers()
    answers_given = [(a.entry.item.card, a.quality) for a in engine.history]
    runs = cram.tally(answers_given, [e.item.card for e in engine.queue])
    return CramSummary(
        firsts=len(firsts),
        right=sum(1 for a in firsts if a.quality >= cram.REPEAT_BELOW),
        answered=engine.answered,
        repeats=engine.answered - len(firsts),
        seconds=seconds,
        left=sum(1 for r in runs if not r.answers),
        reschedule=plan.reschedule,
        weak=cram.still_weak(runs),
    )
