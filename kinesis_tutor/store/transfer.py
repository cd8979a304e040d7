"""The SQL of progress export and import: read every row of one profile in one snapshot, restore
rows into a profile without progress in one transaction. The document itself (its keys, types and checks) is
``app/export_model.py``; ``docs/export-format.md`` describes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import dialect
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store

CARD_COLUMNS = ("deck_id", "card_id", "kind", "content_hash", "first_seen", "removed_at")


def _columns(table: Table, *leave_out: str) -> list[Any]:
    return [c for c in table.c if c.name not in ("profile", *leave_out)]


def read_rows(store: Store) -> dict[str, Any]:
    """Every row the export holds, as plain values (one transaction: a consistent snapshot).

    ``orphans`` counts reviews that point at no card: such a log cannot be exported.
    """
    state_cols = _columns(s.card_state, "card")
    card_cols = [s.cards.c[name] for name in CARD_COLUMNS]
    me = store.profile
    with store.reader.connect() as conn:
        stored = dict(
            conn.execute(
                select(s.settings.c.key, s.settings.c.value)
                .where(s.settings.c.profile == me)
                .order_by(s.settings.c.key)
            ).all()
        )
        joined = s.cards.outerjoin(s.card_state, (s.card_state.c.card == s.cards.c.id) & (s.card_state.c.profile == me))
        q = (
            select(*card_cols, s.card_state.c.card.label("has_state"), *state_cols)
            .select_from(joined)
            .order_by(s.cards.c.id)
        )
        cards = []
        for row in conn.execute(q):
            m = row._mapping
            card: dict[str, Any] = {name: m[name] for name in CARD_COLUMNS}
            card["state"] = {c.name: m[c.name] for c in state_cols} if m["has_state"] is not None else None
            cards.append(card)
        q = select(*_columns(s.sessions)).where(s.sessions.c.profile == me).order_by(s.sessions.c.id)
        sessions = [dict(r._mapping) for r in conn.execute(q)]
        q = (
            select(*_columns(s.reviews, "card"), s.cards.c.deck_id, s.cards.c.card_id)
            .select_from(s.reviews.join(s.cards, s.cards.c.id == s.reviews.c.card))
            .where(s.reviews.c.profile == me)
            .order_by(s.reviews.c.id)
        )
        reviews = [dict(r._mapping) for r in conn.execute(q)]
        orphans = conn.execute(
            select(func.count())
            .select_from(s.reviews.outerjoin(s.cards, s.cards.c.id == s.reviews.c.card))
            .where(s.cards.c.id.is_(None), s.reviews.c.profile == me)
        ).scalar()
        q = select(*_columns(s.exam_attempts)).where(s.exam_attempts.c.profile == me).order_by(s.exam_attempts.c.id)
        exams = [dict(r._mapping) for r in conn.execute(q)]
    return {
        "settings": stored,
        "cards": cards,
        "sessions": sessions,
        "reviews": reviews,
        "exam_attempts": exams,
        "orphans": orphans or 0,
    }


def copy_cards(source: Store, dest: Store) -> int:
    """Give ``dest`` every card of ``source`` as it is there (content, removal, first seen), by
    deck id + card id, in one transaction: what ``db copy`` does before it restores progress.
    Returns the number of cards."""
    columns = ("kind", "content", "content_hash", "first_seen", "removed_at")
    with source.reader.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(*[c for c in s.cards.c if c.name != "id"]))]
    with dest.engine.begin() as conn:
        existing = {
            (r.deck_id, r.card_id): r.id
            for r in conn.execute(select(s.cards.c.id, s.cards.c.deck_id, s.cards.c.card_id))
        }
        for row in rows:
            pk = existing.get((row["deck_id"], row["card_id"]))
            if pk is None:
                conn.execute(insert(s.cards).values(**row))
            else:
                conn.execute(update(s.cards).where(s.cards.c.id == pk).values({c: row[c] for c in columns}))
    return len(rows)


def restore_rows(store: Store, doc: dict[str, Any]) -> dict[str, int]:
    """Restore a checked export into a database with no reviews and no card states, in one transaction.

    Cards already present (from a deck sync) are matched by deck id + card id; the others are
    created without content, which the next deck sync fills in. Returns counts of what was added.
    """
    me = store.profile
    with store.engine.begin() as conn:
        _refuse_progress(store, conn)
        existing = {
            (r.deck_id, r.card_id): r.id
            for r in conn.execute(select(s.cards.c.id, s.cards.c.deck_id, s.cards.c.card_id))
        }
        pks = _restore_cards(conn, doc["cards"], existing)
        states = [
            {"card": pks[(c["deck_id"], c["card_id"])], "profile": me, **c["state"]} for c in doc["cards"] if c["state"]
        ]
        if states:
            conn.execute(insert(s.card_state), states)
        counts = _restore_log(conn, doc, pks, me)
        for name, value in doc["settings"].items():
            conn.execute(s.settings.delete().where(s.settings.c.key == name, s.settings.c.profile == me))
            conn.execute(insert(s.settings).values(key=name, value=str(value), profile=me))
        dialect.after_explicit_ids(conn)
        # Forget the deck-file cache, so that the next start syncs every deck in full: cards
        # created above get their content, and cards gone from the decks here are marked removed.
        conn.execute(delete(s.deck_files))
    new_cards = sum(1 for key in pks if key not in existing)
    return {"cards": len(doc["cards"]), "new_cards": new_cards, "states": len(states), **counts}


def _refuse_progress(store: Store, conn: Connection) -> None:
    me = store.profile
    n_reviews = conn.execute(select(func.count()).select_from(s.reviews).where(s.reviews.c.profile == me)).scalar()
    n_states = conn.execute(select(func.count()).select_from(s.card_state).where(s.card_state.c.profile == me)).scalar()
    if n_reviews or n_states:
        raise TutorError(
            f"{store.name} already holds progress of the profile '{me}' ({n_reviews} review(s), {n_states} card "
            "state(s)); import only restores into an empty database. Use --db to name a new file, or --profile.",
        )


def _restore_cards(
    conn: Connection, cards: list[dict[str, Any]], existing: dict[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Match existing identities, create the missing ones without content; the row id of each card."""
    pks: dict[tuple[str, str], int] = {}
    for card in cards:
        key = (card["deck_id"], card["card_id"])
        if key in existing:
            # The deck as it is here decides content and removal; the history decides first_seen.
            conn.execute(update(s.cards).where(s.cards.c.id == existing[key]).values(first_seen=card["first_seen"]))
            pks[key] = existing[key]
        else:
            values = {name: card[name] for name in CARD_COLUMNS}
            inserted = conn.execute(insert(s.cards).values(content=None, **values)).inserted_primary_key
            assert inserted is not None
            pks[key] = int(inserted[0])
    return pks


def _restore_log(
    conn: Connection, doc: dict[str, Any], pks: dict[tuple[str, str], int], profile: str
) -> dict[str, int]:
    """Sessions, reviews and exam attempts; each keeps its ids unless they are taken (another
    profile's rows in the same database), then all of them move past the ids in use, in order."""
    session_shift = _shift(conn, s.sessions, [x["id"] for x in doc["sessions"]])
    sessions = [{**x, "id": x["id"] + session_shift, "profile": profile} for x in doc["sessions"]]
    if sessions:
        conn.execute(insert(s.sessions), sessions)

    def session_id(value: int | None) -> int | None:
        return None if value is None else value + session_shift

    review_shift = _shift_past(conn, s.reviews, [r["id"] for r in doc["reviews"]])
    reviews = [
        {
            **{k: v for k, v in r.items() if k not in ("deck_id", "card_id")},
            "id": r["id"] + review_shift,
            "card": pks[(r["deck_id"], r["card_id"])],
            "session": session_id(r["session"]),
            "profile": profile,
        }
        for r in doc["reviews"]
    ]
    if reviews:
        conn.execute(insert(s.reviews), reviews)
    exam_shift = _shift(conn, s.exam_attempts, [x["id"] for x in doc["exam_attempts"]])
    exams = [
        {**x, "id": x["id"] + exam_shift, "session": session_id(x["session"]), "profile": profile}
        for x in doc["exam_attempts"]
    ]
    if exams:
        conn.execute(insert(s.exam_attempts), exams)
    return {"reviews": len(reviews), "sessions": len(sessions), "exam_attempts": len(exams)}


def _shift(conn: Connection, table: Table, ids: list[int]) -> int:
    """0 if none of ``ids`` is taken in ``table``; otherwise an offset past every id in use."""
    if not ids:
        return 0
    top = conn.execute(select(func.max(table.c.id))).scalar()
    if top is None:
        return 0
    taken = conn.execute(select(func.count()).select_from(table).where(table.c.id.in_(ids))).scalar()
    return 0 if not taken else int(top) - min(ids) + 1


def _shift_past(conn: Connection, table: Table, ids: list[int], chunk: int = 500) -> int:
    """As ``_shift`` for a log of any length: the ids are asked in chunks (a million of them is
    no single query), after one range query that settles the usual case of a range not in use."""
    if not ids:
        return 0
    low, high = min(ids), max(ids)
    in_range = conn.execute(select(func.count()).select_from(table).where(table.c.id.between(low, high))).scalar()
    if not in_range:
        return 0
    ordered = sorted(ids)
    for start in range(0, len(ordered), chunk):
        part = ordered[start : start + chunk]
        if conn.execute(select(func.count()).select_from(table).where(table.c.id.in_(part))).scalar():
            top = conn.execute(select(func.max(table.c.id))).scalar()
            return int(top or 0) - low + 1
    return 0


def table_sizes(store: Store) -> tuple[int, int]:
    """(card states, logged reviews): the counts ``db check`` reports."""
    me = store.profile
    with store.reader.connect() as conn:
        n_cards = conn.execute(
            select(func.count()).select_from(s.card_state).where(s.card_state.c.profile == me)
        ).scalar()
        n_reviews = conn.execute(select(func.count()).select_from(s.reviews).where(s.reviews.c.profile == me)).scalar()
    return int(n_cards or 0), int(n_reviews or 0)
