"""``db check`` and ``db rebuild``: every card's state against a replay of its review log."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from kinesis_tutor.app.sync import sync
from kinesis_tutor.cli import app
from kinesis_tutor.store import open_store, schema
from kinesis_tutor.store.integrity import check, rebuild

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
CARDS = ["a", "b", "c", "d"]


@pytest.fixture
def deck_dir(tmp_path):
    d = tmp_path / "decks"
    d.mkdir()
    body = "".join(
        f"  - id: {c}\n    kind: basic\n    front: Front {c}\n    back: Back {c}\n    explanation: Why {c}.\n"
        for c in CARDS
    )
    (d / "mini.yaml").write_text(f"format_version: 1\nid: mini\ntitle: Mini\ncards:\n{body}", encoding="utf-8")
    return d


@pytest.fixture
def db_path(db_target, deck_dir):
    """A database (an SQLite file, then a PostgreSQL URL: ``db_target``) where a and b have a real
    history (with a lapse, repeats and a cram), c was only crammed (no schedule) and d was never seen."""
    path = db_target
    with open_store(path) as st:
        sync(st, [deck_dir])
        a, b, c = (st.card_pk("mini", x) for x in "abc")
        for i, q in enumerate([5, 4, 4, 1, 3, 5]):
            st.record(a, q, "new" if i == 0 else "review", scheduled=True, now=T0 + timedelta(days=3 * i))
            if q < 4:
                st.record(a, 4, "repeat", scheduled=False, now=T0 + timedelta(days=3 * i, minutes=2))
        st.record(b, 3, "new", scheduled=True, now=T0)
        st.record(b, 0, "cram", scheduled=True, now=T0 + timedelta(days=1))  # cram --reschedule counts
        st.record(c, 2, "cram", scheduled=False, now=T0)
    return path


@pytest.fixture
def store(db_path):
    with open_store(db_path) as st:
        yield st


def pk(store, card: str) -> int:
    return store.card_pk("mini", card)


def tamper(store, card: str, **values) -> None:
    card_pk = pk(store, card)  # (outside the write transaction below: a second connection would wait on it)
    with store.engine.begin() as conn:
        conn.execute(update(schema.card_state).where(schema.card_state.c.card == card_pk).values(**values))


def test_a_sound_database_has_no_problems(store):
    assert check(store) == []
    assert rebuild(store) == 0


def test_a_tampered_interval_is_found_and_rebuild_fixes_it(store):
    good = store.state(pk(store, "a"))
    tamper(store, "a", interval=99)
    problems = check(store)
    assert problems == [f"mini/a: interval is 99, the log gives {good.interval}"]
    assert rebuild(store) == 1
    assert store.state(pk(store, "a")) == good
    assert check(store) == []


@pytest.mark.parametrize(
    "column, value, words",
    [
        ("easiness", 2.9, "easiness is 2.9"),
        ("repetitions", 7, "repetitions is 7"),
        ("due_day", "2030-01-01", "due_day is '2030-01-01'"),
        ("reviews", 1, "reviews count is 1, the log gives 6"),
        ("last_quality", 0, "last_quality is 0"),
        ("last_review", "2020-01-01T00:00:00.000+00:00", "last_review is"),
    ],
)
def test_every_state_column_is_checked(store, column, value, words):
    good = store.state(pk(store, "a"))
    tamper(store, "a", **{column: value})
    (problem,) = check(store)
    assert problem.startswith("mini/a: ") and words in problem
    assert rebuild(store) == 1 and store.state(pk(store, "a")) == good


def test_easiness_is_compared_with_a_tiny_tolerance(store):
    state = store.state(pk(store, "a"))
    tamper(store, "a", easiness=state.easiness + 1e-12)
    assert check(store) == []
    tamper(store, "a", easiness=state.easiness + 1e-6)
    assert len(check(store)) == 1


def test_the_replay_follows_sm2_and_the_study_day(store):
    a, b = store.state(pk(store, "a")), store.state(pk(store, "b"))
    # a: 5, 4, 4, 1, 3, 5 -> intervals 1, 6, ceil(6*2.6)=16, lapse 1, 1, 6; repeats do not count.
    assert (a.interval, a.repetitions, a.reviews, a.lapses) == (6, 2, 6, 1)
    assert a.easiness == pytest.approx(2.5 + 0.1 + 0 + 0 - 0.54 - 0.14 + 0.1)
    # b: new 3 then cram 0 (rescheduled): a lapse.
    assert (b.interval, b.repetitions, b.reviews, b.lapses) == (1, 0, 2, 1)
    assert check(store) == []


def test_a_state_without_scheduled_reviews_is_a_problem(store):
    d = pk(store, "d")
    with store.engine.begin() as conn:
        conn.execute(
            insert(schema.card_state).values(
                card=d, profile=store.profile, easiness=2.5, interval=4, repetitions=1, due_day="2024-05-05"
            )
        )
    assert check(store) == ["mini/d: has a state but no scheduled review in the log"]
    assert rebuild(store) == 1
    assert store.state(d) is None and check(store) == []
    assert d in [i.pk for i in store.new_items()]  # a new card again


def test_scheduled_reviews_without_a_state_are_a_problem(store):
    b = pk(store, "b")
    good = store.state(b)
    with store.engine.begin() as conn:
        conn.execute(delete(schema.card_state).where(schema.card_state.c.card == b))
    assert check(store) == ["mini/b: has 2 scheduled review(s) in the log but no state"]
    assert rebuild(store) == 1
    assert store.state(pk(store, "b")) == good


def test_lapses_are_not_checked_but_rebuilt_and_suspension_is_kept(store):
    a = pk(store, "a")
    store.set_suspended(a, True, reset=True)  # what `leeches` does: lapses back to 0
    assert store.state(a).lapses == 0
    assert check(store) == []
    tamper(store, "a", interval=42)
    assert rebuild(store) == 1
    state = store.state(a)
    assert state.suspended and state.lapses == 1 and state.interval == 6


def test_a_review_pointing_at_no_card_is_found(store, db_path):
    if store.on_server:  # PostgreSQL refuses such a row itself: its log never points at no card
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO reviews (card, ts, day, quality, kind, scheduled, profile) VALUES (999, "
                    "'2024-05-01T12:00:00.000+00:00', '2024-05-01', 4, 'review', 0, :p)"
                ),
                {"p": store.profile},
            )
        assert check(store) == []
        return
    raw = sqlite3.connect(db_path)  # foreign keys are off in a plain connection
    with raw:
        raw.execute(
            "INSERT INTO reviews (card, ts, day, quality, kind, scheduled) VALUES (999, "
            "'2024-05-01T12:00:00.000+00:00', '2024-05-01', 4, 'review', 0)"
        )
    raw.close()
    problems = check(store)
    assert any("'reviews'" in p and "'cards'" in p for p in problems)


def test_a_missing_table_is_found(store):
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE exam_attempts"))
    assert check(store) == ["schema: the table 'exam_attempts' is missing"]


def test_a_log_that_cannot_be_replayed_is_reported(store):
    b = pk(store, "b")
    with store.engine.begin() as conn:
        conn.execute(update(schema.reviews).where(schema.reviews.c.card == b).values(quality=9))
        (first,) = conn.execute(select(func.min(schema.reviews.c.id)).where(schema.reviews.c.card == b)).one()
    (problem,) = check(store)
    assert problem.startswith(f"mini/b: the log cannot be replayed: review {first}: ") and "quality" in problem


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("KINESIS_TUTOR_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    return lambda db, *args: runner.invoke(app, ["--db", str(db), *args])


def test_cli_db_check_ok(cli, db_path):
    result = cli(db_path, "db", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: ") and "2 card states" in result.stdout


def test_cli_db_check_lists_problems_then_rebuild_fixes_them(cli, db_path):
    with open_store(db_path) as st:
        tamper(st, "a", interval=99)
        tamper(st, "b", repetitions=5)
    result = cli(db_path, "db", "check")
    assert result.exit_code == 1
    assert "mini/a: interval is 99, the log gives 6" in result.stdout
    assert "mini/b: repetitions is 5, the log gives 0" in result.stdout
    assert "2 problem(s) found" in result.stderr and "db rebuild" in result.stderr

    result = cli(db_path, "db", "rebuild")
    assert result.exit_code == 0, result.output
    assert "2 card(s) changed" in result.stdout
    assert cli(db_path, "db", "check").exit_code == 0
    assert "0 card(s) changed" in cli(db_path, "db", "rebuild").stdout


def test_cli_db_check_without_a_database_creates_none(cli, tmp_path):
    missing = tmp_path / "none.db"
    for command in (["db", "check"], ["db", "rebuild"]):
        result = cli(missing, *command)
        assert result.exit_code == 1 and "no progress database" in result.stderr
    assert not missing.exists()


def test_cli_db_check_refuses_a_file_that_is_not_a_database(cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 10)
    result = cli(notes, "db", "check")
    assert result.exit_code == 1 and "not an SQLite file" in result.stderr
    assert notes.read_text() == "hello\n" * 10
