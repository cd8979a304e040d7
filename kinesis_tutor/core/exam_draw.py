"""Drawing a mock exam: which cards can be questions, their topics, and the draw itself
(decks take turns, so that no deck fills the exam). Pure: the random source is passed in."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kinesis_tutor.core import grading
from kinesis_tutor.core.cards import Card

EXAM_KINDS = ("scenario", "mcq", "multi", "truefalse")

# Tags that name a service rather than a topic. The catalog's ids, plus the names used as deck
# tags that are not catalog ids; ``service_tags`` adds every service a scenario offers.
SERVICE_TAGS = frozenset(
    {
        "kds",
        "firehose",
        "flink",
        "kvs",
        "sqs-standard",
        "sqs-fifo",
        "sns",
        "msk",
        "lambda",
        "s3",
        "eventbridge",
        "amazon-mq",
        "dynamodb-streams",
        "opensearch",
        "redshift",
        "athena",
        "glue",
        "step-functions",
        "iot-core",
        "rekognition",
        "sqs",
        "kafka",
        "sns-fifo",
        "kinesis",
        "dynamodb",
        "iot",
        "cloudwatch-logs",
    }
)

# Tags that say what kind of card it is rather than what it is about: not topics either.
KIND_TAGS = frozenset({"scenario", "table", "exam-style"})
# The exam domain tags (``exam_forms.DOMAINS``): the result has its own table for them.
DOMAIN_TAGS = frozenset({"dea-ingestion", "dea-store", "dea-operations", "dea-security", "saa", "dva"})

Answer = str | tuple[str, ...]


class Drawable(Protocol):
    """What the draw needs of a card from the store (a ``StudyItem``): its row id and its card."""

    @property
    def pk(self) -> int: ...

    @property
    def card(self) -> Card: ...


def service_tags(cards: Iterable[Card]) -> frozenset[str]:
    """SERVICE_TAGS plus every service id offered by a scenario among ``cards``."""
    extra = {c for card in cards if card.kind == "scenario" for c in card.choices}
    return SERVICE_TAGS | extra


def topic_of(card: Card, services: frozenset[str] | set[str] = SERVICE_TAGS) -> str:
    """A card's topic: its first tag that is neither a service, a kind of card nor an exam domain, else its deck."""
    return next((t for t in card.tags if t not in services and t not in KIND_TAGS | DOMAIN_TAGS), card.deck)


@dataclass(frozen=True)
class Question:
    number: int  # 1-based, as shown
    pk: int  # the card's row id in the store
    card: Card
    choices: tuple[str, ...]  # in the order shown (shuffled once, at the draw)
    topic: str

    @property
    def multi(self) -> bool:
        return self.card.kind == "multi"

    @property
    def choose(self) -> int:
        return self.card.choose if self.multi else 1

    def label(self, choice: str) -> str:
        return self.card.label(choice)

    def check(self, given: Answer | None) -> bool:
        if given is None or given == ():
            return False
        if self.multi or not isinstance(given, str):
            return grading.check(self.card, list(given)).correct
        return grading.check(self.card, given).correct

    def shown(self, given: Answer | None) -> str:
        """An answer as the learner saw it."""
        if given is None or given == ():
            return "nothing"
        if isinstance(given, tuple):
            return "; ".join(self.label(g) for g in given)
        return self.label(given)


@dataclass(frozen=True)
class Draw:
    questions: list[Question]
    wanted: int
    available: int

    @property
    def short(self) -> bool:
        return len(self.questions) < self.wanted

    def message(self) -> str:
        n = len(self.questions)
        if not self.short:
            return ""
        matches = f"{n} question{'s' if n != 1 else ''} match{'es' if n == 1 else ''}"
        return f"Only {matches}: the exam has {n} instead of {self.wanted}."


def _take_turns(pool: Sequence[Drawable], count: int, rng: random.Random) -> list[Drawable]:
    """Up to ``count`` of ``pool``: the decks take turns (in a random order, random cards within each)."""
    by_deck: dict[str, list[Drawable]] = defaultdict(list)
    for it in pool:
        by_deck[it.card.deck].append(it)
    decks = sorted(by_deck)
    rng.shuffle(decks)
    for d in decks:
        rng.shuffle(by_deck[d])
    picked: list[Drawable] = []
    while len(picked) < count and any(by_deck[d] for d in decks):
        for d in decks:
            if by_deck[d] and len(picked) < count:
                picked.append(by_deck[d].pop())
    rng.shuffle(picked)
    return picked


def draw(
    items: Sequence[Drawable],
    count: int,
    *,
    rng: random.Random | None = None,
    tags: Sequence[str] = (),
    services: frozenset[str] | None = None,
    domains: Sequence[str] = (),
) -> Draw:
    """Draw ``count`` questions from ``items`` (StudyItem-like: ``pk``, ``card``) of the exam
    kinds, with any of ``tags`` and any of ``domains`` (domain tags). Decks take turns (in a
    random order, random cards within each), so that no deck — the big comparison tables, say —
    fills the exam. Fewer cards than ``count``: all of them, and ``Draw.short`` says so."""
    rng = rng or random.Random()
    pool = [
        it
        for it in items
        if it.card.kind in EXAM_KINDS
        and (not tags or set(tags) & set(it.card.tags))
        and (not domains or set(domains) & set(it.card.tags))
    ]
    services = services if services is not None else service_tags(it.card for it in pool)
    questions = []
    for n, it in enumerate(_take_turns(pool, count, rng), 1):
        choices = list(it.card.choices)
        if it.card.shuffle:
            rng.shuffle(choices)
        questions.append(Question(n, it.pk, it.card, tuple(choices), topic_of(it.card, services)))
    return Draw(questions, count, len(pool))
