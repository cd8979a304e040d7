"""``import --from-anki FILE``: answers given in Anki (AnkiDroid, AnkiMobile, the desktop) join this tool's log.

The file is a collection export (``.colpkg``) or a deck package with scheduling (``.apkg``) in
the format every Anki version reads ("Support older Anki versions"). For the notes whose GUIDs
are ours (``app/anki_notes.py``), each answer of Anki's review log is recorded here as a review
of kind ``anki`` at the moment it was given: Again / Hard / Good / Easy → grades 1 / 3 / 4 / 5.
The first answer to a card on a study day moves its SM-2 state (as the first answer of a session
does here); later ones that day (Anki's learning steps) are logged without rescheduling. An answer
already imported is recognised by its card and moment, so importing the same file twice adds
nothing. Answers to notes that are not ours are counted, listed and skipped.

Every refusal (not a package, a format this cannot read, no review log) comes before the
database is opened: a refused file changes nothing.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.anki_notes import anki_targets, is_our_guid
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import studyday
from kinesis_tutor.core.errors import TutorError

if TYPE_CHECKING:
    from kinesis_tutor.store.anki_collection import AnkiAnswer
    from kinesis_tutor.store.progress import Store

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
QUALITY = {1: 1, 2: 3, 3: 4, 4: 5}  # Anki's Again, Hard, Good, Easy → SM-2 grades
READABLE = (
    "export it again in a format every Anki version reads: in Anki, File > Export, "
    "'Anki Collection Package (.colpkg)' with 'Support older Anki versions' ticked (AnkiDroid: Export collection, "
    "'Support older Anki versions'), then import that file"
)
_NEWER_META = 3  # PackageMetadata.Version.LATEST: the zstd-compressed collection.anki21b
_BREAKS = re.compile(r"<(br|/?div|/?p|/?li)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _meta_version(raw: bytes) -> int:
    """The version in a package's ``meta`` (a protobuf message whose field 1 is a varint)."""
    if not raw or raw[0] != 0x08:
        return 0
    value, shift = 0, 0
    for byte in raw[1:10]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value


@contextmanager
def extracted_collection(file: Path) -> Iterator[Path]:
    """The collection database inside the package ``file``, copied to a temporary folder (removed after)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a zip archive"
        raise TutorError(f"{file} is not an Anki package ({reason}); {READABLE}; nothing was imported") from None
    with archive, tempfile.TemporaryDirectory(prefix="kinesis-tutor-anki-") as work:
        names = set(archive.namelist())
        version = _meta_version(archive.read("meta")) if "meta" in names else 0
        if "collection.anki21b" in names or version >= _NEWER_META:
            raise TutorError(
                f"{file} is in Anki's newer package format (a zstd-compressed collection.anki21b), which "
                f"kinesis-tutor cannot read; {READABLE}; nothing was imported"
            )
        member = next((n for n in ("collection.anki21", "collection.anki2") if n in names), None)
        if member is None:
            raise TutorError(
                f"{file} is not an Anki package (it holds no collection); {READABLE}; nothing was imported"
            )
        target = Path(work) / "collection.sqlite"
        try:
            with archive.open(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise TutorError(f"{file}: cannot read {member} ({exc}); {READABLE}; nothing was imported") from None
        yield target


def read_package(file: Path) -> list[AnkiAnswer]:
    """Every answer in the package's review log; TutorError (one line) when it cannot be used."""
    from kinesis_tutor.store.anki_collection import read_answers

    with extracted_collection(file) as db:
        try:
            answers = read_answers(db)
        except TutorError as exc:
            raise TutorError(f"{file}: {exc}; {READABLE}; nothing was imported") from None
    if not answers:
        raise TutorError(
            f"{file} holds no review log: export the collection (.colpkg), or a deck package with "
            "'Include scheduling information' ticked; nothing was imported"
        )
    return answers


# ---------------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class ToRecord:
    deck_id: str
    card_id: str
    quality: int
    moment: datetime
    duration_ms: int
    scheduled: bool


@dataclass
class Plan:
    records: list[ToRecord] = field(default_factory=list)
    already: int = 0  # answers imported before
    unknown: dict[str, list[Any]] = field(default_factory=dict)  # GUID → [first field, answers]
    missing: dict[str, list[Any]] = field(default_factory=dict)  # our GUIDs whose card is in no deck here
    gone: int = 0  # answers to cards deleted in Anki
    not_answers: int = 0  # rows that are no answer (manual reschedules)


def _label(first_field: str) -> str:
    """A note's first field as one line of plain text (for the list of notes skipped)."""
    plain = " ".join(html.unescape(_TAGS.sub("", _BREAKS.sub(" ", first_field))).split())
    return plain if len(plain) <= 60 else plain[:59] + "…"


def plan_import(
    answers: list[AnkiAnswer],
    rows: dict[str, Any],
    rollover: int,
    renamed: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> Plan:
    """What to record: ``rows`` is the store's log (``store.transfer.read_rows``); ``renamed`` maps
    the ids a card had (its ``was:``) to its id now, so that a note exported before the rename
    still reaches the card."""
    from kinesis_tutor.store.rows import iso

    targets: dict[tuple[str, int], tuple[str, str]] = {}
    kinds: dict[tuple[str, str], str] = {}
    for card in rows["cards"]:
        kinds[(card["deck_id"], card["card_id"])] = card["kind"]
        for target in anki_targets(card["deck_id"], card["card_id"], card["kind"]):
            targets[target] = (card["deck_id"], card["card_id"])
    for old, new in (renamed or {}).items():
        if new in kinds:
            for target in anki_targets(*old, kinds[new]):
                targets.setdefault(target, new)
    logged = rows["reviews"]
    seen = {(r["deck_id"], r["card_id"], r["ts"]) for r in logged if r["kind"] == "anki"}
    scheduled_days = {(r["deck_id"], r["card_id"], r["day"]) for r in logged if r["scheduled"]}
    plan = Plan()
    for a in answers:
        if a.ease not in QUALITY:
            plan.not_answers += 1
            continue
        if a.guid is None or a.ord is None:
            plan.gone += 1
            continue
        key = targets.get((a.guid, a.ord))
        if key is None:
            where = plan.missing if is_our_guid(a.guid) else plan.unknown
            where.setdefault(a.guid, [_label(a.first_field), 0])[1] += 1
            continue
        moment = EPOCH + timedelta(milliseconds=a.id)  # exact: Anki's ids are milliseconds
        if (*key, iso(moment)) in seen:
            plan.already += 1
            continue
        day = studyday.study_day(moment, rollover).isoformat()
        first_of_day = (*key, day) not in scheduled_days
        scheduled_days.add((*key, day))
        plan.records.append(ToRecord(*key, QUALITY[a.ease], moment, a.time, first_of_day))
    return plan


# ---------------------------------------------------------------------------------- the use case


@dataclass
class AnkiImported:
    db: str  # the database as messages name it: the file, or the server's URL without its password
    added: int
    scheduled: int
    cards: int
    already: int
    unknown: list[tuple[str, int]]  # (first field of the note, answers skipped): notes not from here
    missing: list[tuple[str, int]]  # the same for our notes whose cards are in no deck here any more
    gone: int
    not_answers: int
    problem_files: int = 0


def record_plan(store: Store, plan: Plan) -> None:
    """Append the answers, oldest first, each applied to its card's SM-2 state as it is logged."""
    pks: dict[tuple[str, str], int] = {}
    for r in plan.records:
        key = (r.deck_id, r.card_id)
        if key not in pks:
            pk = store.card_pk(*key)
            assert pk is not None  # planned from the store's own cards
            pks[key] = pk
        store.record(pks[key], r.quality, "anki", scheduled=r.scheduled, duration_ms=r.duration_ms, now=r.moment)


def import_anki(paths: Paths, file: Path) -> AnkiImported:
    """Bring the answers of the Anki export ``file`` into this run's database (created if need be) and profile."""
    from kinesis_tutor.app.sync import sync
    from kinesis_tutor.decks.loader import load_library
    from kinesis_tutor.store.transfer import read_rows

    answers = read_package(file)  # every refusal happens here, before the database is opened
    with paths.open_store() as store:  # this run's database (a file or a server) and profile
        report = sync(store, paths.deck_dirs())
        lib = load_library(paths.deck_dirs())
        renamed = {
            old: (d.deck.id, card) for d in lib.decks.values() for card, olds in d.renames.items() for old in olds
        }
        plan = plan_import(answers, read_rows(store), store.rollover_hour(), renamed)
        record_plan(store, plan)
    return AnkiImported(
        db=paths.database,
        added=len(plan.records),
        scheduled=sum(r.scheduled for r in plan.records),
        cards=len({(r.deck_id, r.card_id) for r in plan.records}),
        already=plan.already,
        unknown=[(label, n) for label, n in plan.unknown.values()],
        missing=[(label, n) for label, n in plan.missing.values()],
        gone=plan.gone,
        not_answers=plan.not_answers,
        problem_files=len({p.file for p in report.problems}),
    )
