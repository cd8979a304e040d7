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


# Version 3: profiles. Several learners keep their progress apart in one database: settings,
# card states, sessions, the log and exam attempts belong to a profile; cards and deck files are
# shared. The rows already there get the profile of the run that migrates (``:profile``).
# card_state and settings change their primary key, so they are rebuilt; nothing references them.
V3: tuple[str, ...] = (
    """\
CREATE TABLE card_state_v3 (
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
    profile TEXT NOT NULL,
    PRIMARY KEY (profile, card),
    FOREIGN KEY(card) REFERENCES cards (id)
)
""",
    "INSERT INTO card_state_v3 SELECT card, easiness, interval, repetitions, due_day, lapses, reviews, "
    "last_review, last_quality, suspended, :profile FROM card_state",
    "DROP TABLE card_state",
    "ALTER TABLE card_state_v3 RENAME TO card_state",
    "CREATE INDEX ix_state_due ON card_state (profile, due_day)",
    """\
CREATE TABLE settings_v3 (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    profile TEXT NOT NULL,
    PRIMARY KEY (profile, "key")
)
""",
    'INSERT INTO settings_v3 SELECT "key", value, :profile FROM settings',
    "DROP TABLE settings",
    "ALTER TABLE settings_v3 RENAME TO settings",
    "ALTER TABLE sessions ADD COLUMN profile TEXT DEFAULT '' NOT NULL",
    "UPDATE sessions SET profile = :profile",
    "ALTER TABLE reviews ADD COLUMN profile TEXT DEFAULT '' NOT NULL",
    "UPDATE reviews SET profile = :profile",
    "ALTER TABLE exam_attempts ADD COLUMN profile TEXT DEFAULT '' NOT NULL",
    "UPDATE exam_attempts SET profile = :profile",
    "DROP INDEX ix_reviews_card",
    "CREATE INDEX ix_reviews_card ON reviews (profile, card, id)",
    "DROP INDEX ix_reviews_day",
    "CREATE INDEX ix_reviews_day ON reviews (profile, day, kind)",
)

# PostgreSQL starts at version 3: one frozen script creates what V1 + V2 + V3 made on SQLite, with
# PostgreSQL's types (identity columns for the row ids, double precision for FLOAT).
PG_BASELINE_VERSION = 3
PG_V3: tuple[str, ...] = (
    'CREATE TABLE meta ("key" TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY ("key"))',
    'CREATE TABLE settings ("key" TEXT NOT NULL, value TEXT NOT NULL, profile TEXT NOT NULL, '
    'PRIMARY KEY (profile, "key"))',
    """\
CREATE TABLE deck_files (
    path TEXT NOT NULL,
    deck_id TEXT,
    mtime_ns BIGINT NOT NULL,
    size BIGINT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (path)
)
""",
    """\
CREATE TABLE cards (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,
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
    easiness DOUBLE PRECISION NOT NULL,
    "interval" INTEGER NOT NULL,
    repetitions INTEGER NOT NULL,
    due_day TEXT NOT NULL,
    lapses INTEGER DEFAULT 0 NOT NULL,
    reviews INTEGER DEFAULT 0 NOT NULL,
    last_review TEXT,
    last_quality INTEGER,
    suspended INTEGER DEFAULT 0 NOT NULL,
    profile TEXT NOT NULL,
    PRIMARY KEY (profile, card),
    FOREIGN KEY(card) REFERENCES cards (id)
)
""",
    """\
CREATE TABLE sessions (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    filters TEXT,
    profile TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id)
)
""",
    """\
CREATE TABLE reviews (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,
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
    ease_before DOUBLE PRECISION,
    interval_before INTEGER,
    reps_before INTEGER,
    due_before TEXT,
    ease_after DOUBLE PRECISION,
    interval_after INTEGER,
    reps_after INTEGER,
    due_after TEXT,
    profile TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(card) REFERENCES cards (id),
    FOREIGN KEY(session) REFERENCES sessions (id)
)
""",
    """\
CREATE TABLE exam_attempts (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,
    session INTEGER,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    questions INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    minutes DOUBLE PRECISION NOT NULL,
    detail TEXT,
    profile TEXT DEFAULT '' NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(session) REFERENCES sessions (id)
)
""",
    "CREATE INDEX ix_cards_deck ON cards (deck_id)",
    "CREATE INDEX ix_state_due ON card_state (profile, due_day)",
    "CREATE INDEX ix_reviews_card ON reviews (profile, card, id)",
    "CREATE INDEX ix_reviews_day ON reviews (profile, day, kind)",
)

Migration = Callable[..., None]  # (conn, profile="default")


def _runner(statements: tuple[str, ...]) -> Migration:
    """A migration running ``statements`` in order; ``:profile`` is the profile of the run that migrates."""

    def run(conn: Connection, profile: str = "default") -> None:
        for statement in statements:
            if ":profile" in statement:
                conn.execute(text(statement), {"profile": profile})
            else:
                conn.execute(text(statement))

    return run


MIGRATIONS: list[Migration] = [_runner(V1), _runner(V2), _runner(V3)]
SCHEMA_VERSION = len(MIGRATIONS)
# PostgreSQL: the baseline takes an empty database to PG_BASELINE_VERSION; PG_MIGRATIONS[n] (n at
# least the baseline) takes it from n to n + 1, as MIGRATIONS does on SQLite.
PG_BASELINE: Migration = _runner(PG_V3)
PG_MIGRATIONS: dict[int, Migration] = {}
