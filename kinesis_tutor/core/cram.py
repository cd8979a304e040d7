"""Cram: the weakest cards first, ignoring due days. Pure functions: no store, no terminal.

Weakest first means, in this order:

1. cards whose latest answer was a miss (any kind of answer: study, cram, exam...), the most
   recent miss first;
2. cards seen before that have proved hard: easiness below SM-2's starting 2.5, or lapses —
   lowest easiness first, then most lapses;
3. cards never seen, in deck order;
4. the rest (seen, never failed, easiness 2.5 or more), lowest easiness and most lapses first,
   then the longest since their last review.

A card known well is thus asked after one never seen: cram is for what you do not know yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC

from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.sm2 import PASS

START_EASINESS = 2.5
REPEAT_BELOW = PASS  # in cram any miss (quality below 3) comes back until answered right


@dataclass(frozen=True)
class LastAnswer:
    """The latest logged answer to a card, whatever its kind."""

    ts: str
    quality: int
    correct: bool | None = None

    @property
    def failed(self) -> bool:
        return self.correct is False or (self.correct is None and self.quality < PASS)


def matches(card: Card, decks: Sequence[str] = (), tags: Sequence[str] = ()) -> bool:
    """The deck and tag filters: any of the decks, and any of the tags."""
    if decks and card.deck not in decks:
        return False
    return not (tags and not set(tags) & set(card.tags))


def weakness(item: StudyItem, last: LastAnswer | None = None) -> tuple[int, float, float, int, str, int]:
    """Sort key of a StudyItem-like object (``pk``, ``card``, ``state``): smaller is weaker."""
    state = item.state
    if last is None and state is not None and state.last_review and state.last_quality is not None:
        last = LastAnswer(state.last_review, state.last_quality)
    if last is not None and last.failed:
        return (0, -_seconds(last.ts), 0.0, 0, "", item.pk)
    if state is None:
        return (2, 0.0, 0.0, 0, "", item.pk)
    tier = 1 if state.easiness < START_EASINESS or state.lapses > 0 else 3
    return (tier, 0.0, state.easiness, -state.lapses, state.last_review or "", item.pk)


def _seconds(ts: str) -> float:
    """An ISO timestamp as seconds since the epoch (0 if unreadable)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(ts)
    except (TypeError, ValueError):
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def weakest_first(items: Iterable[StudyItem], last: Mapping[int, LastAnswer] | None = None) -> list[StudyItem]:
    last = last or {}
    return sorted(items, key=lambda it: weakness(it, last.get(it.pk)))


def select(
    items: Iterable[StudyItem],
    count: int,
    *,
    decks: Sequence[str] = (),
    tags: Sequence[str] = (),
    last: Mapping[int, LastAnswer] | None = None,
) -> list[StudyItem]:
    """The ``count`` weakest items that pass the filters."""
    chosen = [it for it in items if matches(it.card, decks, tags)]
    return weakest_first(chosen, last)[: max(0, count)]


# ------------------------------------------------------------------------------ at the end


@dataclass
class CardRun:
    """How one card went in a cram run."""

    card: Card
    answers: int = 0
    misses: int = 0
    right: bool = False  # answered right (quality 3 or more) at least once

    @property
    def weak(self) -> bool:
        """Missed at least once in the run, or never answered right (quit before)."""
        return self.misses > 0 or not self.right


@dataclass(frozen=True)
class Spot:
    name: str
    weak: int  # cards still weak
    total: int  # cards asked

    def __str__(self) -> str:
        return f"{self.name} {self.weak}/{self.total}"


@dataclass
class WeakReport:
    by_tag: list[Spot] = field(default_factory=list)
    by_deck: list[Spot] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)  # the weak cards, in the order asked


def tally(answers: Iterable[tuple[Card, int]], cards: Iterable[Card] = ()) -> list[CardRun]:
    """CardRuns from a run's answers (card, quality), in order; ``cards`` adds those never reached."""
    runs: dict[str, CardRun] = {}
    for card, quality in answers:
        run = runs.setdefault(card.key, CardRun(card))
        run.answers += 1
        if quality < REPEAT_BELOW:
            run.misses += 1
        else:
            run.right = True
    for card in cards:
        runs.setdefault(card.key, CardRun(card))
    return list(runs.values())


def still_weak(runs: Sequence[CardRun]) -> WeakReport:
    """What is still weak after the run: per tag and per deck, the cards missed (or never got
    right) out of those reached; weakest spots first. Cards never reached are left out."""
    reached = [r for r in runs if r.answers]
    tag_total: dict[str, int] = defaultdict(int)
    tag_weak: dict[str, int] = defaultdict(int)
    deck_total: dict[str, int] = defaultdict(int)
    deck_weak: dict[str, int] = defaultdict(int)
    for r in reached:
        deck_total[r.card.deck] += 1
        deck_weak[r.card.deck] += r.weak
        for t in dict.fromkeys(r.card.tags):
            tag_total[t] += 1
            tag_weak[t] += r.weak

    def spots(weak: dict[str, int], total: dict[str, int]) -> list[Spot]:
        out = [Spot(name, weak[name], total[name]) for name in total if weak[name]]
        return sorted(out, key=lambda s: (-s.weak, -s.weak / s.total, s.name))

    return WeakReport(spots(tag_weak, tag_total), spots(deck_weak, deck_total), [r.card for r in reached if r.weak])
