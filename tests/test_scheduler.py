"""SM-2: golden sequences worked out by hand, bad grades, the easiness floor, and the
``supermemo2`` package (3.x) as an oracle on thousands of random grade sequences."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from supermemo2 import review as oracle_review

from kinesis_tutor.scheduler import MIN_EASINESS, Sm2State, replay, review

# Easiness change per grade, 0.1 - (5-q)*(0.08 + (5-q)*0.02):
#   q=5: 0.1 - 0*(...)              = +0.10
#   q=4: 0.1 - 1*(0.08 + 0.02)      =  0.00
#   q=3: 0.1 - 2*(0.08 + 0.04)      = -0.14
#   q=2: 0.1 - 3*(0.08 + 0.06)      = -0.32
#   q=1: 0.1 - 4*(0.08 + 0.08)      = -0.54
#   q=0: 0.1 - 5*(0.08 + 0.10)      = -0.80


FRESH = Sm2State()


def steps(qualities, start=FRESH):
    out, state = [], start
    for q in qualities:
        state = review(state, q)
        out.append((round(state.easiness, 10), state.interval, state.repetitions))
    return out


def test_new_state_defaults():
    assert Sm2State() == Sm2State(easiness=2.5, interval=0, repetitions=0)


def test_perfect_answers():
    assert steps([5, 5, 5, 5]) == [
        (2.6, 1, 1),  # reps 0 -> interval 1;             E 2.5 + 0.1 = 2.6
        (2.7, 6, 2),  # reps 1 -> interval 6;             E 2.6 + 0.1 = 2.7
        (2.8, 17, 3),  # ceil(6 * 2.7)  = ceil(16.2) = 17; E 2.7 + 0.1 = 2.8
        (2.9, 48, 4),  # ceil(17 * 2.8) = ceil(47.6) = 48 (with the new 2.9 it would be 50)
    ]


def test_grade_four_keeps_easiness():
    assert steps([4, 4, 4, 4]) == [
        (2.5, 1, 1),
        (2.5, 6, 2),
        (2.5, 15, 3),  # ceil(6 * 2.5)  = 15
        (2.5, 38, 4),  # ceil(15 * 2.5) = ceil(37.5) = 38
    ]


def test_interval_uses_easiness_before_the_update():
    # After 5, 5 the state is E 2.7, I 6, R 2. A 3 then gives ceil(6 * 2.7) = 17 (not
    # ceil(6 * 2.56) = 16, which the updated easiness would give); E becomes 2.7 - 0.14 = 2.56.
    assert steps([5, 5, 3])[-1] == (2.56, 17, 3)


def test_lapse_resets_repetitions_and_interval_then_relearns():
    assert steps([5, 5, 3, 1, 4, 4, 4]) == [
        (2.6, 1, 1),
        (2.7, 6, 2),
        (2.56, 17, 3),  # ceil(6 * 2.7) = 17;  E 2.7 - 0.14 = 2.56
        (2.02, 1, 0),  # a lapse: interval 1, reps 0; E 2.56 - 0.54 = 2.02
        (2.02, 1, 1),  # reps 0 -> 1
        (2.02, 6, 2),  # reps 1 -> 6
        (2.02, 13, 3),  # ceil(6 * 2.02) = ceil(12.12) = 13
    ]


def test_every_failing_grade_is_a_lapse():
    start = Sm2State(easiness=2.5, interval=48, repetitions=4)
    for q, easiness in [(0, 1.7), (1, 1.96), (2, 2.18)]:  # 2.5 - 0.8, 2.5 - 0.54, 2.5 - 0.32
        after = review(start, q)
        assert (after.interval, after.repetitions) == (1, 0)
        assert after.easiness == pytest.approx(easiness)


def test_easiness_floor_at_1_3():
    assert steps([0, 0, 0, 3, 5, 5, 5, 5]) == [
        (1.7, 1, 0),  # 2.5 - 0.8
        (1.3, 1, 0),  # 1.7 - 0.8 = 0.9, floored to 1.3
        (1.3, 1, 0),
        (1.3, 1, 1),  # 1.3 - 0.14 = 1.16, floored; reps 0 -> interval 1
        (1.4, 6, 2),  # the floor is not sticky: 1.3 + 0.1
        (1.5, 9, 3),  # ceil(6 * 1.4) = ceil(8.4) = 9
        (1.6, 14, 4),  # ceil(9 * 1.5) = ceil(13.5) = 14
        (1.7, 23, 5),  # ceil(14 * 1.6) = ceil(22.4) = 23
    ]
    assert review(Sm2State(1.3, 10, 3), 0).easiness == MIN_EASINESS


def test_easiness_is_not_rounded():
    # 2.5 - 0.14 - 0.14 - 0.14 in floats is not 2.08 exactly; the value is kept as computed.
    state = replay([3, 3, 3])
    assert state.easiness == ((2.5 + (0.1 - 2 * (0.08 + 2 * 0.02))) + (0.1 - 2 * (0.08 + 2 * 0.02))) + (
        0.1 - 2 * (0.08 + 2 * 0.02)
    )


def test_state_is_frozen_and_review_is_pure():
    state = Sm2State()
    review(state, 5)
    assert state == Sm2State()
    with pytest.raises(AttributeError):
        state.interval = 3  # type: ignore[misc]


@pytest.mark.parametrize("bad", [-1, 6, 2.5, True, False, "3", None, 3.0])
def test_bad_quality_raises_value_error(bad):
    with pytest.raises(ValueError, match="quality"):
        review(Sm2State(), bad)


def test_replay_is_review_in_sequence():
    assert replay([5, 3, 0, 4]) == review(review(review(review(Sm2State(), 5), 3), 0), 4)
    assert replay([]) == Sm2State()


# ------------------------------------------------------------------------- the oracle

WHEN = datetime(1, 1, 1)  # the oracle also computes a due date: leave it the most room


def oracle(qualities):
    """The supermemo2 package's states after each of ``qualities``, from a new item. It stops
    early once an interval passes what a date can hold (about 3.6 million days)."""
    e, i, r = 2.5, 0, 0
    out = []
    for q in qualities:
        try:
            res = oracle_review(q, e, i, r, WHEN)
        except OverflowError:
            break
        e, i, r = res["easiness"], res["interval"], res["repetitions"]
        out.append((e, i, r))
    return out


def ours(qualities):
    out, state = [], Sm2State()
    for q in qualities:
        state = review(state, q)
        out.append((state.easiness, state.interval, state.repetitions))
    return out


def agree(qualities):
    expected = oracle(qualities)
    assert len(expected) >= min(len(qualities), 8)  # the comparison is never vacuous
    assert ours(qualities)[: len(expected)] == expected, qualities


def test_oracle_agrees_on_golden_sequence():
    assert ours([5, 5, 3, 1, 4, 4, 4]) == oracle([5, 5, 3, 1, 4, 4, 4])


def test_oracle_on_thousands_of_seeded_sequences():
    rng = random.Random(20240501)
    for n in range(4000):
        # Mix uniform grades with mostly-good learners, whose intervals grow large.
        weights = [1, 1, 1, 1, 1, 1] if n % 2 else [1, 1, 2, 6, 10, 10]
        qualities = rng.choices(range(6), weights=weights, k=rng.randint(1, 30))
        agree(qualities)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=60))
def test_oracle_property(qualities):
    agree(qualities)
