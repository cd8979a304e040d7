"""The exam domains a question is tagged with, and the three fixed full-length forms.

The domains are the AWS Certified Data Engineer - Associate (DEA-C01) exam guide's four content
domains, with their weights as "% of scored content" (34 / 26 / 22 / 18, exam guide versions 1.0
and 1.1; the AWS Certification user guide's page for Domain 1 now says 36 %, but no page gives a
new split of the other three, so the published four are kept), plus two tags for questions that
also fit the Solutions Architect - Associate (SAA-C03) and Developer - Associate (DVA-C02) exams,
which carry no single weight here.

A form is a full-length DEA-C01 exam (65 questions, 130 minutes) drawn from the exam-style
questions with the domain weights. It is drawn deterministically: the same form has the same
questions, in the same order, with the same order of choices, every time, so two attempts at one
form are comparable. Within a domain the questions are ranked by a hash of their deck and id (a
question added to the bank moves few others) and the three forms start a third of the way apart
in that ranking, so that together they cover every question of the bank. Pure: no store.
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError
from kinesis_tutor.core.exam_draw import Draw, Drawable, Question, service_tags, topic_of


@dataclass(frozen=True)
class Domain:
    tag: str  # the tag on the questions, and the name --domain takes
    exam: str
    name: str
    weight: float | None  # share of the scored content; None: no single weight

    @property
    def short(self) -> str:
        """The name in a narrow column."""
        return self.name.split()[1] if self.exam == "DEA-C01" else self.exam


DOMAINS: tuple[Domain, ...] = (
    Domain("dea-ingestion", "DEA-C01", "Data Ingestion and Transformation", 0.34),
    Domain("dea-store", "DEA-C01", "Data Store Management", 0.26),
    Domain("dea-operations", "DEA-C01", "Data Operations and Support", 0.22),
    Domain("dea-security", "DEA-C01", "Data Security and Governance", 0.18),
    Domain("saa", "SAA-C03", "Solutions Architect - Associate", None),
    Domain("dva", "DVA-C02", "Developer - Associate", None),
)
BY_TAG = {d.tag: d for d in DOMAINS}
WEIGHTED = tuple(d for d in DOMAINS if d.weight is not None)

FORMS = (1, 2, 3)
FORM_QUESTIONS = 65  # DEA-C01: 65 questions (50 scored, 15 unscored: all are scored here)
FORM_MINUTES = 130
FORM_TAG = "exam-style"  # forms are drawn from these questions only


def domain_named(name: str) -> Domain:
    """The domain of a --domain value (its tag, any case); a usage error that suggests the nearest."""
    key = name.strip().lower()
    if key in BY_TAG:
        return BY_TAG[key]
    near = difflib.get_close_matches(key, list(BY_TAG), n=1, cutoff=0.5)
    near = near or [t for t in BY_TAG if key and key in t][:1]
    hint = f"; did you mean {near[0]}?" if near else ""
    raise TutorError(
        f"no exam domain {name!r}{hint} (domains: {', '.join(BY_TAG)})",
        exit_code=EXIT_USAGE,
    )


def domain_of(card: Card) -> Domain | None:
    """The card's DEA-C01 domain (its first weighted domain tag), or None."""
    return next((BY_TAG[t] for t in card.tags if t in BY_TAG and BY_TAG[t].weight is not None), None)


def check_form(form: int) -> int:
    if form not in FORMS:
        raise TutorError(
            f"no exam form {form}: the forms are {', '.join(map(str, FORMS))}",
            exit_code=EXIT_USAGE,
        )
    return form


def quotas(total: int = FORM_QUESTIONS) -> dict[str, int]:
    """Questions per weighted domain for an exam of ``total``: the weights, rounded by largest remainder."""
    exact = {d.tag: total * (d.weight or 0.0) for d in WEIGHTED}
    out = {tag: int(x) for tag, x in exact.items()}
    by_remainder = sorted(exact, key=lambda tag: (-(exact[tag] - out[tag]), tag))
    for tag in by_remainder[: total - sum(out.values())]:
        out[tag] += 1
    return out


def _rank(it: Drawable) -> str:
    return hashlib.sha256(f"{it.card.deck}/{it.card.id}".encode()).hexdigest()


def form_items(items: Sequence[Drawable], form: int) -> list[Drawable]:
    """The questions of form ``form`` (1-3): per weighted domain its quota, taken from the
    domain's ranking starting a third of the way further for each form."""
    check_form(form)
    picked: list[Drawable] = []
    for tag, n in quotas().items():
        pool = sorted((it for it in items if FORM_TAG in it.card.tags and _domain_tag(it.card) == tag), key=_rank)
        if not pool:
            continue
        start = (form - 1) * len(pool) // len(FORMS)
        picked += [pool[(start + k) % len(pool)] for k in range(min(n, len(pool)))]
    return picked


def _domain_tag(card: Card) -> str | None:
    domain = domain_of(card)
    return domain.tag if domain else None


def draw_form(items: Sequence[Drawable], form: int) -> Draw:
    """Form ``form`` as a draw: its questions and their choices in an order fixed by the form number."""
    chosen = form_items(items, form)
    rng = random.Random(f"kinesis-tutor form {form}")
    rng.shuffle(chosen)
    services = service_tags(it.card for it in chosen)
    questions = []
    for n, it in enumerate(chosen, 1):
        choices = list(it.card.choices)
        if it.card.shuffle:
            rng.shuffle(choices)
        questions.append(Question(n, it.pk, it.card, tuple(choices), topic_of(it.card, services)))
    return Draw(questions, FORM_QUESTIONS, len(chosen))
