"""The progress store on a temporary file and on PostgreSQL (``db_target``, tests/pg.py): answers
and undo, due order, the new-card quota, WAL and two writers, deck edits through sync, migrations
with a backup, and refusals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select, text

from kinesis_tutor.app.sync import sync
from kinesis_tutor.core import studyday
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import migrations, open_store, schema
from kinesis_tutor.store.integrity import check

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def deck_text(cards: dict[str, str], deck_id: str = "mini") -> str:
    body = "".join(
        f"  - id: {cid}\n    kind: basic\n    front: {front}\n    back: Back of {cid}\n    explanation: Why {cid}.\n"
        for cid, front in cards.items()
    )
    return f"format_version: 1\nid: {deck_id}\ntitle: Mini deck\ncards:\n{body}"


def write(path: Path, content: str) -> None:
    """Write a deck file and move its mtime on, so that sync sees it changed even within one tick."""
    old = path.stat().st_mtime_ns if path.exists() else None
    path.write_text(content, encoding="utf-8")
    if old is not None:
        os.utime(path, ns=(old + 10**9, old + 10**9))


CARDS = {"a": "Front A", "b": "Front B", "c": "Front C", "d": "Front D", "e": "Front E"}


@pytest.fixture
def deck_dir(tmp_path):
    d = tmp_path / "decks"
    d.mkdir()
    write(d / "mini.yaml", deck_text(CARDS))
    return d


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "progress.db"


def synced_store(target, deck_dir):
    st = open_store(target)
    report = sync(st, [deck_dir])
    assert report.added == len(CARDS) and not report.problems
    return st


@pytest.fixture
def store(db_target, deck_dir):
    """On each backend: an SQLite file, then a PostgreSQL database."""
    st = synced_store(db_target, deck_dir)
    yield st
    st.close()


@pytest.fixture
def sqlite_store(db_path, deck_dir):
    """What only an SQLite file has (WAL, its locks)."""
    st = synced_store(db_path, deck_dir)
    yield st
    st.close()


def pk(store, card_id: str, deck_id: str = "mini") -> int:
    value = store.card_pk(deck_id, card_id)
    assert value is not None
    return value


def day_of(moment: datetime, store=None) -> date:
    return studyday.study_day(moment, store.rollover_hour() if store else 4)


def log(store, card: int | None = None) -> list:
    q = select(schema.reviews).order_by(schema.reviews.c.id)
    if card is not None:
        q = q.where(schema.reviews.c.card == card)
    with store.engine.connect() as conn:
        return list(conn.execute(q))


def card_row(store, card: int):
    with store.engine.connect() as conn:
        return conn.execute(select(schema.cards).where(schema.cards.c.id == card)).first()


# --------------------------------------------------------------------------- answers and undo


def test_an_answer_is_committed_with_its_state(store, db_target):
    a = pk(store, "a")
    rec = store.record(a, 5, "new", scheduled=True, duration_ms=1200, now=T0)
    assert (rec.state.easiness, rec.state.interval, rec.state.repetitions) == (2.6, 1, 1)
    assert rec.state.due_day == (day_of(T0, store) + timedelta(days=1)).isoformat()

    with open_store(db_target) as other:  # another connection sees it: it is committed
        assert other.state(a) == rec.state
        (row,) = log(other)
    assert (row.kind, row.quality, row.scheduled, row.duration_ms) == ("new", 5, 1, 1200)
    assert row.ts.endswith("+00:00") and row.ts.startswith("2024-05-01T12:00:00")
    assert (row.ease_before, row.ease_after, row.interval_after, row.due_after) == (None, 2.6, 1, rec.state.due_day)


def test_an_unscheduled_answer_is_logged_but_leaves_the_schedule(store):
    a = pk(store, "a")
    store.record(a, 5, "new", scheduled=True, now=T0)
    before = store.state(a)
    store.record(a, 1, "cram", scheduled=False, now=T0 + timedelta(hours=1))
    store.record(a, 2, "repeat", scheduled=False, now=T0 + timedelta(hours=2))
    assert store.state(a) == before
    assert [r.kind for r in log(store)] == ["new", "cram", "repeat"]
    assert check(store) == []


def test_undo_puts_the_state_back(store):
    a = pk(store, "a")
    first = store.record(a, 5, "new", scheduled=True, now=T0)
    second = store.record(a, 1, "review", scheduled=True, now=T0 + timedelta(days=2))
    assert store.state(a).lapses == 1

    store.undo(second.review_id)
    assert store.state(a) == first.state  # easiness, interval, due day, lapses, last review …
    assert [r.id for r in log(store)] == [first.review_id]
    assert check(store) == []

    store.undo(first.review_id)
    assert store.state(a) is None and log(store) == []
    assert a in [i.pk for i in store.new_items()]  # a new card again


def test_undo_refuses_an_older_answer_or_a_missing_one(store):
    a = pk(store, "a")
    first = store.record(a, 4, "new", scheduled=True, now=T0)
    store.record(a, 4, "review", scheduled=True, now=T0 + timedelta(days=1))
    with pytest.raises(TutorError, match="latest"):
        store.undo(first.review_id)
    with pytest.raises(TutorError, match="nothing to undo"):
        store.undo(9999)
    assert len(log(store)) == 2


def test_unknown_kind_and_bad_quality_write_nothing(store):
    a = pk(store, "a")
    with pytest.raises(ValueError):
        store.record(a, 4, "quiz", scheduled=True, now=T0)
    with pytest.raises(ValueError):
        store.record(a, 7, "review", scheduled=True, now=T0)
    assert log(store) == [] and store.state(a) is None


# --------------------------------------------------------------------------- study days


def test_due_day_is_the_local_study_day_plus_the_interval(store):
    a, b, c = pk(store, "a"), pk(store, "b"), pk(store, "c")
    before_rollover = datetime(2024, 5, 2, 3, 30).astimezone()  # 03:30 local: still May 1st
    after_rollover = datetime(2024, 5, 2, 4, 30).astimezone()
    assert store.record(a, 4, "new", scheduled=True, now=before_rollover).state.due_day == "2024-05-02"
    assert store.record(b, 4, "new", scheduled=True, now=after_rollover).state.due_day == "2024-05-03"
    assert [r.day for r in log(store)] == ["2024-05-01", "2024-05-02"]

    store.set_setting("day_starts_at", "0")  # midnight: 03:30 is May 2nd now
    assert store.record(c, 4, "new", scheduled=True, now=before_rollover).state.due_day == "2024-05-03"


# --------------------------------------------------------------------------- due order, quota


def test_due_cards_come_most_overdue_first(store):
    a, b, c, d, e = (pk(store, x) for x in "abcde")
    # Grade 4 on a new card: interval 1, so each is due the study day after its review.
    for card, offset in [(b, 3), (a, 0), (d, 10), (c, 1)]:
        store.record(card, 4, "new", scheduled=True, now=T0 + timedelta(days=offset))
    today = day_of(T0, store) + timedelta(days=5)

    assert [i.pk for i in store.due_items(today)] == [a, c, b]  # due day 1, 2, 4; d is due on day 11
    assert [i.pk for i in store.due_items(today, limit=2)] == [a, c]
    assert store.due_count(today) == 3
    assert [i.pk for i in store.new_items()] == [e]

    store.set_suspended(c, True)
    assert [i.pk for i in store.due_items(today)] == [a, b]


def test_new_cards_quota_counts_only_todays_introductions(store):
    a, b, c, d, e = (pk(store, x) for x in "abcde")
    today = day_of(T0, store)
    store.set_setting("new_per_day", "3")
    store.record(a, 4, "new", scheduled=True, now=T0 - timedelta(days=1))  # yesterday
    store.record(b, 4, "new", scheduled=True, now=T0)
    store.record(c, 3, "new", scheduled=True, now=T0 + timedelta(minutes=5))
    store.record(d, 5, "cram", scheduled=False, now=T0)  # cram does not introduce a card

    new_done, reviews_done = store.done_today(today)
    assert (new_done, reviews_done) == (2, 0)
    assert store.done_today(today - timedelta(days=1)) == (1, 0)
    quota = store.settings()["new_per_day"] - new_done
    assert [i.pk for i in store.new_items(limit=quota)] == [d]  # deck order, unseen cards only
    assert [i.pk for i in store.new_items()] == [d, e]


# --------------------------------------------------------------------------- WAL, two writers


def test_the_database_is_in_wal_mode_with_a_busy_timeout(sqlite_store, db_path):
    store = sqlite_store
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kinesis_tutor.store import open_store
    db, cards = sys.argv[1], [int(x) for x in sys.argv[2].split(",")]
    store = open_store(db)
    print("ready", flush=True)
    sys.stdin.readline()  # wait for "go": both processes then write at the same time
    for i in range(200):
        store.record(cards[i % len(cards)], i % 6, "review", scheduled=True)
    store.close()
""")


def test_two_writers_at_once_lose_nothing(store, db_target, tmp_path):
    """Two processes (two terminals, or two machines on one server) answering the same cards."""
    cards = ",".join(str(pk(store, x)) for x in "abcde")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_target, cards],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:  # both have the database open …
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # … then they write at the same time
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=False):
        assert "locked" not in err
        assert proc.returncode == 0, err
    assert store.review_count() == 400
    # Both wrote to the same five cards; every state is still the replay of its interleaved log.
    assert check(store) == []


def test_a_long_read_in_another_terminal_does_not_hold_up_an_answer(sqlite_store, db_path):
    """`stats` reading in one terminal while `study` saves an answer in another."""
    store = sqlite_store
    other = open_store(db_path)
    try:
        with other.reader.connect() as conn:
            conn.execute(text("SELECT count(*) FROM reviews")).scalar()  # a read transaction stays open
            # A writer that will not wait at all still gets the write lock: the reader holds none.
            impatient = sqlite3.connect(db_path, timeout=0, isolation_level=None)
            try:
                impatient.execute("BEGIN IMMEDIATE")
                impatient.execute("ROLLBACK")
            finally:
                impatient.close()
            store.record(pk(store, "a"), 4, "new", scheduled=True)
        assert store.review_count() == 1
    finally:
        other.close()


# --------------------------------------------------------------------------- deck edits


def test_edited_card_keeps_its_history_and_gets_the_new_text(store, deck_dir):
    a = pk(store, "a")
    store.record(a, 5, "new", scheduled=True, now=T0)
    state, old_hash = store.state(a), card_row(store, a).content_hash

    write(deck_dir / "mini.yaml", deck_text({**CARDS, "a": "Front A, reworded by the author"}))
    report = sync(store, [deck_dir])
    assert (report.changed, report.added, report.removed) == (1, 0, 0)

    assert pk(store, "a") == a
    row = card_row(store, a)
    assert row.content_hash != old_hash
    assert json.loads(row.content)["prompt"] == "Front A, reworded by the author"
    assert store.item(a).card.prompt == "Front A, reworded by the author"
    assert store.state(a) == state and len(log(store, a)) == 1


def test_removed_card_keeps_its_history_and_comes_back_with_it(store, deck_dir):
    b = pk(store, "b")
    store.record(b, 4, "new", scheduled=True, now=T0)
    state = store.state(b)
    day = day_of(T0, store) + timedelta(days=30)

    write(deck_dir / "mini.yaml", deck_text({k: v for k, v in CARDS.items() if k != "b"}))
    report = sync(store, [deck_dir])
    assert report.removed == 1
    assert card_row(store, b).removed_at is not None
    assert b not in [i.pk for i in store.items()] and store.due_items(day) == []
    assert len(log(store, b)) == 1 and store.state(b) == state  # history kept

    write(deck_dir / "mini.yaml", deck_text(CARDS))
    report = sync(store, [deck_dir])
    assert report.restored == 1 and report.added == 0
    assert pk(store, "b") == b and card_row(store, b).removed_at is None
    assert [i.pk for i in store.due_items(day)] == [b] and store.state(b) == state


def test_a_deck_file_that_turns_invalid_does_not_remove_its_cards(store, deck_dir):
    a = pk(store, "a")
    store.record(a, 4, "new", scheduled=True, now=T0)
    broken = deck_text(CARDS).replace("    front: Front C\n", "    front: Front C\n    frnot: typo\n")
    write(deck_dir / "mini.yaml", broken)

    for _ in range(2):  # and again: a broken file is read again each time, its problems shown again
        report = sync(store, [deck_dir])
        assert report.problems and not report.skipped
        assert report.removed == 0
        with store.engine.connect() as conn:
            assert conn.execute(select(schema.cards.c.removed_at)).scalars().all() == [None] * len(CARDS)
        assert len(store.items()) == len(CARDS)

    write(deck_dir / "mini.yaml", deck_text({k: v for k, v in CARDS.items() if k != "e"}))
    report = sync(store, [deck_dir])
    assert not report.problems and report.removed == 1  # once fixed, a real removal is seen


def test_unchanged_decks_are_skipped_and_a_new_deck_is_seen(store, deck_dir):
    assert sync(store, [deck_dir]).skipped
    write(deck_dir / "more.yaml", deck_text({"x": "Front X"}, deck_id="more"))
    report = sync(store, [deck_dir])
    assert not report.skipped and report.added == 1
    assert store.card_pk("more", "x") is not None


# --------------------------------------------------------------------------- migrations


def make_v1(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrations.MIGRATIONS[0](conn)
        conn.execute(insert(schema.meta).values(key="schema_version", value="1"))
        conn.execute(
            insert(schema.cards).values(
                id=1,
                deck_id="old",
                card_id="x",
                kind="basic",
                content=None,
                content_hash="h",
                first_seen="2023-01-01T00:00:00.000+00:00",
            )
        )
        conn.execute(
            insert(schema.card_state).values(
                card=1,
                easiness=2.6,
                interval=1,
                repetitions=1,
                due_day="2023-01-02",
                lapses=0,
                reviews=1,
                last_review="2023-01-01T09:00:00.000+00:00",
                last_quality=5,
            )
        )
        conn.execute(
            insert(schema.reviews).values(
                card=1, ts="2023-01-01T09:00:00.000+00:00", day="2023-01-01", quality=5, kind="new", scheduled=1
            )
        )
    engine.dispose()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_a_v1_database_is_migrated_after_a_backup(tmp_path):
    path = tmp_path / "old.db"
    make_v1(path)
    assert "exam_attempts" not in tables(path)

    with open_store(path) as st:
        assert st.review_count() == 1 and st.state(1).easiness == 2.6
        with st.engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == str(
                migrations.SCHEMA_VERSION
            )
        assert check(st) == []
    assert "exam_attempts" in tables(path)

    (backup,) = tmp_path.glob("old.db.v1-*.bak")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
        assert conn.execute("SELECT deck_id, card_id FROM cards").fetchall() == [("old", "x")]
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    finally:
        conn.close()
    assert "exam_attempts" not in tables(backup)

    with open_store(path):  # at the current version: no second migration, no second backup
        pass
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_new_database_needs_no_backup(tmp_path):
    with open_store(tmp_path / "new.db") as st:
        assert st.review_count() == 0
    assert list(tmp_path.glob("*.bak")) == []
    assert set(schema.TABLE_NAMES) <= tables(tmp_path / "new.db")


def test_several_sessions_creating_the_same_new_file_at_once_all_succeed(tmp_path):
    # Two terminals started together on a first run: each connection switches the new file to
    # WAL, which SQLite refuses at once with "database is locked" while another one holds it.
    errors: list[BaseException] = []
    for n in range(40):
        path = tmp_path / f"race{n}.db"
        barrier = threading.Barrier(4)

        def open_it(path: Path = path, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                open_store(path).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert errors == []


# --------------------------------------------------------------------------- refusals


def assert_refused(path: Path, match: str) -> None:
    def others() -> list[str]:
        # SQLite's own -wal/-shm companions of a WAL file may appear when it is read; nothing else.
        return sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))

    before, siblings = path.read_bytes(), others()
    with pytest.raises(TutorError, match=match):
        open_store(path)
    assert path.read_bytes() == before
    assert others() == siblings  # no backup, no new file


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my shopping list: milk, eggs\n" * 50)
    assert_refused(path, "not an SQLite file")


def test_a_damaged_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert_refused(path, "is damaged")


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(migrations.SCHEMA_VERSION + 1),))
    conn.close()
    assert_refused(path, "newer kinesis-tutor")


def test_an_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)  # rollback journal, as most programs leave it
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    conn.close()
    assert_refused(path, "another program")


def test_editing_one_deck_reads_only_that_deck(store, deck_dir, monkeypatch):
    write(deck_dir / "more.yaml", deck_text({"x": "Front X"}, deck_id="more"))
    assert sync(store, [deck_dir]).added == 1
    from kinesis_tutor.decks import loader

    read = []
    real = loader.load_deck_file
    monkeypatch.setattr(loader, "load_deck_file", lambda path, *a: read.append(Path(path).name) or real(path, *a))
    write(deck_dir / "more.yaml", deck_text({"x": "Front X", "y": "Front Y"}, deck_id="more"))
    report = sync(store, [deck_dir])
    assert read == ["more.yaml"]  # mini.yaml did not change: it is not read again
    assert (report.added, report.removed) == (1, 0)
    assert len(store.items(decks=["mini"])) == len(CARDS)  # … and its cards are untouched


def test_a_deleted_deck_file_removes_its_cards_and_keeps_their_history(store, deck_dir):
    write(deck_dir / "more.yaml", deck_text({"x": "Front X"}, deck_id="more"))
    sync(store, [deck_dir])
    x = pk(store, "x", "more")
    store.record(x, 4, "new", scheduled=True, now=T0)
    (deck_dir / "more.yaml").unlink()
    report = sync(store, [deck_dir])
    assert report.removed == 1 and card_row(store, x).removed_at is not None and len(log(store, x)) == 1
    assert len(store.items(decks=["mini"])) == len(CARDS)


def test_an_edited_deck_may_not_take_the_id_of_an_unchanged_one(store, deck_dir):
    write(deck_dir / "more.yaml", deck_text({"x": "Front X"}, deck_id="more"))
    sync(store, [deck_dir])
    write(deck_dir / "more.yaml", deck_text({"x": "Front X"}, deck_id="mini"))
    report = sync(store, [deck_dir])
    assert any("deck id 'mini' is already used by" in p.message for p in report.problems)
    assert len(store.items(decks=["mini"])) == len(CARDS) and len(store.items(decks=["more"])) == 1


def test_a_changed_fact_reloads_the_cards_that_use_it(tmp_path, db_target):
    decks = tmp_path / "factdecks"
    decks.mkdir()
    write(decks / "facts-test.yaml", "format_version: 1\nfacts:\n  t.limit: 1 MB/s\n")
    write(
        decks / "f.yaml",
        "format_version: 1\nid: f\ntitle: F\ncards:\n  - id: n\n    kind: numeric\n"
        "    question: Limit?\n    answer: ${t.limit}\n    explanation: It is ${t.limit}.\n",
    )
    st = open_store(db_target)
    try:
        sync(st, [decks])
        write(decks / "facts-test.yaml", "format_version: 1\nfacts:\n  t.limit: 2 MB/s\n")
        report = sync(st, [decks])
        assert report.changed == 1
        (item,) = st.items(decks=["f"])
        assert (item.card.answer, item.card.explanation) == (("2 MB/s",), "It is 2 MB/s.")
    finally:
        st.close()


def test_new_cards_take_turns_between_decks(store, deck_dir):
    write(deck_dir / "more.yaml", deck_text({"x": "Front X", "y": "Front Y"}, deck_id="more"))
    sync(store, [deck_dir])
    order = [(i.card.deck, i.card.id) for i in store.new_items(limit=5)]
    assert order == [("mini", "a"), ("more", "x"), ("mini", "b"), ("more", "y"), ("mini", "c")]
    assert [i.card.id for i in store.new_items(decks=["mini"], limit=3)] == ["a", "b", "c"]  # a deck keeps its order


def test_tag_filters_match_any_tag_even_with_quotes(tmp_path, db_target):
    decks = tmp_path / "tagdecks"
    decks.mkdir()
    write(
        decks / "t.yaml",
        "format_version: 1\nid: t\ntitle: T\ncards:\n"
        + "".join(
            f"  - id: {i}\n    kind: basic\n    front: F{i}\n    back: B\n    explanation: E\n    tags: {tags}\n"
            for i, tags in (("a", "[limits]"), ("b", '["it\'s"]'), ("c", "[other]"))
        ),
    )
    st = open_store(db_target)
    try:
        sync(st, [decks])
        assert [i.card.id for i in st.items(tags=["limits", "it's"])] == ["a", "b"]
        assert [i.card.id for i in st.new_items(tags=["it's"])] == ["b"]
        assert st.items(tags=["nothing') OR 1=1 --"]) == []
    finally:
        st.close()


def test_the_frozen_migrations_build_the_schema_the_code_queries(tmp_path):
    """A database made by the literal DDL of every migration has exactly the tables and columns of
    today's table definitions (a column added to one needs a migration of its own)."""
    store = open_store(tmp_path / "fresh.db")
    try:
        with store.engine.connect() as conn:
            for table in schema.metadata.sorted_tables:
                columns = [r[1] for r in conn.execute(text(f"PRAGMA table_info({table.name})"))]
                assert columns == [c.name for c in table.columns], table.name
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    finally:
        store.close()
    assert tables == {t.name for t in schema.metadata.sorted_tables} == set(schema.TABLE_NAMES)


def test_migrations_do_not_use_the_table_definitions():
    source = Path(migrations.__file__).read_text(encoding="utf-8")
    assert ".create(" not in source and "import schema" not in source
