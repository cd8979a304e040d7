"""The exam plan with a fixed clock: the pace arithmetic at its edges, the SM-2 simulation against a
case worked out by hand, exam-day retention, and the plan's edge cases on a real database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from conftest import synced_template
from pg import BACKENDS, copy_of_template_on

from kinesis_tutor.app import plan as use
from kinesis_tutor.core import plan as core
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import CardState, StudyItem
from kinesis_tutor.ui import plan_view

T = date(2026, 3, 2)  # the fixed study day of these tests (a Monday)

# ------------------------------------------------------------------------------ the pace arithmetic


def test_needed_per_day_rounds_up_and_counts_todays_new_cards():
    assert core.needed_per_day(90, 0, 9) == 10  # exactly
    assert core.needed_per_day(91, 0, 9) == 11  # one card more: one a day more
    assert core.needed_per_day(1, 0, 30) == 1
    assert core.needed_per_day(88, 2, 9) == 10  # two already studied today count toward today's share
    assert core.needed_per_day(0, 5, 9) == 0  # nothing unseen: no new card needed
    assert core.needed_per_day(5, 0, 0) is None  # no day left for new cards


def test_pace_before_the_buffer():
    # 30 days to the exam, a 7-day buffer: 23 days for 230 cards, 10 a day, done on day 23.
    p = core.pace(30, 7, 230, 0, max_new=50, new_per_day_setting=None)
    assert (p.new_days, p.needed, p.per_day, p.source, p.finish_days) == (23, 10, 10, "plan", 23)
    assert p.on_track and p.late_days == 0


def test_pace_capped_says_how_late():
    p = core.pace(30, 7, 230, 0, max_new=8, new_per_day_setting=None)
    assert (p.needed, p.per_day, p.source) == (10, 8, "cap")
    assert p.finish_days == 29  # ceil(230 / 8)
    assert not p.on_track and p.late_days == 6


def test_the_learners_new_per_day_wins():
    p = core.pace(30, 7, 230, 0, max_new=50, new_per_day_setting=20)
    assert (p.needed, p.per_day, p.source, p.finish_days, p.on_track) == (10, 20, "setting", 12, True)
    slow = core.pace(30, 7, 230, 0, max_new=50, new_per_day_setting=5)
    assert (slow.finish_days, slow.late_days, slow.on_track) == (46, 23, False)


def test_pace_at_the_edges_of_the_buffer():
    on_the_edge = core.pace(8, 7, 5, 0, max_new=50, new_per_day_setting=None)  # one day for new cards
    assert (on_the_edge.new_days, on_the_edge.needed, on_the_edge.per_day) == (1, 5, 5)
    inside = core.pace(7, 7, 5, 0, max_new=50, new_per_day_setting=None)
    assert (inside.new_days, inside.needed, inside.per_day, inside.source) == (0, None, 0, "none")
    assert not inside.on_track
    today = core.pace(0, 7, 0, 0, max_new=50, new_per_day_setting=None)
    assert today.on_track and today.per_day == 0  # every card seen: on track whatever the date


def test_pace_without_a_date_runs_until_every_card_is_seen_plus_the_buffer():
    p = core.pace_without_date(100, 0, 20, 7, 365)
    assert (p.finish_days, p.days_left, p.new_days, p.per_day) == (5, 12, 5, 20)
    never = core.pace_without_date(100, 0, 0, 7, 365)
    assert (never.finish_days, never.days_left) == (None, 365)


# ------------------------------------------------------------------------------ the simulation


def test_grades_follow_the_history_without_chance():
    stream = core.GradeStream(core.GradeMix.of([0, 0, 0, 0, 0, 0]))  # the prior alone: 9 Good, 1 Wrong
    assert [stream.next() for _ in range(20)] == ([4] * 5 + [1] + [4] * 4) * 2  # the 6th, 16th, ... answers
    even = core.GradeStream(core.GradeMix((0, 1, 0, 0, 1, 0)))
    assert [even.next() for _ in range(4)] == [4, 1, 4, 1]  # a tie goes to the higher grade


def _card(pk: int) -> StudyItem:
    from kinesis_tutor.core.cards import Card

    return StudyItem(pk, Card(deck="d", id=f"c{pk}", kind="basic", prompt="?", answer=("!",), explanation=""), None)


def _seen(item: StudyItem, interval: int, reps: int, due: date, easiness: float = 2.5) -> StudyItem:
    return StudyItem(item.pk, item.card, CardState(easiness, interval, reps, due.isoformat()))


def test_simulation_matches_a_case_worked_out_by_hand():
    """Two seen cards and three new ones, 2 new a day on the first 2 of 3 days; first answers all
    Good, reviews alternate Good and Wrong (4, 1, 4, 1, 4, 1, 4):

    day 0: review A (4: interval 6 → ceil(6 × 2.5) = 15); new C, D (4: due day 1)      1 review, 2 new
    day 1: B 1 (again tomorrow), C 4 (interval 6), D 1 (tomorrow); new E (due day 2)    3 reviews, 1 new
    day 2: B 4 (interval 1), D 1, E 4 (interval 6); no new day left                     3 reviews, 0 new
    """
    a, b, c, d, e = (_card(pk) for pk in range(1, 6))
    items = [_seen(a, 6, 2, T), _seen(b, 1, 1, T + timedelta(days=1)), c, d, e]
    sim = core.simulate(
        items,
        T,
        3,
        new_per_day=2,
        new_days=2,
        max_reviews=10,
        first=core.GradeMix((0, 0, 0, 0, 1, 0)),
        review=core.GradeMix((0, 1, 0, 0, 1, 0)),
    )
    assert [(x.reviews, x.new) for x in sim.days] == [(1, 2), (3, 1), (3, 0)]
    due = {pk: (s.interval, s.due_day) for pk, s in sim.states.items() if s}
    day = lambda n: (T + timedelta(days=n)).isoformat()  # noqa: E731
    assert due == {1: (15, day(15)), 2: (1, day(3)), 3: (6, day(7)), 4: (1, day(3)), 5: (6, day(8))}
    assert sim.states[2].lapses == 1 and round(sim.states[2].easiness, 2) == 1.96 + 0.0


def test_the_review_cap_leaves_the_rest_for_the_next_day_and_todays_answers_count():
    a, b, c = (_card(pk) for pk in range(1, 4))
    items = [_seen(x, 1, 1, T - timedelta(days=n)) for n, x in enumerate([a, b, c])]
    good = core.GradeMix((0, 0, 0, 0, 1, 0))
    sim = core.simulate(items, T, 2, new_per_day=0, new_days=0, max_reviews=2, first=good, review=good)
    assert [x.reviews for x in sim.days] == [2, 1]  # the most overdue (c, then b) first
    assert sim.states[1].due_day == (T + timedelta(days=1 + 6)).isoformat()  # a: reviewed on day 1
    already = core.simulate(
        items, T, 1, new_per_day=0, new_days=0, max_reviews=2, done_today=(0, 1), first=good, review=good
    )
    assert [x.reviews for x in already.days] == [1]


def test_exam_day_recall_is_the_pass_rate_to_the_power_of_elapsed_over_interval():
    state = CardState(2.5, 6, 2, (T + timedelta(days=6)).isoformat())  # reviewed on T
    assert core.recall(state, T + timedelta(days=6), 0.9) == pytest.approx(0.9)
    assert core.recall(state, T + timedelta(days=3), 0.81) == pytest.approx(0.9)
    assert core.recall(state, T, 0.9) == 1.0
    assert core.recall(None, T, 0.9) == 0.0
    leech = CardState(1.3, 1, 0, T.isoformat(), lapses=8, suspended=True)
    assert core.recall(leech, T, 0.9) == 0.0


def test_the_mock_exam_proposed_is_a_form_not_sat_or_sat_longest_ago():
    assert core.next_form([], (1, 2, 3)) == 1
    assert core.next_form([None, 1, None], (1, 2, 3)) == 2  # None: a shorter exam, not a form
    assert core.next_form([1, 2, 3], (1, 2, 3)) == 1
    assert core.next_form([1, 2, 3, 1], (1, 2, 3)) == 2


# ------------------------------------------------------------------------------ on a real database

DECK = "format_version: 1\nid: fx-plan\ntitle: Plan test deck\ntags: [fx-plan]\ncards:\n" + "".join(
    f"  - id: c{n}\n    kind: basic\n    front: Question {n}?\n    back: Answer {n}.\n"
    f"    explanation: Because {n}.\n    tags: [{'dea-store' if n < 4 else 'dea-security'}]\n"
    for n in range(10)
)
SCOPE = use.Scope(decks=("fx-plan",))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return synced_template(tmp_path_factory, "plan.yaml", DECK)


@pytest.fixture(params=BACKENDS)
def db(request, template, tmp_path):
    """On each backend: a copy of the synced file, then a PostgreSQL clone of it."""
    paths, store = copy_of_template_on(request.param, request, *template, tmp_path)
    yield paths, store
    store.close()


def at(day: date) -> datetime:
    return datetime.combine(day, time(12, 0)).astimezone()


def study(store, cards: range, day: date, quality: int = 4) -> None:
    for n in cards:
        store.record(store.card_pk("fx-plan", f"c{n}"), quality, "new", scheduled=True, now=at(day))


def make(paths, new_date: str | None = None, scope: use.Scope = SCOPE, day: date = T) -> use.Plan:
    return use.make(paths, scope, new_date=new_date, today=day)


def test_setting_and_moving_the_date(db):
    paths, _ = db
    first = make(paths, "2026-03-22")
    assert (first.exam, first.set_now, first.moved_from, first.days_left) == (date(2026, 3, 22), True, None, 20)
    assert plan_view.render(first)[1].plain == "Exam date set: Sun 22 Mar 2026."
    moved = make(paths, "2026-04-01")
    assert moved.moved_from == date(2026, 3, 22)
    assert "was Sun 22 Mar 2026" in plan_view.render(moved)[1].plain
    assert make(paths).exam == date(2026, 4, 1)  # stored


def test_a_date_in_the_past_is_refused_and_today_is_reviews_only(db):
    paths, store = db
    with pytest.raises(TutorError, match="in the past") as refused:
        make(paths, "2026-03-01")
    assert refused.value.exit_code == 2
    today = make(paths, "2026-03-02")
    assert (today.status, today.pace.per_day, today.forecast) == ("today", 0, [])
    assert plan_view.advice_line(today).startswith("The exam is today. Good luck!")
    passed = make(paths, day=T + timedelta(days=1))  # the next day, the stored date has passed
    assert passed.status == "past"
    assert "has passed" in " ".join(str(p) for p in plan_view.render(passed))
    after = use.countdown(store, ["fx-plan"], [], T + timedelta(days=1))
    assert after is not None and after.new_today is None  # study goes back to new_per_day
    assert plan_view.countdown_line(after) == (
        "Exam date 2026-03-02 has passed · config unset exam_date, or plan --exam-date for the next"
    )


def test_on_track_with_the_plans_pace(db):
    paths, store = db
    study(store, range(2), T)  # two new cards studied today already
    plan = make(paths, "2026-03-14")  # 12 days, 7 of buffer: 5 days for 8 + 2 cards: 2 a day
    assert (plan.status, plan.pace.needed, plan.pace.per_day, plan.pace.unseen) == ("on_track", 2, 2, 8)
    assert plan.finish_day == T + timedelta(days=4)
    assert [d.new for d in plan.forecast] == [0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0]
    assert plan_view.advice_line(plan) == "On track: every card seen by Fri 06 Mar 2026."
    countdown = use.countdown(store, ["fx-plan"], [], T)
    assert countdown is not None and countdown.new_today == 0  # today's two are done
    assert plan_view.countdown_line(countdown) == "Exam in 12 days · on track"


def anki(store, cards: range, day: date, quality: int = 4, *, scheduled: bool = True) -> None:
    """Answers given in Anki, as import --from-anki records them (kind 'anki')."""
    for n in cards:
        pk = store.card_pk("fx-plan", f"c{n}")
        store.record(pk, quality, "anki", scheduled=scheduled, now=at(day) + timedelta(minutes=n))


def test_new_cards_seen_in_anki_today_count_toward_the_plans_pace(db):
    paths, store = db
    anki(store, range(2), T)  # two new cards first seen on the phone today
    anki(store, range(2), T, 1, scheduled=False)  # Anki's learning steps on them: not more cards
    plan = make(paths, "2026-03-14")  # as if studied here: 2 a day, today's two done
    assert (plan.status, plan.pace.per_day, plan.pace.unseen, plan.pace.new_done_today) == ("on_track", 2, 8, 2)
    assert [d.new for d in plan.forecast][:2] == [0, 2]
    countdown = use.countdown(store, ["fx-plan"], [], T)
    assert countdown is not None and countdown.new_today == 0  # no second day's worth of new cards today
    assert plan.answers_so_far == 2 and plan.first.counts[4] == core.PRIOR[4] + 2  # first answers, graded Good


def test_anki_reviews_of_seen_cards_are_reviews_in_the_grade_mix(db):
    paths, store = db
    study(store, range(3), T - timedelta(days=3))  # seen here; due again before T
    anki(store, range(3), T, quality=1)  # reviewed (and missed) on the phone today
    plan = make(paths)
    assert plan.pace.new_done_today == 0 and plan.answers_so_far == 6
    assert plan.review.counts[1] == core.PRIOR[1] + 3  # the phone's misses weigh on the projected reviews


def test_study_leaves_out_the_new_cards_seen_in_anki_today(db):
    from kinesis_tutor.app import study as study_use

    paths, store = db
    store.set_setting("new_per_day", "3")
    anki(store, range(2), store.today())
    session = study_use.plan(paths, decks=["fx-plan"], tags=[], new=None, max_reviews=None)
    try:
        assert session.new_done == 2
        assert session.engine is not None and len(session.engine.queue) == 1  # 3 a day, 2 seen in Anki
    finally:
        session.store.close()


def test_too_close_for_the_cap_says_what_fits(db):
    paths, store = db
    store.set_setting("max_new_per_day", "1")
    plan = make(paths, "2026-03-12")  # 10 days, 3 for new cards: 4 a day needed, 1 allowed
    assert (plan.status, plan.pace.source, plan.pace.needed, plan.fits, plan.pace.late_days) == (
        "behind",
        "cap",
        4,
        3,
        7,
    )
    assert plan_view.advice_line(plan) == (
        "Out of reach at max_new_per_day 1: 3 of 10 unseen cards fit, you finish 7 days late. "
        "Raise it (config set max_new_per_day 4) or narrow the scope (--domain, --tag)."
    )
    countdown = use.countdown(store, ["fx-plan"], [], T)
    assert plan_view.countdown_line(countdown) == (
        "Exam in 10 days · behind: 4 new a day needed, 1 planned · kinesis-tutor plan"
    )


def test_inside_the_buffer_and_the_learners_own_pace(db):
    paths, store = db
    plan = make(paths, "2026-03-05")  # 3 days: inside the 7-day buffer
    assert (plan.status, plan.pace.per_day) == ("inside_buffer", 0)
    assert "Without the buffer 10 fit at max_new_per_day 50" in plan_view.advice_line(plan)
    store.set_setting("new_per_day", "3")
    own = make(paths)
    assert (own.status, own.pace.source, own.pace.per_day) == ("inside_buffer", "setting", 3)
    assert [d.new for d in own.forecast] == [3, 3, 3]  # study keeps new_per_day, buffer or not
    assert "your new_per_day (3) still adds new cards" in plan_view.advice_line(own)
    countdown = use.countdown(store, ["fx-plan"], [], T)
    assert countdown is not None and countdown.new_today is None  # study keeps new_per_day
    assert plan_view.countdown_line(countdown) == "Exam in 3 days · new_per_day 3 still adds new cards"


def test_every_card_seen_and_no_date(db):
    paths, store = db
    undated = make(paths)
    assert (undated.status, undated.pace.per_day, undated.suggested_exam) == ("no_date", 20, T + timedelta(days=8))
    assert plan_view.advice_line(undated) == (
        "At 20 new a day every card is seen by Mon 02 Mar 2026; "
        "with the 7-day buffer an exam on Tue 10 Mar 2026 or later is on track."
    )
    store.set_setting("new_per_day", "0")
    assert plan_view.advice_line(make(paths)) == (
        "At 0 new a day no unseen card is ever studied: config set new_per_day N."
    )
    study(store, range(10), T - timedelta(days=1))
    assert plan_view.advice_line(make(paths)) == (
        "Every card in scope is seen: set an exam date to see your pace and retention for it."
    )
    seen = make(paths, "2026-04-01")
    assert (seen.status, seen.pace.needed, seen.pace.unseen) == ("all_seen", 0, 0)
    assert plan_view.advice_line(seen).startswith("Every card in scope is seen")


def test_retention_by_domain_falls_with_misses(db):
    paths, store = db
    study(store, range(4), T - timedelta(days=1), quality=5)  # dea-store: all seen
    study(store, range(4, 6), T - timedelta(days=1), quality=1)  # two of dea-security, missed
    # Three days away, inside the buffer: the four unseen dea-security cards stay unseen and count 0.
    plan = make(paths, "2026-03-05", scope=use.Scope(("fx-plan",), domains=("dea-store", "dea-security")))
    assert plan.cards == 10 and plan.group_kind == "domain"
    by = {g.name: g for g in plan.groups}
    assert by["dea-store"].cards == 4 and by["dea-security"].cards == 6
    assert [g.name for g in plan.groups] == ["dea-security", "dea-store"]  # weakest first
    assert by["dea-security"].retention < 2 / 6 < 0.8 < by["dea-store"].retention
    assert plan.retention == pytest.approx((4 * by["dea-store"].retention + 6 * by["dea-security"].retention) / 10)


def test_a_scope_matching_nothing_is_a_usage_error(db):
    paths, _ = db
    wanted = "no card matches --deck fx-plan --tag dea-stor: no card of fx-plan is tagged 'dea-stor'"
    with pytest.raises(TutorError, match=wanted) as e:
        make(paths, scope=use.Scope(decks=("fx-plan",), tags=("dea-stor",)))
    assert e.value.exit_code == 2 and "did you mean 'dea-store'" in str(e.value)
    with pytest.raises(TutorError, match="no exam domain") as e:
        make(paths, "2026-04-01", scope=use.Scope(domains=("dea-nothing",)))
    assert e.value.exit_code == 2
    assert make(paths).exam is None  # a refused scope stores no date either
