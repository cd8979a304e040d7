"""Bench rows of issue 20: one answer, the first card of ``study`` and ``stats --json`` on
PostgreSQL, each as a ratio to the same figure on SQLite measured in the same run, interleaved.

The server is the throwaway one of the tests (``tests/pg.py``: the ``pgserver`` wheel of the test
extra, or the machine's ``initdb``), on a Unix socket; the collection is the SQLite one of the
other figures, moved with ``db copy``. No target is set: the ratios say what a server costs.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
NAMES = (
    "PostgreSQL: one answer",
    "PostgreSQL: first card of `study`",
    "PostgreSQL: `stats --json`",
)


def rows(sz, quick: bool, work: Path, run: ModuleType) -> list:
    """The three rows; ``run`` is bench/run.py (its Row, timing helpers and collections)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import pg

        server = pg.start_server()
    except Exception as exc:  # no server binaries or no driver: say so, measure the rest
        return [run.Row(n, note=f"not measured: no PostgreSQL server ({exc})") for n in NAMES]
    try:
        decks = run.generate.decks(sz.cards_small)
        lite = run.fresh_copy(run.generate.database(sz.cards_small, sz.reviews), work, "pg-source.db", decks)
        url = server.url(server.new_database())
        from kinesis_tutor.app.dbcopy import copy

        copy(str(lite), url)
        what = f"{sz.reviews:,} reviews, {sz.cards_small:,} cards"
        return [
            _answer(run, sz, quick, lite, url, what),
            _first_card(run, sz, quick, lite, url, decks, what),
            _stats(run, sz, quick, lite, url, decks, what),
        ]
    finally:
        server.stop()


def _row(run: ModuleType, name: str, what: str, pg: float, lite: float, ratio: float, fmt) -> object:
    return run.Row(f"{name} ({what})", fmt(pg), f"{fmt(lite)} on SQLite", f"{ratio:.2f}×", "—", "—")


def _answer(run: ModuleType, sz, quick: bool, lite: Path, url: str, what: str):
    from kinesis_tutor.store import open_store

    with open_store(url) as on_server, open_store(lite) as on_file:
        pks = [i.pk for i in on_file.items()][:200]
        rng = random.Random(20)

        def timer(store):
            def one() -> float:
                start = time.perf_counter()
                store.record(rng.choice(pks), rng.choice((3, 4, 5)), "review", scheduled=True)
                return time.perf_counter() - start

            return one

        timer(on_server)(), timer(on_file)()  # warm both pools
        m, b, r = run.paired(timer(on_server), timer(on_file), sz.answers)
    return _row(run, NAMES[0], what, m, b, r, run.ms)


def _first_card(run: ModuleType, sz, quick: bool, lite: Path, url: str, decks: Path, what: str):
    run.child_sync(lite, decks)  # both start with the decks unchanged

    def measure(db) -> float:
        elapsed, child = run._first_card(run.study_cmd(db, decks))
        run._quit(child)
        return elapsed

    measure(url)  # the first start on the server syncs the decks' file records
    m, b, r = run.paired(lambda: measure(url), lambda: measure(lite), sz.reps)
    return _row(run, NAMES[1], what, m, b, r, run.ms)


def _stats(run: ModuleType, sz, quick: bool, lite: Path, url: str, decks: Path, what: str):
    def measure(db) -> float:
        return run.run_timed([*run.exe(), "--db", str(db), "--deck-dir", str(decks), "stats", "--json"], expect="{")

    m, b, r = run.paired(lambda: measure(url), lambda: measure(lite), sz.reps)
    return _row(run, NAMES[2], what, m, b, r, run.secs)
