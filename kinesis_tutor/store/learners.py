"""The learners of a database: every profile with a row of progress or a setting."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.engine import Connection

from kinesis_tutor.store import schema as s

_PROGRESS = (s.settings, s.card_state, s.sessions, s.reviews, s.exam_attempts)


def names(conn: Connection) -> list[str]:
    """Every profile that has progress or settings here, in order."""
    q = union(*(select(t.c.profile).distinct() for t in _PROGRESS))
    return sorted(r[0] for r in conn.execute(q))
