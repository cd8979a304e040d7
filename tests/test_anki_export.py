"""``export --format apkg``: the package is imported with Anki's own collection API (the real
``anki`` package), as Anki, AnkiDroid and AnkiMobile import it."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import anki.collection as anki_collection
import pytest
from ankipkg import import_package
from typer.testing import CliRunner

from kinesis_tutor.app.anki_export import export_apkg
from kinesis_tutor.app.anki_notes import note_guid
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.cli import app

DECK = """\
format_version: 1
id: phone-test
title: Phone test deck
tags: [phone]
cards:
  - id: basic-1
    kind: basic
    tags: [kds, limits]
    front: How much data per second can producers write into one shard?
    back: 1 MB/s or 1,000 records/s
    explanation: Past that, producers get ProvisionedThroughputExceededException.
  - id: cloze-1
    kind: cloze
    tags: [retention]
    text: "A stream keeps data for {{c1::24 hours}} by default and {{c2::365 days::a number of days}}
      at most; <b> is not HTML {{c1::here}}."
    explanation: Retention is set per stream.
    changed:
      before: 7 days at most
      now: 365 days at most
      since: November 2020
  - id: mcq-1
    kind: mcq
    question: Which service delivers streaming data to S3 with no code?
    choices: [Amazon Data Firehose, Kinesis Data Streams, Amazon SQS]
    answer: Amazon Data Firehose
    explanation: Firehose buffers and delivers.
  - id: multi-1
    kind: multi
    question: A record is made of which TWO parts (besides the sequence number)?
    choices: [Data blob, Partition key, Receipt handle]
    answers: [Data blob, Partition key]
    explanation: The receipt handle is SQS.
  - id: tf-1
    kind: truefalse
    statement: A shard can take 2 MB/s of writes.
    answer: false
    explanation: 1 MB/s of writes; 2 MB/s is the read limit.
  - id: scenario-1
    kind: scenario
    situation: Click events must be processed by custom code in real time, in order per visitor.
    options: [firehose, kds]
    answer: kds
    why: Data Streams keeps order per shard and feeds your own consumers at once.
    why_not:
      firehose: Firehose buffers and delivers to a destination; no custom real-time consumers.
    explanation: Real time plus custom code means Data Streams.
  - id: numeric-1
    kind: numeric
    tags: [limits]
    question: How much data per second can one shard serve to readers (shared throughput)?
    answer: 2 MB/s
    tolerance: 2%
    explanation: 2 MB/s per shard, shared by every consumer.
tables:
  - id: streams-vs-firehose
    title: Data Streams vs Data Firehose
    services: [kds, firehose]
    tags: [comparison]
    rows:
      - id: ordering
        feature: Ordering
        cells: ["Per shard", "No guarantee"]
      - id: code
        feature: Code you write
        cells: ["Consumers", "None"]
"""

CARDS_PER_MODEL = {
    "Kinesis basic": 1 + 4,  # the basic card and the table's forward cells (2 rows x 2 services)
    "Kinesis cloze": 1,
    "Kinesis choice": 4,
    "Kinesis numeric": 1,
}


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "phone-test.yaml").write_text(DECK, encoding="utf-8")
    return folder


def export(deck_dir: Path, out: Path, *extra: str):
    return CliRunner().invoke(app, ["--deck-dir", str(deck_dir), "export", "--format", "apkg", "-o", str(out), *extra])


@pytest.fixture
def collection(tmp_path: Path):
    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def notes(col) -> dict[str, object]:
    """Every note of the collection, by GUID."""
    return {n.guid: n for n in (col.get_note(nid) for nid in col.find_notes(""))}


def plain(html: str) -> str:
    """What a learner reads: the text without the style sheet and the tags."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_kind_becomes_its_note_type_in_its_own_deck(deck_dir, tmp_path, collection):
    out = tmp_path / "kinesis.apkg"
    result = export(deck_dir, out, "--deck", "phone-test")
    assert result.exit_code == 0, result.output
    assert "exported 11 notes" in result.output and "making 12 Anki cards" in result.output
    import_package(collection, out)

    by_guid = notes(collection)
    per_model = Counter(n.note_type()["name"] for n in by_guid.values())
    assert per_model == CARDS_PER_MODEL
    assert collection.card_count() == 12  # the cloze note makes a card per number: 2
    decks = {collection.decks.name(collection.get_card(cid).did) for cid in collection.find_cards("")}
    assert decks == {"Kinesis::phone-test"}

    ids = ["basic-1", "cloze-1", "mcq-1", "multi-1", "tf-1", "scenario-1", "numeric-1"]
    ids += [f"streams-vs-firehose.{row}.{s}" for row in ("ordering", "code") for s in ("kds", "firehose")]
    assert set(by_guid) == {note_guid("phone-test", i) for i in ids}

    cloze = by_guid[note_guid("phone-test", "cloze-1")]
    assert cloze["Text"] == (
        "A stream keeps data for {{c1::24 hours}} by default and {{c2::365 days::a number of days}} at most; "
        "&lt;b&gt; is not HTML {{c1::here}}."
    )
    assert sorted(collection.get_card(c).ord for c in cloze.card_ids()) == [0, 1]
    assert "365 days at most" in cloze["Changed"] and "November 2020" in cloze["Changed"]
    assert set(cloze.tags) == {"phone", "retention"}

    basic = by_guid[note_guid("phone-test", "basic-1")]
    assert (basic["Front"], basic["Back"]) == (
        "How much data per second can producers write into one shard?",
        "1 MB/s or 1,000 records/s",
    )
    assert set(basic.tags) == {"phone", "kds", "limits"}

    scenario = by_guid[note_guid("phone-test", "scenario-1")]
    assert plain(scenario["Options"]) == "A. Amazon Data Firehose B. Kinesis Data Streams"
    assert plain(scenario["Answer"]) == "B. Kinesis Data Streams"
    assert "no custom real-time consumers" in scenario["WhyNot"] and "keeps order per shard" in scenario["WhyNot"]

    multi = by_guid[note_guid("phone-test", "multi-1")]
    assert plain(multi["Answer"]) == "A. Data blob B. Partition key" and multi["Ask"] == "Choose 2."
    tf = by_guid[note_guid("phone-test", "tf-1")]
    assert plain(tf["Answer"]) == "B. False"

    numeric = by_guid[note_guid("phone-test", "numeric-1")]
    assert numeric["Answer"] == "2 MB/s" and plain(numeric["Accepted"]) == "2 MB/s (within 2%)"
    assert "{{type:Answer}}" in numeric.note_type()["tmpls"][0]["qfmt"]

    cell = by_guid[note_guid("phone-test", "streams-vs-firehose.ordering.firehose")]
    assert (
        cell["Front"]
        == '<div class="kt-context">Data Streams vs Data Firehose</div>Ordering — <b>Amazon Data Firehose</b>?'
    )
    assert cell["Back"] == "No guarantee"
    assert "comparison" in cell.tags


def test_every_card_shows_its_question_and_its_answer(deck_dir, tmp_path, collection):
    out = tmp_path / "kinesis.apkg"
    assert export(deck_dir, out, "--deck", "phone-test").exit_code == 0
    import_package(collection, out)
    questions = {}
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        question, answer = plain(card.question()), plain(card.answer())
        assert question and len(answer) > len(question), card.note()["Card"]
        questions[(card.nid, card.ord)] = question
    cloze = collection.get_note(next(iter(collection.find_notes('"note:Kinesis cloze"'))))
    asked = sorted(v for (nid, _), v in questions.items() if nid == cloze.id)
    assert asked == [
        "A stream keeps data for 24 hours by default and [a number of days] at most; <b> is not HTML here .",
        "A stream keeps data for [...] by default and 365 days at most; <b> is not HTML [...] .",
    ]


def test_an_updated_package_updates_the_notes_in_place(deck_dir, tmp_path, collection):
    paths = Paths(home=tmp_path / "home", db=tmp_path / "home" / "progress.db", extra_deck_dirs=(deck_dir,))
    first, second = tmp_path / "v1.apkg", tmp_path / "v2.apkg"
    export_apkg(paths, first, ["phone-test"], [], now=1_750_000_000)
    import_package(collection, first)
    before = {guid: note.id for guid, note in notes(collection).items()}

    updated = DECK.replace("back: 1 MB/s or 1,000 records/s", "back: 1 MiB/s, 1,000 rec/s").replace(
        "tables:\n",
        "  - id: basic-2\n    kind: basic\n    front: Reads per shard?\n    back: 5 per second\n"
        "    explanation: GetRecords.\ntables:\n",
    )
    (deck_dir / "phone-test.yaml").write_text(updated, encoding="utf-8")
    export_apkg(paths, second, ["phone-test"], [], now=1_750_000_600)
    import_package(collection, second)

    after = notes(collection)
    assert len(after) == len(before) + 1
    assert all(after[guid].id == nid for guid, nid in before.items())  # the same notes, not copies
    assert after[note_guid("phone-test", "basic-1")]["Back"] == "1 MiB/s, 1,000 rec/s"
    assert after[note_guid("phone-test", "basic-2")]["Back"] == "5 per second"


def test_the_filters_choose_the_cards(deck_dir, tmp_path, collection):
    out = tmp_path / "limits.apkg"
    result = export(deck_dir, out, "--deck", "phone-test", "--tag", "limits")
    assert result.exit_code == 0, result.output
    import_package(collection, out)
    assert set(notes(collection)) == {note_guid("phone-test", "basic-1"), note_guid("phone-test", "numeric-1")}


def test_the_whole_bundled_content_imports_with_every_card_readable(tmp_path, collection):
    from kinesis_tutor.app.paths import content_dir
    from kinesis_tutor.decks.loader import load_library

    out = tmp_path / "all.apkg"
    result = CliRunner().invoke(app, ["export", "--format", "apkg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import_package(collection, out)
    lib = load_library([content_dir()])
    # every study card but the reverse table cards ("which service?") is one Anki card
    expected = [c for c in lib.cards() if not (c.origin == "table" and ".which." in c.id)]
    assert collection.card_count() == len(expected)
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        assert plain(card.question()) and len(plain(card.answer())) > len(plain(card.question()))
    names = {name for name, _ in ((d.name, d.id) for d in collection.decks.all_names_and_ids())}
    assert {f"Kinesis::{d}" for d in lib.decks} <= names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--deck", "phone-test"], "name it with -o"),
        (["--deck", "nope", "-o", "{tmp}/x.apkg"], "no deck 'nope'"),
        (["--deck", "phone-test", "-o", "{tmp}/missing/x.apkg"], "does not exist"),
        (["--tag", "no-such-tag", "--deck", "phone-test", "-o", "{tmp}/x.apkg"], "no cards match"),
    ],
)
def test_a_refused_export_says_why_in_one_line_and_writes_nothing(deck_dir, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, ["--deck-dir", str(deck_dir), "export", "--format", "apkg", *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_second_export_replaces_the_file_and_leaves_nothing_else(deck_dir, tmp_path):
    out = tmp_path / "out" / "kinesis.apkg"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert export(deck_dir, out, "--deck", "phone-test").exit_code == 0
    assert [p.name for p in out.parent.iterdir()] == ["kinesis.apkg"]
    assert out.read_bytes()[:2] == b"PK"


def test_the_deck_and_tag_filters_belong_to_the_anki_format(deck_dir, tmp_path):
    result = CliRunner().invoke(app, ["export", "--format", "json", "--deck", "phone-test"])
    assert result.exit_code == 2 and "--format apkg only" in result.output


CLOZE_TEXTS = [
    "{{c1::Shards}} scale {{c2::writes}}; {{c1::shards}} also scale reads.",
    "{{c1:: padded answer }} and {{c2::a}}{{c3::a}} side by side, {{c2::a}} again",
    "Ends with a deletion: {{c1::1 MB/s::a rate}}",
    "{{c1::a}} a {{c2::a a}} a",
    "Markup-like text <i>stays</i> text: {{c1::x < y & z}}",
]


@pytest.mark.parametrize("text", CLOZE_TEXTS)
def test_a_cloze_note_has_the_same_deletions_as_the_deck_card(text):
    from kinesis_tutor.app.anki_notes import notes_for
    from kinesis_tutor.decks import model
    from kinesis_tutor.decks.expand import expand_card

    deck = model.DeckHeader(format_version=1, id="d", title="D")

    def study_cards(cloze_text: str):
        card = model.ClozeCard(id="c", kind="cloze", text=cloze_text, explanation="E.")
        return [(c.id, c.prompt, c.answer, c.hints, c.context) for c in expand_card(deck, card, {})]

    (note,) = notes_for(expand_card(deck, model.ClozeCard(id="c", kind="cloze", text=text, explanation="E."), {}), {})
    assert note.cards == len(study_cards(text))
    assert study_cards(unescape(note.fields[0])) == study_cards(text)


def test_numbers_that_cannot_share_one_text_become_notes_of_their_own():
    from kinesis_tutor.app.anki_notes import anki_targets, cloze_notes
    from kinesis_tutor.core.cards import Card

    common = dict(deck="d", kind="cloze", explanation="E.", context="ab")
    cards = [
        Card(id="c.c1", prompt="[…]b", answer=("a",), hints=("",), **common),
        Card(id="c.c2", prompt="[…]", answer=("ab",), hints=("",), **common),  # overlaps c1's deletion
    ]
    notes = cloze_notes("c", cards)
    assert [(n.key, n.fields[0]) for n in notes] == [("c.c1", "{{c1::a}}b"), ("c.c2", "{{c1::ab}}")]
    assert (notes[1].guid, 0) in anki_targets("d", "c.c2", "cloze")


def test_an_export_through_a_link_replaces_its_target_and_keeps_its_permissions(deck_dir, tmp_path):
    real = tmp_path / "real.apkg"
    real.write_bytes(b"old")
    real.chmod(0o600)
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    assert export(deck_dir, link, "--deck", "phone-test").exit_code == 0
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"
    assert real.stat().st_mode & 0o777 == 0o600
