"""The bundled Kinesis decks: they validate, they are big enough, and they never teach a wrong number.

These tests read the content twice: through the loader (what a learner sees, with every ``${fact}``
substituted) and as raw YAML (to check that numbers come from the shared fact files instead of being
typed into cards). Each test was checked against a planted error (a wrong number, a missing
``why_not`` line, a duplicate fact, ...) before it was trusted.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.core.cards import CLOZE, Card
from kinesis_tutor.core.units import UnitError, parse_quantity
from kinesis_tutor.decks.expand import asks, row_id
from kinesis_tutor.decks.loader import FACT_FILE, FACT_REF, deck_files, load_library

SIZING_DECK = "sizing"  # worked calculations: their answers are computed, not facts


# ---------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lib():
    return load_library([content_dir()])


@pytest.fixture(scope="module")
def written(lib) -> list[Card]:
    return [c for c in lib.cards() if c.origin == "card"]


@pytest.fixture(scope="module")
def raw_decks() -> dict[str, dict]:
    """Every deck file as plain YAML, before any ${fact} is substituted (keyed by deck id)."""
    out = {}
    for path in deck_files([content_dir()]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["id"]] = data
    return out


@pytest.fixture(scope="module")
def fact_files() -> list[Path]:
    return sorted(p for p in content_dir().glob("facts*.y*ml") if FACT_FILE.match(p.name))


def _quantity(text: str):
    """The quantity ``text`` states, or None when it is not exactly a number with a unit."""
    try:
        q = parse_quantity(text)
    except UnitError:
        return None
    return q if q.has_unit else None


# ---------------------------------------------------------------------------------- validity


def test_content_validates_with_no_problems(lib):
    assert lib.problems == [], "\n".join(map(str, lib.problems))
    assert lib.decks, "no bundled decks found"


def test_every_card_has_an_explanation_and_a_tag(lib):
    bad = [c.key for c in lib.cards() if not c.explanation.strip() or not c.tags]
    assert bad == []


def test_every_changed_note_says_before_now_and_since(lib):
    bad = [
        c.key
        for c in lib.cards()
        if c.changed and not (c.changed.before.strip() and c.changed.now.strip() and (c.changed.since or "").strip())
    ]
    assert bad == []


def test_cards_are_tagged_by_service(lib):
    """`--tag kds`, `--tag firehose` … must find every card about that service."""
    services = {
        "kds",
        "firehose",
        "flink",
        "kvs",
        "sqs",
        "sqs-fifo",
        "sns",
        "msk",
        "kafka",
        "lambda",
        "s3",
        "glue",
        "athena",
        "opensearch",
        "redshift",
        "eventbridge",
        "amazon-mq",
        "step-functions",
        "iot-core",
        "rekognition",
        "dynamodb-streams",
        "kinesis-family",
        "messaging",
    }
    untagged = [c.key for c in lib.cards() if not set(c.tags) & services]
    assert untagged == []
    tags = Counter(t for c in lib.cards() for t in c.tags)
    for topic in (
        "exam-trap",
        "scenario",
        "sizing",
        "limits",
        "retention",
        "ordering",
        "consumers",
        "security",
        "buffering",
        "changed",
        "comparison",
    ):
        assert tags[topic] >= 5, f"exam topic tag '{topic}' is on only {tags[topic]} cards"


# ---------------------------------------------------------------------------------- counts

# The issue asks for "at least 300 cards" written by hand, cards generated from table cells
# counted separately. A cloze source card is counted ONCE here (the conservative reading),
# although the learner studies each of its deletions as a separate card.
MIN_WRITTEN = 300
MIN_SCENARIOS = 60
MIN_SIZING = 10

# Per deck: source cards written by hand (a cloze counts once). Set a little under today's
# counts so that deleting a block of cards by accident fails, while small edits do not.
MIN_PER_DECK = {
    "kds-core": 30,
    "kds-limits": 28,
    "kds-capacity": 20,
    "kds-consumers": 30,
    "security": 14,
    "firehose": 50,
    "flink-video": 22,
    "messaging": 52,
    "comparisons": 16,
    "exam-traps": 30,
    "scenarios-streaming": 45,
    "scenarios-messaging": 27,
    "sizing": 18,
}
MIN_TABLE_CARDS = 30  # only the cells worth asking (each row's `ask`); the rest stay in compare


def test_written_card_count(raw_decks, written):
    source_cards = sum(len(d.get("cards") or []) for d in raw_decks.values())
    print(f"\nwritten cards: {source_cards} source cards, {len(written)} study cards (each cloze deletion counted)")
    assert source_cards >= MIN_WRITTEN
    assert len(written) >= source_cards


def test_table_cards_are_reported_separately(lib):
    from_tables = [c for c in lib.cards() if c.origin == "table"]
    print(f"\ncards generated from {len(lib.tables())} tables: {len(from_tables)}")
    assert len(from_tables) >= MIN_TABLE_CARDS
    assert len(from_tables) <= 0.15 * len(lib.cards()), "table cards crowd out the written ones"
    assert all(c.deck == "comparisons" for c in from_tables)


def test_per_deck_minimums(raw_decks):
    counts = {deck: len(d.get("cards") or []) for deck, d in raw_decks.items()}
    assert set(MIN_PER_DECK) <= set(counts), f"missing decks: {set(MIN_PER_DECK) - set(counts)}"
    short = {deck: (counts[deck], need) for deck, need in MIN_PER_DECK.items() if counts[deck] < need}
    assert short == {}, f"deck: (cards, minimum) {short}"


def test_scenario_count(written):
    scenarios = [c for c in written if c.kind == "scenario"]
    assert len(scenarios) >= MIN_SCENARIOS


def test_numbers_are_asked_as_numeric_cards(written):
    numeric = [c for c in written if c.kind == "numeric"]
    assert len(numeric) >= 100
    by_deck = Counter(c.deck for c in numeric)
    for deck in ("kds-limits", "kds-capacity", "kds-consumers", "firehose", "messaging", "sizing"):
        assert by_deck[deck] >= 8, f"{deck} asks only {by_deck[deck]} numbers"


def test_sizing_calculations_are_worked(written):
    # cards tagged sizing that are calculations (a true/false sizing trap is not one)
    sizing = [c for c in written if "sizing" in c.tags and c.kind == "numeric"]
    assert len(sizing) >= MIN_SIZING
    assert all(c.kind == "numeric" for c in written if c.deck == SIZING_DECK)
    for card in sizing:
        assert _quantity(card.answer[0]), f"{card.key}: the answer is not a number with a unit"
        # a worked explanation shows the arithmetic, not just the result
        assert re.search(r"[×÷=]|\d\s*[x*/]\s*\d", card.explanation), f"{card.key}: no arithmetic shown"
        assert re.search(r"\d", card.explanation), card.key


# ---------------------------------------------------------------------------------- scenarios


def test_every_scenario_explains_every_option(written):
    scenarios = [c for c in written if c.kind == "scenario"]
    assert scenarios
    for card in scenarios:
        answer = card.answer[0]
        why_not = card.why_not_map()
        assert len(card.choices) >= 3, f"{card.key}: a scenario needs at least three options"
        assert set(why_not) == set(card.choices) - {answer}, card.key
        assert all(reason.strip() for reason in why_not.values()), f"{card.key}: an empty why_not line"
        assert card.why.strip(), f"{card.key}: no why"


def test_every_scenario_clue_occurs_in_its_situation(written):
    for card in (c for c in written if c.kind == "scenario"):
        assert card.clues, f"{card.key}: no clues"
        situation = card.prompt.lower()
        missing = [clue for clue in card.clues if clue.lower() not in situation]
        assert missing == [], f"{card.key}: clues not in the situation: {missing}"


def test_scenarios_offer_a_variety_of_answers(written):
    answers = Counter(c.answer[0] for c in written if c.kind == "scenario")
    for service in ("kds", "firehose", "flink", "kvs", "sqs-standard", "sqs-fifo", "sns", "msk"):
        assert answers[service] >= 2, f"only {answers[service]} scenarios answer {service}"


# ---------------------------------------------------------------------------------- tables

# Every comparison table of the study notes (provisioned vs on-demand is taught as cards,
# because both columns would be the same catalog service).
NOTE_TABLES = {
    "streams-vs-firehose",
    "kinesis-sqs-sns",
    "streams-vs-kafka",
    "kinesis-vs-sqs",
    "sqs-standard-vs-fifo",
    "streams-vs-sqs-fifo",
    "kinesis-family",
}
PROVISIONED_VS_ON_DEMAND = [
    "comparisons/pod-billing",
    "comparisons/pod-who-scales",
    "comparisons/pod-choose",
    "comparisons/pod-modes",
]


def test_every_comparison_table_of_the_notes_is_present(lib):
    present = {t.id for _, t in lib.tables()}
    assert present >= NOTE_TABLES, f"missing tables: {NOTE_TABLES - present}"
    keys = {c.key for c in lib.cards()}
    assert [k for k in PROVISIONED_VS_ON_DEMAND if k not in keys] == []


def test_every_asked_table_cell_generates_its_cards(lib):
    """Each row makes exactly the cards its `ask` lists: SERVICE (what is true of it), which.SERVICE (which
    service has its value); their ids are the ids table cards always had, so no review history is lost."""
    catalog = lib.catalog
    by_deck_id = {(c.deck, c.id): c for c in lib.cards() if c.origin == "table"}
    checked = 0
    for deck, table in lib.tables():
        names = dict(zip(table.services, (catalog[s].name for s in table.services), strict=True))
        for row in table.rows:
            rid, asked = row_id(row), asks(row, table)
            cells = dict(zip(table.services, row.cells, strict=True))
            for service, value in cells.items():
                forward = by_deck_id.get((deck, f"{table.id}.{rid}.{service}"))
                assert (forward is not None) == (service in asked), f"{table.id}.{rid}.{service}"
                if forward is not None:
                    assert forward.answer == (value,) and value in forward.choices
                    checked += 1
                holders = [s for s, v in cells.items() if v == value]
                reverse = by_deck_id.get((deck, f"{table.id}.{rid}.which.{holders[0]}"))
                wanted = len(holders) < len(cells) and any(f"which.{h}" in asked for h in holders)
                assert (reverse is not None) == wanted, f"{table.id}.{rid}.which.{holders[0]}"
                if reverse is not None:
                    assert f"“{value}”" in reverse.prompt
                    assert set(reverse.answer) == {names[h] for h in holders}
                    assert set(reverse.choices) >= set(names.values())
                    checked += 1
    assert checked >= MIN_TABLE_CARDS


# ---------------------------------------------------------------------------------- consistency guard
#
# "No two cards may teach different values for the same fact." Numbers live once, in
# content/facts-*.yaml, and cards refer to them as ${name}. The guard has four parts:
#   (a) outside the sizing deck, every card whose answer is a number takes it from a fact;
#   (b) a fact name is defined once (in one file, and never shadowed by a deck's own facts);
#   (c) no card text states a known outdated or wrong value as if it were current;
#   (d) every fact value is a parseable quantity or plain text.


def _answers_that_are_quantities(card: dict) -> list[tuple[str, str]]:
    """(field, raw text) of every answer of a raw card that is exactly a number with a unit."""
    kind = card.get("kind")
    out = []
    if kind == "numeric":
        out.append(("answer", str(card["answer"])))
    elif kind == "cloze":
        out += [("text", m.group(2)) for m in CLOZE.finditer(card["text"])]
    elif kind == "mcq":
        out.append(("answer", str(card["answer"])))
    elif kind == "multi":
        out += [("answers", str(a)) for a in card["answers"]]
    # a ${fact} always counts as a quantity; a literal only when it parses as one
    return [(f, t) for f, t in out if kind == "numeric" or FACT_REF.search(t) or _quantity(t)]


def test_a_numeric_answers_come_from_facts(raw_decks, lib):
    literal = []
    for deck, data in raw_decks.items():
        if deck == SIZING_DECK:
            continue
        for card in data.get("cards") or []:
            for field, text in _answers_that_are_quantities(card):
                if card["kind"] == "numeric":
                    m = re.fullmatch(r"\$\{([A-Za-z0-9_.\-]+)\}", text.strip())
                    if not m:
                        literal.append(f"{deck}/{card['id']}: numeric answer {text!r} is not exactly a ${{fact}}")
                    elif m.group(1) not in lib.facts:
                        literal.append(f"{deck}/{card['id']}: unknown fact {m.group(1)}")
                elif not FACT_REF.search(text):
                    literal.append(f"{deck}/{card['id']}: {field} {text!r} is a typed-in number, not a ${{fact}}")
    assert literal == [], "\n".join(literal)


def test_a_table_cells_with_numbers_use_facts(raw_decks):
    """A comparison cell that is exactly a number (e.g. '1,000 KiB') must come from a fact too."""
    literal = []
    for deck, data in raw_decks.items():
        for table in data.get("tables") or []:
            for row in table["rows"]:
                for cell in row["cells"]:
                    if _quantity(cell) and not FACT_REF.search(cell):
                        literal.append(f"{deck}/{table['id']}: cell {cell!r}")
    assert literal == []


def test_b_each_fact_is_defined_once(lib, fact_files, raw_decks):
    assert len(fact_files) >= 2
    assert [p for p in lib.problems if "also defined" in p.message] == []
    seen: dict[str, str] = {}
    clashes = []
    for path in fact_files:
        for name in yaml.safe_load(path.read_text(encoding="utf-8")).get("facts") or {}:
            if name in seen:
                clashes.append(f"{name}: {seen[name]} and {path.name}")
            seen[name] = path.name
    assert clashes == []
    # a deck's own facts win over the shared ones, so a deck must not redefine a shared name
    shadowed = [
        f"{deck}: {name}" for deck, data in raw_decks.items() for name in (data.get("facts") or {}) if name in seen
    ]
    assert shadowed == []


def test_b_the_loader_reports_a_fact_defined_twice(tmp_path):
    """The guard in (b) is real: a second definition of a shared fact is reported, not silently used."""
    (tmp_path / "facts-extra.yaml").write_text(
        "format_version: 1\nfacts:\n  kds.write_mb_per_shard: 5 MB/s\n", encoding="utf-8"
    )
    planted = load_library([tmp_path])
    assert any("kds.write_mb_per_shard" in p.message and "also defined" in p.message for p in planted.problems)
    assert planted.facts["kds.write_mb_per_shard"] == "1 MB/s"


def test_d_every_fact_value_is_a_quantity_or_plain_text(lib):
    bad = []
    for name, value in lib.facts.items():
        if re.match(r"\s*[-+]?[\d.]", value):
            try:
                parse_quantity(value)
            except UnitError as exc:
                bad.append(f"{name}: {value!r} ({exc})")
        elif re.search(r"\d", value):
            bad.append(f"{name}: {value!r} mixes text and numbers")
    assert bad == []


def test_d_key_facts_have_todays_values(lib):
    """The values the fact sheet checked against current AWS documentation (changing one needs a source)."""
    expected = {
        "kds.write_mb_per_shard": "1 MB/s",
        "kds.write_records_per_shard": "1,000 records/s",
        "kds.read_mb_per_shard": "2 MB/s",
        "kds.getrecords_calls_per_shard": "5 calls/s",
        "kds.retention_default": "24 hours",
        "kds.retention_max": "365 days",
        "kds.retention_max_hours": "8,760 hours",
        "kds.record_size_default": "1 MiB",
        "kds.record_size_max": "10 MiB",
        "kds.putrecords_max_bytes": "10 MiB",
        "kds.ondemand_default_write": "4 MB/s",
        "kds.efo_read_per_consumer_per_shard": "2 MB/s",
        "kds.efo_max_consumers": "20 consumers",
        "kds.efo_max_consumers_advantage": "50 consumers",
        "kds.shared_latency": "200 ms",
        "kds.efo_latency": "70 ms",
        "kds.replication_azs": "3 AZs",
        "lambda.kinesis_batch_size_default": "100 records",
        "lambda.kinesis_batch_size_max": "10,000 records",
        "firehose.buffer_interval_min": "0 s",
        "firehose.buffer_interval_max": "900 s",
        "firehose.s3_buffer_interval_default": "300 s",
        "firehose.s3_buffer_size_default": "5 MiB",
        "firehose.record_max": "1,000 KiB",
        "firehose.lambda_retries_default": "3 retries",
        "sqs.retention_default": "4 days",
        "sqs.retention_max": "14 days",
        "sqs.message_max": "1 MiB",
        "sqs.fifo_rate": "300 messages/s",
        "sqs.fifo_rate_batched": "3,000 messages/s",
        "sns.subscriptions_standard": "12,500,000 subscriptions",
        "sns.topics_standard": "100,000 topics",
        "sns.message_default": "256 KiB",
        "kafka.retention_default": "168 hours",
    }
    wrong = {
        name: (lib.facts.get(name), want)
        for name, want in expected.items()
        if parse_quantity(lib.facts.get(name, "0")).value != parse_quantity(want).value
    }
    assert wrong == {}


# (c) Known outdated or wrong statements of the study notes, as they would read if a card
# presented them as today's fact. A sentence that matches is allowed only when it is clearly
# about the past or about the notes (HISTORY words), or when the card carries a `changed`
# note (it then teaches the change). Only what a card asserts is scanned: prompts of cards
# whose answer is true, answers, explanations, a scenario's why, and table cells — never the
# distractor choices, false statements or `changed.before`, where old values belong.

HISTORY = re.compile(
    r"\b(notes?|seeds?|older|old|formerly|renamed|became|was|were|used to|until|before (19|20)\d\d|before then|"
    r"no longer|out of date|outdated|legacy|discontinued|predate|says?|said|claims?|quotes?|calls?|labels?|"
    r"objects?|objection|insists?|rejects?|wrong|not|never|none|isn't|doesn't|cannot|went from|rose|raised|"
    r"exam (items|keys|questions)|answer keys|mistakes?|garbled|slip|shortens?|does not exist)\b",
    re.IGNORECASE,
)

# claim: (what a wrong sentence looks like, what makes a matching sentence legitimate)
WRONG_CLAIMS: dict[str, tuple[re.Pattern, re.Pattern | None]] = {
    "KDS retention capped at 7 days": (
        re.compile(
            r"\b(max(imum)?|longest|at most|cap(ped)?|(can go|extend(ed|able)?|raised?) up to)\b[^.;]{0,40}"
            r"\b(7|seven) days\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b365\b|long-term|Kafka", re.IGNORECASE),
    ),
    "Firehose minimum buffering of 60 s": (
        re.compile(
            r"\b(minimum|at least|lowest|shortest)\b[^.;]{0,50}\b(60[- ]?(s|sec|seconds?)|1 minute|one minute)\b"
            r"|\b(60[- ]?(s|sec|seconds?)|1 minute)\b[^.;]{0,30}\bminimum\b",
            re.IGNORECASE,
        ),
        None,
    ),
    "Firehose delivery default of 60 s / 1 MB": (
        re.compile(r"\b60[- ]?(s|sec|seconds?)\b[^.;]{0,15}\b(or|and|/)\b[^.;]{0,5}\b1 ?MB\b", re.IGNORECASE),
        re.compile(r"Lambda|transform", re.IGNORECASE),
    ),
    "SQS maximum message size of 256 KiB": (
        re.compile(
            r"\b(SQS|queue)\b[^.;]{0,60}\b256 ?(KiB|KB|K)\b|\b256 ?(KiB|KB|K)\b[^.;]{0,60}\b(SQS|queue)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b1 ?MiB\b|\bSNS\b|\btopics?\b", re.IGNORECASE),
    ),
    "KDS record size capped at 1 MB": (
        re.compile(
            r"\brecords?\b[^.;]{0,40}\b(up to|at most|max(imum)?|capped at)\b[^.;]{0,10}\b1 ?(MB|MiB)\b", re.IGNORECASE
        ),
        re.compile(r"\bdefault\b|\b10 ?MiB\b", re.IGNORECASE),
    ),
    "KDS exactly-once delivery": (
        re.compile(
            r"\b(Kinesis Data Streams|Data Streams|KDS|Kinesis)\b[^.;]{0,40}\b(guarantees?|gives?|provides?|"
            r"offers?|delivers?)\b[^.;]{0,25}\bexactly[- ]once\b",
            re.IGNORECASE,
        ),
        None,
    ),
    "5 MB/s per shard": (re.compile(r"\b5 MB/s\b[^.;]{0,25}\bper shard\b", re.IGNORECASE), None),
    "garbled throttling exception": (re.compile(r"\bProvisionedThroughputException\b"), None),
    "old service names as current": (
        re.compile(
            r"\b(Kinesis Data Firehose|Kinesis Firehose|Kinesis Data Analytics|Amazon Elasticsearch Service|"
            r"Elasticsearch)\b"
        ),
        None,
    ),
    "SQS FIFO capped at 3,000 messages/s": (
        re.compile(r"\b(max(imum)?|at most|limit(ed)?|caps?|ceiling|top(s)? out)\b[^.;]{0,40}\b3,000\b", re.IGNORECASE),
        re.compile(r"\bdefault\b|high-throughput", re.IGNORECASE),
    ),
    "manual-only KDS scaling": (
        re.compile(
            r"\b(Kinesis|KDS|Data Streams)\b[^.;]{0,30}\b(always|must be)\b[^.;]{0,20}\b(resharded|scaled)\b"
            r"[^.;]{0,10}\b(manually|by hand)\b",
            re.IGNORECASE,
        ),
        re.compile(r"provisioned", re.IGNORECASE),
    ),
}


def _asserted_texts(card: Card) -> list[str]:
    texts = [card.explanation, card.why]
    if card.kind == "truefalse":
        if card.answer == ("True",):
            texts.append(card.prompt)
    elif card.kind == "cloze":
        texts.append(card.context)
    else:
        texts += [card.prompt, *card.answer]
    if card.origin == "table":
        texts = [card.explanation, *card.answer] if card.kind != "multi" else [card.explanation]
    return [t for t in texts if t]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:])\s+|\n+", text) if s.strip()]


def find_wrong_claims(cards) -> list[str]:
    hits = []
    for card in cards:
        if card.changed is not None:
            continue  # the card teaches the change; old values belong in it
        # a table row about the past ("Name in older notes") may show old values in its cells
        feature = card.prompt.split(" — ", 1)[-1].split(":", 1)[0]
        past_row = card.origin == "table" and HISTORY.search(feature)
        for text in _asserted_texts(card):
            for sentence in _sentences(text):
                for claim, (pattern, legitimate) in WRONG_CLAIMS.items():
                    if not pattern.search(sentence):
                        continue
                    if HISTORY.search(sentence) or past_row or (legitimate and legitimate.search(sentence)):
                        continue
                    hits.append(f"{card.key}: {claim}: {sentence.strip()!r}")
    return hits


def test_c_no_card_presents_an_outdated_or_wrong_value_as_current(lib):
    hits = find_wrong_claims(lib.cards())
    assert hits == [], "\n".join(hits)


@pytest.mark.parametrize(
    "sentence",
    [
        "A stream can keep records for at most 7 days.",
        "Firehose has a minimum buffer interval of 60 seconds for every destination.",
        "By default Firehose buffers 60 sec or 1 MB before delivering to S3.",
        "The largest SQS message is 256 KiB.",
        "Each Kinesis record can be up to 1 MB in size.",
        "Kinesis Data Streams guarantees exactly-once delivery to each consumer.",
        "Five shards accept 5 MB/s of writes per shard.",
        "Producers get a ProvisionedThroughputException when they write too fast.",
        "Use Kinesis Data Firehose to load the logs into S3.",
        "Query the stream with Kinesis Data Analytics.",
        "An SQS FIFO queue is limited to 3,000 messages per second.",
        "A Kinesis stream must be resharded manually when traffic grows.",
    ],
)
def test_c_the_scan_catches_planted_wrong_claims(sentence):
    planted = Card(deck="plant", id="p", kind="basic", prompt="Q?", answer=("A",), explanation=sentence, tags=("kds",))
    assert find_wrong_claims([planted]), f"not caught: {sentence}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Retention runs from 24 hours to 365 days; up to 7 days is extended retention.",
        "The Lambda input buffer defaults to 60 s and 1 MB.",
        "An SNS topic accepts 256 KiB by default.",
        "Records are 1 MiB by default and can be raised to 10 MiB.",
        "Amazon Data Firehose delivers to S3.",
    ],
)
def test_c_the_scan_lets_current_facts_through(sentence):
    fine = Card(deck="plant", id="p", kind="basic", prompt="Q?", answer=("A",), explanation=sentence, tags=("kds",))
    assert find_wrong_claims([fine]) == []


# ---------------------------------------------------------------------------------- outdated facts
#
# Every OUTDATED or WRONG row of the fact sheet (shared/kinesis-facts.md) is taught by at least
# one card with a `changed` note that says what the notes and older exam questions say.

CHANGED_COVERAGE = {
    "NAM-1 Kinesis Data Firehose → Amazon Data Firehose": ["firehose/current-name", "exam-traps/firehose-current-name"],
    "NAM-2 Kinesis Data Analytics → Managed Service for Apache Flink": [
        "flink-video/flink-new-name",
        "exam-traps/kda-current-name",
    ],
    "NAM-3 KDA SQL applications discontinued": ["flink-video/sql-apps-discontinued"],
    "NAM-4 Elasticsearch → OpenSearch": [
        "firehose/elasticsearch-is-opensearch",
        "exam-traps/elasticsearch-now-opensearch",
    ],
    "KDS-5 ProvisionedThroughputExceededException": ["kds-limits/throttle-exception-name"],
    "KDS-8 record size 1 MiB default, 10 MiB max": [
        "kds-limits/record-size-default",
        "kds-limits/record-size-max",
        "exam-traps/kds-largest-record",
    ],
    "KDS-12 retention 7 → 365 days": [
        "kds-core/retention-seven-days-trap",
        "kds-limits/retention-max",
        "exam-traps/kds-max-retention",
    ],
    "KDS-17 manual scaling only in provisioned mode": [
        "kds-capacity/scaling-manual-or-automatic",
        "exam-traps/kds-scaling-always-manual",
    ],
    "KDS-18 automatic split/merge only on-demand": ["exam-traps/provisioned-auto-split"],
    "KDS-34 at-least-once, not exactly-once": [
        "exam-traps/kds-exactly-once",
        "scenarios-streaming/exactly-once-replay-coordination",
    ],
    "KDS-40 5 MB/s in total, not per shard": ["exam-traps/five-shards-write-capacity"],
    "FH-2 buffering minimum 60 s → 0 s": ["firehose/buffer-interval-min", "exam-traps/firehose-sixty-second-minimum"],
    "FH-3 S3 default 300 s / 5 MiB": ["exam-traps/firehose-default-s3-buffer"],
    "FH-7 format conversion reads JSON only": ["exam-traps/firehose-csv-to-parquet"],
    "FH-10 transformations not Lambda-only": [
        "firehose/not-lambda-only",
        "exam-traps/firehose-transforms-not-only-lambda",
    ],
    "FH-11 failed transforms go to S3": ["exam-traps/firehose-no-dead-letter"],
    "FH-16 billed per GB ingested": ["firehose/pricing-basis", "exam-traps/firehose-billing-basis"],
    "MSF-1 analytics today is Managed Flink": ["flink-video/flink-new-name"],
    "MSF-2 legacy KDA SQL inputs/outputs": ["flink-video/kda-sql-inputs", "flink-video/kda-sql-outputs"],
    "MSF-3 legacy KDA SQL read JSON and CSV": ["flink-video/kda-sql-formats"],
    "MSF-4 SQL on a stream today": ["flink-video/sql-on-streams-today", "scenarios-streaming/sql-on-sensor-stream"],
    "SQS-3 high-throughput FIFO": ["messaging/sqs-fifo-high-throughput", "exam-traps/fifo-3000-ceiling"],
    "SQS-4 SQS message size 256 KiB → 1 MiB": ["messaging/sqs-message-size", "exam-traps/sqs-message-size"],
    "SQS-7 competing consumers vs fan-out": ["exam-traps/sqs-how-many-consumers"],
    "SQS-8 redelivery is not replay": ["exam-traps/sqs-replays-deleted-messages"],
    "SQS-9 SQS persists messages": ["exam-traps/sqs-is-persistent"],
    "SNS-4 FIFO topics archive and replay": ["messaging/sns-fifo-archive-replay", "exam-traps/sns-replay-feature"],
    "KAF-2 Kafka default message size ~1 MiB": [
        "messaging/kafka-message-size",
        "exam-traps/kafka-default-message-size",
    ],
    "KAF-3 MSK Serverless exists": ["exam-traps/kafka-no-serverless", "scenarios-streaming/serverless-kafka-api"],
}


@pytest.mark.parametrize("fact", sorted(CHANGED_COVERAGE))
def test_each_outdated_or_wrong_fact_has_a_changed_card(lib, fact):
    cards = {c.key: c for c in lib.cards()}
    for key in CHANGED_COVERAGE[fact]:
        found = [c for k, c in cards.items() if k == key or k.startswith(key + ".c")]
        assert found, f"{fact}: card {key} is missing"
        assert all(c.changed is not None for c in found), f"{fact}: card {key} has no changed note"
