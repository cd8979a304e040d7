"""The memo of checked cards that sync keeps between commands (app/deckcache.py, decks/memo.py):
it changes nothing a learner or an author sees. A deck read with it gives the same study cards and
the same problems as without; a catalog edit makes its cards be checked again; a damaged, foreign
or stale memo file is ignored and replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_deck

from kinesis_tutor.app import deckcache
from kinesis_tutor.app import paths as paths_mod
from kinesis_tutor.app.sync import sync
from kinesis_tutor.decks import loader
from kinesis_tutor.decks.memo import CardMemo
from kinesis_tutor.store import open_store


def card(cid: str, front: str = "", was: str = "") -> str:
    text = f"  - id: {cid}\n    kind: basic\n    front: {front or 'Front of ' + cid}\n    back: Back\n"
    text += "    explanation: Why.\n"
    return text + (f"    was: [{was}]\n" if was else "")


SCENARIO = """\
  - id: pick
    kind: scenario
    situation: Events must reach the pond service.
    options: [pond, kds]
    answer: pond
    why: Only the pond takes them.
    why_not:
      kds: Not a pond.
    explanation: E.
"""
CLOZE = (
    '  - id: {cid}\n    kind: cloze\n    text: "{{{{c1::Kinesis Data Streams}}}} keeps {{{{c2::24 hours}}}}"\n'
    "    explanation: E.\n"
)
CATALOG = """\
format_version: 1
services:
  - id: pond
    name: Pond Service
    purpose: A service for the tests.
"""
NO_POND = CATALOG.replace("id: pond", "id: lake").replace("Pond Service", "Lake Service")


def deck(*cards: str, deck_id: str = "alpha") -> str:
    return f"format_version: 1\nid: {deck_id}\ntitle: Deck {deck_id}\ncards:\n" + "".join(cards)


@pytest.fixture
def folder(tmp_path, monkeypatch, isolated_home):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "decks"


def run_sync(tmp_path: Path, folder: Path):
    db = tmp_path / "p.db"
    with open_store(db) as store:
        return sync(store, paths_mod.resolve(str(db), [str(folder)]).deck_dirs())


def memo_of(tmp_path: Path, deck_file: Path) -> Path:
    return deckcache._file(tmp_path / deckcache.FOLDER, str(deck_file.resolve()))


def support(folder: Path):
    return loader.load_support([loader.content_dir(), folder], [])


def test_a_deck_read_with_its_memo_gives_the_same_cards(folder):
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), CLOZE.format(cid="z"), card("a2", was="old")))
    catalog, facts = support(folder)
    plain = loader.load_deck_file(path, catalog, facts)
    cold = CardMemo(deckcache.context(catalog, facts))
    first = loader.load_deck_file(path, catalog, facts, cold)
    warm = CardMemo(cold.context, old=cold.new)
    second = loader.load_deck_file(path, catalog, facts, warm)
    assert cold.misses == 3 and warm.misses == 0
    for got in (first, second):
        assert got.cards == plain.cards
        assert [c.content_hash for c in got.cards] == [c.content_hash for c in plain.cards]
        assert got.renames == plain.renames and got.notes == plain.notes


def test_the_bundled_decks_read_with_a_memo_give_the_same_cards(folder):
    folder.mkdir()
    catalog, facts = support(folder)
    ctx = deckcache.context(catalog, facts)
    for path in loader.deck_files([loader.content_dir()]):
        plain = loader.load_deck_file(path, catalog, facts)
        cold = CardMemo(ctx)
        loader.load_deck_file(path, catalog, facts, cold)
        warm = CardMemo(ctx, old=cold.new)
        again = loader.load_deck_file(path, catalog, facts, warm)
        assert warm.misses == 0, path
        assert again.cards == plain.cards, path


def edited(tmp_path: Path, folder: Path, path: Path, text: str):
    """Sync after ``path`` is given ``text``: the re-read that keeps the deck's memo."""
    path.write_text(text, encoding="utf-8")
    report = run_sync(tmp_path, folder)
    assert not report.skipped
    return report


def test_a_memo_is_kept_for_an_edited_deck_only(folder, tmp_path):
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), card("a2")))
    write_deck(folder, "beta.yaml", deck(card("b1"), deck_id="beta"))
    run_sync(tmp_path, folder)
    assert not (tmp_path / deckcache.FOLDER).exists()  # the first sync writes none
    edited(tmp_path, folder, path, deck(card("a1", front="Reworded"), card("a2")))
    assert [p.name for p in (tmp_path / deckcache.FOLDER).iterdir()] == [memo_of(tmp_path, path).name]


def test_problems_are_the_same_with_a_memo(folder, tmp_path):
    """A deck whose cards the memo knows, once broken, reports exactly what a first read reports."""
    write_deck(folder, "catalog.yaml", CATALOG)
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), card("a2"), SCENARIO))
    assert not run_sync(tmp_path, folder).problems
    assert not edited(tmp_path, folder, path, deck(card("a1"), card("a2", front="Reworded"), SCENARIO)).problems
    assert memo_of(tmp_path, path).exists()
    path.write_text(deck(card("a1"), card("a2"), card("a1", front="Again"), SCENARIO.replace("[pond, kds]", "[kds]")))
    report = run_sync(tmp_path, folder)
    catalog, facts = support(folder)
    with pytest.raises(loader.DeckProblems) as plain:
        loader.load_deck_file(path, catalog, facts)
    assert [str(p) for p in report.problems] == [str(p) for p in plain.value.problems]
    assert any("duplicate card id 'a1'" in str(p) for p in report.problems)


def test_a_catalog_edit_checks_the_memo_s_cards_again(folder, tmp_path):
    write_deck(folder, "catalog.yaml", CATALOG)
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), SCENARIO))
    first = run_sync(tmp_path, folder)
    assert not first.problems and first.added >= 2
    assert not edited(tmp_path, folder, path, deck(card("a1", front="Reworded"), SCENARIO)).problems
    assert memo_of(tmp_path, path).exists()  # it knows the scenario card, checked against the old catalog
    (folder / "catalog.yaml").write_text(NO_POND, encoding="utf-8")
    for text in (None, deck(card("a1", front="Reworded again"), SCENARIO)):  # the catalog edit, then a deck edit
        report = run_sync(tmp_path, folder) if text is None else edited(tmp_path, folder, path, text)
        assert any("unknown service 'pond'" in str(p) for p in report.problems), report.problems
        assert report.removed == 0  # the deck is skipped, its cards kept


def test_an_edit_of_one_card_changes_that_card_only(folder, tmp_path):
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), card("a2"), CLOZE.format(cid="z")))
    assert run_sync(tmp_path, folder).added >= 4
    path.write_text(deck(card("a1", front="Reworded"), card("a2"), CLOZE.format(cid="z")), encoding="utf-8")
    report = run_sync(tmp_path, folder)
    assert (report.changed, report.added, report.removed) == (1, 0, 0)
    path.write_text(deck(card("first", front="Reworded", was="a1"), card("a2"), CLOZE.format(cid="z")))
    report = run_sync(tmp_path, folder)
    assert report.renamed == 1 and report.removed == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b[:-10] + bytes(10),  # contents changed
        lambda b: b"not a memo at all",
        lambda b: b"",
    ],
    ids=["truncated", "flipped", "foreign", "empty"],
)
def test_a_damaged_memo_is_ignored_and_replaced(folder, tmp_path, damage):
    path = write_deck(folder, "alpha.yaml", deck(card("a1"), card("a2"), CLOZE.format(cid="z")))
    run_sync(tmp_path, folder)
    edited(tmp_path, folder, path, deck(card("a1"), card("a2", front="Reworded"), CLOZE.format(cid="z")))
    memo = memo_of(tmp_path, path)
    memo.write_bytes(damage(memo.read_bytes()))
    again = deck(card("a1", front="Reworded"), card("a2", front="Reworded"), CLOZE.format(cid="z"))
    report = edited(tmp_path, folder, path, again)
    assert (report.changed, report.added, report.removed, report.problems) == (1, 0, 0, [])
    catalog, facts = support(folder)
    kept = deckcache.read(tmp_path / deckcache.FOLDER, path, deckcache.context(catalog, facts))
    assert kept is not None and len(kept.old) == 3  # written again in full


def test_a_memo_of_another_file_is_not_used(folder, tmp_path):
    """Each memo names its deck file: one copied over another's is ignored."""
    alpha = write_deck(folder, "alpha.yaml", deck(card("a1")))
    beta = write_deck(folder, "beta.yaml", deck(card("b1"), deck_id="beta"))
    run_sync(tmp_path, folder)
    edited(tmp_path, folder, alpha, deck(card("a1", front="Reworded")))
    catalog, facts = support(folder)
    ctx = deckcache.context(catalog, facts)
    store_folder = tmp_path / deckcache.FOLDER
    assert len(deckcache.read(store_folder, alpha, ctx).old) == 1
    deckcache._file(store_folder, str(beta.resolve())).write_bytes(
        deckcache._file(store_folder, str(alpha.resolve())).read_bytes()
    )
    assert deckcache.read(store_folder, beta, ctx).old == {}
    assert deckcache.read(store_folder, beta, "another context").old == {}


def test_an_unwritable_memo_folder_changes_nothing(folder, tmp_path):
    (tmp_path / deckcache.FOLDER).write_text("a file where the folder would be", encoding="utf-8")
    path = write_deck(folder, "alpha.yaml", deck(card("a1")))
    assert run_sync(tmp_path, folder).added >= 1
    path.write_text(deck(card("a1", front="Reworded")), encoding="utf-8")
    assert run_sync(tmp_path, folder).changed == 1
