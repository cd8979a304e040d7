"""The exam plan, pure: the pace of new cards an exam date asks for, and an SM-2 simulation of
the days up to it over the real queue with the learner's own grades.

Two parts, both deterministic (no clock, no randomness: the caller passes the study day):

- ``pace``: the arithmetic. The new cards a day that see every unseen card in scope by the exam
  date minus a review buffer, and the pace ``study`` will use (the plan's, capped by
  ``max_new_per_day``; an explicit ``new_per_day`` setting wins).
- ``simulate``: every study day from today to the day before the exam, as ``study`` would run
  it — due reviews first (most overdue first, up to the daily review cap), then new cards at the
  pace until the buffer starts — each answer graded from the learner's own grade history and
  applied with ``core.review.apply_review``. The grades are drawn without chance: each answer
  takes the grade whose share so far lags its share in the history the most, so a history of 90 %
  Good and 10 % Wrong grades one answer in ten Wrong (the 6th, the 16th, ...).

Retention on exam day is a forgetting curve over SM-2's intervals: a card reviewed ``t`` days
before the exam with interval ``I`` is recalled with probability ``p ** (t / I)``, where ``p`` is
the learner's pass rate on due reviews (SM-2 sets each interval so that the card is recalled,
about that often, on its due day). A card not yet seen, or suspended as a leech, counts 0.
See docs/plan.md.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kinesis_tutor.core.review import CardState, StudyItem, apply_review
from kinesis_tutor.core.sm2 import PASS

GRADES = range(6)
# Before the learner has graded anything, a day's answers are assumed 9 Good to 1 Wrong: the
# recall SM-2's intervals aim for. These pseudo-answers are added to the learner's own counts, so
# a real history of a few dozen answers outweighs them.
PRIOR = (0, 1, 0, 0, 9, 0)


@dataclass(frozen=True)
class GradeMix:
    """Answers per grade (index 0-5): the learner's history plus the prior."""

    counts: tuple[int, ...]

    @classmethod
    def of(cls, own: Sequence[int], prior: Sequence[int] = PRIOR) -> GradeMix:
        return cls(tuple(int(own[q]) + int(prior[q]) for q in GRADES))

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def pass_rate(self) -> float:
        """The share of answers graded 3 or more."""
        return sum(self.counts[PASS:]) / self.total if self.total else 0.0


@dataclass
class GradeStream:
    """Grades in the mix's proportions without chance: each next grade is the one whose drawn
    count lags its expected count the most (ties: the higher grade)."""

    mix: GradeMix
    drawn: list[int] = field(default_factory=lambda: [0] * 6)
    n: int = 0

    def next(self) -> int:
        total = self.mix.total
        self.n += 1
        if total == 0:
            return 4
        best = max(GRADES, key=lambda q: (self.mix.counts[q] * self.n / total - self.drawn[q], q))
        self.drawn[best] += 1
        return best


# ------------------------------------------------------------------------------------- the pace


@dataclass(frozen=True)
class Pace:
    """How many new cards a day, and whether that sees every card in time."""

    days_left: int  # study days before the exam: today up to the day before it
    new_days: int  # of which days for new cards: all but the review buffer
    unseen: int  # cards in scope never studied
    new_done_today: int  # new cards already studied today (they count toward today's pace)
    needed: int | None  # new a day that sees every card before the buffer; None: no day for new cards
    per_day: int  # the pace study uses
    source: str  # where per_day comes from: "plan", "cap", "setting" (config new_per_day) or "none"
    finish_days: int | None  # days to see every unseen card at per_day (1 = today); None: never

    @property
    def late_days(self) -> int:
        """Days after the buffer starts that the last new card comes (0 when in time)."""
        if self.unseen == 0:
            return 0
        if self.finish_days is None:
            return max(1, self.days_left - self.new_days)  # never, at this pace: at least the buffer
        return max(0, self.finish_days - self.new_days)

    @property
    def on_track(self) -> bool:
        return self.unseen == 0 or (self.finish_days is not None and self.finish_days <= self.new_days)


def needed_per_day(unseen: int, new_done_today: int, new_days: int) -> int | None:
    """New cards a day to see ``unseen`` cards in ``new_days`` days, today's already studied
    ones counting toward today's share; 0 when nothing is unseen, None when there is no day."""
    if unseen <= 0:
        return 0
    if new_days <= 0:
        return None
    return math.ceil((unseen + new_done_today) / new_days)


def finish_in(unseen: int, new_done_today: int, per_day: int) -> int | None:
    """Study days (today = 1) until the last unseen card is introduced at ``per_day``."""
    if unseen <= 0:
        return 0
    if per_day <= 0:
        return None
    return math.ceil((unseen + new_done_today) / per_day)


def pace(
    days_left: int,
    buffer_days: int,
    unseen: int,
    new_done_today: int,
    *,
    max_new: int,
    new_per_day_setting: int | None,
) -> Pace:
    """The plan's pace for an exam ``days_left`` days away (1 = tomorrow). ``new_per_day_setting``
    is the learner's own ``config set new_per_day`` value (None when not set): it wins."""
    days_left = max(0, days_left)
    new_days = max(0, days_left - buffer_days)
    needed = needed_per_day(unseen, new_done_today, new_days)
    if new_per_day_setting is not None:
        per_day, source = new_per_day_setting, "setting"
    elif needed is None or new_days == 0:
        per_day, source = 0, "none"
    elif needed > max_new:
        per_day, source = max_new, "cap"
    else:
        per_day, source = needed, "plan"
    finish = finish_in(unseen, new_done_today, per_day)
    return Pace(days_left, new_days, unseen, new_done_today, needed, per_day, source, finish)


def pace_without_date(unseen: int, new_done_today: int, per_day: int, buffer_days: int, max_days: int) -> Pace:
    """The pace of today's settings with no exam date: the days until every card is seen at
    ``per_day``, plus the buffer (at most ``max_days``), as if the exam came then."""
    finish = finish_in(unseen, new_done_today, per_day)
    days = min(max_days, max(1, (max_days if finish is None else finish) + buffer_days))
    return Pace(days, max(0, days - buffer_days), unseen, new_done_today, None, per_day, "setting", finish)


# -------------------------------------------------------------------------------- the simulation


@dataclass(frozen=True)
class Day:
    day: date
    reviews: int
    new: int

    @property
    def answers(self) -> int:
        return self.reviews + self.new


@dataclass(frozen=True)
class Simulation:
    days: list[Day]
    states: dict[int, CardState | None]  # every card in scope after the last simulated day


def simulate(
    items: Sequence[StudyItem],
    start: date,
    days: int,
    *,
    new_per_day: int,
    new_days: int,
    max_reviews: int,
    done_today: tuple[int, int] = (0, 0),
    first: GradeMix,
    review: GradeMix,
) -> Simulation:
    """``days`` study days from ``start`` (today) as ``study`` runs them. New cards come in the
    order of ``items`` (the store's order), ``new_per_day`` a day on the first ``new_days`` days;
    ``done_today`` is (new, reviews) already answered today, taken off today's quotas."""
    states: dict[int, CardState | None] = {i.pk: i.state for i in items}
    due: list[tuple[str, int]] = [(s.due_day, pk) for pk, s in states.items() if s is not None and not s.suspended]
    heapq.heapify(due)
    unseen = [i.pk for i in items if i.state is None]
    first_grades, review_grades = GradeStream(first), GradeStream(review)
    out: list[Day] = []
    for offset in range(max(0, days)):
        day = start + timedelta(days=offset)
        iso, at = day.isoformat(), f"{day.isoformat()}T12:00:00+00:00"
        new_done, reviews_done = done_today if offset == 0 else (0, 0)
        reviewed: list[int] = []
        while due and due[0][0] <= iso and len(reviewed) < max_reviews - reviews_done:
            reviewed.append(heapq.heappop(due)[1])
        fresh_count = max(0, new_per_day - new_done) if offset < new_days else 0
        fresh, unseen = unseen[:fresh_count], unseen[fresh_count:]
        for pk, stream in [*((pk, review_grades) for pk in reviewed), *((pk, first_grades) for pk in fresh)]:
            after = apply_review(states[pk], stream.next(), day, at)
            states[pk] = after
            if not after.suspended:
                heapq.heappush(due, (after.due_day, pk))
        out.append(Day(day, len(reviewed), len(fresh)))
    return Simulation(out, states)


# ------------------------------------------------------------------------------------- retention


def recall(state: CardState | None, exam: date, pass_rate: float) -> float:
    """The chance a card is recalled on ``exam`` day: ``pass_rate ** (t / interval)``, ``t`` the
    days since its last review; 0 for a card never studied or suspended."""
    if state is None or state.suspended or state.interval <= 0:
        return 0.0
    last = date.fromisoformat(state.due_day) - timedelta(days=state.interval)
    elapsed = max(0, (exam - last).days)
    return float(pass_rate ** (elapsed / state.interval))


@dataclass(frozen=True)
class GroupRetention:
    name: str
    cards: int
    retention: float


def retention(
    items: Iterable[StudyItem],
    states: dict[int, CardState | None],
    exam: date,
    pass_rate: float,
    groups: Sequence[str],
) -> tuple[float | None, list[GroupRetention]]:
    """The mean recall on exam day over every card, and over the cards of each group (a tag or a
    deck id: a card is in a group when it carries that tag or is in that deck), weakest first
    (then the larger group first)."""
    sums: dict[str, list[float]] = {g: [] for g in groups}
    every = []
    for item in items:
        r = recall(states.get(item.pk, item.state), exam, pass_rate)
        every.append(r)
        for g in {*item.card.tags, item.card.deck} & sums.keys():
            sums[g].append(r)
    per = [GroupRetention(g, len(v), sum(v) / len(v)) for g, v in sums.items() if v]
    per.sort(key=lambda g: (g.retention, -g.cards, g.name))
    return (sum(every) / len(every) if every else None), per


def next_form(taken: Sequence[int | None], forms: Sequence[int]) -> int:
    """The mock exam form to propose: the first never sat, else the one sat longest ago.
    ``taken`` is the form of each past attempt, oldest first (None: not a full form)."""
    last_sat = {form: n for n, form in enumerate(taken) if form in forms}
    fresh = [f for f in forms if f not in last_sat]
    return fresh[0] if fresh else min(forms, key=lambda f: last_sat[f])
