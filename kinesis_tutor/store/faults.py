"""What can go wrong with an SQLite progress file, each said in one line with what to do: damage,
a read-only file or folder, a full disk, a write lock another process holds.

- ``translate`` turns SQLite's error (by its result code, never its wording) into a TutorError
  naming the file; ``database.py`` installs it on every SQLite engine.
- ``Guard`` runs SQLite's ``PRAGMA quick_check`` once before the first write of a run (in a
  background thread when asked early, see ``Store.expect_writes``): no command writes into a file
  that fails it.
- ``begin_write`` takes the write lock, waiting for another process as long as it holds it when
  the run can say so on screen (``on_busy``).
- ``damage_of`` and ``backups`` serve ``db check`` on a file too damaged to open.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kinesis_tutor.core.errors import TutorError

# SQLite's primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

NOTICE_AFTER_MS = 1_000  # how long a write waits for another process's lock before saying so
RETRY_MS = 500  # then each attempt: short, so that Ctrl-C is felt at once


class Damaged(TutorError):
    """The file failed SQLite's own check: nothing may be written into it."""


class ReadOnly(TutorError):
    """The file (or its folder) cannot be written: reading works, writing is refused."""


class Busy(TutorError):
    """Another process held the write lock for longer than the busy timeout."""


def code(exc: BaseException) -> int | None:
    """SQLite's primary result code of a sqlite3 exception, or None."""
    value = getattr(exc, "sqlite_errorcode", None)
    return value & 0xFF if isinstance(value, int) else None


def _detail(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def damaged(path: Path | str, detail: str) -> Damaged:
    return Damaged(
        f"the progress database {path} is damaged ({detail}); nothing was written to it. "
        "Run 'kinesis-tutor db check' to see the damage and the way back"
    )


def read_only(path: Path | str) -> ReadOnly:
    return ReadOnly(
        f"the progress database {path} is read-only (the file or its folder cannot be written): "
        "this command changes it, so nothing was done; stats, export and db check still work"
    )


def translate(exc: BaseException, path: Path | str) -> TutorError | None:
    """The one-line TutorError for a sqlite3 error on ``path``, or None to let it through."""
    c = code(exc)
    if c in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, _detail(exc))
    if c == SQLITE_READONLY:
        return read_only(path)
    if c == SQLITE_FULL:
        return TutorError(
            f"cannot write the progress database {path}: the disk is full; nothing was saved and the file is as it "
            "was. Free some space and run the command again"
        )
    if c == SQLITE_IOERR:
        return TutorError(
            f"cannot read or write the progress database {path}: the system reported an input/output error "
            f"({_detail(exc)}); nothing was saved. Check the disk (is it full, or removed?) and run the command again"
        )
    if c in (SQLITE_CANTOPEN, SQLITE_PERM):
        return TutorError(
            f"cannot open the progress database {path} ({_detail(exc)}); check that the file and its folder exist "
            "and can be read and written, or pick another file with --db"
        )
    if c in (SQLITE_BUSY, SQLITE_LOCKED):
        return Busy(
            f"the progress database {path} is busy: another kinesis-tutor is writing to it; nothing was saved. "
            "Run the command again when it has finished"
        )
    return None


# ------------------------------------------------------------------------------ read-only files


def writable(path: Path) -> bool:
    """Whether this process may write ``path`` and create files beside it (SQLite's -wal and -shm).
    ``os.access`` asks the kernel, so it also sees an immutable file and a read-only mount, which
    root's permission bits do not show."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def read_only_uri(path: Path) -> str:
    """A read-only URI of ``path`` for a file this process cannot write. SQLite reads a WAL file
    through its -shm file, which it could not make in a folder that cannot be written, nor remove
    afterwards: a file whose -wal is empty (closed cleanly) is opened as immutable instead, which
    needs neither (nobody can change it from here anyway)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        uri += "&immutable=1"
    return uri


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that only reads: read-write when the file may be written (so that SQLite
    removes the -wal and -shm files it makes when the last connection closes), else read-only."""
    if writable(path):
        return sqlite3.connect(path, timeout=10, check_same_thread=False)
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=10, check_same_thread=False)


# ------------------------------------------------------------------------------ the damage check


class Guard:
    """SQLite's ``PRAGMA quick_check`` of the file, run once and awaited by the first write.

    ``start`` runs it in a background thread on a connection of its own (SQLite releases the GIL
    while it reads), so a study session pays nothing for it before its first answer."""

    def __init__(self, path: Path):
        self.path = path
        self._thread: threading.Thread | None = None
        self._problems: list[str] = []
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None  # the check's connection while it runs

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kinesis-tutor-check", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        self._problems = damage_of(self.path, quick=True, opened=self._opened)

    def _opened(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    def stop(self) -> None:
        """Interrupt a check still running (the run is over), so that its connection is closed
        before the database's last one: SQLite then removes its -wal and -shm files as usual."""
        with self._lock:
            thread = self._thread
        if thread is None:
            return
        conn = self._conn
        if conn is not None:
            conn.interrupt()
        thread.join()

    def problems(self) -> list[str]:
        """The damage found (empty: sound), waiting for the check to finish."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        return self._problems

    def check_before_write(self) -> None:
        problems = self.problems()
        if problems:
            raise damaged(self.path, problems[0])


def _seal_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.checked")


def _wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _stamp(path: Path) -> str:
    """The file's identity and last change: any write, by this program or another, changes it."""
    st = os.stat(path)
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}\n"


def sealed(path: Path) -> bool:
    """Whether the file is exactly as a run that found it sound left it (and no -wal pages wait);
    asked before any connection opens the file."""
    try:
        return not _wal_size(path) and _seal_path(path).read_text(encoding="utf-8") == _stamp(path)
    except (OSError, UnicodeDecodeError):
        return False


def damage_of(
    path: Path, *, quick: bool = False, opened: Callable[[sqlite3.Connection | None], None] | None = None
) -> list[str]:
    """SQLite's own check of the file, through a read-only connection: one line per problem, empty
    for a sound file. A file whose schema cannot even be read is one line saying so. An error that
    is not damage (the file is busy, cannot be opened, the check was interrupted) is not reported
    here: the command meets it. ``opened`` is told the connection while the check runs."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = _connect(path)
    except sqlite3.Error:
        return []
    if opened is not None:
        opened(conn)
    try:
        return [line for (line,) in conn.execute(f"PRAGMA {pragma}") if line != "ok"]
    except sqlite3.DatabaseError as exc:
        if code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return [_detail(exc)]
        return []
    finally:
        if opened is not None:
            opened(None)
        conn.close()


def backups(path: Path) -> list[Path]:
    """The copies made before a migration (``progress.db.v2-<time>.bak``), newest first."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        found = [p for p in folder.glob(f"{path.name}.v*-*.bak") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


# ------------------------------------------------------------------------------ the write lock


def begin_write(dbapi_conn: Any, busy_timeout_ms: int, on_busy: Callable[[], None] | None) -> None:
    """``BEGIN IMMEDIATE`` on a raw sqlite3 connection. Without ``on_busy`` it waits the busy
    timeout (the error then becomes one line). With it, a lock held for longer than
    ``NOTICE_AFTER_MS`` calls ``on_busy`` once (the screen says so) and the write waits as long as
    the lock is held: an answer is never lost to another process's long write."""
    if on_busy is None:
        dbapi_conn.execute("BEGIN IMMEDIATE")
        return
    dbapi_conn.execute(f"PRAGMA busy_timeout = {NOTICE_AFTER_MS}")
    told = False
    try:
        while True:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED):
                    raise
                if not told:
                    on_busy()
                    told = True
                    dbapi_conn.execute(f"PRAGMA busy_timeout = {RETRY_MS}")
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")


# ------------------------------------------------------------------------------ one open file


class SqliteFile:
    """The faults of one open SQLite file: whether it may be written, the damage check every
    write waits for, and what to do while another process holds the write lock."""

    def __init__(self, path: Path, *, read_only: bool, existed: bool, sealed: bool = False):
        self.path = path
        self.read_only = read_only
        self.guard = Guard(path)
        # A file created by this run needs no check, nor one exactly as the last run that checked
        # it left it (the seal, below): the check reads the whole file, 0.3 s per 100 MB.
        self.sound = not existed or sealed
        self.on_busy: Callable[[], None] | None = None  # set by a run that can say "waiting" on screen

    def expect_writes(self) -> None:
        """Called by a run that will write (a study session) before its first question: refuse a
        read-only file now, and start the damage check in the background."""
        if self.read_only:
            raise read_only(self.path)
        if not self.sound:
            self.guard.start()

    def close(self, dispose: Callable[[], None]) -> None:
        """The run is over: stop a check still running, close every connection (``dispose``),
        then seal the file if it was found sound."""
        self.guard.stop()
        dispose()
        self.seal()

    def seal(self) -> None:
        """After the run's last connection closed: if the file passed its check (or was made by
        this run), remember it as it is now, so the next run need not check it again unless
        something changed it since. Best effort: a folder that cannot take the seal keeps none."""
        if self.read_only or not self.sound:
            return
        try:
            seal = _seal_path(self.path)
            if _wal_size(self.path):
                seal.unlink(missing_ok=True)  # a -wal left with pages in it: the next run checks
                return
            tmp = seal.with_name(seal.name + ".tmp")
            tmp.write_text(_stamp(self.path), encoding="utf-8")
            os.replace(tmp, seal)
        except OSError:
            return

    def begin_write(self, dbapi_conn: Any, busy_timeout_ms: int) -> None:
        """Before every write transaction: refuse a read-only or damaged file, then take the lock."""
        if self.read_only:
            raise read_only(self.path)
        if not self.sound:
            self.guard.check_before_write()
            self.sound = True
        try:
            begin_write(dbapi_conn, busy_timeout_ms, self.on_busy)
        except sqlite3.Error as exc:
            problem = translate(exc, self.path)
            if problem is None:
                raise
            raise problem from None
