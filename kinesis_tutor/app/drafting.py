"""decks draft: a deck draft from Markdown notes, checked by the real loader before it is shown or written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kinesis_tutor.app import files
from kinesis_tutor.app.paths import Paths, display_path
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError


@dataclass
class DraftResult:
    text: str
    notes: Path
    output: Path | None
    deck_id: str
    cards: int
    tables: int
    numeric: int


def service_names(catalog: dict) -> dict[str, str]:
    """Normalised id, name, aliases and former name of every catalog service → its id."""
    from kinesis_tutor.decks.draft import normalise

    names: dict[str, str] = {}
    for sid, service in catalog.items():
        former = [re.sub(r"\s*\(.*$", "", service.formerly)] if service.formerly else []
        for name in [sid, service.name, *service.aliases, *former]:
            for variant in (name, re.sub(r"^(amazon|aws)\s+", "", name, flags=re.IGNORECASE)):
                names.setdefault(normalise(variant), sid)
    return names


def _read_notes(notes: Path) -> str:
    try:
        return notes.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TutorError(
            f"{notes} is not UTF-8 text; save the notes as UTF-8 and try again", exit_code=EXIT_USAGE
        ) from None
    except OSError as exc:
        raise TutorError(f"cannot read {notes}: {exc.strerror}", exit_code=EXIT_USAGE) from None


def draft_notes(paths: Paths, notes: Path, output: Path | None, force: bool) -> DraftResult:
    """Draft a deck from ``notes``; write it to ``output`` (refusing to replace a file unless ``force``)."""
    from kinesis_tutor.decks import draft
    from kinesis_tutor.decks.loader import DeckProblems, load_deck_document, load_library
    from kinesis_tutor.decks.yamlsource import YamlError, parse_text

    if output is not None and output.exists() and output.resolve() == notes.resolve():
        raise TutorError(f"{output} is the notes file itself; write the draft to another file (nothing was written)")
    if output is not None and output.exists() and not force:
        raise TutorError(f"{output} already exists; add --force to replace it (nothing was written)")
    text = _read_notes(notes)
    lib = load_library(paths.deck_dirs())
    base = draft.slug(notes.stem)[:100] or "notes"
    deck_id = base if base not in lib.decks else f"{base}-draft"
    result = draft.draft(text, str(notes), deck_id, service_names(lib.catalog), notes.stem)
    if result.cards + result.tables == 0:
        raise TutorError(
            f"found nothing to draft in {notes}: no table, no 'Term: definition' line and no number with a unit"
            + (" (nothing was written)" if output else "")
        )
    try:
        load_deck_document(parse_text(result.text, str(output or "draft")), lib.catalog, lib.facts)
    except (DeckProblems, YamlError) as exc:  # a bug in the drafter: say so rather than write a bad deck
        found = exc.problems if isinstance(exc, DeckProblems) else [exc.problem]
        raise TutorError(
            "the draft does not validate; please report this (nothing was written)", details=list(map(str, found))
        ) from None
    if output is not None:
        try:
            files.write_text(output, result.text)
        except OSError as exc:
            raise TutorError(f"cannot write {display_path(output)}: {exc.strerror} (nothing was written)") from None
    return DraftResult(result.text, notes, output, deck_id, result.cards, result.tables, result.numeric)
