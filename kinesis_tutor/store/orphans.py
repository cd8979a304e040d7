"""Review history whose card is gone, and moving a card's history to another card.

A card's history (its state per profile and its review log) hangs on the card's row. When a card
is renamed or moved with ``was:`` in its deck, the sync gives the new key the old row (``rekey``),
so the history follows. What no ``was:`` claimed stays on a removed card: ``decks orphans`` lists it,
and can attach it to a card that has none (``move_history``) or forget it (``forget_history``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import Connection

from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store

Key = tuple[str, str]  # (deck id, card id)


@dataclass(frozen=True)
class Orphan:
    deck_id: str
    card_id: str
    reviews: int
    last_review: str | None  # the day of the last review
    removed_at: str

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{self.card_id}"


@dataclass(frozen=True)
class CardRow:
    pk: int
    key: str
    removed: bool
    reviews: int
    has_state: bool

    @property
    def has_history(self) -> bool:
        return self.reviews > 0 or self.has_state


def _with_history(conn: Connection, pks: Iterable[int]) -> set[int]:
    pks = sorted(set(pks))
    if not pks:
        return set()
    logged = select(s.reviews.c.card).where(s.reviews.c.card.in_(pks))
    stated = select(s.card_state.c.card).where(s.card_state.c.card.in_(pks))
    return {r[0] for r in conn.execute(logged.union(stated))}


def _rows(conn: Connection, keys: Iterable[Key]) -> dict[Key, Any]:
    keys = set(keys)
    decks = sorted({d for d, _ in keys})
    if not decks:
        return {}
    q = select(s.cards.c.id, s.cards.c.deck_id, s.cards.c.card_id, s.cards.c.removed_at).where(
        s.cards.c.deck_id.in_(decks)
    )
    return {(r.deck_id, r.card_id): r for r in conn.execute(q) if (r.deck_id, r.card_id) in keys}


def rekey(
    conn: Connection,
    renames: Mapping[Key, list[Key]],
    loaded: set[Key],
    scope: set[str] | None,
    protected: AbstractSet[str] = frozenset(),
) -> int:
    """Give each renamed card (new key -> the keys it had) the row, and so the history, of the card it
    was: the first old key that is gone from the decks and has a row. An old card that is still in a
    deck keeps its history; a new card that already has history of its own is left as it is."""
    olds = _rows(conn, (k for keys in renames.values() for k in keys if k not in loaded))
    if not olds:
        return 0
    news = _rows(conn, renames)
    busy = _with_history(conn, (r.id for r in news.values()))
    moved = 0
    for new, keys in renames.items():
        for old in keys:
            row = olds.pop(old, None)
            if row is None or old in loaded:
                continue
            if row.removed_at is None and (
                row.deck_id in protected or (scope is not None and row.deck_id not in scope)
            ):
                continue  # its deck was not read in this sync (or its file has problems): the card may still be there
            target = news.get(new)
            if target is None:
                conn.execute(update(s.cards).where(s.cards.c.id == row.id).values(deck_id=new[0], card_id=new[1]))
            elif target.id in busy:
                continue
            else:
                _move(conn, row.id, target.id)
            moved += 1
            break
    return moved


def _move(conn: Connection, source: int, target: int) -> None:
    conn.execute(update(s.reviews).where(s.reviews.c.card == source).values(card=target))
    conn.execute(update(s.card_state).where(s.card_state.c.card == source).values(card=target))


def orphans(store: Store) -> list[Orphan]:
    """Removed cards that still have review history (in any profile), oldest removal first."""
    counts = (
        select(s.reviews.c.card, func.count().label("n"), func.max(s.reviews.c.day).label("last"))
        .group_by(s.reviews.c.card)
        .subquery()
    )
    stated = select(s.card_state.c.card)
    q = (
        select(s.cards.c.deck_id, s.cards.c.card_id, s.cards.c.removed_at, counts.c.n, counts.c.last)
        .outerjoin(counts, counts.c.card == s.cards.c.id)
        .where(s.cards.c.removed_at.is_not(None))
        .where(or_(counts.c.n > 0, s.cards.c.id.in_(stated)))
        .order_by(s.cards.c.removed_at, s.cards.c.deck_id, s.cards.c.card_id)
    )
    with store.reader.connect() as conn:
        return [Orphan(r.deck_id, r.card_id, r.n or 0, r.last, r.removed_at) for r in conn.execute(q)]


def card_row(store: Store, key: Key) -> CardRow | None:
    with store.reader.connect() as conn:
        row = _rows(conn, [key]).get(key)
        if row is None:
            return None
        n = conn.execute(select(func.count()).where(s.reviews.c.card == row.id)).scalar_one()
        state = conn.execute(select(func.count()).where(s.card_state.c.card == row.id)).scalar_one()
        return CardRow(row.id, f"{key[0]}/{key[1]}", row.removed_at is not None, n, state > 0)


def active_keys(store: Store) -> list[str]:
    with store.reader.connect() as conn:
        q = select(s.cards.c.deck_id, s.cards.c.card_id).where(s.cards.c.removed_at.is_(None))
        return [f"{r.deck_id}/{r.card_id}" for r in conn.execute(q)]


def move_history(store: Store, source: int, target: int) -> None:
    """Every profile's state and review log of card ``source`` now belong to card ``target``."""
    with store.engine.begin() as conn:
        _move(conn, source, target)


def forget_history(store: Store, pk: int) -> int:
    """Delete every profile's state and review log of card ``pk``; returns the reviews deleted."""
    with store.engine.begin() as conn:
        n = conn.execute(delete(s.reviews).where(s.reviews.c.card == pk)).rowcount
        conn.execute(delete(s.card_state).where(s.card_state.c.card == pk))
    return int(n or 0)
