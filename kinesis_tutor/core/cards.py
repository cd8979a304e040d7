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
from typing import Any

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
