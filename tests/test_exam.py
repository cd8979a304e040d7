"""The mock exam engine: drawing, answering in any order, flags, the time limit, scoring, and
the attempt stored without touching the schedule."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from conftest import synced_template
from fakes import ScriptedPrompter
from pg import BACKENDS, copy_of_template_on
from sqlalchemy import select
from typer.testing import CliRunner

from kinesis_tutor.app import exam as exam_use
from kinesis_tutor.app.exam import draft_path
from kinesis_tutor.cli import app
from kinesis_tutor.core import exam, exam_draw, exam_forms
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import exams as exam_store
from kinesis_tutor.store import schema as s
from kinesis_tutor.ui import exam_flow


class Clock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def card(id_, kind="mcq", deck="d", tags=(), answer=("a",), choices=("a", "b", "c")) -> Card:
    if kind == "truefalse":
        choices, answer = ("True", "False"), answer if answer != ("a",) else ("True",)
    return Card(
        deck=deck,
        id=id_,
        kind=kind,
        prompt=f"question {id_}",
        answer=tuple(answer),
        explanation="because",
        choices=tuple(choices),
        tags=tuple(tags),
        shuffle=False,
    )


def items(*cards):
    return [SimpleNamespace(pk=i, card=c, state=None) for i, c in enumerate(cards, 1)]


def questions(*cards):
    """Questions in the order given (a draw shuffles them)."""
    return [exam.Question(n, n, c, c.choices, exam.topic_of(c)) for n, c in enumerate(cards, 1)]


# ------------------------------------------------------------------------------ scoring


def test_scaled_score_ends_and_pass_mark():
    assert exam.scaled_score(0, 20) == 100
    assert exam.scaled_score(20, 20) == 1000
    assert exam.scaled_score(0, 0) == 100
    assert exam.scaled_score(31, 45) == 720 and exam.passed(720)  # 100 + 900 × 31/45 = 720 exactly
    assert exam.scaled_score(30, 45) == 700 and not exam.passed(700)
    assert not exam.passed(719)
    assert exam.scaled_score(13, 20) == 685  # 65% fails
    assert exam.scaled_score(14, 20) == 730  # 70% passes


def test_clock_text():
    assert exam.clock_text(1800) == "30:00"
    assert exam.clock_text(59.2) == "1:00"  # rounded up: 0:00 only when the time is out
    assert exam.clock_text(0) == "0:00"
    assert exam.clock_text(-3) == "0:00"
    assert exam.clock_text(3725) == "1:02:05"


# ------------------------------------------------------------------------------ drawing


def test_draw_only_exam_kinds_and_says_when_short():
    pool = items(
        card("m"),
        card("n", kind="numeric"),
        card("t", kind="truefalse"),
        card("b", kind="basic"),
        card("x", kind="multi", answer=("a", "b")),
        card("cl", kind="cloze"),
    )
    d = exam.draw(pool, 10, rng=random.Random(3))
    assert sorted(q.card.id for q in d.questions) == ["m", "t", "x"]
    assert d.short and d.available == 3
    assert d.message() == "Only 3 questions match: the exam has 3 instead of 10."
    assert [q.number for q in d.questions] == [1, 2, 3]
    full = exam.draw(pool, 2, rng=random.Random(3))
    assert len(full.questions) == 2 and not full.short and full.message() == ""


def test_draw_filters_by_tag_and_gives_decks_turns():
    pool = items(
        *[card(f"big{i}", deck="comparisons", tags=("t",)) for i in range(30)],
        card("s1", deck="small", tags=("t",)),
        card("s2", deck="small", tags=("t",)),
        card("other", deck="small", tags=("u",)),
    )
    for seed in range(5):
        d = exam.draw(pool, 4, rng=random.Random(seed), tags=["t"])
        decks = sorted(q.card.deck for q in d.questions)
        assert decks == ["comparisons", "comparisons", "small", "small"]  # not 4 of the 30 big ones
        assert "other" not in {q.card.id for q in d.questions}


def test_shuffled_choices_are_fixed_for_the_sitting():
    c = Card(
        deck="d", id="s", kind="mcq", prompt="?", answer=("a",), explanation="", choices=tuple("abcdef"), shuffle=True
    )
    orders = {exam.draw(items(c), 1, rng=random.Random(seed)).questions[0].choices for seed in range(10)}
    assert len(orders) > 1 and all(sorted(o) == list("abcdef") for o in orders)


def test_topic_is_the_first_tag_that_is_not_a_service():
    assert exam.topic_of(card("a", tags=("kds", "firehose", "limits", "core"))) == "limits"
    assert exam.topic_of(card("a", deck="scenarios-x", tags=("scenario", "messaging"))) == "messaging"
    assert exam.topic_of(card("a", deck="my-deck", tags=("kds", "sqs"))) == "my-deck"
    assert exam.topic_of(card("a", deck="my-deck")) == "my-deck"
    scenario = Card(
        deck="d", id="s", kind="scenario", prompt="?", answer=("newsvc",), explanation="", choices=("newsvc", "kds")
    )
    services = exam.service_tags([scenario])
    assert exam.topic_of(card("a", tags=("newsvc", "ordering")), services) == "ordering"


# ------------------------------------------------------------------------------ the sitting


def test_answer_in_any_order_change_flag_and_score():
    qs = questions(
        card("q1", tags=("limits",)),
        card("q2", kind="multi", answer=("a", "c"), tags=("replay",)),
        card("q3", kind="truefalse", answer=("False",), tags=("limits",)),
        card("q4", tags=("security",)),
    )
    clock = Clock()
    ex = exam.Exam(qs, 600, clock=clock)
    ex.go(2)
    ex.answer(2, "True")  # question 3 first, wrong...
    ex.toggle_flag(2)
    ex.prev()
    ex.toggle(1, "c")
    ex.toggle(1, "a")  # question 2: both ticked, in any order
    ex.answer(0, "b")
    ex.answer(0, "a")  # question 1 changed to the right answer
    ex.go(2)
    ex.answer(2, "False")  # question 3 changed: now right
    assert ex.answered() == [0, 1, 2] and ex.unanswered() == [3] and ex.flagged_list() == [2]
    assert ex.given(1) == ("a", "c")
    assert ex.toggle_flag(2) is False and ex.flagged_list() == []
    ex.toggle_flag(3)
    with pytest.raises(ValueError):
        ex.answer(0, "zzz")
    clock.advance(100)
    result = ex.submit()
    assert (result.correct, result.total, result.score, result.passed) == (3, 4, 775, True)
    assert not result.timed_out and result.seconds_used == 100
    assert [o.question.card.id for o in result.wrong] == ["q4"] and result.unanswered == result.wrong
    assert [o.flagged for o in result.outcomes] == [False, False, False, True]
    assert [(t.topic, t.correct, t.total) for t in result.by_topic()] == [
        ("security", 0, 1),
        ("limits", 2, 2),
        ("replay", 1, 1),
    ]
    assert ex.submit() is result  # once submitted, it stays so
    with pytest.raises(exam.TimeUp):
        ex.answer(3, "a")


def test_a_snapshot_after_every_change_restores_the_sitting():
    cards = [card("q1"), card("q2", kind="multi", answer=("a", "c")), card("q3")]
    qs = questions(*cards)
    clock = Clock()
    snaps = []
    ex = exam.Exam(qs, 600, clock=clock, on_change=lambda e: snaps.append(json.loads(json.dumps(e.snapshot()))))
    ex.answer(0, "a")
    ex.toggle(1, "a")
    ex.toggle(1, "c")
    ex.toggle_flag(2)
    clock.advance(42)
    ex.answer(2, "b")
    assert len(snaps) == 5  # one per change, each survives JSON
    back = exam.Exam.from_snapshot(snaps[-1], {q.pk: q.card for q in qs}, 600)
    assert back.answers == {0: "a", 1: ("a", "c"), 2: "b"} and back.flagged == {2}
    result = back.submit()
    assert (result.correct, result.total, result.seconds_used) == (2, 3, 42)
    # a card gone from the decks since: its question is left out, the others keep their answers
    partial = exam.Exam.from_snapshot(snaps[-1], {qs[0].pk: cards[0], qs[2].pk: cards[2]}, 600)
    assert [q.card.id for q in partial.questions] == ["q1", "q3"] and partial.answers == {0: "a", 1: "b"}


def test_a_multi_question_needs_exactly_the_right_set():
    qs = questions(card("m", kind="multi", answer=("a", "b")))
    ex = exam.Exam(qs, 60, clock=Clock())
    ex.answer(0, ("a", "b", "c"))
    assert ex.submit().correct == 0


def test_next_and_prev_stop_at_the_ends():
    ex = exam.Exam(questions(card("a"), card("b")), 60, clock=Clock())
    assert ex.prev() is False and ex.current == 0
    assert ex.next() is True and ex.current == 1
    assert ex.next() is False and ex.current == 1


def test_deadline_passed_submits_with_the_answers_given():
    clock = Clock()
    ex = exam.Exam(questions(card("a"), card("b"), card("c")), 90, clock=clock)
    ex.answer(0, "a")
    clock.advance(60)
    assert ex.check_time() is None and ex.result is None
    assert exam.clock_text(ex.remaining()) == "0:30"
    ex.answer(1, "a")
    clock.advance(30)  # the deadline
    assert ex.expired() and ex.remaining() == 0
    with pytest.raises(exam.TimeUp):
        ex.answer(2, "a")  # too late: refused, and the exam is submitted
    assert ex.result is not None and ex.result.timed_out
    assert ex.result.correct == 2 and ex.result.seconds_used == 90
    assert ex.given(2) is None


def test_check_time_submits_by_itself():
    clock = Clock()
    ex = exam.Exam(questions(card("a")), 30, clock=clock)
    clock.advance(31)
    result = ex.check_time()
    assert result is not None and result.timed_out and result.score == 100
    assert result.seconds_used == 30  # not more than the limit


# ------------------------------------------------------------------------------ stored


DECK = """
format_version: 1
id: examdeck
title: Exam test deck
cards:
  - id: write
    kind: mcq
    question: How fast can one shard take writes?
    choices: [2 MB/s, 1 MB/s, 5 MB/s]
    answer: 1 MB/s
    shuffle: false
    tags: [ext, limits]
    explanation: One shard takes 1 MB/s of writes.
  - id: replay
    kind: truefalse
    statement: Firehose can replay records it delivered yesterday.
    answer: false
    tags: [firehose, replay, ext]
    explanation: Firehose stores nothing once delivered.
  - id: replayers
    kind: multi
    question: Which two can replay?
    choices: [Data Streams, Kafka, SQS, SNS standard]
    answers: [Data Streams, Kafka]
    shuffle: false
    tags: [kds, replay, ext]
    explanation: Both keep a log.
  - id: retention
    kind: numeric
    question: Default retention, in hours?
    answer: 24 hours
    explanation: 24 hours.
"""


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """The deck and the bundled content synced once; each test gets a copy of the file."""
    return synced_template(tmp_path_factory, "exam.yaml", DECK)


@pytest.fixture(params=BACKENDS)
def env(request, tmp_path, isolated_home, synced):
    """On each backend: a copy of the synced file, then a PostgreSQL clone of it."""
    paths, store = copy_of_template_on(request.param, request, *synced, tmp_path)
    return SimpleNamespace(paths=paths, store=store, decks=synced[1])


def test_exam_answers_are_logged_without_touching_the_schedule(env):
    store = env.store
    pool = store.items(tags=["ext"], kinds=exam.EXAM_KINDS)
    assert sorted(i.card.id for i in pool) == ["replay", "replayers", "write"]
    pk = {i.card.id: i.pk for i in pool}
    t0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
    store.record(pk["write"], 4, "new", scheduled=True, now=t0 - timedelta(days=1))
    store.record(pk["replay"], 1, "new", scheduled=True, now=t0 - timedelta(days=1))
    with store.engine.connect() as conn:
        before = [tuple(r) for r in conn.execute(select(s.card_state).order_by(s.card_state.c.card))]

    drawn = exam.draw(pool, 3, rng=random.Random(0))
    clock = Clock()
    ex = exam.Exam(drawn.questions, 300, clock=clock)
    index = {q.card.id: i for i, q in enumerate(ex.questions)}
    ex.answer(index["write"], "2 MB/s")
    ex.answer(index["write"], "1 MB/s")  # changed: only the final answer is logged
    ex.answer(index["replay"], "True")  # wrong
    clock.advance(42)
    result = ex.submit()  # replayers left unanswered
    session = store.start_session("exam")
    attempt = exam_store.save(
        store, session, result, started_at="2025-03-01T12:00:00.000+00:00", minutes=5, tags=["ext"], now=t0
    )

    with store.engine.connect() as conn:
        after = [tuple(r) for r in conn.execute(select(s.card_state).order_by(s.card_state.c.card))]
        logged = [
            (r.card, r.kind, r.scheduled, r.quality, r.response, r.correct)
            for r in conn.execute(select(s.reviews).where(s.reviews.c.kind == "exam").order_by(s.reviews.c.id))
        ]
        row = conn.execute(select(s.exam_attempts).where(s.exam_attempts.c.id == attempt)).one()
    assert after == before
    assert sorted(logged) == sorted([(pk["write"], "exam", 0, 4, "1 MB/s", 1), (pk["replay"], "exam", 0, 1, "True", 0)])
    assert (row.questions, row.correct, row.score, row.passed, row.minutes) == (3, 1, 400, 0, 5)
    detail = json.loads(row.detail)
    assert detail["seconds_used"] == 42 and detail["timed_out"] is False
    assert {q["card"]: q["given"] for q in detail["questions"]} == {
        "write": "1 MB/s",
        "replay": "True",
        "replayers": None,
    }
    assert {t["topic"]: (t["correct"], t["total"]) for t in detail["topics"]} == {"ext": (1, 1), "replay": (0, 2)}


def test_history_without_a_terminal_lists_attempts_and_the_trend(env):
    history = ["--db", env.paths.url or str(env.paths.db), "exam", "--history"]
    first = CliRunner().invoke(app, history)
    assert first.exit_code == 0 and "No exam attempts yet" in first.output
    pool = env.store.items(tags=["ext"], kinds=exam.EXAM_KINDS)
    for n, right in enumerate((1, 3)):
        ex = exam.Exam(exam.draw(pool, 3, rng=random.Random(0)).questions, 60, clock=Clock())
        for i, q in enumerate(ex.questions[:right]):
            ex.answer(i, tuple(q.card.answer) if q.multi else q.card.answer[0])
        exam_store.save(
            env.store,
            None,
            ex.submit(),
            started_at="2025-03-01T12:00:00+00:00",
            minutes=1,
            tags=[],
            now=datetime(2025, 3, 1 + n, 12, tzinfo=UTC),
        )
    result = CliRunner().invoke(app, history)
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    rows = [line for line in lines if line and line[0] in ("1", "2")]
    assert [(r[0], r[4], r[5], r[6]) for r in rows] == [("1", "1", "400", "FAIL"), ("2", "3", "1000", "+600")]
    assert "PASS" in rows[1]
    assert "Score trend ▃█" in result.output
    assert "Best 1000" in result.output and "+600 since the first" in result.output


def test_exam_without_a_terminal_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "exam"])
    assert result.exit_code == 2
    assert "needs an interactive terminal" in result.stderr


def test_no_card_to_draw_from_is_an_error(env):
    class NoScreen:
        def intro(self, *a):
            raise AssertionError("no exam should start")

    with pytest.raises(TutorError) as err:
        exam_flow.run(env.paths, questions=5, minutes=1, tags=["no-such-tag"], screen=NoScreen())
    assert "no card has the tag 'no-such-tag'" in str(err.value)  # a typo, refused like study's
    assert err.value.exit_code == 2
    with pytest.raises(TutorError) as err:
        exam_flow.run(env.paths, questions=5, minutes=1, tags=["repla"], screen=NoScreen())
    assert "no card has the tag 'repla' (did you mean 'replay'?)" in str(err.value)
    assert err.value.exit_code == 2


def test_a_draft_that_cannot_be_read_is_discarded_and_said_so(env):
    draft = draft_path(env.paths)
    draft.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", env.paths.url or str(env.paths.db), "exam", "--history"])
    assert result.exit_code == 0, result.output
    assert "An interrupted exam could not be recovered" in result.output
    assert "it was discarded" in result.output
    assert "No exam attempts yet" in result.output
    assert not draft.exists()


# ------------------------------------------------------------------------------ domains and forms


def test_a_domain_is_named_by_its_tag_and_a_wrong_one_gets_a_suggestion():
    assert exam.domain_named("DEA-Security").tag == "dea-security"
    assert exam.domain_named("saa").exam == "SAA-C03"
    with pytest.raises(TutorError) as err:
        exam.domain_named("ingestion")
    assert err.value.exit_code == 2
    assert "did you mean dea-ingestion?" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(TutorError) as err:
        exam.domain_named("zzz")
    assert "did you mean" not in str(err.value) and "dea-store" in str(err.value)


def test_an_exam_style_questions_topic_is_its_subject_not_its_kind_or_domain():
    c = card("q", deck="exam-storage", tags=("exam-style", "storage", "dea-store", "kds", "retention", "saa"))
    assert exam.topic_of(c) == "storage"
    assert set(exam_forms.BY_TAG) == exam_draw.DOMAIN_TAGS


def test_a_form_has_the_exam_guides_domain_weights():
    quotas = exam_forms.quotas()
    assert quotas == {"dea-ingestion": 22, "dea-store": 17, "dea-operations": 14, "dea-security": 12}
    assert sum(quotas.values()) == exam.FORM_QUESTIONS == 65 and exam.FORM_MINUTES == 130
    assert sum(exam_forms.quotas(50).values()) == 50


def test_the_result_breaks_the_score_down_by_domain():
    qs = questions(
        card("i1", tags=("dea-ingestion", "saa")),
        card("i2", tags=("dea-ingestion",)),
        card("s1", tags=("dea-security",)),
        card("x", tags=("limits",)),
    )
    ex = exam.Exam(qs, 60, clock=Clock())
    ex.answer(0, "a")
    ex.answer(2, "b")
    scores = ex.submit().by_domain()
    assert [(d.name, d.correct, d.total) for d in scores] == [
        ("Data Ingestion and Transformation", 1, 2),
        ("Data Security and Governance", 0, 1),
        ("no exam domain", 0, 1),
    ]
    plain = exam.Exam(questions(card("y")), 60, clock=Clock()).submit()
    assert plain.by_domain() == []


def _form(store, n):
    return exam_use.draw_exam(store, exam_use.Request(form=n))


def test_each_form_is_the_same_every_time_and_weighted_by_domain(env):
    first = _form(env.store, 1)
    again = _form(env.store, 1)
    assert [(q.pk, q.choices) for q in first.questions] == [(q.pk, q.choices) for q in again.questions]
    forms = {n: _form(env.store, n) for n in exam.FORMS}
    for n, drawn in forms.items():
        assert len(drawn.questions) == 65 and not drawn.short, n
        assert all("exam-style" in q.card.tags for q in drawn.questions)
        domains = Counter(exam.domain_of(q.card).tag for q in drawn.questions)
        assert domains == exam_forms.quotas(), n
        assert len({q.pk for q in drawn.questions}) == 65
    ids = {n: {q.pk for q in d.questions} for n, d in forms.items()}
    assert ids[1] != ids[2] != ids[3] != ids[1]
    bank = {i.pk for i in env.store.items(tags=["exam-style"], kinds=exam.EXAM_KINDS)}
    assert ids[1] | ids[2] | ids[3] == bank  # together the three forms cover the whole bank


def test_a_domain_draw_has_only_that_domain(env):
    drawn = exam_use.draw_exam(env.store, exam_use.Request(questions=15, domains=("dea-security",)), random.Random(1))
    assert len(drawn.questions) == 15
    assert all("dea-security" in q.card.tags for q in drawn.questions)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--form", "4"], "no exam form 4: the forms are 1, 2, 3"),
        (["--form", "0"], "no exam form 0"),
        (["--domain", "ingest"], "no exam domain 'ingest'; did you mean dea-ingestion?"),
        (["--domain", "dea-store", "--domain", "storage"], "did you mean dea-store?"),
        (["--form", "1", "--questions", "10"], "--form takes no --questions, --tag or --domain"),
    ],
)
def test_a_wrong_form_or_domain_is_one_line_and_exit_2(tmp_path, args, says):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), "exam", *args])
    assert result.exit_code == 2
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


class OneAnswerScreen:
    """Starts the exam, answers the first question right, submits."""

    def __init__(self):
        self.note = ""

    def intro(self, questions, minutes, note=""):
        self.note, self.minutes = note, minutes
        return True

    def run(self, ex):
        q = ex.questions[0]
        ex.answer(0, tuple(q.card.answer) if q.multi else q.card.answer[0])
        return exam_use.SUBMIT


def test_a_form_sitting_is_saved_with_its_form_and_domains_and_the_history_shows_them(env):
    screen = OneAnswerScreen()
    exam_flow.run(
        env.paths, questions=65, minutes=130, tags=[], form=2, screen=screen, prompter=ScriptedPrompter(False)
    )
    assert screen.note.startswith("Form 2 of 3: the same 65 questions every time")
    (attempt,) = exam_use.history(env.paths)
    assert attempt.questions == 65 and attempt.correct == 1 and attempt.detail["form"] == 2
    domains = {d["domain"]: (d["correct"], d["total"]) for d in attempt.detail["domains"]}
    assert {k: v[1] for k, v in domains.items()} == exam_forms.quotas()
    assert sum(v[0] for v in domains.values()) == 1
    result = CliRunner().invoke(app, ["--db", env.paths.url or str(env.paths.db), "exam", "--history"])
    assert result.exit_code == 0, result.output
    assert "By exam domain (DEA-C01)" in result.output
    assert "Ingestion (34%)" in result.output and "Security (18%)" in result.output
    assert re.search(r"^\s*1\s+2\s+\d+/22 ", result.output, re.MULTILINE), result.output  # attempt 1, form 2


def test_a_killed_form_sitting_is_recovered_as_that_form(env):
    request = exam_use.Request(questions=65, minutes=130, form=3)
    drawn = exam_use.draw_exam(env.store, request)
    sitting = exam.Exam(drawn.questions, 130 * 60, clock=Clock())
    sitting.answer(
        0, drawn.questions[0].card.answer[0] if not drawn.questions[0].multi else drawn.questions[0].card.answer
    )
    draft = exam_use.Draft(
        draft_path(env.paths), {"session": None, "started_at": "2025-03-01T12:00:00+00:00", **request.meta()}
    )
    draft.write(sitting)  # the process is killed here
    recovered = exam_use.recover(env.paths)
    assert isinstance(recovered, exam_use.Recovered) and recovered.answers == 1
    (attempt,) = exam_use.history(env.paths)
    assert attempt.detail["form"] == 3 and attempt.questions == 65
    assert sum(d["total"] for d in attempt.detail["domains"]) == 65
