"""The mock exam's use cases: draw an exam, sit it on a screen, save it, submit a sitting that a
killed process left behind, list the past attempts. They return data and never print.

The answers are held in memory while the exam runs (answer in any order, change them) and
logged at submit, the final answer to each question, as kind ``exam`` with ``scheduled = 0``:
the SM-2 schedule is not touched. The attempt is stored in ``exam_attempts``. Ctrl-C or the
end of the time submits what was answered. The sitting in progress is kept on disk after every
answer and flag (the draft), so the next exam command can submit it if the process is killed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from kinesis_tutor.app.filters import check_tags
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import SyncReport, open_synced
from kinesis_tutor.core import exam, profiles, studyday
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.exam_score import Attempt
from kinesis_tutor.store.exams import attempts, save
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.rows import iso

# How a sitting ended, as the screen reports it.
SUBMIT, TIMEOUT, INTERRUPT = "submit", "timeout", "interrupt"


class Screen(Protocol):
    """What the exam needs of a terminal: the rules before the clock starts, then the sitting."""

    def intro(self, questions: int, minutes: float, note: str = "") -> bool: ...

    def run(self, ex: exam.Exam) -> str:
        """Go through the exam until it is submitted: returns SUBMIT, TIMEOUT or INTERRUPT."""
        ...


@dataclass(frozen=True)
class Recovered:
    """A sitting left behind by a killed process, now submitted."""

    answers: int
    score: int


@dataclass(frozen=True)
class Discarded:
    """A sitting left behind that could not be read: it was thrown away."""

    reason: str


@dataclass(frozen=True)
class Sitting:
    """A submitted exam, and how it ended (SUBMIT, TIMEOUT or INTERRUPT). An exam ended with no
    answer given is not kept (``kept`` False): it would only be a 100 in the history."""

    result: exam.Result
    ending: str
    kept: bool = True


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
    """Where a sitting in progress is kept, next to the database it belongs to; one per learner
    (the login name's keeps the name it always had)."""
    if paths.url is not None:  # a server: the file is kept in the data folder
        paths.db.parent.mkdir(parents=True, exist_ok=True)
        return paths.db.with_name(paths.db.name + ".exam-in-progress.json")  # the name holds the profile
    whose = "" if paths.profile == profiles.login_name() else f".{quote(paths.profile, safe='')}"
    return paths.db.with_name(paths.db.name + whose + ".exam-in-progress.json")


class Draft:
    """The sitting in progress on disk, rewritten (atomically) after every answer or flag, so
    that a killed process loses no answer: the next ``exam`` submits it."""

    def __init__(self, path: Path, meta: dict[str, Any]):
        self.path, self.meta = path, meta

    def write(self, sitting: exam.Exam) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({**self.meta, **sitting.snapshot()}), encoding="utf-8")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _submit_draft(store: Store, snap: dict[str, Any]) -> Recovered:
    cards: dict[int, Card] = {}
    for q in snap["questions"]:
        try:
            cards[q["pk"]] = store.item(q["pk"]).card
        except TutorError:
            continue
    minutes = float(snap["minutes"])
    sitting = exam.Exam.from_snapshot(snap, cards, minutes * 60)
    result = sitting.submit()
    session = snap.get("session")
    save(
        store,
        session,
        result,
        started_at=snap["started_at"],
        minutes=minutes,
        tags=snap.get("tags", []),
        extra=_extra(snap),
    )
    if session:
        store.end_session(session)
    return Recovered(len(sitting.answers), result.score)


def recover(paths: Paths) -> Recovered | Discarded | None:
    """Submit a sitting that a killed process left behind; what became of it, or None if there was none."""
    path = draft_path(paths)
    if not path.exists():
        return None
    try:
        snap = json.loads(path.read_text(encoding="utf-8"))
        with paths.open_store() as store:
            recovered = _submit_draft(store, snap)
    except (ValueError, KeyError, TypeError) as exc:
        path.unlink(missing_ok=True)
        return Discarded(str(exc))
    path.unlink(missing_ok=True)
    return recovered


def history(paths: Paths) -> list[Attempt]:
    """The past attempts, oldest first (none if there is no database yet)."""
    if not paths.has_database():
        return []
    with paths.open_store() as store:
        return attempts(store)


@dataclass(frozen=True)
class Request:
    """What to sit: ``form`` (1-3) for a fixed full-length form, else ``questions`` drawn at random
    from the cards with any of ``tags`` and of any of ``domains`` (domain tags, checked first)."""

    questions: int = 20
    minutes: float = 30
    tags: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    form: int | None = None

    def check(self) -> Request:
        """A usage error (exit 2) for a form that does not exist or a domain that does not."""
        if self.form is not None:
            exam.check_form(self.form)
        for name in self.domains:
            exam.domain_named(name)
        return self

    def meta(self) -> dict[str, Any]:
        """What is kept with the attempt (and the draft) about the request."""
        out: dict[str, Any] = {"tags": list(self.tags), "minutes": self.minutes}
        if self.domains:
            out["domains_asked"] = list(self.domains)
        if self.form is not None:
            out["form"] = self.form
        return out


def draw_exam(store: Store, request: Request, rng: random.Random | None = None) -> exam.Draw:
    """Draw the questions of ``request``; none is an error."""
    if request.form is not None:
        drawn = exam.draw_form(store.items(tags=[exam.FORM_TAG], kinds=exam.EXAM_KINDS), request.form)
        if not drawn.questions:
            raise TutorError(f"no exam-style question to draw form {request.form} from", exit_code=2)
        return drawn
    domains = [exam.domain_named(d).tag for d in request.domains]
    check_tags(store, request.tags)  # a typo'd tag: did you mean…
    items = store.items(tags=request.tags, kinds=exam.EXAM_KINDS)
    drawn = exam.draw(items, request.questions, rng=rng or random.Random(), tags=request.tags, domains=domains)
    if not drawn.questions:
        what = f" with the tag {', '.join(request.tags)}" if request.tags else ""
        what += f" in the domain {', '.join(domains)}" if domains else ""
        raise TutorError(
            f"no scenario, multiple-choice, choose-several or true/false card{what}: nothing to draw an exam from",
            exit_code=2,
        )
    return drawn


def sit(
    paths: Paths,
    request: Request,
    *,
    screen: Screen,
    on_problems: Callable[[SyncReport], None] | None = None,
    rng: random.Random | None = None,
) -> Sitting | None:
    """Sync, draw, show the rules, run the exam on ``screen`` and save it; None if the learner
    chose not to start. The sitting is kept on disk (the draft) until it is saved."""
    request.check()
    store = open_synced(paths, on_problems)
    drawn = draw_exam(store, request, rng)
    minutes = request.minutes
    note = drawn.message()
    if request.form is not None:
        note = (
            f"Form {request.form} of {len(exam.FORMS)}: the same {len(drawn.questions)} questions every time, "
            "in the DEA-C01 domain weights. " + note
        ).strip()
    if not screen.intro(len(drawn.questions), minutes, note):
        return None
    meta = request.meta()
    session = store.start_session("exam", {**meta, "questions": request.questions})
    started_at = iso(studyday.utcnow())
    sitting = exam.Exam(drawn.questions, minutes * 60, clock=exam_clock())
    draft = Draft(draft_path(paths), {"session": session, "started_at": started_at, **meta})
    sitting.on_change = draft.write
    draft.write(sitting)
    try:
        how = screen.run(sitting)
    except KeyboardInterrupt:
        how = INTERRUPT
    with _no_interrupt():
        result = sitting.submit(timed_out=how == TIMEOUT)
        kept = bool(sitting.answers)
        if kept:
            tags = list(request.tags)
            save(store, session, result, started_at=started_at, minutes=minutes, tags=tags, extra=_extra(meta))
        store.end_session(session)
        draft.remove()
    return Sitting(result, how, kept)


def _extra(meta: dict[str, Any]) -> dict[str, Any]:
    """The request's details kept with the attempt beyond its tags and minutes."""
    return {k: v for k, v in meta.items() if k in ("form", "domains_asked")}


@contextmanager
def _no_interrupt() -> Iterator[None]:
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
