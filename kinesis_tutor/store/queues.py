"""Queries of the question loops (study, cram): the latest answer of each card, the days studied."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select

from kinesis_tutor.core.cram import LastAnswer
from kinesis_tutor.core.streaks import streak
from kinesis_tutor.store import schema as s
from kinesis_tutor.store import stats
from kinesis_tutor.store.progress import Store


def last_answers(store: Store, pks: Iterable[int]) -> dict[int, LastAnswer]:
    """The latest logged answer of each card in ``pks`` (any kind), for weakest-first ordering."""
    latest = (
        select(func.max(s.reviews.c.id).label("id"))
        .where(s.reviews.c.profile == store.profile)
        .group_by(s.reviews.c.card)
        .subquery()
    )
    q = select(s.reviews.c.card, s.reviews.c.ts, s.reviews.c.quality, s.reviews.c.correct).join(
        latest, latest.c.id == s.reviews.c.id
    )
    wanted = set(pks)
    out: dict[int, LastAnswer] = {}
    with store.reader.connect() as conn:
        for card, ts, quality, correct in conn.execute(q):
            if card in wanted:
                out[card] = LastAnswer(ts, quality, None if correct is None else bool(correct))
    return out


def study_streak(store: Store, day: date) -> tuple[int, int]:
    """(current, longest) run of study days up to ``day``."""
    with store.reader.connect() as conn:
        run = streak(stats.study_days(conn, day, store.profile), day)
    return int(run["current"]), int(run["longest"])
