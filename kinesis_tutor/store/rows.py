"""Rows of the progress tables: the statements the Store runs for every answer, and the
conversions between rows and domain values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, CursorResult

from kinesis_tutor.core.review import LEECH_LAPSES, CardState
from kinesis_tutor.core.sm2 import PASS
from kinesis_tutor.store import schema as s


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _review_row(
    pk: int,
    before: CardState | None,
    after: CardState | None,
    moment: datetime,
    day: date,
    quality: int,
    kind: str,
    scheduled: bool,
) -> dict[str, Any]:
    """The log row of one answer, with the card's state before and after it."""
    return dict(
        card=pk,
        ts=iso(moment),
        day=day.isoformat(),
        quality=quality,
        kind=kind,
        scheduled=int(scheduled),
        ease_before=before.easiness if before else None,
        interval_before=before.interval if before else None,
        reps_before=before.repetitions if before else None,
        due_before=before.due_day if before else None,
        ease_after=after.easiness if after else None,
        interval_after=after.interval if after else None,
        reps_after=after.repetitions if after else None,
        due_after=after.due_day if after else None,
    )


def _new_id(result: CursorResult[Any]) -> int:
    """The row id an INSERT just made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _state_from_row(row: Any) -> CardState:
    return CardState(
        easiness=row.easiness,
        interval=row.interval,
        repetitions=row.repetitions,
        due_day=row.due_day,
        lapses=row.lapses,
        reviews=row.reviews,
        last_review=row.last_review,
        last_quality=row.last_quality,
        suspended=bool(row.suspended),
    )


def state_values(state: CardState) -> dict[str, Any]:
    """The card_state columns of a state (``suspended`` as 0/1)."""
    return {c: getattr(state, c) for c in _STATE_COLUMNS} | {"suspended": int(state.suspended)}


def state_before(conn: Connection, r: Any, state_of: Any, mine: Any) -> CardState | None:
    """The card's state before the logged answer ``r`` (None if it was the card's first)."""
    if r.ease_before is None:
        return None
    state = conn.execute(select(s.card_state).where(state_of)).one()
    prev = conn.execute(
        select(s.reviews.c.ts, s.reviews.c.quality)
        .where(mine, s.reviews.c.scheduled == 1, s.reviews.c.id < r.id)
        .order_by(s.reviews.c.id.desc())
        .limit(1)
    ).first()
    lapses = state.lapses - (1 if r.quality < PASS else 0)
    return CardState(
        easiness=r.ease_before,
        interval=r.interval_before,
        repetitions=r.reps_before,
        due_day=r.due_before,
        lapses=lapses,
        reviews=state.reviews - 1,
        last_review=prev.ts if prev else None,
        last_quality=prev.quality if prev else None,
        suspended=bool(state.suspended) and lapses >= LEECH_LAPSES,
    )


# The statements of an answer, built once: building a statement with its values costs
# SQLAlchemy more than SQLite takes to run it (bench/run.py, "one answer").
_STATE_COLUMNS = (
    "easiness",
    "interval",
    "repetitions",
    "due_day",
    "lapses",
    "reviews",
    "last_review",
    "last_quality",
    "suspended",
)
_STATE_OF = select(s.card_state).where(
    s.card_state.c.card == bindparam("pk"), s.card_state.c.profile == bindparam("profile")
)
_ROLLOVER = select(s.settings.c.value).where(
    s.settings.c.key == "day_starts_at", s.settings.c.profile == bindparam("profile")
)
_UPDATE_STATE = (
    update(s.card_state)
    .where(s.card_state.c.card == bindparam("v_pk"), s.card_state.c.profile == bindparam("v_profile"))
    .values({c: bindparam(f"v_{c}") for c in _STATE_COLUMNS})
)
_INSERT_STATE = insert(s.card_state).values(
    card=bindparam("v_pk"), profile=bindparam("v_profile"), **{c: bindparam(f"v_{c}") for c in _STATE_COLUMNS}
)
_INSERT_REVIEW = insert(s.reviews)
