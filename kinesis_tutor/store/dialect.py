"""The SQL that differs between SQLite and PostgreSQL, in one place: the JSON of a card's content,
an upsert, locks, the server's own checks and the row-id sequences.

Every other store module writes portable SQL (``CASE WHEN`` rather than summing a comparison,
``count`` and ``sum`` read back as ``int``) and asks here for the rest, by the dialect name of
its connection (``conn.dialect.name``: ``sqlite`` or ``postgresql``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, exists, literal_column, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_IDENTITY_TABLES = ("cards", "sessions", "reviews", "exam_attempts")


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == SQLITE


def json_rows(dialect: str, content: str, key: str, alias: str = "j") -> str:
    """A FROM item: one row per element of the JSON array ``key`` of the JSON text column
    ``content``, with columns ``value`` (text) and ``key`` (its position, for ordering)."""
    if dialect == SQLITE:
        return f"json_each({content}, '$.{key}') AS {alias}"
    return f"json_array_elements_text(CAST({content} AS json) -> '{key}') WITH ORDINALITY AS {alias}(value, key)"


def json_first(dialect: str, content: str, key: str) -> str:
    """An expression: the first element of the JSON array ``key`` of ``content``, as text."""
    if dialect == SQLITE:
        return f"json_extract({content}, '$.{key}[0]')"
    return f"(CAST({content} AS json) -> '{key}' ->> 0)"


def any_tag(dialect: str, tags: Sequence[str]) -> ColumnElement[bool]:
    """True for a card whose tags include any of ``tags`` (bound parameters, never spliced)."""
    rows = json_rows(dialect, "cards.content", "tags", "tag")
    return exists(
        select(literal_column("1"))
        .select_from(text(rows))
        .where(literal_column("tag.value").in_(bindparam("any_tags", list(tags), expanding=True)))
    )


def upsert_setting(conn: Connection, profile: str, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO settings (profile, key, value) VALUES (:p, :k, :v) "
            "ON CONFLICT (profile, key) DO UPDATE SET value = excluded.value"
        ),
        {"p": profile, "k": key, "v": value},
    )


def lock_card(conn: Connection, profile: str, card: int) -> None:
    """Hold one learner's answers to one card in turn until the transaction ends. SQLite's
    BEGIN IMMEDIATE already serialises every writer; PostgreSQL takes an advisory lock, so two
    machines answering the same card apply SM-2 one after the other, and the log's order is theirs."""
    if not is_sqlite(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:p), :c)"), {"p": profile, "c": card})


def table_names(conn: Connection) -> set[str]:
    if is_sqlite(conn):
        return {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    return {r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))}


def storage_problems(conn: Connection) -> list[str]:
    """The database's own check of its storage. PostgreSQL checks its pages itself (checksums,
    WAL), so it has nothing to add here."""
    if not is_sqlite(conn):
        return []
    return [f"integrity: {line}" for (line,) in conn.execute(text("PRAGMA integrity_check")) if line != "ok"]


def foreign_key_problems(conn: Connection) -> list[str]:
    """Rows pointing at missing rows. PostgreSQL refuses such a row on every write, so it has none."""
    if not is_sqlite(conn):
        return []
    return [
        f"integrity: a row of '{r[0]}' (rowid {r[1]}) points at a missing row of '{r[2]}'"
        for r in conn.execute(text("PRAGMA foreign_key_check"))
    ]


def after_explicit_ids(conn: Connection) -> None:
    """After rows were inserted with their own ids (import, db copy): PostgreSQL's identity
    sequences move past them, so the next row gets a fresh id. SQLite needs nothing."""
    if is_sqlite(conn):
        return
    for table in _IDENTITY_TABLES:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        )
