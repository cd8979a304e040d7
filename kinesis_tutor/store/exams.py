"""Mock exams in the store: the final answers logged (kind ``exam``, schedule untouched) and
the attempts in ``exam_attempts``, with the details the history shows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from kinesis_tutor.core import grading, studyday
from kinesis_tutor.core.exam_draw import Answer
from kinesis_tutor.core.exam_score import Attempt, Result
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.rows import iso


def response_text(given: Answer | None) -> str | None:
    """An answer as logged: the choice, or the choices joined by '; '; None if not answered."""
    if given is None or given == ():
        return None
    return given if isinstance(given, str) else "; ".join(given)


def _detail(result: Result, tags: list[str]) -> dict[str, Any]:
    return {
        "domains": [{"domain": d.tag, "correct": d.correct, "total": d.total} for d in result.by_domain()],
        "timed_out": result.timed_out,
        "seconds_used": round(result.seconds_used, 1),
        "tags": list(tags),
        "topics": [{"topic": t.topic, "correct": t.correct, "total": t.total} for t in result.by_topic()],
        "questions": [
            {
                "deck": o.question.card.deck,
                "card": o.question.card.id,
                "topic": o.question.topic,
                "given": response_text(o.given),
                "correct": o.correct,
                "flagged": o.flagged,
                "seconds": round(o.seconds, 1),
            }
            for o in result.outcomes
        ],
    }


def save(
    store: Store,
    session: int | None,
    result: Result,
    *,
    started_at: str,
    minutes: float,
    tags: list[str],
    now: datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Log the final answer to each answered question (kind exam, schedule untouched) and store
    the attempt (``extra``: more details to keep with it, e.g. the exam form). Returns the attempt's id."""
    for o in result.outcomes:
        if not o.answered:
            continue
        store.record(
            o.question.pk,
            grading.quality_for(o.correct),
            "exam",
            scheduled=False,
            session=session,
            duration_ms=int(o.seconds * 1000),
            response=response_text(o.given),
            correct=o.correct,
            now=now,
        )
    detail = {**_detail(result, tags), **(extra or {})}
    with store.engine.begin() as conn:
        key = conn.execute(
            insert(s.exam_attempts).values(
                profile=store.profile,
                session=session,
                started_at=started_at,
                ended_at=iso(now or studyday.utcnow()),
                questions=result.total,
                correct=result.correct,
                score=result.score,
                passed=int(result.passed),
                minutes=minutes,
                detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
            )
        ).inserted_primary_key
        assert key is not None  # an INSERT always has one
        return int(key[0])


def attempts(store: Store) -> list[Attempt]:
    """Every attempt, oldest first."""
    with store.reader.connect() as conn:
        rows = list(
            conn.execute(
                select(s.exam_attempts).where(s.exam_attempts.c.profile == store.profile).order_by(s.exam_attempts.c.id)
            )
        )
    return [
        Attempt(
            id=r.id,
            ended_at=r.ended_at,
            questions=r.questions,
            correct=r.correct,
            score=r.score,
            passed=bool(r.passed),
            minutes=r.minutes,
            detail=json.loads(r.detail) if r.detail else {},
        )
        for r in rows
    ]
