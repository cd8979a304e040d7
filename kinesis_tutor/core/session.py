"""The study-session engine: queue, SM-2 step 7 repeats, buried siblings and undo. Knows nothing
of terminals.

The UI asks ``next()`` for an entry, shows it, and reports the grade with ``answer()``; the
entry's ``kind`` says how the answer is logged ("new", "review" or "repeat"), and ``scheduled``
whether it changes the SM-2 schedule (repeats do not). Cards graded below 4 earlier the same
day come back first (``again``), as Anki's learning cards do across restarts. Siblings (the
blanks of one cloze, the cells of one table row) are buried: once one is answered, the others
leave the queue until the next day, so that no answer screen shows a sibling's answer.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from kinesis_tutor.core.sm2 import PASS, REPEAT_BELOW

T = TypeVar("T")

REPEAT_GAP = 3  # a card graded below 4 comes back after this many other cards (or at the end)


@dataclass
class Entry(Generic[T]):
    item: T
    kind: str  # "new", "review", "repeat" (or "cram", "pick"...)
    scheduled: bool = True
    again: str = ""  # a repeat: "missed" (graded below 3) or "hard" (a pass graded 3)
    earlier_today: bool = False  # a repeat of a card graded below 4 in an earlier session today


@dataclass
class Answered(Generic[T]):
    entry: Entry[T]
    quality: int
    correct: bool | None
    review_id: int | None = None
    requeued: Entry[T] | None = None
    buried: list[tuple[int, Entry[T]]] = field(default_factory=list)  # (position, entry) taken out


def sibling_key(deck: str, card_id: str, origin: str = "card") -> str | None:
    """What a study card shares with its siblings: the deck card of a cloze blank (``x.c2`` → ``x``),
    the row of a table cell (``t.row.kds`` and ``t.row.which.kds`` → ``t.row``); None for others."""
    cloze = re.fullmatch(r"(.+)\.c\d+", card_id)
    if origin == "table":
        return f"{deck}/" + re.sub(r"\.(?:which\.)?[^.]+$", "", card_id)
    if cloze:
        return f"{deck}/{cloze.group(1)}"
    return None


def unburied(items: Iterable[T], key: Callable[[T], str | None], taken: set[str]) -> list[T]:
    """``items`` without the siblings of ``taken`` groups or of an earlier item (the first of each
    group stays); ``taken`` grows with the groups kept."""
    out = []
    for item in items:
        group = key(item)
        if group is not None:
            if group in taken:
                continue
            taken.add(group)
        out.append(item)
    return out


def _again(quality: int) -> str:
    return "hard" if quality >= PASS else "missed"


@dataclass
class SessionEngine(Generic[T]):
    """A queue of entries with same-session repeats of anything graded below ``repeat_below``."""

    queue: deque[Entry[T]] = field(default_factory=deque)
    history: list[Answered[T]] = field(default_factory=list)
    repeat_below: int = REPEAT_BELOW
    gap: int = REPEAT_GAP
    repeat_kind: str = "repeat"
    repeats_scheduled: bool = False
    sibling: Callable[[T], str | None] | None = None  # siblings buried once one is answered
    buried_count: int = 0

    @classmethod
    def build(
        cls, due: Iterable[T], new: Iterable[T], again: Iterable[tuple[T, int]] = (), **kw: Any
    ) -> SessionEngine[T]:
        """Today's misses first (``again``: each card with the grade below 4 it got earlier today),
        then the due reviews, then the new cards."""
        engine: SessionEngine[T] = cls(**kw)
        engine.queue.extend(
            Entry(i, engine.repeat_kind, engine.repeats_scheduled, _again(q), earlier_today=True) for i, q in again
        )
        engine.queue.extend(Entry(i, "review") for i in due)
        engine.queue.extend(Entry(i, "new") for i in new)
        return engine

    def next(self) -> Entry[T] | None:
        return self.queue[0] if self.queue else None

    def answer(self, quality: int, correct: bool | None = None) -> Answered[T]:
        """Record the grade of the current entry; it comes back later if graded below 4."""
        entry = self.queue.popleft()
        requeued = None
        if quality < self.repeat_below:
            requeued = Entry(entry.item, self.repeat_kind, scheduled=self.repeats_scheduled, again=_again(quality))
            position = min(self.gap, len(self.queue))
            self.queue.insert(position, requeued)
        done = Answered(entry, quality, correct, requeued=requeued, buried=self._bury(entry.item))
        self.history.append(done)
        return done

    def _bury(self, item: T) -> list[tuple[int, Entry[T]]]:
        """Take the siblings of ``item`` out of the queue (its own repeats stay)."""
        group = self.sibling(item) if self.sibling else None
        if group is None:
            return []
        assert self.sibling is not None
        taken = [(i, e) for i, e in enumerate(self.queue) if e.item is not item and self.sibling(e.item) == group]
        for _, e in reversed(taken):
            self.queue.remove(e)
        self.buried_count += len(taken)
        return taken

    def undo(self) -> Answered[T] | None:
        """Take back the last answer: its repeat (if any) is dropped, its buried siblings come
        back, and the card is asked again."""
        if not self.history:
            return None
        last = self.history.pop()
        for position, e in last.buried:
            self.queue.insert(position, e)
        self.buried_count -= len(last.buried)
        if last.requeued is not None:
            for i, e in enumerate(self.queue):
                if e is last.requeued:
                    del self.queue[i]
                    break
        self.queue.appendleft(last.entry)
        return last

    # ---------------------------------------------------------------- progress

    @property
    def answered(self) -> int:
        return len(self.history)

    @property
    def total(self) -> int:
        return len(self.history) + len(self.queue)

    def progress(self) -> str:
        return f"{self.answered + 1} / {self.total}"

    def first_answers(self) -> list[Answered[T]]:
        """The first answer to each entry that was not a repeat."""
        return [a for a in self.history if a.entry.kind != self.repeat_kind]

    def accuracy(self) -> float | None:
        firsts = self.first_answers()
        if not firsts:
            return None
        return sum(1 for a in firsts if a.quality >= PASS) / len(firsts)
