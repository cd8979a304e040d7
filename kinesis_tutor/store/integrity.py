"""``db check`` and ``db rebuild``: the review log is the source of truth for every card's state.

A card's state is what SM-2 gives when its scheduled reviews (``scheduled = 1``) are replayed in
log order from a fresh ``Sm2State``; its due day is the study day of the last of them plus the
interval. ``check`` compares, ``rebuild`` rewrites; both look at the store's profile (one learner).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from kinesis_tutor.core.review import CardState, differences, replay
from kinesis_tutor.store import dialect
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.rows import _state_from_row, state_values


class _BadLog(Exception):
    pass


def _replay(log: list[Any]) -> CardState:
    """Replay one card's scheduled reviews (rows with id, ts, day, quality), in id order, with
    core's ``replay``; a review that cannot be replayed is named."""
    at: Any = None

    def steps() -> Iterator[tuple[int, date, str]]:
        nonlocal at
        for at in log:
            yield at.quality, date.fromisoformat(at.day), at.ts

    try:
        state = replay(steps())
    except (ValueError, TypeError, OverflowError) as exc:
        raise _BadLog(f"review {at.id}: {exc}") from None
    if state is None:
        raise _BadLog("no scheduled review")
    return state


def _logs(conn: Connection, profile: str) -> dict[int, list[Any]]:
    logs: dict[int, list[Any]] = {}
    q = (
        select(s.reviews.c.id, s.reviews.c.card, s.reviews.c.ts, s.reviews.c.day, s.reviews.c.quality)
        .where(s.reviews.c.scheduled == 1, s.reviews.c.profile == profile)
        .order_by(s.reviews.c.id)
    )
    for r in conn.execute(q):
        logs.setdefault(r.card, []).append(r)
    return logs


def _names(conn: Connection) -> dict[int, str]:
    return {
        r.id: f"{r.deck_id}/{r.card_id}"
        for r in conn.execute(select(s.cards.c.id, s.cards.c.deck_id, s.cards.c.card_id))
    }


def _states(conn: Connection, profile: str) -> dict[int, Any]:
    return {r.card: r for r in conn.execute(select(s.card_state).where(s.card_state.c.profile == profile))}


def check(store: Store) -> list[str]:
    """Every problem found, one line each; an empty list when the database is sound."""
    problems: list[str] = []
    with store.reader.connect() as conn:  # one transaction: one consistent snapshot
        problems.extend(dialect.storage_problems(conn))
        tables = dialect.table_names(conn)
        missing = [t for t in s.TABLE_NAMES if t not in tables]
        for t in missing:
            problems.append(f"schema: the table '{t}' is missing")
        if missing:
            return problems
        problems.extend(dialect.foreign_key_problems(conn))
        names = _names(conn)
        logs = _logs(conn, store.profile)
        states = _states(conn, store.profile)
        for pk in sorted(set(states) | set(logs)):
            name = names.get(pk, f"card #{pk}")
            if pk not in logs:
                problems.append(f"{name}: has a state but no scheduled review in the log")
                continue
            if pk not in states:
                problems.append(f"{name}: has {len(logs[pk])} scheduled review(s) in the log but no state")
                continue
            try:
                want = _replay(logs[pk])
            except _BadLog as exc:
                problems.append(f"{name}: the log cannot be replayed: {exc}")
                continue
            problems.extend(f"{name}: {d}" for d in differences(_state_from_row(states[pk]), want))
    return problems


def rebuild(store: Store) -> int:
    """Recompute every card's state from its log (keeping ``suspended``); the number of cards changed.

    Lapses become the number of failed scheduled reviews (a reset made in ``leeches`` is not in
    the log, so it is undone). A card whose log cannot be replayed is left as it is.
    """
    changed = 0
    with store.engine.begin() as conn:
        logs = _logs(conn, store.profile)
        states = _states(conn, store.profile)
        mine = s.card_state.c.profile == store.profile
        for pk in sorted(set(states) | set(logs)):
            row = states.get(pk)
            if pk not in logs:
                conn.execute(delete(s.card_state).where(s.card_state.c.card == pk, mine))
                changed += 1
                continue
            try:
                want = _replay(logs[pk])
            except _BadLog:
                continue
            values = state_values(want)
            if row is None:
                conn.execute(insert(s.card_state).values(card=pk, profile=store.profile, **values))
                changed += 1
            elif _state_from_row(row) != replace(want, suspended=bool(row.suspended)):
                del values["suspended"]  # kept as it is
                conn.execute(update(s.card_state).where(s.card_state.c.card == pk, mine).values(**values))
                changed += 1
    return changed
