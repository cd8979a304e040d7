"""Queries of the exam plan: the learner's grades so far, and which settings the learner set."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, delete, func, select, true

from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store

GRADED_KINDS = ("new", "review")  # a card's first answer, and its due reviews


def _mine(table: Table, store: Store) -> ColumnElement[bool]:
    """The rows of the store's learner, where progress rows carry a profile."""
    profile = getattr(store, "profile", None)
    if profile is None or "profile" not in table.c:
        return true()
    mine: ColumnElement[bool] = table.c.profile == profile
    return mine


def grade_counts(store: Store) -> dict[str, list[int]]:
    """Scheduled answers per grade (index 0-5), for first answers ("new") and due reviews ("review")."""
    q = (
        select(s.reviews.c.kind, s.reviews.c.quality, func.count())
        .where(s.reviews.c.scheduled == 1, s.reviews.c.kind.in_(GRADED_KINDS), _mine(s.reviews, store))
        .group_by(s.reviews.c.kind, s.reviews.c.quality)
    )
    out = {kind: [0] * 6 for kind in GRADED_KINDS}
    with store.reader.connect() as conn:
        for kind, quality, n in conn.execute(q):
            if 0 <= quality <= 5:
                out[kind][quality] += n
    return out


def set_by_learner(store: Store) -> set[str]:
    """The names of the settings stored (set with ``config set``); the others take their default."""
    with store.reader.connect() as conn:
        return {r[0] for r in conn.execute(select(s.settings.c.key).where(_mine(s.settings, store)))}


def forget_setting(store: Store, name: str) -> bool:
    """Remove a stored setting, so that it takes its default again; False if it was not set."""
    with store.engine.begin() as conn:
        return bool(conn.execute(delete(s.settings).where(s.settings.c.key == name, _mine(s.settings, store))).rowcount)
