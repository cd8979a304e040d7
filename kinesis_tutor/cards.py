"""Study cards: what the learner is asked, one per identity, expanded from a deck.

A deck card becomes one study card, except a cloze (one per cloze number) and a table (two per
cell). ``Card`` is a plain frozen dataclass: it is what the store keeps as JSON and what every
screen shows, so nothing past the loader needs pydantic.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kinesis_tutor import model

CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
BLANK = "[…]"


@dataclass(frozen=True)
class Changed:
    before: str
    now: str
    since: str | None = None


@dataclass(frozen=True)
class Card:
    deck: str
    id: str
    kind: str  # basic, cloze, mcq, multi, numeric, truefalse, scenario
    prompt: str  # what is asked: front, question, statement, situation, cloze with blanks
    answer: tuple[str, ...]  # the right answer(s), as shown
    explanation: str
    choices: tuple[str, ...] = ()  # mcq/multi choices; scenario option ids; truefalse True/False
    labels: tuple[str, ...] = ()  # display text of the choices where it differs (service names)
    tags: tuple[str, ...] = ()
    changed: Changed | None = None
    source: str | None = None
    tolerance: str | None = None
    why: str = ""
    why_not: tuple[tuple[str, str], ...] = ()
    clues: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    context: str = ""  # cloze: the whole text filled in; table cards: the table title
    origin: str = "card"  # "card" or "table"
    shuffle: bool = True

    @property
    def key(self) -> str:
        """The card's identity for good: deck id + card id."""
        return f"{self.deck}/{self.id}"

    @property
    def choose(self) -> int:
        """How many choices a multi card wants."""
        return len(self.answer)

    def label(self, choice: str) -> str:
        if self.labels:
            return dict(zip(self.choices, self.labels, strict=False)).get(choice, choice)
        return choice

    def why_not_map(self) -> dict[str, str]:
        return dict(self.why_not)

    def to_dict(self) -> dict[str, Any]:
        """The card as plain data (tuples stay tuples; JSON writes them as lists)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.changed is not None:
            data["changed"] = asdict(self.changed)
        return data

    @cached_property
    def _json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def to_json(self) -> str:
        return self._json

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self._json.encode()).hexdigest()[:16]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("answer", "choices", "labels", "tags", "clues", "hints"):
            values[name] = tuple(values.get(name) or ())
        values["why_not"] = tuple(tuple(p) for p in values.get("why_not") or ())
        if values.get("changed"):
            values["changed"] = Changed(**values["changed"])
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Card:
        return cls.from_dict(json.loads(text))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "row"


def cloze_numbers(text: str) -> list[int]:
    return sorted({int(m.group(1)) for m in CLOZE.finditer(text)})


def _cloze_cards(deck: model.DeckHeader, c: model.ClozeCard, common: dict) -> list[Card]:
    full = CLOZE.sub(lambda m: m.group(2), c.text)
    out = []
    for n in cloze_numbers(c.text):
        answers: list[str] = []
        hints: list[str] = []

        def blank(m: re.Match, n=n) -> str:
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
    common = dict(
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
        common = dict(deck=deck.id, explanation=explanation, tags=tags, context=table.title, origin="table")
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
