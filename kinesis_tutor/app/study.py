"""The daily session: due reviews, then new cards up to the day's quotas; its summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kinesis_tutor.app import answers, verdicts
from kinesis_tutor.app import plan as exam_plan
from kinesis_tutor.app.filters import check_tags
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, check_decks, open_synced
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import SessionEngine, sibling_key, unburied
from kinesis_tutor.store import plan as plan_queries
from kinesis_tutor.store import queues
from kinesis_tutor.store import today as today_queue
from kinesis_tutor.store.progress import Store


@dataclass
class StudyPlan:
    """Today's queue (None when nothing is due and no new card is left), or when the next card is due."""

    store: Store
    engine: SessionEngine[StudyItem] | None
    filters: dict[str, list[str]]
    new_done: int  # new cards already studied today
    next_due: str | None = None  # when nothing is due: the next due day, if any
    countdown: exam_plan.Countdown | None = None  # with an exam date: the days left and the plan's pace
    again_today: int = 0  # cards missed earlier today, asked again first
    known: verdicts.KnownAnswers | None = None  # what a typed answer must not be: the decks' blanks, the services


@dataclass(frozen=True)
class StudySummary:
    cards: int
    answered: int
    repeats: int
    accuracy: float | None
    seconds: float
    due_tomorrow: int
    streak: int
    longest: int
    left: int  # cards not reached
    again_today: int = 0  # cards missed earlier today that came back
    buried: int = 0  # siblings of cards answered in this session, left for tomorrow


def plan(
    paths: Paths,
    *,
    decks: list[str],
    tags: list[str],
    new: int | None,
    max_reviews: int | None,
    on_problems: Callable[[SyncReport], None] | None = None,
) -> StudyPlan:
    """Sync the decks and build today's queue from the quotas left (or the ones given)."""
    store = open_synced(paths, on_problems)
    check_decks(store, decks)
    check_tags(store, tags)
    settings = store.settings()
    day = store.today()
    new_done, reviews_done = plan_queries.done_today(store, day)  # the answers given in Anki count too
    countdown = exam_plan.countdown(store, decks, tags, day)
    new_quota = new if new is not None else _new_quota(settings["new_per_day"] - new_done, countdown)
    review_quota = max_reviews if max_reviews is not None else max(0, settings["max_reviews_per_day"] - reviews_done)
    again, due, fresh = _today(store, day, decks, tags, review_quota, new_quota)
    filters = {"decks": decks, "tags": tags}
    if not again and not due and not fresh:
        return StudyPlan(store, None, filters, new_done, store.next_due(day, decks, tags), countdown=countdown)
    engine = SessionEngine.build(due, fresh, again, sibling=sibling_of)
    known = verdicts.known_in(store, paths)
    return StudyPlan(store, engine, filters, new_done, again_today=len(again), countdown=countdown, known=known)


def _new_quota(left_by_setting: int, countdown: exam_plan.Countdown | None) -> int:
    """New cards for the rest of today: the exam plan's pace when it sets one, else new_per_day's."""
    if countdown is not None and countdown.new_today is not None:
        return countdown.new_today
    return max(0, left_by_setting)


def sibling_of(item: StudyItem) -> str | None:
    return sibling_key(item.card.deck, item.card.id, item.card.origin)


def _today(
    store: Store, day: date, decks: list[str], tags: list[str], review_quota: int, new_quota: int
) -> tuple[list[tuple[StudyItem, int]], list[StudyItem], list[StudyItem]]:
    """(today's misses with their grade, due reviews, new cards): a sibling of a card answered
    today, or of one earlier in the queue, is buried until tomorrow."""
    again = today_queue.missed_today(store, day, decks, tags)
    taken = {key for item in today_queue.answered_on(store, day) if (key := sibling_of(item)) is not None}
    return (
        again,
        _unburied(lambda limit: store.due_items(day, decks, tags, limit=limit), review_quota, taken),
        _unburied(lambda limit: store.new_items(decks, tags, limit=limit), new_quota, taken),
    )


def _unburied(read: Callable[[int | None], list[StudyItem]], quota: int, taken: set[str]) -> list[StudyItem]:
    """Up to ``quota`` items of ``read`` with no buried sibling: a few more are read than wanted,
    all of them when that is not enough."""
    if quota <= 0:
        return []
    limit = quota * 3 + 20
    items = read(limit)
    kept = unburied(items, sibling_of, set(taken))
    if len(kept) < quota and len(items) == limit:
        kept = unburied(read(None), sibling_of, set(taken))
    taken.update(k for item in kept[:quota] if (k := sibling_of(item)) is not None)
    return kept[:quota]


def start(study: StudyPlan) -> answers.Recorder:
    """Open the session; answers are logged as new, review or repeat."""
    return answers.start(study.store, "study", study.filters)


def summarize(study: StudyPlan, cards: int, seconds: float) -> StudySummary:
    """The numbers of the end-of-session panel."""
    engine = study.engine
    assert engine is not None
    store = study.store
    day = store.today()
    current, longest = queues.study_streak(store, day)
    return StudySummary(
        cards=cards,
        answered=engine.answered,
        repeats=sum(1 for a in engine.history if a.entry.kind == engine.repeat_kind),
        accuracy=engine.accuracy(),
        seconds=seconds,
        due_tomorrow=store.due_count(day + timedelta(days=1)),
        streak=current,
        longest=longest,
        left=len(engine.queue),
        again_today=study.again_today,
        buried=engine.buried_count,
    )
