"""Read an Anki collection file (the SQLite database inside a .colpkg or .apkg), read-only.

Only what ``import --from-anki`` needs: every answer of Anki's review log with the note (GUID)
and card ordinal it was given to. The layout read here (``notes``, ``cards``, ``revlog``) is the
same in every SQLite collection Anki has written, legacy and current.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from kinesis_tutor.core.errors import TutorError

SQLITE_MAGIC = b"SQLite format 3\x00"
_NEEDED = ("notes", "cards", "revlog")
_ANSWERS = text(
    """
    SELECT r.id AS id, r.ease AS ease, r.time AS time, n.guid AS guid, c.ord AS ord, n.flds AS flds
    FROM revlog AS r
    LEFT JOIN cards AS c ON c.id = r.cid
    LEFT JOIN notes AS n ON n.id = c.nid
    ORDER BY r.id
    """
)


@dataclass(frozen=True)
class AnkiAnswer:
    """One row of Anki's review log. ``id`` is when (milliseconds since the epoch, UTC), ``ease``
    the button (1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a manual reschedule), ``time`` the
    milliseconds taken; ``guid`` is None when the card is no longer in the collection."""

    id: int
    ease: int
    time: int
    guid: str | None
    ord: int | None
    first_field: str


def read_answers(path: Path) -> list[AnkiAnswer]:
    """Every review-log row of the collection at ``path``, oldest first.

    Raises TutorError when the file is not a SQLite collection this can read.
    """
    with open(path, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise TutorError("not a SQLite Anki collection")
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
            missing = [t for t in _NEEDED if t not in tables]
            if missing:
                raise TutorError(f"not an Anki collection (no table '{missing[0]}')")
            return [
                AnkiAnswer(
                    id=int(r.id),
                    ease=int(r.ease),
                    time=max(0, int(r.time or 0)),
                    guid=None if r.guid is None else str(r.guid),
                    ord=None if r.ord is None else int(r.ord),
                    first_field=str(r.flds or "").split("\x1f", 1)[0],
                )
                for r in conn.execute(_ANSWERS)
            ]
    except DBAPIError as exc:
        raise TutorError(f"cannot read the Anki collection: {exc.orig}") from None
    finally:
        engine.dispose()
