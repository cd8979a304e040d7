"""``decks show --json`` and ``decks grade``: every study card of a deck as data, and how one
answer to one card would be graded, and why — for authors checking a card and for scripts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.decks import find_deck
from kinesis_tutor.core import grading
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean
from kinesis_tutor.core.grading import Contrast
from kinesis_tutor.decks.support import load_support
from kinesis_tutor.store.progress import Store

if TYPE_CHECKING:
    from kinesis_tutor.app.paths import Paths
    from kinesis_tutor.decks.loader import Library

CHOICE_KINDS = ("mcq", "multi", "truefalse", "scenario")


def card_row(card: Card) -> dict[str, Any]:
    """One study card as ``decks show --json`` lists it."""
    row: dict[str, Any] = {
        "id": card.id,
        "kind": card.kind,
        "question": card.prompt,
        # a choice card's key as its choices show it (a scenario's service by name, not its id)
        "answers": [card.label(a) for a in card.answer] if card.kind in CHOICE_KINDS else list(card.answer),
        "accepted": grading.accepted(card) if card.kind != "basic" else [],
    }
    if card.kind in CHOICE_KINDS:
        row["choices"] = [card.label(c) for c in card.choices]
        row["shuffled_in_quiz"] = card.shuffle
    if card.kind == "numeric" and card.tolerance:
        row["tolerance"] = card.tolerance
    row.update(tags=list(card.tags), explanation=card.explanation, origin=card.origin)
    return row


def deck_cards(lib: Library, deck_id: str) -> dict[str, Any]:
    """The deck and every one of its study cards (a cloze blank and a table cell each count)."""
    d = find_deck(lib, deck_id)
    return {"deck": d.deck.id, "title": d.deck.title, "cards": [card_row(c) for c in d.cards]}


def deck_contrasts(cards: Iterable[Card]) -> tuple[Contrast, ...]:
    """The blanks of a deck: known answers a cloze blank must not take for its own."""
    return tuple(dict.fromkeys((a, "") for c in cards if c.kind == "cloze" for a in c.answer))


def catalog_contrasts(catalog: Mapping[str, Any]) -> tuple[Contrast, ...]:
    """Every service name and alias of the catalog, with its service's name: ``("KVS", "Kinesis Video Streams")``."""
    return tuple(dict.fromkeys((term, s.name) for s in catalog.values() for term in (s.name, *s.aliases)))


def known_answers(cards: Iterable[Card], catalog: Mapping[str, Any]) -> tuple[Contrast, ...]:
    """What a typed card of the deck of ``cards`` never takes for its key, nor a near miss as near
    to one (``grading.check``): the deck's blanks and the catalog's service names and aliases
    (the bundled catalog and the learner's)."""
    return (*deck_contrasts(cards), *catalog_contrasts(catalog))


@dataclass
class KnownAnswers:
    """``known_answers`` for the question loop: each deck's blanks read from the store when a
    typed card of that deck is first asked, the catalog's names read once with the decks."""

    store: Store
    services: tuple[Contrast, ...]
    _decks: dict[str, tuple[Contrast, ...]] = field(default_factory=dict)

    def of(self, card: Card) -> tuple[Contrast, ...]:
        if card.kind != "cloze":
            return ()
        if card.deck not in self._decks:
            blanks = deck_contrasts(i.card for i in self.store.items(decks=[card.deck], kinds=["cloze"]))
            self._decks[card.deck] = (*blanks, *self.services)
        return self._decks[card.deck]


def known_in(store: Store, paths: Paths) -> KnownAnswers:
    """The known answers of a run on ``store`` with the deck folders of ``paths``."""
    catalog, _facts = load_support(paths.deck_dirs(), [])
    return KnownAnswers(store, catalog_contrasts(catalog))


@dataclass(frozen=True)
class Verdict:
    deck: str
    card: str
    kind: str
    given: str
    correct: bool
    expected: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "card": self.card,
            "kind": self.kind,
            "answer": self.given,
            "correct": self.correct,
            "expected": self.expected,
            "reason": self.reason,
        }


def find_card(lib: Library, deck_id: str, card_id: str) -> Card:
    """The study card ``card_id`` of deck ``deck_id``; a wrong id is bad usage (exit 2)."""
    try:
        deck = find_deck(lib, deck_id)
    except TutorError as exc:
        raise TutorError(str(exc), exit_code=EXIT_USAGE) from None
    cards = {c.id: c for c in deck.cards}
    if card_id not in cards:
        hint = did_you_mean(card_id, cards)
        raise TutorError(
            f"deck '{deck_id}' has no study card '{card_id}'{hint}; "
            f"'kinesis-tutor decks show {deck_id} --json' lists them",
            exit_code=EXIT_USAGE,
        )
    return cards[card_id]


def _option(card: Card, text: str) -> str:
    """The option ``text`` names: its number as shown (1, 2, …), its text or its label."""
    t = text.strip()
    if re.fullmatch(r"\d+", t) and 1 <= int(t) <= len(card.choices):
        return card.choices[int(t) - 1]
    if card.kind == "truefalse" and t.lower() in (*grading.TRUE_WORDS, *grading.FALSE_WORDS):
        return "True" if t.lower() in grading.TRUE_WORDS else "False"
    for choice in card.choices:
        if t.lower() in (choice.lower(), card.label(choice).lower()):
            return choice
    shown = "; ".join(f"{i}. {card.label(c)}" for i, c in enumerate(card.choices, 1))
    raise TutorError(f"'{text}' is not one of the options of this card: {shown}", exit_code=EXIT_USAGE)


def _chosen(card: Card, answer: str) -> list[str]:
    """The options an answer names: one, or for a choose-several card several, separated by
    semicolons or commas (an option whose text holds a comma is read whole)."""
    if card.kind == "multi":
        for sep in (";", ","):
            picked = _greedy(card, answer.split(sep), sep)
            if picked:
                return picked
    return [_option(card, answer)]


def _greedy(card: Card, parts: list[str], sep: str) -> list[str]:
    """Options read from ``parts`` left to right, a part joined to the next until they name one;
    [] if they do not all name options."""
    out: list[str] = []
    buffer = ""
    for part in parts:
        buffer = f"{buffer}{sep}{part}" if buffer else part
        try:
            out.append(_option(card, buffer))
        except TutorError:
            continue
        buffer = ""
    return list(dict.fromkeys(out)) if not buffer.strip() and len(out) > 1 else []


def grade(lib: Library, deck_id: str, card_id: str, answer: str) -> Verdict:
    """How ``answer`` to the study card ``card_id`` would be graded, and why."""
    card = find_card(lib, deck_id, card_id)
    if card.kind == "basic":
        raise TutorError(f"'{card_id}' is a flashcard: the learner grades it, not the program", exit_code=EXIT_USAGE)
    if not answer.strip():
        raise TutorError("the answer is empty: the quiz asks again on an empty answer", exit_code=EXIT_USAGE)
    expected = "; ".join(card.label(a) for a in card.answer)
    if card.kind in CHOICE_KINDS:
        chosen = _chosen(card, answer)
        result = grading.check(card, chosen if card.kind == "multi" else chosen[0])
        given = "; ".join(card.label(c) for c in chosen)
        reason = _choice_reason(card, chosen, result.correct)
    else:
        result = grading.check(card, answer, known_answers(find_deck(lib, deck_id).cards, lib.catalog))
        given = answer
        reason = result.note or ("the same as the key" if result.correct else f"not the key: it is {expected}")
    return Verdict(deck_id, card_id, card.kind, given, result.correct, expected, reason)


def _choice_reason(card: Card, chosen: list[str], correct: bool) -> str:
    if correct:
        return "the key" if len(chosen) == 1 else "exactly the keys"
    if card.kind == "multi":
        missing = [card.label(a) for a in card.answer if a not in chosen]
        extra = [card.label(c) for c in chosen if c not in card.answer]
        parts = [f"choose {card.choose}"]
        if extra:
            parts.append("not a key: " + "; ".join(extra))
        if missing:
            parts.append("missing: " + "; ".join(missing))
        return ", ".join(parts)
    why = card.why_not_map().get(chosen[0], "")
    return f"{card.label(chosen[0])} is not the key" + (f": {why}" if why else "")
