"""The known answers a typed card must never take for its key (issue 14, item 1).

A typed answer near the key is right only if it is not as near to another known answer
(``core.grading``). The loader gives every cloze card those other answers, once, here: the other
blanks of its deck, and every service name and alias of the catalog (bundled and the learner's),
except the names of the service the key itself names (``Firehose`` is not another answer to
``Amazon Data Firehose``). The card carries them, so the quiz, ``decks grade`` and any script
grade alike with nothing else to hand (and a catalog edit reaches the store with the next sync).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.grading import normalize

TYPED = ("cloze",)  # numeric cards compare quantities (core/units.py), never names


def _names(service: Any) -> list[str]:
    return list(dict.fromkeys([service.name, *service.aliases]))


def _padded(text: str) -> str:
    return f" {normalize(text)} "


def _overlaps(x: str, y: str) -> bool:
    """One name holds the other as whole words (``SQS FIFO`` and ``SQS FIFO queue``); both padded."""
    return x in y or y in x


Term = tuple[str, str, str]  # the term, the service it names ("" for none), the term normalized and padded


_LAST: list[tuple[Mapping[str, Any], list[Term]]] = []  # the catalog of the last deck loaded, and its terms


def catalog_terms(catalog: Mapping[str, Any]) -> list[Term]:
    """Every service name and alias with the name of its service: ``("KVS", "Kinesis Video Streams", " kvs ")``
    (worked out once for all the decks loaded with one catalog)."""
    if not _LAST or _LAST[0][0] is not catalog:
        _LAST[:] = [(catalog, [(term, s.name, _padded(term)) for s in catalog.values() for term in _names(s)])]
    return _LAST[0][1]


def for_card(card: Card, terms: list[Term]) -> tuple[tuple[str, str], ...]:
    """The contrasts of one typed card: ``terms`` but the names of the service its key names, and its own answers."""
    answers = [_padded(a) for a in card.answer]
    mine = {name for _, name, padded in terms if name and any(_overlaps(padded, a) for a in answers)}
    found: dict[str, tuple[str, str]] = {}
    for term, name, padded in terms:
        if name not in mine and padded not in answers:
            found.setdefault(padded, (term, name))
    return tuple(found.values())


def attach(cards: list[Card], catalog: Mapping[str, Any]) -> list[Card]:
    """``cards`` of one deck, each typed card with its contrasts: catalog names first, then the deck's blanks."""
    if not any(c.kind in TYPED for c in cards):
        return cards
    blanks = dict.fromkeys(a for c in cards if c.kind == "cloze" for a in c.answer)
    terms = [*catalog_terms(catalog), *((b, "", _padded(b)) for b in blanks)]
    return [replace(c, contrasts=for_card(c, terms)) if c.kind in TYPED else c for c in cards]
