"""Progress export and import: the round trip, the refusals, and the CLI commands
``export``, ``import`` and ``config list`` / ``config set``."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from typer.testing import CliRunner

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.app.sync import sync
from kinesis_tutor.app.transfer import export_document, import_document
from kinesis_tutor.cli import app
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import open_store, schema, transfer
from kinesis_tutor.store.integrity import check

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def deck_text(deck_id: str, cards: list[str]) -> str:
    body = "".join(
        f"  - id: {cid}\n    kind: basic\n    front: Front of {cid}\n    back: Back of {cid}\n    explanation: "
        f"Why {cid}.\n"
        for cid in cards
    )
    return f"format_version: 1\nid: {deck_id}\ntitle: Deck {deck_id}\ncards:\n{body}"


@pytest.fixture
def deck_dir(tmp_path):
    d = tmp_path / "decks"
    d.mkdir()
    (d / "alpha.yaml").write_text(deck_text("alpha", ["a1", "a2", "a3", "a4"]), encoding="utf-8")
    (d / "beta.yaml").write_text(deck_text("beta", ["b1", "b2"]), encoding="utf-8")
    return d


def populate(path: Path, deck_dir: Path, also: tuple[Path, ...] = ()) -> None:
    """A database with a bit of everything: every review kind, sessions, an exam attempt,
    settings, a suspended card and a card removed from its deck after it was studied."""
    dirs = [*also, deck_dir]
    with open_store(path) as st:
        sync(st, dirs)
        pk = {
            f"{d}/{c}": st.card_pk(d, c)
            for d, c in [("alpha", "a1"), ("alpha", "a2"), ("alpha", "a3"), ("beta", "b1"), ("beta", "b2")]
        }
        study = st.start_session("study", {"decks": ["alpha"]}, now=T0)
        st.record(
            pk["alpha/a1"],
            5,
            "new",
            scheduled=True,
            session=study,
            duration_ms=2100,
            response="a shard",
            correct=True,
            now=T0,
        )
        st.record(
            pk["alpha/a2"],
            2,
            "new",
            scheduled=True,
            session=study,
            duration_ms=900,
            correct=False,
            now=T0 + timedelta(seconds=20),
        )
        st.record(pk["alpha/a2"], 4, "repeat", scheduled=False, session=study, now=T0 + timedelta(seconds=40))
        st.record(pk["alpha/a1"], 3, "review", scheduled=True, session=study, now=T0 + timedelta(days=1))
        st.end_session(study, now=T0 + timedelta(days=1, minutes=5))
        cram = st.start_session("cram", now=T0 + timedelta(days=2))
        st.record(pk["beta/b1"], 1, "cram", scheduled=False, session=cram, now=T0 + timedelta(days=2))
        st.record(
            pk["beta/b2"], 5, "cram", scheduled=True, session=cram, now=T0 + timedelta(days=2)
        )  # cram --reschedule
        exam = st.start_session("exam", now=T0 + timedelta(days=3))
        st.record(
            pk["alpha/a3"],
            0,
            "exam",
            scheduled=False,
            session=exam,
            response="kds",
            correct=False,
            now=T0 + timedelta(days=3),
        )
        st.record(pk["beta/b1"], 5, "pick", scheduled=False, now=T0 + timedelta(days=3))
        st.end_session(exam, now=T0 + timedelta(days=3, minutes=30))
        with st.engine.begin() as conn:
            conn.execute(
                insert(schema.exam_attempts).values(
                    profile=st.profile,
                    session=exam,
                    started_at="2024-05-04T12:00:00.000+00:00",
                    ended_at="2024-05-04T12:30:00.000+00:00",
                    questions=20,
                    correct=15,
                    score=790,
                    passed=1,
                    minutes=30.0,
                    detail=json.dumps({"flagged": [3]}),
                )
            )
        st.set_suspended(pk["alpha/a2"], True)
        st.set_setting("new_per_day", "12")
        st.set_setting("day_starts_at", "5")
    # beta/b2 leaves its deck: it is marked removed and keeps its history.
    (deck_dir / "beta.yaml").write_text(deck_text("beta", ["b1"]), encoding="utf-8")
    with open_store(path) as st:
        assert sync(st, dirs).removed == 1


@pytest.fixture
def source(db_target, deck_dir):
    """A populated database on each backend: an SQLite file, then PostgreSQL."""
    populate(db_target, deck_dir)
    return db_target


def export_of(path: Path) -> dict:
    with open_store(path) as st:
        return export_document(st)


def count(path: Path, table) -> int:
    with open_store(path) as st, st.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


IMPORTED = (schema.settings, schema.cards, schema.card_state, schema.sessions, schema.reviews, schema.exam_attempts)


def written(path: Path) -> dict[str, int]:
    """The rows ``path`` holds in the tables an import writes, by table (the empty ones left out)."""
    with open_store(path) as st, st.engine.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in IMPORTED}
    return {name: n for name, n in counts.items() if n}


# --------------------------------------------------------------------------- the document


def test_the_document_holds_every_state_and_the_whole_log(source):
    doc = export_of(source)
    assert (doc["format"], doc["version"]) == ("kinesis-tutor-export", 1)
    assert set(doc) == {"format", "version", "settings", "cards", "sessions", "reviews", "exam_attempts"}
    assert doc["settings"] == {"day_starts_at": 5, "new_per_day": 12}

    cards = {f"{c['deck_id']}/{c['card_id']}": c for c in doc["cards"]}
    assert set(cards) == {"alpha/a1", "alpha/a2", "alpha/a3", "alpha/a4", "beta/b1", "beta/b2"}
    a1 = cards["alpha/a1"]["state"]
    # 5 then 3: interval 1 then 6, easiness 2.5 + 0.1 - 0.14
    assert (a1["interval"], a1["repetitions"], a1["reviews"], a1["last_quality"]) == (6, 2, 2, 3)
    assert a1["easiness"] == pytest.approx(2.46)
    assert cards["alpha/a2"]["state"]["suspended"] is True and cards["alpha/a2"]["state"]["lapses"] == 1
    assert cards["alpha/a3"]["state"] is None and cards["alpha/a4"]["state"] is None  # never scheduled
    assert cards["beta/b2"]["removed_at"] is not None and cards["beta/b2"]["state"]["reviews"] == 1

    assert [r["kind"] for r in doc["reviews"]] == ["new", "new", "repeat", "review", "cram", "cram", "exam", "pick"]
    first = doc["reviews"][0]
    assert (first["deck_id"], first["card_id"], first["quality"], first["scheduled"], first["correct"]) == (
        "alpha",
        "a1",
        5,
        True,
        True,
    )
    assert "card" not in first and first["response"] == "a shard" and first["duration_ms"] == 2100
    assert first["ts"] == "2024-05-01T12:00:00.000+00:00"
    assert [s["kind"] for s in doc["sessions"]] == ["study", "cram", "exam"]
    assert doc["exam_attempts"][0]["score"] == 790 and doc["exam_attempts"][0]["passed"] is True

    json.dumps(doc)  # JSON-ready as it is
    assert export_of(source) == doc  # no export time: the same database gives the same document


def test_export_import_export_gives_the_same_document(source, tmp_path):
    first = export_of(source)
    target = tmp_path / "target.db"
    with open_store(target) as st:
        counts = import_document(st, copy.deepcopy(first))
        assert check(st) == []
    assert (counts["reviews"], counts["states"], counts["cards"]) == (8, 3, 6)
    second = export_of(target)
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)


def test_import_matches_cards_already_synced_and_keeps_their_content(source, tmp_path, deck_dir):
    doc = export_of(source)
    target = tmp_path / "target.db"
    with open_store(target) as st:
        sync(st, [deck_dir])  # a.k.a. the learner ran the tool once on the new machine
        a1 = st.card_pk("alpha", "a1")
        import_document(st, doc)
        assert st.card_pk("alpha", "a1") == a1 and st.item(a1).card.prompt == "Front of a1"
        assert st.state(a1).interval == 6
        with st.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.cards)).scalar() == 6  # no duplicates
        assert check(st) == []


def test_imported_cards_get_their_content_at_the_next_sync(source, tmp_path, deck_dir):
    doc = export_of(source)
    target = tmp_path / "target.db"
    with open_store(target) as st:
        import_document(st, doc)
        a1 = st.card_pk("alpha", "a1")
        assert st.items() == []  # no content yet: nothing can be shown
        report = sync(st, [deck_dir])
        assert report.added == 0
        assert st.item(a1).card.prompt == "Front of a1" and st.state(a1).interval == 6
        assert {i.card.key for i in st.items()} == {"alpha/a1", "alpha/a2", "alpha/a3", "alpha/a4", "beta/b1"}
        removed = st.card_pk("beta", "b2")
    assert count(target, schema.reviews) == 8 and removed is not None


# --------------------------------------------------------------------------- refusals


def test_import_into_a_database_with_progress_is_refused(source, tmp_path, deck_dir):
    doc = export_of(source)
    before = export_of(source)
    with open_store(source) as st, pytest.raises(TutorError, match="already holds progress"):
        import_document(st, doc)
    assert export_of(source) == before


def doc_with(change):
    def apply(doc):
        change(doc)
        return doc

    return apply


BAD_DOCUMENTS = {
    "not an object": lambda doc: [doc],
    "another format": doc_with(lambda d: d.update(format="anki-export")),
    "a newer version": doc_with(lambda d: d.update(version=2)),
    "no reviews key": doc_with(lambda d: d.pop("reviews")),
    "an unknown key": doc_with(lambda d: d.update(comments=[])),
    "a review of an unknown card": doc_with(lambda d: d["reviews"][0].update(card_id="nope")),
    "a quality out of range": doc_with(lambda d: d["reviews"][0].update(quality=9)),
    "an unknown review kind": doc_with(lambda d: d["reviews"][0].update(kind="quiz")),
    "a string interval": doc_with(lambda d: next(c for c in d["cards"] if c["state"])["state"].update(interval="6")),
    "a card without deck": doc_with(lambda d: d["cards"][0].pop("deck_id")),
    "a card twice": doc_with(lambda d: d["cards"].append(copy.deepcopy(d["cards"][0]))),
    "an unknown session": doc_with(lambda d: d["reviews"][0].update(session=99)),
    "a bad setting": doc_with(lambda d: d["settings"].update(day_starts_at=30)),
    "an unknown setting": doc_with(lambda d: d["settings"].update(colour=1)),
    "reviews not a list": doc_with(lambda d: d.update(reviews={})),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_a_malformed_document_is_refused_and_nothing_is_written(source, tmp_path, name):
    doc = BAD_DOCUMENTS[name](export_of(source))
    target = tmp_path / "target.db"
    with open_store(target) as st, pytest.raises(TutorError, match="not a valid kinesis-tutor export"):
        import_document(st, doc)
    assert written(target) == {}


def test_a_failure_midway_leaves_nothing_half_imported(source, tmp_path, monkeypatch):
    doc = export_of(source)

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transfer, "_shift", boom)  # fails after the cards and states are written
    target = tmp_path / "target.db"
    with open_store(target) as st, pytest.raises(RuntimeError):
        import_document(st, doc)
    assert written(target) == {}


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("KINESIS_TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def run(db: Path, *args: str):
        options = []
        while args and args[0].startswith("--"):  # top-level options go before the command
            options += list(args[:2])
            args = args[2:]
        return runner.invoke(app, ["--db", str(db), *options, *args])

    return run


def test_cli_export_prints_the_document(cli, source):
    result = cli(source, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == export_of(source)


def test_cli_export_to_a_file_then_import_elsewhere(cli, tmp_path, deck_dir):
    # The learner's own deck folder goes along (--deck-dir); the bundled decks are everywhere.
    source = tmp_path / "source.db"
    populate(source, deck_dir, also=(content_dir(),))
    out = tmp_path / "progress.json"
    result = cli(source, "--deck-dir", str(deck_dir), "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "8 reviews" in result.stderr
    target = tmp_path / "elsewhere" / "new.db"
    result = cli(target, "--deck-dir", str(deck_dir), "import", str(out))
    assert result.exit_code == 0, result.output
    assert "8 reviews" in result.stdout and "in no deck here" not in result.stdout
    with open_store(target) as st:  # synced at import: the cards have their content already
        assert st.item(st.card_pk("alpha", "a1")).card.prompt == "Front of a1"
    again = tmp_path / "again.json"
    assert cli(target, "--deck-dir", str(deck_dir), "export", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # the same document, byte for byte


def test_cli_import_without_the_learners_decks_keeps_their_history(cli, source, tmp_path):
    out = tmp_path / "progress.json"
    out.write_text(json.dumps(export_of(source)), encoding="utf-8")
    target = tmp_path / "new.db"
    result = cli(target, "import", str(out))
    assert result.exit_code == 0, result.output
    assert "5 card(s) are in no deck here" in result.stdout  # a1..a4, b1 (b2 was removed already)
    with open_store(target) as st:
        assert st.review_count() == 8 and check(st) == []
        assert st.state(st.card_pk("alpha", "a1")).interval == 6


def test_cli_export_refuses_an_unknown_format(cli, source):
    result = cli(source, "export", "--format", "csv")
    assert result.exit_code == 2
    assert "unknown export format 'csv'" in result.stderr and "json" in result.stderr


def test_cli_export_without_a_database_says_so(cli, tmp_path):
    missing = tmp_path / "nothing.db"
    result = cli(missing, "export")
    assert result.exit_code == 1 and "no progress database" in result.stderr
    assert not missing.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"format": "kinesis-tutor-export", ', "not valid JSON"),
        ("[1, 2, 3]", "not a valid kinesis-tutor export"),
        ("\udcff", None),
    ],
)
def test_cli_import_of_a_bad_file_is_one_clear_line(cli, tmp_path, content, message):
    bad = tmp_path / "bad.json"
    if message is None:
        bad.write_bytes(b"\xff\xfe\x00garbage")
        message = "not a kinesis-tutor export"
    else:
        bad.write_text(content, encoding="utf-8")
    target = tmp_path / "target.db"
    result = cli(target, "import", str(bad))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert not target.exists()  # a bad file never creates or touches the database


def test_cli_import_into_a_used_database_is_refused(cli, source, tmp_path):
    out = tmp_path / "progress.json"
    out.write_text(json.dumps(export_of(source)), encoding="utf-8")
    result = cli(source, "import", str(out))
    assert result.exit_code == 1 and "already holds progress" in result.stderr
    assert count(source, schema.reviews) == 8


def test_cli_config_list_and_set(cli, tmp_path):
    db = tmp_path / "p.db"
    result = cli(db, "config", "list")
    assert result.exit_code == 0, result.output
    for name in ("new_per_day", "max_reviews_per_day", "day_starts_at"):
        assert name in result.stdout
    assert "new cards introduced per study day" in result.stdout

    result = cli(db, "config", "set", "new_per_day", "30")
    assert result.exit_code == 0 and "new_per_day = 30" in result.stdout
    listed = cli(db, "config", "list").stdout
    row = next(line for line in listed.splitlines() if "new_per_day" in line)
    assert "30" in row and "20" in row  # the value, and the default beside it
    with open_store(db) as st:
        assert st.settings()["new_per_day"] == 30


def test_cli_config_set_refuses_bad_keys_and_values(cli, tmp_path):
    db = tmp_path / "p.db"
    result = cli(db, "config", "set", "new_per_dya", "5")
    assert result.exit_code == 2
    assert "unknown setting 'new_per_dya'" in result.stderr and "did you mean 'new_per_day'" in result.stderr
    result = cli(db, "config", "set", "day_starts_at", "25")
    assert result.exit_code == 2 and "between 0 and 23" in result.stderr
    result = cli(db, "config", "set", "new_per_day", "lots")
    assert result.exit_code == 2 and "whole number" in result.stderr
    assert not db.exists()  # refused before the database was touched


def test_the_json_schema_in_the_docs_is_the_models():
    from kinesis_tutor.app.export_model import export_json_schema

    text = (Path(__file__).resolve().parent.parent / "docs" / "export-format.md").read_text(encoding="utf-8")
    block = text.split("## JSON Schema", 1)[1].split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(block) == export_json_schema()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["reviews"][0].update(quality=9), "reviews[0].quality must be from 0 to 5, not 9"),
        (lambda d: d["cards"][0].pop("deck_id"), "cards[0] lacks 'deck_id'"),
        (lambda d: d["cards"][0].pop("state"), "cards[0] lacks 'state' (null for a card never reviewed)"),
        (lambda d: d.pop("reviews"), "the key 'reviews' is missing"),
        (lambda d: d.update(comments=[]), "unknown key 'comments'"),
        (lambda d: d["sessions"][0].update(note=1), "sessions[0] has an unknown key 'note'"),
        (lambda d: d.update(reviews={}), "'reviews' must be a list"),
        (lambda d: d["reviews"][1].update(ts=None), "reviews[1].ts must not be null"),
        (lambda d: d["reviews"][0].update(scheduled=1), "reviews[0].scheduled must be true or false, not 1"),
        (lambda d: d["reviews"][0].update(kind="quiz"), "reviews[0].kind must be one of new, review, repeat, cram"),
        (lambda d: d["reviews"][0].update(card_id="nope"), "reviews[0]: the card alpha/nope is not in 'cards'"),
        (lambda d: d["settings"].update(colour=1), "unknown setting 'colour'"),
        (lambda d: d.update(version=2), "it is format version 2, written by a newer kinesis-tutor"),
    ],
)
def test_a_malformed_document_is_named_by_its_json_path(source, change, message):
    from kinesis_tutor.app.transfer import import_document as check_and_import

    doc = export_of(source)
    change(doc)
    with pytest.raises(TutorError) as info:
        check_and_import(None, doc)  # refused before the store is used
    assert message in str(info.value)
