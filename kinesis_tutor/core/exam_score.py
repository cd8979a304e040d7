"""Scoring a mock exam: the scaled score, the pass mark, the result by question, topic and domain.

AWS reports a scaled score from 100 to 1000 with the pass mark at 720 (Associate exams). The
real scaling is not linear — it is equated across exam forms of different difficulty, and
unscored questions are mixed in — so this is an approximation: ``round(100 + 900 × correct /
total)``; 72% right is not exactly what AWS needs to pass. Unanswered questions count as wrong,
as on the real exam.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kinesis_tutor.core.exam_draw import Answer, Question
from kinesis_tutor.core.exam_forms import WEIGHTED, domain_of

MIN_SCORE, MAX_SCORE, PASS_MARK = 100, 1000, 720


def scaled_score(correct: int, total: int) -> int:
    """100–1000, linear in the share of right answers (see the module's note)."""
    if total <= 0:
        return MIN_SCORE
    correct = max(0, min(correct, total))
    return round(MIN_SCORE + (MAX_SCORE - MIN_SCORE) * correct / total)


def passed(score: int) -> bool:
    return score >= PASS_MARK


def clock_text(seconds: float) -> str:
    """Time left as m:ss (h:mm:ss from an hour), rounded up so 0:00 means the time is out."""
    total = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Outcome:
    question: Question
    given: Answer | None
    correct: bool
    flagged: bool
    seconds: float = 0.0

    @property
    def answered(self) -> bool:
        return self.given is not None and self.given != ()


class _Share:
    """The share right of a tally (``correct`` of ``total``; 0 for none asked)."""

    correct: int
    total: int

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class TopicScore(_Share):
    topic: str
    correct: int
    total: int


@dataclass(frozen=True)
class DomainScore(_Share):
    """Right answers in one exam domain (``tag`` is the domain's tag, ``name`` its exam guide name)."""

    tag: str
    name: str
    correct: int
    total: int


@dataclass(frozen=True)
class Result:
    outcomes: list[Outcome]
    timed_out: bool
    seconds_used: float
    limit_seconds: float

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(1 for o in self.outcomes if o.correct)

    @property
    def score(self) -> int:
        return scaled_score(self.correct, self.total)

    @property
    def passed(self) -> bool:
        return passed(self.score)

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    @property
    def unanswered(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.answered]

    def _tally(self, key: Callable[[Outcome], str]) -> tuple[Counter[str], Counter[str]]:
        """Right answers and questions asked, by ``key`` of each outcome (in the order first met)."""
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for o in self.outcomes:
            k = key(o)
            total[k] += 1
            right[k] += o.correct
        return right, total

    def by_topic(self) -> list[TopicScore]:
        """Right answers per topic, weakest topic first (then the larger, then by name)."""
        right, total = self._tally(lambda o: o.question.topic)
        scores = [TopicScore(t, right[t], total[t]) for t in total]
        return sorted(scores, key=lambda s: (s.share, -s.total, s.topic))

    def by_domain(self) -> list[DomainScore]:
        """Right answers per DEA-C01 domain, in the exam guide's order; questions without a domain
        are counted under "no exam domain" at the end. Empty when no question has a domain."""
        right, total = self._tally(_domain_tag)
        if set(total) == {""}:
            return []
        names = {d.tag: d.name for d in WEIGHTED} | {"": "no exam domain"}
        order = [d.tag for d in WEIGHTED] + [""]
        return [DomainScore(t, names[t], right[t], total[t]) for t in order if total[t]]


def _domain_tag(o: Outcome) -> str:
    domain = domain_of(o.question.card)
    return domain.tag if domain else ""


@dataclass(frozen=True)
class Attempt:
    """One submitted exam, as the history lists it (``detail``: what was stored about it, e.g.
    ``seconds_used`` and ``timed_out``)."""

    id: int
    ended_at: str
    questions: int
    correct: int
    score: int
    passed: bool
    minutes: float
    detail: dict[str, Any]
