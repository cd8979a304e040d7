"""Answer checking and the mapping from answers to SM-2 quality. Pure functions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from kinesis_tutor.core import units
from kinesis_tutor.core.cards import Card

# Self-graded cards: Again / Hard / Good / Easy, as in Anki; the digits 0–5 work directly.
SELF_GRADES = (("Again", 1), ("Hard", 3), ("Good", 4), ("Easy", 5))
# Auto-graded cards: a wrong answer is quality 1; a right one asks how hard it was.
WRONG_QUALITY = 1
RIGHT_GRADES = (("Hard", 3), ("Good", 4), ("Easy", 5))
DEFAULT_RIGHT_QUALITY = 4
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


def same_text(given: str, expected: str) -> Grade:
    g, e = normalize(given), normalize(expected)
    if not g:
        return Grade(False)
    if g == e:
        return Grade(True)
    if units.equivalent(given, expected):
        return Grade(True)
    for article in ("the ", "a ", "an "):
        if e.startswith(article) and g == e[len(article) :]:
            return Grade(True)
    if len(e) >= 6 and not re.search(r"\d", e) and difflib.SequenceMatcher(None, g, e).ratio() >= TYPO_SIMILARITY:
        return Grade(True, f"accepted despite a typo: it is spelled “{expected}”")
    return Grade(False)


def split_answers(response: str, count: int) -> list[str]:
    if count <= 1:
        return [response]
    parts = [p for p in re.split(r"\s*[;|]\s*", response) if p.strip()]
    if len(parts) != count:
        parts = [p for p in re.split(r"\s*,\s*(?!\d{3}\b)", response) if p.strip()]
    return parts


def check(card: Card, response: str | list[str] | bool) -> Grade:
    """Is ``response`` a right answer to ``card``? (Self-graded basic cards are not checked.)"""
    kind = card.kind
    if kind == "basic":
        raise ValueError("basic cards are graded by the learner")
    if kind == "numeric":
        ok = units.equivalent(str(response), card.answer[0], card.tolerance)
        return Grade(ok)
    if kind == "cloze":
        parts = split_answers(str(response), len(card.answer))
        if len(parts) != len(card.answer):
            return Grade(False)
        grades = [same_text(g, e) for g, e in zip(parts, card.answer, strict=False)]
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
