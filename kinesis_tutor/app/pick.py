"""Pick: "which service?" scenario runs, and the services the learner confuses."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kinesis_tutor.app import answers
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, open_synced
from kinesis_tutor.core import picker
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import Entry, SessionEngine
from kinesis_tutor.decks.loader import load_support
from kinesis_tutor.decks.model import Service
from kinesis_tutor.store import picks
from kinesis_tutor.store.progress import Store


@dataclass
class PickPlan:
    """A run of scenarios (``items`` empty: nothing matched; ``scenarios`` are all of them)."""

    store: Store
    scenarios: list[StudyItem]
    items: list[StudyItem]
    wanted: list[str]  # service ids of --services
    filters: dict[str, object]


@dataclass(frozen=True)
class PickSummary:
    right: int
    answered: int
    confusions: list[picker.Confusion]


@dataclass(frozen=True)
class ConfusionReport:
    """Every pick run so far: (right, answered) and the confusions, most frequent first."""

    right: int
    answered: int
    confusions: list[picker.Confusion]


def load_catalog(paths: Paths) -> dict[str, Service]:
    """The service catalog only (not every deck): cheap enough for argument checks."""
    catalog, _facts = load_support(paths.deck_dirs(), [])
    return catalog


def plan(
    paths: Paths,
    catalog: dict[str, Service],
    *,
    count: int,
    tags: list[str],
    services: str | None,
    on_problems: Callable[[SyncReport], None] | None = None,
) -> PickPlan:
    """Check the filters (before any terminal is needed) and choose the run."""
    wanted = picker.parse_service_list(catalog, services)
    store = open_synced(paths, on_problems)
    scenarios = store.items(kinds=["scenario"])
    _check_tags(store, scenarios, tags)
    items = picker.build_run(scenarios, store.today(), count, tags, wanted)
    return PickPlan(store, scenarios, items, wanted, {"tags": tags, "services": wanted, "count": count})


def _check_tags(store: Store, scenarios: Sequence[StudyItem], tags: list[str]) -> None:
    """A tag no card has at all is a typo: a usage error with a did-you-mean. A tag that only
    other kinds of cards have is not an error: the run is just empty."""
    counts = Counter(t for item in scenarios for t in item.card.tags)
    unknown = [t for t in tags if t not in counts]
    if not unknown:
        return
    every = {t for item in store.items() for t in item.card.tags}
    for tag in unknown:
        if tag in every:
            continue
        close = difflib.get_close_matches(tag, sorted(counts), n=1) or difflib.get_close_matches(
            tag, sorted(every), n=1
        )
        if close:
            raise TutorError(f"no card has the tag '{tag}' (did you mean '{close[0]}'?)", exit_code=EXIT_USAGE)
        common = ", ".join(t for t, _ in counts.most_common(12))
        raise TutorError(f"no card has the tag '{tag}'; common scenario tags: {common}", exit_code=EXIT_USAGE)


def engine(plan: PickPlan) -> SessionEngine[StudyItem]:
    """No same-run repeats: the run is exactly the scenarios chosen; misses come back through SM-2."""
    run: SessionEngine[StudyItem] = SessionEngine(repeat_below=0, repeat_kind="pick-repeat")
    run.queue.extend(Entry(item, "pick", scheduled=True) for item in plan.items)
    return run


def _pick_kind(entry: Entry[StudyItem]) -> str:
    return "pick"


def _always(entry: Entry[StudyItem]) -> bool:
    return True


def start(plan: PickPlan) -> answers.Recorder:
    """Open the session; every answer is logged as pick and scheduled by SM-2."""
    return answers.start(plan.store, "pick", plan.filters, log_kind=_pick_kind, scheduled=_always)


def summarize(plan: PickPlan, session: int | None) -> PickSummary:
    if session is None:  # nothing answered: the run started no session
        return PickSummary(0, 0, [])
    right, answered = picks.tally(plan.store, session=session)
    return PickSummary(right, answered, picks.confusions(plan.store, session=session))


def confusion_report(paths: Paths) -> ConfusionReport | None:
    """Every confusion of every pick run (None: no database yet). Needs no terminal."""
    if not paths.has_database():
        return None
    store = paths.open_store()
    try:
        right, answered = picks.tally(store)
        found = picks.confusions(store)
    finally:
        store.close()
    return ConfusionReport(right, answered, found)
