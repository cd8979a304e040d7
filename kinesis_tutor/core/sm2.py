"""SM-2, as SuperMemo describes it and the ``supermemo2`` package (3.x) computes it.

Pure functions over a frozen dataclass: no clock, no I/O. The caller turns ``interval`` into a
due day (the study day of the review plus the interval).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_EASINESS = 1.3
PASS = 3  # quality 3 or more is a successful recall
REPEAT_BELOW = 4  # SM-2 step 7: in a session, items graded below 4 come back until 4 or more


@dataclass(frozen=True)
class Sm2State:
    easiness: float = 2.5
    interval: int = 0
    repetitions: int = 0


def review(state: Sm2State, quality: int) -> Sm2State:
    """The state after one review graded ``quality`` (an int from 0 to 5)."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be an int from 0 to 5, not {quality!r}")
    if quality < PASS:
        interval, repetitions = 1, 0
    else:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            interval = math.ceil(state.interval * state.easiness)
        repetitions = state.repetitions + 1
    miss = 5 - quality
    easiness = state.easiness + (0.1 - miss * (0.08 + miss * 0.02))  # same float order as the reference
    if easiness < MIN_EASINESS:
        easiness = MIN_EASINESS
    return Sm2State(easiness=easiness, interval=interval, repetitions=repetitions)


def replay(qualities: list[int] | tuple[int, ...], start: Sm2State = Sm2State()) -> Sm2State:
    """The state after a sequence of reviews."""
    state = start
    for q in qualities:
        state = review(state, q)
    return state
