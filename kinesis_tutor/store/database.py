"""Opening the database: an SQLite file (pragmas, version checks, backups and migrations here) or a
server named by a URL (``server.py``)."""

from __future__ import annotations

import os
import sqlite3
import time
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine, ExceptionContext

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import faults, migrations, schema, server

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "kinesis_tutor_read_only"  # execution option of Store.reader
_FILES: weakref.WeakKeyDictionary[Engine, faults.SqliteFile] = weakref.WeakKeyDictionary()


def _engine(path: Path, file: faults.SqliteFile) -> Engine:
    creator = None
    if file.read_only:  # read through a read-only URI: nothing, not even WAL mode, is written
        uri = faults.read_only_uri(path)
        creator = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)  # noqa: E731
    engine = create_engine(f"sqlite:///{path}", future=True, **({"creator": creator} if creator else {}))
    _FILES[engine] = file

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not file.read_only:
            _wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:  # pragma: no cover
        # Writes take the write lock up front (IMMEDIATE), so two writers queue on the busy
        # timeout instead of failing with "database is locked" when a read turns into a write;
        # a read-only or damaged file is refused first (faults.py). Reads (Store.reader) take a
        # plain snapshot and never hold up a writer in another terminal.
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            file.begin_write(conn.connection.dbapi_connection, BUSY_TIMEOUT_MS)

    @event.listens_for(engine, "handle_error")
    def _error(context: ExceptionContext) -> None:  # a fault of the file: one line naming it
        problem = faults.translate(context.original_exception, path)
        if problem is None and type(context.original_exception) in (sqlite3.DatabaseError, sqlite3.OperationalError):
            # an error SQLite gives no code for (text that is not UTF-8, …): damage if the file fails its check
            found = file.guard.problems()
            problem = faults.damaged(path, found[0]) if found else None
        if problem is not None:
            raise problem from None

    return engine


def sqlite_file(engine: Engine) -> faults.SqliteFile | None:
    """The faults of the SQLite file behind ``engine``; None for a server."""
    return _FILES.get(engine)


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
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" if faults.writable(path) else faults.read_only_uri(path)
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
        try:
            src.backup(dst)
        finally:
            dst.close()
    except BaseException:  # a copy cut short (a full disk) is not left behind
        for left in (target, target.with_name(target.name + "-journal")):
            left.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return target


def migrate(engine: Engine, path: Path, current: int, profile: str) -> Path | None:
    """Bring the database to SCHEMA_VERSION; back the file up first if it held data. A failure
    rolls the whole migration back and keeps the backup: one line names both."""
    try:
        backup = _backup(path, current) if current > 0 else None
    except (OSError, sqlite3.Error) as exc:
        raise TutorError(
            f"cannot upgrade {path}: the copy made before an upgrade could not be written ({_why(exc)}); "
            "the file is as it was. Free some space or make its folder writable, then run the command again"
        ) from None
    try:
        _migrate(engine, current, profile)
    except Exception as exc:
        kept = f"; the copy made before it is kept at {backup}" if backup else ""
        raise TutorError(
            f"cannot upgrade {path} from schema {current} to {migrations.SCHEMA_VERSION} ({_why(exc)}): "
            f"nothing of the upgrade was applied and the file is as it was{kept}"
        ) from None
    return backup


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    cause = getattr(exc, "orig", None) or exc
    return " ".join(str(cause).split()) or type(cause).__name__


def _migrate(engine: Engine, current: int, profile: str) -> None:
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
    try:
        existed = _check_file(path)
        sealed = existed and faults.sealed(path)  # before any connection touches the file
        version = _version(path) if existed else 0
    except TutorError:
        raise
    except OSError as exc:
        raise TutorError(f"cannot read the progress database {path}: {_why(exc)}") from None
    except sqlite3.Error as exc:  # a damaged file, or one that cannot be opened
        raise faults.translate(exc, path) or TutorError(f"cannot read the database {path}: {_why(exc)}") from None
    if version > migrations.SCHEMA_VERSION:
        raise TutorError(
            f"{path} was written by a newer kinesis-tutor (schema {version}, this one reads up to "
            f"{migrations.SCHEMA_VERSION}); "
            "upgrade kinesis-tutor, or use --db to pick another file. The file was not changed."
        )
    if not existed:
        _make_folder(path)
    file = faults.SqliteFile(path, read_only=existed and not faults.writable(path), existed=existed, sealed=sealed)
    if file.read_only and version < migrations.SCHEMA_VERSION:
        raise TutorError(
            f"the progress database {path} is read-only and was written by an older kinesis-tutor: it must be "
            "upgraded (written) before it can be used; make it writable, or use --db to pick another file"
        )
    engine = _engine(path, file)
    if version < migrations.SCHEMA_VERSION:
        try:
            migrate(engine, path, version, profile)
        except BaseException:
            engine.dispose()
            raise
    return engine


def _make_folder(path: Path) -> None:
    """The folder of a new database file, made if needed; a folder that cannot be written is one line."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TutorError(f"cannot create the progress database {path}: {_why(exc)} ({folder})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TutorError(
            f"cannot create the progress database {path}: its folder {folder} cannot be written "
            "(read-only); nothing was created. Use --db or KINESIS_TUTOR_HOME to pick a writable place"
        )
