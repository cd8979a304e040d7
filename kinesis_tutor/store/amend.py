"""Amending an answer already in the log: the grade given after the verdict (Hard, Good, Easy)
replaces the automatic one in the same review, so an answer is logged once, the moment it is
given, and a kill at the grade prompt loses nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select, update

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import CardState, apply_review
from kinesis_tutor.store import dialect
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.rows import state_before, state_values


def amend(store: Store, review_id: int, quality: int) -> CardState | None:
    """Give the logged answer ``review_id`` the grade ``quality`` instead of its own; a scheduled
    answer's card state is recomputed from the state before it. Committed before it returns.
    Returns the card's state after the answer (None for an unscheduled answer)."""
    if store.outbox.regrade(review_id, quality):  # still waiting for the server: amend the waiting answer
        return None
    with store.engine.begin() as conn:
        r = conn.execute(
            select(s.reviews).where(s.reviews.c.id == review_id, s.reviews.c.profile == store.profile)
        ).first()
        if r is None:
            raise TutorError("nothing to amend: that answer is not in the log")
        dialect.lock_card(conn, store.profile, r.card)
        mine = and_(s.reviews.c.card == r.card, s.reviews.c.profile == store.profile)
        if conn.execute(select(func.count()).where(mine, s.reviews.c.id > review_id)).scalar():
            raise TutorError("the card was answered again since (only its latest answer can be amended)")
        values: dict[str, Any] = {"quality": quality}
        after = None
        if r.scheduled:
            state_of = and_(s.card_state.c.card == r.card, s.card_state.c.profile == store.profile)
            after = apply_review(state_before(conn, r, state_of, mine), quality, date.fromisoformat(r.day), r.ts)
            conn.execute(update(s.card_state).where(state_of).values(**state_values(after)))
            values.update(
                ease_after=after.easiness,
                interval_after=after.interval,
                reps_after=after.repetitions,
                due_after=after.due_day,
            )
        conn.execute(update(s.reviews).where(s.reviews.c.id == review_id).values(**values))
        return after
