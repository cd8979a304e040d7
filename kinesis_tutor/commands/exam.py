"""kinesis-tutor exam: a timed mock exam, and --history of past attempts.

The answers are held in memory while the exam runs (answer in any order, change them) and
logged at submit, the final answer to each question, as kind ``exam`` with ``scheduled = 0``:
the SM-2 schedule is not touched. The attempt is stored in ``exam_attempts``. Ctrl-C or the
end of the time submits what was answered.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import TutorError

SPARK = "▁▂▃▄▅▆▇█"


def run(
    paths: Paths,
    *,
    questions: int,
    minutes: float,
    tags: list[str],
    history: bool,
    screen=None,
    prompter=None,
    rng: random.Random | None = None,
) -> None:
    recovered = recover(paths)
    if history:
        if recovered:
            from kinesis_tutor.ui.render import console as get_console

            get_console().print(recovered)
        show_history(paths)
        return
    from kinesis_tutor.ui.prompts import require_terminal

    if screen is None:
        require_terminal("kinesis-tutor exam")
    from kinesis_tutor.app.sync import open_synced
    from kinesis_tutor.core import exam, studyday
    from kinesis_tutor.store.progress import iso
    from kinesis_tutor.ui import exam_screen
    from kinesis_tutor.ui.render import console as get_console
    from kinesis_tutor.ui.render import report_deck_problems

    console = get_console()
    if recovered:
        console.print(recovered)
    store = open_synced(paths, report_deck_problems)
    items = store.items(tags=tags, kinds=exam.EXAM_KINDS)
    drawn = exam.draw(items, questions, rng=rng or random.Random(), tags=tags)
    if not drawn.questions:
        what = f" with the tag {', '.join(tags)}" if tags else ""
        raise TutorError(
            f"no scenario, multiple-choice, choose-several or true/false card{what}: nothing to draw an exam from",
            exit_code=2,
        )
    screen = screen or exam_screen.ExamScreen(console)
    if not screen.intro(len(drawn.questions), minutes, drawn.message()):
        console.print("No exam this time.")
        return
    session = store.start_session("exam", {"tags": tags, "questions": questions, "minutes": minutes})
    started_at = iso(studyday.utcnow())
    sitting = exam.Exam(drawn.questions, minutes * 60, clock=exam_clock())
    draft = Draft(draft_path(paths), {"session": session, "started_at": started_at, "minutes": minutes, "tags": tags})
    sitting.on_change = draft.write
    draft.write(sitting)
    try:
        how = screen.run(sitting)
    except KeyboardInterrupt:
        how = exam_screen.INTERRUPT
    with _no_interrupt():
        result = sitting.submit(timed_out=how == exam_screen.TIMEOUT)
        save(store, session, result, started_at=started_at, minutes=minutes, tags=tags)
        store.end_session(session)
        draft.remove()
    console.clear()
    if result.timed_out:
        console.print("[bold yellow]Time is up:[/] the exam was submitted with your answers so far.")
    elif how == exam_screen.INTERRUPT:
        console.print("[bold yellow]Interrupted:[/] the exam was submitted with your answers so far.")
    print_result(console, result)
    walk_through(console, result, prompter)


def exam_clock() -> Callable[[], float]:
    """The exam's clock: ``time.monotonic``, moved on by the seconds written in the file that
    ``KINESIS_TUTOR_CLOCK_SKIP`` names. A seam for tests: they run the time out without waiting."""
    skip = os.environ.get("KINESIS_TUTOR_CLOCK_SKIP")
    if not skip:
        return time.monotonic
    skip_file = Path(skip)

    def clock() -> float:
        try:
            return time.monotonic() + float(skip_file.read_text(encoding="utf-8") or 0)
        except (OSError, ValueError):
            return time.monotonic()

    return clock


def draft_path(paths: Paths) -> Path:
    """Where a sitting in progress is kept, next to the database it belongs to."""
    return paths.db.with_name(paths.db.name + ".exam-in-progress.json")


class Draft:
    """The sitting in progress on disk, rewritten (atomically) after every answer or flag, so
    that a killed process loses no answer: the next ``exam`` submits it."""

    def __init__(self, path: Path, meta: dict):
        self.path, self.meta = path, meta

    def write(self, sitting) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({**self.meta, **sitting.snapshot()}), encoding="utf-8")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def recover(paths: Paths) -> str | None:
    """Submit a sitting that a killed process left behind; a line saying so, or None."""
    path = draft_path(paths)
    if not path.exists():
        return None
    from kinesis_tutor.core import exam
    from kinesis_tutor.store import open_store

    try:
        snap = json.loads(path.read_text(encoding="utf-8"))
        with open_store(paths.db) as store:
            cards = {}
            for q in snap["questions"]:
                try:
                    cards[q["pk"]] = store.item(q["pk"]).card
                except TutorError:
                    continue
            minutes = float(snap["minutes"])
            sitting = exam.Exam.from_snapshot(snap, cards, minutes * 60)
            result = sitting.submit()
            save(
                store,
                snap.get("session"),
                result,
                started_at=snap["started_at"],
                minutes=minutes,
                tags=snap.get("tags", []),
            )
            if snap.get("session"):
                store.end_session(snap["session"])
    except (ValueError, KeyError, TypeError) as exc:
        path.unlink(missing_ok=True)
        return f"[yellow]An interrupted exam could not be recovered ({exc}); it was discarded.[/]"
    path.unlink(missing_ok=True)
    return (
        f"[yellow]Your last exam was interrupted before it was submitted; it has been submitted with its "
        f"{len(sitting.answers)} answer{'s' if len(sitting.answers) != 1 else ''}: {result.score} / 1000.[/]"
    )


@contextmanager
def _no_interrupt():
    """Ctrl-C waits while the attempt is written (it could otherwise be half saved)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def response_text(given) -> str | None:
    if given is None or given == ():
        return None
    return given if isinstance(given, str) else "; ".join(given)


def save(store, session: int | None, result, *, started_at: str, minutes: float, tags: list[str], now=None) -> int:
    """Log the final answer to each answered question (kind exam, schedule untouched) and store
    the attempt. Returns the attempt's id."""
    from sqlalchemy import insert

    from kinesis_tutor.core import grading, studyday
    from kinesis_tutor.store import schema as s
    from kinesis_tutor.store.progress import iso

    for o in result.outcomes:
        if not o.answered:
            continue
        quality = grading.quality_for(o.correct)
        store.record(
            o.question.pk,
            quality,
            "exam",
            scheduled=False,
            session=session,
            duration_ms=int(o.seconds * 1000),
            response=response_text(o.given),
            correct=o.correct,
            now=now,
        )
    detail = {
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
    with store.engine.begin() as conn:
        return conn.execute(
            insert(s.exam_attempts).values(
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
        ).inserted_primary_key[0]


# ------------------------------------------------------------------------------------ results


def result_renderable(result):
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.core import exam

    verdict = Text("PASS", style="bold green") if result.passed else Text("FAIL", style="bold red")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(
        "Score",
        Text.assemble(
            (f"{result.score}", "bold"), f" / {exam.MAX_SCORE}   ", verdict, f"  (pass mark {exam.PASS_MARK})"
        ),
    )
    grid.add_row("Right", f"{result.correct} of {result.total} ({result.correct / result.total:.0%})")
    used = exam.clock_text(result.seconds_used)
    grid.add_row(
        "Time", f"{used} of {exam.clock_text(result.limit_seconds)}" + ("  (time ran out)" if result.timed_out else "")
    )
    unanswered = len(result.unanswered)
    flagged = sum(1 for o in result.outcomes if o.flagged)
    if unanswered or flagged:
        grid.add_row("Unanswered", f"{unanswered} (counted wrong) · {flagged} flagged")
    note = Text("AWS scales scores non-linearly; this linear score is an approximation.", style="dim")

    topics = Table(
        title="By topic", title_justify="left", title_style="bold", box=None, padding=(0, 1), show_edge=False
    )
    topics.add_column("Topic", no_wrap=True, overflow="ellipsis", max_width=28)
    topics.add_column("Right", justify="right", no_wrap=True)
    topics.add_column("", justify="right", no_wrap=True)
    topics.add_column("", no_wrap=True)
    for t in result.by_topic():
        bar = "█" * round(t.share * 10) + "░" * (10 - round(t.share * 10))
        style = "green" if t.share >= exam.PASS_MARK / exam.MAX_SCORE else ("yellow" if t.share >= 0.5 else "red")
        topics.add_row(t.topic, f"{t.correct}/{t.total}", f"{t.share:.0%}", Text(bar, style=style))
    title = Text.assemble("Mock exam: ", verdict)
    return Group(
        Panel(
            Group(grid, note),
            title=title,
            title_align="left",
            border_style="green" if result.passed else "red",
            padding=(0, 2),
        ),
        topics,
    )


def print_result(console, result) -> None:
    console.print(result_renderable(result))


def walk_through(console, result, prompter=None) -> None:
    """Each wrong (or unanswered) question with the right answer and its explanation."""
    from kinesis_tutor.ui import render
    from kinesis_tutor.ui.prompts import Command, TerminalPrompter

    wrong = result.wrong
    console.print()
    if not wrong:
        console.print("[bold green]No wrong answer to go through.[/]")
        return
    prompter = prompter or TerminalPrompter()
    n = len(wrong)
    choice = prompter.choose(
        f"{n} wrong answer{'s' if n != 1 else ''}:",
        [("Go through them with the explanations", True), ("Finish", False)],
        instruction="(↑↓ and Enter, or a number · q finish)",
    )
    if choice is not True:
        return
    for k, o in enumerate(wrong, 1):
        console.clear()
        unanswered = " (not answered)" if not o.answered else ""
        console.print(
            f"[bold]Wrong answer {k} of {n}[/] — question {o.question.number}{unanswered} · {o.question.topic}"
        )
        console.print(render.question_panel(o.question.card))
        chosen = o.given if isinstance(o.given, str) else None
        console.print(
            render.answer_panel(o.question.card, False, o.question.shown(o.given) if o.answered else "", chosen=chosen)
        )
        if k == n:
            break
        more = prompter.choose(
            "Next?", [("Next wrong answer", True), ("Finish", False)], instruction="(Enter · q finish)"
        )
        if more is False or more is Command.QUIT:
            return
    console.print("[dim]That was all. 'kinesis-tutor exam --history' shows your attempts.[/]")


# ------------------------------------------------------------------------------------ history


def attempts(store) -> list:
    from sqlalchemy import select

    from kinesis_tutor.store import schema as s

    with store.reader.connect() as conn:
        return list(conn.execute(select(s.exam_attempts).order_by(s.exam_attempts.c.id)))


def sparkline(scores: list[int]) -> str:
    from kinesis_tutor.core import exam

    span = exam.MAX_SCORE - exam.MIN_SCORE
    return "".join(SPARK[min(len(SPARK) - 1, max(0, (s - exam.MIN_SCORE) * len(SPARK) // (span + 1)))] for s in scores)


def _local(ts: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(ts).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ts


def show_history(paths: Paths) -> None:
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.core import exam
    from kinesis_tutor.store import open_store
    from kinesis_tutor.ui.render import console as get_console

    console = get_console()
    rows = []
    if paths.db.exists():
        with open_store(paths.db) as store:
            rows = attempts(store)
    if not rows:
        console.print("No exam attempts yet. Start one with 'kinesis-tutor exam'.")
        return
    table = Table(
        title="Mock exams", title_justify="left", title_style="bold", box=None, padding=(0, 1), show_edge=False
    )
    for name, kw in (
        ("#", dict(justify="right")),
        ("Date", {}),
        ("Questions", dict(justify="right")),
        ("Right", dict(justify="right")),
        ("Score", dict(justify="right")),
        ("Change", dict(justify="right")),
        ("Result", {}),
        ("Time", dict(justify="right")),
    ):
        table.add_column(name, no_wrap=True, **kw)
    previous = None
    for n, r in enumerate(rows, 1):
        detail = json.loads(r.detail) if r.detail else {}
        change = "" if previous is None else f"{r.score - previous:+d}"
        used = detail.get("seconds_used")
        time = (exam.clock_text(used) + " / " if used is not None else "") + exam.clock_text(r.minutes * 60)
        result = Text("PASS", style="green") if r.passed else Text("FAIL", style="red")
        table.add_row(
            str(n),
            _local(r.ended_at),
            str(r.questions),
            str(r.correct),
            str(r.score),
            change,
            result,
            time + (" ⏱" if detail.get("timed_out") else ""),
        )
        previous = r.score
    console.print(table)
    scores = [r.score for r in rows]
    console.print()
    trend = Text.assemble(
        ("Score trend ", "bold"), (sparkline(scores[-30:]), "cyan"), f"  (100–1000, last {min(len(scores), 30)})"
    )
    console.print(trend)
    last3 = scores[-3:]
    line = f"Best {max(scores)}"
    if len(scores) > 1:
        line += f" · average of the last {len(last3)}: {round(sum(last3) / len(last3))} · {scores[-1] - scores[0]:+d} since the first"
    passes = sum(1 for r in rows if r.passed)
    line += f" · passed {passes} of {len(rows)}"
    console.print(line)
    if any(json.loads(r.detail or "{}").get("timed_out") for r in rows):
        console.print("[dim]⏱ the time ran out[/]")
