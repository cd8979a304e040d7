"""A real, throwaway PostgreSQL server for the test session, and a fresh database per test.

The server comes from the ``pgserver`` wheel of the test extra (it ships PostgreSQL's binaries);
where that wheel is missing, from the machine's own ``initdb`` and ``pg_ctl``. One server is
started per session, in a temporary folder, listening on a Unix socket only; each test gets its
own database (``CREATE DATABASE``, a few milliseconds with ``fsync`` off). PostgreSQL's
``initdb`` refuses to run as root: ``pgserver`` then runs the server as a system user of its own
(``pgserver``, made with ``useradd``), the fallback as ``nobody``.

With ``CI=true`` a test that needs the server fails when it cannot be started; elsewhere it is
skipped with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

PASSWORD_ROLE = "learner_pw"  # logs in with a password (the wrong-password test)
PASSWORD = "s3cret-pw"
LIMITED_ROLE = "learner_limited"  # may connect, may not create tables
_counter = itertools.count()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class PgServer:
    """A running server: URLs, an admin connection, and what the failure tests need."""

    def __init__(self, socket_dir: Path, port: int, stop: Callable[[], object], data: Path):
        self.socket_dir = socket_dir
        self.port = port
        self.data = data
        self._stop = stop
        self._templates: dict[str, str] = {}

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        login = f"{user}:{password}" if password is not None else user
        return f"postgresql+psycopg://{login}@/{database}?host={self.socket_dir}&port={self.port}"

    def sql(self, *statements: str, database: str = "postgres") -> list:
        """Run ``statements`` as the superuser, each in its own transaction; the last one's rows."""
        import psycopg

        rows: list = []
        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user="postgres", dbname=database, autocommit=True
        ) as conn:
            for statement in statements:
                cur = conn.execute(statement)
                rows = cur.fetchall() if cur.description else []
        return rows

    def new_database(self, owner: str = "postgres") -> str:
        """A fresh, empty database; its name."""
        name = f"t{os.getpid()}_{next(_counter)}"
        self.sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return name

    def clone(self, template: str) -> str:
        """A fresh database holding what ``template`` holds (no one may be connected to it)."""
        name = f"t{os.getpid()}_{next(_counter)}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def template_of(self, sqlite_file: Path, decks: Path) -> str:
        """A template database with the progress of ``sqlite_file`` (``db copy``), synced with
        ``decks`` and the bundled content once; made once per file."""
        key = str(sqlite_file)
        if key not in self._templates:
            from kinesis_tutor.app import paths as paths_mod
            from kinesis_tutor.app.dbcopy import copy
            from kinesis_tutor.app.sync import open_synced

            name = self.new_database()
            copy(str(sqlite_file), self.url(name))
            open_synced(paths_mod.resolve(self.url(name), [str(decks)])).close()
            self._templates[key] = name
        return self._templates[key]

    def stop(self) -> None:
        self._stop()


def _tune(server: PgServer) -> None:
    """Speed over durability (a throwaway server), and the roles of the failure tests."""
    hba = server.data / "pg_hba.conf"
    text = hba.read_text()
    rule = f"local all {PASSWORD_ROLE} scram-sha-256\n"
    if rule not in text:
        hba.write_text(rule + text)
    server.sql(
        "ALTER SYSTEM SET fsync = off",
        "ALTER SYSTEM SET synchronous_commit = off",
        "ALTER SYSTEM SET full_page_writes = off",
        "SELECT pg_reload_conf()",
        f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'",
        f"CREATE ROLE {LIMITED_ROLE} LOGIN",
    )


def _from_wheel(root: Path) -> PgServer:
    import warnings

    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set (CI, root)
        warnings.simplefilter("ignore")
        import pgserver

        handle = pgserver.get_server(root / "data", cleanup_mode="delete")
    info = handle.get_postmaster_info()

    def stop() -> None:  # immediate: a throwaway server need not write its buffers out first
        from pgserver._commands import POSTGRES_BIN_PATH

        subprocess.run(
            [POSTGRES_BIN_PATH / "pg_ctl", "-D", handle.pgdata, "-m", "immediate", "-w", "stop"],
            user=handle.system_user,
            capture_output=True,
        )
        import atexit

        atexit.unregister(handle._cleanup)  # it would try a smart stop of a server already gone
        shutil.rmtree(root, ignore_errors=True)

    return PgServer(Path(info.socket_dir), int(info.port), stop, handle.pgdata)


def _machine_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) + sorted(
        glob.glob("/usr/local/pgsql/bin/pg_ctl")
    )
    if not candidates:
        raise RuntimeError("neither the pgserver wheel nor PostgreSQL's pg_ctl is available")
    return Path(candidates[-1]).parent


def _from_machine(root: Path) -> PgServer:
    """initdb and pg_ctl of the machine; as root, run as ``nobody`` (initdb refuses root)."""
    bindir = _machine_bin()
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    user = None
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam("nobody")
        user = entry.pw_uid
        for folder in (root, sock):
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        root.chmod(0o755)
    run = {"user": user, "check": True, "capture_output": True}
    subprocess.run([bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], **run)
    subprocess.run(
        [bindir / "pg_ctl", "-D", data, "-w", "-l", root / "log", "-o", f"-h '' -k {sock} -p 5432", "start"], **run
    )

    def stop() -> None:
        subprocess.run([bindir / "pg_ctl", "-D", data, "-w", "-m", "immediate", "stop"], user=user, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    return PgServer(sock, 5432, stop, data)


def start_server() -> PgServer:
    """The wheel's server; the machine's if the wheel is missing or fails (both reasons are told)."""
    root = Path(tempfile.mkdtemp(prefix="kt-pg-"))
    try:
        server = _from_wheel(root)
    except Exception as wheel_problem:
        shutil.rmtree(root, ignore_errors=True)
        root = Path(tempfile.mkdtemp(prefix="kt-pg-"))
        try:
            server = _from_machine(root)
        except Exception as machine_problem:
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"pgserver: {wheel_problem!r}; the machine's PostgreSQL: {machine_problem!r}") from None
    try:
        _tune(server)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server; fails in CI, is skipped elsewhere, if it cannot start."""
    try:
        server = start_server()
    except Exception as exc:  # no server binaries, no psycopg, initdb failed
        message = f"cannot start a PostgreSQL server for the tests: {exc}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    yield server
    with contextlib.suppress(Exception):
        server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a fresh, empty database on the session's server (as its superuser)."""
    return pg_server.url(pg_server.new_database())


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path) -> str:
    """A new progress database on each backend: an SQLite file's path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "progress.db")
    return request.getfixturevalue("pg_url")


def copy_of_template_on(backend: str, request, template: Path, decks: Path, tmp_path: Path):
    """(paths, store) on a fresh copy of a template database (conftest.synced_template) on
    ``backend``: a copy of the file, or a clone of a PostgreSQL template made from it."""
    from conftest import copy_of_template

    if backend == "sqlite":
        return copy_of_template(template, decks, tmp_path)
    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.app.sync import open_synced

    server = request.getfixturevalue("pg_server")
    paths = paths_mod.resolve(server.url(server.clone(server.template_of(template, decks))), [str(decks)])
    return paths, open_synced(paths)
