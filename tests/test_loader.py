"""Deck validation: one test per error class, each asserting the exact FILE:LINE:COL line the
author sees, plus the expansion of cloze cards and comparison tables into study cards."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kinesis_tutor.decks import model
from kinesis_tutor.decks.loader import DeckProblems, load_deck_file, load_library

CATALOG = {
    sid: model.Service(id=sid, name=name, purpose="test")
    for sid, name in [
        ("kds", "Kinesis Data Streams"),
        ("firehose", "Amazon Data Firehose"),
        ("sqs-standard", "SQS standard queue"),
        ("sns", "Amazon SNS"),
        ("msk", "Amazon MSK"),
    ]
}
HEAD = "format_version: 1\nid: notes\ntitle: My notes\n"  # lines 1-3 of every deck below


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(text: str, *, facts: dict[str, str] | None = None) -> list[str]:
    path = write("deck.yaml", text)
    with pytest.raises(DeckProblems) as exc:
        load_deck_file(path, CATALOG, facts or {})
    return [str(p) for p in exc.value.problems]


def load(text: str, *, facts: dict[str, str] | None = None):
    return load_deck_file(write("deck.yaml", text), CATALOG, facts or {})


BASIC = """\
  - id: {id}
    kind: basic
    front: What is a shard?
    back: A unit of capacity.
    explanation: Capacity is the sum of the shards.
"""


def deck(*cards: str, head: str = HEAD) -> str:
    return head + "cards:\n" + "".join(cards)


# ------------------------------------------------------------------------------ a good deck


def test_a_valid_deck_loads_with_deck_tags_on_every_card():
    loaded = load(HEAD + "tags: [kds]\ncards:\n" + BASIC.format(id="shard"))
    assert loaded.deck.id == "notes"
    [card] = loaded.cards
    assert (card.key, card.kind, card.prompt, card.answer) == (
        "notes/shard",
        "basic",
        "What is a shard?",
        ("A unit of capacity.",),
    )
    assert card.tags == ("kds",)


# ------------------------------------------------------------------------------ one test per error class


def test_unknown_key_with_did_you_mean():
    text = deck(
        "  - id: shard\n"  # 5
        "    kind: basic\n"
        "    front: F\n"
        "    back: B\n"
        "    explanation: E\n"
        "    tgas: [kds]\n"  # 10
    )
    assert problems(text) == ["deck.yaml:10:5: error: card 1 'shard': unknown key 'tgas' (did you mean 'tags'?)"]


def test_unknown_deck_key_with_did_you_mean():
    text = "format_version: 1\nid: notes\ntittle: My notes\ntitle: My notes\ncards:\n" + BASIC.format(id="a")
    assert problems(text) == ["deck.yaml:3:1: error: deck: unknown key 'tittle' (did you mean 'title'?)"]


def test_duplicate_card_ids():
    text = deck(BASIC.format(id="shard"), BASIC.format(id="shard"))  # cards on lines 5 and 10
    assert problems(text) == [
        "deck.yaml:10:5: error: card 2 'shard', id: duplicate card id 'shard' (first used on line 5)"
    ]


def test_missing_required_field():
    text = deck(
        "  - id: shard\n"  # 5
        "    kind: basic\n"
        "    front: What is a shard?\n"
        "    explanation: E\n"
    )
    assert problems(text) == ["deck.yaml:5:5: error: card 1 'shard': missing required field 'back'"]


def test_missing_deck_title():
    text = "format_version: 1\nid: notes\ncards:\n" + BASIC.format(id="a")
    assert problems(text) == ["deck.yaml:1:1: error: deck: missing required field 'title'"]


def test_wrong_type_text_instead_of_a_list():
    text = deck(
        "  - id: pick\n"  # 5
        "    kind: mcq\n"
        "    question: Which?\n"
        "    choices: Kinesis, SQS\n"  # 8
        "    answer: Kinesis\n"
        "    explanation: E\n"
    )
    assert problems(text) == ["deck.yaml:8:5: error: card 1 'pick', choices: expected a list, got text"]


def test_wrong_type_text_instead_of_true_or_false():
    text = deck(
        "  - id: tf\n"  # 5
        "    kind: truefalse\n"
        "    statement: Firehose can replay.\n"
        "    answer: maybe\n"  # 8
        "    explanation: E\n"
    )
    assert problems(text) == ["deck.yaml:8:5: error: card 1 'tf', answer: expected true or false, got 'maybe'"]


def test_cloze_with_no_deletion():
    text = deck(
        "  - id: limits\n"  # 5
        "    kind: cloze\n"
        "    text: One shard takes 1,000 records per second.\n"  # 7
        "    explanation: E\n"
    )
    assert problems(text) == [
        "deck.yaml:7:5: error: card 1 'limits', text: a cloze needs at least one deletion such as {{c1::answer}}"
    ]


def test_mcq_answer_not_among_choices():
    text = deck(
        "  - id: pick\n"
        "    kind: mcq\n"
        "    question: Which keeps order?\n"
        "    choices: [Kinesis Data Streams, SQS standard queue]\n"
        "    answer: Kinesis Data Stream\n"  # 9
        "    explanation: E\n"
    )
    assert problems(text) == [
        "deck.yaml:9:5: error: card 1 'pick', answer: 'Kinesis Data Stream' is not one of the choices "
        "(did you mean 'Kinesis Data Streams'?)"
    ]


def test_multi_answers_not_among_choices():
    text = deck(
        "  - id: replay\n"
        "    kind: multi\n"
        "    question: Which TWO can replay?\n"
        "    choices: [Kinesis Data Streams, Amazon MSK, SQS standard queue]\n"
        "    answers: [Kinesis Data Streams, Kafka]\n"  # 9; 'Kafka' at column 37
        "    explanation: E\n"
    )
    assert problems(text) == ["deck.yaml:9:37: error: card 1 'replay', answers #2: 'Kafka' is not one of the choices"]


def test_numeric_value_without_a_unit():
    text = deck(
        "  - id: records\n"
        "    kind: numeric\n"
        "    question: How many records per second can one shard take?\n"
        "    answer: 1000\n"  # 8
        "    explanation: E\n"
    )
    assert problems(text) == [
        "deck.yaml:8:5: error: card 1 'records', answer: the numeric answer '1000' has no unit "
        "(write it as e.g. '1000 records' or '1000 MB/s')"
    ]


SCENARIO = """\
  - id: clicks
    kind: scenario
    situation: Three teams read the same clicks and must re-read yesterday's data.
    options: [{options}]
    answer: {answer}
    clues: [{clues}]
    why: It keeps records and every consumer reads at its own position.
    why_not:
{why_not}    explanation: Replay plus several consumers means Data Streams.
"""


def scenario(
    options="kds, firehose", answer="kds", clues="three teams", why_not="      firehose: It cannot replay.\n"
) -> str:
    return deck(SCENARIO.format(options=options, answer=answer, clues=clues, why_not=why_not))


def test_valid_scenario_loads_with_service_names():
    [card] = load(scenario()).cards
    assert card.choices == ("kds", "firehose")
    assert card.labels == ("Kinesis Data Streams", "Amazon Data Firehose")
    assert card.why_not == (("firehose", "It cannot replay."),)


def test_scenario_answer_not_in_the_catalog():
    text = scenario(options="kds, kafka", answer="kafka", why_not="      kds: It is not Kafka.\n")
    assert problems(text) == [
        "deck.yaml:8:20: error: card 1 'clicks', options #2: unknown service 'kafka'; "
        "'kinesis-tutor decks services' lists the service ids",
        "deck.yaml:9:5: error: card 1 'clicks', answer: unknown service 'kafka'; "
        "'kinesis-tutor decks services' lists the service ids",
    ]


def test_scenario_unknown_service_suggests_a_close_id():
    text = scenario(options="kds, firehouse", why_not="      firehouse: It cannot replay.\n")
    assert problems(text)[0] == (
        "deck.yaml:8:20: error: card 1 'clicks', options #2: unknown service 'firehouse' "
        "(did you mean 'firehose'?); 'kinesis-tutor decks services' lists the service ids"
    )


def test_scenario_why_not_missing_an_option():
    text = scenario(options="kds, firehose, sns")
    assert problems(text) == ["deck.yaml:12:5: error: card 1 'clicks', why_not: why_not has no line for option 'sns'"]


def test_scenario_why_not_naming_the_answer():
    text = scenario(why_not="      firehose: It cannot replay.\n      kds: It is the answer.\n")
    assert problems(text) == [
        "deck.yaml:14:7: error: card 1 'clicks', why_not.kds: why_not names 'kds', which is the answer"
    ]


def test_clue_not_in_situation():
    text = scenario(clues="three teams, ordering")
    assert problems(text) == [
        "deck.yaml:10:26: error: card 1 'clicks', clues #2: the clue 'ordering' does not occur in the situation"
    ]


TABLE = """\
tables:
  - id: kds-vs-firehose
    title: Data Streams vs Data Firehose
    services: [kds, firehose]
    rows:
      - feature: Ordering
        cells: ["Per shard", "None"]
      - feature: Replay
        cells: ["Yes", "No", "Maybe"]
"""


def test_table_row_with_the_wrong_number_of_cells():
    assert problems(HEAD + TABLE) == [
        "deck.yaml:12:9: error: table 1 'kds-vs-firehose', row 2 'Replay', cells: "
        "row 'Replay' has 3 cells for 2 services (kds, firehose)"
    ]


def test_table_unquoted_true_false_cells_are_explained():
    text = HEAD + TABLE.replace('["Yes", "No", "Maybe"]', "[true, false]")
    assert problems(text) == [
        "deck.yaml:12:17: error: table 1 'kds-vs-firehose', row 2 'Replay', cells #1: "
        "expected text, got true (YAML reads an unquoted "
        'true or false that way); put the text in quotes, e.g. "true"',
        "deck.yaml:12:23: error: table 1 'kds-vs-firehose', row 2 'Replay', cells #2: "
        "expected text, got false (YAML reads an unquoted "
        'true or false that way); put the text in quotes, e.g. "false"',
    ]


def test_unquoted_yes_and_no_are_text_as_in_yaml_1_2(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text(HEAD + TABLE.replace('["Yes", "No", "Maybe"]', "[yes, no]"), encoding="utf-8")
    loaded = load_deck_file(path, CATALOG, {})
    assert [row.cells for row in loaded.tables[0].rows][1] == ["yes", "no"]


def test_unknown_card_kind_with_did_you_mean():
    text = deck(BASIC.format(id="shard").replace("kind: basic", "kind: multiple"))
    assert problems(text) == [
        "deck.yaml:6:5: error: card 1 'shard': unknown card kind 'multiple' (did you mean 'multi'?); "
        "the kinds are basic, cloze, mcq, multi, numeric, truefalse, scenario"
    ]


def test_card_without_kind():
    text = deck(BASIC.format(id="shard").replace("    kind: basic\n", ""))
    assert problems(text) == [
        "deck.yaml:5:5: error: card 1 'shard': a card needs a 'kind' "
        "(basic, cloze, mcq, multi, numeric, truefalse, scenario)"
    ]


def test_unknown_fact():
    text = (
        HEAD
        + "facts:\n  kds.write_per_shard: 1 MB/s\n"
        + "cards:\n"
        + "  - id: write\n"  # 7
        + "    kind: numeric\n"
        + "    question: How much can one shard take in?\n"
        + "    answer: ${kds.write_per_shrd}\n"  # 10
        + "    explanation: E\n"
    )
    assert problems(text) == [
        "deck.yaml:10:5: error: card 1 'write', answer: unknown fact '${kds.write_per_shrd}' (did you mean "
        "'kds.write_per_shard'?)"
    ]


def test_facts_are_substituted_deck_facts_win():
    text = (
        HEAD
        + "facts:\n  retention: 24 hours\n"
        + "cards:\n  - id: r\n    kind: numeric\n    question: Default retention? (${shared.name})\n"
        + "    answer: ${retention}\n    explanation: It is ${retention}.\n"
    )
    [card] = load(text, facts={"retention": "7 days", "shared.name": "KDS"}).cards
    assert card.prompt == "Default retention? (KDS)"
    assert card.answer == ("24 hours",)
    assert card.explanation == "It is 24 hours."


def test_file_that_is_not_a_mapping():
    assert problems("- id: a\n- id: b\n") == [
        "deck.yaml:1:1: error: a deck must be a mapping (id:, title:, cards: …), not a list"
    ]


def test_empty_file():
    assert problems("") == ["deck.yaml:1:1: error: the file is empty"]


def test_file_not_utf8():
    path = Path("deck.yaml")
    path.write_bytes(HEAD.encode() + b"description: Notizen f\xfcr die Pr\xfcfung\n")
    with pytest.raises(DeckProblems) as exc:
        load_deck_file(path, CATALOG, {})
    assert [str(p) for p in exc.value.problems] == [
        "deck.yaml:4:23: error: the file is not UTF-8 text (byte 0xfc); save it as UTF-8"
    ]


def test_python_object_tag_is_an_error_not_code():
    text = deck("  - !!python/object/apply:os.system ['echo pwned']\n")
    assert problems(text) == [
        "deck.yaml:5:5: error: unsupported YAML tag '!!python/object/apply:os.system': decks are plain YAML, "
        "nothing in them ever runs; remove the tag (quote it if the value is text)"
    ]


def test_invalid_yaml_syntax():
    text = deck("  - id: a\n    kind: basic\n    front: [What is\n    back: B\n")
    (only,) = problems(text)  # the reason after the prefix is libyaml's own wording
    assert only.startswith("deck.yaml:8:") and ": error: not valid YAML: " in only, only


def test_wrong_format_version():
    text = deck(BASIC.format(id="a"), head="format_version: 2\nid: notes\ntitle: T\n")
    assert problems(text) == [
        "deck.yaml:1:1: error: format_version: this version of kinesis-tutor reads format_version 1, not 2"
    ]


def test_deck_without_cards_or_tables():
    assert problems(HEAD) == ["deck.yaml:1:1: error: the deck has no cards and no tables"]


def test_several_problems_in_one_file_are_all_reported_in_line_order():
    text = deck(
        "  - id: a\n"  # 5
        "    kind: basic\n"
        "    front: F\n"
        "    explanation: E\n"
        "  - id: b\n"  # 9
        "    kind: mcq\n"
        "    question: Q\n"
        "    choices: [A, B]\n"
        "    answer: C\n"  # 13
        "    explanation: E\n"
        "  - id: c\n"  # 15
        "    kind: cloze\n"
        "    text: no deletion\n"  # 17
        "    explanation: E\n"
        "  - id: a\n"  # 19
        "    kind: truefalse\n"
        "    statement: S\n"
        "    answer: true\n"
        "    explanation: E\n"
    )
    assert problems(text) == [
        "deck.yaml:5:5: error: card 1 'a': missing required field 'back'",
        "deck.yaml:13:5: error: card 2 'b', answer: 'C' is not one of the choices",
        "deck.yaml:17:5: error: card 3 'c', text: a cloze needs at least one deletion such as {{c1::answer}}",
        "deck.yaml:19:5: error: card 4 'a', id: duplicate card id 'a' (first used on line 5)",
    ]


# ------------------------------------------------------------------------------ libraries of decks


def test_two_decks_with_the_same_id_name_both_files():
    write("decks/a.yaml", deck(BASIC.format(id="x")))
    write("decks/b.yaml", deck(BASIC.format(id="y")))
    lib = load_library([Path("decks")])
    assert list(lib.decks) == ["notes"]
    assert lib.decks["notes"].file == Path("decks/a.yaml")
    assert [str(p) for p in lib.problems] == [
        "decks/b.yaml:2:1: error: deck id 'notes' is already used by decks/a.yaml; deck ids must be unique, "
        "and study skips this file: give this deck another id"
    ]


def test_one_bad_deck_among_good_ones_the_good_ones_still_load():
    write("decks/good-1.yaml", deck(BASIC.format(id="x")))
    write(
        "decks/bad.yaml",
        deck(BASIC.format(id="x").replace("kind: basic", "kind: flash"), head=HEAD.replace("notes", "bad")),
    )
    write("decks/good-2.yaml", deck(BASIC.format(id="y"), head=HEAD.replace("notes", "other")))
    lib = load_library([Path("decks")])
    assert sorted(lib.decks) == ["notes", "other"]
    assert [c.key for c in lib.cards()] == ["notes/x", "other/y"]
    assert [str(p) for p in lib.problems] == [
        "decks/bad.yaml:6:5: error: card 1 'x': unknown card kind 'flash'; the kinds are basic, cloze, mcq, "
        "multi, numeric, truefalse, scenario"
    ]


def test_catalog_and_facts_files_beside_decks_are_not_decks():
    write("decks/facts.yaml", "format_version: 1\nfacts:\n  my.limit: 5 shards\n")
    write("decks/notes.yaml", deck(BASIC.format(id="x").replace("A unit of capacity.", "${my.limit}")))
    lib = load_library([Path("decks")])
    assert lib.problems == []
    assert list(lib.decks) == ["notes"]
    assert lib.cards()[0].answer == ("5 shards",)


# ------------------------------------------------------------------------------ expansion


def test_cloze_becomes_one_card_per_number():
    text = deck(
        "  - id: limits\n"
        "    kind: cloze\n"
        '    text: "One shard takes {{c1::1,000}} records and {{c2::1 MB::size}} per second; {{c1::reads}} differ."\n'
        "    explanation: Both limits apply.\n"
    )
    cards = load(text).cards
    assert [c.id for c in cards] == ["limits.c1", "limits.c2"]
    c1, c2 = cards
    # Deletions with the same number are asked together; the others are shown filled in.
    assert c1.prompt == "One shard takes […] records and 1 MB per second; […] differ."
    assert c1.answer == ("1,000", "reads")
    assert c2.prompt == "One shard takes 1,000 records and [size] per second; reads differ."
    assert c2.answer == ("1 MB",)
    assert c2.hints == ("size",)
    assert c1.context == c2.context == "One shard takes 1,000 records and 1 MB per second; reads differ."


def test_table_generates_forward_and_reverse_cards_per_cell():
    text = HEAD + textwrap.dedent("""\
        tables:
          - id: cmp
            title: Streams, Firehose and SQS
            services: [kds, firehose, sqs-standard]
            rows:
              - feature: Replay
                cells: ["Yes", "No", "No"]
              - id: managed
                feature: Fully managed
                cells: ["Yes", "Yes", "Yes"]
        """)
    loaded = load(text)
    cards = {c.id: c for c in loaded.cards}
    assert list(cards) == [
        "cmp.replay.kds",
        "cmp.replay.firehose",
        "cmp.replay.sqs-standard",  # forward: one per cell
        "cmp.replay.which.kds",
        "cmp.replay.which.firehose",  # reverse: one per distinct value
        "cmp.managed.kds",
        "cmp.managed.firehose",
        "cmp.managed.sqs-standard",  # same everywhere: no reverse
    ]
    fwd = cards["cmp.replay.firehose"]
    assert (fwd.kind, fwd.prompt, fwd.choices, fwd.answer) == (
        "mcq",
        "Streams, Firehose and SQS — Replay: which is true of Amazon Data Firehose?",
        ("Yes", "No"),
        ("No",),
    )
    unique = cards["cmp.replay.which.kds"]
    assert (unique.kind, unique.answer, unique.choices) == (
        "mcq",
        ("Kinesis Data Streams",),
        ("Kinesis Data Streams", "Amazon Data Firehose", "SQS standard queue"),
    )
    shared = cards["cmp.replay.which.firehose"]
    assert (shared.kind, shared.answer, shared.choose) == ("multi", ("Amazon Data Firehose", "SQS standard queue"), 2)
    same = cards["cmp.managed.kds"]
    assert (same.kind, same.answer) == ("basic", ("Yes",))
    assert all(c.origin == "table" and "table" in c.tags for c in loaded.cards)
    assert [t.id for t in loaded.tables] == ["cmp"]


# ------------------------------------------------------------------------------ facts that use facts, literal ${…}


def fact_deck(facts: str, answer: str = "${a}", front: str = "What?") -> str:
    return (
        HEAD
        + "facts:\n"
        + facts
        + "cards:\n"
        + "  - id: c\n    kind: basic\n"
        + f"    front: {front}\n    back: '{answer}'\n    explanation: E\n"
    )


def test_a_fact_may_use_other_facts_deck_and_shared():
    text = fact_deck("  a: ${b} per shard\n  b: ${shared.n} MB/s\n")
    [card] = load(text, facts={"shared.n": "1"}).cards
    assert card.answer == ("1 MB/s per shard",)


def test_shared_facts_may_use_each_other():
    write("decks/facts.yaml", "format_version: 1\nfacts:\n  kds.rate: ${kds.mb} MB/s\n  kds.mb: '1'\n")
    write("decks/notes.yaml", fact_deck("  a: ${kds.rate}\n"))
    lib = load_library([Path("decks")])
    assert lib.problems == []
    assert lib.cards()[0].answer == ("1 MB/s",)


def test_facts_in_a_circle_are_an_error_naming_the_circle():
    text = fact_deck("  a: ${b}\n  b: ${c}\n  c: x ${a}\n")  # facts on lines 5, 6, 7
    assert problems(text) == ["deck.yaml:7:3: error: facts.c: the facts refer to each other in a circle: a → b → c → a"]


def test_a_fact_that_uses_itself_is_a_circle():
    assert problems(fact_deck("  a: more ${a}\n")) == [
        "deck.yaml:5:3: error: facts.a: the facts refer to each other in a circle: a → a"
    ]


def test_a_shared_fact_circle_points_into_the_facts_file():
    write("decks/facts.yaml", "format_version: 1\nfacts:\n  x: ${y}\n  y: ${x}\n")
    write("decks/notes.yaml", fact_deck("  a: '1'\n"))
    lib = load_library([Path("decks")])
    assert [str(p) for p in lib.problems] == [
        "decks/facts.yaml:4:3: error: facts.y: the facts refer to each other in a circle: x → y → x"
    ]


def test_an_unknown_fact_inside_a_fact():
    assert problems(fact_deck("  a: ${rate}\n  rates: '2'\n")) == [
        "deck.yaml:5:3: error: facts.a: unknown fact '${rate}' (did you mean 'rates'?)"
    ]


def test_a_fact_that_doubles_itself_level_after_level_is_refused():
    lines = "".join(f"  f{i}: ${{f{i + 1}}}${{f{i + 1}}}\n" for i in range(20)) + "  f20: xxxxxxxxxx\n"
    (only,) = problems(fact_deck(lines, answer="${f0}"))
    assert only.endswith("the value grows to more than 100,000 characters once its facts are filled in"), only


def test_a_double_dollar_writes_a_literal_reference():
    text = fact_deck("  a: '1'\n", answer="$${AWS::Region} and ${a}", front="Echo $${HOME} in a shell?")
    [card] = load(text).cards
    assert card.prompt == "Echo ${HOME} in a shell?"
    assert card.answer == ("${AWS::Region} and 1",)


# ------------------------------------------------------------------------------ cloze answers with :: and }}


def cloze_cards(text: str):
    return load(deck(f"  - id: z\n    kind: cloze\n    text: '{text}'\n    explanation: E\n")).cards


def test_a_cloze_answer_may_contain_escaped_colons_and_braces():
    c1, c2, c3 = cloze_cards(
        r"Every second item: {{c1::xs[\::2]}}; a C++ list: {{c2::std\::vector::type}}; {{c3::a\}}b}}"
    )
    assert (c1.answer, c2.answer, c3.answer) == (("xs[::2]",), ("std::vector",), ("a}}b",))
    assert c2.hints == ("type",)
    assert c1.prompt == "Every second item: […]; a C++ list: std::vector; a}}b"
    assert c1.context == "Every second item: xs[::2]; a C++ list: std::vector; a}}b"


def test_escaped_braces_outside_a_deletion_are_literal_text():
    [card] = cloze_cards(r"Helm writes \{{ .Values.x }} for {{c1::a value}}; C:\Windows stays")
    assert card.prompt == "Helm writes {{ .Values.x }} for […]; C:\\Windows stays"


def test_an_unclosed_deletion_is_an_error_not_a_cut_answer():
    text = deck("  - id: z\n    kind: cloze\n    text: 'Every second item: {{c1::xs[::2]'\n    explanation: E\n")
    assert problems(text) == ["deck.yaml:7:5: error: card 1 'z', text: a deletion is not closed with }}"]
