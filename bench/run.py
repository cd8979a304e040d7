"""The benchmarks of issue 9: start-up, first card, answer latency, sync, stats and memory.

    python bench/run.py            # full sizes (10,000 / 100,000 cards, 1,000,000 reviews)
    python bench/run.py --quick    # small sizes, 1-2 runs: a smoke run that asserts no times

Prints one table: figure, measured, baseline, ratio, target, verdict. Machines are noisy, so
every time is also shown against a baseline measured in the same run, interleaved with it
(baseline, measure, baseline, measure, ...); times are medians, ratios the median of the
per-pair ratios. A target is either a ratio or an absolute figure, as the issue sets it; the
verdict compares whichever the target names. The synthetic collections come from
``bench/generate.py`` and are cached under ``bench/.data/``.

Exit status: 0 (also when a target is missed; ``--strict`` makes a miss exit 1), 2 if a
figure could not be measured at all.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

PY = sys.executable
FIRST_CARD = re.compile(r"Your answer|Think of the answer|Which service fits best|Choose \d+:|Press Enter")
HEAVY_IMPORTS = "import sqlalchemy.orm, questionary, typer, rich"
MAXRSS_WRAPPER = (  # Ctrl-C reaches the whole process group: the wrapper catches it and waits
    "import resource, signal, subprocess, sys\n"
    "signal.signal(signal.SIGINT, lambda *_: None)\n"  # a handler, not SIG_IGN: the child gets the default back
    "code = subprocess.call(sys.argv[1:])\n"
    "kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "kb = kb // 1024 if sys.platform == 'darwin' else kb\n"  # bytes on macOS, KiB elsewhere
    "print(f'MAXRSS_KB={kb}', flush=True)\n"
    "sys.exit(code)\n"
)


@dataclass
class Sizes:
    cards_small: int  # "10,000 cards": first card, sync
    cards_large: int  # "100,000 cards": answer latency, memory
    reviews: int
    reps: int  # runs of each subprocess figure
    answers: int  # answers timed for the median
    sync_reps: int
    first_sync_reps: int
    cards_single: int = 20_000  # the one-file deck of the edit figure
    edit_reps: int = 3


FULL = Sizes(
    cards_small=10_000, cards_large=100_000, reviews=1_000_000, reps=9, answers=400, sync_reps=21, first_sync_reps=3
)
QUICK = Sizes(
    cards_small=500,
    cards_large=500,
    reviews=20_000,
    reps=2,
    answers=40,
    sync_reps=2,
    first_sync_reps=1,
    cards_single=1_000,
    edit_reps=1,
)


@dataclass
class Row:
    figure: str
    measured: str = "—"
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    verdict: str = "—"
    note: str = ""


# ------------------------------------------------------------------------------ helpers


def exe() -> list[str]:
    """The installed console script of this environment, or ``python -m kinesis_tutor``."""
    script = Path(PY).parent / "kinesis-tutor"
    return [str(script)] if script.exists() else [PY, "-m", "kinesis_tutor"]


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("KINESIS_TUTOR")}
    out.update(
        {
            "KINESIS_TUTOR_HOME": str(generate._home()),
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "LINES": "40",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(generate.ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    return out


def ms(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else ms(seconds)


def paired(measure: Callable[[], float], baseline: Callable[[], float], reps: int) -> tuple[float, float, float]:
    """(median measure, median baseline, median of per-pair ratios), interleaved."""
    ms_, bs, rs = [], [], []
    for _ in range(reps):
        b = baseline()
        m = measure()
        ms_.append(m)
        bs.append(b)
        rs.append(m / b if b > 0 else float("inf"))
    return statistics.median(ms_), statistics.median(bs), statistics.median(rs)


def run_timed(cmd: list[str], expect: str | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env(), text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or (expect and expect not in proc.stdout):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def verdict(value: float, limit: float, quick: bool) -> str:
    word = "ok" if value <= limit else "MISS"
    return f"{word} (quick)" if quick else word


# Syncs that may read decks run in a child process: loading decks leaves a lot behind in a
# process (see docs/performance.md), which would slow every later figure measured in this one.
SYNC_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import generate
from kinesis_tutor.store import open_store
from kinesis_tutor.app.sync import sync
import kinesis_tutor.decks.loader  # imported before the clock starts: the figure is the sync itself
db, decks = Path(sys.argv[2]), Path(sys.argv[3])
with open_store(db) as store:
    start = time.perf_counter()
    report = sync(store, generate.deck_dirs(decks, db))
    elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "skipped": report.skipped, "added": report.added,
                  "problems": [str(p) for p in report.problems[:5]]}))
"""
PARSE_CHILD = """
import sys, time, yaml
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
start = time.perf_counter()
for t in texts:
    yaml.load(t, Loader=loader)
print(time.perf_counter() - start)
"""


def in_child(code: str, *args: str) -> str:
    proc = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, env=env())
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def child_sync(db: Path, decks: Path) -> dict:
    import json

    return json.loads(in_child(SYNC_CHILD, str(generate.BENCH), str(db), str(decks)))


def fresh_copy(src: Path, work: Path, name: str, decks: Path) -> Path:
    """A private copy of a cached database, synced with ``decks`` (so that a start finds the
    decks unchanged even if the bundled content was edited since the cache was made)."""
    if not child_sync(src, decks)["skipped"]:  # the cache itself, so that a full re-sync happens once
        generate.checkpoint(src)
    dst = generate.copy_db(src, work / name)
    got = child_sync(dst, decks)
    assert got["skipped"], got
    return dst


# ------------------------------------------------------------------------------ figures


def fig_help(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    reps = max(sz.reps, 3) if not quick else sz.reps
    m, b, r = paired(
        lambda: run_timed([*exe(), "--help"], expect="Usage"),
        lambda: run_timed([PY, "-c", "import typer"]),
        reps * 2 if not quick else reps,
    )
    return [
        Row("`kinesis-tutor --help`", ms(m), f"{ms(b)} `import typer`", f"{r:.2f}×", "≤ 1.5×", verdict(r, 1.5, quick))
    ]


def _spawn(cmd: list[str]):
    import pexpect

    return pexpect.spawn(cmd[0], cmd[1:], env=env(), encoding="utf-8", dimensions=(40, 100), timeout=120)


def _first_card(cmd: list[str]) -> tuple[float, object]:
    start = time.perf_counter()
    child = _spawn(cmd)
    child.expect(FIRST_CARD)
    return time.perf_counter() - start, child


def _interrupt(child, until) -> None:
    """Ctrl-C ends the session on any prompt (a lone q only on a choice). A Ctrl-C that comes
    while the prompt is still being set up can be lost, so send it again until ``until`` shows."""
    import pexpect

    for _ in range(20):
        child.sendintr()
        if child.expect([until, pexpect.TIMEOUT], timeout=3) == 0:
            return
    raise RuntimeError("the session did not end on Ctrl-C")


def _quit(child) -> None:
    import pexpect

    try:
        _interrupt(child, pexpect.EOF)
    finally:
        child.close(force=True)


def _pty_baseline() -> float:
    import pexpect

    start = time.perf_counter()
    child = _spawn([PY, "-c", HEAVY_IMPORTS])
    child.expect(pexpect.EOF)
    elapsed = time.perf_counter() - start
    child.close()
    return elapsed


def study_cmd(db: Path, decks: Path) -> list[str]:
    return [*exe(), "--db", str(db), "--deck-dir", str(decks), "study"]


def fig_first_card(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    decks = generate.decks(sz.cards_small)
    db = fresh_copy(generate.database(sz.cards_small, sz.reviews), work, "first-card.db", decks)

    def measure() -> float:
        elapsed, child = _first_card(study_cmd(db, decks))
        _quit(child)
        return elapsed

    m, b, r = paired(measure, _pty_baseline, sz.reps)
    what = f"first card of `study` in a pty ({sz.cards_small:,} cards, {sz.reviews:,} reviews)"
    return [Row(what, ms(m), f"{ms(b)} `{HEAVY_IMPORTS}`", f"{r:.2f}×", "≤ 1.3×", verdict(r, 1.3, quick))]


DOWN = "\x1b[B"


def answer_some(child, count: int) -> None:
    """Answer ``count`` cards of whatever kind they are (the first card is on screen)."""
    # The prompts' hints, worded as ui/prompts.py words them now or did before.
    start = [r"Think of the answer", r"Enter (?:to )?checks?", r"or a number|↑↓ and Enter", r"Choose (\d+):"]
    after = [r"How well did you know it", r"How was it", r"Press Enter to continue"]
    for _ in range(count):
        i = child.expect(start)
        if i == 0:
            child.send("\r")
        elif i == 1:
            child.send("x\r")
        elif i == 2:
            child.send("1")
        else:
            n = int(child.match.group(1))
            child.expect(r"Space (?:to )?ticks?")
            for _ in range(n):
                child.send(" ")
                child.send(DOWN)
            child.send("\r")
        j = child.expect(after)
        child.send("4" if j == 0 else "\r")
    child.expect(FIRST_CARD)


def _maxrss(cmd: list[str], answers: int) -> tuple[int, float]:
    """(peak RSS in KiB of ``cmd``, seconds to its first card), run under a wrapper that reads
    the child's ru_maxrss after it exits."""
    import pexpect

    wrapped = [PY, "-c", MAXRSS_WRAPPER, *cmd]
    elapsed, child = _first_card(wrapped)
    if answers:
        answer_some(child, answers)
    _interrupt(child, r"MAXRSS_KB=(\d+)")
    kb = int(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    return kb, elapsed


def _baseline_rss() -> int:
    out = subprocess.run(
        [PY, "-c", MAXRSS_WRAPPER, PY, "-c", HEAVY_IMPORTS], capture_output=True, text=True, env=env(), check=True
    )
    return int(re.search(r"MAXRSS_KB=(\d+)", out.stdout).group(1))


def fig_memory(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    decks = generate.decks(sz.cards_large)
    db = fresh_copy(generate.database(sz.cards_large, sz.reviews), work, "memory.db", decks)
    peaks, bases, firsts = [], [], []
    for _ in range(max(1, sz.reps // 3) if not quick else 1):
        bases.append(_baseline_rss())
        kb, first = _maxrss(study_cmd(db, decks), answers=3)
        peaks.append(kb)
        firsts.append(first)
    peak, base = statistics.median(peaks) / 1024, statistics.median(bases) / 1024
    rows = [
        Row(
            f"peak memory of `study`: first card + 3 answers ({sz.cards_large:,} cards)",
            f"{peak:.0f} MB",
            f"{base:.0f} MB `{HEAVY_IMPORTS}`",
            f"{peak / base:.2f}×",
            "≤ 150 MB",
            verdict(peak, 150, quick),
            note=f"first card in {ms(statistics.median(firsts))} (under the memory wrapper)",
        ),
    ]
    # The same session the day after one deck file was saved again: the start re-reads that
    # file only (sync compares files by size and mtime; a catalog or facts change reloads all).
    edited = sorted(decks.glob("*.yaml"))[0]
    st = edited.stat()
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    kb, first = _maxrss(study_cmd(db, decks), answers=3)
    changed = kb / 1024
    rows.append(
        Row(
            f"peak memory of `study` after a deck file changed ({sz.cards_large:,} cards)",
            f"{changed:.0f} MB",
            f"{base:.0f} MB `{HEAVY_IMPORTS}`",
            f"{changed / base:.2f}×",
            "≤ 150 MB",
            verdict(changed, 150, quick),
            note=f"first card in {secs(first)}, the re-read of the changed file included (under the memory wrapper)",
        )
    )
    return rows


def fig_answer(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    from sqlalchemy import text

    from kinesis_tutor.store import open_store

    decks = generate.decks(sz.cards_large)
    db = fresh_copy(generate.database(sz.cards_large, sz.reviews), work, "answer.db", decks)
    rng = random.Random(9)
    with open_store(db) as store:
        with store.engine.connect() as conn:
            pks = [
                r[0]
                for r in conn.execute(text("SELECT id FROM cards WHERE removed_at IS NULL AND content IS NOT NULL"))
            ]
        session = store.start_session("study")
        store.record(pks[0], 4, "review", scheduled=True, session=session)  # warm the pool and the caches

        def answer() -> float:
            pk = rng.choice(pks)
            start = time.perf_counter()
            store.record(pk, rng.choice((2, 3, 4, 4, 5)), "review", scheduled=True, session=session, duration_ms=1234)
            return time.perf_counter() - start

        def empty_commit() -> float:
            start = time.perf_counter()
            with store.engine.begin():
                pass
            return time.perf_counter() - start

        m, b, r = paired(answer, empty_commit, sz.answers)
        store.end_session(session)
    return [
        Row(
            f"one answer: `Store.record` (grade + commit), {sz.cards_large:,} cards",
            ms(m),
            f"{ms(b)} empty-transaction commit",
            f"{r:.2f}×",
            "≤ 2 ms",
            verdict(m, 0.002, quick),
        )
    ]


def _deck_files(dirs: list[Path]) -> list[Path]:
    out = []
    for d in dirs:
        if d.is_dir():
            out += [p for p in d.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")]
    return out


def fig_sync(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    from kinesis_tutor.app.sync import sync
    from kinesis_tutor.store import open_store

    decks = generate.decks(sz.cards_small)
    rows = []

    # First sync: an empty database, every deck file read, validated and inserted; each run in
    # a fresh process, as at a first start (the imports are not counted).
    files = _deck_files(generate.deck_dirs(decks, work / "x.db"))

    def first_sync() -> float:
        db = work / "first-sync.db"
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        got = child_sync(db, decks)
        assert not got["problems"] and got["added"] >= sz.cards_small, got
        return got["seconds"]

    def parse_all() -> float:
        return float(in_child(PARSE_CHILD, *map(str, files)))

    m, b, r = paired(first_sync, parse_all, sz.first_sync_reps)
    rows.append(
        Row(
            f"first deck sync ({sz.cards_small:,} cards, {len(files)} files)",
            secs(m),
            f"{secs(b)} YAML parse of the files (libyaml)",
            f"{r:.2f}×",
            "≤ 1.5×",
            verdict(r, 1.5, quick),
        )
    )

    # Nothing changed: the cached database is synced already; a fresh store per run, as at start-up.
    db = fresh_copy(generate.database(sz.cards_small, sz.reviews), work, "sync.db", decks)

    def unchanged() -> float:
        with open_store(db) as store:
            start = time.perf_counter()
            report = sync(store, generate.deck_dirs(decks, db))
            elapsed = time.perf_counter() - start
        assert report.skipped, report.summary()
        return elapsed

    def stat_all() -> float:
        start = time.perf_counter()
        for p in files:
            p.stat()
        return time.perf_counter() - start

    m, b, r = paired(unchanged, stat_all, sz.sync_reps)
    rows.append(
        Row(
            f"deck sync, nothing changed ({sz.cards_small:,} cards)",
            ms(m),
            f"{ms(b)} stat of the {len(files)} files",
            f"{r:.0f}×",
            "≤ 50 ms",
            verdict(m, 0.050, quick),
        )
    )
    return rows


def _edit_one_card(path: Path, n: int) -> None:
    """Change one card of the deck file at ``path`` (its explanation), as an author saving an edit does."""
    text = re.sub(r"\(bench edit \d+\) ", "", path.read_text(encoding="utf-8"))
    at = text.index('    explanation: "', text.index("  - id: c00123\n")) + len('    explanation: "')
    path.write_text(f"{text[:at]}(bench edit {n}) {text[at:]}", encoding="utf-8")


def _edit_rows(label: str, decks: Path, work: Path, reps: int, quick: bool, history: Path | None = None) -> Row:
    """Re-sync after one card of one file changed, against libyaml's parse of that file. The first
    edit of a file after the first sync also writes the file's memo of checked cards (app/deckcache.py):
    it is timed apart, in the row's note; the figure is an author's next edits. ``history``: a
    database with a review log to start from (a copy of it), instead of an empty one."""
    tag = f"{decks.name}-{history.stem}" if history is not None else decks.name
    folder = work / f"edit-{tag}"
    shutil.copytree(decks, folder)
    db = work / f"edit-{tag}.db"
    if history is not None:
        generate.copy_db(history, db)
    got = child_sync(db, folder)  # the first sync (of these files), not timed
    assert not got["problems"], got
    target = sorted(folder.glob("*.yaml"))[0]
    count = [0]

    def resync() -> float:
        count[0] += 1
        _edit_one_card(target, count[0])
        got = child_sync(db, folder)
        assert not got["skipped"] and not got["problems"], got
        return got["seconds"]

    def parse_changed() -> float:
        return float(in_child(PARSE_CHILD, str(target)))

    first_b = parse_changed()
    first = resync()
    m, b, r = paired(resync, parse_changed, reps)
    return Row(
        f"re-sync after one card edited: {label}",
        secs(m),
        f"{secs(b)} YAML parse of the changed file (libyaml)",
        f"{r:.2f}×",
        "≤ 1.5×",
        verdict(r, 1.5, quick),
        note=f"the first edit of the file after the first sync (its memo written): {secs(first)}, "
        f"{first / first_b:.2f}× its parse",
    )


def fig_edit(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    single = sz.cards_single
    return [
        _edit_rows(
            f"{single:,}-card single-file deck", generate.decks(single, per_file=single), work, sz.edit_reps, quick
        ),
        _edit_rows(
            f"{sz.cards_small:,} cards in files of {generate.CARDS_PER_FILE}",
            generate.decks(sz.cards_small),
            work,
            sz.edit_reps,
            quick,
        ),
        _edit_rows(  # the same, as a learner's collection: the first write waits for the damage check
            f"{sz.cards_small:,} cards in files of {generate.CARDS_PER_FILE}, {sz.reviews:,} reviews",
            generate.decks(sz.cards_small),
            work,
            sz.edit_reps,
            quick,
            history=generate.database(sz.cards_small, sz.reviews),
        ),
    ]


def stats_cli_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("kinesis_tutor.app.stats") is not None


def fig_stats(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    decks = generate.decks(sz.cards_small)
    db = fresh_copy(generate.database(sz.cards_small, sz.reviews), work, "stats.db", decks)
    rows = []
    what = f"{sz.reviews:,} reviews, {sz.cards_small:,} cards"
    try:
        from kinesis_tutor.store import open_store, stats

        collect = stats.collect
    except (ImportError, AttributeError) as exc:
        rows.append(
            Row(
                f"`stats.collect` in-process ({what})",
                note=f"not measured: kinesis_tutor.store.stats is not there yet ({exc})",
            )
        )
    else:

        def in_process() -> float:
            with open_store(db) as store:
                today = store.today()
                start = time.perf_counter()
                collect(store, today)
                return time.perf_counter() - start

        def noop_query() -> float:  # the floor: one connection, one trivial query
            from sqlalchemy import text

            with open_store(db) as store:
                start = time.perf_counter()
                with store.engine.connect() as conn:
                    conn.execute(text("SELECT count(*) FROM card_state")).scalar()
                return time.perf_counter() - start

        m, b, r = paired(in_process, noop_query, sz.reps)
        rows.append(
            Row(
                f"`stats.collect` in-process ({what})",
                secs(m),
                f"{ms(b)} open + one count(*)",
                f"{r:.0f}×",
                "≤ 0.5 s",
                verdict(m, 0.5, quick),
            )
        )

    if not stats_cli_available():
        rows.append(
            Row(
                f"`stats --json` beyond start-up ({what})",
                note="not measured: the stats command (commands/stats.py) is not there yet",
            )
        )
        return rows
    # Start-up of a database command: the imports (typer, SQLAlchemy, and pydantic, which typer
    # uses to convert parameters), opening the store and reading one table: `config list`.
    base = [*exe(), "--db", str(db), "--deck-dir", str(decks)]
    m, b, _ = paired(
        lambda: run_timed([*base, "stats", "--json"], expect="{"), lambda: run_timed([*base, "config", "list"]), sz.reps
    )
    beyond = m - b
    rows.append(
        Row(
            f"`stats --json` beyond start-up ({what})",
            secs(beyond),
            f"{ms(b)} `kinesis-tutor config list`",
            f"{m / b:.2f}× (whole run)",
            "≤ 0.5 s",
            verdict(beyond, 0.5, quick),
            note=f"whole run {secs(m)}",
        )
    )
    return rows


def fig_postgres(sz: Sizes, quick: bool, work: Path) -> list[Row]:
    """Issue 20: answer, first card and stats on PostgreSQL as ratios to SQLite (bench/postgres.py)."""
    import postgres

    return postgres.rows(sz, quick, work, sys.modules[__name__])


FIGURES: list[tuple[str, Callable[[Sizes, bool, Path], list[Row]]]] = [
    ("help", fig_help),
    ("first-card", fig_first_card),
    ("answer", fig_answer),
    ("sync", fig_sync),
    ("edit", fig_edit),
    ("stats", fig_stats),
    ("memory", fig_memory),
    ("postgres", fig_postgres),
]
ROW_NAMES = {  # what the smoke test looks for: one row per figure
    "help": "`kinesis-tutor --help`",
    "first-card": "first card of `study`",
    "answer": "one answer",
    "sync": ("first deck sync", "deck sync, nothing changed"),
    "edit": ("re-sync after one card edited: ", "re-sync after one card edited: ", "re-sync after one card edited: "),
    "stats": ("`stats.collect` in-process", "`stats --json` beyond start-up"),
    "memory": ("peak memory of `study`: first card", "peak memory of `study` after a deck file changed"),
    "postgres": ("PostgreSQL: one answer", "PostgreSQL: first card of `study`", "PostgreSQL: `stats --json`"),
}


# ------------------------------------------------------------------------------ output


def machine() -> str:
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
        mem = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
        mem = f"{int(mem) / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        mem = "RAM unknown"
    import sqlite3

    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs, {mem}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def table(rows: list[Row]) -> str:
    head = ("figure", "measured", "baseline", "ratio", "target", "verdict")
    cells = [head] + [(r.figure, r.measured, r.baseline, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(head))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kinesis-tutor benchmarks (issue 9)")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and 1-2 runs: a smoke run, verdicts only indicative"
    )
    parser.add_argument(
        "--only", action="append", default=[], help=f"run only these figures ({', '.join(n for n, _ in FIGURES)})"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    sz = QUICK if args.quick else FULL
    os.environ["KINESIS_TUTOR_HOME"] = str(generate._home())
    for key in ("KINESIS_TUTOR_DB", "KINESIS_TUTOR_DECKS"):
        os.environ.pop(key, None)
    print(f"kinesis-tutor benchmarks ({'quick' if args.quick else 'full'}) on {machine()}", flush=True)
    t = time.perf_counter()
    generate.database(sz.cards_small, sz.reviews)
    generate.database(sz.cards_large, sz.reviews)
    print(f"collections ready in {time.perf_counter() - t:.1f} s (cached under {generate.DATA})", flush=True)

    rows: list[Row] = []
    crashed = False
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=generate.DATA))
    try:
        for name, fn in FIGURES:
            if args.only and name not in args.only:
                continue
            t = time.perf_counter()
            try:
                got = fn(sz, args.quick, work)
            except Exception as exc:  # one broken figure must not hide the others
                crashed = True
                traceback.print_exc()
                names = ROW_NAMES[name] if isinstance(ROW_NAMES[name], tuple) else (ROW_NAMES[name],)
                got = [Row(n, verdict="ERROR", note=f"{type(exc).__name__}: {exc}") for n in names]
            rows += got
            print(f"  {name}: {time.perf_counter() - t:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    if crashed:
        return 2
    if args.strict and any(r.verdict.startswith("MISS") for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
