"""Progress export and import: one JSON document with every card, its state and the whole log.

The document is described key by key in ``docs/export-format.md``. It holds no export time and
no machine-specific row ids for cards (a card is named by deck id + card id), so exporting,
importing into an empty database and exporting again gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from kinesis_tutor.core import settings as settings_mod
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import KINDS, Store

FORMAT = "kinesis-tutor-export"
VERSION = 1

# ---------------------------------------------------------------------------------- field specs
# Each record kind: (key, type, nullable). Types: "int", "float", "str", "bool".

CARD_FIELDS = [
    ("deck_id", "str", False),
    ("card_id", "str", False),
    ("kind", "str", False),
    ("content_hash", "str", False),
    ("first_seen", "str", False),
    ("removed_at", "str", True),
]
STATE_FIELDS = [
    ("easiness", "float", False),
    ("interval", "int", False),
    ("repetitions", "int", False),
    ("due_day", "str", False),
    ("lapses", "int", False),
    ("reviews", "int", False),
    ("last_review", "str", True),
    ("last_quality", "int", True),
    ("suspended", "bool", False),
]
SESSION_FIELDS = [
    ("id", "int", False),
    ("kind", "str", False),
    ("started_at", "str", False),
    ("ended_at", "str", True),
    ("filters", "str", True),
]
REVIEW_FIELDS = [
    ("id", "int", False),
    ("deck_id", "str", False),
    ("card_id", "str", False),
    ("session", "int", True),
    ("ts", "str", False),
    ("day", "str", False),
    ("quality", "int", False),
    ("kind", "str", False),
    ("scheduled", "bool", False),
    ("duration_ms", "int", True),
    ("response", "str", True),
    ("correct", "bool", True),
    ("ease_before", "float", True),
    ("interval_before", "int", True),
    ("reps_before", "int", True),
    ("due_before", "str", True),
    ("ease_after", "float", True),
    ("interval_after", "int", True),
    ("reps_after", "int", True),
    ("due_after", "str", True),
]
EXAM_FIELDS = [
    ("id", "int", False),
    ("session", "int", True),
    ("started_at", "str", False),
    ("ended_at", "str", False),
    ("questions", "int", False),
    ("correct", "int", False),
    ("score", "int", False),
    ("passed", "bool", False),
    ("minutes", "float", False),
    ("detail", "str", True),
]

TOP_KEYS = {"format", "version", "settings", "cards", "sessions", "reviews", "exam_attempts"}


def _out(value: Any, kind: str) -> Any:
    """A column value as it goes into the document."""
    if value is None:
        return None
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    return str(value)


def _record(row: Any, spec: list[tuple[str, str, bool]]) -> dict[str, Any]:
    m = row._mapping
    return {key: _out(m[key], kind) for key, kind, _ in spec}


# ---------------------------------------------------------------------------------- export


def export_document(store: Store) -> dict[str, Any]:
    """Everything the database knows about the learner, as a JSON-ready dict (one snapshot)."""
    state_cols = [getattr(s.card_state.c, key) for key, _, _ in STATE_FIELDS]
    card_cols = [getattr(s.cards.c, key) for key, _, _ in CARD_FIELDS]
    review_cols = [c for c in s.reviews.c if c.name != "card"]
    with store.reader.connect() as conn:  # one transaction: a consistent snapshot
        stored = dict(conn.execute(select(s.settings.c.key, s.settings.c.value).order_by(s.settings.c.key)).all())
        cards = []
        q = (
            select(s.cards.c.id.label("pk"), *card_cols, s.card_state.c.card.label("has_state"), *state_cols)
            .select_from(s.cards.outerjoin(s.card_state, s.card_state.c.card == s.cards.c.id))
            .order_by(s.cards.c.id)
        )
        for row in conn.execute(q):
            card = _record(row, CARD_FIELDS)
            card["state"] = _record(row, STATE_FIELDS) if row.has_state is not None else None
            cards.append(card)
        sessions = [_record(r, SESSION_FIELDS) for r in conn.execute(select(s.sessions).order_by(s.sessions.c.id))]
        q = (
            select(*review_cols, s.cards.c.deck_id, s.cards.c.card_id)
            .select_from(s.reviews.join(s.cards, s.cards.c.id == s.reviews.c.card))
            .order_by(s.reviews.c.id)
        )
        reviews = [_record(r, REVIEW_FIELDS) for r in conn.execute(q)]
        orphans = conn.execute(
            select(func.count())
            .select_from(s.reviews.outerjoin(s.cards, s.cards.c.id == s.reviews.c.card))
            .where(s.cards.c.id.is_(None))
        ).scalar()
        exams = [_record(r, EXAM_FIELDS) for r in conn.execute(select(s.exam_attempts).order_by(s.exam_attempts.c.id))]
    if orphans:
        raise TutorError(
            f"{orphans} review(s) in the log point at no card; run 'kinesis-tutor db check' before exporting"
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": {k: _setting_value(v) for k, v in stored.items()},
        "cards": cards,
        "sessions": sessions,
        "reviews": reviews,
        "exam_attempts": exams,
    }


def _setting_value(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value


# ---------------------------------------------------------------------------------- validation


class _Invalid(Exception):
    pass


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
}
_TYPE_NAMES = {"int": "a whole number", "float": "a number", "str": "a string", "bool": "true or false"}


def _check_record(item: Any, spec: list[tuple[str, str, bool]], where: str, extra: set[str] = frozenset()) -> None:
    if not isinstance(item, dict):
        raise _Invalid(f"{where} must be an object")
    allowed = {key for key, _, _ in spec} | set(extra)
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise _Invalid(f"{where} has an unknown key '{unknown[0]}'")
    for key, kind, nullable in spec:
        if key not in item:
            raise _Invalid(f"{where} lacks '{key}'")
        value = item[key]
        if value is None:
            if not nullable:
                raise _Invalid(f"{where}.{key} must not be null")
            continue
        if not _CHECKS[kind](value):
            raise _Invalid(f"{where}.{key} must be {_TYPE_NAMES[kind]}, not {value!r}")


def _list(doc: dict, key: str) -> list:
    value = doc[key]
    if not isinstance(value, list):
        raise _Invalid(f"'{key}' must be a list")
    return value


def validate(doc: Any) -> None:
    """Raise TutorError (exit 1) naming the first thing wrong with an export document."""
    try:
        _validate(doc)
    except _Invalid as exc:
        raise TutorError(f"not a valid kinesis-tutor export: {exc}; nothing was imported") from None


def _validate(doc: Any) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _Invalid(f'it lacks "format": "{FORMAT}"')
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise _Invalid(
                f"it is format version {version}, written by a newer kinesis-tutor (this one reads version {VERSION})"
            )
        raise _Invalid(f"unsupported version {version!r} (this kinesis-tutor reads version {VERSION})")
    missing = sorted(TOP_KEYS - set(doc))
    if missing:
        raise _Invalid(f"the key '{missing[0]}' is missing")
    unknown = sorted(set(doc) - TOP_KEYS)
    if unknown:
        raise _Invalid(f"unknown key '{unknown[0]}'")

    if not isinstance(doc["settings"], dict):
        raise _Invalid("'settings' must be an object")
    for name, value in doc["settings"].items():
        if name not in settings_mod.SETTINGS:
            raise _Invalid(f"unknown setting '{name}'")
        if not _CHECKS["int"](value):
            raise _Invalid(f"settings.{name} must be a whole number, not {value!r}")
        try:
            settings_mod.parse(name, str(value))
        except TutorError as exc:
            raise _Invalid(f"settings.{name}: {exc}") from None

    keys: set[tuple[str, str]] = set()
    for i, card in enumerate(_list(doc, "cards")):
        where = f"cards[{i}]"
        _check_record(card, CARD_FIELDS, where, extra={"state"})
        if "state" not in card:
            raise _Invalid(f"{where} lacks 'state' (null for a card never reviewed)")
        if card["state"] is not None:
            _check_record(card["state"], STATE_FIELDS, f"{where}.state")
        key = (card["deck_id"], card["card_id"])
        if key in keys:
            raise _Invalid(f"{where}: the card {key[0]}/{key[1]} appears twice")
        keys.add(key)

    session_ids: set[int] = set()
    for i, session in enumerate(_list(doc, "sessions")):
        _check_record(session, SESSION_FIELDS, f"sessions[{i}]")
        if session["id"] in session_ids:
            raise _Invalid(f"sessions[{i}]: the id {session['id']} appears twice")
        session_ids.add(session["id"])

    review_ids: set[int] = set()
    for i, review in enumerate(_list(doc, "reviews")):
        where = f"reviews[{i}]"
        _check_record(review, REVIEW_FIELDS, where)
        if review["id"] in review_ids:
            raise _Invalid(f"{where}: the id {review['id']} appears twice")
        review_ids.add(review["id"])
        if (review["deck_id"], review["card_id"]) not in keys:
            raise _Invalid(f"{where}: the card {review['deck_id']}/{review['card_id']} is not in 'cards'")
        if review["session"] is not None and review["session"] not in session_ids:
            raise _Invalid(f"{where}: the session {review['session']} is not in 'sessions'")
        if not 0 <= review["quality"] <= 5:
            raise _Invalid(f"{where}.quality must be from 0 to 5, not {review['quality']}")
        if review["kind"] not in KINDS:
            raise _Invalid(f"{where}.kind must be one of {', '.join(KINDS)}, not {review['kind']!r}")

    exam_ids: set[int] = set()
    for i, exam in enumerate(_list(doc, "exam_attempts")):
        _check_record(exam, EXAM_FIELDS, f"exam_attempts[{i}]")
        if exam["id"] in exam_ids:
            raise _Invalid(f"exam_attempts[{i}]: the id {exam['id']} appears twice")
        exam_ids.add(exam["id"])
        if exam["session"] is not None and exam["session"] not in session_ids:
            raise _Invalid(f"exam_attempts[{i}]: the session {exam['session']} is not in 'sessions'")


# ---------------------------------------------------------------------------------- import


def _in(value: Any, kind: str) -> Any:
    """A document value as it goes into a column."""
    if value is None:
        return None
    if kind == "bool":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def _columns(item: dict, spec: list[tuple[str, str, bool]], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: _in(item[key], kind) for key, kind, _ in spec if key not in skip}


def import_document(store: Store, doc: Any) -> dict[str, int]:
    """Restore an export into a database with no reviews and no card states, in one transaction.

    Cards already present (from a deck sync) are matched by deck id + card id; the others are
    created without content, which the next deck sync fills in. Returns counts of what was added.
    """
    validate(doc)
    with store.engine.begin() as conn:
        n_reviews = conn.execute(select(func.count()).select_from(s.reviews)).scalar()
        n_states = conn.execute(select(func.count()).select_from(s.card_state)).scalar()
        if n_reviews or n_states:
            raise TutorError(
                f"{store.path} already holds progress ({n_reviews} review(s), {n_states} card state(s)); "
                "import only restores into an empty database. Use --db to name a new file.",
            )

        # Cards: match existing identities, create the missing ones without content.
        existing = {
            (r.deck_id, r.card_id): r.id
            for r in conn.execute(select(s.cards.c.id, s.cards.c.deck_id, s.cards.c.card_id))
        }
        pks: dict[tuple[str, str], int] = {}
        for card in doc["cards"]:
            key = (card["deck_id"], card["card_id"])
            if key in existing:
                # The deck as it is here decides content and removal; the history decides first_seen.
                conn.execute(update(s.cards).where(s.cards.c.id == existing[key]).values(first_seen=card["first_seen"]))
                pks[key] = existing[key]
            else:
                pks[key] = conn.execute(
                    insert(s.cards).values(content=None, **_columns(card, CARD_FIELDS))
                ).inserted_primary_key[0]
        states = [
            {"card": pks[(c["deck_id"], c["card_id"])], **_columns(c["state"], STATE_FIELDS)}
            for c in doc["cards"]
            if c["state"] is not None
        ]
        if states:
            conn.execute(insert(s.card_state), states)

        # Sessions and exam attempts keep their ids unless this database already uses them.
        session_shift = _shift(conn, s.sessions, [x["id"] for x in doc["sessions"]])
        sessions = [{**_columns(x, SESSION_FIELDS), "id": x["id"] + session_shift} for x in doc["sessions"]]
        if sessions:
            conn.execute(insert(s.sessions), sessions)

        def session_id(value: int | None) -> int | None:
            return None if value is None else value + session_shift

        reviews = [
            {
                **_columns(r, REVIEW_FIELDS, skip=("deck_id", "card_id")),
                "card": pks[(r["deck_id"], r["card_id"])],
                "session": session_id(r["session"]),
            }
            for r in doc["reviews"]
        ]
        if reviews:
            conn.execute(insert(s.reviews), reviews)

        exam_shift = _shift(conn, s.exam_attempts, [x["id"] for x in doc["exam_attempts"]])
        exams = [
            {**_columns(x, EXAM_FIELDS), "id": x["id"] + exam_shift, "session": session_id(x["session"])}
            for x in doc["exam_attempts"]
        ]
        if exams:
            conn.execute(insert(s.exam_attempts), exams)

        for name, value in doc["settings"].items():
            conn.execute(s.settings.delete().where(s.settings.c.key == name))
            conn.execute(insert(s.settings).values(key=name, value=str(value)))

        # Forget the deck-file cache, so that the next start syncs every deck in full: cards
        # created above get their content, and cards gone from the decks here are marked removed.
        conn.execute(delete(s.deck_files))
    return {
        "cards": len(doc["cards"]),
        "new_cards": sum(1 for key in pks if key not in existing),
        "states": len(states),
        "reviews": len(reviews),
        "sessions": len(sessions),
        "exam_attempts": len(exams),
    }


def _shift(conn, table, ids: list[int]) -> int:
    """0 if none of ``ids`` is taken in ``table``; otherwise an offset past every id in use."""
    if not ids:
        return 0
    top = conn.execute(select(func.max(table.c.id))).scalar()
    if top is None:
        return 0
    taken = conn.execute(select(func.count()).select_from(table).where(table.c.id.in_(ids))).scalar()
    return 0 if not taken else top - min(ids) + 1
