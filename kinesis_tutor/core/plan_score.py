"""Readiness as a projected exam score: an estimate from the learner's own mock exams.

The share of questions answered right over the last ``RECENT`` attempts is the learner's estimated
ability; the projected score is that share on the 100-1000 scale (``core.exam_score``). Its
uncertainty has two parts, both from the learner's own history:

- how well the attempts pin the share down: the larger of the binomial standard error over the
  questions answered, ``sqrt(p(1-p)/n)``, and the spread of the attempts' shares
  (their standard deviation over ``sqrt(attempts)``), for attempts that differ more than chance;
- the luck of one real exam of ``FORM_QUESTIONS`` questions: ``sqrt(p(1-p)/65)``.

The range is the estimate plus or minus 1.645 of the combined standard deviations (9 in 10 real
exams would score in it if the estimate held), and the pass chance is the normal probability of a
share at or above the pass mark. ``p`` in the spreads is smoothed, ``(right + 1) / (n + 2)``, so
that a perfect history still has a spread. Pure: the caller passes the attempts.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kinesis_tutor.core.exam_forms import FORM_QUESTIONS
from kinesis_tutor.core.exam_score import MAX_SCORE, MIN_SCORE, PASS_MARK, scaled_score

RECENT = 5  # the attempts the estimate is drawn from: the latest ones
Z90 = 1.645  # a two-sided 90 % range of a normal distribution


@dataclass(frozen=True)
class ScoreEstimate:
    score: int  # the projected scaled score
    low: int  # the 90 % range
    high: int
    pass_chance: float  # the chance of a score at or above the pass mark
    attempts: int  # the attempts it is drawn from
    questions: int  # the questions of those attempts

    def as_dict(self) -> dict[str, float | int]:
        return {
            "score": self.score,
            "low": self.low,
            "high": self.high,
            "pass_mark": PASS_MARK,
            "pass_chance": round(self.pass_chance, 4),
            "attempts": self.attempts,
            "questions": self.questions,
        }


def _scale(share: float) -> int:
    return max(MIN_SCORE, min(MAX_SCORE, round(MIN_SCORE + (MAX_SCORE - MIN_SCORE) * share)))


def projected_score(attempts: Sequence[tuple[int, int]], exam_questions: int = FORM_QUESTIONS) -> ScoreEstimate | None:
    """The estimate from ``attempts`` as (right, questions), oldest first; None without any question."""
    recent = [(right, n) for right, n in attempts if n > 0][-RECENT:]
    total = sum(n for _, n in recent)
    if total == 0:
        return None
    right = sum(r for r, _ in recent)
    share = right / total
    smooth = (right + 1) / (total + 2)
    binomial = math.sqrt(smooth * (1 - smooth) / total)
    spread = statistics.stdev([r / n for r, n in recent]) / math.sqrt(len(recent)) if len(recent) > 1 else 0.0
    sd = math.sqrt(max(binomial, spread) ** 2 + smooth * (1 - smooth) / exam_questions)
    pass_share = (PASS_MARK - MIN_SCORE) / (MAX_SCORE - MIN_SCORE)
    pass_chance = 0.5 * math.erfc((pass_share - share) / (sd * math.sqrt(2)))
    return ScoreEstimate(
        score=scaled_score(right, total),
        low=_scale(share - Z90 * sd),
        high=_scale(share + Z90 * sd),
        pass_chance=pass_chance,
        attempts=len(recent),
        questions=total,
    )
