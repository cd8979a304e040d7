"""The pick answers in the review log: right/answered counts and the services the learner confuses.

Every wrong ``pick`` answer logs the chosen service id as its ``response``; the right one is the
card's ``answer[0]``. Undone answers are gone from the log, so they never count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from kinesis_tutor.core.picker import Confusion
from kinesis_tutor.store import dialect
from kinesis_tutor.store.progress import Store

_PAIRS = """
SELECT chosen, right_id, COUNT(*) AS n, MIN(id) AS first_seen FROM (
    SELECT r.response AS chosen, {right_id} AS right_id, r.id AS id
    FROM reviews r JOIN cards c ON c.id = r.card
    WHERE r.profile = :profile AND r.kind IN ({kinds}) AND r.correct = 0 AND r.response IS NOT NULL
          AND c.kind = 'scenario' {where}
) AS wrong
WHERE right_id IS NOT NULL AND chosen <> right_id
GROUP BY chosen, right_id
ORDER BY n DESC, first_seen
"""

_CLUES = """
SELECT r.response AS chosen, {right_id} AS right_id, j.value AS clue,
       COUNT(*) AS n, MIN(r.id * 1000 + j.key) AS first_seen
FROM reviews r JOIN cards c ON c.id = r.card, {clues}
WHERE r.profile = :profile AND r.kind IN ({kinds}) AND r.correct = 0 AND r.response IS NOT NULL
      AND c.kind = 'scenario' {where}
GROUP BY r.response, {right_id}, j.value
ORDER BY n DESC, first_seen
"""


def confusions(store: Store, *, session: int | None = None, kinds: Sequence[str] = ("pick",)) -> list[Confusion]:
    """Every (chosen, right) pair of wrong answers in the log, most frequent first.

    ``session`` limits it to one run. Undone answers are gone from the log, so they never count.
    """
    params: dict[str, Any] = {f"k{i}": k for i, k in enumerate(kinds)}
    params["profile"] = store.profile
    kinds_sql = ", ".join(f":k{i}" for i in range(len(kinds)))
    where = ""
    if session is not None:
        where = "AND r.session = :session"
        params["session"] = session
    right_id = dialect.json_first(store.dialect, "c.content", "answer")
    clues_of = dialect.json_rows(store.dialect, "c.content", "clues")
    with store.reader.connect() as conn:
        pairs = conn.execute(text(_PAIRS.format(kinds=kinds_sql, where=where, right_id=right_id)), params).all()
        sql = _CLUES.format(kinds=kinds_sql, where=where, right_id=right_id, clues=clues_of)
        clue_rows = conn.execute(text(sql), params).all()
    clues: dict[tuple[str, str], list[str]] = {}
    for row in clue_rows:
        bucket = clues.setdefault((row.chosen, row.right_id), [])
        if row.clue and row.clue.lower() not in (c.lower() for c in bucket):
            bucket.append(row.clue)
    return [Confusion(p.chosen, p.right_id, p.n, tuple(clues.get((p.chosen, p.right_id), ()))) for p in pairs]


def tally(store: Store, *, session: int | None = None) -> tuple[int, int]:
    """(right, answered) of pick answers, in one run or ever."""
    where = "AND session = :session" if session is not None else ""
    with store.reader.connect() as conn:
        row = conn.execute(
            text(
                "SELECT COALESCE(SUM(CASE WHEN correct = 1 THEN 1 ELSE 0 END), 0), COUNT(*) FROM reviews "
                f"WHERE profile = :profile AND kind = 'pick' {where}"
            ),
            {"session": session, "profile": store.profile},
        ).one()
    return int(row[0]), int(row[1])
