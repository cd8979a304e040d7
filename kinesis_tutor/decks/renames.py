"""``was: [old-id, …]``: the ids a card or a deck had before, so that review history follows a
rename or a move.

On a card, ``was: [old-id]`` names a card of the same deck, ``was: [other-deck/old-id]`` a card
moved in from another deck. On a deck, ``was: [old-deck-id]`` carries every card of the renamed
deck. A cloze card's cards follow with their number (``old-id.c1`` becomes ``new-id.c1``). The
store re-keys the old card's progress on the next sync (``store/cardsync.py``).
"""

from __future__ import annotations

from typing import Any

from kinesis_tutor.core.cards import Card
from kinesis_tutor.decks.messages import _dotted
from kinesis_tutor.decks.yamlsource import Document, Problem

Key = tuple[str, str]  # (deck id, study card id)
Written = tuple[int, Any, list[Card]]  # a card as written: its index in the file, its model, its study cards


def check(doc: Document, deck_id: str, deck_was: list[str], cards: list[Written], problems: list[Problem]) -> None:
    """A ``was`` must name an id that is gone: not the card itself, not a card of this deck, and not
    an id that another card of the deck already claims."""
    here = {c.id for _, c, _ in cards}
    claimed: dict[str, int] = {}
    for i, card, _ in cards:
        for j, old in enumerate(card.was):
            path = ("cards", i, "was", j)
            bare = old.split("/", 1)[1] if old.startswith(f"{deck_id}/") else old
            if bare == card.id:
                problems.append(doc.problem(path, f"{_dotted(path)}: '{old}' is this card's own id"))
            elif bare in here:
                problems.append(
                    doc.problem(path, f"{_dotted(path)}: '{old}' is a card of this deck; 'was' names ids that are gone")
                )
            elif old in claimed:
                problems.append(
                    doc.problem(path, f"{_dotted(path)}: '{old}' is already in the 'was' of card {claimed[old] + 1}")
                )
            claimed.setdefault(old, i)
    for j, old in enumerate(deck_was):
        if old == deck_id:
            problems.append(doc.problem(("was", j), f"was #{j + 1}: '{old}' is this deck's own id"))


def _olds(deck_id: str, deck_was: list[str], card_was: list[str], card_id: str) -> list[Key]:
    """The keys a deck card may have had, the most specific first."""
    out: list[Key] = []
    for old in card_was:
        if "/" in old:
            d, c = old.split("/", 1)
            out.append((d, c))
        else:
            out += [(deck_id, old)] + [(d, old) for d in deck_was]
    out += [(d, card_id) for d in deck_was]
    return list(dict.fromkeys(out))


def renames(deck_id: str, deck_was: list[str], cards: list[Written], table_cards: list[str]) -> dict[str, list[Key]]:
    """For each study card of the deck that may have had another key: those keys, in order of preference."""
    out: dict[str, list[Key]] = {}
    for _, card, study in cards:
        olds = _olds(deck_id, deck_was, list(card.was), card.id)
        for sid in (c.id for c in study):
            suffix = sid[len(card.id) :]  # '.c1' of a cloze's cards
            if olds:
                out[sid] = [(d, c + suffix) for d, c in olds]
    for sid in table_cards:
        if deck_was:
            out[sid] = [(d, sid) for d in deck_was]
    return out


def of_deck(
    doc: Document, deck: Any, written: list[Written], all_ids: set[str], problems: list[Problem]
) -> dict[str, list[Key]]:
    """The renames of a deck (after checking its ``was`` entries)."""
    deck_was = list(getattr(deck, "was", []) or [])
    check(doc, deck.id, deck_was, written, problems)
    from_cards = {c.id for _, _, study in written for c in study}
    return renames(deck.id, deck_was, written, sorted(all_ids - from_cards))
