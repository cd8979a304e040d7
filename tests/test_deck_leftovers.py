"""Leftovers of issue 21 found by QA: every --deck filter says why a deck gives no card (no cards
yet, or problems) in the same words; catalog and facts files are checked as what they are; plan
counts the answers given in Anki."""

from __future__ import annotations

import pytest
from conftest import spawn_cli, write_deck
from typer.testing import CliRunner

from kinesis_tutor.app import cram, study
from kinesis_tutor.app import paths as paths_mod
from kinesis_tutor.cli import app
from kinesis_tutor.core.errors import TutorError

EMPTY = "format_version: 1\nid: mine\ntitle: Mine\ncards: []\n"
BROKEN = "format_version: 1\nid: broken\ntitle: Broken\ncards:\n  - id: a\n    kind: basic\n    front: x\n"
NO_CARDS = "kinesis-tutor: error: deck 'mine' has no cards yet; add one with: kinesis-tutor decks add mine"


@pytest.fixture
def decks(tmp_path):
    folder = tmp_path / "decks"
    write_deck(folder, "empty.yaml", EMPTY)
    write_deck(folder, "bad.yaml", BROKEN)
    return folder


def run(decks, *args: str):
    return CliRunner().invoke(app, ["--db", str(decks.parent / "p.db"), "--deck-dir", str(decks), *args])


def last_line(result) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["plan"], ["stats"], ["export", "--format", "apkg", "-o", "x.apkg"]])
def test_a_deck_without_cards_says_so_and_how_to_add_one(decks, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(decks, "decks", "validate", str(decks / "empty.yaml")).exit_code == 0
    result = run(decks, *command, "--deck", "mine")
    assert result.exit_code == 2
    assert last_line(result) == NO_CARDS
    assert "no deck" not in result.stderr and not (tmp_path / "x.apkg").exists()
    again = run(decks, *command, "--deck", "mine")  # the decks unchanged since the last sync: still said
    assert (again.exit_code, last_line(again)) == (2, NO_CARDS)


@pytest.mark.parametrize("use", [study, cram])
def test_studying_or_cramming_a_deck_without_cards_says_so(decks, use):
    paths = paths_mod.resolve(str(decks.parent / "p.db"), [str(decks)])
    extra = {"new": None, "max_reviews": None} if use is study else {"count": 10, "reschedule": False}
    with pytest.raises(TutorError) as refused:
        use.plan(paths, decks=["mine"], tags=[], **extra)  # type: ignore[attr-defined]
    assert refused.value.exit_code == 2
    assert f"kinesis-tutor: error: {refused.value}" == NO_CARDS


@pytest.mark.parametrize("command", ["study", "cram"])
def test_in_a_terminal_study_and_cram_of_a_deck_without_cards_say_so(decks, command, isolated_home):
    import pexpect

    child = spawn_cli(isolated_home, decks.parent / "p.db", decks, command, "--deck", "mine")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert child.before.strip().splitlines()[-1].strip() == NO_CARDS
    assert "Traceback" not in child.before


@pytest.mark.parametrize(
    "command",
    [["stats"], ["plan"], ["decks", "show"], ["export", "--format", "apkg", "-o", "x.apkg"]],
)
def test_every_deck_filter_says_a_deck_has_problems_in_the_same_words(decks, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(decks, *command, *(["broken"] if command[0] == "decks" else ["--deck", "broken"]))
    assert result.exit_code == 1
    assert last_line(result) == (
        "kinesis-tutor: error: deck 'broken' has 2 problem(s) and is skipped until they are fixed; "
        "'kinesis-tutor decks validate decks/bad.yaml' lists them"
    )


def test_a_deck_filter_still_suggests_a_near_deck_id(decks):
    result = run(decks, "stats", "--deck", "kds-cor")
    assert result.exit_code == 2
    assert "no deck 'kds-cor'" in last_line(result) and "kds-core" in last_line(result)
    assert run(decks, "stats", "--deck", "kds-core").exit_code == 0


# ------------------------------------------------------------------ catalog and facts files named to validate

CATALOG = """
format_version: 1
services:
  - id: efs
    name: Amazon EFS
    purpose: Shared file system that many instances mount over NFS.
"""
FACTS = "format_version: 1\nfacts:\n  my.limit: 5 MB\n"


def validate(folder, *targets: str):
    return CliRunner().invoke(app, ["--db", str(folder.parent / "p.db"), "decks", "validate", *targets])


@pytest.mark.parametrize(
    ("name", "text", "kind"), [("catalog.yaml", CATALOG, "catalog"), ("facts.yaml", FACTS, "facts")]
)
def test_a_catalog_or_facts_file_named_to_validate_is_checked_as_what_it_is(tmp_path, monkeypatch, name, text, kind):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path / "decks", name, text)
    result = validate(tmp_path / "decks", f"decks/{name}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"decks/{name} (") and kind in result.stdout and "OK" in result.stdout
    assert "deck" not in result.stderr


def test_a_catalog_with_a_mistake_gets_its_own_problems_not_a_decks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path / "decks", "catalog.yaml", CATALOG.replace("    name:", "    nam:"))
    write_deck(tmp_path / "decks", "facts.yaml", "format_version: 1\nfacts: [1]\n")  # a neighbour, not named
    result = validate(tmp_path / "decks", "decks/catalog.yaml")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("decks/catalog.yaml:") for line in lines[:-1]) and len(lines) == 3
    assert "'name'" in lines[0] and "'nam'" in lines[1]
    assert not any("deck:" in line or "'id'" in line or "'title'" in line for line in lines)
    assert lines[-1] == "kinesis-tutor: error: 2 problem(s) in 1 file(s)"
    facts = validate(tmp_path / "decks", "decks/facts.yaml")
    assert facts.exit_code == 1 and facts.stderr.startswith("decks/facts.yaml:2:1: error: facts: ")
    assert "catalog" not in facts.stderr


def test_a_folder_validation_reads_catalog_and_facts_files_as_such(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path / "decks", "catalog.yaml", CATALOG)
    write_deck(tmp_path / "decks" / "sub", "facts-mine.yaml", FACTS)
    write_deck(tmp_path / "decks", "empty.yaml", EMPTY)
    result = validate(tmp_path / "decks", "decks")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1 deck file OK: 1 deck, 0 cards"


def test_cards_are_added_to_a_deck_of_ones_own_never_to_a_bundled_one(decks):
    from kinesis_tutor.app.authoring import load_context

    paths = paths_mod.resolve(str(decks.parent / "p.db"), [str(decks)])
    with pytest.raises(TutorError) as refused:
        load_context(paths, "kds-core")
    assert str(refused.value).startswith("'kds-core' is a bundled deck (")
    assert "add cards to a deck of your own instead" in str(refused.value)
    assert load_context(paths, "mine").file.resolve() == (decks / "empty.yaml").resolve()


@pytest.mark.parametrize("special", ["Catalog", "FACTS-mine"])
def test_decks_new_refuses_an_id_the_loader_would_read_as_a_catalog_or_facts_file(isolated_home, special):
    result = run(isolated_home / "decks", "decks", "new", special)
    assert result.exit_code == 2
    assert f"'{special}' cannot be a deck id: {special}.yaml is the name of the service catalog" in result.stderr
    assert not list(isolated_home.rglob("*.yaml"))


def test_decks_services_stops_at_a_mistake_in_a_catalog_named_in_capitals(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path / "decks", "Catalog.YAML", CATALOG.replace("    name:", "    nam:"))
    result = run(tmp_path / "decks", "decks", "services")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("decks/Catalog.YAML:4:5: error: ") and "unknown key 'nam'" in lines[0]
    assert lines[-1].startswith("kinesis-tutor: error: decks/Catalog.YAML:3:5: error: ")
    assert not result.stdout
