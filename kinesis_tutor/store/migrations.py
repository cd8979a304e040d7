"""Frozen migrations: the DDL each schema version ran, as literal SQL.

A migration never changes once released, and never calls today's ``Table.create``: a column added
to a table definition later must come with a new migration, not alter an old one. The table
definitions in ``schema.py`` describe the current schema for queries; a test checks that a
database built by these migrations matches them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Version 1: cards, their state, sessions and the review log.
V1: tuple[str, ...] = (
    """\
CREATE TABLE meta (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
)
""",
    """\
CREATE TABLE settings (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
)
""",
    """\
CREATE TABLE deck_files (
    path TEXT NOT NULL,
    deck_id TEXT,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (path)
)
""",
    """\
CREATE TABLE cards (
    id INTEGER NOT NULL,
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    content TEXT,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (id),
    UNIQUE (deck_id, card_id)
)
""",
    """\
CREATE TABLE card_state (
    card INTEGER NOT NULL,
    easiness FLOAT NOT NULL,
    interval INTEGER NOT NULL,
    repetitions INTEGER NOT NULL,
    due_day TEXT NOT NULL,
    lapses INTEGER DEFAULT '0' NOT NULL,
    reviews INTEGER DEFAULT '0' NOT NULL,
    last_review TEXT,
    last_quality INTEGER,
    suspended INTEGER DEFAULT '0' NOT NULL,
    PRIMARY KEY (card),
    FOREIGN KEY(card) REFERENCES cards (id)
)
""",
    """\
CREATE TABLE sessions (
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    filters TEXT,
    PRIMARY KEY (id)
)
""",
    """\
CREATE TABLE reviews (
    id INTEGER NOT NULL,
    card INTEGER NOT NULL,
    session INTEGER,
    ts TEXT NOT NULL,
    day TEXT NOT NULL,
    quality INTEGER NOT NULL,
    kind TEXT NOT NULL,
    scheduled INTEGER NOT NULL,
    duration_ms INTEGER,
    response TEXT,
    correct INTEGER,
    ease_before FLOAT,
    interval_before INTEGER,
    reps_before INTEGER,
    due_before TEXT,
    ease_after FLOAT,
    interval_after INTEGER,
    reps_after INTEGER,
    due_after TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(card) REFERENCES cards (id),
    FOREIGN KEY(session) REFERENCES sessions (id)
)
""",
    "CREATE INDEX ix_cards_deck ON cards (deck_id)",
    "CREATE INDEX ix_state_due ON card_state (due_day)",
    "CREATE INDEX ix_reviews_card ON reviews (card, id)",
)

# Version 2: mock-exam attempts, and an index for per-day statistics.
V2: tuple[str, ...] = (
    """\
CREATE TABLE exam_attempts (
    id INTEGER NOT NULL,
    session INTEGER,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    questions INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    minutes FLOAT NOT NULL,
    detail TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(session) REFERENCES sessions (id)
)
""",
    "CREATE INDEX ix_reviews_day ON reviews (day, kind)",
)


def _runner(statements: tuple[str, ...]) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for statement in statements:
            conn.execute(text(statement))

    return run


MIGRATIONS: list[Callable[[Connection], None]] = [_runner(V1), _runner(V2)]
SCHEMA_VERSION = len(MIGRATIONS)
