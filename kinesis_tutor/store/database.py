"""Opening the database: an SQLite file (pragmas, version checks, backups and migrations here) or a
server named by a URL (``server.py``)."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import migrations, schema, server

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "kinesis_tutor_read_only"  # execution option of Store.reader


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:  # pragma: no cover
        # Writes take the write lock up front (IMMEDIATE), so two writers queue on the busy
        # timeout instead of failing with "database is locked" when a read turns into a write.
        # Reads (Store.reader) take a plain snapshot and never hold up a writer in another terminal.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

    return engine


def _wal(cur: Any) -> None:
    """Switch to WAL. Turning a new file to WAL needs an exclusive lock, and SQLite answers
    "database is locked" at once, without the busy timeout, when another process is opening
    the same new file: so wait and retry here, within the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _check_file(path: Path) -> bool:
    """True if ``path`` holds a database already; refuse anything that is not SQLite."""
    if not path.exists():
        return False
    if path.is_dir():
        raise TutorError(f"{path} is a folder, not a database file")
    size = path.stat().st_size
    if size == 0:
        return False
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise TutorError(
            f"{path} is not a kinesis-tutor database (not an SQLite file); refusing to touch it. Use --db to "
            "pick another file."
        )
    return True


def _version(path: Path) -> int:
    """The schema version of an existing file, read through a read-only connection: a file that
    is refused (another program's database, a newer version) must not be changed at all, and an
    engine connection would already switch it to WAL mode."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names:
            return 0
        if "meta" not in names:
            raise TutorError(
                f"{path} belongs to another program (an SQLite file without kinesis-tutor tables); refusing to "
                "touch it. Use --db to pick another file."
            )
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0
    finally:
        conn.close()


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def _backup(path: Path, version: int) -> Path:
    target = backup_path(path, version)
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def migrate(engine: Engine, path: Path, current: int, profile: str) -> Path | None:
    """Bring the database to SCHEMA_VERSION; back the file up first if it held data."""
    backup = _backup(path, current) if current > 0 else None
    with engine.begin() as conn:
        # Another process may have created or migrated the file since we looked; BEGIN IMMEDIATE
        # holds the write lock now, so look again.
        if conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")).first():
            current = int(
                conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar() or 0
            )
        for version in range(current, migrations.SCHEMA_VERSION):
            migrations.MIGRATIONS[version](conn, profile)
        conn.execute(
            text("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', :v)"),
            {"v": str(migrations.SCHEMA_VERSION)},
        )
    return backup


def file_of(target: Path | str) -> Path | None:
    """The SQLite file ``target`` names (a path, or an ``sqlite:///`` URL); None for a server URL."""
    if not server.is_url(target):
        return Path(target)
    url = server.parse(str(target))
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise TutorError(f"{target}: name a database file (sqlite:///path/to/progress.db)")
    return Path(url.database)


def open_engine(target: Path | str, profile: str) -> Engine:
    """An engine on a database at the current schema version, created or migrated as needed:
    an SQLite file, or a server named by a SQLAlchemy URL."""
    path = file_of(target)
    if path is None:
        return server.open_server(str(target), profile)
    existed = _check_file(path)
    try:
        version = _version(path) if existed else 0
    except TutorError:
        raise
    except Exception as exc:  # a damaged file
        raise TutorError(f"cannot read the database {path}: {exc}") from None
    if version > migrations.SCHEMA_VERSION:
        raise TutorError(
            f"{path} was written by a newer kinesis-tutor (schema {version}, this one reads up to "
            f"{migrations.SCHEMA_VERSION}); "
            "upgrade kinesis-tutor, or use --db to pick another file. The file was not changed."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(path)
    if version < migrations.SCHEMA_VERSION:
        migrate(engine, path, version, profile)
    return engine
