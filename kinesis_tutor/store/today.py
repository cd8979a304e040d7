"""Today's queue across restarts: the cards missed earlier today (SM-2 step 7 across sessions,
as Anki's learning cards) and the cards answered today (their siblings are buried until tomorrow)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, or_, select

from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.sm2 import REPEAT_BELOW
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store

STUDY_KINDS = ("new", "review", "repeat")


def missed_today(
    store: Store, day: date, decks: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[tuple[StudyItem, int]]:
    """Cards whose latest study answer on ``day`` was graded below 4, with that grade, earliest
    first (suspended cards left out): SM-2 step 7 across restarts of the same day."""
    day_reviews = and_(s.reviews.c.day == day.isoformat(), s.reviews.c.profile == store.profile)
    latest = (
        select(func.max(s.reviews.c.id).label("id"))
        .where(day_reviews, s.reviews.c.kind.in_(STUDY_KINDS))
        .group_by(s.reviews.c.card)
        .subquery()
    )
    q = (
        store._select_items()
        .add_columns(s.reviews.c.quality.label("missed_quality"))
        .join(s.reviews, s.reviews.c.card == s.cards.c.id)
        .join(latest, latest.c.id == s.reviews.c.id)
        .where(
            *store._filters(decks, tags),
            s.reviews.c.quality < REPEAT_BELOW,
            or_(s.card_state.c.suspended.is_(None), s.card_state.c.suspended == 0),
        )
        .order_by(s.reviews.c.id)
    )
    with store.reader.connect() as conn:
        rows = list(conn.execute(q))
    return list(zip(store._items(rows), (int(r.missed_quality) for r in rows), strict=True))


def answered_on(store: Store, day: date) -> list[StudyItem]:
    """The cards answered on study day ``day`` (any kind of answer), for burying their siblings."""
    answered = (
        select(s.reviews.c.card)
        .where(s.reviews.c.day == day.isoformat(), s.reviews.c.profile == store.profile)
        .distinct()
    )
    q = store._select_items().where(s.cards.c.id.in_(answered))
    with store.reader.connect() as conn:
        return store._items(conn.execute(q))
