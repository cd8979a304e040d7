"""Progress figures, computed by SQLite aggregates over the store.

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

from sqlalchemy import text
from sqlalchemy.engine import Connection

from kinesis_tutor.core.errors import EXIT_USAGE, no_such_deck
from kinesis_tutor.core.sm2 import PASS
from kinesis_tutor.store.progress import LEECH_LAPSES

SCHEMA_VERSION = 1
MATURE_DAYS = 21  # interval at which a card counts as mature (Anki's rule)
FORECAST_DAYS = 14  # today (overdue included) and the 13 days after it
HEATMAP_WEEKS = 26  # columns of the activity calendar, the current week last
RETENTION_WINDOWS = (7, 30)  # days; the weak spots use the longer window too
RETENTION_KINDS = ("new", "review", "pick")  # first-time answers only: no in-session repeats, cram or exam
WEAK_MIN_REVIEWS = 10  # a tag or deck needs this many answers in the window to be ranked by retention
WEAK_LIMIT = 5

_KINDS_SQL = ", ".join(f"'{k}'" for k in RETENTION_KINDS)
_ACTIVE = "c.removed_at IS NULL AND c.content IS NOT NULL"


def _rate(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def deck_ids(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(text("SELECT DISTINCT deck_id FROM cards ORDER BY deck_id"))]


def check_deck(conn: Connection, deck: str) -> None:
    known = deck_ids(conn)
    if deck not in known:
        raise no_such_deck(deck, known, exit_code=EXIT_USAGE)


def collect(store, today: date, deck: str | None = None) -> dict:
    """Every figure of ``kinesis-tutor stats`` for study day ``today``, optionally for one deck."""
    with store.reader.connect() as conn:
        if deck is not None:
            check_deck(conn, deck)
        per = _per_card_groups(conn, today, deck)
        everything = per.pop(("all", None))
        log = per.pop(("log", None))
        per_day, days = _log_days(conn, today, deck)
        return {
            "schema": SCHEMA_VERSION,
            "today": today.isoformat(),
            "deck": deck,
            "cards": _cards(conn, everything, deck),
            "due": _due(conn, today, deck),
            "activity": _activity(per_day, today),
            "retention": _retention(log),
            "streak": streak(days, today),
            "weakest": _weakest(per),
            "decks": _decks(per),
            "readiness": _readiness(everything, per),
            "leeches": _leeches(conn, deck),
        }


# ---------------------------------------------------------------------------- card figures


def _per_card_groups(conn: Connection, today: date, deck: str | None) -> dict:
    """One pass over the last 30 days of answers and one over the active cards.

    Returns counts keyed by (group, name): ("all", None) for every active card, ("deck", id),
    ("tag", tag), each with cards, seen, mature, leech, ready, lapses and the graded answers
    of the last 30 days (reviews, correct); and ("log", None): the graded answers of the
    last 7 and 30 days to every card in scope, removed cards included.
    """
    short, long = RETENTION_WINDOWS
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    review_scope = "AND card IN (SELECT id FROM cards WHERE deck_id = :deck)" if deck is not None else ""
    # The 30 days as a list rather than a range: SQLite then seeks (day, kind) pairs in
    # ix_reviews_day instead of reading every answer of the window to check its kind.
    days = [(today - timedelta(days=i)).isoformat() for i in range(long)]
    window = ", ".join(f":w{i}" for i in range(long))
    cols = "count(*), sum(seen), sum(mature), sum(leech), sum(ready), sum(lapses), sum(n), sum(ok)"
    sql = f"""
    WITH win AS MATERIALIZED (
        SELECT card, count(*) AS n, sum(quality >= {PASS}) AS ok,
               sum(day > :d_short) AS n_short, sum(day > :d_short AND quality >= {PASS}) AS ok_short
        FROM reviews
        WHERE day IN ({window}) AND kind IN ({_KINDS_SQL}) {review_scope}
        GROUP BY card
    ),
    pc AS MATERIALIZED (
        SELECT c.id AS id, c.deck_id AS deck_id,
               CASE WHEN cs.card IS NULL THEN 0 ELSE 1 END AS seen,
               CASE WHEN cs.suspended = 1 THEN 1 ELSE 0 END AS leech,
               CASE WHEN cs.suspended = 0 AND cs.interval >= {MATURE_DAYS} THEN 1 ELSE 0 END AS mature,
               CASE WHEN cs.suspended = 0 AND (cs.interval >= {MATURE_DAYS} OR cs.last_quality >= {PASS}) THEN 1 ELSE 0 END AS ready,
               coalesce(cs.lapses, 0) AS lapses,
               coalesce(win.n, 0) AS n, coalesce(win.ok, 0) AS ok
        FROM cards c
        LEFT JOIN card_state cs ON cs.card = c.id
        LEFT JOIN win ON win.card = c.id
        WHERE {_ACTIVE} {deck_cond}
    )
    SELECT 'all' AS grp, NULL AS name, {cols}, 0, 0 FROM pc
    UNION ALL
    SELECT 'deck', deck_id, {cols}, 0, 0 FROM pc GROUP BY deck_id
    UNION ALL
    SELECT 'tag', j.value, {cols}, 0, 0 FROM pc JOIN cards c ON c.id = pc.id, json_each(c.content, '$.tags') AS j GROUP BY j.value
    UNION ALL
    SELECT 'log', NULL, 0, 0, 0, 0, 0, 0, sum(n), sum(ok), sum(n_short), sum(ok_short) FROM win
    """
    params = {
        "today": today.isoformat(),
        "d_short": (today - timedelta(days=short)).isoformat(),
        "deck": deck,
        **{f"w{i}": d for i, d in enumerate(days)},
    }
    out = {}
    for row in conn.execute(text(sql), params):
        grp, name, cards, seen, mature, leech, ready, lapses, n, ok, n_short, ok_short = row
        out[(grp, name)] = {
            "cards": cards or 0,
            "seen": seen or 0,
            "mature": mature or 0,
            "leech": leech or 0,
            "ready": ready or 0,
            "lapses": lapses or 0,
            "reviews": n or 0,
            "correct": ok or 0,
            "reviews_short": n_short or 0,
            "correct_short": ok_short or 0,
        }
    return out


def _cards(conn: Connection, everything: dict, deck: str | None) -> dict:
    deck_cond = "AND deck_id = :deck" if deck is not None else ""
    removed = (
        conn.execute(
            text(f"SELECT count(*) FROM cards WHERE removed_at IS NOT NULL {deck_cond}"), {"deck": deck}
        ).scalar()
        or 0
    )
    seen, mature, leech = everything["seen"], everything["mature"], everything["leech"]
    return {
        "active": everything["cards"],
        "new": everything["cards"] - seen,
        "young": seen - mature - leech,
        "mature": mature,
        "leech": leech,
        "removed": removed,
    }


def _decks(per: dict) -> list[dict]:
    out = []
    for (grp, name), g in sorted(per.items(), key=lambda kv: str(kv[0][1])):
        if grp == "deck":
            out.append(
                {
                    "deck": name,
                    "cards": g["cards"],
                    "seen": g["seen"],
                    "mature": g["mature"],
                    "leech": g["leech"],
                    "seen_share": _rate(g["seen"], g["cards"]),
                    "mature_share": _rate(g["mature"], g["cards"]),
                }
            )
    return out


def _readiness(everything: dict, per: dict) -> dict:
    topics = [
        {"tag": name, "cards": g["cards"], "ready": g["ready"], "share": _rate(g["ready"], g["cards"])}
        for (grp, name), g in per.items()
        if grp == "tag"
    ]
    topics.sort(key=lambda t: (t["share"] if t["share"] is not None else 0.0, -t["cards"], t["tag"]))
    return {
        "cards": everything["cards"],
        "ready": everything["ready"],
        "share": _rate(everything["ready"], everything["cards"]),
        "topics": topics,
    }


def _weakest(per: dict) -> dict:
    """Weak spots: retention in the last 30 days among groups with enough answers
    (lowest first), then groups with lapses (most first). Groups with neither are not weak."""
    out: dict[str, list[dict]] = {}
    for grp, key in (("tag", "tags"), ("deck", "decks")):
        rows = []
        for (g, name), v in per.items():
            if g != grp:
                continue
            retention = _rate(v["correct"], v["reviews"])
            ranked = v["reviews"] >= WEAK_MIN_REVIEWS and retention is not None and retention < 1
            if not ranked and v["lapses"] == 0:
                continue
            rows.append(
                (
                    {
                        grp: name,
                        "reviews": v["reviews"],
                        "correct": v["correct"],
                        "retention": retention,
                        "lapses": v["lapses"],
                        "cards": v["cards"],
                    },
                    ranked,
                )
            )
        rows.sort(
            key=lambda r: (
                (0, r[0]["retention"], -r[0]["lapses"], r[0][grp]) if r[1] else (1, 0.0, -r[0]["lapses"], r[0][grp])
            )
        )
        out[key] = [r[0] for r in rows[:WEAK_LIMIT]]
    return out


def _leeches(conn: Connection, deck: str | None) -> list[dict]:
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    rows = conn.execute(
        text(f"""
        SELECT c.deck_id, c.card_id, cs.lapses FROM card_state cs JOIN cards c ON c.id = cs.card
        WHERE cs.suspended = 1 AND {_ACTIVE} {deck_cond} ORDER BY c.deck_id, c.card_id"""),
        {"deck": deck},
    )
    return [{"deck": d, "card": c, "lapses": n} for d, c, n in rows]


def leech_items(store) -> list:
    """The suspended active cards as (StudyItem, lapses), most lapses first."""
    with store.reader.connect() as conn:
        rows = conn.execute(
            text(f"""
            SELECT c.id, cs.lapses FROM card_state cs JOIN cards c ON c.id = cs.card
            WHERE cs.suspended = 1 AND {_ACTIVE} ORDER BY cs.lapses DESC, c.deck_id, c.card_id""")
        ).all()
    return [(store.item(pk), lapses) for pk, lapses in rows]


# ---------------------------------------------------------------------------- due


def _due(conn: Connection, today: date, deck: str | None) -> dict:
    last = today + timedelta(days=FORECAST_DAYS - 1)
    deck_cond = "AND c.deck_id = :deck" if deck is not None else ""
    rows = conn.execute(
        text(f"""
        SELECT CASE WHEN cs.due_day < :today THEN :today ELSE cs.due_day END AS d, count(*), sum(cs.due_day < :today)
        FROM card_state cs JOIN cards c ON c.id = cs.card
        WHERE cs.due_day <= :last AND cs.suspended = 0 AND {_ACTIVE} {deck_cond}
        GROUP BY d"""),
        {"today": today.isoformat(), "last": last.isoformat(), "deck": deck},
    ).all()
    counts = {d: n for d, n, _ in rows}
    overdue = sum(o or 0 for _, _, o in rows)
    forecast = [
        {"day": (today + timedelta(days=i)).isoformat(), "due": counts.get((today + timedelta(days=i)).isoformat(), 0)}
        for i in range(FORECAST_DAYS)
    ]
    return {"today": forecast[0]["due"], "overdue": overdue, "forecast": forecast}


# ---------------------------------------------------------------------------- the review log


def heatmap_start(today: date) -> date:
    """The Monday HEATMAP_WEEKS - 1 weeks before the Monday of ``today``'s week."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)


def _log_days(conn: Connection, today: date, deck: str | None) -> tuple[dict[str, int], list[str]]:
    """(answers per day since the heatmap's first day, every study day up to ``today`` in order)."""
    start = heatmap_start(today)
    params = {"start": start.isoformat(), "today": today.isoformat(), "deck": deck}
    if deck is not None:
        # One pass over the deck's answers (ix_reviews_card), grouped by day.
        rows = conn.execute(
            text("""
            SELECT day, count(*) FROM reviews
            WHERE day <= :today AND card IN (SELECT id FROM cards WHERE deck_id = :deck)
            GROUP BY day ORDER BY day"""),
            params,
        ).all()
        return {d: n for d, n in rows if d >= params["start"]}, [d for d, _ in rows]
    # The window is a range of the covering index ix_reviews_day ...
    rows = conn.execute(
        text("""
        SELECT day, count(*) FROM reviews WHERE day >= :start AND day <= :today
        GROUP BY day ORDER BY day"""),
        params,
    ).all()
    return {d: n for d, n in rows}, study_days(conn, today)


def study_days(conn: Connection, today: date) -> list[str]:
    """Every day with an answer, up to ``today``, in order: a loose index scan of ix_reviews_day
    (one seek per distinct day, not a pass over the whole log)."""
    return [
        r[0]
        for r in conn.execute(
            text("""
        WITH RECURSIVE d(day) AS (
            SELECT min(day) FROM reviews
            UNION ALL
            SELECT (SELECT min(day) FROM reviews WHERE day > d.day) FROM d WHERE d.day IS NOT NULL
        )
        SELECT day FROM d WHERE day IS NOT NULL AND day <= :today"""),
            {"today": today.isoformat()},
        )
    ]


def _activity(per_day: dict[str, int], today: date) -> dict:
    return {
        "from": heatmap_start(today).isoformat(),
        "to": today.isoformat(),
        "weeks": HEATMAP_WEEKS,
        "reviews": sum(per_day.values()),
        "days_studied": len(per_day),
        "max_per_day": max(per_day.values(), default=0),
        "per_day": per_day,
    }


def _retention(log: dict) -> dict:
    short, long = RETENTION_WINDOWS
    return {
        f"last_{short}_days": {
            "reviews": log["reviews_short"],
            "correct": log["correct_short"],
            "rate": _rate(log["correct_short"], log["reviews_short"]),
        },
        f"last_{long}_days": {
            "reviews": log["reviews"],
            "correct": log["correct"],
            "rate": _rate(log["correct"], log["reviews"]),
        },
    }


def runs(days: list[str]) -> list[tuple[str, str, int]]:
    """Runs of consecutive days in a sorted list of ISO days: (first, last, length)."""
    out: list[tuple[str, str, int]] = []
    prev: date | None = None
    for iso_day in days:
        d = date.fromisoformat(iso_day)
        if prev is not None and d - prev == timedelta(days=1):
            first, _, n = out[-1]
            out[-1] = (first, iso_day, n + 1)
        else:
            out.append((iso_day, iso_day, 1))
        prev = d
    return out


def streak(days: list[str], today: date) -> dict:
    """Streaks of study days (days with any answer). The current streak includes today if
    something was answered today, else it ends yesterday (today is not over yet)."""
    found = runs(days)
    yesterday = (today - timedelta(days=1)).isoformat()
    last = found[-1] if found else None
    current = last[2] if last and last[1] in (today.isoformat(), yesterday) else 0
    longest = max(found, key=lambda r: (r[2], r[1]), default=None)
    return {
        "current": current,
        "studied_today": bool(last) and last[1] == today.isoformat(),
        "longest": longest[2] if longest else 0,
        "longest_from": longest[0] if longest else None,
        "longest_to": longest[1] if longest else None,
        "study_days": len(days),
    }


__all__ = [
    "LEECH_LAPSES",
    "MATURE_DAYS",
    "SCHEMA_VERSION",
    "check_deck",
    "collect",
    "deck_ids",
    "heatmap_start",
    "leech_items",
    "runs",
    "streak",
    "study_days",
]
