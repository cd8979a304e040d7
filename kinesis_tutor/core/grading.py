"""Answer checking and the mapping from answers to SM-2 quality. Pure functions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from kinesis_tutor.core import units
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.review import Quality

# Self-graded cards: Again / Hard / Good / Easy, as in Anki; the digits 0–5 work directly.
AGAIN, HARD, GOOD, EASY = Quality.WRONG.value, Quality.HARD.value, Quality.GOOD.value, Quality.EASY.value
SELF_GRADES = (("Again", AGAIN), ("Hard", HARD), ("Good", GOOD), ("Easy", EASY))
# Auto-graded cards: a wrong answer is quality 1; a right one asks how hard it was.
WRONG_QUALITY = AGAIN
RIGHT_GRADES = (("Hard", HARD), ("Good", GOOD), ("Easy", EASY))
DEFAULT_RIGHT_QUALITY = GOOD
TYPO_SIMILARITY = 0.88


@dataclass(frozen=True)
class Grade:
    correct: bool
    note: str = ""  # e.g. "accepted despite a typo"


def normalize(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).lower().strip()
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)  # 1,000 → 1000
    t = re.sub(r"[\"'`]", "", t)
    t = re.sub(r"\s*([/:\-])\s*", r"\1", t)  # "MB / s" → "mb/s"
    t = re.sub(r"\s+", " ", t)
    return t.strip(" .;!?")


# Words whose swap turns an answer into its opposite: never a typo of each other.
OPPOSITES = (
    ("synchronous", "asynchronous"),
    ("synchronously", "asynchronously"),
    ("sync", "async"),
    ("before", "after"),
    ("at", "after"),
    ("increase", "decrease"),
    ("min", "max"),
    ("minimum", "maximum"),
    ("enable", "disable"),
    ("enabled", "disabled"),
    ("inbound", "outbound"),
    ("upper", "lower"),
    ("push", "pull"),
    ("encrypt", "decrypt"),
    ("latest", "oldest"),
)
# UPPER_SNAKE, CamelCase, and IAM actions (kms:Decrypt, kinesis:PutRecords)
_IDENTIFIER = re.compile(
    r"^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z][a-z0-9-]*:[A-Za-z0-9*]+)$"
)


def _words(text: str) -> list[str]:
    """The words of an answer, identifiers split at their separators and case changes."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    return [w for w in re.split(r"[\s_\-/.:]+", spaced.lower()) if w]


def is_identifier(text: str) -> bool:
    """UPPER_SNAKE or CamelCase, as API, exception and enum names are written, or an IAM action."""
    return bool(_IDENTIFIER.match(text.strip()))


def opposite_of(given: str, expected: str) -> str | None:
    """The word of ``given`` that turns ``expected`` into its opposite, if that is the difference."""
    g, e = _words(given), _words(expected)
    if len(g) != len(e):
        return None
    diffs = [(a, b) for a, b in zip(g, e, strict=True) if a != b]
    if len(diffs) == 1 and (diffs[0] in OPPOSITES or diffs[0][::-1] in OPPOSITES):
        return diffs[0][0]
    return None


# Another known answer, and the name of the service it names ("" when it names none): a cloze's
# other blanks and choices, the other blanks of its deck, the catalog's service names and aliases.
Contrast = tuple[str, str]


def same_text(given: str, expected: str, contrasts: tuple[Contrast, ...] = ()) -> Grade:
    """Is ``given`` the answer ``expected``? A near miss counts only when it is a typo: never when
    it spells an opposite, an identifier differently, or is at least as near to another known
    answer (``contrasts``: the card's other answers and choices, its deck's other blanks, the
    catalog's service names) as to the key."""
    g, e = normalize(given), normalize(expected)
    if not g:
        return Grade(False)
    if g == e:
        return Grade(True)
    quantity = units.compare(given, expected)
    if quantity.ok:
        return Grade(True, quantity.note)
    for article in ("the ", "a ", "an "):
        if e.startswith(article) and g == e[len(article) :]:
            return Grade(True)
    identifier = is_identifier(expected)  # API, exception and enum names: exact apart from case and separators
    if identifier and _words(given) == _words(expected):
        return Grade(True)
    word = opposite_of(given, expected)
    if word is not None:
        return Grade(
            False, _opposite(given, expected, word) if identifier else f"“{word}” says the opposite: it is “{expected}”"
        )
    other = nearer_known(given, expected, contrasts)
    if other is not None:
        return Grade(False, _another(given, expected, other))
    if identifier:
        return Grade(False, f"“{given.strip()}” is not the same name: names must match exactly; it is “{expected}”")
    if len(e) >= 6 and not re.search(r"\d", e) and _similar(g, e) >= TYPO_SIMILARITY:
        return Grade(True, f"accepted despite a typo: it is spelled “{expected}”")
    return Grade(False)


def nearer_known(given: str, expected: str, contrasts: tuple[Contrast, ...]) -> Contrast | None:
    """The other known answer ``given`` is, or is a near miss of at least as near as to
    ``expected``; None when it is near none. Another spelling of the key is not another answer,
    nor is another name of the service the key names (``Firehose`` for ``Amazon Data Firehose``,
    ``SQS FIFO queue`` for ``SQS FIFO``)."""
    g, e = normalize(given), normalize(expected)
    floor = max(_similar(g, e), TYPO_SIMILARITY)
    own = {service for term, service in contrasts if service and _overlaps(normalize(term), e)}
    best: Contrast | None = None
    best_score = 0.0
    for term, service in contrasts:
        t = normalize(term)
        if t == e or service in own or _words(term) == _words(expected):
            continue
        score = 1.0 if t == g or _words(term) == _words(given) else _similar(g, t)
        if score >= floor and score > best_score:
            best, best_score = (term, service), score
    return best


def _overlaps(a: str, b: str) -> bool:
    """One normalised name holds the other as whole words."""
    x, y = f" {a} ", f" {b} "
    return x in y or y in x


def _another(given: str, expected: str, other: Contrast) -> str:
    """What the typed answer is instead: another service, or another answer of the deck."""
    typed = given.strip()
    service = other[1]
    if not service:
        return f"“{typed}” is another answer, not this one: it is “{expected}”"
    if normalize(typed) == normalize(service):
        return f"“{typed}” is another service, not this one: it is “{expected}”"
    return f"“{typed}” is {service}, another service, not this one: it is “{expected}”"


def _opposite(given: str, expected: str, word: str) -> str:
    """Why a name that is the key with one word turned into its opposite is wrong."""
    typed = given.strip()
    theirs = next(e for g, e in zip(_words(typed), _words(expected), strict=True) if g != e)
    return f"“{typed}” is a different name, not a typo (“{word}” for “{theirs}”): it is “{expected}”"


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def split_answers(response: str, count: int) -> list[str]:
    if count <= 1:
        return [response]
    parts = [p for p in re.split(r"\s*[;|]\s*", response) if p.strip()]
    if len(parts) != count:
        parts = [p for p in re.split(r"\s*,\s*(?!\d{3}\b)", response) if p.strip()]
    return parts


def check(card: Card, response: str | list[str] | bool, contrasts: tuple[Contrast, ...] = ()) -> Grade:
    """Is ``response`` a right answer to ``card``? (Self-graded basic cards are not checked.)
    A cloze never takes another known answer for its key, nor a near miss as near to one: its
    other blanks and choices, and ``contrasts`` (app/verdicts ``known_answers``: the other blanks
    of its deck, the catalog's service names and aliases)."""
    kind = card.kind
    if kind == "basic":
        raise ValueError("basic cards are graded by the learner")
    if kind == "numeric":
        match = units.compare(str(response), card.answer[0], card.tolerance)
        return Grade(match.ok, match.note)
    if kind == "cloze":
        parts = split_answers(str(response), len(card.answer))
        if len(parts) != len(card.answer):
            return Grade(False)
        known = (*((o, "") for o in (*card.answer, *card.choices)), *contrasts)
        grades = [
            same_text(g, e, tuple(k for k in dict.fromkeys(known) if k[0] != e))
            for g, e in zip(parts, card.answer, strict=False)
        ]
        notes = "; ".join(g.note for g in grades if g.note)
        return Grade(all(g.correct for g in grades), notes)
    if kind == "multi":
        chosen = set(response if isinstance(response, (list, tuple, set)) else [response])
        return Grade(chosen == set(card.answer))
    if kind == "truefalse" and isinstance(response, bool):
        return Grade(("True" if response else "False") == card.answer[0])
    return Grade(str(response) == card.answer[0])


def quality_for(correct: bool, right_quality: int = DEFAULT_RIGHT_QUALITY) -> int:
    return right_quality if correct else WRONG_QUALITY


TRUE_WORDS = ("true", "t", "yes", "y")
FALSE_WORDS = ("false", "f", "no", "n")


def accepted(card: Card) -> list[str]:
    """Other spellings of the key that ``check`` (or, for choice cards, ``decks grade``) takes as
    right: another unit, the number alone, lower case, an option's number. Empty for self-graded
    cards."""
    kind = card.kind
    if kind == "numeric":
        return units.alternatives(card.answer[0])
    if kind == "cloze":
        joined = "; ".join(card.answer)
        out = [joined.lower()]
        if len(card.answer) == 1:
            out += units.alternatives(card.answer[0])
        return [a for a in dict.fromkeys(out) if a != joined]
    numbers = [str(card.choices.index(a) + 1) for a in card.answer if a in card.choices]
    if kind == "truefalse":
        words = TRUE_WORDS if card.answer[0] == "True" else FALSE_WORDS
        return [*numbers, *words[1:]]
    if kind == "multi":
        return [",".join(numbers), "; ".join(reversed(card.answer))]
    if kind in ("mcq", "scenario"):
        label = card.label(card.answer[0])
        return [*numbers, *([label] if label != card.answer[0] else [])]
    return []
