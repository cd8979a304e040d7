"""Answers given while the database server is out of reach.

An answer is written the moment it is given. If the server's connection has dropped, the write is
tried once more (SQLAlchemy opens a new connection); if that fails too, the answer waits here, in
order, and is written before the next answer once the server answers again, or when the store is
closed. ``take_back`` lets undo drop a waiting answer. An SQLite file never needs this.

With a journal (a file in the data folder, see ``journal_in``) the waiting answers are also kept
on disk, rewritten whole at every change: a process killed while the server is away loses none;
the next start on that database writes them first, leaving out any the log already has.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import CardState
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.rows import iso
from kinesis_tutor.store.server import ServerUnavailable


@dataclass(frozen=True)
class Answer:
    pk: int
    quality: int
    kind: str
    scheduled: bool
    session: int | None
    duration_ms: int | None
    response: str | None
    correct: bool | None
    moment: datetime


Written = tuple[int, CardState | None]  # (review id, the card's state after it)


class Outbox:
    """Writes answers through ``write_one``; keeps the ones the server could not take yet."""

    def __init__(self, write_one: Callable[[Answer], Written]):
        self._write_one = write_one
        self.waiting: list[Answer] = []
        self._tokens: list[int] = []  # the negative ids handed out for the waiting answers
        self._next_token = -1
        self._journal: Path | None = None
        self._logged: Callable[[Answer], bool] = lambda _answer: False
        self._from_journal: set[Answer] = set()  # left by an earlier process: maybe written already

    def write(self, answer: Answer) -> Written:
        """Write ``answer`` (after the waiting ones). Returns its review id, or a negative token
        (for undo) while it waits; the state is None then."""
        try:
            self._drain()
            return self._write_one(answer)
        except ServerUnavailable:
            pass
        try:  # once more: the dropped connection was discarded, this one is new
            self._drain()
            return self._write_one(answer)
        except ServerUnavailable:
            self._wait(answer)
            self._save()
            return self._tokens[-1], None

    def _wait(self, answer: Answer) -> None:
        self.waiting.append(answer)
        self._tokens.append(self._next_token)
        self._next_token -= 1

    def _drain(self) -> None:
        while self.waiting:
            first = self.waiting[0]
            if first not in self._from_journal or not self._logged(first):
                self._write_one(first)
            self._from_journal.discard(first)
            self.waiting.pop(0)
            self._tokens.pop(0)
            self._save()

    def regrade(self, token: int, quality: int) -> bool:
        """Give the waiting answer ``token`` another grade; False if ``token`` is not waiting."""
        if token not in self._tokens:
            return False
        i = self._tokens.index(token)
        self.waiting[i] = replace(self.waiting[i], quality=quality)
        self._save()
        return True

    def take_back(self, token: int) -> bool:
        """Drop the waiting answer ``token`` if it is the latest one; False if ``token`` is not waiting."""
        if token not in self._tokens:
            return False
        if token != self._tokens[-1]:
            raise TutorError("only the latest answer to a card can be undone")
        self.waiting.pop()
        self._tokens.pop()
        self._save()
        return True

    def flush(self) -> None:
        """Write every waiting answer; if the server is still out of reach, say how many are lost."""
        if not self.waiting:
            return
        try:
            self._drain()
        except ServerUnavailable as exc:
            n = len(self.waiting)
            if self._journal is not None:
                raise TutorError(
                    f"{exc} ({n} answer(s) given meanwhile are kept in {self._journal}; the next start writes them)"
                ) from None
            raise TutorError(f"{exc} ({n} answer(s) given meanwhile could not be saved)") from None

    # ------------------------------------------------------------------ the journal

    def journal_in(self, path: Path, engine: Engine, profile: str) -> None:
        """Keep the waiting answers in ``path`` from now on; first take back the ones an earlier
        process left there, and write them if the server answers."""
        self._journal = path
        self._logged = lambda a: _in_log(engine, profile, a)
        if not path.exists():
            return
        try:
            left = [_answer(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TutorError(f"cannot read the answers kept in {path} ({exc}); move it away to go on") from None
        for answer in left:
            self._wait(answer)
            self._from_journal.add(answer)
        with contextlib.suppress(ServerUnavailable):
            self._drain()

    def _save(self) -> None:
        if self._journal is None:
            return
        if not self.waiting:
            self._journal.unlink(missing_ok=True)
            return
        self._journal.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._journal.with_name(self._journal.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(_row(a)) + "\n" for a in self.waiting)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._journal)


def _row(answer: Answer) -> dict[str, Any]:
    return {**asdict(answer), "moment": answer.moment.isoformat()}


def _answer(row: dict[str, Any]) -> Answer:
    return Answer(**{**row, "moment": datetime.fromisoformat(row["moment"])})


def _in_log(engine: Engine, profile: str, answer: Answer) -> bool:
    """True if the log holds this answer already (same learner, card and moment)."""
    q = select(func.count()).where(
        s.reviews.c.profile == profile, s.reviews.c.card == answer.pk, s.reviews.c.ts == iso(answer.moment)
    )
    with engine.connect() as conn:
        return bool(conn.execute(q).scalar())
