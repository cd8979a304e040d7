"""Every bundled card grades its own key right, every accepted spelling right, every other choice
wrong, and no contrast term typed into a typed card right (issue 14: verdicts a learner can trust)."""

from __future__ import annotations

import itertools
import re

import pytest

from kinesis_tutor.app import paths, verdicts
from kinesis_tutor.app.decks import load
from kinesis_tutor.core import grading, units
from kinesis_tutor.core.cards import Card

LIB = load(paths.resolve(None, []))
CARDS = [c for c in LIB.cards() if c.kind != "basic"]
TYPED = [c for c in CARDS if c.kind in ("cloze", "numeric")]


def key_response(card: Card):
    if card.kind == "multi":
        return list(card.answer)
    if card.kind == "cloze":
        return "; ".join(card.answer)
    return card.answer[0]


def test_the_bank_is_the_bundled_content():
    assert len(CARDS) > 400 and {c.kind for c in CARDS} >= {"cloze", "numeric", "mcq", "multi", "truefalse"}
    assert len(LIB.catalog) >= 15  # the service names every typed card is checked against


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.key)
def test_the_key_and_every_accepted_spelling_are_right(card):
    assert grading.check(card, key_response(card)).correct
    for spelling in grading.accepted(card):
        assert verdicts.grade(LIB, card.deck, card.id, spelling).correct, spelling


@pytest.mark.parametrize("card", [c for c in CARDS if c.kind in verdicts.CHOICE_KINDS], ids=lambda c: c.key)
def test_every_other_choice_is_wrong(card):
    if card.kind == "multi":
        for pick in itertools.combinations(card.choices, card.choose):
            assert grading.check(card, list(pick)).correct == (set(pick) == set(card.answer)), pick
    else:
        for choice in card.choices:
            assert grading.check(card, choice).correct == (choice == card.answer[0]), choice


def _opposite(text: str) -> str | None:
    """The key with one word swapped for its opposite (AT/AFTER, Increase/Decrease, …)."""
    words = re.split(r"(\W+|_)", text)
    for i, word in enumerate(words):
        for a, b in grading.OPPOSITES:
            other = b if word.lower() == a else a if word.lower() == b else None
            if other is not None:
                swapped = other.upper() if word.isupper() else other.capitalize() if word[:1].isupper() else other
                return "".join([*words[:i], swapped, *words[i + 1 :]])
    return None


def _words(text: str) -> str:
    return f" {grading.normalize(text)} "


def other_services(card: Card) -> set[str]:
    """Every name and alias of the catalog but those of a service the key names (wholly or in part:
    ``Firehose`` in ``Firehose stream``, ``SQS FIFO`` in ``SQS FIFO queue``)."""
    out: set[str] = set()
    for service in LIB.catalog.values():
        names = [service.name, *service.aliases]
        if not any(_words(n) in _words(a) or _words(a) in _words(n) for n in names for a in card.answer):
            out.update(names)
    return out


def contrasts(card: Card) -> list[str]:
    """What a typed card must not take for its key: the other answers and choices of the card,
    the other blanks of its deck, other figures of its deck, the key turned into its opposite, and
    every service name and alias of the catalog that is not the key's own service."""
    key = card.answer[0]
    deck = LIB.decks[card.deck].cards
    if card.kind == "numeric":
        want = units.parse_quantity(key)
        out = []
        for other in {c.answer[0] for c in deck if c.kind == "numeric"}:
            got = units.parse_quantity(other)
            if got.dimension != want.dimension or abs(got.value - want.value) > 0.1 * abs(want.value):
                out.append(other)
        return out
    terms = {*card.choices, *(a for c in deck if c.kind == "cloze" for a in c.answer), *other_services(card)}
    terms -= set(card.answer)
    swapped = _opposite(key)
    if swapped and swapped.lower() != key.lower():
        terms.add(swapped)
    norm = grading.normalize
    return sorted(t for t in terms if norm(t) != norm(key) and not units.equivalent(t, key))


@pytest.mark.parametrize("card", [c for c in TYPED if len(c.answer) == 1], ids=lambda c: c.key)
def test_no_contrast_term_typed_into_a_typed_card_is_right(card):
    known = verdicts.known_answers(LIB.decks[card.deck].cards, LIB.catalog)
    wrongly_right = [t for t in contrasts(card) if grading.check(card, t, known).correct]
    assert wrongly_right == []
