"""The decks commands through the real CLI (typer's CliRunner), each with its own data folder;
and the pure parts of 'decks add' (build, validate, append keeping comments)."""

from __future__ import annotations

import difflib
import json
import textwrap
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kinesis_tutor import __version__
from kinesis_tutor.app import authoring
from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.cli import app
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.decks import model
from kinesis_tutor.decks.loader import load_deck_file, load_library

runner = CliRunner()

MY_DECK = """\
format_version: 1
id: my-notes
title: My notes
tags: [mine]
cards:
  # a comment the author wants to keep
  - id: shard
    kind: basic
    front: What is a shard?
    back: A unit of capacity.
    explanation: Capacity is the sum of the shards.

  - id: limits
    kind: cloze
    text: "One shard takes {{c1::1,000}} records and {{c2::1 MB}} per second."
    explanation: Both limits apply.

  - id: throttle
    kind: mcq
    question: Which exception means a shard is over its limit?
    choices: [ProvisionedThroughputExceededException, ThrottlingException]
    answer: ProvisionedThroughputExceededException
    explanation: Back off and retry.

# the comparison goes last
tables:
  - id: cmp
    title: Streams vs Firehose
    services: [kds, firehose]
    rows:
      - id: replay
        feature: Replay
        cells: ["Yes", "No"]
"""

BAD_DECK = """\
format_version: 1
id: broken
title: Broken
cards:
  - id: a
    kind: mcq
    question: Which?
    choices: [A, B]
    answer: C
    explanation: E
  - id: b
    kind: flashcrad
    front: F
    back: B
    explanation: E
"""


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("KINESIS_TUTOR_HOME", str(home))
    monkeypatch.delenv("KINESIS_TUTOR_DB", raising=False)
    monkeypatch.delenv("KINESIS_TUTOR_DECKS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    return home


def user_deck(home: Path, name: str, text: str) -> Path:
    folder = home / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


# ------------------------------------------------------------------------------ top level


def test_version(home):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kinesis-tutor {__version__}"


def test_unknown_command_is_bad_usage(home):
    result = run("nosuch")
    assert result.exit_code == 2
    assert "No such command 'nosuch'" in result.output


def test_unknown_decks_subcommand_is_bad_usage(home):
    assert run("decks", "lst").exit_code == 2


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        if getattr(cmd, "commands", None):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name)


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_command_list_is_complete():
    assert {
        ("decks", "list"),
        ("decks", "show"),
        ("decks", "validate"),
        ("decks", "new"),
        ("decks", "add"),
        ("decks", "preview"),
        ("decks", "schema"),
        ("decks", "services"),
        ("decks", "draft"),
        ("study",),
        ("paths",),
    } <= set(ALL_COMMANDS)


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=" ".join)
def test_help_of_every_command_shows_an_example(home, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"kinesis-tutor {' '.join(command)}" in result.stdout


def test_top_level_help_shows_examples_and_exit_codes(home):
    result = run("--help")
    assert result.exit_code == 0
    assert "kinesis-tutor decks list" in result.stdout
    assert "Exit codes" in result.stdout


# ------------------------------------------------------------------------------ list / show


def test_decks_list_shows_bundled_and_own_decks(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "list")
    assert result.exit_code == 0
    assert "my-notes" in result.stdout and "My notes" in result.stdout
    assert "kds-core" in result.stdout  # a bundled deck


def test_decks_list_json_counts_cards_by_kind(home):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "list", "--json")
    assert result.exit_code == 0
    decks = {d["id"]: d for d in json.loads(result.stdout)["decks"]}
    assert decks["my-notes"] == {
        "id": "my-notes",
        "title": "My notes",
        "cards": 4,
        "by_kind": {"basic": 1, "cloze": 2, "mcq": 1},
        "table_cards": 4,
        "tables": 1,
        "file": str(path),
        "bundled": False,
        "ok": True,
        "problems": [],
    }
    assert "kds-core" in decks
    assert all(d["cards"] == sum(d["by_kind"].values()) for d in decks.values())


def test_a_bad_deck_is_named_and_the_others_still_listed(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    user_deck(home, "broken.yaml", BAD_DECK)
    result = run("decks", "list", "--json")
    assert result.exit_code == 0
    decks = {d["id"]: d for d in json.loads(result.stdout)["decks"]}
    assert decks["my-notes"]["ok"] is True
    # The broken deck is listed too, with its problems, as study sees it: skipped.
    assert decks["broken"]["ok"] is False and decks["broken"]["bundled"] is False
    assert decks["broken"]["problems"][0].endswith(
        "broken.yaml:9:5: error: card 1 'a', answer: 'C' is not one of the choices"
    )
    assert "broken.yaml:9:5: error: card 1 'a', answer: 'C' is not one of the choices" in result.stderr
    assert "deck file(s) skipped; run 'kinesis-tutor decks validate' for details" in result.stderr


def test_decks_show(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "show", "my-notes")
    assert result.exit_code == 0
    for text in (
        "my-notes — My notes",
        "shard",
        "limits.c1",
        "limits.c2",
        "throttle",
        "cmp.replay.kds",
        "cmp.replay.which.firehose",
    ):
        assert text in result.stdout


def test_decks_show_unknown_deck_suggests_one(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "show", "my-note")
    assert result.exit_code == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == "kinesis-tutor: error: no deck 'my-note' (did you mean 'my-notes'?); 'kinesis-tutor decks list' shows them"
    )


# ------------------------------------------------------------------------------ validate


def test_validate_bundled_content_is_clean(home):
    result = run("decks", "validate")
    assert result.stderr == ""
    assert result.exit_code == 0
    assert "deck files OK" in result.stdout


def test_validate_a_bad_deck_prints_every_problem_as_file_line_col(home, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BAD_DECK, encoding="utf-8")
    result = run("decks", "validate", "broken.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "broken.yaml:9:5: error: card 1 'a', answer: 'C' is not one of the choices",
        "broken.yaml:12:5: error: card 2 'b': unknown card kind 'flashcrad'; the kinds are basic, cloze, mcq, "
        "multi, numeric, truefalse, scenario",
        "kinesis-tutor: error: 2 problem(s) in 1 file(s); 0 of 1 deck(s) are fine",
    ]


def test_validate_a_folder_with_good_and_bad_decks(home, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "good.yaml").write_text(MY_DECK, encoding="utf-8")
    (folder / "bad.yaml").write_bytes(b"format_version: 1\nid: x\ntitle: \xff\n")
    result = run("decks", "validate", "mine")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mine/bad.yaml:3:8: error: the file is not UTF-8 text (byte 0xff); save it as UTF-8",
        "kinesis-tutor: error: 1 problem(s) in 1 file(s); 1 of 2 deck(s) are fine",
    ]


def test_validate_a_good_file(home, tmp_path):
    (tmp_path / "good.yaml").write_text(MY_DECK, encoding="utf-8")
    result = run("decks", "validate", "good.yaml")
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 deck file OK: 1 deck, 8 cards"


def test_validate_missing_file_is_bad_usage(home):
    result = run("decks", "validate", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "kinesis-tutor: error: no such file or folder: nope.yaml"


def test_validate_a_folder_without_deck_files_is_a_problem_not_ok(home, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("# not a deck\n", encoding="utf-8")
    for folder in ("empty", "notes"):
        result = run("decks", "validate", folder)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.strip() == (
            f"kinesis-tutor: error: no deck file in {folder}: a deck file's name ends in .yaml or .yml"
        )


def test_validate_a_pipe_named_like_a_deck_is_refused_without_reading_it(home, tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    result = run("decks", "validate", "pipe.yaml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "kinesis-tutor: error: pipe.yaml is not a file or a folder"


def test_validate_refuses_python_tags_without_running_them(home, tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(
        f"format_version: 1\nid: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = run("decks", "validate", "evil.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "evil.yaml:2:5: error: unsupported YAML tag '!!python/object/apply:os.system': decks are plain YAML, "
        "nothing in them ever runs"
    )
    assert not marker.exists()


# ------------------------------------------------------------------------------ preview / schema


def test_preview_one_card_shows_question_choices_answer_and_explanation(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "preview", "my-notes", "throttle")
    assert result.exit_code == 0
    out = result.stdout
    for text in (
        "my-notes · multiple choice",
        "Which exception means a shard is over its limit?",
        "ThrottlingException",
        "Answer: ProvisionedThroughputExceededException",
        "Back off and retry.",
    ):
        assert text in out
    assert "What is a shard?" not in out  # only the card asked for


def test_preview_cloze_card_prefix_shows_each_number(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "preview", "my-notes", "limits")
    assert result.exit_code == 0
    assert "One shard takes […] records and 1 MB per second." in result.stdout
    assert "One shard takes 1,000 records and […] per second." in result.stdout


def test_preview_unknown_card(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "preview", "my-notes", "throtle")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "kinesis-tutor: error: deck 'my-notes' has no card 'throtle' (did you mean 'throttle'?)"
    )


def test_schema_is_json_with_every_card_kind(home):
    result = run("decks", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "kinesis-tutor deck"
    assert {"format_version", "id", "title"} <= set(schema["required"])
    kinds = {d["properties"]["kind"]["const"] for d in schema["$defs"].values() if "kind" in d.get("properties", {})}
    assert kinds == set(model.KINDS)
    assert schema["additionalProperties"] is False


# ------------------------------------------------------------------------------ new


def test_decks_new_writes_a_starter_that_validates(home):
    result = run("decks", "new", "my-study")
    assert result.exit_code == 0, result.output
    path = home / "decks" / "my-study.yaml"
    assert f"Wrote {path}" in result.stdout
    assert "kinesis-tutor decks validate" in result.stdout and "kinesis-tutor decks add my-study" in result.stdout
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    schema_file = home / "deck.schema.json"
    assert first == f"# yaml-language-server: $schema={schema_file}"
    assert json.loads(schema_file.read_text())["title"] == "kinesis-tutor deck"
    assert "kinesis-tutor decks schema --line" in text

    checked = run("decks", "validate", str(path))
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr == ""

    lib = load_library([path])
    loaded = lib.decks["my-study"]
    assert {c.kind for c in loaded.cards if c.origin == "card"} == set(model.KINDS)
    assert loaded.tables, "the starter has a comparison table"
    assert all(c.changed is None or c.changed.now for c in loaded.cards)
    # the deck is now found by the other commands
    listed = json.loads(run("decks", "list", "--json").stdout)["decks"]
    assert "my-study" in [d["id"] for d in listed]


def test_decks_new_refuses_to_overwrite(home):
    assert run("decks", "new", "mine").exit_code == 0
    path = home / "decks" / "mine.yaml"
    path.write_text(path.read_text() + "# my edits\n")
    before = path.read_text()
    result = run("decks", "new", "mine")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert path.read_text() == before


def test_decks_new_refuses_an_id_used_by_another_deck(home):
    result = run("decks", "new", "kds-core")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"kinesis-tutor: error: deck id 'kds-core' is already used by {content_dir() / 'kds-core.yaml'}; pick "
        "another id (nothing was written)"
    )
    assert not (home / "decks" / "kds-core.yaml").exists()


@pytest.mark.parametrize("bad", ["my notes", "_x", "a/b", "../up", "é", "x" * 121])
def test_decks_new_refuses_invalid_ids(home, bad):
    result = run("decks", "new", bad)
    assert result.exit_code == 2
    assert f"'{bad}' is not a valid deck id" in result.stderr
    assert not (home / "decks").exists() or not any((home / "decks").iterdir())


@pytest.mark.parametrize("special", ["catalog", "facts", "facts-mine"])
def test_decks_new_refuses_ids_that_name_special_files(home, special):
    result = run("decks", "new", special)
    assert result.exit_code == 2
    assert "is the name of the service catalog or a facts file" in result.stderr


def test_decks_new_quotes_ids_that_yaml_would_read_as_numbers(home):
    assert run("decks", "new", "1.5").exit_code == 0
    assert run("decks", "validate", str(home / "decks" / "1.5.yaml")).exit_code == 0
    assert "1.5" in load_library([home / "decks"]).decks


# ------------------------------------------------------------------------------ add


def test_decks_add_needs_a_terminal(home):
    user_deck(home, "my-notes.yaml", MY_DECK)
    result = run("decks", "add", "my-notes")
    assert result.exit_code == 2
    assert result.stderr.startswith("kinesis-tutor: error: decks add needs an interactive terminal")


def test_decks_add_refuses_bundled_decks(home):
    result = run("decks", "add", "kds-core")
    assert result.exit_code == 1
    assert "'kds-core' is a bundled deck" in result.stderr
    assert "kinesis-tutor decks new" in result.stderr


def test_decks_add_unknown_deck(home):
    result = run("decks", "add", "nothing-here")
    assert result.exit_code == 1
    assert "no deck 'nothing-here'" in result.stderr


CARDS = {
    "basic": {"id": "new-basic", "front": "Front?", "back": "Back.", "explanation": "E", "tags": ["x"]},
    "cloze": {"id": "new-cloze", "text": "Records stay {{c1::24 hours}} by default.", "explanation": "E"},
    "mcq": {"id": "new-mcq", "question": "Q?", "choices": ["yes", "no", "1:30"], "answer": "no", "explanation": "E"},
    "multi": {
        "id": "new-multi",
        "question": "Q?",
        "choices": ["A", "B", "C"],
        "answers": ["A", "C"],
        "explanation": "E",
    },
    "numeric": {"id": "new-numeric", "question": "Q?", "answer": "2 MB/s", "tolerance": "5%", "explanation": "E"},
    "truefalse": {
        "id": "new-tf",
        "statement": "S.",
        "answer": False,
        "explanation": "E",
        "changed": {"before": "old", "now": "new", "since": "2024"},
    },
    "scenario": {
        "id": "new-scenario",
        "situation": "Many teams replay the same clicks.",
        "options": ["kds", "sqs-standard"],
        "answer": "kds",
        "why": "Replay.",
        "why_not": {"sqs-standard": "Deletes messages."},
        "clues": ["replay"],
        "explanation": "E",
        "source": "notes",
    },
}


def _context(home):
    from kinesis_tutor.app import paths

    return authoring.load_context(paths.resolve(), "my-notes")


@pytest.mark.parametrize("kind", list(CARDS))
def test_add_card_of_each_kind_keeps_the_file_and_loads(home, kind):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    ctx = _context(home)
    catalog, facts = ctx.catalog, ctx.facts
    card = authoring.build_card(kind, CARDS[kind])
    assert card["kind"] == kind and list(card)[:2] == ["id", "kind"]
    assert authoring.check_card(path, card, catalog, facts) == []

    authoring.append_card(path, card)

    after = path.read_text(encoding="utf-8")
    removed = [line for line in difflib.ndiff(MY_DECK.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == [], "appending changed existing lines"
    assert "  # a comment the author wants to keep\n" in after
    assert "\n# the comparison goes last\ntables:\n" in after, "the comment before tables: stays there"
    loaded = load_deck_file(path, catalog, facts)
    raw = [c for c in loaded.cards if c.id.split(".")[0] == card["id"]]
    assert raw, "the new card is in the deck"
    assert [c.id for c in loaded.cards if c.origin == "card"][:4] == ["shard", "limits.c1", "limits.c2", "throttle"]


def test_appended_card_reads_back_exactly(home):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    card = authoring.build_card("mcq", CARDS["mcq"])
    authoring.append_card(path, card)
    import yaml

    assert yaml.safe_load(path.read_text())["cards"][-1] == card  # 'yes', 'no', '1:30' stay text
    # and a second card goes after the first, separated by a blank line like the others
    authoring.append_card(path, authoring.build_card("basic", CARDS["basic"]))
    text = path.read_text()
    assert [c["id"] for c in yaml.safe_load(text)["cards"]] == ["shard", "limits", "throttle", "new-mcq", "new-basic"]
    assert "\n\n  - id: new-basic\n" in text


def test_append_to_a_bundled_style_deck_changes_no_existing_line(tmp_path):
    original = (content_dir() / "kds-core.yaml").read_text(encoding="utf-8")
    path = tmp_path / "copy.yaml"
    path.write_text(original, encoding="utf-8")
    authoring.append_card(path, authoring.build_card("basic", CARDS["basic"]))
    after = path.read_text(encoding="utf-8")
    assert after.startswith(original.rstrip("\n"))
    assert after[len(original.rstrip("\n")) :].lstrip("\n").startswith("  - id: new-basic\n    kind: basic\n")


def test_check_card_reports_problems_in_the_loaders_words(home):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    ctx = _context(home)
    catalog, facts = ctx.catalog, ctx.facts
    bad = authoring.build_card("mcq", {**CARDS["mcq"], "answer": "maybe"})
    assert authoring.check_card(path, bad, catalog, facts) == [
        "card 4 'new-mcq', answer: 'maybe' is not one of the choices"
    ]
    dup = authoring.build_card("basic", {**CARDS["basic"], "id": "shard"})
    assert authoring.check_card(path, dup, catalog, facts) == [
        "card 4 'shard', id: duplicate card id 'shard' (first used on line 7)"
    ]
    scen = authoring.build_card("scenario", {**CARDS["scenario"], "options": ["kds", "sqs-standard", "sns"]})
    assert authoring.check_card(path, scen, catalog, facts) == [
        "card 4 'new-scenario', why_not: why_not has no line for option 'sns'"
    ]
    empty = authoring.build_card("basic", {"id": "x", "front": "", "back": "B", "explanation": ""})
    assert authoring.check_card(path, empty, catalog, facts) == [
        "card 4 'x', explanation: must not be empty",
        "card 4 'x', front: must not be empty",
    ]
    # nothing was written by checking
    assert path.read_text() == MY_DECK


def test_build_card_leaves_out_empty_optional_fields():
    card = authoring.build_card(
        "numeric",
        {
            "id": " n ",
            "question": " Q? ",
            "answer": "1 MB/s",
            "tolerance": "",
            "explanation": "E",
            "tags": [],
            "source": "",
            "changed": None,
        },
    )
    assert card == {"id": "n", "kind": "numeric", "question": "Q?", "answer": "1 MB/s", "explanation": "E"}


def test_suggest_id_is_unique():
    assert authoring.suggest_id("mcq", {"mcq-1", "mcq-2", "basic-3"}) == "mcq-3"
    assert authoring.suggest_id("basic", set()) == "basic-1"


# ------------------------------------------------------------------------------ add, in a real terminal

DOWN = "\x1b[B"
ESC_ENTER = "\x1b\r"  # ends a multi-line answer in questionary


def spawn_add(home: Path, tmp_path: Path, deck: str = "my-notes", **extra_env: str):
    """``kinesis-tutor decks add DECK`` in a pseudo-terminal, run in ``tmp_path``; the screen in screen.log."""
    from conftest import spawn_cli

    log = tmp_path / "screen.log"
    log.write_text("")
    return spawn_cli(home, None, None, "decks", "add", deck, log=log, env=extra_env, cwd=tmp_path)


def test_decks_add_in_a_terminal_appends_an_mcq(home, tmp_path):
    import pexpect

    path = user_deck(home, "my-notes.yaml", MY_DECK)
    child = spawn_add(home, tmp_path)
    child.expect("What kind of card")
    child.send(DOWN + DOWN + "\r")  # basic, cloze, [mcq]
    child.expect("Card id")
    child.expect("mcq-1")  # the suggested id
    child.send("\r")
    child.expect("Question")
    child.send("Which service keeps order per shard?\r")
    child.expect("Choices")
    child.send("Data Streams\rData Firehose\rSQS standard" + ESC_ENTER)
    child.expect("Which choice is right")
    child.send("\r")  # the first: Data Streams
    child.expect("Explanation")
    child.send("Records of a shard are ordered by sequence number.\r")
    child.expect("Tags")
    child.send("kds, ordering\r")
    child.expect("Source")
    child.send("\r")
    child.expect("change over time")
    child.send("n")
    child.expect("Added card 'mcq-1' \\(mcq\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    import yaml

    assert yaml.safe_load(path.read_text())["cards"][-1] == {
        "id": "mcq-1",
        "kind": "mcq",
        "question": "Which service keeps order per shard?",
        "choices": ["Data Streams", "Data Firehose", "SQS standard"],
        "answer": "Data Streams",
        "explanation": "Records of a shard are ordered by sequence number.",
        "tags": ["kds", "ordering"],
    }
    assert "# a comment the author wants to keep" in path.read_text()
    assert run("decks", "validate", str(path)).exit_code == 0


def test_decks_add_checks_each_field_as_it_is_typed(home, tmp_path):
    import pexpect

    path = user_deck(home, "my-notes.yaml", MY_DECK)
    child = spawn_add(home, tmp_path)
    child.expect("What kind of card")
    child.send(DOWN * 4 + "\r")  # numeric
    child.expect("Card id")
    child.send("\x15retention\r")  # Ctrl-U clears the suggestion
    child.expect("Question")
    child.send("Default retention of a stream?\r")
    child.expect("Answer with its unit")
    child.send("${kds.retention_dflt}\r")  # a fact that does not exist: refused at once
    child.expect("unknown fact '\\$\\{kds.retention_dflt\\}' \\(did you mean 'kds.retention_default'\\?\\)")
    child.send("\x1524 hours\r")
    child.expect("Tolerance")
    child.send("lots\r")  # not a tolerance: refused at once, not after the last question
    child.expect("'lots' is not a tolerance")
    child.send("\x1510%\r")
    child.expect("Explanation")
    child.send("It can be raised.\r")
    child.expect("Tags")
    child.send("\r")
    child.expect("Source")
    child.send("\r")
    child.expect("change over time")
    child.send("n")
    child.expect("Added card 'retention' \\(numeric\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    import yaml

    assert yaml.safe_load(path.read_text())["cards"][-1] == {
        "id": "retention",
        "kind": "numeric",
        "question": "Default retention of a stream?",
        "answer": "24 hours",
        "tolerance": "10%",
        "explanation": "It can be raised.",
    }


EMPTY_DECK = """\
# grown with decks add
format_version: 1
id: fresh
title: Fresh
cards: []   # nothing yet
"""


def test_an_empty_deck_is_valid_and_grows_with_a_long_answer_written_in_the_editor(home, tmp_path):
    import pexpect
    import yaml

    path = user_deck(home, "fresh.yaml", EMPTY_DECK)
    assert run("decks", "validate", str(path)).exit_code == 0
    empty = run("decks", "preview", "fresh")
    assert empty.exit_code == 0 and "has no cards yet; add one with: kinesis-tutor decks add fresh" in empty.stdout
    editor = tmp_path / "ed.sh"
    editor.write_text("#!/bin/sh\nprintf 'Every second element:\\n\\n    xs[::2]\\n' > \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    child = spawn_add(home, tmp_path, "fresh", EDITOR=str(editor), TMPDIR=str(scratch))
    child.expect("What kind of card")
    child.send("\r")  # basic
    child.expect("Card id")
    child.send("\r")
    child.expect("Front")
    child.expect("write it in ed.sh")  # a long field says how to open the editor
    child.send("What does xs[::2] give?\r")  # typed on the line, as always
    child.expect("Back")
    child.send("\r")  # Enter on an empty line: the editor
    child.expect("Every second element: … \\(3 lines\\)")
    child.expect("Explanation")
    child.send("A slice with a step of 2.\r")
    child.expect("Tags")
    child.send("\r")
    child.expect("Source")
    child.send("\r")
    child.expect("change over time")
    child.send("n")
    child.expect("Added card 'basic-1' \\(basic\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = path.read_text()
    assert text.startswith("# grown with decks add\n") and "# nothing yet" in text
    [card] = yaml.safe_load(text)["cards"]
    assert card["back"] == "Every second element:\n\n    xs[::2]"
    assert card["front"] == "What does xs[::2] give?"
    assert list(scratch.iterdir()) == []  # the editor's file is gone
    shown = run("decks", "preview", "fresh")
    assert shown.exit_code == 0 and "xs[::2]" in shown.stdout


def test_decks_add_ctrl_c_writes_nothing(home, tmp_path):
    import pexpect

    path = user_deck(home, "my-notes.yaml", MY_DECK)
    child = spawn_add(home, tmp_path)
    child.expect("What kind of card")
    child.send("\r")  # basic
    child.expect("Card id")
    child.send("\r")
    child.expect("Front")
    child.send("Half a question")
    child.sendcontrol("c")
    child.expect("aborted; nothing was written to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert path.read_text() == MY_DECK
    assert [p.name for p in path.parent.iterdir()] == ["my-notes.yaml"]  # no temporary file left


class ScriptedCardPrompter:
    """Answers decks add's questions from a script, without a terminal; checks run as they would."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.problems: list[list[str]] = []

    def _next(self, message):
        if not self.replies:
            raise AssertionError(f"the script ran out at {message!r}")
        return self.replies.pop(0)

    def select(self, message, options, default=None):
        reply = self._next(message)
        assert reply in [value for _, value in options], (message, reply)
        return reply

    def text(self, message, *, default="", check=None, multiline=False, instruction=None, long=False):
        reply = self._next(message)
        reply = default if reply is None else reply
        assert check is None or check(reply) is True, (message, check(reply))
        return reply

    def checkbox(self, message, options, *, checked=(), check=None):
        reply = self._next(message)
        assert check is None or check(reply) is True
        return reply

    def confirm(self, message, default):
        return self._next(message)

    def show_problems(self, problems):
        self.problems.append(problems)


def test_decks_add_through_a_scripted_prompter_writes_the_card(home):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    ctx = _context(home)
    # kind, id (None: the suggested one), statement, answer, explanation, tags, source, no 'changed' note
    prompter = ScriptedCardPrompter(
        "truefalse", None, "Shards split automatically.", True, "Resharding is manual.", "", "", False
    )
    card = authoring.add_card(ctx, prompter)
    assert card == {
        "id": "truefalse-1",
        "kind": "truefalse",
        "statement": "Shards split automatically.",
        "answer": True,
        "explanation": "Resharding is manual.",
    }
    assert prompter.replies == [] and prompter.problems == []
    assert "truefalse-1" in [c.id for c in load_deck_file(path, ctx.catalog, ctx.facts).cards]


def test_decks_add_scripted_problem_then_abort_writes_nothing(home):
    path = user_deck(home, "my-notes.yaml", MY_DECK)
    # kind, id, question, choices (one twice: only the whole card's check sees it), answer, explanation,
    # tags, source, no 'changed' note, then "What now?": abort
    prompter = ScriptedCardPrompter("mcq", "dup", "Q?", "A\nA\nB", "A", "E.", "", "", False, False)
    with pytest.raises(TutorError, match="aborted; nothing was written"):
        authoring.add_card(_context(home), prompter)
    assert prompter.replies == [] and "two choices are the same" in prompter.problems[0][0]
    assert path.read_text() == MY_DECK


# ------------------------------------------------------------------------------ services, catalog, files

MY_CATALOG = """\
format_version: 1
services:
  - id: efs
    name: Amazon EFS
    aliases: [EFS, Elastic File System]
    purpose: Shared file system over NFS.
"""

SCENARIO_DECK = """\
format_version: 1
id: storage
title: Storage
cards:
  - id: shared-files
    kind: scenario
    situation: Many instances mount the same files.
    options: [{options}]
    answer: {answer}
    why: It is a shared file system.
    why_not:
      {other}: It is not.
    explanation: NFS.
"""


def test_decks_services_lists_ids_names_and_aliases_with_your_own_catalog(home):
    user_deck(home, "catalog.yaml", MY_CATALOG)
    table = run("decks", "services")
    assert table.exit_code == 0
    assert "msk" in table.stdout and "Kafka" in table.stdout and "Amazon EFS" in table.stdout
    data = json.loads(run("decks", "services", "--json").stdout)["services"]
    by_id = {s["id"]: s for s in data}
    assert "Kafka" in by_id["msk"]["aliases"]
    assert by_id["efs"]["aliases"] == ["EFS", "Elastic File System"]
    assert by_id["firehose"]["formerly"].startswith("Kinesis Data Firehose")


def test_an_alias_where_an_id_belongs_suggests_the_id(home):
    deck = user_deck(home, "storage.yaml", SCENARIO_DECK.format(options="kds, kafka", answer="kds", other="kafka"))
    result = run("decks", "validate", str(deck))
    assert result.exit_code == 1
    assert "unknown service 'kafka' (did you mean 'msk'?)" in result.stderr
    assert "'kinesis-tutor decks services' lists the service ids" in result.stderr
    assert "content/catalog.yaml" not in result.stderr


def test_a_service_from_your_catalog_in_a_subfolder_is_usable(home):
    (home / "decks" / "storage").mkdir(parents=True)
    user_deck(home, "storage/catalog.yaml", MY_CATALOG)
    deck = user_deck(home, "storage/files.yaml", SCENARIO_DECK.format(options="efs, s3", answer="efs", other="s3"))
    result = run("decks", "validate", str(deck))
    assert result.exit_code == 0, result.output


def test_a_problem_in_your_catalog_names_your_file(home):
    user_deck(home, "catalog.yaml", MY_CATALOG.replace("    purpose: Shared file system over NFS.\n", ""))
    result = run("decks", "validate")  # the display path is relative to the current folder
    assert result.exit_code == 1
    assert "home/decks/catalog.yaml:3:5: error:" in result.stderr and "purpose" in result.stderr
    services = run("decks", "services")
    assert services.exit_code == 1 and "home/decks/catalog.yaml:3:5" in services.stderr


def test_facts_in_a_subfolder_and_an_uppercase_extension_are_read(home):
    folder = home / "decks" / "aws"
    folder.mkdir(parents=True)
    (folder / "Facts-Mine.YML").write_text("format_version: 1\nfacts:\n  my.size: 5 GB\n", encoding="utf-8")
    (folder / "Sizes.YAML").write_text(
        textwrap.dedent(
            """\
            format_version: 1
            id: sizes
            title: Sizes
            cards:
              - id: size
                kind: numeric
                question: How big?
                answer: ${my.size}
                explanation: Because.
            """
        ),
        encoding="utf-8",
    )
    listed = json.loads(run("decks", "list", "--json").stdout)["decks"]
    assert "sizes" in {d["id"] for d in listed}
    preview = run("decks", "preview", "sizes")
    assert preview.exit_code == 0 and "5 GB" in preview.stdout


def test_checking_one_file_reads_the_facts_beside_it_not_below_it(home, tmp_path):
    below = tmp_path / "elsewhere" / "copy"
    below.mkdir(parents=True)
    for name in ("facts-a.yaml", "facts-b.yaml"):  # a clash, if they were read
        (below / name).write_text("format_version: 1\nfacts:\n  x.size: 1 GB\n", encoding="utf-8")
    (tmp_path / "facts.yaml").write_text("format_version: 1\nfacts:\n  my.size: 5 GB\n", encoding="utf-8")
    deck = tmp_path / "sizes.yaml"
    deck.write_text(
        "format_version: 1\nid: sizes\ntitle: Sizes\ncards:\n  - id: s\n    kind: numeric\n"
        "    question: How big?\n    answer: ${my.size}\n    explanation: E.\n",
        encoding="utf-8",
    )
    result = run("decks", "validate", str(deck))
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------------------ the screens' kind names


def test_the_screens_kind_names_are_read_as_kinds_with_a_note(home):
    from kinesis_tutor.ui.render import KIND_NAMES

    deck = user_deck(
        home,
        "names.yaml",
        """\
        format_version: 1
        id: names
        title: Names
        cards:
          - id: a
            kind: flashcard
            front: F
            back: B
            explanation: E
          - id: b
            kind: Multiple Choice
            question: Q?
            choices: [x, y]
            answer: x
            explanation: E
        """,
    )
    result = run("decks", "validate", str(deck))
    assert result.exit_code == 0, result.output
    assert "names.yaml:6:5: note: card 'a': kind 'flashcard' is read as 'basic'" in result.stderr
    assert "write kind: mcq" in result.stderr
    shown = run("decks", "show", "names")
    assert "multiple choice" in shown.stdout and "flashcard" in shown.stdout
    from kinesis_tutor.decks.kinds import canonical_kind

    for kind, label in KIND_NAMES.items():  # every name a screen shows is understood
        assert canonical_kind({"id": "x", "kind": label})[0]["kind"] == kind


def test_an_unknown_kind_is_still_an_error(home):
    deck = user_deck(home, "bad.yaml", BAD_DECK)
    result = run("decks", "validate", str(deck))
    assert result.exit_code == 1
    assert "unknown card kind 'flashcrad'" in result.stderr  # a misspelt name is not a kind
    assert "note:" not in result.stderr
