"""Property: any valid deck (random ids, texts, every card kind, tables) written with
yaml.safe_dump loads without a problem, and survives a dump/load round trip unchanged."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinesis_tutor.core.cards import CLOZE
from kinesis_tutor.decks import model
from kinesis_tutor.decks.loader import DeckProblems, load_deck_document
from kinesis_tutor.decks.yamlsource import parse_text

CATALOG = {
    sid: model.Service(id=sid, name=name, purpose="test")
    for sid, name in [
        ("kds", "Kinesis Data Streams"),
        ("firehose", "Amazon Data Firehose"),
        ("sqs-standard", "SQS standard"),
        ("sqs-fifo", "SQS FIFO"),
        ("sns", "Amazon SNS"),
        ("msk", "Amazon MSK"),
        ("lambda", "AWS Lambda"),
    ]
}
SERVICES = sorted(CATALOG)

# Text without '$', '{' and '}' (those start ${facts} and {{cloze}}) and without line breaks.
_chars = st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="${}")
text = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(bool)
word = st.text(st.characters(categories=("L", "N"), exclude_characters="${}"), min_size=1, max_size=12)
card_id = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)  # lowercase; no '.': generated ids use dots
deck_id = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)
tags = st.lists(word, max_size=3)


@st.composite
def common(draw) -> dict:
    out: dict = {"explanation": draw(text)}
    if draw(st.booleans()):
        out["tags"] = draw(tags)
    if draw(st.booleans()):
        changed = {"before": draw(text), "now": draw(text)}
        if draw(st.booleans()):
            changed["since"] = draw(text)
        out["changed"] = changed
    if draw(st.booleans()):
        out["source"] = draw(text)
    return out


@st.composite
def basic(draw) -> dict:
    return {"kind": "basic", "front": draw(text), "back": draw(text)}


@st.composite
def cloze(draw) -> dict:
    answer = (
        st.text(st.characters(categories=("L", "N", "Zs"), exclude_characters="${}:"), min_size=1, max_size=15)
        .map(str.strip)
        .filter(bool)
    )
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 3))
        hint = f"::{draw(word)}" if draw(st.booleans()) else ""
        parts.append(f"{draw(text)} {{{{c{n}::{draw(answer)}{hint}}}}}")
    return {"kind": "cloze", "text": " ".join(parts) + " " + draw(text)}


@st.composite
def mcq(draw) -> dict:
    choices = draw(st.lists(text, min_size=2, max_size=5, unique=True))
    return {
        "kind": "mcq",
        "question": draw(text),
        "choices": choices,
        "answer": draw(st.sampled_from(choices)),
        "shuffle": draw(st.booleans()),
    }


@st.composite
def multi(draw) -> dict:
    choices = draw(st.lists(text, min_size=3, max_size=6, unique=True))
    n = draw(st.integers(2, len(choices) - 1))
    answers = draw(st.permutations(choices))[:n]
    return {"kind": "multi", "question": draw(text), "choices": choices, "answers": answers}


@st.composite
def numeric(draw) -> dict:
    number = draw(st.sampled_from(["1", "1,000", "2.5", "24", "1k", "500"]))
    unit = draw(st.sampled_from(["MB/s", "records", "hours", "days", "KiB", "shards", "%", "records per second", "ms"]))
    out = {"kind": "numeric", "question": draw(text), "answer": f"{number} {unit}"}
    if draw(st.booleans()):
        out["tolerance"] = draw(st.sampled_from(["5%", "0", "1", "0.5"]))
    return out


@st.composite
def truefalse(draw) -> dict:
    return {"kind": "truefalse", "statement": draw(text), "answer": draw(st.booleans())}


@st.composite
def scenario(draw) -> dict:
    options = draw(st.lists(st.sampled_from(SERVICES), min_size=2, max_size=4, unique=True))
    answer = draw(st.sampled_from(options))
    situation = draw(text)
    start = draw(st.integers(0, len(situation) - 1))
    clue = situation[start : start + draw(st.integers(1, 10))].strip()
    return {
        "kind": "scenario",
        "situation": situation,
        "options": options,
        "answer": answer,
        "clues": [clue] if clue else [],
        "why": draw(text),
        "why_not": {o: draw(text) for o in options if o != answer},
    }


@st.composite
def a_card(draw, cid: str) -> dict:
    body = draw(st.one_of(basic(), cloze(), mcq(), multi(), numeric(), truefalse(), scenario()))
    return {"id": cid, **body, **draw(common())}


@st.composite
def a_table(draw, tid: str) -> dict:
    services = draw(st.lists(st.sampled_from(SERVICES), min_size=2, max_size=4, unique=True))
    cell = st.sampled_from(["Yes", "No", "Per shard", "At least once", "1 MB"])
    row_ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=3, unique=True))
    rows = [{"id": rid, "feature": draw(text), "cells": [draw(cell) for _ in services]} for rid in row_ids]
    return {"id": tid, "title": draw(text), "services": services, "tags": draw(tags), "rows": rows}


@st.composite
def a_deck(draw) -> dict:
    ids = draw(st.lists(card_id, min_size=1, max_size=8, unique_by=str.lower))
    deck = {
        "format_version": 1,
        "id": draw(deck_id),
        "title": draw(text),
        "description": draw(text),
        "tags": draw(tags),
        "cards": [draw(a_card(cid)) for cid in ids],
    }
    table_ids = draw(st.lists(st.from_regex(r"tbl-[a-z0-9]{1,6}", fullmatch=True), max_size=2, unique=True))
    if table_ids:
        deck["tables"] = [draw(a_table(tid)) for tid in table_ids]
    return deck


def load_yaml(text_: str):
    try:
        return load_deck_document(parse_text(text_, "gen.yaml"), CATALOG, {})
    except DeckProblems as exc:  # pragma: no cover - shown only when the property fails
        raise AssertionError("\n".join(map(str, exc.problems)) + "\n--- deck ---\n" + text_) from None


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a_deck())
def test_generated_decks_load_and_survive_a_round_trip(deck):
    written = yaml.safe_dump(deck, allow_unicode=True, sort_keys=False)
    first = load_yaml(written)

    # Every card is there, expanded as the format says.
    expected_ids = []
    for c in deck["cards"]:
        if c["kind"] == "cloze":
            expected_ids += [f"{c['id']}.c{n}" for n in sorted({int(m.group(1)) for m in CLOZE.finditer(c["text"])})]
        else:
            expected_ids.append(c["id"])
    assert [c.id for c in first.cards if c.origin == "card"] == expected_ids
    assert [t.id for t in first.tables] == [t["id"] for t in deck.get("tables", [])]
    assert all(c.deck == deck["id"] for c in first.cards)

    # model_dump of the loaded deck → YAML → load again: the same study cards.
    full = model.Deck.model_validate(yaml.safe_load(written))
    dumped = yaml.safe_dump(full.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False)
    second = load_yaml(dumped)
    assert second.deck == first.deck.model_copy(update={"cards": second.deck.cards, "tables": second.deck.tables})
    assert second.cards == first.cards
    assert second.tables == first.tables
    assert model.Deck.model_validate(yaml.safe_load(dumped)) == full


def test_a_deck_with_every_kind_written_by_hand_round_trips():
    """A readable example of the property, with one card of each kind and a table."""
    deck = {
        "format_version": 1,
        "id": "rt",
        "title": "Round trip",
        "tags": ["t"],
        "cards": [
            {"id": "b", "kind": "basic", "front": "F", "back": "B", "explanation": "E"},
            {"id": "c", "kind": "cloze", "text": "{{c1::1,000}} and {{c2::1 MB::size}}", "explanation": "E"},
            {"id": "m", "kind": "mcq", "question": "Q", "choices": ["yes", "no"], "answer": "no", "explanation": "E"},
            {
                "id": "mm",
                "kind": "multi",
                "question": "Q",
                "choices": ["1", "2", "3"],
                "answers": ["1", "3"],
                "explanation": "E",
            },
            {"id": "n", "kind": "numeric", "question": "Q", "answer": "1 MB/s", "tolerance": "5%", "explanation": "E"},
            {"id": "t", "kind": "truefalse", "statement": "S", "answer": True, "explanation": "E"},
            {
                "id": "s",
                "kind": "scenario",
                "situation": "Replay by many",
                "options": ["kds", "sns"],
                "answer": "kds",
                "clues": ["replay"],
                "why": "W",
                "why_not": {"sns": "N"},
                "explanation": "E",
            },
        ],
        "tables": [
            {
                "id": "tb",
                "title": "T",
                "services": ["kds", "firehose"],
                "rows": [{"feature": "Order", "cells": ["Yes", "No"]}],
            }
        ],
    }
    first = load_yaml(yaml.safe_dump(deck, sort_keys=False))
    assert len(first.cards) == 8 + 4  # cloze gives two; the table row two forward and two reverse
    again = load_yaml(yaml.safe_dump(model.Deck.model_validate(deck).model_dump(mode="json"), sort_keys=False))
    assert again.cards == first.cards
    # 'yes'/'no' as choices survive: safe_dump quotes them, so they stay text
    assert first.cards[3].choices == ("yes", "no")
