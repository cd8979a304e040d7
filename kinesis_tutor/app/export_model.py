"""The progress export document (docs/export-format.md) as a pydantic model.

The model is both the check an import runs before anything is written and the JSON Schema in
the docs (``export_json_schema``; a test keeps the two equal). ``parse`` names the first thing
wrong with a document by its JSON path, e.g. ``reviews[0].quality must be from 0 to 5, not 9``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kinesis_tutor.app.export_types import Count, Day, Easiness, Grade, Id, Instant, Interval, JsonText, Minutes, Score
from kinesis_tutor.core import settings as settings_mod
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import REVIEW_KINDS, CardState, differences, replay

FORMAT = "kinesis-tutor-export"
VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class State(_Record):
    """A card's SM-2 state."""

    easiness: Easiness
    interval: Interval
    repetitions: Count
    due_day: Day
    lapses: Count
    reviews: Count
    last_review: Instant | None
    last_quality: Grade | None
    suspended: bool


class Card(_Record):
    """A card identity; ``state`` is null for a card never answered with a scheduled answer."""

    deck_id: str
    card_id: str
    kind: str
    content_hash: str
    first_seen: Instant
    removed_at: Instant | None
    state: State | None


class Session(_Record):
    id: Id
    kind: str
    started_at: Instant
    ended_at: Instant | None
    filters: JsonText | None


class Review(_Record):
    """One answer; the card is named by ``deck_id`` + ``card_id``."""

    id: Id
    deck_id: str
    card_id: str
    session: Id | None
    ts: Instant
    day: Day
    quality: int = Field(ge=0, le=5)
    kind: Literal["new", "review", "repeat", "cram", "exam", "pick", "anki"]
    scheduled: bool
    duration_ms: Count | None
    response: str | None
    correct: bool | None
    ease_before: Easiness | None
    interval_before: Interval | None
    reps_before: Count | None
    due_before: Day | None
    ease_after: Easiness | None
    interval_after: Interval | None
    reps_after: Count | None
    due_after: Day | None


class ExamAttempt(_Record):
    id: Id
    session: Id | None
    started_at: Instant
    ended_at: Instant
    questions: Count
    correct: Count
    score: Score
    passed: bool
    minutes: Minutes
    detail: JsonText | None


class ExportDocument(_Record):
    """Everything the progress database knows about the learner (format version 1)."""

    format: Literal["kinesis-tutor-export"]
    version: Literal[1]
    settings: dict[str, int]
    cards: list[Card]
    sessions: list[Session]
    reviews: list[Review]
    exam_attempts: list[ExamAttempt]


assert get_args(Review.model_fields["kind"].annotation) == REVIEW_KINDS, (
    "Review.kind lists the review kinds of core.review"
)


class Invalid(Exception):
    """The first thing wrong with a document, in words."""


def export_json_schema() -> dict[str, Any]:
    return ExportDocument.model_json_schema()


def from_rows(raw: dict[str, Any]) -> dict[str, Any]:
    """The document, JSON-ready, from database rows (0/1 become true/false, REAL columns numbers)."""
    return ExportDocument.model_validate(raw).model_dump(mode="json")


def parse(doc: Any) -> ExportDocument:
    """The document checked, or TutorError naming the first problem; nothing is written either way."""
    try:
        return _parse(doc)
    except Invalid as exc:
        raise TutorError(f"not a valid kinesis-tutor export: {exc}; nothing was imported") from None


def _parse(doc: Any) -> ExportDocument:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Invalid(f'it lacks "format": "{FORMAT}"')
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise Invalid(
                f"it is format version {version}, written by a newer kinesis-tutor (this one reads version {VERSION})"
            )
        raise Invalid(f"unsupported version {version!r} (this kinesis-tutor reads version {VERSION})")
    try:
        model = ExportDocument.model_validate(doc, strict=True)
    except ValidationError as exc:
        first = min(exc.errors(), key=lambda err: _rank(err["loc"], err["type"]))
        raise Invalid(_message(first)) from None
    _check_settings(model.settings)
    _check_references(model)
    _check_states(model)
    return model


# ---------------------------------------------------------------------------------- errors → words


def _inner(annotation: Any) -> Any:
    """The model inside ``list[X]`` or ``X | None``, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner(arg)
        if found is not None:
            return found
    return None


def _rank(loc: tuple[Any, ...], kind: str) -> tuple[int, ...]:
    """Where an error stands in document order (top-level keys missing first, then unknown ones;
    in a record, an unknown key before the fields)."""
    model: Any = ExportDocument
    ranks = []
    for depth, part in enumerate(loc):
        if isinstance(part, int) or model is None:
            ranks.append(part if isinstance(part, int) else 0)
            continue
        fields = list(model.model_fields)
        if part in fields:
            ranks.append(fields.index(part) + (0 if depth or kind == "missing" else 100))
            model = _inner(model.model_fields[part].annotation)
        else:
            ranks.append(50 if depth == 0 else -1)
    return tuple(ranks)


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_NAMES = {
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
}


def _message(err: Any) -> str:
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    where, key = _path(loc[:-1]), loc[-1]
    if kind == "missing":
        if not where:
            return f"the key '{key}' is missing"
        extra = " (null for a card never reviewed)" if key == "state" and len(loc) == 3 else ""
        return f"{where} lacks '{key}'{extra}"
    if kind == "extra_forbidden":
        return f"unknown key '{key}'" if not where else f"{where} has an unknown key '{key}'"
    if kind == "list_type":
        return f"'{key}' must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{key}' must be an object" if len(loc) == 1 else f"{_path(loc)} must be an object"
    if kind in _TYPE_NAMES:
        if value is None:
            return f"{_path(loc)} must not be null"
        return f"{_path(loc)} must be {_TYPE_NAMES[kind]}, not {value!r}"
    if kind == "literal_error" and key == "kind":
        return f"{_path(loc)} must be one of {', '.join(REVIEW_KINDS)}, not {value!r}"
    if kind in ("greater_than_equal", "less_than_equal") and key == "quality":
        return f"{_path(loc)} must be from 0 to 5, not {value}"
    return f"{_path(loc)} {_limit(kind, err.get('ctx') or {}, value) or err['msg']}"


def _limit(kind: str, ctx: dict[str, Any], value: Any) -> str | None:
    """The broken bound in words, or None for pydantic's own words."""
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}, not {value!r}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}, not {value!r}"
    if kind == "finite_number":
        return f"must be a finite number, not {value!r}"
    if kind == "value_error":
        return str(ctx.get("error", "")) or None
    return None


# ---------------------------------------------------------------------------------- what types cannot say


def _check_settings(values: dict[str, int]) -> None:
    for name, value in values.items():
        if name not in settings_mod.SETTINGS:
            raise Invalid(f"unknown setting '{name}'")
        try:
            settings_mod.parse(name, str(value))
        except TutorError as exc:
            raise Invalid(f"settings.{name}: {exc}") from None


def _unique(ids: list[Any], where: str) -> None:
    seen: set[Any] = set()
    for i, key in enumerate(ids):
        if key in seen:
            shown = f"the card {key[0]}/{key[1]}" if isinstance(key, tuple) else f"the id {key}"
            raise Invalid(f"{where}[{i}]: {shown} appears twice")
        seen.add(key)


def _check_references(doc: ExportDocument) -> None:
    _unique([(c.deck_id, c.card_id) for c in doc.cards], "cards")
    _unique([s.id for s in doc.sessions], "sessions")
    _unique([r.id for r in doc.reviews], "reviews")
    _unique([x.id for x in doc.exam_attempts], "exam_attempts")
    cards = {(c.deck_id, c.card_id) for c in doc.cards}
    sessions = {s.id for s in doc.sessions}
    for i, r in enumerate(doc.reviews):
        if (r.deck_id, r.card_id) not in cards:
            raise Invalid(f"reviews[{i}]: the card {r.deck_id}/{r.card_id} is not in 'cards'")
        if r.session is not None and r.session not in sessions:
            raise Invalid(f"reviews[{i}]: the session {r.session} is not in 'sessions'")
    for i, x in enumerate(doc.exam_attempts):
        if x.session is not None and x.session not in sessions:
            raise Invalid(f"exam_attempts[{i}]: the session {x.session} is not in 'sessions'")
        if x.correct > x.questions:
            raise Invalid(f"exam_attempts[{i}]: {x.correct} right answers of {x.questions} questions")


def _check_states(doc: ExportDocument) -> None:
    """Every card's state is what its scheduled reviews give (the rule ``db check`` applies), so an
    accepted import never leaves a database that fails its own check."""
    logs: dict[tuple[str, str], list[tuple[int, date, str]]] = {}
    for r in sorted(doc.reviews, key=lambda r: r.id):
        if r.scheduled:
            logs.setdefault((r.deck_id, r.card_id), []).append((r.quality, date.fromisoformat(r.day), r.ts))
    for i, card in enumerate(doc.cards):
        log = logs.get((card.deck_id, card.card_id), [])
        if card.state is None:
            if log:
                raise Invalid(f"cards[{i}]: {len(log)} scheduled review(s) in the log but the state is null")
            continue
        want = replay(log)
        if want is None:
            raise Invalid(f"cards[{i}].state: no scheduled review in the log gives this state")
        problems = differences(CardState(**card.state.model_dump()), want)
        if problems:
            raise Invalid(f"cards[{i}].state: {problems[0]}")
