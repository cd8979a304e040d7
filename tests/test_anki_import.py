"""``import --from-anki``: cards studied in Anki (the real ``anki`` package: its collection, its
scheduler, its exporter) come back as reviews here, with SM-2 replayed from the grades."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import anki.collection as anki_collection
import pytest
from ankipkg import exported_into_anki
from sqlalchemy import select
from typer.testing import CliRunner

from kinesis_tutor.app.anki_notes import note_guid
from kinesis_tutor.cli import app
from kinesis_tutor.core import studyday
from kinesis_tutor.core.review import apply_review
from kinesis_tutor.store import open_store
from kinesis_tutor.store import schema as s

DECK = """\
format_version: 1
id: phone-test
title: Phone test deck
cards:
  - id: basic-1
    kind: basic
    front: How much data per second can producers write into one shard?
    back: 1 MB/s
    explanation: Or 1,000 records/s.
  - id: cloze-1
    kind: cloze
    text: "A stream keeps data for {{c1::24 hours}} by default and {{c2::365 days}} at most."
    explanation: Retention is set per stream.
  - id: mcq-1
    kind: mcq
    question: Which service delivers streaming data to S3 with no code?
    choices: [Amazon Data Firehose, Kinesis Data Streams, Amazon SQS]
    answer: Amazon Data Firehose
    explanation: Firehose buffers and delivers.
"""
GRADES = {1: 1, 2: 3, 3: 4, 4: 5}  # Again, Hard, Good, Easy → SM-2
# the buttons pressed, in turn, on whatever card Anki's scheduler shows next
PRESSES = [3, 1, 3, 2, 3, 3, 1, 3, 3, 4]


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def setup(tmp_path: Path):
    """Our deck exported as a package; an Anki collection that imported it; the database path."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "phone-test.yaml").write_text(DECK, encoding="utf-8")
    col, package = exported_into_anki(tmp_path, decks, "phone-test")
    yield col, decks, tmp_path / "progress.db", package
    if col.db is not None:
        col.close()


def study_in_anki(col, presses: list[int]) -> None:
    """Answer cards through Anki's own scheduler, as a learner on a phone does."""
    col.decks.select(col.decks.id("Kinesis::phone-test"))
    for ease in presses:
        card = col.sched.getCard()
        assert card is not None
        col.sched.answerCard(card, ease)


def add_foreign_note(col) -> None:
    """A note of the learner's own, not from kinesis-tutor, studied once."""
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "Capital of France?", "Paris"
    deck = col.decks.id("Geography")
    col.add_note(note, deck)
    col.decks.select(deck)
    col.sched.answerCard(col.sched.getCard(), 3)


def anki_log(col) -> list[tuple[str, int, int, int, int]]:
    """(note GUID, card ordinal, moment in ms, button, milliseconds taken) of every answer."""
    return [
        tuple(r)
        for r in col.db.all(
            "SELECT n.guid, c.ord, r.id, r.ease, r.time FROM revlog r JOIN cards c ON c.id = r.cid "
            "JOIN notes n ON n.id = c.nid ORDER BY r.id"
        )
    ]


OURS = {
    (note_guid("phone-test", "basic-1"), 0): "basic-1",
    (note_guid("phone-test", "cloze-1"), 0): "cloze-1.c1",
    (note_guid("phone-test", "cloze-1"), 1): "cloze-1.c2",
    (note_guid("phone-test", "mcq-1"), 0): "mcq-1",
}


def our_log(db: Path) -> list[tuple[str, str, int, str, int, int]]:
    """(card id, kind, quality, timestamp, scheduled, duration) of every review in the database."""
    with open_store(db) as st, st.reader.connect() as conn:
        q = (
            select(s.cards.c.card_id, s.reviews.c.kind, s.reviews.c.quality, s.reviews.c.ts)
            .add_columns(s.reviews.c.scheduled, s.reviews.c.duration_ms)
            .select_from(s.reviews.join(s.cards, s.cards.c.id == s.reviews.c.card))
            .order_by(s.reviews.c.id)
        )
        return [tuple(r) for r in conn.execute(q)]


def states(db: Path) -> dict[str, tuple]:
    with open_store(db) as st:
        out = {}
        for card_id in OURS.values():
            state = st.state(st.card_pk("phone-test", card_id))
            if state is not None:
                out[card_id] = (state.easiness, state.interval, state.repetitions, state.due_day, state.reviews)
        return out


def first_of_day(log: list[tuple[str, int, int, int, int]]) -> list[int]:
    """1 for the answers that reschedule (a card's first on its study day), 0 for the others."""
    seen: set[tuple[str, date]] = set()
    flags = []
    for guid, ord_, ms, _, _ in log:
        key = (OURS[(guid, ord_)], studyday.study_day(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)))
        flags.append(int(key not in seen))
        seen.add(key)
    return flags


def expected_states(log: list[tuple[str, int, int, int, int]]) -> dict[str, tuple]:
    """SM-2 from Anki's grades: the first answer to a card on a study day reschedules it."""
    out, seen_days = {}, set()
    for guid, ord_, ms, ease, _ in log:
        card_id = OURS[(guid, ord_)]
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
        day = studyday.study_day(moment)
        if (card_id, day) in seen_days:
            continue
        seen_days.add((card_id, day))
        at = moment.isoformat(timespec="milliseconds")
        out[card_id] = apply_review(out.get(card_id), GRADES[ease], day, at)
    return {k: (v.easiness, v.interval, v.repetitions, v.due_day, v.reviews) for k, v in out.items()}


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_reviews_made_in_anki_come_back_once(setup, tmp_path):
    col, decks, db, _ = setup
    study_in_anki(col, PRESSES)
    add_foreign_note(col)
    log = [row for row in anki_log(col) if (row[0], row[1]) in OURS]
    assert len(log) == len(PRESSES)
    export = tmp_path / "collection.colpkg"
    col.export_collection_package(str(export), include_media=False, legacy=True)

    result = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(export))
    assert result.exit_code == 0, result.output
    cards = len({(g, o) for g, o, *_ in log})
    assert f"imported {len(PRESSES)} Anki review(s) of {cards} card(s)" in result.output
    assert "1 review(s) of 1 note(s) that are not from kinesis-tutor, skipped:" in result.output
    assert "Capital of France?: 1 review(s)" in result.output

    reviews = our_log(db)
    assert [(r[0], r[1], r[2], r[5]) for r in reviews] == [
        (OURS[(g, o)], "anki", GRADES[ease], taken) for g, o, _, ease, taken in log
    ]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert [(datetime.fromisoformat(r[3]) - epoch) // timedelta(milliseconds=1) for r in reviews] == [
        ms for _, _, ms, _, _ in log
    ]  # the moment of each answer, to the millisecond
    flags = first_of_day(log)
    assert [r[4] for r in reviews] == flags and 0 in flags  # Anki's learning steps: logged, not rescheduled
    assert f"({sum(flags)} rescheduled with SM-2)" in result.output
    assert states(db) == expected_states(log)
    assert cli("--db", str(db), "--deck-dir", str(decks), "db", "check").exit_code == 0

    again = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(export))
    assert again.exit_code == 0, again.output
    assert "imported 0 Anki review(s)" in again.output
    assert f"{len(PRESSES)} review(s) were imported before: skipped" in again.output
    assert our_log(db) == reviews and states(db) == expected_states(log)


def test_a_deck_package_with_scheduling_and_later_study_add_only_the_new_answers(setup, tmp_path):
    col, decks, db, _ = setup
    study_in_anki(col, PRESSES[:5])
    first = tmp_path / "first.apkg"
    options = anki_collection.ExportAnkiPackageOptions(with_scheduling=True, with_media=False, legacy=True)
    col.export_anki_package(out_path=str(first), options=options, limit=None)
    assert cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(first)).exit_code == 0
    assert len(our_log(db)) == 5

    study_in_anki(col, PRESSES[5:])
    later = tmp_path / "later.colpkg"
    log = [row for row in anki_log(col) if (row[0], row[1]) in OURS]
    col.export_collection_package(str(later), include_media=False, legacy=True)
    result = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(later))
    assert result.exit_code == 0, result.output
    assert f"imported {len(PRESSES) - 5} Anki review(s)" in result.output
    assert "5 review(s) were imported before: skipped" in result.output
    assert len(our_log(db)) == len(PRESSES)
    assert states(db) == expected_states(log)


def test_reviews_here_and_in_anki_share_one_log(setup, tmp_path):
    """A card answered here first: Anki's answers are appended and SM-2 goes on from its state."""
    col, decks, db, _ = setup
    with open_store(db) as st:
        from kinesis_tutor.app.sync import sync

        sync(st, [decks])
        pk = st.card_pk("phone-test", "mcq-1")
        st.record(pk, 5, "new", scheduled=True, now=datetime(2024, 1, 2, 12, tzinfo=UTC))
    study_in_anki(col, PRESSES[:4])
    export = tmp_path / "collection.colpkg"
    col.export_collection_package(str(export), include_media=False, legacy=True)
    assert cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(export)).exit_code == 0
    reviews = our_log(db)
    assert reviews[0][:3] == ("mcq-1", "new", 5) and len(reviews) == 5
    assert cli("--db", str(db), "--deck-dir", str(decks), "db", "check").exit_code == 0
    mcq = [r for r in reviews if r[0] == "mcq-1"]
    with open_store(db) as st:
        assert st.state(st.card_pk("phone-test", "mcq-1")).reviews == sum(r[4] for r in mcq)
    assert date.fromisoformat(states(db)["mcq-1"][3]) >= date(2024, 1, 2)


def test_answers_to_cards_no_longer_in_the_decks_here_are_listed_apart(setup, tmp_path):
    col, decks, db, _ = setup
    study_in_anki(col, PRESSES)
    mcq_answers = sum(1 for g, *_ in anki_log(col) if g == note_guid("phone-test", "mcq-1"))
    assert mcq_answers
    export = tmp_path / "collection.colpkg"
    col.export_collection_package(str(export), include_media=False, legacy=True)
    deck = decks / "phone-test.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").split("  - id: mcq-1")[0], encoding="utf-8")

    result = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(export))
    assert result.exit_code == 0, result.output
    assert f"imported {len(PRESSES) - mcq_answers} Anki review(s)" in result.output
    assert (
        f"{mcq_answers} review(s) of 1 kinesis-tutor note(s) whose cards are in no deck here, skipped:\n"
        f"  Which service delivers streaming data to S3 with no code?: {mcq_answers} review(s)"
    ) in result.output
    assert "not from kinesis-tutor" not in result.output


# ---------------------------------------------------------------------------------- refusals


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def refusal_files(setup, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    col, _, _, package = setup
    study_in_anki(col, PRESSES[:3])
    newer = tmp_path / "newer.colpkg"
    newer_apkg = tmp_path / "newer.apkg"
    options = anki_collection.ExportAnkiPackageOptions(with_scheduling=True, with_media=False, legacy=False)
    col.export_anki_package(out_path=str(newer_apkg), options=options, limit=None)
    col.export_collection_package(str(newer), include_media=False, legacy=False)
    text = tmp_path / "notes.txt"
    text.write_text("not a package", encoding="utf-8")
    return {
        "newer colpkg": (newer, "Support older Anki versions"),
        "newer apkg": (newer_apkg, "Support older Anki versions"),
        "no scheduling": (package, "Include scheduling information"),
        "not a zip": (text, "not an Anki package"),
        "no collection": (zip_with(tmp_path / "empty.apkg", {"media": b"{}"}), "holds no collection"),
        "garbage collection": (
            zip_with(tmp_path / "bad.colpkg", {"collection.anki21": b"\x28\xb5\x2f\xfd" + b"x" * 64}),
            "Support older Anki versions",
        ),
        "not a collection": (
            zip_with(tmp_path / "other.apkg", {"collection.anki2": Path(text).read_bytes()}),
            "Support older Anki versions",
        ),
    }


@pytest.mark.parametrize("with_database", [False, True])
def test_a_file_that_cannot_be_read_is_refused_in_one_line_and_changes_nothing(
    setup, tmp_path, monkeypatch, with_database
):
    _, decks, db, _ = setup
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    if with_database:
        with open_store(db) as st:
            from kinesis_tutor.app.sync import sync

            sync(st, [decks])
            st.record(st.card_pk("phone-test", "basic-1"), 4, "new", scheduled=True)
    before = digest(db)
    for name, (file, hint) in refusal_files(setup, tmp_path).items():
        result = cli("--db", str(db), "--deck-dir", str(decks), "import", "--from-anki", str(file))
        assert result.exit_code == 1, name
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kinesis-tutor: error: "), (name, result.output)
        assert hint in lines[0] and "nothing was imported" in lines[0], name
        if name != "no scheduling":  # every other refusal says how to export a file that can be read
            assert "'Support older Anki versions' ticked" in lines[0], name
        assert digest(db) == before, name
    assert list(scratch.iterdir()) == []  # the extracted collections are gone


def test_import_names_one_file(tmp_path):
    both = zip_with(tmp_path / "x.colpkg", {"media": b"{}"})
    for args in ([], [str(both), "--from-anki", str(both)]):
        result = cli("--db", str(tmp_path / "p.db"), "import", *args)
        assert result.exit_code == 2 and "name one file" in result.output
    assert not (tmp_path / "p.db").exists()
