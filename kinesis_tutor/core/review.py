"""One graded review applied to a card: SM-2, lapses, leech suspension and the due day.

``apply_review`` is the only place that rule is written. The store applies it to each answer,
``db check`` / ``db rebuild`` replay a card's log as a fold of it (``store/integrity.py``, which
names the review a bad log entry is at), and the benchmark generator builds its histories with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from kinesis_tutor.core import sm2

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kinesis_tutor.core.cards import Card

LEECH_LAPSES = 8  # a card failed this often is a leech: suspended, left out of study
MAX_INTERVAL = 36_500  # days (Anki's cap): no due day can overflow the calendar


class Quality(IntEnum):
    """SM-2's grades; 3 or more is a pass."""

    BLACKOUT = 0
    WRONG = 1
    WRONG_BUT_FAMILIAR = 2
    HARD = 3
    GOOD = 4
    EASY = 5


class ReviewKind(StrEnum):
    """Why an answer was given; only scheduled ones move the SM-2 state."""

    NEW = "new"
    REVIEW = "review"
    REPEAT = "repeat"
    CRAM = "cram"
    EXAM = "exam"
    PICK = "pick"
    ANKI = "anki"  # an answer given in Anki, brought in by import --from-anki


REVIEW_KINDS: tuple[str, ...] = tuple(k.value for k in ReviewKind)


@dataclass(frozen=True)
class CardState:
    """A card's SM-2 state plus its bookkeeping."""

    easiness: float
    interval: int
    repetitions: int
    due_day: str
    lapses: int = 0
    reviews: int = 0
    last_review: str | None = None
    last_quality: int | None = None
    suspended: bool = False

    @property
    def sm2(self) -> sm2.Sm2State:
        return sm2.Sm2State(self.easiness, self.interval, self.repetitions)


@dataclass(frozen=True)
class StudyItem:
    """A card ready for a session: its row id, its content, its state (None if new)."""

    pk: int
    card: Card
    state: CardState | None


def apply_review(state: CardState | None, quality: int, day: date, at: str) -> CardState:
    """The state after one scheduled review graded ``quality`` on study day ``day`` at ``at``
    (an ISO timestamp). ``state`` is None for a card never reviewed."""
    before = state.sm2 if state is not None else sm2.Sm2State()
    after = sm2.review(before, quality)
    interval = min(after.interval, MAX_INTERVAL)
    lapses = (state.lapses if state else 0) + (1 if quality < sm2.PASS else 0)
    return CardState(
        easiness=after.easiness,
        interval=interval,
        repetitions=after.repetitions,
        due_day=(day + timedelta(days=interval)).isoformat(),
        lapses=lapses,
        reviews=(state.reviews if state else 0) + 1,
        last_review=at,
        last_quality=quality,
        suspended=(state.suspended if state else False) or lapses >= LEECH_LAPSES,
    )


EASINESS_TOLERANCE = 1e-9
_COMPARED = ("interval", "repetitions", "due_day", "reviews", "last_review", "last_quality")


def replay(log: Iterable[tuple[int, date, str]]) -> CardState | None:
    """The state a card's scheduled reviews (quality, study day, timestamp), in log order, give:
    a fold of ``apply_review``; None for an empty log."""
    state: CardState | None = None
    for quality, day, at in log:
        state = apply_review(state, quality, day, at)
    return state


def differences(have: CardState, want: CardState) -> list[str]:
    """How a stored state differs from what its log gives (lapses and ``suspended`` can be
    changed by hand, so they are not compared); empty when they agree."""
    out = []
    if abs(have.easiness - want.easiness) > EASINESS_TOLERANCE:
        out.append(f"easiness is {have.easiness!r}, the log gives {want.easiness!r}")
    for key in _COMPARED:
        stored, should = getattr(have, key), getattr(want, key)
        if stored != should:
            what = "reviews count" if key == "reviews" else key
            out.append(f"{what} is {stored!r}, the log gives {should!r}")
    return out
