"""The tables of the current schema, for queries (the frozen DDL that builds them is in
``migrations.py``). Progress rows carry a ``profile``: several learners in one database."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
    Column("profile", Text, primary_key=True),
)

deck_files = Table(
    "deck_files",
    metadata,
    Column("path", Text, primary_key=True),
    Column("deck_id", Text),
    Column("mtime_ns", BigInteger, nullable=False),  # nanoseconds: past 32 bits (BIGINT on PostgreSQL)
    Column("size", BigInteger, nullable=False),
    Column("synced_at", Text, nullable=False),
)

cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("deck_id", Text, nullable=False),
    Column("card_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("content", Text),
    Column("content_hash", Text, nullable=False),
    Column("first_seen", Text, nullable=False),
    Column("removed_at", Text),
    UniqueConstraint("deck_id", "card_id"),
)

card_state = Table(
    "card_state",
    metadata,
    Column("card", Integer, ForeignKey("cards.id"), primary_key=True),
    Column("easiness", Float, nullable=False),
    Column("interval", Integer, nullable=False),
    Column("repetitions", Integer, nullable=False),
    Column("due_day", Text, nullable=False),
    Column("lapses", Integer, nullable=False, server_default="0"),
    Column("reviews", Integer, nullable=False, server_default="0"),
    Column("last_review", Text),
    Column("last_quality", Integer),
    Column("suspended", Integer, nullable=False, server_default="0"),
    Column("profile", Text, primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("started_at", Text, nullable=False),
    Column("ended_at", Text),
    Column("filters", Text),
    Column("profile", Text, nullable=False, server_default=""),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card", Integer, ForeignKey("cards.id"), nullable=False),
    Column("session", Integer, ForeignKey("sessions.id")),
    Column("ts", Text, nullable=False),
    Column("day", Text, nullable=False),
    Column("quality", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("scheduled", Integer, nullable=False),
    Column("duration_ms", Integer),
    Column("response", Text),
    Column("correct", Integer),
    Column("ease_before", Float),
    Column("interval_before", Integer),
    Column("reps_before", Integer),
    Column("due_before", Text),
    Column("ease_after", Float),
    Column("interval_after", Integer),
    Column("reps_after", Integer),
    Column("due_after", Text),
    Column("profile", Text, nullable=False, server_default=""),
)

exam_attempts = Table(
    "exam_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session", Integer, ForeignKey("sessions.id")),
    Column("started_at", Text, nullable=False),
    Column("ended_at", Text, nullable=False),
    Column("questions", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("score", Integer, nullable=False),
    Column("passed", Integer, nullable=False),
    Column("minutes", Float, nullable=False),
    Column("detail", Text),
    Column("profile", Text, nullable=False, server_default=""),
)

V1_TABLES = [meta, settings, deck_files, cards, card_state, sessions, reviews]


# Documented in docs/database.md; kept here so that `db check` can confirm the file has them.
TABLE_NAMES = [t.name for t in V1_TABLES] + ["exam_attempts"]
