"""The "which service?" picker without a terminal: which scenarios to ask and in what order,
service names as the learner types them, and the services the learner confuses.

Order of a run: scenarios due today (most overdue first), then unseen ones (deck order), then
the weakest of the rest (lowest easiness, most lapses, last answer wrong); among the unseen and
the weakest, the right services take turns, so a run spreads over topics. Suspended scenarios
(leeches) are left out, as in the daily session.

Confusions come from the review log: every wrong ``pick`` answer logs the chosen service id as
its ``response``; the right one is the card's ``answer[0]``. They are counted in SQL
(store/picks.py), so they accumulate across runs without any extra table.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError
from kinesis_tutor.core.review import CardState, StudyItem
from kinesis_tutor.core.sm2 import PASS

CLUES_PER_SENTENCE = 3


class Service(Protocol):
    """A catalog entry as the picker reads it (the deck model's ``Service`` has these)."""

    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> Sequence[str]: ...

    @property
    def formerly(self) -> str | None: ...


# ------------------------------------------------------------------ service names


def _norm(name: str) -> str:
    t = str(name).lower().replace("–", "-").replace("—", "-").replace("_", "-")
    t = re.sub(r"[()]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _short(name: str) -> str:
    """A name without its vendor prefix: 'Amazon Data Firehose' → 'data firehose'."""
    return re.sub(r"^(amazon|aws)\s+", "", _norm(name))


def service_names(catalog: Mapping[str, Service]) -> dict[str, str]:
    """Every way to name a service (id, name, aliases, former name; any case) → its id."""
    names: dict[str, str] = {}
    for sid, svc in catalog.items():
        spellings = [sid, svc.name, *svc.aliases]
        if svc.formerly:
            spellings.append(re.sub(r"\s*\(.*$", "", svc.formerly))
        for spelling in spellings:
            for key in (_norm(spelling), _short(spelling)):
                names.setdefault(key, sid)
    for sid in catalog:  # an id always names its own service
        names[_norm(sid)] = sid
    return names


def resolve_service(catalog: Mapping[str, Service], name: str) -> str:
    """The id of the service called ``name``: an id, a name or an alias, in any case.

    A few words that belong to one service's name only also work ('data streams'). Anything
    else is a TutorError (exit 2) with a did-you-mean.
    """
    names = service_names(catalog)
    key = _norm(name)
    if not key:
        raise TutorError("an empty service name; 'kinesis-tutor compare' lists the services", exit_code=EXIT_USAGE)
    for k in (key, _short(key)):
        if k in names:
            return names[k]
    pattern = re.compile(rf"(^|\s){re.escape(key)}($|\s)")
    partial = sorted({sid for spelling, sid in names.items() if pattern.search(spelling)})
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise TutorError(f"'{name}' could be {', '.join(partial)}; say which", exit_code=EXIT_USAGE)
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    hint = f" (did you mean '{names[close[0]]}'?)" if close else ""
    raise TutorError(f"no service '{name}'{hint}; 'kinesis-tutor compare' lists the services", exit_code=EXIT_USAGE)


def resolve_services(catalog: Mapping[str, Service], names: Iterable[str]) -> list[str]:
    """Each name resolved (see ``resolve_service``), duplicates dropped, order kept."""
    return list(dict.fromkeys(resolve_service(catalog, n) for n in names))


def parse_service_list(catalog: Mapping[str, Service], value: str | None) -> list[str]:
    """``--services kds,firehose``: comma-separated ids, names or aliases."""
    if value is None:
        return []
    parts = [p for p in (s.strip() for s in value.split(",")) if p]
    if not parts:
        raise TutorError("--services needs at least one service id, e.g. --services kds,firehose", exit_code=EXIT_USAGE)
    return resolve_services(catalog, parts)


def service_name(catalog: Mapping[str, Service], sid: str) -> str:
    svc = catalog.get(sid)
    return svc.name if svc else sid


# ------------------------------------------------------------------ choosing the run


def select(items: Iterable[StudyItem], tags: Sequence[str] = (), services: Sequence[str] = ()) -> list[StudyItem]:
    """Scenarios with any of ``tags`` (all if none) that drill ``services`` (any if none): their
    answer is one of them and, with several, another of them is among the options (kds,firehose:
    a scenario where the two stand side by side). Where no scenario sets them side by side, those
    whose answer is one of them."""
    scenarios = [i for i in items if i.card.kind == "scenario" and (not tags or set(tags) & set(i.card.tags))]
    if not services:
        return scenarios
    wanted = set(services)
    answered = [i for i in scenarios if i.card.answer[0] in wanted]
    if len(wanted) == 1:
        return answered
    side_by_side = [i for i in answered if set(i.card.choices) & (wanted - {i.card.answer[0]})]
    return side_by_side or answered


def spread(items: Sequence[StudyItem]) -> list[StudyItem]:
    """``items`` with their answers taking turns (one scenario per right service, then a second
    one…), so that a run mixes topics instead of asking one service's scenarios in a row."""
    groups: dict[str, list[StudyItem]] = {}
    for item in items:
        groups.setdefault(item.card.answer[0] if item.card.answer else "", []).append(item)
    out: list[StudyItem] = []
    lists = list(groups.values())
    while lists:
        out += [g.pop(0) for g in lists]
        lists = [g for g in lists if g]
    return out


def _weakness(st: CardState, pk: int) -> tuple[float, int, int, str, int]:
    last_wrong = st.last_quality is not None and st.last_quality < PASS
    return (st.easiness, -st.lapses, 0 if last_wrong else 1, st.due_day, pk)


def order(items: Iterable[StudyItem], day: date) -> list[StudyItem]:
    """Due first (most overdue first), then unseen (deck order, the answers taking turns), then
    the weakest (the answers taking turns); no leeches."""
    due: list[tuple[tuple[str, int], StudyItem]] = []
    unseen: list[StudyItem] = []
    seen: list[tuple[tuple[float, int, int, str, int], StudyItem]] = []
    for item in items:
        st = item.state
        if st is None:
            unseen.append(item)
        elif st.suspended:
            continue
        elif st.due_day <= day.isoformat():
            due.append(((st.due_day, item.pk), item))
        else:
            seen.append((_weakness(st, item.pk), item))
    due.sort(key=lambda pair: pair[0])
    unseen.sort(key=lambda i: i.pk)
    seen.sort(key=lambda pair: pair[0])
    return [i for _, i in due] + spread(unseen) + spread([i for _, i in seen])


def build_run(
    items: Iterable[StudyItem], day: date, count: int, tags: Sequence[str] = (), services: Sequence[str] = ()
) -> list[StudyItem]:
    """The ``count`` scenarios to ask now."""
    return order(select(items, tags, services), day)[: max(0, count)]


# ------------------------------------------------------------------ confusions


@dataclass(frozen=True)
class Confusion:
    """The learner chose ``chosen`` ``count`` times where ``right`` was the answer."""

    chosen: str
    right: str
    count: int
    clues: tuple[str, ...] = ()  # clue words of those scenarios, most frequent first


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def sentence(confusion: Confusion, catalog: Mapping[str, Service], clues: int = CLUES_PER_SENTENCE) -> str:
    """'You chose Amazon Data Firehose 3 times where Kinesis Data Streams was right — “replay”,
    “per-shard ordering” point to Kinesis Data Streams.' (clues are quoted: some hold commas)"""
    chosen = service_name(catalog, confusion.chosen)
    right = service_name(catalog, confusion.right)
    out = f"You chose {chosen} {times(confusion.count)} where {right} was right"
    shown = list(confusion.clues[:clues])
    if shown:
        verb = "points" if len(shown) == 1 else "point"
        out += " — " + ", ".join(f"“{c}”" for c in shown) + f" {verb} to {right}"
    return out + "."
