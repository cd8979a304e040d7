"""kinesis-tutor compare and explain: which tables and cards speak of which services.

Both only read the decks (no database, no terminal needed). The screens are in ``ui/compare_view.py``.

Which cards are "about" a service (for explain's numbers and changes): cards whose tags include
the service's tag (see ``SERVICE_TAGS``; by default the service id itself). Deck tags count,
as every card carries its deck's tags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from kinesis_tutor.core import picker

if TYPE_CHECKING:  # the loader brings pydantic and yaml
    from kinesis_tutor.core.cards import Card, Changed
    from kinesis_tutor.decks.loader import Library
    from kinesis_tutor.decks.model import Service, Table

T = TypeVar("T")

# Service id → the tags that mark a card as being about it, and tags that mark it as not.
SERVICE_TAGS: dict[str, tuple[str, ...]] = {
    "kds": ("kds",),
    "firehose": ("firehose",),
    "flink": ("flink",),
    "kvs": ("kvs",),
    "sqs-standard": ("sqs",),
    "sqs-fifo": ("sqs-fifo",),
    "sns": ("sns",),
    "msk": ("msk", "kafka"),
    "lambda": ("lambda",),
    "dynamodb-streams": ("dynamodb-streams",),
}
NOT_TAGS: dict[str, tuple[str, ...]] = {"sqs-standard": ("sqs-fifo",)}
NOT_NUMBERS = ("sizing", "scenario")  # worked calculations and exam scenarios are not limits
GENERIC_TAGS = {"limits", "changed", "exam-trap"}


# ------------------------------------------------------------------ compare


@dataclass(frozen=True)
class Comparison:
    """What ``compare`` shows: with no ``ids``, the list of every table (``tables``);
    else the tables holding the services (all of them if ``complete``, else at least two)."""

    lib: Library
    ids: list[str]
    tables: list[tuple[str, Table]]
    complete: bool = True

    def name(self, sid: str) -> str:
        return picker.service_name(self.lib.catalog, sid)

    def purposes(self) -> list[tuple[str, Service]]:
        return [(sid, self.lib.catalog[sid]) for sid in self.ids]

    def uncompared(self) -> list[str]:
        """Catalog services in no table."""
        in_tables = {s for _d, t in self.tables for s in t.services}
        return [s for s in self.lib.catalog if s not in in_tables]


def compare(lib: Library, services: Sequence[str]) -> Comparison:
    """The tables for ``services`` (names or ids, resolved with a did-you-mean), or every table."""
    if not services:
        return Comparison(lib, [], lib.tables())
    ids = picker.resolve_services(lib.catalog, services)
    found, complete = tables_for(lib, ids)
    return Comparison(lib, ids, found, complete)


def tables_for(lib: Library, ids: Sequence[str]) -> tuple[list[tuple[str, Table]], bool]:
    """The tables holding every one of ``ids``; if none, those holding at least two of them.

    Returns (tables as (deck id, table), whether every service is in each).
    """
    wanted = set(ids)
    full = [(d, t) for d, t in lib.tables() if wanted <= set(t.services)]
    if full or len(wanted) < 2:
        return full, True
    partial = [(d, t) for d, t in lib.tables() if len(wanted & set(t.services)) >= 2]
    return partial, False


@dataclass
class Row:
    """One line of the side-by-side table: a feature and each service's cell (None where the
    table it comes from has no column for the service)."""

    feature: str
    table: str  # the title of the table it comes from
    cells: dict[str, str | None]
    note: str = ""  # the row's explanation, where it speaks of a service shown


def columns(result: Comparison) -> list[str]:
    """The services side by side: those asked for, or (one asked for) every service of its tables."""
    if len(result.ids) > 1:
        return list(result.ids)
    seen: dict[str, None] = {sid: None for sid in result.ids}
    for _deck, table in result.tables:
        seen.update({sid: None for sid in table.services})
    return list(seen)


def side_by_side(result: Comparison) -> list[Row]:
    """Every row of the tables found as one table with a column per service: a feature met again
    in a later table fills the gaps of its first row instead of repeating it."""
    ids = columns(result)
    rows: list[Row] = []
    by_feature: dict[str, Row] = {}
    for _deck, table in result.tables:
        for r in table.rows:
            cells = {sid: r.cells[table.services.index(sid)] for sid in ids if sid in table.services}
            first = by_feature.get(r.feature.lower())
            if first is not None:
                first.cells.update({sid: c for sid, c in cells.items() if first.cells.get(sid) is None})
                continue
            shown = [sid for sid in table.services if sid in ids]
            hidden = [sid for sid in table.services if sid not in ids]
            note = r.explanation or ""
            if note and speaks_only_of(result.lib, note, hidden, shown):
                note = ""
            row = Row(r.feature, table.title, {sid: cells.get(sid) for sid in ids}, note)
            by_feature[r.feature.lower()] = row
            rows.append(row)
    return rows


GENERIC_WORDS = {
    "amazon",
    "aws",
    "kinesis",
    "data",
    "service",
    "for",
    "apache",
    "managed",
    "queue",
    "the",
    "stream",
    "streams",
}


def _words(lib: Library, sid: str) -> set[str]:
    svc = lib.catalog.get(sid)
    names = [sid, *(() if svc is None else (svc.name, *svc.aliases))]
    return {w for n in names for w in n.lower().replace("-", " ").split() if w not in GENERIC_WORDS and len(w) > 2}


def speaks_only_of(lib: Library, note: str, hidden: Sequence[str], shown: Sequence[str]) -> bool:
    """Does ``note`` name a service of ``hidden`` and none of ``shown``? (a footnote about a
    column that is not shown)"""
    words = set(note.lower().replace("-", " ").replace(",", " ").replace(".", " ").split())
    stems = {w.rstrip("s") for w in words}

    def named(sid: str) -> bool:
        return any(w in words or w.rstrip("s") in stems for w in _words(lib, sid))

    return any(named(s) for s in hidden) and not any(named(s) for s in shown)


# ------------------------------------------------------------------ explain


@dataclass(frozen=True)
class Explanation:
    """One service's page: its catalog entry and every card and table cell that speaks of it."""

    lib: Library
    sid: str
    service: Service
    numbers: list[Card]
    traits: list[tuple[str, str, str]]
    chosen: list[Card]
    nots: list[tuple[str, str]]
    changes: list[Changed]

    def name(self, sid: str) -> str:
        return picker.service_name(self.lib.catalog, sid)

    @property
    def empty(self) -> bool:
        return not (self.numbers or self.traits or self.chosen or self.nots or self.changes)


def explain(lib: Library, service: str) -> Explanation:
    """The page on ``service`` (a name or id, resolved with a did-you-mean)."""
    sid = picker.resolve_service(lib.catalog, service)
    return Explanation(
        lib=lib,
        sid=sid,
        service=lib.catalog[sid],
        numbers=numbers(lib, sid),
        traits=traits(lib, sid),
        chosen=when_to_choose(lib, sid),
        nots=when_not(lib, sid),
        changes=changes(lib, sid),
    )


def about(card: Card, sid: str) -> bool:
    """Is ``card`` about the service ``sid``? (its tags name the service)"""
    tags = set(card.tags)
    if tags & set(NOT_TAGS.get(sid, ())):
        return False
    return bool(tags & set(SERVICE_TAGS.get(sid, (sid,))))


def _round_robin(groups: Iterable[list[T]]) -> list[T]:
    """One from each group in turn: variety before depth."""
    lists = [list(g) for g in groups if g]
    out = []
    while lists:
        for g in lists:
            out.append(g.pop(0))
        lists = [g for g in lists if g]
    return out


def numbers(lib: Library, sid: str) -> list[Card]:
    """Numeric cards about the service, the most telling first.

    Limits before other numbers; cards of a deck about the service's limits (a deck tagged
    'limits') before those of a deck named after it, before the rest; and one card per topic
    (the card's own first tag, such as 'write', 'read' or 'retention') before a second one.
    """
    own = set(SERVICE_TAGS.get(sid, (sid,)))
    cards = [
        c
        for c in lib.cards()
        if c.kind == "numeric" and about(c, sid) and c.deck not in NOT_NUMBERS and not set(c.tags) & set(NOT_NUMBERS)
    ]

    def deck_tags(card: Card) -> list[str] | None:
        return list(lib.decks[card.deck].deck.tags) if card.deck in lib.decks else None

    def deck_rank(card: Card) -> int:
        tags = deck_tags(card)
        if tags is not None and "limits" in tags:
            return 0
        return 1 if any(card.deck == t or card.deck.startswith(f"{t}-") for t in own) else 2

    def topic(card: Card) -> str:
        skip = own | GENERIC_TAGS | set(deck_tags(card) or ())
        return next((t for t in card.tags if t not in skip), "")

    cards.sort(key=deck_rank)  # stable: file order within a rank
    out: list[Card] = []
    for limits in (True, False):
        topics: dict[str, list[Card]] = {}
        for c in cards:
            if ("limits" in c.tags) == limits:
                topics.setdefault(topic(c), []).append(c)
        out.extend(_round_robin(topics.values()))
    return out


def traits(lib: Library, sid: str) -> list[tuple[str, str, str]]:
    """(feature, cell, table title) of the service's column in every table; one per feature."""
    per_table = []
    for _deck, t in lib.tables():
        if sid in t.services:
            i = t.services.index(sid)
            per_table.append([(r.feature, r.cells[i], t.title) for r in t.rows])
    seen: set[str] = set()
    out = []
    for feature, cell, title in _round_robin(per_table):
        key = feature.lower()
        if key not in seen:
            seen.add(key)
            out.append((feature, cell, title))
    return out


def when_to_choose(lib: Library, sid: str) -> list[Card]:
    return [c for c in lib.cards() if c.kind == "scenario" and c.answer and c.answer[0] == sid]


def when_not(lib: Library, sid: str) -> list[tuple[str, str]]:
    """(why not, the right service) from scenarios that offered it as a wrong option; one per
    right service before a second one."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in lib.cards():
        if c.kind == "scenario" and c.answer and c.answer[0] != sid:
            reason = c.why_not_map().get(sid)
            if reason:
                groups[c.answer[0]].append((reason, c.answer[0]))
    return _round_robin(groups.values())


def changes(lib: Library, sid: str) -> list[Changed]:
    """What changed about the service, each change once (cards that tell the same change, by its
    new or its old wording, count once)."""
    out: list[Changed] = []
    seen: set[str] = set()
    for c in lib.cards():
        if not (c.changed and about(c, sid)):
            continue
        keys = {c.changed.now.lower(), c.changed.before.lower()}
        if not keys & seen:
            out.append(c.changed)
        seen |= keys
    return out
