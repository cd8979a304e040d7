"""The SQL side of deck sync: which deck files the store has seen, and one transaction that brings
the cards table in line with freshly loaded cards without ever dropping history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from kinesis_tutor.core.cards import Card
from kinesis_tutor.store import orphans
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store


@dataclass(frozen=True)
class DeckFile:
    """A deck file as last synced: its fingerprint (mtime, size) and the deck it held."""

    path: str
    deck_id: str | None
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class CardChanges:
    added: int
    changed: int
    removed: int
    restored: int
    renamed: int = 0  # cards that took over the row and history of an id in their 'was:'


@dataclass
class _Diff:
    new: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    restore: list[dict[str, Any]]
    seen: set[tuple[str, str]]


def deck_files(store: Store) -> dict[str, DeckFile]:
    with store.reader.connect() as conn:
        return {r.path: DeckFile(r.path, r.deck_id, r.mtime_ns, r.size) for r in conn.execute(select(s.deck_files))}


def _existing(conn: Connection, scope: set[str] | None) -> dict[tuple[str, str], Any]:
    q = select(
        s.cards.c.id,
        s.cards.c.deck_id,
        s.cards.c.card_id,
        s.cards.c.content_hash,
        s.cards.c.removed_at,
        s.cards.c.content.is_(None).label("no_content"),
    )
    if scope is not None:
        q = q.where(s.cards.c.deck_id.in_(sorted(scope)))
    return {(r.deck_id, r.card_id): r for r in conn.execute(q)}


def _diff(existing: dict[tuple[str, str], Any], cards: Iterable[Card], now: str) -> _Diff:
    diff = _Diff([], [], [], set())
    for card in cards:
        key = (card.deck, card.id)
        diff.seen.add(key)
        row = existing.get(key)
        if row is None:
            diff.new.append(
                {
                    "deck_id": card.deck,
                    "card_id": card.id,
                    "kind": card.kind,
                    "content": card.to_json(),
                    "content_hash": card.content_hash,
                    "first_seen": now,
                }
            )
            continue
        if row.removed_at is not None:
            diff.restore.append({"pk": row.id})
        if row.content_hash != card.content_hash or row.no_content:  # no content: created by an import
            diff.changed.append(
                {"pk": row.id, "kind": card.kind, "content": card.to_json(), "content_hash": card.content_hash}
            )
    return diff


def _apply(conn: Connection, diff: _Diff, gone: list[dict[str, Any]], now: str) -> None:
    if diff.new:
        conn.execute(insert(s.cards), diff.new)
    if diff.changed:
        conn.execute(
            update(s.cards)
            .where(s.cards.c.id == bindparam("pk"))
            .values(kind=bindparam("kind"), content=bindparam("content"), content_hash=bindparam("content_hash")),
            diff.changed,
        )
    if diff.restore:
        conn.execute(update(s.cards).where(s.cards.c.id == bindparam("pk")).values(removed_at=None), diff.restore)
    if gone:
        conn.execute(update(s.cards).where(s.cards.c.id == bindparam("pk")).values(removed_at=now), gone)


def write_cards(
    store: Store,
    cards: Iterable[Card],
    *,
    scope: set[str] | None,
    protected: set[str],
    now: str,
    rewrite: Iterable[str],
    files: Iterable[DeckFile],
    renames: Mapping[tuple[str, str], list[tuple[str, str]]] | None = None,
) -> CardChanges:
    """In one transaction: give renamed cards the rows of the ids in their ``was:`` (``renames``: new
    key -> old keys), add new cards, update changed ones (same identity, same history),
    restore returning ones, mark as removed the cards of ``scope`` (every deck when None) that
    are gone, except in ``protected`` decks; then replace the ``rewrite`` paths' file records
    with ``files``."""
    cards = list(cards)
    with store.engine.begin() as conn:
        renamed = orphans.rekey(conn, renames, {(c.deck, c.id) for c in cards}, scope, protected) if renames else 0
        existing = _existing(conn, scope)
        diff = _diff(existing, cards, now)
        gone = [
            {"pk": r.id}
            for key, r in existing.items()
            if key not in diff.seen and r.removed_at is None and key[0] not in protected
        ]
        _apply(conn, diff, gone, now)
        conn.execute(delete(s.deck_files).where(s.deck_files.c.path.in_(sorted(rewrite))))
        rows = [
            {"path": f.path, "deck_id": f.deck_id, "mtime_ns": f.mtime_ns, "size": f.size, "synced_at": now}
            for f in files
        ]
        if rows:
            conn.execute(insert(s.deck_files), rows)
    return CardChanges(len(diff.new), len(diff.changed), len(gone), len(diff.restore), renamed)
