"""``export --format apkg``: the decks as an Anki package (``.apkg``) for Anki, AnkiDroid and AnkiMobile.

The notes come from ``app/anki_notes.py``; genanki writes them. One Anki deck per deck, under
``Kinesis::``. The package is built in a temporary folder and renamed over the target: a failed
export leaves no file behind and never a half-written one.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app import anki_notes, files
from kinesis_tutor.app.anki_notes import BASIC, CHOICE, CLOZE, FIELDS, NUMERIC, Note
from kinesis_tutor.app.filters import refuse_in_library
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean

if TYPE_CHECKING:
    from kinesis_tutor.decks.loader import Library

# Fixed for good: Anki recognises a note type by its id, so a new export updates the old one.
MODEL_IDS = {BASIC: 1_482_730_101, CLOZE: 1_482_730_102, CHOICE: 1_482_730_103, NUMERIC: 1_482_730_104}
MODEL_NAMES = {BASIC: "Kinesis basic", CLOZE: "Kinesis cloze", CHOICE: "Kinesis choice", NUMERIC: "Kinesis numeric"}

CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; font-size: 20px;
  line-height: 1.45; text-align: left; color: #1c1c1e; background-color: #ffffff; padding: 0.6em;
  max-width: 38em; margin: 0 auto; overflow-wrap: anywhere; }
.kt-context { font-size: 0.8em; color: #5f6368; margin-bottom: 0.4em; }
.kt-ask { font-weight: bold; margin: 0.6em 0 0.3em; }
.kt-option { margin: 0.25em 0; padding: 0.35em 0.5em; border: 1px solid #d0d4da; border-radius: 6px; }
.kt-answer { font-weight: bold; color: #0b6b2e; margin: 0.4em 0; }
.kt-why { margin-top: 0.6em; font-size: 0.9em; }
.kt-changed { margin-top: 0.6em; padding: 0.4em 0.6em; border-left: 4px solid #b26a00; background: #fff4e0; }
.kt-source { margin-top: 0.6em; font-size: 0.75em; color: #5f6368; overflow-wrap: anywhere; }
.cloze { font-weight: bold; color: #0a58ca; }
input#typeans { font-size: 1em; width: 100%; box-sizing: border-box; }
.nightMode.card, .night_mode.card, .nightMode .card, .night_mode .card { color: #e8e8ea; background-color: #1c1c1e; }
.nightMode .kt-context, .night_mode .kt-context, .nightMode .kt-source, .night_mode .kt-source { color: #a0a4aa; }
.nightMode .kt-option, .night_mode .kt-option { border-color: #4a4d52; }
.nightMode .kt-answer, .night_mode .kt-answer { color: #6fdc8c; }
.nightMode .kt-changed, .night_mode .kt-changed { background: #3a2a10; border-left-color: #f0a030; }
.nightMode .cloze, .night_mode .cloze { color: #7cb8ff; }
"""

_BACK_TAIL = (
    '{{#Explanation}}<div class="kt-why">{{Explanation}}</div>{{/Explanation}}'
    '{{#Changed}}<div class="kt-changed">{{Changed}}</div>{{/Changed}}'
    '{{#Source}}<div class="kt-source">{{Source}}</div>{{/Source}}'
)
TEMPLATES: dict[str, tuple[str, str]] = {
    BASIC: ("{{Front}}", '{{FrontSide}}<hr id="answer"><div class="kt-answer">{{Back}}</div>' + _BACK_TAIL),
    CLOZE: ("{{cloze:Text}}", '{{cloze:Text}}<hr id="answer">' + _BACK_TAIL),
    CHOICE: (
        '{{Question}}<div class="kt-ask">{{Ask}}</div>{{Options}}',
        '{{FrontSide}}<hr id="answer"><div class="kt-answer">{{Answer}}</div>'
        '{{#WhyNot}}<div class="kt-why">{{WhyNot}}</div>{{/WhyNot}}' + _BACK_TAIL,
    ),
    NUMERIC: (
        '{{Question}}<div class="kt-ask">Type a number with its unit.</div>{{type:Answer}}',
        '{{Question}}<hr id="answer">{{type:Answer}}<div class="kt-answer">Accepted: {{Accepted}}</div>' + _BACK_TAIL,
    ),
}


def _models() -> dict[str, Any]:
    import genanki

    models = {}
    for name, fields in FIELDS.items():
        front, back = TEMPLATES[name]
        models[name] = genanki.Model(
            MODEL_IDS[name],
            MODEL_NAMES[name],
            fields=[{"name": f} for f in fields],
            templates=[{"name": "Cloze" if name == CLOZE else "Card 1", "qfmt": front, "afmt": back}],
            css=CSS,
            model_type=genanki.Model.CLOZE if name == CLOZE else genanki.Model.FRONT_BACK,
        )
    return models


def deck_number(name: str) -> int:
    """A stable Anki deck id for the deck ``name`` (Anki's ids are 31-bit here, as genanki suggests)."""
    digest = hashlib.sha256(f"kinesis-tutor deck\x1f{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


# ---------------------------------------------------------------------------------- choosing cards


def _table_cells(lib: Library) -> dict[str, tuple[str, str]]:
    """The forward cells of every table (card key → (feature, service name)): the ones asked as front / back."""
    from kinesis_tutor.decks.expand import row_id

    cells = {}
    for deck_id, table in lib.tables():
        for row in table.rows:
            for service in table.services:
                name = lib.catalog[service].name if service in lib.catalog else service
                cells[f"{deck_id}/{table.id}.{row_id(row)}.{service}"] = (row.feature, name)
    return cells


def select_notes(lib: Library, decks: list[str], tags: list[str]) -> list[Note]:
    """The notes of the decks (all if none) with any of the tags (any card if none)."""
    for d in decks:
        if d not in lib.decks or not lib.decks[d].cards:  # as every --deck filter says it (app/filters.py)
            raise refuse_in_library(lib, d)
    chosen = [lib.decks[d] for d in decks] if decks else list(lib.decks.values())
    wanted = set(tags)
    cards = [c for d in chosen for c in d.cards if not wanted or wanted.intersection(c.tags)]
    return anki_notes.notes_for(cards, _table_cells(lib))


def _tag_hint(lib: Library, decks: list[str], tags: list[str]) -> str:
    """Why no card matched: the first --tag no card of the chosen decks carries, with a did-you-mean."""
    known = {t for d in (decks or lib.decks) for c in lib.decks[d].cards for t in c.tags}
    unknown = [t for t in tags if t not in known]
    where = f"no card of {', '.join(decks)}" if decks else "no card"
    return f": {where} is tagged '{unknown[0]}'{did_you_mean(unknown[0], sorted(known))}" if unknown else ""


# ---------------------------------------------------------------------------------- writing


def write_package(notes: list[Note], target: Path, timestamp: float) -> None:
    """Write ``notes`` as an .apkg at ``target``, whole or not at all."""
    import genanki

    models = _models()
    decks: dict[str, Any] = {}
    for note in notes:
        deck = decks.get(note.deck_name)
        if deck is None:
            deck = decks[note.deck_name] = genanki.Deck(deck_number(note.deck_name), note.deck_name)
        deck.add_note(
            genanki.Note(model=models[note.model], fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        )
    package = genanki.Package(list(decks.values()))
    data = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="kinesis-tutor-apkg-") as work:
        db = Path(work) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), timestamp, iter(range(int(timestamp * 1000), 1 << 62)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")
    files.write_bytes(target, data.getvalue())


@dataclass
class AnkiExported:
    output: Path
    notes: int
    cards: int
    by_kind: dict[str, int] = field(default_factory=dict)  # notes per card kind (table: table cells)
    decks: list[str] = field(default_factory=list)
    problem_files: int = 0  # deck files that could not be read (left out)


def export_apkg(
    paths: Paths, output: Path | None, decks: list[str], tags: list[str], now: float | None = None
) -> AnkiExported:
    """Write the decks (filtered) as an Anki package to ``output``; ``now`` stamps the notes (a
    later stamp makes Anki update the notes it already has)."""
    from kinesis_tutor.decks.loader import load_library

    if output is None or str(output) == "-":
        raise TutorError("an Anki package is a file: name it with -o, e.g. -o kinesis.apkg", exit_code=EXIT_USAGE)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise TutorError(f"cannot write {output}: the folder {folder} does not exist", exit_code=EXIT_USAGE)
    if output.is_dir():
        raise TutorError(f"cannot write {output}: it is a folder", exit_code=EXIT_USAGE)
    lib = load_library(paths.deck_dirs())
    notes = select_notes(lib, decks, tags)
    if not notes:
        raise TutorError(
            f"no cards match those filters{_tag_hint(lib, decks, tags)}; nothing was exported", exit_code=EXIT_USAGE
        )
    try:
        write_package(notes, output, time.time() if now is None else now)
    except OSError as exc:
        raise TutorError(f"cannot write {output}: {exc.strerror or exc}") from None
    return AnkiExported(
        output=output,
        notes=len(notes),
        cards=sum(n.cards for n in notes),
        by_kind=dict(sorted(Counter(n.kind for n in notes).items())),
        decks=sorted({n.deck_name for n in notes}),
        problem_files=len({p.file for p in lib.problems}),
    )
