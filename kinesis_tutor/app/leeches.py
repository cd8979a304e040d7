"""kinesis-tutor leeches: the suspended cards, and what the learner decides for each.

A leech is a card failed ``LEECH_LAPSES`` times: it is suspended, left out of study. For each one
the learner reviews it (released, lapses kept), resets it (released, lapses cleared) or keeps it
suspended. The screens and prompts are in ``ui/leeches_view.py``; this module only finds and decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, open_synced
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.stats import leech_items

REVIEW, RESET, KEEP = "review", "reset", "keep"
CHOICES = (REVIEW, RESET, KEEP)


@dataclass(frozen=True)
class Leech:
    item: StudyItem
    lapses: int


@dataclass
class Leeches:
    """The leeches of an open store (most lapses first) and the decisions taken so far."""

    store: Store
    found: list[Leech] = field(init=False)
    done: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.found = [Leech(item, lapses) for item, lapses in leech_items(self.store)]
        self.done = dict.fromkeys(CHOICES, 0)

    def decide(self, leech: Leech, choice: str) -> str:
        """Apply ``choice`` to ``leech`` at once (committed); anything but review or reset keeps it.
        Returns the choice as counted."""
        if choice == REVIEW:
            self.store.set_suspended(leech.item.pk, False)
        elif choice == RESET:
            self.store.set_suspended(leech.item.pk, False, reset=True)
        else:
            choice = KEEP
        self.done[choice] += 1
        return choice


@contextmanager
def open_leeches(paths: Paths, on_problems: Callable[[SyncReport], None] | None = None) -> Iterator[Leeches]:
    """The leeches after a deck sync; the store closes when the block ends."""
    store = open_synced(paths, on_problems)
    try:
        yield Leeches(store)
    finally:
        store.close()
