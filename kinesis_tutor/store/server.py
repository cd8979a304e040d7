"""A database server named by a SQLAlchemy URL (PostgreSQL, through psycopg 3): opening it, its
schema-version check and migrations in one transaction, and its failures as one line each.

SQLite files are ``database.py``; the SQL that differs between the two is ``dialect.py``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import migrations

CONNECT_TIMEOUT_S = 10
MIGRATION_LOCK = 7_024_051_202  # pg_advisory_xact_lock key: one migrating process at a time
OFFLINE_HINT = "use --db with a local file (e.g. --db ~/progress.db) to study without it"
INSTALL_HINT = "pip install 'kinesis-tutor[postgres]'"


class ServerUnavailable(TutorError):
    """The server cannot be reached, or the connection dropped: an answer may be retried later."""


def is_url(target: object) -> bool:
    return "://" in str(target)


def parse(target: str) -> URL:
    """The URL of ``target``; ``postgresql://`` (as cloud consoles print it) means psycopg 3."""
    try:
        url = make_url(target)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number, an unclosed [
        shown = re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", target)  # never print a password
        raise TutorError(f"'{shown}' is not a database URL (e.g. postgresql+psycopg://user@host/kinesis)") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def display(url: URL) -> str:
    """The URL without its password: what messages show."""
    return url.render_as_string(hide_password=True)


def open_server(target: str, profile: str) -> Engine:
    """An engine on the server database at ``target``, at the current schema version."""
    url = parse(target)
    if url.get_backend_name() != "postgresql":
        raise TutorError(
            f"{display(url)}: kinesis-tutor keeps progress in an SQLite file or in PostgreSQL "
            "(postgresql+psycopg://user@host/database)"
        )
    try:
        engine = create_engine(
            url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "kinesis-tutor"}
        )
    except (NoSuchModuleError, ImportError):
        raise TutorError(
            f"the database driver of {url.drivername} is not installed; kinesis-tutor's PostgreSQL driver is "
            f"psycopg 3 (postgresql+psycopg://…): {INSTALL_HINT}"
        ) from None
    event.listen(engine, "handle_error", _on_error)
    try:
        migrate(engine, profile)
    except BaseException:
        engine.dispose()
        raise
    return engine


def migrate(engine: Engine, profile: str) -> None:
    """Create or migrate the schema in one transaction: the version is read under an advisory
    lock (two first runs at once create it once), and a failure leaves the database as it was.
    PostgreSQL has no file to copy: back it up with pg_dump (docs/database.md)."""
    where = display(engine.url)
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        current = _version(conn, where)
        if current > migrations.SCHEMA_VERSION:
            raise TutorError(
                f"{where} was written by a newer kinesis-tutor (schema {current}, this one reads up to "
                f"{migrations.SCHEMA_VERSION}); upgrade kinesis-tutor, or use --db to pick another database. "
                "Nothing was changed."
            )
        if current == migrations.SCHEMA_VERSION:
            return
        try:
            if current == 0:
                migrations.PG_BASELINE(conn, profile)
                current = migrations.PG_BASELINE_VERSION
            for version in range(current, migrations.SCHEMA_VERSION):
                migrations.PG_MIGRATIONS[version](conn, profile)
        except Refused:
            user = engine.url.username or "the current user"
            raise TutorError(
                f"{where}: the role {user} may not create the tables of kinesis-tutor here; nothing was changed. "
                f"The database owner can run the first start, or GRANT CREATE ON SCHEMA public TO {user}"
            ) from None
        conn.execute(
            text(
                "INSERT INTO meta (key, value) VALUES ('schema_version', :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"v": str(migrations.SCHEMA_VERSION)},
        )


def _version(conn: Connection, where: str) -> int:
    tables = {r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))}
    if not tables:
        return 0
    if "meta" not in tables:
        raise TutorError(
            f"{where} holds another program's tables (no kinesis-tutor 'meta' table); refusing to touch it. "
            "Use --db to pick another database."
        )
    value = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    return int(value) if value else 0


# ------------------------------------------------------------------------------ failures


def _on_error(context: ExceptionContext) -> None:
    """Turn a driver error the learner can act on into one line (a TutorError); leave the rest."""
    error = context.sqlalchemy_exception
    if not isinstance(error, DBAPIError) or context.engine is None:
        return
    problem = classify(error, context.engine.url, context.is_disconnect)
    if problem is not None:
        raise problem from None


class Refused(TutorError):
    """The role lacks a right (a GRANT) for what was asked."""


def classify(error: DBAPIError, url: URL, disconnect: bool) -> TutorError | None:
    """The one-line TutorError for ``error``, or None to let it through. A refused connection is
    told apart by the server's own answer: libpq reports no SQLSTATE before the login."""
    where = display(url)
    orig: Any = error.orig
    state = getattr(orig, "sqlstate", None) or ""
    message = str(orig)
    user = url.username or "the current user"
    answered = "FATAL" in message  # the server answered the connection, and refused it
    if state == "42501":  # insufficient_privilege
        return Refused(
            f"{where}: the role {user} may not do this ({_first_line(message)}); "
            "the database owner decides (GRANT, see docs/database.md)"
        )
    if state in ("28P01", "28000") or (answered and ("authentication failed" in message or "role" in message)):
        return TutorError(f"{where}: the server refused the login of {user} (check the user name and password)")
    if state == "3D000" or (answered and "does not exist" in message):
        return TutorError(f"{where}: the server has no database '{url.database}'; create it first (createdb)")
    # Unreachable: no answer at all, a dropped connection, or a refusal at the login that is not
    # about who you are (a database not accepting connections, a server starting or stopping).
    if isinstance(error, OperationalError) and (
        disconnect or not answered or not state or state[:2] in ("08", "57") or state == "55000"
    ):
        return ServerUnavailable(f"cannot reach the database server {where}; {OFFLINE_HINT}")
    return None


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "permission denied"
