"""decks preview --watch: what to show of a deck each time its files change.

The view polls :func:`signature` (the modification time and size of the deck file, the catalogs and
the facts files) and asks for a new :func:`snapshot` when it changes. A deck that stops loading
after an edit gives its problems instead of its cards, so the author sees them and fixes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import TutorError


@dataclass
class Snapshot:
    file: Path
    cards: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    message: str = ""  # why there is nothing to show (a missing file, an unknown card)


def deck_file(paths: Paths, deck_id: str) -> Path:
    """The file of ``deck_id`` (a TutorError if there is no such deck, as ``decks preview`` says)."""
    from kinesis_tutor.app import decks

    return Path(decks.find_deck(decks.load(paths), deck_id).file)


def signature(paths: Paths, file: Path) -> tuple:
    """Changes whenever the deck file, a catalog or a facts file is saved (or the file goes away)."""
    from kinesis_tutor.decks.locations import support_files

    stamps: list[tuple[str, int | None, int | None]] = []
    for path in [file, *(p for group in support_files(paths.deck_dirs()) for p in group)]:
        try:
            st = os.stat(path)
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(path), None, None))
    return tuple(stamps)


def snapshot(paths: Paths, deck_id: str, card_id: str | None, file: Path) -> Snapshot:
    """The cards to preview now, or the problems that keep the deck from loading."""
    from kinesis_tutor.app import decks

    if not file.exists():
        return Snapshot(file, message=f"{file} is not there (renamed or deleted?); waiting for it to come back")
    lib = decks.load(paths)
    if deck_id not in lib.decks:
        mine = [str(p) for p in lib.problems if Path(p.file).resolve() == file.resolve()]
        return Snapshot(file, problems=mine, message="" if mine else f"the file no longer holds deck '{deck_id}'")
    try:
        return Snapshot(file, cards=decks.preview_cards(lib, deck_id, card_id))
    except TutorError as exc:
        return Snapshot(file, message=str(exc))
