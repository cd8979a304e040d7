"""Deck models to study cards: a deck card becomes one study card, a cloze one per number, a table
row two per cell (asked both ways)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
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


# A feature's values across a deck's tables: row id -> (service, value) for every cell of the rows with that id.
Features = dict[str, list[tuple[str, str]]]
CHOICES = 4  # at most, on a table card: the key and three distractors


def _feature_key(row: model.TableRow) -> str:
    return f"{row_id(row)}/{row.feature.strip().lower()}"


def feature_values(tables: Sequence[model.Table]) -> Features:
    """Every cell of ``tables`` by its row's id and feature, so that a card may take distractors from the
    same feature in another table (rows that compare the same thing share their id and feature text)."""
    out: Features = {}
    for table in tables:
        for row in table.rows:
            out.setdefault(_feature_key(row), []).extend(zip(table.services, row.cells, strict=False))
    return out


_STOP = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "by", "in", "on", "it", "its", "is", "are", "for", "with", "per"]
)


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _near(a: str, b: str) -> bool:
    """Two values that say much the same ("Consumer deletes it", "Deleted by the consumer"): never a key
    and its distractor, nor two distractors."""
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def asks(row: model.TableRow, table: model.Table) -> set[str]:
    """The cards ``row`` makes, by the end of their ids: SERVICE (forward) and which.SERVICE (reverse)."""
    if isinstance(row.ask, list):
        return set(row.ask)
    columns = table.services if table.ask is None else table.ask
    forward = set(columns) if row.ask in ("both", "forward") else set()
    reverse = {f"which.{s}" for s in columns} if row.ask in ("both", "reverse") else set()
    return forward | reverse


def _same_form(key: str, value: str) -> bool:
    """A distractor of the same form as the key: a number where the key has one, of a similar length."""
    digits = any(ch.isdigit() for ch in key) == any(ch.isdigit() for ch in value)
    return digits and max(len(key), len(value)) <= 2 * min(len(key), len(value))


def _distractors(key: str, service: str, row: model.TableRow, features: Features) -> list[str]:
    """Up to three wrong values for ``service``'s cell: the row's other values, then the same feature's values
    of other services in the deck's other tables; of the key's form where there are such (else the row's own)."""
    own = [v for v in dict.fromkeys(row.cells) if v != key]
    cells = features.get(_feature_key(row), [])
    its_own = {v for s, v in cells if s == service} | {key}
    more = [v for s, v in cells if s != service and v not in own and not any(_near(v, o) for o in its_own)]
    more = sorted(dict.fromkeys(more), key=lambda v: (abs(len(v) - len(key)), v))
    picked: list[str] = []
    for v in [v for v in own + more if _same_form(key, v)] or own:
        if not any(_near(v, p) for p in picked):
            picked.append(v)
    return picked[: CHOICES - 1]


def _about(table: model.Table, row: model.TableRow, names: dict[str, str], services: Sequence[str]) -> str:
    """The explanation of a card about the cells of ``services``: their own explanation, else the row's,
    else the other services' values to compare with."""
    own = " ".join(row.explain[s] for s in services if s in row.explain)
    if own or row.explanation:
        return own or row.explanation or ""
    others = [f"{names[s]}: {v}" for s, v in zip(table.services, row.cells, strict=False) if s not in services]
    return f"Compare {'; '.join(others)}." if others else ""


def _explanation(head: str, about: str) -> str:
    return f"{head} {about}".strip()


def _forward(table: model.Table, row: model.TableRow, ctx: _Ctx) -> list[Card]:
    """What is true of each asked service: a choice among values of the same feature (a flashcard when all agree)."""
    rid, out, asked = row_id(row), [], asks(row, table)
    for service, value in zip(table.services, row.cells, strict=False):
        if service not in asked:
            continue
        name, card_id = ctx.names[service], f"{table.id}.{rid}.{service}"
        wrong = _distractors(value, service, row, ctx.features)
        explanation = _explanation(f"{row.feature} — {name}: {value}.", _about(table, row, ctx.names, [service]))
        common = {**ctx.common, "explanation": explanation}
        if wrong:
            prompt = f"{table.title} — {row.feature}: which is true of {name}?"
            choices = tuple(v for v in dict.fromkeys([*row.cells, *wrong]) if v == value or v in wrong)
            out.append(Card(**common, id=card_id, kind="mcq", prompt=prompt, answer=(value,), choices=choices))
        else:
            prompt = f"{table.title} — {row.feature}: what is true of {name}?"
            out.append(Card(**common, id=card_id, kind="basic", prompt=prompt, answer=(value,)))
    return out


def _other_holders(row: model.TableRow, value: str, table: model.Table, ctx: _Ctx) -> list[str]:
    """Services of the same feature in the deck's other tables, with another value: more choices for a
    'which service?' card of a table that compares only a few."""
    cells = ctx.features.get(_feature_key(row), [])
    holding = {s for s, v in cells if v == value or _near(v, value)}
    return [s for s in dict.fromkeys(s for s, _ in cells) if s not in table.services and s not in holding]


def _reverse(table: model.Table, row: model.TableRow, ctx: _Ctx) -> list[Card]:
    """Which service (or services) a value belongs to; none for a value every service shares."""
    rid, out, asked = row_id(row), [], asks(row, table)
    for value in dict.fromkeys(row.cells):
        holders = [s for s, v in zip(table.services, row.cells, strict=False) if v == value]
        if len(holders) == len(table.services) or not {f"which.{h}" for h in holders} & asked:
            continue
        card_id = f"{table.id}.{rid}.which.{holders[0]}"
        names = [ctx.names[s] for s in holders]
        head = f"{row.feature} — “{value}”: {' and '.join(names)}."
        common = {**ctx.common, "explanation": _explanation(head, _about(table, row, ctx.names, holders))}
        if len(holders) == 1:
            prompt = f"{table.title} — {row.feature}: which service? “{value}”"
            extra = _other_holders(row, value, table, ctx)[: max(0, CHOICES - len(table.services))]
            choices = tuple(ctx.names.get(s, s) for s in [*table.services, *extra])
            out.append(Card(**common, id=card_id, kind="mcq", prompt=prompt, answer=tuple(names), choices=choices))
        else:
            prompt = f"{table.title} — {row.feature}: which {len(holders)} services? “{value}”"
            choices = tuple(ctx.names[s] for s in table.services)
            out.append(Card(**common, id=card_id, kind="multi", prompt=prompt, answer=tuple(names), choices=choices))
    return out


@dataclass(frozen=True)
class _Ctx:
    """What every card of one table shares."""

    names: dict[str, str]  # service id -> name, for the table's services and any other of the catalog
    features: Features
    common: dict[str, Any]


def expand_table(
    deck: model.DeckHeader,
    table: model.Table,
    catalog: dict[str, model.Service],
    tables: Sequence[model.Table] = (),
) -> list[Card]:
    """The asked cells of ``table`` (columns in ``ask``, every one by default; rows by their ``ask``), each as
    "what is true of this service" and "which service is this". ``tables``: the deck's tables, whose rows
    with the same id lend their values and services as distractors."""
    names = {sid: svc.name for sid, svc in catalog.items()} | {
        s: catalog[s].name if s in catalog else s for s in table.services
    }
    tags = tuple(dict.fromkeys([*deck.tags, *table.tags, "table"]))
    common: dict[str, Any] = dict(deck=deck.id, tags=tags, context=table.title, origin="table")
    ctx = _Ctx(names, feature_values(tables or [table]), common)
    out: list[Card] = []
    for row in table.rows:
        out += _forward(table, row, ctx)
        out += _reverse(table, row, ctx)
    return out
