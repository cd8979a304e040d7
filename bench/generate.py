"""Synthetic collections for the benchmarks: large YAML decks and a long review log.

    python bench/generate.py --cards 10000 --reviews 1000000

- ``decks(n)``: ``n`` study cards of every kind (basic, cloze, mcq, multi, numeric, truefalse,
  scenario with catalog service ids) in deck files of ``CARDS_PER_FILE`` cards each, valid per
  docs/deck-format.md and far under the 8 MiB per-file limit.
- ``database(n, r)``: a progress database synced from those decks (plus the bundled content,
  exactly as ``kinesis-tutor --deck-dir DECKS`` sees them) holding ``r`` reviews spread over
  ``DAYS`` days, inserted straight into SQLite. The scheduled reviews are an SM-2 simulation,
  so every ``card_state`` row is what ``db check`` replays from the log; in-session repeats,
  cram and pick answers (unscheduled) fill each day up to its share of ``r``.

Everything is cached under ``bench/.data/`` (gitignored), keyed by size and by
``GENERATOR_VERSION`` and the schema version, so a rerun only copies files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / ".data"
if str(ROOT) not in sys.path:  # run from a fresh clone without installing: use this tree
    sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 1
CARDS_PER_FILE = 500
DAYS = 730  # about two years of history
SKIP_DAY_SHARE = 0.08  # days without any study (streaks are broken now and then)
KIND_WEIGHTS = {"basic": 25, "cloze": 15, "mcq": 20, "multi": 10, "numeric": 10, "truefalse": 10, "scenario": 10}

WORDS = [
    "shard",
    "stream",
    "record",
    "partition",
    "key",
    "sequence",
    "number",
    "consumer",
    "producer",
    "retention",
    "replay",
    "ordering",
    "throughput",
    "capacity",
    "buffer",
    "batch",
    "delivery",
    "destination",
    "bucket",
    "queue",
    "message",
    "topic",
    "subscriber",
    "fan-out",
    "latency",
    "window",
    "checkpoint",
    "lease",
    "iterator",
    "encryption",
    "endpoint",
    "policy",
    "role",
    "metric",
    "alarm",
    "backpressure",
    "throttling",
    "quota",
    "limit",
    "region",
    "account",
    "schema",
    "format",
    "conversion",
    "compression",
    "transform",
    "function",
    "trigger",
    "event",
    "rule",
    "target",
    "archive",
    "snapshot",
    "state",
    "operator",
    "application",
    "cluster",
    "broker",
    "offset",
    "group",
    "visibility",
    "timeout",
    "duplicate",
    "idempotent",
    "exactly",
    "once",
    "at",
    "least",
    "aggregation",
    "deaggregation",
    "library",
    "agent",
    "connector",
    "pipeline",
    "warehouse",
    "lake",
    "table",
    "query",
]
TAGS = [f"topic-{i:02d}" for i in range(40)]
UNITS = ["MB/s", "KB/s", "records", "shards", "hours", "days", "KB", "MB", "ms", "seconds", "consumers", "%"]


def _home() -> Path:
    """The KINESIS_TUTOR_HOME of every benchmark run; it never has a decks/ folder."""
    home = DATA / "home"
    home.mkdir(parents=True, exist_ok=True)
    return home


def deck_dirs(decks_dir: Path, db: Path) -> list[Path]:
    """The deck folders ``kinesis-tutor --db DB --deck-dir DECKS`` reads (bundled content first)."""
    from kinesis_tutor.app.paths import Paths

    return Paths(home=_home(), db=db, extra_deck_dirs=(decks_dir,)).deck_dirs()


# ------------------------------------------------------------------------------ decks


def _catalog_ids() -> list[str]:
    import yaml

    from kinesis_tutor.app.paths import content_dir

    data = yaml.safe_load((content_dir() / "catalog.yaml").read_text(encoding="utf-8"))
    return [s["id"] for s in data["services"]]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, rng: random.Random, services: list[str], scale: float = 1.0):
        self.rng = rng
        self.services = services
        self.scale = scale  # < 1: shorter texts (a single file of 20,000 cards stays under 8 MiB)

    def words(self, lo: int, hi: int) -> str:
        lo, hi = max(1, round(lo * self.scale)), max(1, round(hi * self.scale))
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))

    def sentence(self, lo: int = 8, hi: int = 18) -> str:
        s = self.words(lo, hi)
        return s[0].upper() + s[1:] + "."

    def card(self, kind: str, card_id: str) -> list[str]:
        r = self.rng
        out = [f"  - id: {card_id}", f"    kind: {kind}"]
        if r.random() < 0.6:
            out.append(f"    tags: [{', '.join(r.sample(TAGS, r.randint(1, 3)))}]")
        if kind == "basic":
            out += [f"    front: {_q(self.sentence(6, 14)[:-1] + '?')}", f"    back: {_q(self.sentence(8, 24))}"]
        elif kind == "cloze":
            a, b = self.words(1, 2), self.words(1, 3)
            out.append(f"    text: {_q(f'{self.words(4, 10)} {{{{c1::{a}}}}} {self.words(3, 8)} {b}.')}")
        elif kind == "mcq":
            choices = list(dict.fromkeys(self.words(2, 4) for _ in range(4)))
            while len(choices) < 4:
                choices.append(f"{self.words(2, 4)} {len(choices)}")
            out += [f"    question: {_q(self.sentence(8, 16)[:-1] + '?')}", "    choices:"]
            out += [f"      - {_q(c)}" for c in choices]
            out.append(f"    answer: {_q(r.choice(choices))}")
        elif kind == "multi":
            choices = list(dict.fromkeys(self.words(1, 3) for _ in range(5)))
            while len(choices) < 5:
                choices.append(f"{self.words(1, 3)} {len(choices)}")
            out += [
                f"    question: {_q('Which TWO: ' + self.sentence(6, 12)[:-1] + '?')}",
                f"    choices: [{', '.join(_q(c) for c in choices)}]",
                f"    answers: [{', '.join(_q(c) for c in r.sample(choices, 2))}]",
            ]
        elif kind == "numeric":
            unit = r.choice(UNITS)
            out += [
                f"    question: {_q('How many ' + self.words(4, 10) + '?')}",
                f"    answer: {_q(f'{r.randint(1, 5000)} {unit}')}",
            ]
            if r.random() < 0.3:
                out.append(f"    tolerance: {_q(r.choice(['5%', '10%', '1']))}")
        elif kind == "truefalse":
            out += [
                f"    statement: {_q(self.sentence(8, 18))}",
                f"    answer: {'true' if r.random() < 0.5 else 'false'}",
            ]
        elif kind == "scenario":
            options = r.sample(self.services, 4)
            answer = r.choice(options)
            situation = self.sentence(20, 40)
            clues = list(dict.fromkeys(r.sample(situation[:-1].lower().split(), 2)))
            out += [
                f"    situation: {_q(situation)}",
                f"    options: [{', '.join(options)}]",
                f"    answer: {answer}",
                f"    clues: [{', '.join(_q(c) for c in clues)}]",
                f"    why: {_q(self.sentence(8, 16))}",
                "    why_not:",
            ]
            out += [f"      {o}: {_q(self.sentence(6, 14))}" for o in options if o != answer]
        out.append(f"    explanation: {_q(self.sentence(15, 40))}")
        if r.random() < 0.2:
            out.append(f"    source: https://docs.example.invalid/{self.rng.choice(WORDS)}/{card_id}")
        return out


def decks(n_cards: int, per_file: int = CARDS_PER_FILE) -> Path:
    """A folder of deck files holding ``n_cards`` study cards in all, ``per_file`` a file (cached)."""
    folder = DATA / (f"decks-{n_cards}" if per_file == CARDS_PER_FILE else f"decks-{n_cards}-by-{per_file}")
    stamp = folder / ".complete"
    if stamp.is_file() and stamp.read_text() == f"{GENERATOR_VERSION}\n":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")  # two runs at once each write their own
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    rng = random.Random(f"decks-{n_cards}" if per_file == CARDS_PER_FILE else f"decks-{n_cards}-by-{per_file}")
    writer = _Writer(rng, _catalog_ids(), 1.0 if per_file <= CARDS_PER_FILE else 0.3)
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    files = (n_cards + per_file - 1) // per_file
    made = 0
    for f in range(files):
        count = min(per_file, n_cards - made)
        deck_id = f"bench-{f:04d}"
        lines = [
            "format_version: 1",
            f"id: {deck_id}",
            f"title: Benchmark deck {f + 1} of {files}",
            f"description: {_q(writer.sentence())}",
            f"tags: [bench, {rng.choice(TAGS)}]",
            "cards:",
        ]
        for i in range(count):
            lines += writer.card(rng.choices(kinds, weights)[0], f"c{i:05d}")
            lines.append("")
        text = "\n".join(lines)
        assert len(text.encode()) < 8 * 1024 * 1024, "a deck file over the 8 MiB limit"
        (tmp / f"{deck_id}.yaml").write_text(text, encoding="utf-8")
        made += count
    (tmp / ".complete").write_text(f"{GENERATOR_VERSION}\n")
    try:
        tmp.rename(folder)
    except OSError:  # another run finished first: keep its copy (the same content)
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


# ------------------------------------------------------------------------------ the review log


def _ts(rng: random.Random, day: date) -> str:
    """A moment during study day ``day`` (local 08:00–23:00), stored as the Store stores it."""
    local = datetime(day.year, day.month, day.day, 8, 0).astimezone() + timedelta(seconds=rng.randint(0, 15 * 3600 - 1))
    return local.astimezone(UTC).isoformat(timespec="milliseconds")


def _budgets(rng: random.Random, n_reviews: int, days: int) -> list[int]:
    """Answers per day, summing to ``n_reviews``; some days are skipped, some are busier."""
    weights = [0.0 if rng.random() < SKIP_DAY_SHARE else rng.uniform(0.4, 1.6) for _ in range(days)]
    weights[-1] = weights[-1] or 1.0  # studied yesterday: a current streak
    total = sum(weights)
    out = [int(n_reviews * w / total) for w in weights]
    short = n_reviews - sum(out)
    i = 0
    while short > 0:
        if weights[i % days]:
            out[i % days] += 1
            short -= 1
        i += 1
    return out


def simulate(cards: list[tuple[int, str]], n_reviews: int, days: int, seed: str, states: dict):
    """SM-2 history of ``cards`` ((pk, kind) pairs): yields (day, review rows) with the rows as
    tuples in REVIEW_COLUMNS order, and leaves every card's final state in ``states``:
    pk -> CardState (the store's own rule: ``apply_review``)."""
    from kinesis_tutor.core import sm2 as scheduler
    from kinesis_tutor.core.review import apply_review

    rng = random.Random(seed)
    today = date.today()
    first = today - timedelta(days=days)  # the last simulated day is yesterday
    budgets = _budgets(rng, n_reviews, days)
    # Most cards are introduced over the two years; the last tenth are still new today.
    introduce = max(1, int(len(cards) * 0.9))
    new_per_day = max(1, -(-introduce // days))
    difficulty = {pk: rng.uniform(0.03, 0.3) for pk, _ in cards}
    scenario_pks = [pk for pk, kind in cards if kind == "scenario"] or [pk for pk, _ in cards]
    due: dict[date, list[int]] = {}
    overdue: list[int] = []
    next_new = 0
    seen: list[int] = []

    def quality(pk: int) -> int:
        if rng.random() < difficulty[pk]:
            return rng.choice((0, 1, 2, 2))
        return rng.choice((3, 4, 4, 4, 5, 5))

    def row(pk, day, ts, q, kind, scheduled, before, after, correct):
        return (
            pk,
            ts,
            day.isoformat(),
            q,
            kind,
            scheduled,
            rng.randint(1500, 40000),
            None,
            correct,
            *(before or (None, None, None, None)),
            *(after or (None, None, None, None)),
        )

    def snap(st):
        return (st.easiness, st.interval, st.repetitions, st.due_day)

    for offset in range(days):
        day = first + timedelta(days=offset)
        budget = budgets[offset]
        overdue.extend(due.pop(day, []))
        if not budget:
            continue
        rows = []
        moments = sorted(_ts(rng, day) for _ in range(budget))
        queue: list[tuple[int, str]] = []
        overdue = [pk for pk in overdue if not states[pk].suspended and states[pk].due_day <= day.isoformat()]
        overdue.sort(key=lambda pk: (states[pk].due_day, pk))
        take = overdue[: max(0, budget // 2)]
        overdue = overdue[len(take) :]
        queue += [(pk, "review") for pk in take]
        while next_new < introduce and sum(1 for _, k in queue if k == "new") < new_per_day:
            queue.append((cards[next_new][0], "new"))
            next_new += 1
        for pk, kind in queue:
            if len(rows) >= budget:
                if kind == "review":
                    overdue.append(pk)  # not reached today
                continue
            st = states.get(pk)
            before = snap(st) if st else None
            q = quality(pk)
            ts = moments[len(rows)]
            new_state = apply_review(st, q, day, ts)
            due_day = date.fromisoformat(new_state.due_day)
            states[pk] = new_state
            if st is None:
                seen.append(pk)
            rows.append(row(pk, day, ts, q, kind, 1, before, snap(new_state), int(q >= scheduler.PASS)))
            if not new_state.suspended:
                due.setdefault(due_day, []).append(pk)
            if q < scheduler.REPEAT_BELOW and len(rows) < budget:  # SM-2 step 7: asked again the same day
                rq = rng.choice((3, 4, 4, 5))
                s = snap(new_state)
                rows.append(row(pk, day, moments[len(rows)], rq, "repeat", 0, s, s, 1))
        while len(rows) < budget and seen:  # the rest of the day: cram, and the scenario picker
            if rng.random() < 0.25:
                pk, kind = rng.choice(scenario_pks), "pick"
            else:
                pk, kind = rng.choice(seen), "cram"
            st = states.get(pk)
            s = snap(st) if st else None
            q = rng.choice((1, 4, 4, 4)) if kind == "pick" else quality(pk)
            rows.append(row(pk, day, moments[len(rows)], q, kind, 0, s, s, int(q >= 3)))
        yield day, rows


REVIEW_COLUMNS = (
    "card",
    "ts",
    "day",
    "quality",
    "kind",
    "scheduled",
    "duration_ms",
    "response",
    "correct",
    "ease_before",
    "interval_before",
    "reps_before",
    "due_before",
    "ease_after",
    "interval_after",
    "reps_after",
    "due_after",
)


def _fill(db: Path, n_reviews: int, days: int, seed: str) -> None:
    from kinesis_tutor.core.profiles import login_name

    me = login_name()  # the progress of whoever runs the bench: the profile its commands read
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        cards = [
            (pk, kind)
            for pk, kind in conn.execute(
                "SELECT id, kind FROM cards"
                " WHERE removed_at IS NULL AND content IS NOT NULL AND deck_id LIKE 'bench-%' ORDER BY id"
            )
        ]
        marks = ", ".join("?" * len(REVIEW_COLUMNS))
        insert = f"INSERT INTO reviews (profile, session, {', '.join(REVIEW_COLUMNS)}) VALUES (?, ?, {marks})"
        states: dict[int, Any] = {}
        for _day, rows in simulate(cards, n_reviews, days, seed, states):
            if not rows:
                continue
            started, ended = rows[0][1], rows[-1][1]
            session = conn.execute(
                "INSERT INTO sessions (kind, started_at, ended_at, filters, profile) VALUES ('study', ?, ?, '{}', ?)",
                (started, ended, me),
            ).lastrowid
            conn.executemany(insert, [(me, session, *r) for r in rows])
        conn.executemany(
            "INSERT INTO card_state (card, easiness, interval, repetitions, due_day,"
            " lapses, reviews, last_review, last_quality, suspended, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    pk,
                    st.easiness,
                    st.interval,
                    st.repetitions,
                    st.due_day,
                    st.lapses,
                    st.reviews,
                    st.last_review,
                    st.last_quality,
                    int(st.suspended),
                    me,
                )
                for pk, st in sorted(states.items())
            ],
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def database(n_cards: int, n_reviews: int, days: int = DAYS) -> Path:
    """A synced database of ``n_cards`` bench cards and ``n_reviews`` answers (cached).
    Copy it before writing to it."""
    from kinesis_tutor.app.sync import sync
    from kinesis_tutor.store import migrations, open_store

    folder = decks(n_cards)
    path = DATA / f"db-{n_cards}c-{n_reviews}r-{days}d-s{migrations.SCHEMA_VERSION}-g{GENERATOR_VERSION}.db"
    if path.is_file():
        return path
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    store = open_store(tmp)
    try:
        report = sync(store, deck_dirs(folder, path))
        if report.problems:
            raise SystemExit("generated decks have problems:\n" + "\n".join(map(str, report.problems[:20])))
    finally:
        store.close()
    _fill(tmp, n_reviews, days, f"log-{n_cards}-{n_reviews}")
    for p in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    os.replace(tmp, path)  # atomic; a run that finished first is replaced by an equal file
    return path


def checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the file, so that a plain file copy is complete."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_db(src: Path, dst: Path) -> Path:
    """A private copy of a cached database (the cache itself is never written to)."""
    for p in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=DAYS)
    args = parser.parse_args(argv)
    os.environ["KINESIS_TUTOR_HOME"] = str(_home())
    t = time.perf_counter()
    folder = decks(args.cards)
    print(f"decks    {folder}  ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    db = database(args.cards, args.reviews, args.days)
    print(f"database {db}  ({time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
