"""Progress figures, computed by SQL aggregates over the store (SQLite or PostgreSQL), for one learner.

``collect(store, today, deck=None)`` returns one plain dict; its keys are documented in
``docs/stats.md`` and are a stable interface (``kinesis-tutor stats --json`` prints it as is).
Every figure is relative to the study day ``today`` that the caller passes in
(``store.today()`` in the CLI), so that tests can fix the date.

No figure loads the review log into Python: each is a GROUP BY over an index range
(``ix_reviews_day`` for the per-day figures, ``ix_state_due`` for the forecast), and the study
days behind the streaks are found with a loose index scan, one index seek per distinct day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from kinesis_tutor.core import figures
from kinesis_tutor.core.errors import EXIT_USAGE, no_such_deck
from kinesis_tutor.core.figures import RETENTION_WINDOWS, Groups
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.sm2 import PASS
from kinesis_tutor.core.streaks import activity, heatmap_start, streak
from kinesis_tutor.store import dialect
from kinesis_tutor.store.progress import Store

SCHEMA_VERSION = 1
MATURE_DAYS = 21  # interval at which a card counts as mature (Anki's rule)
FORECAST_DAYS = 14  # today (overdue included) and the 13 days after it
RETENTION_KINDS = ("new", "review", "pick")  # first-time answers only: no in-session repeats, cram or exam

_KINDS_SQL = ", ".join(f"'{k}'" for k in RETENTION_KINDS)
_ACTIVE = "c.removed_at IS NULL AND c.content IS NOT NULL"


def deck_ids(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(text("SELECT DISTINCT deck_id FROM cards ORDER BY deck_id"))]


def check_deck(conn: Connection, deck: str) -> None:
    known = deck_ids(conn)
    if deck not in known:
        raise no_such_deck(deck, known, exit_code=EXIT_USAGE)


def collect(store: Store, today: date, deck: str | None = None) -> dict[str, Any]:
    """Every figure of ``kinesis-tutor stats`` for study day ``today``, optionally for one deck."""
    with store.reader.connect() as conn:
        if deck is not None:
            check_deck(conn, deck)
        per = per_card_groups(conn, today, deck, store.profile)
        everything = per.pop(("all", None))
        log = per.pop(("log", None))
        per_day, days = _log_days(conn, today, deck, store.profile)
        return {
            "schema": SCHEMA_VERSION,
            "today": today.isoformat(),
            "deck": deck,
            "cards": figures.cards(everything, _removed(conn, deck)),
            "due": _due(conn, today, deck, store.profile),
            "activity": activity(per_day, today),
            "retention": figures.retention(log),
            "streak": streak(days, today),
            "weakest": figures.weakest(per),
            "decks": figures.decks(per),
            "readiness": figures.readiness(everything, per),
            "leeches": _leeches(conn, deck, store.profile),
        }


def group(store: Store, today: date) -> dict[str, Any]:
    """``stats --group``: every learner of the database side by side (cards seen, retention,
    readiness by topic), for study day ``today``."""
    from kinesis_tutor.store import learners

    out = []
    with store.reader.connect() as conn:
        for name in learners.names(conn):
            per = per_card_groups(conn, today, None, name)
            everything = per.pop(("all", None))
            log = per.pop(("log", None))
            out.append(
                {
                    "profile": name,
                    "cards": everything["cards"],
                    "seen": everything["seen"],
                    "retention": figures.retention(log),
                    "readiness": figures.readiness(everything, per),
                }
            )
    return {"schema": SCHEMA_VERSION, "today": today.isoformat(), "learners": out}


# ---------------------------------------------------------------------------- card figures


def per_card_groups(conn: Connection, today: date, deck: str | None, profile: str) -> Groups:
    """One pass over the last 30 days of answers and one over the active cards.

    Returns counts keyed by (group, name): ("all", None) for every active card, ("deck", id),
    ("tag", tag), each with cards, seen, mature, leech, ready, lapses and the graded answers
    of the last 30 days (reviews, correct); and ("log", None): the graded answers of the
    last 7 and 30 days to every card in scope, removed cards included.
    """
    short, long = RETENTION_WINDOWS
    # The 30 days as a list rather than a range: SQLite then seeks (day, kind) pairs in
    # ix_reviews_day instead of reading every answer of the window to check its kind.
    days = [(today - timedelta(days=i)).isoformat() for i in range(long)]
    params = {
        "today": today.isoformat(),
        "d_short": (today - timedelta(days=short)).isoformat(),
        "deck": deck,
        "profile": profile,
        **{f"w{i}": d for i, d in enumerate(days)},
    }
    out: Groups = {}
    for row in conn.execute(text(_groups_sql(long, deck, conn.dialect.name)), params):
        grp, name, cards, seen, mature, leech, ready, lapses, n, ok, n_short, ok_short = row
        out[(grp, name)] = {  # int(): PostgreSQL sums a count as a numeric
            "cards": int(cards or 0),
            "seen": int(seen or 0),
            "mature": int(mature or 0),
            "leech": int(leech or 0),
            "ready": int(ready or 0),
            "lapses": int(lapses or 0),
            "reviews": int(n or 0),
            "correct": int(ok or 0),
            "reviews_short": int(n_short or 0),
            "correct_short": int(ok_short or 0),
        }
    return out


def _groups_sql(window_days: int, deck: str | None, dialect_name: str) -> str:
    """The statement of ``_per_card_groups``: the window's answers per card, the active cards, their groups."""
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    review_scope = "AND card IN (SELECT id FROM cards WHERE deck_id = :deck)" if deck is not None else ""
    tags = dialect.json_rows(dialect_name, "c.content", "tags")
    window = ", ".join(f":w{i}" for i in range(window_days))
    cols = "count(*), sum(seen), sum(mature), sum(leech), sum(ready), sum(lapses), sum(n), sum(ok)"
    return f"""
    WITH win AS MATERIALIZED (
        SELECT card, count(*) AS n, sum(CASE WHEN quality >= {PASS} THEN 1 ELSE 0 END) AS ok,
               sum(CASE WHEN day > :d_short THEN 1 ELSE 0 END) AS n_short,
               sum(CASE WHEN day > :d_short AND quality >= {PASS} THEN 1 ELSE 0 END) AS ok_short
        FROM reviews
        WHERE profile = :profile AND day IN ({window}) AND kind IN ({_KINDS_SQL}) {review_scope}
        GROUP BY card
    ),
    pc AS MATERIALIZED (
        SELECT c.id AS id, c.deck_id AS deck_id,
               CASE WHEN cs.card IS NULL THEN 0 ELSE 1 END AS seen,
               CASE WHEN cs.suspended = 1 THEN 1 ELSE 0 END AS leech,
               CASE WHEN cs.suspended = 0 AND cs.interval >= {MATURE_DAYS} THEN 1 ELSE 0 END AS mature,
               CASE WHEN cs.suspended = 0 AND (cs.interval >= {MATURE_DAYS} OR cs.last_quality >= {PASS})
                    THEN 1 ELSE 0 END AS ready,
               coalesce(cs.lapses, 0) AS lapses,
               coalesce(win.n, 0) AS n, coalesce(win.ok, 0) AS ok
        FROM cards c
        LEFT JOIN card_state cs ON cs.card = c.id AND cs.profile = :profile
        LEFT JOIN win ON win.card = c.id
        WHERE {_ACTIVE} {deck_cond}
    )
    SELECT 'all' AS grp, NULL AS name, {cols}, 0, 0 FROM pc
    UNION ALL
    SELECT 'deck', deck_id, {cols}, 0, 0 FROM pc GROUP BY deck_id
    UNION ALL
    SELECT 'tag', j.value, {cols}, 0, 0
    FROM pc JOIN cards c ON c.id = pc.id, {tags} GROUP BY j.value
    UNION ALL
    SELECT 'log', NULL, 0, 0, 0, 0, 0, 0, sum(n), sum(ok), sum(n_short), sum(ok_short) FROM win
    """


def _removed(conn: Connection, deck: str | None) -> int:
    deck_cond = "AND deck_id = :deck" if deck is not None else ""
    sql = f"SELECT count(*) FROM cards WHERE removed_at IS NOT NULL {deck_cond}"
    return int(conn.execute(text(sql), {"deck": deck}).scalar() or 0)


def _leeches(conn: Connection, deck: str | None, profile: str) -> list[dict[str, Any]]:
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    rows = conn.execute(
        text(f"""
        SELECT c.deck_id, c.card_id, cs.lapses FROM card_state cs JOIN cards c ON c.id = cs.card
        WHERE cs.profile = :profile AND cs.suspended = 1 AND {_ACTIVE} {deck_cond} ORDER BY c.deck_id, c.card_id"""),
        {"deck": deck, "profile": profile},
    )
    return [{"deck": d, "card": c, "lapses": n} for d, c, n in rows]


def leech_items(store: Store) -> list[tuple[StudyItem, int]]:
    """The suspended active cards as (StudyItem, lapses), most lapses first."""
    with store.reader.connect() as conn:
        rows = conn.execute(
            text(f"""
            SELECT c.id, cs.lapses FROM card_state cs JOIN cards c ON c.id = cs.card
            WHERE cs.profile = :profile AND cs.suspended = 1 AND {_ACTIVE}
            ORDER BY cs.lapses DESC, c.deck_id, c.card_id"""),
            {"profile": store.profile},
        ).all()
    return [(store.item(pk), lapses) for pk, lapses in rows]


# ---------------------------------------------------------------------------- due


def _due(conn: Connection, today: date, deck: str | None, profile: str) -> dict[str, Any]:
    last = today + timedelta(days=FORECAST_DAYS - 1)
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    rows = conn.execute(
        text(f"""
        SELECT CASE WHEN cs.due_day < :today THEN CAST(:today AS TEXT) ELSE cs.due_day END AS d, count(*),
               sum(CASE WHEN cs.due_day < :today THEN 1 ELSE 0 END)
        FROM card_state cs JOIN cards c ON c.id = cs.card
        WHERE cs.profile = :profile AND cs.due_day <= :last AND cs.suspended = 0 AND {_ACTIVE} {deck_cond}
        GROUP BY d"""),
        {"today": today.isoformat(), "last": last.isoformat(), "deck": deck, "profile": profile},
    ).all()
    counts = {d: int(n) for d, n, _ in rows}
    overdue = sum(int(o or 0) for _, _, o in rows)
    forecast = [
        {"day": (today + timedelta(days=i)).isoformat(), "due": counts.get((today + timedelta(days=i)).isoformat(), 0)}
        for i in range(FORECAST_DAYS)
    ]
    return {"today": forecast[0]["due"], "overdue": overdue, "forecast": forecast}


# ---------------------------------------------------------------------------- the review log


def _log_days(conn: Connection, today: date, deck: str | None, profile: str) -> tuple[dict[str, int], list[str]]:
    """(answers per day since the heatmap's first day, every study day up to ``today`` in order)."""
    start = heatmap_start(today)
    params = {"start": start.isoformat(), "today": today.isoformat(), "deck": deck, "profile": profile}
    if deck is not None:
        # One pass over the deck's answers (ix_reviews_card), grouped by day.
        rows = conn.execute(
            text("""
            SELECT day, count(*) FROM reviews
            WHERE profile = :profile AND day <= :today AND card IN (SELECT id FROM cards WHERE deck_id = :deck)
            GROUP BY day ORDER BY day"""),
            params,
        ).all()
        return {d: int(n) for d, n in rows if d >= params["start"]}, [d for d, _ in rows]
    # The window is a range of the covering index ix_reviews_day ...
    rows = conn.execute(
        text("""
        SELECT day, count(*) FROM reviews WHERE profile = :profile AND day >= :start AND day <= :today
        GROUP BY day ORDER BY day"""),
        params,
    ).all()
    return {d: int(n) for d, n in rows}, study_days(conn, today, profile)


def study_days(conn: Connection, today: date, profile: str) -> list[str]:
    """Every day with an answer, up to ``today``, in order: a loose index scan of ix_reviews_day
    (one seek per distinct day, not a pass over the whole log)."""
    return [
        r[0]
        for r in conn.execute(
            text("""
        WITH RECURSIVE d(day) AS (
            SELECT min(day) FROM reviews WHERE profile = :profile
            UNION ALL
            SELECT (SELECT min(day) FROM reviews WHERE profile = :profile AND day > d.day)
            FROM d WHERE d.day IS NOT NULL
        )
        SELECT day FROM d WHERE day IS NOT NULL AND day <= :today"""),
            {"today": today.isoformat(), "profile": profile},
        )
    ]
