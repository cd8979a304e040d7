"""What the loader made of each card of a deck file the last time, so that a re-read after an edit
validates and expands only the cards that changed.

A card's entry is keyed by the card exactly as read (its values after ``${facts}`` were filled in
and its kind named), the deck's header and a ``context`` given by the caller: everything else a
card's checks and study cards depend on (the service catalog, the loader's code). Validating a
card and expanding it are pure functions of those, so an entry stands for a card that passed
every check of its own and made these study cards. The checks across cards (ids, ``was:``) run
again on every read, and a deck with any problem is read without the memo's help as before (the
caller keeps the memo of a deck only when it loaded cleanly).

Reading and writing memos is the caller's business (``app/deckcache.py``); this module does no I/O.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kinesis_tutor.core.cards import Card

REWRITE_AFTER = 32  # cards the memo of a deck may miss before it is written again


@dataclass(frozen=True)
class Known:
    """A card that passed its own checks: what the rest of the loader needs of its model, and its study cards."""

    id: str
    was: tuple[str, ...]
    cards: tuple[Card, ...]


@dataclass
class CardMemo:
    """The entries of one deck file: those kept from the last read (``old``) and this read's (``new``)."""

    context: str
    old: Mapping[str, Known] = field(default_factory=dict)
    new: dict[str, Known] = field(default_factory=dict)
    misses: int = 0
    changes: int = 0  # finished study cards unlike last time's
    # The study cards the deck gave last time, by id, as finished (contrasts attached) and hashed.
    final: Mapping[str, Card] = field(default_factory=dict)
    new_final: dict[str, Card] = field(default_factory=dict)
    _prefix: Any = None  # a hash of the context and the deck header, to which each card's key adds the card

    def start(self, deck: Any) -> None:
        """The deck header the cards are expanded with (a part of every key)."""
        # The header's own fields (not what else the deck holds: its cards are keyed one by one).
        values = [(name, getattr(deck, name, None)) for name in type(deck).model_fields if name != "cards"]
        self._prefix = hashlib.blake2b(f"{self.context}\0{type(deck).__name__}{values!r}\0".encode(), digest_size=16)

    def key(self, raw: Any) -> str:
        """The card's key: its values exactly (marshal's version 0 writes each value by its type and
        contents, with no references or interning that could differ between equal values, and reads
        back the very values: two cards with the same bytes are the same card), else their repr."""
        try:
            data = b"m" + marshal.dumps(raw, 0)
        except ValueError:  # a value marshal cannot write (too deep, or of a type of its own)
            data = b"r" + repr(raw).encode()
        h = self._prefix.copy()
        h.update(data)
        return h.hexdigest()

    def get(self, key: str) -> Known | None:
        hit = self.old.get(key)
        if hit is not None:
            self.new[key] = hit
        return hit

    def put(self, key: str, card: Any, cards: list[Card]) -> None:
        self.misses += 1
        self.new[key] = Known(card.id, tuple(card.was), tuple(cards))

    def settle(self, cards: list[Card]) -> list[Card]:
        """The deck's finished study cards, each equal to last time's given as last time's object
        (whose content hash is known already); all kept for next time."""
        out = []
        for card in cards:
            old = self.final.get(card.id)
            if old is not None and (old is card or old == card):
                card = old
            else:
                self.changes += 1
            out.append(card)
            self.new_final[card.id] = card
        return out

    @property
    def worth_keeping(self) -> bool:
        """Whether this read found enough that the memo did not know to write it again: a deck read
        for the first time, or after many edits. A card or two that the memo misses (it still holds
        the rest, each entry keyed by all it depends on) cost less to check again than the memo costs
        to write."""
        unknown = max(self.misses, self.changes)
        return unknown > REWRITE_AFTER or unknown * 8 > max(len(self.new_final), 1)
