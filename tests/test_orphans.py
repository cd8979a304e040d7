"""Review history across renames and moves: ``was: [old-id]`` on a card or a deck carries a card's
history to its new id on the next sync, and ``kinesis-tutor decks orphans`` finds the history whose
card is gone, attaches it to a card or forgets it. Through the real commands and a real database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import export, write_deck
from typer.testing import CliRunner

from kinesis_tutor.app import paths as paths_mod
from kinesis_tutor.app.sync import sync
from kinesis_tutor.cli import app
from kinesis_tutor.store import open_store

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
runner = CliRunner()


def card(cid: str, was: str = "") -> str:
    text = f"  - id: {cid}\n    kind: basic\n    front: Front of {cid}\n    back: Back\n    explanation: Why.\n"
    return text + (f"    was: [{was}]\n" if was else "")


CLOZE = '  - id: {cid}\n    kind: cloze\n    text: "{{{{c1::One}}}} and {{{{c2::two}}}}"\n    explanation: E.\n'


def deck(deck_id: str, *cards: str, was: str = "") -> str:
    return (
        f"format_version: 1\nid: {deck_id}\ntitle: Deck {deck_id}\n"
        + (f"was: [{was}]\n" if was else "")
        + ("cards:\n" + "".join(cards))
    )


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "decks"


def synced(db, decks):
    """The database, synced with the decks as every command syncs it (the bundled decks too)."""
    st = open_store(db)
    sync(st, paths_mod.resolve(str(db), [str(decks)]).deck_dirs())
    return st


def study(db, decks, *keys: str, times: int = 1) -> None:
    """Answer each card ``times`` times (Good), one day apart, as a session would record it."""
    with synced(db, decks) as st:
        for key in keys:
            pk = st.card_pk(*key.split("/"))
            assert pk is not None, key
            for n in range(times):
                st.record(pk, 4, "review" if n else "new", scheduled=True, now=T0 + timedelta(days=n))


def history(db, decks) -> dict[str, int]:
    """Reviews per card key, from the exported log, once the decks are synced."""
    synced(db, decks).close()
    doc = export(db, decks)
    out: dict[str, int] = {}
    for review in doc["reviews"]:
        key = f"{review['deck_id']}/{review['card_id']}"
        out[key] = out.get(key, 0) + 1
    return out


def states(db, decks) -> dict[str, int]:
    synced(db, decks).close()
    return {f"{c['deck_id']}/{c['card_id']}": c["state"]["reviews"] for c in export(db, decks)["cards"] if c["state"]}


def invoke(db, decks, *args: str):
    result = runner.invoke(app, ["--db", str(db), "--deck-dir", str(decks), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def orphans(db, decks) -> list[dict]:
    result = invoke(db, decks, "decks", "orphans", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["orphans"]


def db_check_is_clean(db, decks) -> None:
    result = invoke(db, decks, "db", "check")
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------------------ was:


def test_a_card_renamed_with_was_keeps_its_history(folder, tmp_path):
    db = tmp_path / "p.db"
    path = write_deck(folder, "alpha.yaml", deck("alpha", card("a1"), card("a2")))
    study(db, folder, "alpha/a1", times=2)
    path.write_text(deck("alpha", card("first", was="a1"), card("a2")), encoding="utf-8")
    assert history(db, folder) == {"alpha/first": 2}
    assert states(db, folder) == {"alpha/first": 2}
    assert orphans(db, folder) == []
    db_check_is_clean(db, folder)


def test_a_card_moved_to_another_deck_keeps_its_history(folder, tmp_path):
    db = tmp_path / "p.db"
    alpha = write_deck(folder, "alpha.yaml", deck("alpha", card("a1"), card("a2")))
    write_deck(folder, "beta.yaml", deck("beta", card("b1")))
    study(db, folder, "alpha/a2")
    alpha.write_text(deck("alpha", card("a1")), encoding="utf-8")
    write_deck(folder, "beta.yaml", deck("beta", card("b1"), card("a2", was="alpha/a2")))
    assert history(db, folder) == {"beta/a2": 1}
    assert orphans(db, folder) == []


def test_a_renamed_deck_keeps_the_history_of_every_card(folder, tmp_path):
    db = tmp_path / "p.db"
    path = write_deck(folder, "alpha.yaml", deck("alpha", card("a1"), card("a2"), CLOZE.format(cid="z")))
    study(db, folder, "alpha/a1", "alpha/a2", "alpha/z.c2")
    path.write_text(deck("gamma", card("a1"), card("a2"), CLOZE.format(cid="z"), was="alpha"), encoding="utf-8")
    assert history(db, folder) == {"gamma/a1": 1, "gamma/a2": 1, "gamma/z.c2": 1}
    assert orphans(db, folder) == []


def test_a_renamed_cloze_keeps_the_history_of_each_number(folder, tmp_path):
    db = tmp_path / "p.db"
    path = write_deck(folder, "alpha.yaml", deck("alpha", CLOZE.format(cid="limits")))
    study(db, folder, "alpha/limits.c1")
    study(db, folder, "alpha/limits.c2", times=3)
    path.write_text(deck("alpha", CLOZE.format(cid="shard-limits") + "    was: [limits]\n"), encoding="utf-8")
    assert history(db, folder) == {"alpha/shard-limits.c1": 1, "alpha/shard-limits.c2": 3}


def test_was_added_after_the_new_id_was_synced_still_moves_the_history(folder, tmp_path):
    db = tmp_path / "p.db"
    path = write_deck(folder, "alpha.yaml", deck("alpha", card("a1")))
    study(db, folder, "alpha/a1")
    path.write_text(deck("alpha", card("first")), encoding="utf-8")  # renamed, 'was' forgotten
    assert [o["key"] for o in orphans(db, folder)] == ["alpha/a1"]
    path.write_text(deck("alpha", card("first", was="a1")), encoding="utf-8")
    assert history(db, folder) == {"alpha/first": 1}
    assert orphans(db, folder) == []
    db_check_is_clean(db, folder)


def test_was_never_takes_the_history_of_a_card_still_in_a_deck(folder, tmp_path):
    db = tmp_path / "p.db"
    write_deck(folder, "alpha.yaml", deck("alpha", card("a1")))
    write_deck(folder, "beta.yaml", deck("beta", card("b1")))
    study(db, folder, "alpha/a1")
    write_deck(folder, "beta.yaml", deck("beta", card("b1"), card("copy", was="alpha/a1")))
    assert history(db, folder) == {"alpha/a1": 1}


def test_was_never_takes_the_history_of_a_card_whose_deck_has_problems(folder, tmp_path):
    db = tmp_path / "p.db"
    alpha = write_deck(folder, "alpha.yaml", deck("alpha", card("a1")))
    write_deck(folder, "beta.yaml", deck("beta", card("b1")))
    study(db, folder, "alpha/a1")
    alpha.write_text(deck("alpha", card("a1")) + "    kind: basic\n", encoding="utf-8")  # a duplicate key
    write_deck(folder, "beta.yaml", deck("beta", card("b1"), card("copy", was="alpha/a1")))
    assert history(db, folder) == {"alpha/a1": 1}  # a1 may still be in alpha: it keeps its history


WAS_PROBLEMS = [
    (
        deck("alpha", card("a1", was="a1")),
        "decks/alpha.yaml:10:11: error: card 1 'a1', was #1: 'a1' is this card's own id",
    ),
    (
        deck("alpha", card("a1"), card("a2", was="a1")),
        "decks/alpha.yaml:15:11: error: card 2 'a2', was #1: 'a1' is a card of this deck; 'was' names ids "
        "that are gone",
    ),
    (
        deck("alpha", card("a1", was="old"), card("a2", was="old")),
        "decks/alpha.yaml:16:11: error: card 2 'a2', was #1: 'old' is already in the 'was' of card 1",
    ),
    (deck("alpha", card("a1"), was="alpha"), "decks/alpha.yaml:4:7: error: was #1: 'alpha' is this deck's own id"),
    (
        deck("alpha", card("a1", was="a b")),
        "decks/alpha.yaml:10:11: error: card 1 'a1', was #1: 'a b' is not a valid id",
    ),
]


@pytest.mark.parametrize(("text", "problem"), WAS_PROBLEMS, ids=["own", "present", "twice", "deck", "not an id"])
def test_a_was_that_cannot_be_right_is_one_line_at_its_place(folder, tmp_path, text, problem):
    path = write_deck(folder, "alpha.yaml", text)
    result = invoke(tmp_path / "p.db", folder, "decks", "validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(problem), result.stderr


# ------------------------------------------------------------------------------ decks orphans


@pytest.fixture
def renamed(folder, tmp_path):
    """a1 studied twice, then renamed to 'first' without 'was': its history is an orphan."""
    db = tmp_path / "p.db"
    path = write_deck(folder, "alpha.yaml", deck("alpha", card("a1"), card("a2")))
    study(db, folder, "alpha/a1", times=2)
    study(db, folder, "alpha/a2")
    path.write_text(deck("alpha", card("first"), card("a2")), encoding="utf-8")
    return db, folder


def test_orphans_lists_history_whose_card_is_gone(renamed):
    db, folder = renamed
    [orphan] = orphans(db, folder)
    assert (orphan["key"], orphan["reviews"], orphan["last_review"]) == ("alpha/a1", 2, "2024-05-02")
    result = invoke(db, folder, "decks", "orphans")
    assert result.exit_code == 0
    assert "alpha/a1" in result.stdout and "--attach OLD NEW" in result.stdout
    assert "'was: [old-id]' on the renamed card" in result.stdout  # the hint shows what to write


def test_attach_gives_the_history_to_the_card_it_became(renamed):
    db, folder = renamed
    result = invoke(db, folder, "decks", "orphans", "--attach", "alpha/a1", "alpha/first")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2 review(s) of alpha/a1 now belong to alpha/first"
    assert history(db, folder) == {"alpha/first": 2, "alpha/a2": 1}
    assert states(db, folder) == {"alpha/first": 2, "alpha/a2": 1}
    assert orphans(db, folder) == []
    db_check_is_clean(db, folder)


def test_forget_deletes_the_orphaned_history_only(renamed):
    db, folder = renamed
    result = invoke(db, folder, "decks", "orphans", "--forget", "alpha/a1")
    assert (result.exit_code, result.stdout.strip()) == (0, "forgot 2 review(s) of alpha/a1")
    assert history(db, folder) == {"alpha/a2": 1}
    assert orphans(db, folder) == []
    assert invoke(db, folder, "decks", "orphans").stdout.startswith("no orphaned review history")


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (
            ["--attach", "alpha/a1", "alpha/a2"],
            1,
            "kinesis-tutor: error: 'alpha/a2' already has review history of its own (1 review(s)); attaching "
            "'alpha/a1' would mix two histories: study 'alpha/a2' as it is, or forget one with --forget",
        ),
        (["--attach", "alpha/a1", "alpha/frist"], 2, "kinesis-tutor: error: no card 'alpha/frist' in the decks"),
        (
            ["--forget", "alpha/a"],
            2,
            "kinesis-tutor: error: no orphaned history for 'alpha/a' (nothing to attach or forget) "
            "(did you mean 'alpha/a1'?)",
        ),
        (["--forget", "alpha/a2"], 2, "kinesis-tutor: error: no orphaned history for 'alpha/a2' (its card is still"),
        (["--forget", "a1"], 2, "kinesis-tutor: error: 'a1' is not a card key; write DECK/CARD"),
    ],
    ids=["target has history", "no such target", "typo", "not an orphan", "not a key"],
)
def test_attach_and_forget_refuse_in_one_line_and_change_nothing(renamed, args, code, line):
    db, folder = renamed
    result = invoke(db, folder, "decks", "orphans", *args)
    assert result.exit_code == code
    [only] = result.stderr.splitlines()
    assert only.startswith(line), only
    assert [o["key"] for o in orphans(db, folder)] == ["alpha/a1"]
    assert history(db, folder) == {"alpha/a1": 2, "alpha/a2": 1}


def test_attach_and_forget_with_json_print_what_they_did_as_json(renamed):
    db, folder = renamed
    result = invoke(db, folder, "decks", "orphans", "--attach", "alpha/a1", "alpha/first", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"action": "attach", "card": "alpha/a1", "to": "alpha/first", "reviews": 2}
    path = folder / "alpha.yaml"
    path.write_text(deck("alpha", card("first")), encoding="utf-8")  # a2 deleted: its history is orphaned
    result = invoke(db, folder, "decks", "orphans", "--forget", "alpha/a2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"action": "forget", "card": "alpha/a2", "reviews": 1}
