"""PostgreSQL as the shared store (issue 20), against the real server of tests/pg.py: the frozen
baseline, profiles, stats --group, db copy both ways, a study session in a terminal, and every
failure as one line with exit 1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pexpect
import pytest
from conftest import spawn_cli, write_deck
from pg import LIMITED_ROLE, PASSWORD, PASSWORD_ROLE
from sqlalchemy import create_engine, make_url, text
from typer.testing import CliRunner

from kinesis_tutor.app.sync import sync
from kinesis_tutor.cli import app
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import migrations, open_store, schema
from kinesis_tutor.store.integrity import check

DECK = """
format_version: 1
id: pgdeck
title: A deck for the PostgreSQL tests
cards:
  - id: shard-write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    tags: [pglimits]
    explanation: One shard takes 1 MB/s or 1,000 records/s of writes.
  - id: firehose-replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    tags: [firehose]
    explanation: Firehose stores nothing once delivered; replay needs Data Streams.
  - id: what-is-shard
    kind: basic
    front: What is a shard?
    back: A unit of capacity of a data stream.
    tags: [pglimits]
    explanation: Capacity is the sum of the shards.
"""


@pytest.fixture
def decks(tmp_path):
    folder = tmp_path / "decks"
    write_deck(folder, "pg.yaml", DECK)
    return folder


def run(db: str | Path, decks: Path | None, *args: str, profile: str | None = None):
    """``kinesis-tutor --db DB [--deck-dir DECKS] [--profile P] ARGS`` through CliRunner."""
    options = ["--db", str(db)]
    if decks is not None:
        options += ["--deck-dir", str(decks)]
    if profile is not None:
        options += ["--profile", profile]
    return CliRunner().invoke(app, [*options, *args])


def one_line_error(result) -> str:
    """The error of a failed command: exit 1, one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kinesis-tutor: error: "), result.stderr
    return lines[0]


def answer_all(store, quality: int = 4) -> None:
    for item in store.new_items():
        store.record(item.pk, quality, "new", scheduled=True)


# ------------------------------------------------------------------------------ the schema


def test_the_frozen_baseline_builds_the_schema_the_code_queries(pg_url):
    with open_store(pg_url) as store, store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            columns = [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
                        "AND table_schema = current_schema() ORDER BY ordinal_position"
                    ),
                    {"t": table.name},
                )
            ]
            assert columns == [c.name for c in table.columns], table.name
        version = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    assert version == str(migrations.SCHEMA_VERSION)


def test_a_second_start_finds_the_schema_and_changes_nothing(pg_url, decks):
    with open_store(pg_url) as store:
        sync(store, [decks])
        answer_all(store)
    with open_store(pg_url) as store:
        assert store.review_count() == 3 and check(store) == []


# ------------------------------------------------------------------------------ profiles


def test_profiles_keep_learners_apart_in_one_database(db_target, decks):
    with open_store(db_target, "alice") as alice, open_store(db_target, "bob") as bob:
        sync(alice, [decks])
        answer_all(alice)
        alice.set_setting("new_per_day", "5")
        assert alice.review_count() == 3 and len(alice.new_items()) == 0
        assert bob.review_count() == 0 and len(bob.new_items()) == 3  # same cards, none seen by bob
        assert bob.settings()["new_per_day"] == 20
        pk = bob.new_items()[0].pk
        bob.record(pk, 2, "new", scheduled=True)
        assert alice.state(pk).last_quality == 4 and bob.state(pk).last_quality == 2
        assert check(alice) == [] and check(bob) == []


def test_the_profile_option_and_variable_choose_whose_progress(tmp_path, decks, monkeypatch):
    db = tmp_path / "shared.db"
    assert run(db, decks, "config", "set", "new_per_day", "7", profile="alice").exit_code == 0
    monkeypatch.setenv("KINESIS_TUTOR_PROFILE", "bob")
    assert "20" in run(db, decks, "config", "list").stdout.split("new_per_day", 1)[1].split("\n", 1)[0]
    monkeypatch.setenv("KINESIS_TUTOR_PROFILE", "alice")
    assert "7" in run(db, decks, "config", "list").stdout.split("new_per_day", 1)[1].split("\n", 1)[0]
    result = run(db, decks, "config", "list", profile="")
    assert result.exit_code == 2 and "profile" in result.stderr


def test_each_learner_has_an_exam_in_progress_of_their_own(tmp_path):
    from kinesis_tutor.app import paths as paths_mod
    from kinesis_tutor.app.exam import draft_path
    from kinesis_tutor.core.profiles import login_name

    db = str(tmp_path / "shared.db")
    mine = draft_path(paths_mod.resolve(db))
    assert mine.name == "shared.db.exam-in-progress.json" and mine == draft_path(
        paths_mod.resolve(db, None, login_name())
    )
    alice, bob = (draft_path(paths_mod.resolve(db, None, who)) for who in ("alice", "b/o b"))
    assert len({mine, alice, bob}) == 3 and alice.parent == bob.parent == tmp_path


def test_an_older_file_gets_profiles_and_its_rows_the_migrating_learner(tmp_path, decks):
    path = tmp_path / "v2.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrations.MIGRATIONS[0](conn)
        migrations.MIGRATIONS[1](conn)
        conn.execute(text("INSERT INTO meta VALUES ('schema_version', '2')"))
        conn.execute(text("INSERT INTO settings VALUES ('new_per_day', '9')"))
        conn.execute(
            text(
                "INSERT INTO cards (id, deck_id, card_id, kind, content_hash, first_seen) "
                "VALUES (1, 'old', 'x', 'basic', 'h', '2023-01-01T00:00:00.000+00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reviews (card, ts, day, quality, kind, scheduled) "
                "VALUES (1, '2023-01-01T09:00:00.000+00:00', '2023-01-01', 5, 'new', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO card_state (card, easiness, interval, repetitions, due_day) "
                "VALUES (1, 2.6, 1, 1, '2023-01-02')"
            )
        )
    engine.dispose()
    with open_store(path, "carol") as carol, open_store(path, "dave") as dave:
        assert carol.review_count() == 1 and carol.state(1).easiness == 2.6 and carol.settings()["new_per_day"] == 9
        assert dave.review_count() == 0 and dave.state(1) is None and dave.settings()["new_per_day"] == 20
    assert len(list(tmp_path.glob("v2.db.v2-*.bak"))) == 1


def test_stats_group_shows_every_learner_side_by_side(db_target, decks):
    with open_store(db_target, "alice") as alice, open_store(db_target, "bob") as bob:
        sync(alice, [decks])
        answer_all(alice, 5)
        first = bob.new_items()[0].pk
        bob.record(first, 1, "new", scheduled=True)
    result = run(db_target, decks, "stats", "--group", "--json")
    assert result.exit_code == 0, result.output
    learners = {row["profile"]: row for row in json.loads(result.stdout)["learners"]}
    assert set(learners) == {"alice", "bob"}
    assert (learners["alice"]["seen"], learners["bob"]["seen"]) == (3, 1)
    assert learners["alice"]["retention"]["last_7_days"]["rate"] == 1.0
    assert learners["bob"]["retention"]["last_7_days"]["rate"] == 0.0
    alice_topics = {t["tag"]: t["share"] for t in learners["alice"]["readiness"]["topics"]}
    assert alice_topics["pglimits"] == 1.0
    screen = run(db_target, decks, "stats", "--group")
    assert screen.exit_code == 0, screen.output
    learner_rows = [line for line in screen.stdout.splitlines() if "alice" in line or "bob" in line]
    assert any("3 of" in line and "100%" in line for line in learner_rows if "alice" in line)
    assert "Readiness by topic" in screen.stdout
    refused = run(db_target, decks, "stats", "--group", "--deck", "pgdeck")
    assert refused.exit_code == 2 and "--group" in refused.stderr


# ------------------------------------------------------------------------------ db copy


def exports(db: str | Path, decks: Path, profiles: list[str]) -> dict[str, dict]:
    out = {}
    for p in profiles:
        result = run(db, decks, "export", profile=p)
        assert result.exit_code == 0, result.output
        out[p] = json.loads(result.stdout)
    return out


def test_db_copy_both_ways_keeps_every_learners_progress(tmp_path, pg_url):
    from test_transfer import deck_text, populate

    decks = tmp_path / "transfer-decks"
    write_deck(decks, "alpha.yaml", deck_text("alpha", ["a1", "a2", "a3", "a4"]))
    write_deck(decks, "beta.yaml", deck_text("beta", ["b1", "b2"]))
    first = tmp_path / "laptop.db"
    populate(first, decks)  # every review kind, sessions, an exam attempt, settings, a removed card
    with open_store(first, "bob") as bob:
        bob.record(bob.new_items()[0].pk, 3, "new", scheduled=True)
        bob.set_setting("new_per_day", "3")
    learners = ["bob", open_store(first).profile]
    before = exports(first, decks, learners)

    to_server = run(first, None, "db", "copy", str(first), pg_url)
    assert to_server.exit_code == 0, to_server.output
    assert "the exports of both match" in to_server.stdout
    assert exports(pg_url, decks, learners) == before

    back = tmp_path / "offline.db"
    to_file = run(first, None, "db", "copy", pg_url, str(back))
    assert to_file.exit_code == 0, to_file.output
    assert exports(back, decks, learners) == before
    # The server's row ids go on after the copied ones: a new answer there is logged after them.
    with open_store(pg_url, "bob") as bob:
        bob.record(bob.new_items()[0].pk, 4, "new", scheduled=True)
        assert check(bob) == []
    again = run(first, None, "db", "copy", str(first), pg_url)
    assert "already holds progress" in one_line_error(again)


# ------------------------------------------------------------------------------ a terminal session


def test_a_study_session_in_a_terminal_on_postgresql(tmp_path, isolated_home, pg_url, decks):
    child = spawn_cli(isolated_home, pg_url, decks, "study", "--deck", "pgdeck", log=tmp_path / "screen.log")
    child.expect("How fast can one shard take writes")
    child.expect("Your answer")
    child.send("2")
    child.expect("Right")
    child.expect("How was it")
    child.send("\r")
    child.expect("Firehose can replay")
    child.expect("Your answer")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, (tmp_path / "screen.log").read_text()
    with open_store(pg_url) as store:
        (item,) = [i for i in store.items() if i.state is not None]
        assert item.card.id == "shard-write" and item.state.last_quality == 4
        assert store.review_count() == 1


# ------------------------------------------------------------------------------ failures


def test_a_wrong_password_is_one_line(pg_server, decks):
    name = pg_server.new_database(owner=PASSWORD_ROLE)
    good = pg_server.url(name, PASSWORD_ROLE, PASSWORD)
    assert run(good, decks, "config", "set", "new_per_day", "4").exit_code == 0
    line = one_line_error(run(pg_server.url(name, PASSWORD_ROLE, "not-the-password"), decks, "stats"))
    assert "refused the login" in line and PASSWORD_ROLE in line
    assert "not-the-password" not in line  # the password is never shown


@pytest.fixture(scope="module")
def stopped_server_url(pg_server):
    """The URL of a database on a second server, which was started, used, then stopped."""
    from pg import start_server

    second = start_server()
    url = second.url(second.new_database())
    with open_store(url) as store:
        assert store.review_count() == 0
    second.stop()
    return url


def test_a_stopped_server_says_so_and_suggests_a_local_file(stopped_server_url, decks):
    line = one_line_error(run(stopped_server_url, decks, "stats"))
    assert "cannot reach the database server" in line and "--db" in line and "local file" in line


def test_no_right_to_create_tables_is_one_line_and_creates_nothing(pg_server, decks):
    name = pg_server.new_database()  # owned by the superuser; the public schema is its owner's
    pg_server.sql(f"GRANT CONNECT ON DATABASE {name} TO {LIMITED_ROLE}")
    line = one_line_error(run(pg_server.url(name, LIMITED_ROLE), decks, "stats"))
    assert f"the role {LIMITED_ROLE} may not create the tables" in line and "nothing was changed" in line
    assert pg_server.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database=name) == [(0,)]


def test_a_revoked_grant_is_one_line(pg_server, decks):
    name = pg_server.new_database()
    admin = pg_server.url(name)
    assert run(admin, decks, "config", "list").exit_code == 0  # the owner creates the tables
    pg_server.sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {LIMITED_ROLE}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {LIMITED_ROLE}",
        f"REVOKE INSERT, UPDATE ON settings FROM {LIMITED_ROLE}",
        database=name,
    )
    limited = pg_server.url(name, LIMITED_ROLE)
    assert run(limited, decks, "config", "list").exit_code == 0  # reading is still allowed
    line = one_line_error(run(limited, decks, "config", "set", "new_per_day", "5"))
    assert f"the role {LIMITED_ROLE} may not do this" in line and "GRANT" in line
    assert pg_server.sql("SELECT count(*) FROM settings", database=name) == [(0,)]


def test_a_database_of_a_newer_schema_is_refused_and_left_alone(pg_url, decks):
    with open_store(pg_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    line = one_line_error(run(pg_url, decks, "stats"))
    assert "newer kinesis-tutor" in line and "schema 99" in line
    with create_engine(pg_url).connect() as conn:
        assert conn.execute(text("SELECT value FROM meta")).scalar() == "99"
        assert conn.execute(text("SELECT count(*) FROM cards")).scalar() == 0  # no deck was synced


def test_another_programs_database_is_refused(pg_url, decks):
    with create_engine(pg_url).begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer)"))
    assert "another program" in one_line_error(run(pg_url, decks, "stats"))


def test_a_url_that_is_no_database_is_one_line(decks):
    assert "kinesis-tutor keeps progress" in one_line_error(run("mysql://u@h/db", decks, "stats"))
    line = one_line_error(run("postgresql+psycopg://me:pa55word@[::1/kinesis", decks, "stats"))
    assert "is not a database URL" in line and "pa55word" not in line


def test_a_driver_that_is_not_installed_is_named_with_the_extra_to_install(decks):
    line = one_line_error(run("postgresql+pg8000://me@localhost/kinesis", decks, "stats"))
    assert "postgresql+pg8000" in line and "pip install 'kinesis-tutor[postgres]'" in line


# ------------------------------------------------------------------------------ a dropped connection


def drop_connections(pg_server, pg_url: str, allow: bool) -> None:
    """Cut every connection to the database of ``pg_url``; with ``allow`` False, refuse new ones too."""
    database = make_url(pg_url).database
    pg_server.sql(
        f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allow).lower()}',
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'",
    )


def new_cards(store, decks) -> list[int]:
    """DECK synced into ``store``; the keys of its three new cards."""
    sync(store, [decks])
    return [i.pk for i in store.new_items()]


def test_a_dropped_connection_is_retried_and_the_answer_saved(pg_server, pg_url, decks):
    with open_store(pg_url) as store:
        a, b, _ = new_cards(store, decks)
        store.record(a, 4, "new", scheduled=True)
        drop_connections(pg_server, pg_url, allow=True)  # e.g. the server restarted between two answers
        store.record(b, 5, "new", scheduled=True)
        assert store.review_count() == 2 and store.outbox.waiting == []


def test_answers_given_while_the_server_is_away_are_written_on_reconnect(pg_server, pg_url, decks):
    with open_store(pg_url) as store:
        a, b, c = new_cards(store, decks)
        store.record(a, 4, "new", scheduled=True)
        drop_connections(pg_server, pg_url, allow=False)  # the network is gone for a while
        waiting = store.record(b, 5, "new", scheduled=True)
        assert waiting.review_id < 0 and len(store.outbox.waiting) == 1  # kept, not lost
        with pytest.raises(TutorError, match="cannot reach the database server"):
            store.review_count()
        slip = store.record(c, 0, "new", scheduled=True)  # a wrong key, then u: taken back from the waiting ones
        with pytest.raises(TutorError, match="only the latest answer"):
            store.undo(waiting.review_id)
        store.undo(slip.review_id)
        assert len(store.outbox.waiting) == 1
        drop_connections(pg_server, pg_url, allow=True)  # back
        store.record(c, 3, "new", scheduled=True)
        assert store.outbox.waiting == []
    with open_store(pg_url) as fresh:
        assert [(r.card, r.quality) for r in log_of(fresh)] == [(a, 4), (b, 5), (c, 3)]
        assert check(fresh) == []


def test_answers_still_waiting_at_the_end_are_reported(pg_server, pg_url, decks):
    store = open_store(pg_url)
    first = new_cards(store, decks)[0]
    drop_connections(pg_server, pg_url, allow=False)
    try:
        store.record(first, 4, "new", scheduled=True)
        with pytest.raises(TutorError, match=r"1 answer\(s\) given meanwhile could not be saved"):
            store.close()
    finally:
        drop_connections(pg_server, pg_url, allow=True)


KILLED = """
import os, signal, sys
from kinesis_tutor.app import paths
p = paths.resolve(sys.argv[1], [sys.argv[2]])
store = p.open_store()
pks = [i.pk for i in store.new_items()]
print(pks[0], flush=True)  # the test now refuses connections
sys.stdin.readline()
store.record(pks[0], 5, "new", scheduled=True)  # the server is away: the answer waits
print(store.outbox.waiting[0].pk, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # killed before the server comes back
"""


def test_a_process_killed_while_the_server_is_away_loses_no_answer(pg_server, pg_url, decks, isolated_home):
    import subprocess
    import sys

    from kinesis_tutor.app import paths as paths_mod

    with open_store(pg_url) as store:
        sync(store, [decks])
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, pg_url, str(decks)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    first = int(child.stdout.readline())
    drop_connections(pg_server, pg_url, allow=False)
    try:
        child.stdin.write("go\n")
        child.stdin.flush()
        assert int(child.stdout.readline()) == first
        child.wait(timeout=60)
        assert child.returncode == -9
    finally:
        drop_connections(pg_server, pg_url, allow=True)
    paths = paths_mod.resolve(pg_url, [str(decks)])
    (journal,) = paths.db.parent.glob("*.waiting.jsonl")
    kept = journal.read_text(encoding="utf-8")
    with paths.open_store() as store:  # the next start writes the kept answer
        assert [(r.card, r.quality) for r in log_of(store)] == [(first, 5)]
    assert not journal.exists()
    journal.write_text(kept, encoding="utf-8")  # as if killed again between the write and the clean-up
    with paths.open_store() as store:  # an answer the log already has is not written twice
        assert store.review_count() == 1 and check(store) == []
    assert not journal.exists()


def log_of(store):
    with store.reader.connect() as conn:
        return list(
            conn.execute(text("SELECT card, quality FROM reviews WHERE profile = :p ORDER BY id"), {"p": store.profile})
        )


def test_an_sqlite_file_is_still_a_file(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'via-url.db'}") as store:
        assert store.review_count() == 0 and not store.on_server
    conn = sqlite3.connect(tmp_path / "via-url.db")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()
