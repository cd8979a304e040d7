"""The SQL side of deck sync: which deck files the store has seen, and one transaction that brings
the cards table in line with freshly loaded cards without ever dropping history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, text, update
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


# Plain SQL (the same on SQLite and PostgreSQL): a command compiles each statement once, and
# SQLAlchemy's compiler costs more than SQLite's work for the few rows of a one-card re-sync.
_FILES = text("SELECT path, deck_id, mtime_ns, size FROM deck_files")
_EXISTING = "SELECT id, deck_id, card_id, content_hash, removed_at, content IS NULL AS no_content FROM cards"
_IN_SCOPE = text(f"{_EXISTING} WHERE deck_id IN :scope").bindparams(bindparam("scope", expanding=True))
_UPDATE = text("UPDATE cards SET kind = :kind, content = :content, content_hash = :content_hash WHERE id = :pk")
_FORGET_FILES = text("DELETE FROM deck_files WHERE path IN :paths").bindparams(bindparam("paths", expanding=True))
_ADD_FILES = text(
    "INSERT INTO deck_files (path, deck_id, mtime_ns, size, synced_at)"
    " VALUES (:path, :deck_id, :mtime_ns, :size, :synced_at)"
)


_NEW = ("deck_id", "card_id", "kind", "content", "content_hash", "first_seen")  # the columns of a new card
# On SQLite the new cards go straight to the driver: SQLAlchemy's handling of each row's parameters
# cost more than SQLite's inserts (10,607 rows: 64 ms against 27 ms). PostgreSQL keeps insert(),
# which batches the rows into multi-row statements.
_ADD_CARDS = f"INSERT INTO cards ({', '.join(_NEW)}) VALUES ({', '.join('?' * len(_NEW))})"


def deck_files(store: Store) -> dict[str, DeckFile]:
    with store.reader.connect() as conn:
        return {r.path: DeckFile(r.path, r.deck_id, r.mtime_ns, r.size) for r in conn.execute(_FILES)}


def _existing(conn: Connection, scope: set[str] | None) -> dict[tuple[str, str], Any]:
    rows = conn.execute(text(_EXISTING)) if scope is None else conn.execute(_IN_SCOPE, {"scope": sorted(scope)})
    return {(r.deck_id, r.card_id): r for r in rows}


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
    if diff.new and conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark":
        conn.exec_driver_sql(_ADD_CARDS, [tuple(row[c] for c in _NEW) for row in diff.new])
    elif diff.new:
        conn.execute(insert(s.cards), diff.new)
    if diff.changed:
        conn.execute(_UPDATE, diff.changed)
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
        conn.execute(_FORGET_FILES, {"paths": sorted(rewrite)})
        rows = [
            {"path": f.path, "deck_id": f.deck_id, "mtime_ns": f.mtime_ns, "size": f.size, "synced_at": now}
            for f in files
        ]
        if rows:
            conn.execute(_ADD_FILES, rows)
    return CardChanges(len(diff.new), len(diff.changed), len(gone), len(diff.restore), renamed)
