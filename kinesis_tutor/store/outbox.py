"""Answers given while the database server is out of reach.

An answer is written the moment it is given. If the server's connection has dropped, the write is
tried once more (SQLAlchemy opens a new connection); if that fails too, the answer waits here, in
order, and is written before the next answer once the server answers again, or when the store is
closed. ``take_back`` lets undo drop a waiting answer. An SQLite file never needs this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import CardState
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
            self.waiting.append(answer)
            self._tokens.append(self._next_token)
            self._next_token -= 1
            return self._tokens[-1], None

    def _drain(self) -> None:
        while self.waiting:
            self._write_one(self.waiting[0])
            self.waiting.pop(0)
            self._tokens.pop(0)

    def take_back(self, token: int) -> bool:
        """Drop the waiting answer ``token`` if it is the latest one; False if ``token`` is not waiting."""
        if token not in self._tokens:
            return False
        if token != self._tokens[-1]:
            raise TutorError("only the latest answer to a card can be undone")
        self.waiting.pop()
        self._tokens.pop()
        return True

    def flush(self) -> None:
        """Write every waiting answer; if the server is still out of reach, say how many are lost."""
        if not self.waiting:
            return
        try:
            self._drain()
        except ServerUnavailable as exc:
            raise TutorError(f"{exc} ({len(self.waiting)} answer(s) given meanwhile could not be saved)") from None
