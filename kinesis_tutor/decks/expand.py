"""Deck models to study cards: a deck card becomes one study card, a cloze one per number, a table
row two per cell (asked both ways)."""

from __future__ import annotations

import re
from typing import Any

from kinesis_tutor.core.cards import BLANK, CLOZE, Card, Changed, cloze_numbers, slug
from kinesis_tutor.decks import model


def _cloze_cards(deck: model.DeckHeader, c: model.ClozeCard, common: dict[str, Any]) -> list[Card]:
    full = CLOZE.sub(lambda m: m.group(2), c.text)
    out = []
    for n in cloze_numbers(c.text):
        answers: list[str] = []
        hints: list[str] = []

        def blank(m: re.Match[str], n: int = n, answers: list[str] = answers, hints: list[str] = hints) -> str:
            if int(m.group(1)) != n:
                return m.group(2)
            answers.append(m.group(2).strip())
            hints.append((m.group(3) or "").strip())
            return f"[{m.group(3).strip()}]" if m.group(3) else BLANK

        prompt = CLOZE.sub(blank, c.text)
        out.append(
            Card(
                **common,
                id=f"{c.id}.c{n}",
                kind="cloze",
                prompt=prompt,
                answer=tuple(answers),
                hints=tuple(hints),
                context=full,
            )
        )
    return out


def expand_card(deck: model.DeckHeader, c: Any, catalog: dict[str, model.Service]) -> list[Card]:
    """One deck card → its study cards."""
    common: dict[str, Any] = dict(
        deck=deck.id,
        explanation=c.explanation,
        tags=tuple(dict.fromkeys([*deck.tags, *c.tags])),
        changed=Changed(**c.changed.model_dump()) if c.changed else None,
        source=c.source,
    )
    kind = c.kind
    if kind == "basic":
        return [Card(**common, id=c.id, kind=kind, prompt=c.front, answer=(c.back,))]
    if kind == "cloze":
        return _cloze_cards(deck, c, common)
    if kind == "mcq":
        return [
            Card(
                **common,
                id=c.id,
                kind=kind,
                prompt=c.question,
                answer=(c.answer,),
                choices=tuple(c.choices),
                shuffle=c.shuffle,
            )
        ]
    if kind == "multi":
        return [
            Card(
                **common,
                id=c.id,
                kind=kind,
                prompt=c.question,
                answer=tuple(c.answers),
                choices=tuple(c.choices),
                shuffle=c.shuffle,
            )
        ]
    if kind == "numeric":
        return [Card(**common, id=c.id, kind=kind, prompt=c.question, answer=(c.answer,), tolerance=c.tolerance)]
    if kind == "truefalse":
        return [
            Card(
                **common,
                id=c.id,
                kind=kind,
                prompt=c.statement,
                answer=("True" if c.answer else "False",),
                choices=("True", "False"),
                shuffle=False,
            )
        ]
    if kind == "scenario":
        labels = tuple(catalog[o].name if o in catalog else o for o in c.options)
        return [
            Card(
                **common,
                id=c.id,
                kind=kind,
                prompt=c.situation,
                answer=(c.answer,),
                choices=tuple(c.options),
                labels=labels,
                why=c.why,
                why_not=tuple(c.why_not.items()),
                clues=tuple(c.clues),
            )
        ]
    raise ValueError(f"unknown card kind {kind!r}")  # pragma: no cover - the model forbids it


def row_id(row: model.TableRow) -> str:
    return row.id or slug(row.feature)


def expand_table(deck: model.DeckHeader, table: model.Table, catalog: dict[str, model.Service]) -> list[Card]:
    """Every cell asked both ways: what is true of this service, and which service is this."""
    names = [catalog[s].name if s in catalog else s for s in table.services]
    tags = tuple(dict.fromkeys([*deck.tags, *table.tags, "table"]))
    out: list[Card] = []
    for row in table.rows:
        rid = row_id(row)
        explanation = row.explanation or f"{row.feature}: " + "; ".join(
            f"{n}: {v}" for n, v in zip(names, row.cells, strict=False)
        )
        distinct = list(dict.fromkeys(row.cells))
        common: dict[str, Any] = dict(
            deck=deck.id, explanation=explanation, tags=tags, context=table.title, origin="table"
        )
        for service, name, value in zip(table.services, names, row.cells, strict=False):
            if len(distinct) > 1:
                out.append(
                    Card(
                        **common,
                        id=f"{table.id}.{rid}.{service}",
                        kind="mcq",
                        prompt=f"{table.title} — {row.feature}: which is true of {name}?",
                        answer=(value,),
                        choices=tuple(distinct),
                    )
                )
            else:
                out.append(
                    Card(
                        **common,
                        id=f"{table.id}.{rid}.{service}",
                        kind="basic",
                        prompt=f"{table.title} — {row.feature}: what is true of {name}?",
                        answer=(value,),
                    )
                )
        for value in distinct:
            holders = [n for n, v in zip(names, row.cells, strict=False) if v == value]
            if len(holders) == len(names):
                continue
            first = table.services[row.cells.index(value)]
            if len(holders) == 1:
                out.append(
                    Card(
                        **common,
                        id=f"{table.id}.{rid}.which.{first}",
                        kind="mcq",
                        prompt=f"{table.title} — {row.feature}: which service? “{value}”",
                        answer=(holders[0],),
                        choices=tuple(names),
                    )
                )
            else:
                out.append(
                    Card(
                        **common,
                        id=f"{table.id}.{rid}.which.{first}",
                        kind="multi",
                        prompt=f"{table.title} — {row.feature}: which {len(holders)} services? “{value}”",
                        answer=tuple(holders),
                        choices=tuple(names),
                    )
                )
    return out
