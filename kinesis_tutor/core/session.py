"""The study-session engine: queue, SM-2 step 7 repeats and undo. Knows nothing of terminals.

The UI asks ``next()`` for an entry, shows it, and reports the grade with ``answer()``; the
entry's ``kind`` says how the answer is logged ("new", "review" or "repeat"), and ``scheduled``
whether it changes the SM-2 schedule (repeats do not).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from kinesis_tutor.core.sm2 import REPEAT_BELOW

T = TypeVar("T")

REPEAT_GAP = 3  # a card graded below 4 comes back after this many other cards (or at the end)


@dataclass
class Entry(Generic[T]):
    item: T
    kind: str  # "new", "review", "repeat" (or "cram", "pick"...)
    scheduled: bool = True


@dataclass
class Answered(Generic[T]):
    entry: Entry[T]
    quality: int
    correct: bool | None
    review_id: int | None = None
    requeued: Entry[T] | None = None


@dataclass
class SessionEngine(Generic[T]):
    """A queue of entries with same-session repeats of anything graded below ``repeat_below``."""

    queue: deque[Entry[T]] = field(default_factory=deque)
    history: list[Answered[T]] = field(default_factory=list)
    repeat_below: int = REPEAT_BELOW
    gap: int = REPEAT_GAP
    repeat_kind: str = "repeat"
    repeats_scheduled: bool = False

    @classmethod
    def build(cls, due: Iterable[T], new: Iterable[T], **kw: Any) -> SessionEngine[T]:
        engine: SessionEngine[T] = cls(**kw)
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
            requeued = Entry(entry.item, self.repeat_kind, scheduled=self.repeats_scheduled)
            position = min(self.gap, len(self.queue))
            self.queue.insert(position, requeued)
        done = Answered(entry, quality, correct, requeued=requeued)
        self.history.append(done)
        return done

    def undo(self) -> Answered[T] | None:
        """Take back the last answer: its repeat (if any) is dropped and the card is asked again."""
        if not self.history:
            return None
        last = self.history.pop()
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
        firsts = [a for a in self.first_answers()]
        if not firsts:
            return None
        return sum(1 for a in firsts if a.quality >= 3) / len(firsts)
