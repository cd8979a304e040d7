"""Hostile export documents: each is refused in one line naming its JSON path, before anything is
written: no database file is created, and an existing one keeps its bytes."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest
from conftest import run_exe as run
from test_transfer import export_of, populate


def first_state(doc: dict) -> dict:
    return next(c for c in doc["cards"] if c["state"])["state"]


def scheduled_review(doc: dict) -> dict:
    return next(r for r in doc["reviews"] if r["scheduled"])


def edit(change):
    def apply(doc: dict) -> str:
        change(doc)
        return json.dumps(doc)

    return apply


# name -> (the document text made from a good export, what the refusal names)
HOSTILE = {
    "NaN easiness": (
        lambda d: json.dumps(d).replace('"easiness": 2.46', '"easiness": NaN', 1),
        "NaN",
    ),
    "infinite easiness": (edit(lambda d: first_state(d).update(easiness=math.inf)), "Infinity"),
    "an interval past 64 bits": (edit(lambda d: first_state(d).update(interval=2**70)), ".state.interval"),
    "a negative interval": (edit(lambda d: first_state(d).update(interval=-3)), ".state.interval"),
    "easiness below 1.3": (edit(lambda d: first_state(d).update(easiness=1.0)), ".state.easiness"),
    "a day that is no day": (edit(lambda d: first_state(d).update(due_day="2024-13-01")), ".state.due_day"),
    "a time that is no time": (edit(lambda d: scheduled_review(d).update(ts="yesterday")), "reviews[0].ts"),
    "a negative review id": (edit(lambda d: d["reviews"][0].update(id=-1)), "reviews[0].id"),
    "an exam detail that is not JSON": (
        edit(lambda d: d["exam_attempts"][0].update(detail="not json{")),
        "exam_attempts[0].detail",
    ),
    "more right answers than questions": (
        edit(lambda d: d["exam_attempts"][0].update(correct=21)),
        "exam_attempts[0]",
    ),
    "a review id twice": (edit(lambda d: d["reviews"][1].update(id=d["reviews"][0]["id"])), "reviews[1]"),
    "a state its log does not give": (edit(lambda d: first_state(d).update(interval=7)), ".state: interval is 7"),
    "a state with no log": (
        edit(lambda d: d.update(reviews=[r for r in d["reviews"] if not r["scheduled"]])),
        ".state",
    ),
    "deep nesting": (lambda d: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.fixture(scope="module")
def good_doc(tmp_path_factory) -> dict:
    from test_transfer import deck_text

    folder = tmp_path_factory.mktemp("source")
    decks = folder / "decks"
    decks.mkdir()
    (decks / "alpha.yaml").write_text(deck_text("alpha", ["a1", "a2", "a3", "a4"]), encoding="utf-8")
    (decks / "beta.yaml").write_text(deck_text("beta", ["b1", "b2"]), encoding="utf-8")
    populate(folder / "source.db", decks)
    return export_of(folder / "source.db")


def run_import(db: Path, file: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return run(home, "--db", str(db), "import", str(file))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_document_is_refused_in_one_line_and_creates_no_file(good_doc, tmp_path, name):
    make, named = HOSTILE[name]
    file = tmp_path / "hostile.json"
    file.write_text(make(json.loads(json.dumps(good_doc))), encoding="utf-8")
    db = tmp_path / "new.db"

    result = run_import(db, file, tmp_path / "home")

    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert named in lines[0] and "nothing was imported" in lines[0]
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.json"]  # nothing left behind


def test_a_refused_import_leaves_an_existing_database_byte_identical(good_doc, tmp_path):
    db = tmp_path / "progress.db"
    bad = tmp_path / "bad.json"
    bad.write_text(HOSTILE["a state its log does not give"][0](json.loads(json.dumps(good_doc))), encoding="utf-8")
    empty = {**good_doc, "cards": [], "reviews": [], "sessions": [], "exam_attempts": [], "settings": {}}
    (tmp_path / "empty.json").write_text(json.dumps(empty), encoding="utf-8")
    assert run_import(db, tmp_path / "empty.json", tmp_path / "home").returncode == 0
    before = db.read_bytes()

    result = run_import(db, bad, tmp_path / "home")

    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before


def test_after_an_accepted_import_db_check_is_clean(good_doc, tmp_path):
    file = tmp_path / "good.json"
    file.write_text(json.dumps(good_doc), encoding="utf-8")
    db = tmp_path / "new.db"
    assert run_import(db, file, tmp_path / "home").returncode == 0
    check = run(tmp_path / "home", "--db", str(db), "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
