"""Deck models to study cards: a deck card becomes one study card, a cloze one per number, a table
row two per cell (asked both ways)."""

from __future__ import annotations

from typing import Any

from kinesis_tutor.core.cards import Card, Changed, slug
from kinesis_tutor.decks import model
from kinesis_tutor.decks.cloze import cloze_cards


def _fields(c: Any, catalog: dict[str, model.Service]) -> dict[str, Any]:
    """What a card of each kind asks and answers, as study-card fields."""
    kind = c.kind
    if kind == "basic":
        return dict(prompt=c.front, answer=(c.back,))
    if kind in ("mcq", "multi"):
        keys = (c.answer,) if kind == "mcq" else tuple(c.answers)
        # why_not in the order of the choices, so that the answer screen lists them as written
        why_not = tuple((x, c.why_not[x]) for x in c.choices if x in c.why_not)
        return dict(prompt=c.question, answer=keys, choices=tuple(c.choices), shuffle=c.shuffle, why_not=why_not)
    if kind == "numeric":
        return dict(prompt=c.question, answer=(c.answer,), tolerance=c.tolerance)
    if kind == "truefalse":
        answer = "True" if c.answer else "False"
        return dict(prompt=c.statement, answer=(answer,), choices=("True", "False"), shuffle=False)
    if kind == "scenario":
        return dict(
            prompt=c.situation,
            answer=(c.answer,),
            choices=tuple(c.options),
            labels=tuple(catalog[o].name if o in catalog else o for o in c.options),
            why=c.why,
            why_not=tuple(c.why_not.items()),
            clues=tuple(c.clues),
        )
    raise ValueError(f"unknown card kind {kind!r}")  # pragma: no cover - the model forbids it


def expand_card(deck: model.DeckHeader, c: Any, catalog: dict[str, model.Service]) -> list[Card]:
    """One deck card → its study cards."""
    common: dict[str, Any] = dict(
        deck=deck.id,
        explanation=c.explanation,
        tags=tuple(dict.fromkeys([*deck.tags, *c.tags])),
        changed=Changed(**c.changed.model_dump()) if c.changed else None,
        source=c.source,
    )
    if c.kind == "cloze":
        return cloze_cards(c.id, c.text, common)
    return [Card(**common, id=c.id, kind=c.kind, **_fields(c, catalog))]


def row_id(row: model.TableRow) -> str:
    return row.id or slug(row.feature)


def _forward(table: model.Table, row: model.TableRow, names: list[str], common: dict[str, Any]) -> list[Card]:
    """What is true of each service: a choice among the row's values (a flashcard when all agree)."""
    rid, distinct = row_id(row), list(dict.fromkeys(row.cells))
    out = []
    for service, name, value in zip(table.services, names, row.cells, strict=False):
        card_id = f"{table.id}.{rid}.{service}"
        if len(distinct) > 1:
            prompt = f"{table.title} — {row.feature}: which is true of {name}?"
            out.append(Card(**common, id=card_id, kind="mcq", prompt=prompt, answer=(value,), choices=tuple(distinct)))
        else:
            prompt = f"{table.title} — {row.feature}: what is true of {name}?"
            out.append(Card(**common, id=card_id, kind="basic", prompt=prompt, answer=(value,)))
    return out


def _reverse(table: model.Table, row: model.TableRow, names: list[str], common: dict[str, Any]) -> list[Card]:
    """Which service (or services) a value belongs to; none for a value every service shares."""
    rid, out = row_id(row), []
    for value in dict.fromkeys(row.cells):
        holders = [n for n, v in zip(names, row.cells, strict=False) if v == value]
        if len(holders) == len(names):
            continue
        card_id = f"{table.id}.{rid}.which.{table.services[row.cells.index(value)]}"
        if len(holders) == 1:
            prompt = f"{table.title} — {row.feature}: which service? “{value}”"
            kind = "mcq"
        else:
            prompt = f"{table.title} — {row.feature}: which {len(holders)} services? “{value}”"
            kind = "multi"
        out.append(Card(**common, id=card_id, kind=kind, prompt=prompt, answer=tuple(holders), choices=tuple(names)))
    return out


def expand_table(deck: model.DeckHeader, table: model.Table, catalog: dict[str, model.Service]) -> list[Card]:
    """Every cell asked both ways: what is true of this service, and which service is this."""
    names = [catalog[s].name if s in catalog else s for s in table.services]
    tags = tuple(dict.fromkeys([*deck.tags, *table.tags, "table"]))
    out: list[Card] = []
    for row in table.rows:
        pairs = "; ".join(f"{n}: {v}" for n, v in zip(names, row.cells, strict=False))
        explanation = row.explanation or f"{row.feature}: {pairs}"
        common: dict[str, Any] = dict(
            deck=deck.id, explanation=explanation, tags=tags, context=table.title, origin="table"
        )
        out += _forward(table, row, names, common)
        out += _reverse(table, row, names, common)
    return out
