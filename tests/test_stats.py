"""kinesis-tutor stats and leeches, on a database seeded with a known history.

The history (offsets are days before the study day T; ✓ = graded 3 or more):

    T-200  a3 5 ✓                               (before the heatmap's first day)
    T-66 … T-60  a2 4 ✓ each day                 (7 days: the longest streak)
    T-40   a6 2, a6 1                            (outside the 30-day window)
    T-20   b2 1 ×8                               (8 lapses: b2 becomes a leech)
    T-9 … T-5  b3 4 ✓ each day; T-6 also b4 2 (new)
    T-3    a7 5 ✓ (a7 is then removed from its deck), a3 5 ✓ (pick)
    T-2    a1 3 ✓, a2 4 (cram)
    T-1    a4 3 ✓ (new), a5 0 (new), b2 5 ✓ (pick)
    T      a1 5 ✓, a2 2, a3 4 ✓, b1 1, a1 4 (repeat)

Then every seen card's interval and due day are set by hand (STATES).
Every expected figure below was worked out by hand from this table.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

import pytest
from conftest import spawn_cli, write_deck
from fakes import ENTER, ScriptedPrompter
from sqlalchemy import text
from typer.testing import CliRunner

from kinesis_tutor.app.leeches import KEEP, RESET, REVIEW, Leeches
from kinesis_tutor.app.sync import sync
from kinesis_tutor.cli import app
from kinesis_tutor.core.streaks import heatmap_start
from kinesis_tutor.store import open_store, stats
from kinesis_tutor.ui import heatmap as hm
from kinesis_tutor.ui import leeches_view
from kinesis_tutor.ui.prompts import Command
from kinesis_tutor.ui.stats_view import bar

T_FIXED = date(2024, 5, 15)  # a Wednesday

ALPHA_CARDS = {
    "a1": ["fx-limits"],
    "a2": ["fx-limits"],
    "a3": ["fx-order"],
    "a4": ["fx-order"],
    "a5": ["fx-limits", "fx-order"],
    "a6": [],
    "a7": [],
    "a8": ["fx-order"],
}
BETA_CARDS = {"b1": ["fx-limits"], "b2": ["fx-limits"], "b3": ["fx-order"], "b4": [], "b5": []}

HISTORY = [  # (days before T, card, quality, kind)
    (200, "a3", 5, "review"),
    *[(d, "a2", 4, "review") for d in range(66, 59, -1)],
    (40, "a6", 2, "review"),
    (40, "a6", 1, "review"),
    *[(20, "b2", 1, "review")] * 8,
    *[(d, "b3", 4, "review") for d in range(9, 4, -1)],
    (6, "b4", 2, "new"),
    (3, "a7", 5, "review"),
    (3, "a3", 5, "pick"),
    (2, "a1", 3, "review"),
    (2, "a2", 4, "cram"),
    (1, "a4", 3, "new"),
    (1, "a5", 0, "new"),
    (1, "b2", 5, "pick"),
    (0, "a1", 5, "review"),
    (0, "a2", 2, "review"),
    (0, "a3", 4, "review"),
    (0, "b1", 1, "review"),
    (0, "a1", 4, "repeat"),
]
# card: (interval, due day as days after T; negative = overdue). b2 (the leech) keeps its own.
STATES = {
    "a1": (30, 10),
    "a2": (1, 1),
    "a3": (25, 20),
    "a4": (1, -3),
    "a5": (1, 0),
    "a6": (1, -30),
    "b1": (1, 1),
    "b3": (21, 13),
    "b4": (20, 5),
    "a7": (1, 0),
}


def deck_yaml(deck_id: str, cards: dict[str, list[str]]) -> str:
    lines = ["format_version: 1", f"id: {deck_id}", f"title: Test deck {deck_id}", f"tags: [{deck_id}]", "cards:"]
    for cid, tags in cards.items():
        lines += [
            f"  - id: {cid}",
            "    kind: basic",
            f"    front: What is card {cid}?",
            f"    back: The answer to {cid}.",
            f"    explanation: Why {cid} is so.",
            f"    tags: [{', '.join(tags)}]",
        ]
    return "\n".join(lines) + "\n"


def at(day: date, minute: int = 0) -> datetime:
    """An aware moment at local noon of ``day`` (so its study day is ``day``)."""
    return datetime.combine(day, time(12, 0)).astimezone() + timedelta(minutes=minute)


def seed(tmp_path, today: date | None = None, target: str | None = None):
    """The seeded store; ``today`` defaults to the real study day, as the CLI will see it;
    ``target`` names the database (default: an SQLite file)."""
    decks = tmp_path / "decks"
    write_deck(decks, "alpha.yaml", deck_yaml("fx-alpha", ALPHA_CARDS))
    write_deck(decks, "beta.yaml", deck_yaml("fx-beta", BETA_CARDS))
    db = target or tmp_path / "progress.db"
    store = open_store(db)
    today = today or store.today()
    sync(store, [decks])
    pk = {cid: store.card_pk("fx-alpha" if cid[0] == "a" else "fx-beta", cid) for cid in [*ALPHA_CARDS, *BETA_CARDS]}
    for minute, (offset, cid, quality, kind) in enumerate(sorted(HISTORY, key=lambda h: -h[0])):
        store.record(
            pk[cid], quality, kind, scheduled=kind in ("new", "review"), now=at(today - timedelta(days=offset), minute)
        )
    write_deck(decks, "alpha.yaml", deck_yaml("fx-alpha", {k: v for k, v in ALPHA_CARDS.items() if k != "a7"}))
    assert sync(store, [decks]).removed == 1
    with store.engine.begin() as conn:
        for cid, (interval, due) in STATES.items():
            conn.execute(
                text("UPDATE card_state SET interval = :i, due_day = :d WHERE card = :pk"),
                {"i": interval, "d": (today + timedelta(days=due)).isoformat(), "pk": pk[cid]},
            )
    return store, db, decks, today


def expected_all(T: date) -> dict:
    """Every figure for all decks, worked out by hand from HISTORY and STATES."""
    d = lambda o: (T - timedelta(days=o)).isoformat()  # noqa: E731
    per_day = {
        d(66): 1,
        d(65): 1,
        d(64): 1,
        d(63): 1,
        d(62): 1,
        d(61): 1,
        d(60): 1,
        d(40): 2,
        d(20): 8,
        d(9): 1,
        d(8): 1,
        d(7): 1,
        d(6): 2,
        d(5): 1,
        d(3): 2,
        d(2): 2,
        d(1): 3,
        d(0): 5,
    }
    forecast = [0] * 14
    forecast[0], forecast[1], forecast[5], forecast[10], forecast[13] = 3, 2, 1, 1, 1
    return {
        "schema": 1,
        "today": T.isoformat(),
        "deck": None,
        # new a8 b5 · young a2 a4 a5 a6 b1 b4 (20 is young) · mature a1 a3 b3 (21 is mature) · leech b2 · removed a7
        "cards": {"active": 12, "new": 2, "young": 6, "mature": 3, "leech": 1, "removed": 1},
        # today: a4 and a6 overdue + a5; tomorrow a2 b1; +5 b4; +10 a1; +13 b3; a3 (+20) is past the 14 days
        "due": {
            "today": 3,
            "overdue": 2,
            "forecast": [{"day": (T + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(forecast)],
        },
        "activity": {
            "from": (T - timedelta(days=T.weekday()) - timedelta(weeks=25)).isoformat(),
            "to": T.isoformat(),
            "weeks": 26,
            "reviews": 35,
            "days_studied": 18,
            "max_per_day": 8,
            "per_day": per_day,
        },
        # 7 days (T-6…T): 4+3+1+2+1+2 graded, 2+2+1+2+1+1 right; 30 days adds T-9…T-7 (3 right) and T-20 (8 wrong)
        "retention": {
            "last_7_days": {"reviews": 13, "correct": 9, "rate": 0.6923},
            "last_30_days": {"reviews": 24, "correct": 12, "rate": 0.5},
        },
        "streak": {
            "current": 4,
            "studied_today": True,
            "longest": 7,
            "longest_from": d(66),
            "longest_to": d(60),
            "study_days": 19,
        },
        "weakest": {
            # fx-limits: a1 2/2, a2 0/1, a5 0/1, b1 0/1, b2 1/9 → 3 of 14; lapses 1+1+1+8
            # fx-beta: 6 of 16, lapses 1+8+1; fx-alpha: only 7 answers, lapses a2 1 + a5 1 + a6 2;
            # fx-order: only 9 answers (a3 2/2, a4 1/1, a5 0/1, b3 5/5), a5's lapse
            "tags": [
                {"tag": "fx-limits", "reviews": 14, "correct": 3, "retention": 0.2143, "lapses": 11, "cards": 5},
                {"tag": "fx-beta", "reviews": 16, "correct": 6, "retention": 0.375, "lapses": 10, "cards": 5},
                {"tag": "fx-alpha", "reviews": 7, "correct": 5, "retention": 0.7143, "lapses": 4, "cards": 7},
                {"tag": "fx-order", "reviews": 9, "correct": 8, "retention": 0.8889, "lapses": 1, "cards": 5},
            ],
            "decks": [
                {"deck": "fx-beta", "reviews": 16, "correct": 6, "retention": 0.375, "lapses": 10, "cards": 5},
                {"deck": "fx-alpha", "reviews": 7, "correct": 5, "retention": 0.7143, "lapses": 4, "cards": 7},
            ],
        },
        "decks": [
            {
                "deck": "fx-alpha",
                "cards": 7,
                "seen": 6,
                "mature": 2,
                "leech": 0,
                "seen_share": 0.8571,
                "mature_share": 0.2857,
            },
            {"deck": "fx-beta", "cards": 5, "seen": 4, "mature": 1, "leech": 1, "seen_share": 0.8, "mature_share": 0.2},
        ],
        # ready: a1 a3 b3 (mature), a4 (last answer 3)
        "readiness": {
            "cards": 12,
            "ready": 4,
            "share": 0.3333,
            "topics": [
                {"tag": "fx-beta", "cards": 5, "ready": 1, "share": 0.2},
                {"tag": "fx-limits", "cards": 5, "ready": 1, "share": 0.2},
                {"tag": "fx-alpha", "cards": 7, "ready": 3, "share": 0.4286},
                {"tag": "fx-order", "cards": 5, "ready": 3, "share": 0.6},
            ],
        },
        "leeches": [{"deck": "fx-beta", "card": "b2", "lapses": 8}],
    }


def expected_beta(T: date) -> dict:
    d = lambda o: (T - timedelta(days=o)).isoformat()  # noqa: E731
    forecast = [0] * 14
    forecast[1], forecast[5], forecast[13] = 1, 1, 1
    return {
        "schema": 1,
        "today": T.isoformat(),
        "deck": "fx-beta",
        "cards": {"active": 5, "new": 1, "young": 2, "mature": 1, "leech": 1, "removed": 0},
        "due": {
            "today": 0,
            "overdue": 0,
            "forecast": [{"day": (T + timedelta(days=i)).isoformat(), "due": n} for i, n in enumerate(forecast)],
        },
        "activity": {
            "from": (T - timedelta(days=T.weekday()) - timedelta(weeks=25)).isoformat(),
            "to": T.isoformat(),
            "weeks": 26,
            "reviews": 16,
            "days_studied": 8,
            "max_per_day": 8,
            "per_day": {d(20): 8, d(9): 1, d(8): 1, d(7): 1, d(6): 2, d(5): 1, d(1): 1, d(0): 1},
        },
        # 7 days: b1 ✗, b2 pick ✓, b3 ✓ ✓, b4 ✗; 30 days adds b3 ✓✓✓ and b2 ✗×8
        "retention": {
            "last_7_days": {"reviews": 5, "correct": 3, "rate": 0.6},
            "last_30_days": {"reviews": 16, "correct": 6, "rate": 0.375},
        },
        "streak": {
            "current": 2,
            "studied_today": True,
            "longest": 5,
            "longest_from": d(9),
            "longest_to": d(5),
            "study_days": 8,
        },
        "weakest": {
            # fx-limits: b1 0/1 and b2 1/9, lapses 1+8; fx-order (b3, 5 of 5, no lapse) is not weak
            "tags": [
                {"tag": "fx-limits", "reviews": 10, "correct": 1, "retention": 0.1, "lapses": 9, "cards": 2},
                {"tag": "fx-beta", "reviews": 16, "correct": 6, "retention": 0.375, "lapses": 10, "cards": 5},
            ],
            "decks": [{"deck": "fx-beta", "reviews": 16, "correct": 6, "retention": 0.375, "lapses": 10, "cards": 5}],
        },
        "decks": [
            {"deck": "fx-beta", "cards": 5, "seen": 4, "mature": 1, "leech": 1, "seen_share": 0.8, "mature_share": 0.2}
        ],
        "readiness": {
            "cards": 5,
            "ready": 1,
            "share": 0.2,
            "topics": [
                {"tag": "fx-limits", "cards": 2, "ready": 0, "share": 0.0},
                {"tag": "fx-beta", "cards": 5, "ready": 1, "share": 0.2},
                {"tag": "fx-order", "cards": 1, "ready": 1, "share": 1.0},
            ],
        },
        "leeches": [{"deck": "fx-beta", "card": "b2", "lapses": 8}],
    }


@pytest.fixture
def seeded(tmp_path, db_target):
    """On each backend (an SQLite file, then PostgreSQL)."""
    store, _, _, _ = seed(tmp_path, T_FIXED, db_target)
    yield store
    store.close()


@pytest.fixture
def seeded_sqlite(tmp_path):
    store, _, _, _ = seed(tmp_path, T_FIXED)
    yield store
    store.close()


# ------------------------------------------------------------------------------ the figures


def test_every_figure_for_all_decks(seeded):
    got = stats.collect(seeded, T_FIXED)
    want = expected_all(T_FIXED)
    for key in want:
        assert got[key] == want[key], key
    assert set(got) == set(want)
    # The date arithmetic, checked once against the calendar.
    assert got["activity"]["from"] == "2023-11-20"  # a Monday, 25 weeks before Monday 13 May
    assert (got["streak"]["longest_from"], got["streak"]["longest_to"]) == ("2024-03-10", "2024-03-16")
    assert got["due"]["forecast"][13] == {"day": "2024-05-28", "due": 1}


def test_every_figure_for_one_deck(seeded):
    got = stats.collect(seeded, T_FIXED, "fx-beta")
    assert got == expected_beta(T_FIXED)


def test_the_current_streak_ends_yesterday_until_today_is_studied(seeded):
    tomorrow = T_FIXED + timedelta(days=1)
    s = stats.collect(seeded, tomorrow)["streak"]
    assert (s["current"], s["studied_today"], s["longest"]) == (4, False, 7)
    s = stats.collect(seeded, T_FIXED + timedelta(days=2))["streak"]
    assert (s["current"], s["studied_today"]) == (0, False)
    # Seen from T-1, T's answers lie in the future and do not count.
    s = stats.collect(seeded, T_FIXED - timedelta(days=1))["streak"]
    assert (s["current"], s["studied_today"], s["study_days"]) == (3, True, 18)
    beta = stats.collect(seeded, T_FIXED - timedelta(days=1), "fx-beta")
    assert (beta["streak"]["current"], beta["streak"]["study_days"]) == (1, 7)
    assert beta["activity"]["reviews"] == 15 and T_FIXED.isoformat() not in beta["activity"]["per_day"]


def test_unknown_deck_says_did_you_mean(seeded):
    from kinesis_tutor.core.errors import TutorError

    with pytest.raises(TutorError, match=r"no deck 'fx-alhpa' \(did you mean 'fx-alpha'\?\)"):
        stats.collect(seeded, T_FIXED, "fx-alhpa")


def test_an_empty_database_has_no_figures_but_no_errors(tmp_path):
    with open_store(tmp_path / "empty.db") as store:
        got = stats.collect(store, T_FIXED)
    assert got["cards"] == {"active": 0, "new": 0, "young": 0, "mature": 0, "leech": 0, "removed": 0}
    assert got["retention"]["last_7_days"] == {"reviews": 0, "correct": 0, "rate": None}
    assert got["streak"] == {
        "current": 0,
        "studied_today": False,
        "longest": 0,
        "longest_from": None,
        "longest_to": None,
        "study_days": 0,
    }
    assert got["readiness"]["share"] is None and got["weakest"] == {"tags": [], "decks": []}
    assert [f["due"] for f in got["due"]["forecast"]] == [0] * 14


def test_the_queries_use_the_indexes(seeded_sqlite):
    """No full scan of the review log or of card_state: every statement's plan is checked."""
    seeded = seeded_sqlite
    from sqlalchemy import event

    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "EXPLAIN")):
            seen.append((statement, parameters))

    event.listen(seeded.engine, "before_cursor_execute", capture)
    try:
        stats.collect(seeded, T_FIXED)
        stats.collect(seeded, T_FIXED, "fx-beta")
    finally:
        event.remove(seeded.engine, "before_cursor_execute", capture)
    review_plans = []
    with seeded.engine.connect() as conn:
        for statement, params in seen:
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            assert not any(re.match(r"SCAN (reviews|card_state)\b", step) for step in plan), (statement, plan)
            if "FROM reviews" in statement:
                review_plans.append(" | ".join(plan))
    assert any("ix_reviews_day" in p for p in review_plans)
    assert any("ix_reviews_card" in p for p in review_plans)


# ------------------------------------------------------------------------------ the command line


def invoke(db, decks, *args, home=None):
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    return CliRunner().invoke(app, ["--db", str(db), "--deck-dir", str(decks), *args], env=env)


def squash(output: str) -> str:
    return re.sub(r"[ \t]+", " ", output)


def words(output: str) -> str:
    """Prose as one line: what wraps at 80 columns still reads the same."""
    return " ".join(output.split())


@pytest.fixture
def seeded_today(tmp_path, db_target):
    """The same history, relative to the real study day (the CLI reads the clock), on each backend."""
    store, db, decks, today = seed(tmp_path, target=db_target)
    store.close()
    return db, decks, today


def bundled_cards() -> int:
    from kinesis_tutor.app.paths import content_dir
    from kinesis_tutor.decks.loader import load_library

    return sum(len(d.cards) for d in load_library([content_dir()]).decks.values())


def test_json_output_for_all_decks(seeded_today):
    db, decks, today = seeded_today
    result = invoke(db, decks, "stats", "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    want = expected_all(today)
    extra = bundled_cards()  # the bundled decks are synced too: all new, no history
    want["cards"]["active"] += extra
    want["cards"]["new"] += extra
    want["readiness"]["cards"] += extra
    want["readiness"]["share"] = round(4 / (12 + extra), 4)
    for key in ("schema", "today", "deck", "cards", "due", "activity", "retention", "streak", "weakest", "leeches"):
        assert got[key] == want[key], key
    assert [d for d in got["decks"] if d["deck"].startswith("fx-")] == want["decks"]
    assert {k: v for k, v in got["readiness"].items() if k != "topics"} == {
        k: v for k, v in want["readiness"].items() if k != "topics"
    }
    assert [t for t in got["readiness"]["topics"] if t["tag"].startswith("fx-")] == want["readiness"]["topics"]


def test_json_output_for_one_deck(seeded_today):
    db, decks, today = seeded_today
    result = invoke(db, decks, "stats", "--deck", "fx-beta", "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got.pop("exam_score") is None  # no mock exam yet (the estimate is tested in test_plan_score.py)
    assert got == expected_beta(today)


def test_text_output_for_one_deck(seeded_today):
    db, decks, today = seeded_today
    result = invoke(db, decks, "stats", "--deck", "fx-beta")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = squash(out)
    assert f"Progress · deck fx-beta · study day {today:%a %d %b %Y}" in flat
    for line in [
        "new 1 never studied",
        "young 2 interval < 21 d",
        "mature 1 interval ≥ 21 d",
        "leech 1 suspended",
        "removed 0 not in a deck",
        "active 5 all but removed",
        "last 7 days 60% 3 of 5",
        "last 30 days 38% 6 of 16",
        "current 2 days studied today",
        f"longest 5 days to {today - timedelta(days=5):%a %d %b}",
        "Exam readiness 20% 1 of 5 cards mature or last answered right",
        "by topic (tags on 5+ cards):",
        "#fx-beta 20% ████░░░░░░░░░░░░░░░░ 1 of 5 cards",
        "… and 2 more (stats --json lists every tag)",
        "Due today 0 · next 14 days:",
        "Answers per day · last 26 weeks: 16 answers on 8 days",
        "· none ░ 1–2 ▒ 3–4 ▓ 5–6 █ 7–8",
        "Leeches: 1, suspended after 8 lapses. Run kinesis-tutor leeches.",
        "fx-beta/b2 (8 lapses)",
    ]:
        assert line in flat, line
    assert "#fx-limits 0%" not in flat  # a tag on 2 cards is left to --json
    # weak spots: fx-limits (1 of 10 right) before fx-beta (6 of 16)
    weak = re.findall(r"^ ?(#?fx-\S+) +(\d+%) +(\d+) +(\d+) +(\d+) *$", out, re.M)
    assert weak == [
        ("#fx-limits", "10%", "10", "9", "2"),
        ("#fx-beta", "38%", "16", "10", "5"),
        ("fx-beta", "38%", "16", "10", "5"),
    ]
    # per-deck progress: 4 of 5 seen
    assert re.search(r"^ fx-beta +█{13}░{3} +4/5 +80% +1 +1 *$", out, re.M)
    # forecast bars: one card tomorrow, in 5 days and in 13 days, so each fills the 50 cells
    rows = forecast_rows(out)
    assert rows[0] == ("today", 0, 0)
    assert rows[1] == ("tomorrow", 1, 50)
    assert [r[1] for r in rows] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert rows[5][0] == f"{today + timedelta(days=5):%a %d %b}"
    check_heatmap(out, today, expected_beta(today)["activity"]["per_day"], {1: "░", 2: "░", 8: "█"})


def forecast_rows(out: str) -> list[tuple[str, int, int]]:
    block = out.split("next 14 days:\n", 1)[1].splitlines()[:14]
    rows = []
    for line in block:
        m = re.match(r"^ (today|tomorrow|\w{3} \d\d \w{3}) +(\d+) *(█*) *$", line)
        assert m, line
        rows.append((m.group(1), int(m.group(2)), len(m.group(3))))
    return rows


def check_heatmap(out: str, today: date, per_day: dict[str, int], glyphs: dict[int, str]) -> None:
    """Each day's cell, found by its week column and weekday row, shows the right shade."""
    lines = out.splitlines()
    top = lines.index(next(line for line in lines if line.startswith("Answers per day")))
    grid = lines[top + 2 : top + 9]
    assert [row[:3] for row in grid] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert lines[top + 1].split()[0] in {f"{m:%b}" for m in [today - timedelta(days=i) for i in range(200)]}
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=25)
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        cell = grid[day.weekday()][5 + 2 * (offset // 7)]
        n = per_day.get(day.isoformat(), 0)
        assert cell == (glyphs[n] if n else "·"), (day, n, cell)
    for weekday in range(today.weekday() + 1, 7):  # days after today: blank
        assert grid[weekday][5 + 2 * 25 :].strip() == ""


def test_text_output_for_all_decks(seeded_today):
    db, decks, today = seeded_today
    result = invoke(db, decks, "stats")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = squash(out)
    extra = bundled_cards()
    for line in [
        f"new {2 + extra:,} never studied",
        "young 6 interval",
        "mature 3 interval",
        "leech 1 suspended",
        "removed 1 not in a deck",
        "last 7 days 69% 9 of 13",
        "last 30 days 50% 12 of 24",
        "current 4 days studied today",
        f"longest 7 days to {today - timedelta(days=60):%a %d %b}",
        f"Exam readiness {round(4 / (12 + extra) * 100)}% 4 of {12 + extra:,} cards",
        "Due today 3 (of which 2 overdue) · next 14 days:",
        "Answers per day · last 26 weeks: 35 answers on 18 days",
    ]:
        assert line in flat, line
    rows = forecast_rows(out)
    # 3 due today fill the 50 cells; 2 tomorrow → 33; 1 → 17
    assert [(n, cells) for _, n, cells in rows] == [
        (3, 50),
        (2, 33),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 17),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 17),
        (0, 0),
        (0, 0),
        (1, 17),
    ]
    check_heatmap(out, today, expected_all(today)["activity"]["per_day"], {1: "░", 2: "░", 3: "▒", 5: "▓", 8: "█"})
    weak = re.findall(r"^ ?(#?fx-\S+) +(\d+%) +(\d+) +(\d+) +(\d+) *$", out, re.M)
    assert weak == [
        ("#fx-limits", "21%", "14", "11", "5"),
        ("#fx-beta", "38%", "16", "10", "5"),
        ("#fx-alpha", "71%", "7", "4", "7"),
        ("#fx-order", "89%", "9", "1", "5"),
        ("fx-beta", "38%", "16", "10", "5"),
        ("fx-alpha", "71%", "7", "4", "7"),
    ]
    assert re.search(r"^ fx-alpha +█{14}░{2} +6/7 +86% +2 +0 *$", out, re.M)


def test_unknown_deck_on_the_command_line(seeded_today):
    db, decks, _ = seeded_today
    result = invoke(db, decks, "stats", "--deck", "fx-btea")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no deck 'fx-btea' (did you mean 'fx-beta'?)" in result.stderr


def test_a_fresh_install_shows_stats(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "new.db"), "stats"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "last 7 days — no reviews" in squash(result.stdout)
    assert "nothing weak yet" in result.stdout
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "new.db"), "leeches"])
    assert result.exit_code == 0 and "No leeches" in result.stdout


def test_small_values_still_show_and_shades_split_the_busiest_day_in_quarters():
    assert bar(1, 1000, 50) == "█"  # one card among a thousand still gets a sliver
    assert bar(0, 1000, 50) == ""
    assert bar(2, 3, 6, rest=True) == "████░░"
    assert [hm.shade(n, 100) for n in (0, 1, 25, 26, 50, 51, 75, 76, 100)] == [
        "·",
        "░",
        "░",
        "▒",
        "▒",
        "▓",
        "▓",
        "█",
        "█",
    ]
    assert hm.shade_ranges(100) == [("░", 1, 25), ("▒", 26, 50), ("▓", 51, 75), ("█", 76, 100)]
    assert hm.shade_ranges(2) == [("▒", 1, 1), ("█", 2, 2)]  # never a range that no day can fall in


def test_month_names_sit_over_the_first_week_of_each_month():
    def header(today):
        start = heatmap_start(today)
        activity = {
            "from": start.isoformat(),
            "weeks": 26,
            "reviews": 0,
            "days_studied": 0,
            "max_per_day": 0,
            "per_day": {},
        }
        return hm.heatmap(activity, today)[1].plain

    # Weeks from Monday 20 Nov 2023: December starts in week 2, January in week 6, … May in week 24.
    assert header(T_FIXED) == "     Nov Dec     Jan       Feb     Mar     Apr       May"
    # From Monday 29 Jan 2024, February starts a week later: no room for "Jan", so only "Feb".
    assert header(date(2024, 7, 24)).startswith("       Feb     Mar ")


# ------------------------------------------------------------------------------ leeches

LEECH_DECK = """
format_version: 1
id: fx-leech
title: Leech test
cards:
  - {id: hard, kind: basic, front: What is the hard question?, back: The hard answer., explanation: Because.}
  - {id: easy, kind: basic, front: What is the easy question?, back: The easy answer., explanation: Because.}
  - {id: third, kind: basic, front: What is the third question?, back: The third answer., explanation: Because.}
"""


@pytest.fixture
def leech_db(tmp_path, db_target):
    """On each backend: an SQLite file, then PostgreSQL."""
    decks = tmp_path / "decks"
    write_deck(decks, "leech.yaml", LEECH_DECK)
    db = db_target
    store = open_store(db)
    sync(store, [decks])
    yield store, db, decks
    store.close()


def fail(store, pk, times, today):
    for i in range(times):
        store.record(pk, 1, "review", scheduled=True, now=at(today - timedelta(days=10 - i)))


def test_eight_failures_make_a_leech(leech_db):
    store, db, decks = leech_db
    today = store.today()
    hard = store.card_pk("fx-leech", "hard")
    fail(store, hard, 7, today)
    state = store.state(hard)
    assert (state.lapses, state.suspended) == (7, False)
    assert [i.card.id for i in store.due_items(today)] == ["hard"]
    fail(store, hard, 1, today)
    state = store.state(hard)
    assert (state.lapses, state.suspended) == (8, True)
    assert store.due_items(today) == []
    got = stats.collect(store, today)
    assert got["cards"]["leech"] == 1 and got["leeches"] == [{"deck": "fx-leech", "card": "hard", "lapses": 8}]
    assert got["due"]["today"] == 0

    result = invoke(db, decks, "stats", "--deck", "fx-leech")
    assert result.exit_code == 0, result.output
    assert "leech 1 suspended" in squash(result.stdout)
    assert "fx-leech/hard (8 lapses)" in result.stdout

    result = invoke(db, decks, "leeches")  # CliRunner's stdin is not a TTY: list only, no prompt
    assert result.exit_code == 0, result.output
    assert "Leeches: 1 suspended card" in result.stdout
    assert re.search(r"^ +8 +fx-leech/hard *\n +What is the hard question\? *$", result.stdout, re.M)
    assert "What now?" not in result.stdout
    assert "run 'kinesis-tutor leeches' in a terminal to review, reset or keep each one." in words(result.stdout)
    assert store.state(hard).suspended  # listing changes nothing

    # A leech whose card leaves its deck is no longer listed (its history stays).
    write_deck(decks, "leech.yaml", LEECH_DECK.replace("  - {id: hard,", "  - {id: hard-renamed,"))
    sync(store, [decks])
    got = stats.collect(store, today, "fx-leech")
    assert (got["cards"]["leech"], got["cards"]["removed"], got["leeches"]) == (0, 1, [])
    assert "No leeches" in invoke(db, decks, "leeches").stdout


def three_leeches(store, today):
    pks = [store.card_pk("fx-leech", c) for c in ("hard", "easy", "third")]
    for pk in pks:
        fail(store, pk, 8, today)
    return pks


def test_review_reset_keep(leech_db):
    from rich.console import Console

    store, _, _ = leech_db
    today = store.today()
    hard, easy, third = three_leeches(store, today)
    found = stats.leech_items(store)
    assert [(item.pk, lapses) for item, lapses in found] == [(easy, 8), (hard, 8), (third, 8)]  # by card id
    prompter = ScriptedPrompter(REVIEW, ENTER, RESET, KEEP)  # review easy, reset hard, keep third
    console = Console(record=True, width=80, color_system=None)
    leeches = Leeches(store)
    assert [(leech.item.pk, leech.lapses) for leech in leeches.found] == [(easy, 8), (hard, 8), (third, 8)]
    leeches_view.go_through(leeches, prompter, console)
    # one pause: after the answer of a reviewed card, before the next leech
    assert prompter.asked == ["What now?", "Press Enter for the next leech…", "What now?", "What now?"]
    shown = console.export_text()
    assert "The easy answer." in shown  # "review" shows the card with its answer
    assert "The hard answer." not in shown
    assert "Reviewed and released 1, reset 1, kept suspended 1." in shown
    assert (store.state(easy).suspended, store.state(easy).lapses) == (False, 8)
    assert (store.state(hard).suspended, store.state(hard).lapses) == (False, 0)
    assert (store.state(third).suspended, store.state(third).lapses) == (True, 8)
    due = {i.card.id for i in store.due_items(today)}
    assert due == {"hard", "easy"}
    assert stats.collect(store, today)["leeches"] == [{"deck": "fx-leech", "card": "third", "lapses": 8}]


def interrupted(options):
    raise KeyboardInterrupt


@pytest.mark.parametrize("stop", [interrupted, Command.QUIT], ids=["ctrl-c", "q"])
def test_ctrl_c_keeps_what_was_decided(leech_db, stop):
    from rich.console import Console

    store, _, _ = leech_db
    today = store.today()
    hard, easy, third = three_leeches(store, today)
    prompter = ScriptedPrompter(RESET, stop)
    console = Console(record=True, width=80, color_system=None)
    with pytest.raises(KeyboardInterrupt):  # cli.main turns it into exit 130 (the pty test below checks it)
        leeches_view.go_through(Leeches(store), prompter, console)
    assert "Stopped. Reviewed and released 0, reset 1, kept suspended 0; the other leeches stay suspended." in words(
        console.export_text()
    )
    assert [store.state(pk).suspended for pk in (easy, hard, third)] == [False, True, True]


def test_leeches_in_a_terminal(leech_db, tmp_path, isolated_home):
    """The real prompt in a pseudo-terminal: reset the first leech (easy), then Ctrl-C."""
    pexpect = pytest.importorskip("pexpect")
    store, db, decks = leech_db
    today = store.today()
    hard, easy, _ = three_leeches(store, today)
    child = spawn_cli(isolated_home, db, decks, "leeches")
    child.expect("leech 1 of 3")
    child.expect("What now?")
    child.send("2")  # a digit picks its option at once, as on every prompt
    child.expect("Reset: back in study")
    child.expect("leech 2 of 3")
    child.expect("What now?")
    child.sendintr()
    child.expect("Stopped. Reviewed and released 0, reset 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (store.state(easy).suspended, store.state(easy).lapses) == (False, 0)
    assert store.state(hard).suspended


def test_stats_in_a_terminal_without_colour(seeded_today, isolated_home):
    """NO_COLOR=1 in a real terminal: no colour codes, and the shades still tell the levels apart."""
    pexpect = pytest.importorskip("pexpect")
    db, decks, _today = seeded_today
    child = spawn_cli(isolated_home, db, decks, "stats", "--deck", "fx-beta", dimensions=(200, 80))
    child.expect(pexpect.EOF)
    screen = child.before
    plain = re.sub(r"\x1b\[[0-9;]*m", "", screen)
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|38;[25];|9[0-7])[0-9;]*m", screen)
    assert "░ 1–2" in plain and "█ 7–8" in plain and "█" * 50 in plain


@pytest.mark.parametrize("width", [60, 80])
def test_the_internal_table_tag_is_no_topic_and_every_figure_says_what_it_counts(width):
    """'table' marks the cards made from comparison tables: not a topic to study, so neither a
    least-ready topic nor a weak spot; the figures say what they count."""
    import io

    from rich.console import Console

    from kinesis_tutor.ui import stats_view

    today = date(2026, 11, 30)
    figures = expected_all(today)
    figures["readiness"]["topics"].insert(0, {"tag": "table", "cards": 326, "ready": 0, "share": 0.0})
    figures["weakest"]["tags"].insert(
        0, {"tag": "table", "reviews": 20, "correct": 1, "retention": 0.05, "lapses": 9, "cards": 9}
    )
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    for part in stats_view.render(figures, width):
        console.print(part)
    text = out.getvalue()
    assert "#table" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    assert "Retention: reviews graded 3+" in flat and "9 of 13" in flat
    assert "cards mature or last answered right, of the topic's cards" in flat
    assert "studied of cards" in flat  # the deck columns are named
    assert f"longest 7 days to {today - timedelta(days=60):%a %d %b}" in flat
