"""kinesis-tutor plan: the exam date, the pace it asks for, the projected days and exam-day
retention; and the pace and countdown ``study`` follows. Every figure is for the study day
``today`` (the store's, unless a test passes one). The figures are described in docs/plan.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, check_decks, open_synced
from kinesis_tutor.core import plan as core
from kinesis_tutor.core import settings
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean
from kinesis_tutor.core.exam_forms import FORMS, WEIGHTED, domain_named
from kinesis_tutor.core.review import CardState, StudyItem
from kinesis_tutor.store import plan as queries
from kinesis_tutor.store.progress import Store

LAST_WEEK = 7  # days before the exam in which study proposes cram and a full mock exam
CRAM_TAGS = 3  # the weakest tags proposed for cram
CRAM_MIN_CARDS = 5  # a tag is ranked for cram when it is on at least this many cards in scope
NO_DATE_MAX_DAYS = 365  # without a date, the projection runs until every card is seen, at most this long
MAX_SIMULATED_DAYS = 3 * 365  # an exam further away is simulated this far, then projected to its day

DOMAINS = tuple(d.tag for d in WEIGHTED)


@dataclass(frozen=True)
class Scope:
    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def card_tags(self) -> list[str]:
        """The tags a card must carry one of (--tag and --domain together); empty: any card."""
        return list(dict.fromkeys([*self.tags, *self.domains]))  # a tag given twice is one tag

    def describe(self) -> str:
        parts = [*(f"deck {d}" for d in self.decks), *(f"#{t}" for t in self.card_tags)]
        return ", ".join(parts) if parts else "all decks"

    def options(self) -> str:
        return " ".join(
            [*(f"--deck {d}" for d in self.decks), *(f"--tag {t}" for t in self.tags)]
            + [f"--domain {d}" for d in self.domains]
        )


@dataclass(frozen=True)
class Plan:
    today: date
    exam: date | None
    status: str  # no_date, past, today, all_seen, inside_buffer, on_track, behind
    scope: Scope
    cards: int
    buffer_days: int
    max_new: int
    pace: core.Pace
    forecast: list[core.Day]
    first: core.GradeMix
    review: core.GradeMix
    answers_so_far: int  # the learner's own graded answers behind the grade mixes
    retention: float | None
    groups: list[core.GroupRetention]
    group_kind: str  # "domain", "tag" or "deck"
    weakest_tags: list[str] = field(default_factory=list)
    moved_from: date | None = None  # this run changed the exam date from this one
    set_now: bool = False  # this run set the exam date

    @property
    def days_left(self) -> int | None:
        return (self.exam - self.today).days if self.exam else None

    @property
    def finish_day(self) -> date | None:
        """The day the last unseen card is introduced at the pace (None: never, or nothing unseen)."""
        if self.pace.unseen == 0 or self.pace.finish_days is None:
            return None
        return self.today + timedelta(days=self.pace.finish_days - 1)

    @property
    def buffer_start(self) -> date | None:
        return self.exam - timedelta(days=self.buffer_days) if self.exam else None

    @property
    def fits(self) -> int:
        """Unseen cards that the pace introduces before the buffer (all of them when on track)."""
        room = self.pace.per_day * self.pace.new_days - self.pace.new_done_today
        return max(0, min(self.pace.unseen, room))

    @property
    def suggested_exam(self) -> date | None:
        """Without a date: the first exam day on track at today's pace (the buffer after the last new card)."""
        if self.pace.finish_days is None:
            return None
        return self.today + timedelta(days=self.pace.finish_days + self.buffer_days)


# ----------------------------------------------------------------------------------- the date


def exam_date(store: Store) -> date | None:
    return settings.as_date(store.settings()["exam_date"])


def set_exam_date(store: Store, value: str, today: date) -> date | None:
    """Store the exam date (a date in the past is refused); returns the date it replaces, if any."""
    number = settings.parse("exam_date", value)
    day = settings.as_date(number)
    if day is None:
        raise TutorError("give the exam date as YYYY-MM-DD, e.g. 2027-01-15", exit_code=EXIT_USAGE)
    settings.refuse_past(day, today)
    before = exam_date(store)
    store.set_setting("exam_date", str(number))
    return before


# ----------------------------------------------------------------------------------- the plan


def make(
    paths: Paths,
    scope: Scope,
    *,
    new_date: str | None = None,
    today: date | None = None,
    on_problems: Callable[[SyncReport], None] | None = None,
) -> Plan:
    """Sync the decks, store ``new_date`` if given (once the scope is known to hold cards), and
    compute the plan for ``scope``."""
    with open_synced(paths, on_problems) as store:
        day = today or store.today()
        items = scope_items(store, scope)
        moved_from = None
        if new_date is not None:
            moved_from = set_exam_date(store, new_date, day)
        result = compute(store, scope, day, items)
    if new_date is None:
        return result
    changed = moved_from if moved_from != result.exam else None
    return replace(result, moved_from=changed, set_now=True)


def scope_items(store: Store, scope: Scope) -> list[StudyItem]:
    """The active cards in scope, unseen ones in the order study introduces them; an empty scope is an error."""
    check_decks(store, list(scope.decks))
    for d in scope.domains:
        domain_named(d)
    items = _in_study_order(store, scope)
    if not items:
        raise _empty_scope(store, scope)
    return items


def _in_study_order(store: Store, scope: Scope) -> list[StudyItem]:
    """The cards in scope: the seen ones, then the unseen ones in the order study introduces them."""
    items = store.items(scope.decks, scope.card_tags)
    order = {item.pk: n for n, item in enumerate(store.new_items(scope.decks, scope.card_tags))}
    return sorted(items, key=lambda i: (i.state is None, order.get(i.pk, 0), i.pk))


def _empty_scope(store: Store, scope: Scope) -> TutorError:
    known = {t for item in store.items(scope.decks) for t in item.card.tags}
    unknown = [t for t in scope.card_tags if t not in known]
    where = f"no card of {', '.join(scope.decks)}" if scope.decks else "no card"
    hint = f": {where} is tagged '{unknown[0]}'{did_you_mean(unknown[0], sorted(known))}" if unknown else ""
    return TutorError(f"no card matches {scope.options() or 'the scope'}{hint}", exit_code=EXIT_USAGE)


def compute(store: Store, scope: Scope, today: date, items: list[StudyItem] | None = None) -> Plan:
    """The plan for ``scope`` (its cards: ``items``, when already read) on study day ``today``."""
    items = items if items is not None else scope_items(store, scope)
    values = store.settings()
    exam = settings.as_date(values["exam_date"])
    buffer_days, max_new = values["review_buffer_days"], values["max_new_per_day"]
    done_new, done_reviews = queries.done_today(store, today)
    pace = _pace(store, values, done_new, items, today)
    counts = queries.grade_counts(store)
    first, review = core.GradeMix.of(counts["new"]), core.GradeMix.of(counts["review"])
    sim = core.simulate(
        items,
        today,
        min(pace.days_left, MAX_SIMULATED_DAYS),
        new_per_day=pace.per_day,
        new_days=pace.days_left if pace.source == "setting" else pace.new_days,  # new_per_day ignores the buffer
        max_reviews=values["max_reviews_per_day"],
        done_today=(done_new, done_reviews),
        first=first,
        review=review,
    )
    end = exam or today + timedelta(days=pace.days_left)
    kind, names = _groups(items, scope)
    overall, groups = core.retention(items, sim.states, end, review.pass_rate, names)
    return Plan(
        today=today,
        exam=exam,
        status=_status(exam, today, pace),
        scope=scope,
        cards=len(items),
        buffer_days=buffer_days,
        max_new=max_new,
        pace=pace,
        forecast=sim.days,
        first=first,
        review=review,
        answers_so_far=sum(counts["new"]) + sum(counts["review"]),
        retention=overall,
        groups=groups,
        group_kind=kind,
        weakest_tags=_weakest_tags(items, sim.states, end, review.pass_rate),
    )


def pace_of(store: Store, items: list[StudyItem], today: date) -> core.Pace:
    """The pace for ``items`` on ``today``: the exam date's, or without one today's settings'."""
    done_new, _ = queries.done_today(store, today)
    return _pace(store, store.settings(), done_new, items, today)


def _pace(store: Store, values: dict[str, int], done_new: int, items: list[StudyItem], today: date) -> core.Pace:
    """``pace_of`` with the settings ``values`` and today's ``done_new`` new cards already read."""
    exam = settings.as_date(values["exam_date"])
    buffer_days = values["review_buffer_days"]
    unseen = sum(1 for i in items if i.state is None)
    if exam is None:
        return core.pace_without_date(unseen, done_new, values["new_per_day"], buffer_days, NO_DATE_MAX_DAYS)
    days_left = (exam - today).days
    # study's pace: the learner's own new_per_day wins; once the date has passed, new_per_day rules again
    own = days_left < 0 or "new_per_day" in queries.set_by_learner(store)
    explicit = values["new_per_day"] if own else None
    return core.pace(
        days_left, buffer_days, unseen, done_new, max_new=values["max_new_per_day"], new_per_day_setting=explicit
    )


def _status(exam: date | None, today: date, pace: core.Pace) -> str:
    if exam is None:
        return "no_date"
    if exam < today:
        return "past"
    if exam == today:
        return "today"
    if pace.unseen == 0:
        return "all_seen"
    if pace.new_days == 0:
        return "inside_buffer"
    return "on_track" if pace.on_track else "behind"


def _groups(items: list[StudyItem], scope: Scope) -> tuple[str, list[str]]:
    """What exam-day retention is broken down by: the exam domains among the cards, else the
    tags of the scope, else the decks."""
    tags = {t for i in items for t in i.card.tags}
    domains = [d for d in DOMAINS if d in tags]
    if domains:
        return "domain", domains
    if scope.tags:
        return "tag", list(scope.tags)
    return "deck", sorted({i.card.deck for i in items})


def _weakest_tags(items: list[StudyItem], states: dict[int, CardState | None], end: date, p: float) -> list[str]:
    """The tags (on enough cards, and not on every card in scope) with the lowest exam-day retention."""
    counts: dict[str, int] = {}
    for i in items:
        for t in i.card.tags:
            counts[t] = counts.get(t, 0) + 1
    names = [t for t, n in counts.items() if CRAM_MIN_CARDS <= n < len(items)]
    _, groups = core.retention(items, states, end, p, names)
    return [g.name for g in groups if g.retention < 1][:CRAM_TAGS]


# ----------------------------------------------------------------------------- what study follows


@dataclass(frozen=True)
class Countdown:
    """The exam as study sees it: the days left, the pace, and (in the last week) what to propose."""

    exam: date
    status: str
    pace: core.Pace
    today: date
    cram_tags: list[str] = field(default_factory=list)
    mock_exam: str | None = None

    @property
    def days_left(self) -> int:
        return (self.exam - self.today).days

    @property
    def new_today(self) -> int | None:
        """New cards left for today at the plan's pace; None when the plan does not set the pace
        (the exam has passed, or ``config set new_per_day`` wins)."""
        if self.status == "past" or self.pace.source == "setting":
            return None
        return max(0, self.pace.per_day - self.pace.new_done_today)


def countdown(store: Store, decks: list[str], tags: list[str], today: date) -> Countdown | None:
    """The exam countdown and pace of a study session over ``decks`` and ``tags``; None without
    an exam date, or when no card is in that scope."""
    exam = exam_date(store)
    if exam is None:
        return None
    scope = Scope(tuple(decks), tuple(tags))
    items = _in_study_order(store, scope)
    if not items:
        return None
    if not 0 <= (exam - today).days <= LAST_WEEK:  # the pace alone: no simulation needed
        pace = pace_of(store, items, today)
        return Countdown(exam, _status(exam, today, pace), pace, today)
    plan = compute(store, scope, today, items)
    return Countdown(exam, plan.status, plan.pace, today, cram_tags=plan.weakest_tags, mock_exam=mock_exam(store))


def mock_exam(store: Store) -> str:
    """The full mock exam to propose: the first form not yet sat, else the one sat longest ago."""
    from kinesis_tutor.store import exams

    taken = [a.detail.get("form") for a in exams.attempts(store)]
    return f"kinesis-tutor exam --form {core.next_form(taken, FORMS)}"
