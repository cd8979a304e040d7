"""Queries of the exam plan: the learner's grades so far, and which settings the learner set."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Table, and_, case, delete, func, or_, select, true

from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store

GRADED_KINDS = ("new", "review")  # a card's first answer, and its due reviews
ANKI = "anki"  # an answer given in Anki (import --from-anki): counted as study's answers are


def _mine(table: Table, store: Store) -> ColumnElement[bool]:
    """The rows of the store's learner, where progress rows carry a profile."""
    profile = getattr(store, "profile", None)
    if profile is None or "profile" not in table.c:
        return true()
    mine: ColumnElement[bool] = table.c.profile == profile
    return mine


def _graded_kind() -> ColumnElement[str]:
    """An answer's kind as the plan counts it: an Anki answer is "new" when the card had never been
    scheduled before it (its first answer), else "review"; study's kinds are what they say."""
    r = s.reviews.c
    return case((and_(r.kind == ANKI, r.ease_before.is_(None)), "new"), (r.kind == ANKI, "review"), else_=r.kind)


def _graded() -> ColumnElement[bool]:
    """Study's first answers and due reviews, and Anki's answers that moved a card (the first of its
    day; the later ones are Anki's learning steps, like study's in-session repeats)."""
    r = s.reviews.c
    return or_(r.kind.in_(GRADED_KINDS), and_(r.kind == ANKI, r.scheduled == 1))


def grade_counts(store: Store) -> dict[str, list[int]]:
    """Scheduled answers per grade (index 0-5), for first answers ("new") and due reviews ("review"),
    the answers given in Anki included."""
    graded = _graded_kind()
    q = (
        select(graded, s.reviews.c.quality, func.count())
        .where(s.reviews.c.scheduled == 1, _graded(), _mine(s.reviews, store))
        .group_by(graded, s.reviews.c.quality)
    )
    out = {kind: [0] * 6 for kind in GRADED_KINDS}
    with store.reader.connect() as conn:
        for kind, quality, n in conn.execute(q):
            if 0 <= quality <= 5:
                out[kind][quality] += n
    return out


def done_today(store: Store, day: date) -> tuple[int, int]:
    """(new cards seen, reviews answered) on study day ``day``, in this tool and in Anki: a card's
    first Anki answer is a new card seen, as its first answer here would be."""
    kind = _graded_kind()
    q = (
        select(kind, func.count())
        .where(s.reviews.c.day == day.isoformat(), _graded(), _mine(s.reviews, store))
        .group_by(kind)
    )
    with store.reader.connect() as conn:
        rows: dict[str, int] = {k: n for k, n in conn.execute(q)}
    return rows.get("new", 0), rows.get("review", 0)


def set_by_learner(store: Store) -> set[str]:
    """The names of the settings stored (set with ``config set``); the others take their default."""
    with store.reader.connect() as conn:
        return {r[0] for r in conn.execute(select(s.settings.c.key).where(_mine(s.settings, store)))}


def forget_setting(store: Store, name: str) -> bool:
    """Remove a stored setting, so that it takes its default again; False if it was not set."""
    with store.engine.begin() as conn:
        return bool(conn.execute(delete(s.settings).where(s.settings.c.key == name, _mine(s.settings, store))).rowcount)
