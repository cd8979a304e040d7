"""The mock exam engine: draw, answer in any order, flag, time limit, score. Pure: no store and
no terminal; the clock is passed in, so tests control time.

The draw is in ``exam_draw``, the scoring in ``exam_score``; both are importable from here too.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.exam_draw import (
    EXAM_KINDS,
    KIND_TAGS,
    SERVICE_TAGS,
    Answer,
    Draw,
    Drawable,
    Question,
    draw,
    service_tags,
    topic_of,
)
from kinesis_tutor.core.exam_forms import (
    DOMAINS,
    FORM_MINUTES,
    FORM_QUESTIONS,
    FORM_TAG,
    FORMS,
    Domain,
    check_form,
    domain_named,
    domain_of,
    draw_form,
)
from kinesis_tutor.core.exam_score import (
    MAX_SCORE,
    MIN_SCORE,
    PASS_MARK,
    Attempt,
    DomainScore,
    Outcome,
    Result,
    TopicScore,
    clock_text,
    passed,
    scaled_score,
)

__all__ = [
    "DOMAINS",
    "EXAM_KINDS",
    "FORMS",
    "FORM_MINUTES",
    "FORM_QUESTIONS",
    "FORM_TAG",
    "KIND_TAGS",
    "MAX_SCORE",
    "MIN_SCORE",
    "PASS_MARK",
    "SERVICE_TAGS",
    "Answer",
    "Attempt",
    "Domain",
    "DomainScore",
    "Draw",
    "Drawable",
    "Exam",
    "Outcome",
    "Question",
    "Result",
    "TimeUp",
    "TopicScore",
    "check_form",
    "clock_text",
    "domain_named",
    "domain_of",
    "draw",
    "draw_form",
    "passed",
    "scaled_score",
    "service_tags",
    "topic_of",
]


# ------------------------------------------------------------------------------------ the exam


class TimeUp(Exception):
    """An answer came after the deadline: the exam has been submitted."""


@dataclass
class Exam:
    """One sitting: answers held by question index (0-based), flags, the deadline.

    Every change first checks the clock: past the deadline the exam is submitted as it stands
    and the change is refused (``TimeUp``)."""

    questions: list[Question]
    limit_seconds: float
    clock: Callable[[], float] = time.monotonic
    answers: dict[int, Answer] = field(default_factory=dict)
    flagged: set[int] = field(default_factory=set)
    current: int = 0
    result: Result | None = None
    on_change: Callable[[Exam], None] | None = None  # called after every answer or flag change

    def __post_init__(self) -> None:
        if not self.questions:
            raise ValueError("an exam needs at least one question")
        self.started = self.clock()
        self.deadline = self.started + self.limit_seconds
        self.spent: dict[int, float] = defaultdict(float)
        self._since = self.started

    # -------------------------------------------------------------- time

    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    def expired(self) -> bool:
        return self.clock() >= self.deadline

    def check_time(self) -> Result | None:
        """Past the deadline: submit (once) and return the result; else None."""
        if self.result is None and self.expired():
            self.submit(timed_out=True)
        return self.result if self.result is not None and self.result.timed_out else None

    def _open(self) -> None:
        if self.result is not None:
            raise TimeUp("the exam is submitted")
        if self.check_time() is not None:
            raise TimeUp("time is up: the exam was submitted")

    # -------------------------------------------------------------- moving

    def _visit(self, index: int) -> None:
        now = min(self.clock(), self.deadline)
        self.spent[self.current] += max(0.0, now - self._since)
        self._since = now
        self.current = index

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.questions):
            raise IndexError(f"no question {index + 1}")
        self._visit(index)

    def next(self) -> bool:
        """Move to the next question; False (and stay) on the last one."""
        if self.current + 1 >= len(self.questions):
            return False
        self._visit(self.current + 1)
        return True

    def prev(self) -> bool:
        if self.current == 0:
            return False
        self._visit(self.current - 1)
        return True

    @property
    def question(self) -> Question:
        return self.questions[self.current]

    # -------------------------------------------------------------- answering

    def answer(self, index: int, given: Answer | None) -> None:
        """Set (or change, or with None clear) the answer to question ``index``."""
        self._open()
        q = self.questions[index]
        if given is None or given == ():
            self.answers.pop(index, None)
            self._changed()
            return
        if q.multi:
            picked = set([given] if isinstance(given, str) else given)
            unknown = picked - set(q.choices)
            if unknown:
                raise ValueError(f"not a choice of question {index + 1}: {sorted(unknown)}")
            self.answers[index] = tuple(c for c in q.choices if c in picked)  # in the order shown
        else:
            if given not in q.choices:
                raise ValueError(f"not a choice of question {index + 1}: {given!r}")
            self.answers[index] = given
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)

    def snapshot(self) -> dict[str, Any]:
        """Where the sitting stands, as plain data (kept on disk so a killed process loses nothing)."""
        return {
            "questions": [{"pk": q.pk, "choices": list(q.choices), "topic": q.topic} for q in self.questions],
            "answers": {str(i): (list(a) if isinstance(a, tuple) else a) for i, a in self.answers.items()},
            "flagged": sorted(self.flagged),
            "seconds_used": round(min(self.clock(), self.deadline) - self.started, 1),
        }

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any], cards: dict[int, Card], limit_seconds: float) -> Exam:
        """The sitting a snapshot describes, its clock stopped where the snapshot was taken.
        Questions whose card is gone are left out."""
        t = {"now": 0.0}
        kept = [(i, q) for i, q in enumerate(snap["questions"]) if q["pk"] in cards]
        questions = [
            Question(n, q["pk"], cards[q["pk"]], tuple(q["choices"]), q["topic"]) for n, (_, q) in enumerate(kept, 1)
        ]
        ex = cls(questions, limit_seconds, clock=lambda: t["now"])
        new_index = {old: new for new, (old, _) in enumerate(kept)}
        for old, given in snap.get("answers", {}).items():
            if int(old) in new_index:
                ex.answers[new_index[int(old)]] = tuple(given) if isinstance(given, list) else given
        ex.flagged = {new_index[i] for i in snap.get("flagged", []) if i in new_index}
        t["now"] = float(snap.get("seconds_used", 0.0))
        return ex

    def toggle(self, index: int, choice: str) -> None:
        """Tick or untick one choice of a choose-several question."""
        current = set(self.answers.get(index, ()))
        current ^= {choice}
        self.answer(index, tuple(current))

    def toggle_flag(self, index: int) -> bool:
        self._open()
        if index in self.flagged:
            self.flagged.discard(index)
            self._changed()
            return False
        self.flagged.add(index)
        self._changed()
        return True

    def given(self, index: int) -> Answer | None:
        return self.answers.get(index)

    def answered(self) -> list[int]:
        return [i for i in range(len(self.questions)) if i in self.answers]

    def unanswered(self) -> list[int]:
        return [i for i in range(len(self.questions)) if i not in self.answers]

    def incomplete(self) -> list[int]:
        """Choose-several questions answered with too few or too many ticks."""
        return [
            i
            for i, q in enumerate(self.questions)
            if q.multi and i in self.answers and len(self.answers[i]) != q.choose
        ]

    def flagged_list(self) -> list[int]:
        return sorted(self.flagged)

    # -------------------------------------------------------------- the end

    def submit(self, *, timed_out: bool = False) -> Result:
        """Score the exam as it stands. Submitting again returns the same result."""
        if self.result is not None:
            return self.result
        timed_out = timed_out or self.expired()
        self._visit(self.current)
        used = min(self.clock(), self.deadline) - self.started
        outcomes = [
            Outcome(q, self.answers.get(i), q.check(self.answers.get(i)), i in self.flagged, self.spent.get(i, 0.0))
            for i, q in enumerate(self.questions)
        ]
        self.result = Result(outcomes, timed_out, used, self.limit_seconds)
        return self.result
