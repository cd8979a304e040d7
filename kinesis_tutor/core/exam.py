"""The mock exam engine: draw, answer in any order, flag, time limit, score. Pure: no store and
no terminal; the clock is passed in, so tests control time.

Scoring. AWS reports a scaled score from 100 to 1000 with the pass mark at 720 (Associate
exams). The real scaling is not linear — it is equated across exam forms of different
difficulty, and unscored questions are mixed in — so this is an approximation:
``round(100 + 900 × correct / total)``; 72% right is not exactly what AWS needs to pass.
Unanswered questions count as wrong, as on the real exam.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kinesis_tutor.core import grading
from kinesis_tutor.core.cards import Card

EXAM_KINDS = ("scenario", "mcq", "multi", "truefalse")
MIN_SCORE, MAX_SCORE, PASS_MARK = 100, 1000, 720

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
KIND_TAGS = frozenset({"scenario", "table"})

Answer = str | tuple[str, ...]


def service_tags(cards: Iterable[Card]) -> frozenset[str]:
    """SERVICE_TAGS plus every service id offered by a scenario among ``cards``."""
    extra = {c for card in cards if card.kind == "scenario" for c in card.choices}
    return SERVICE_TAGS | extra


def topic_of(card: Card, services: frozenset[str] | set[str] = SERVICE_TAGS) -> str:
    """A card's topic: its first tag that is neither a service nor a kind of card, else its deck."""
    return next((t for t in card.tags if t not in services and t not in KIND_TAGS), card.deck)


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


# ------------------------------------------------------------------------------------ drawing


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
        return grading.check(self.card, list(given) if self.multi else given).correct

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
        return f"Only {n} question{'s' if n != 1 else ''} match{'es' if n == 1 else ''}: the exam has {n} instead of {self.wanted}."


def draw(
    items: Sequence,
    count: int,
    *,
    rng: random.Random | None = None,
    tags: Sequence[str] = (),
    services: frozenset[str] | None = None,
) -> Draw:
    """Draw ``count`` questions from ``items`` (StudyItem-like: ``pk``, ``card``) of the exam
    kinds, with any of ``tags``. Decks take turns (in a random order, random cards within each),
    so that no deck — the big comparison tables, say — fills the exam. Fewer cards than
    ``count``: all of them, and ``Draw.short`` says so."""
    rng = rng or random.Random()
    pool = [it for it in items if it.card.kind in EXAM_KINDS and (not tags or set(tags) & set(it.card.tags))]
    services = services if services is not None else service_tags(it.card for it in pool)
    by_deck: dict[str, list] = defaultdict(list)
    for it in pool:
        by_deck[it.card.deck].append(it)
    decks = sorted(by_deck)
    rng.shuffle(decks)
    for d in decks:
        rng.shuffle(by_deck[d])
    picked: list = []
    while len(picked) < count and any(by_deck[d] for d in decks):
        for d in decks:
            if by_deck[d] and len(picked) < count:
                picked.append(by_deck[d].pop())
    rng.shuffle(picked)
    questions = []
    for n, it in enumerate(picked, 1):
        choices = list(it.card.choices)
        if it.card.shuffle:
            rng.shuffle(choices)
        questions.append(Question(n, it.pk, it.card, tuple(choices), topic_of(it.card, services)))
    return Draw(questions, count, len(pool))


# ------------------------------------------------------------------------------------ results


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


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


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

    def by_topic(self) -> list[TopicScore]:
        """Right answers per topic, weakest topic first (then the larger, then by name)."""
        right: dict[str, int] = defaultdict(int)
        total: dict[str, int] = defaultdict(int)
        for o in self.outcomes:
            total[o.question.topic] += 1
            right[o.question.topic] += o.correct
        scores = [TopicScore(t, right[t], total[t]) for t in total]
        return sorted(scores, key=lambda s: (s.share, -s.total, s.topic))


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

    def snapshot(self) -> dict:
        """Where the sitting stands, as plain data (kept on disk so a killed process loses nothing)."""
        return {
            "questions": [{"pk": q.pk, "choices": list(q.choices), "topic": q.topic} for q in self.questions],
            "answers": {str(i): (list(a) if isinstance(a, tuple) else a) for i, a in self.answers.items()},
            "flagged": sorted(self.flagged),
            "seconds_used": round(min(self.clock(), self.deadline) - self.started, 1),
        }

    @classmethod
    def from_snapshot(cls, snap: dict, cards: dict[int, Card], limit_seconds: float) -> Exam:
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
