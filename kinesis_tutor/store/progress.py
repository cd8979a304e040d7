"""The Store: one learner's progress (a profile) in one database, every answer committed as it is given."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement, Select

from kinesis_tutor.core import profiles, settings, studyday
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import REVIEW_KINDS, CardState, StudyItem, apply_review
from kinesis_tutor.store import dialect
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.database import READ_ONLY, file_of, open_engine, sqlite_file
from kinesis_tutor.store.outbox import Answer, Outbox
from kinesis_tutor.store.rows import (
    _INSERT_REVIEW,
    _INSERT_STATE,
    _ROLLOVER,
    _STATE_OF,
    _UPDATE_STATE,
    _new_id,
    _review_row,
    _state_from_row,
    iso,
    state_before,
    state_values,
)
from kinesis_tutor.store.server import display, is_url, parse


@dataclass(frozen=True)
class Recorded:
    review_id: int
    state: CardState | None


DEFAULT_PROFILE = profiles.DEFAULT


class Store:
    def __init__(self, engine: Engine, path: Path, profile: str, name: str | None = None):
        self.engine = engine  # engine.begin(): a write transaction (BEGIN IMMEDIATE on SQLite)
        self.reader = engine.execution_options(**{READ_ONLY: True})  # reader.connect(): a plain BEGIN
        self.path = path
        self.profile = profile  # every progress row read or written here is this learner's
        self.name = name or str(path)  # how messages name the database (a URL without its password)
        self.dialect = engine.dialect.name
        self.outbox = Outbox(self._record)  # answers kept while the server is out of reach
        self.file = sqlite_file(engine)  # an SQLite file's faults (faults.py); None on a server

    @property
    def on_server(self) -> bool:
        return self.dialect != dialect.SQLITE

    def close(self) -> None:
        try:
            self.outbox.flush()
        finally:
            self.engine.dispose() if self.file is None else self.file.close(self.engine.dispose)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ settings and days

    def settings(self) -> dict[str, int]:
        with self.reader.connect() as conn:
            stored = dict(
                conn.execute(
                    select(s.settings.c.key, s.settings.c.value).where(s.settings.c.profile == self.profile)
                ).all()
            )
        return {name: int(stored.get(name, spec.default)) for name, spec in settings.SETTINGS.items()}

    def set_setting(self, name: str, value: str) -> int:
        number = settings.parse(name, value)
        with self.engine.begin() as conn:
            dialect.upsert_setting(conn, self.profile, name, str(number))
        return number

    def rollover_hour(self) -> int:
        return self.settings()["day_starts_at"]

    def deck_ids(self) -> list[str]:
        """The ids of the decks that have cards (not removed)."""
        with self.reader.connect() as conn:
            rows = conn.execute(select(s.cards.c.deck_id).where(s.cards.c.removed_at.is_(None)).distinct())
            return sorted(r[0] for r in rows)

    def today(self, now: datetime | None = None) -> date:
        return studyday.today(self.rollover_hour(), now)

    # ------------------------------------------------------------------ reading cards

    def _filters(self, decks: Sequence[str], tags: Sequence[str]) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [s.cards.c.removed_at.is_(None), s.cards.c.content.is_not(None)]
        if decks:
            conds.append(s.cards.c.deck_id.in_(list(decks)))
        if tags:  # any of the tags, matched against the card's JSON with bound parameters
            conds.append(dialect.any_tag(self.dialect, tags))
        return conds

    def _items(self, rows: Iterable[Any]) -> list[StudyItem]:
        out = []
        for row in rows:
            state = _state_from_row(row) if row.easiness is not None else None
            out.append(StudyItem(pk=row.id, card=Card.from_json(row.content), state=state))
        return out

    def _with_state(self) -> ColumnElement[bool]:
        """The join of a card to this learner's state of it."""
        return and_(s.card_state.c.card == s.cards.c.id, s.card_state.c.profile == self.profile)

    def _select_items(self) -> Select[Any]:
        return select(
            s.cards.c.id,
            s.cards.c.content,
            s.card_state.c.easiness,
            s.card_state.c.interval,
            s.card_state.c.repetitions,
            s.card_state.c.due_day,
            s.card_state.c.lapses,
            s.card_state.c.reviews,
            s.card_state.c.last_review,
            s.card_state.c.last_quality,
            s.card_state.c.suspended,
        ).select_from(s.cards.outerjoin(s.card_state, self._with_state()))

    def due_items(
        self, day: date, decks: Sequence[str] = (), tags: Sequence[str] = (), limit: int | None = None
    ) -> list[StudyItem]:
        """Cards due on or before ``day``, most overdue first; suspended cards (leeches) left out."""
        q = (
            self._select_items()
            .where(
                *self._filters(decks, tags), s.card_state.c.due_day <= day.isoformat(), s.card_state.c.suspended == 0
            )
            .order_by(s.card_state.c.due_day, s.cards.c.id)
        )
        if limit is not None:
            q = q.limit(limit)
        with self.reader.connect() as conn:
            return self._items(conn.execute(q))

    def new_items(
        self, decks: Sequence[str] = (), tags: Sequence[str] = (), limit: int | None = None
    ) -> list[StudyItem]:
        """Cards never reviewed: the decks take turns (the first card of each deck, then the
        second of each, ...), each deck in its own order, so that a day's new cards mix topics
        instead of working through the decks one file at a time."""
        turn = func.row_number().over(partition_by=s.cards.c.deck_id, order_by=s.cards.c.id).label("turn")
        q = (
            self._select_items()
            .add_columns(turn)
            .where(*self._filters(decks, tags), s.card_state.c.card.is_(None))
            .order_by(turn, s.cards.c.deck_id)
        )
        if limit is not None:
            q = q.limit(limit)
        with self.reader.connect() as conn:
            return self._items(conn.execute(q))

    def items(self, decks: Sequence[str] = (), tags: Sequence[str] = (), kinds: Sequence[str] = ()) -> list[StudyItem]:
        """Every active card matching the filters, with its state."""
        conds = self._filters(decks, tags)
        if kinds:
            conds.append(s.cards.c.kind.in_(list(kinds)))
        q = self._select_items().where(*conds).order_by(s.cards.c.id)
        with self.reader.connect() as conn:
            return self._items(conn.execute(q))

    def item(self, pk: int) -> StudyItem:
        with self.reader.connect() as conn:
            items = self._items(conn.execute(self._select_items().where(s.cards.c.id == pk)))
        if not items:
            raise TutorError(f"no card with row id {pk}")
        return items[0]

    def card_pk(self, deck_id: str, card_id: str) -> int | None:
        with self.reader.connect() as conn:
            return conn.execute(
                select(s.cards.c.id).where(s.cards.c.deck_id == deck_id, s.cards.c.card_id == card_id)
            ).scalar()

    def state(self, pk: int) -> CardState | None:
        with self.reader.connect() as conn:
            row = conn.execute(_STATE_OF, {"pk": pk, "profile": self.profile}).first()
        return _state_from_row(row) if row else None

    def done_today(self, day: date) -> tuple[int, int]:
        """(new cards introduced, reviews answered) on study day ``day``."""
        with self.reader.connect() as conn:
            rows: dict[str, int] = dict(
                conn.execute(
                    select(s.reviews.c.kind, func.count())
                    .where(
                        s.reviews.c.profile == self.profile,
                        s.reviews.c.day == day.isoformat(),
                        s.reviews.c.kind.in_(["new", "review"]),
                    )
                    .group_by(s.reviews.c.kind)
                ).all()
            )
        return rows.get("new", 0), rows.get("review", 0)

    def next_due(self, after: date, decks: Sequence[str] = (), tags: Sequence[str] = ()) -> str | None:
        q = (
            select(func.min(s.card_state.c.due_day))
            .select_from(s.cards.join(s.card_state, self._with_state()))
            .where(
                *self._filters(decks, tags), s.card_state.c.due_day > after.isoformat(), s.card_state.c.suspended == 0
            )
        )
        with self.reader.connect() as conn:
            return conn.execute(q).scalar()

    def due_count(self, day: date) -> int:
        q = (
            select(func.count())
            .select_from(s.cards.join(s.card_state, self._with_state()))
            .where(
                s.cards.c.removed_at.is_(None), s.card_state.c.due_day <= day.isoformat(), s.card_state.c.suspended == 0
            )
        )
        with self.reader.connect() as conn:
            return conn.execute(q).scalar() or 0

    # ------------------------------------------------------------------ sessions

    def start_session(self, kind: str, filters: dict[str, Any] | None = None, now: datetime | None = None) -> int:
        with self.engine.begin() as conn:
            return _new_id(
                conn.execute(
                    insert(s.sessions).values(
                        kind=kind,
                        profile=self.profile,
                        started_at=iso(now or studyday.utcnow()),
                        filters=json.dumps(filters or {}, sort_keys=True),
                    )
                )
            )

    def end_session(self, session: int, now: datetime | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(s.sessions).where(s.sessions.c.id == session).values(ended_at=iso(now or studyday.utcnow()))
            )

    # ------------------------------------------------------------------ answers

    def record(
        self,
        pk: int,
        quality: int,
        kind: str,
        *,
        scheduled: bool,
        session: int | None = None,
        duration_ms: int | None = None,
        response: str | None = None,
        correct: bool | None = None,
        now: datetime | None = None,
    ) -> Recorded:
        """Log one answer and, if ``scheduled``, apply SM-2. Committed before it returns; on a
        server whose connection dropped, retried once, then kept (``outbox``) and written on
        reconnect, before the next answer."""
        if kind not in REVIEW_KINDS:
            raise ValueError(f"unknown review kind {kind!r}")
        answer = Answer(pk, quality, kind, scheduled, session, duration_ms, response, correct, now or studyday.utcnow())
        review_id, state = self.outbox.write(answer)
        return Recorded(review_id=review_id, state=state)

    def _record(self, a: Answer) -> tuple[int, CardState | None]:
        with self.engine.begin() as conn:
            dialect.lock_card(conn, self.profile, a.pk)
            day = studyday.study_day(a.moment, self._rollover(conn))
            row = conn.execute(_STATE_OF, {"pk": a.pk, "profile": self.profile}).first()
            before = _state_from_row(row) if row else None
            after = before
            if a.scheduled:
                after = apply_review(before, a.quality, day, iso(a.moment))
                values = dict(pk=a.pk, profile=self.profile, **state_values(after))
                conn.execute(_UPDATE_STATE if row else _INSERT_STATE, {f"v_{k}": v for k, v in values.items()})
            params = _review_row(a.pk, before, after, a.moment, day, a.quality, a.kind, a.scheduled)
            params.update(session=a.session, duration_ms=a.duration_ms, response=a.response, profile=self.profile)
            params["correct"] = None if a.correct is None else int(a.correct)
            result = conn.execute(_INSERT_REVIEW, params)
            return _new_id(result), after

    def undo(self, review_id: int) -> None:
        """Take back an answer: delete its log entry and put the card's state back as it was."""
        if self.outbox.take_back(review_id):
            return
        with self.engine.begin() as conn:
            r = conn.execute(
                select(s.reviews).where(s.reviews.c.id == review_id, s.reviews.c.profile == self.profile)
            ).first()
            if r is None:
                raise TutorError("nothing to undo: that answer is not in the log")
            mine = and_(s.reviews.c.card == r.card, s.reviews.c.profile == self.profile)
            newer = conn.execute(select(func.count()).where(mine, s.reviews.c.id > review_id)).scalar()
            if newer:
                raise TutorError("the card was answered again since (only its latest answer can be undone)")
            conn.execute(delete(s.reviews).where(s.reviews.c.id == review_id))
            if not r.scheduled:
                return
            state_of = and_(s.card_state.c.card == r.card, s.card_state.c.profile == self.profile)
            before = state_before(conn, r, state_of, mine)
            if before is None:
                conn.execute(delete(s.card_state).where(state_of))
                return
            conn.execute(update(s.card_state).where(state_of).values(**state_values(before)))

    def set_suspended(self, pk: int, suspended: bool, reset: bool = False) -> None:
        """Suspend or release a card (leeches). ``reset`` also clears its lapse count."""
        values: dict[str, int] = {"suspended": int(suspended)}
        if reset:
            values["lapses"] = 0
        with self.engine.begin() as conn:
            conn.execute(
                update(s.card_state)
                .where(s.card_state.c.card == pk, s.card_state.c.profile == self.profile)
                .values(**values)
            )

    def _rollover(self, conn: Connection) -> int:
        value = conn.execute(_ROLLOVER, {"profile": self.profile}).scalar()
        return int(value) if value is not None else settings.SETTINGS["day_starts_at"].default

    def review_count(self, kinds: Iterable[str] | None = None) -> int:
        q = select(func.count()).select_from(s.reviews).where(s.reviews.c.profile == self.profile)
        if kinds:
            q = q.where(s.reviews.c.kind.in_(list(kinds)))
        with self.reader.connect() as conn:
            return conn.execute(q).scalar() or 0


def open_store(target: Path | str, profile: str | None = None, journal: Path | None = None) -> Store:
    """Open (creating or migrating as needed) the progress database at ``target`` for the learner
    ``profile`` (default: the login name): an SQLite file (a path, or an ``sqlite:///`` URL) or a
    server's URL, whose waiting answers are kept in ``journal`` (outbox.py)."""
    profile = profile or profiles.login_name()
    path = file_of(target)
    if path is not None:
        return Store(open_engine(path, profile), path, profile)
    url = parse(str(target))
    store = Store(open_engine(str(target), profile), Path(url.database or "server"), profile, display(url))
    if journal is not None:
        store.outbox.journal_in(journal, store.engine, profile)
    return store


__all__ = ["DEFAULT_PROFILE", "Recorded", "Store", "is_url", "open_store"]
