"""One truth for the deck format: the JSON Schema that 'decks schema' prints and the loader agree.

Every deck a learner meets — the starter of 'decks new', every bundled deck, every example of
docs/deck-format.md — passes a standard JSON Schema validator (the ``jsonschema`` library) reading
the YAML as an editor's language server does (YAML 1.2: '2024-02-01' is text, '0' a number); decks
the loader refuses for their structure the schema refuses too.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.cli import app
from kinesis_tutor.decks import model
from kinesis_tutor.decks.loader import DeckProblems, is_deck_file, load_deck_document, load_support
from kinesis_tutor.decks.yamlsource import parse_text

DOCS = Path(__file__).resolve().parent.parent / "docs" / "deck-format.md"
runner = CliRunner()


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (1.2 core schema): no dates, only true/false."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def editor_reads(text: str):
    return yaml.load(text, Loader=Yaml12Loader)


def schema_errors(data, schema=None) -> list[str]:
    schema = schema or model.deck_json_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def loader_problems(data) -> list[str]:
    """What the loader says about a deck given as data or as YAML text."""
    catalog, facts = load_support([content_dir()], [])
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = parse_text(text, "example.yaml")
    try:
        load_deck_document(doc, catalog, facts)
    except DeckProblems as exc:
        return [str(p) for p in exc.problems]
    return []


# ------------------------------------------------------------------------------ the schema itself


def test_the_schema_is_a_valid_draft_07_schema_with_its_own_schema_line():
    schema = model.deck_json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_decks_schema_line_writes_the_schema_and_prints_the_editor_line(isolated_home):
    result = runner.invoke(app, ["decks", "schema", "--line"])
    assert result.exit_code == 0, result.output
    schema_file = isolated_home / "deck.schema.json"
    assert result.stdout == f"# yaml-language-server: $schema={schema_file}\n"
    assert editor_reads(schema_file.read_text()) == model.deck_json_schema()


# ------------------------------------------------------------------------------ what learners meet


def test_the_starter_deck_passes_the_schema(isolated_home):
    result = runner.invoke(app, ["decks", "new", "my-notes"])
    assert result.exit_code == 0, result.output
    text = (isolated_home / "decks" / "my-notes.yaml").read_text(encoding="utf-8")
    assert "tolerance: 0" in text  # the line the YAML language server used to flag
    assert schema_errors(editor_reads(text)) == []


BUNDLED = sorted(p for p in content_dir().rglob("*") if p.is_file() and is_deck_file(p))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_deck_passes_the_schema(path):
    assert schema_errors(editor_reads(path.read_text(encoding="utf-8"))) == []


def test_the_catalog_and_facts_files_pass_their_schemas():
    for path in content_dir().rglob("*.yaml"):
        if path.name == "catalog.yaml":
            assert schema_errors(editor_reads(path.read_text()), model.json_schema(model.Catalog)) == [], path
        elif path.name.startswith("facts"):
            assert schema_errors(editor_reads(path.read_text()), model.json_schema(model.FactsFile)) == [], path


def doc_examples() -> list[tuple[int, str]]:
    """Every ```yaml block of docs/deck-format.md, with the line it starts on."""
    text = DOCS.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 2, m.group(1)) for m in re.finditer(r"```yaml\n(.*?)```", text, re.DOTALL)]


def assembled_examples() -> tuple[dict, list[tuple[str, dict, dict]]]:
    """The deck-format page's examples put together: the deck example with every card and table
    example in it; and the other files (facts, catalog) with their schemas. A block whose first line
    is indented continues the card of the block before it; '[...]' stands for the examples below."""
    deck: dict = {}
    cards: list[dict] = []
    tables: list[dict] = []
    others: list[tuple[str, dict, dict]] = []
    for line, block in doc_examples():
        where = f"docs/deck-format.md:{line}"
        data = editor_reads(block) if not block.startswith(" ") else editor_reads(textwrap.dedent(block))
        if data is None:
            continue  # a comment only (the editor's first line)
        if block.startswith(" "):
            cards[-1] = {**cards[-1], **data}
        elif isinstance(data, list) and all(isinstance(c, dict) and "kind" in c for c in data):
            cards += data
        elif isinstance(data, dict) and "services" in data and "id" not in data:
            others.append((where, data, model.json_schema(model.Catalog)))
        elif isinstance(data, dict) and "facts" in data and "id" not in data:
            others.append((where, data, model.json_schema(model.FactsFile)))
        elif isinstance(data, dict) and set(data) == {"tables"}:
            tables += data["tables"]
        elif isinstance(data, dict) and "format_version" in data:
            deck = {k: [x for x in v if x != "..."] if isinstance(v, list) else v for k, v in data.items()}
        else:
            pytest.fail(f"{where}: an example this test does not know how to check")
    assert deck and cards and tables, "the page shows a deck, cards and tables"
    return {**deck, "cards": deck.get("cards", []) + cards, "tables": deck.get("tables", []) + tables}, others


def test_every_example_of_the_deck_format_page_passes_the_schema_and_the_loader():
    deck, others = assembled_examples()
    assert schema_errors(deck) == []
    assert loader_problems(deck) == []
    for where, data, schema in others:
        assert schema_errors(data, schema) == [], where


# ------------------------------------------------------------------------------ the two agree on mistakes


CARD = {"id": "shard", "kind": "basic", "front": "What is a shard?", "back": "A unit.", "explanation": "E."}
DECK = {"format_version": 1, "id": "notes", "title": "Notes", "cards": [CARD]}


def with_card(**change) -> dict:
    card = {k: v for k, v in {**CARD, **change}.items() if v is not None}
    return {**DECK, "cards": [card]}


@pytest.mark.parametrize(
    "deck",
    [
        with_card(tgas=["kds"]),  # an unknown key
        with_card(back=None),  # a missing field
        with_card(kind="flashcards"),  # an unknown kind
        with_card(id="Shard"),  # an id that is not lowercase
        with_card(id="a shard"),  # an id with a space
        with_card(front=""),  # empty text
        with_card(tags="kds"),  # text where a list is wanted
        {**DECK, "id": "My-Notes"},
        {**DECK, "format_version": 2},
    ],
    ids=["unknown key", "missing", "kind", "uppercase id", "space in id", "empty", "not a list", "deck id", "v2"],
)
def test_what_the_loader_refuses_for_its_structure_the_schema_refuses(deck):
    assert loader_problems(deck) != []
    assert schema_errors(deck) != []


@pytest.mark.parametrize(
    "card",
    [
        "kind: numeric\n    question: Q?\n    answer: 1 MB/s\n    tolerance: 0",
        "kind: mcq\n    question: Q?\n    choices: [3.1, 3.10, 0755]\n    answer: 3.10",
        "kind: basic\n    front: 42\n    back: 2024-02-30",
        "kind: truefalse\n    statement: S.\n    answer: false",
    ],
    ids=["tolerance 0", "numbers as choices", "numbers and dates as text", "true/false"],
)
def test_what_an_editor_reads_as_a_number_both_accept_as_text(card):
    text = f"format_version: 1\nid: notes\ntitle: Notes\ncards:\n  - id: c\n    explanation: E.\n    {card}\n"
    assert schema_errors(editor_reads(text)) == []
    assert loader_problems(text) == []


def test_an_uppercase_id_is_refused_with_the_lowercase_one_to_write(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text(yaml.safe_dump(with_card(id="Shard-Limits")), encoding="utf-8")
    result = runner.invoke(app, ["decks", "validate", str(path)])
    assert result.exit_code == 1
    problem = result.stderr.splitlines()[0]
    assert problem.endswith(
        "error: card 1 'Shard-Limits', id: ids are lowercase: write 'shard-limits' (on a card you have studied, "
        "add 'was: [Shard-Limits]' to keep its review history)"
    ), problem
