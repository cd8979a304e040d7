"""``kinesis-tutor db copy SOURCE DEST``: every learner's progress from one database to another
(an SQLite file or a server's URL, in either direction), checked by comparing exports.

The cards are copied as they are in the source; then each profile's progress is restored through
the same code as ``import`` (one transaction per profile). The copy is then read back: for every
profile, the export of the destination must equal the export of the source, or the command fails
and says which profile differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kinesis_tutor.core.errors import TutorError

if TYPE_CHECKING:
    from kinesis_tutor.store.progress import Store


@dataclass(frozen=True)
class Copied:
    source: str
    dest: str
    profiles: list[str]
    cards: int
    reviews: int


def _file(target: str) -> Path | None:
    """The SQLite file ``target`` names, ``~`` expanded as --db expands it; None for a server's URL."""
    from kinesis_tutor.store.database import file_of

    file = file_of(target)
    return None if file is None else file.expanduser()


def _open(target: str, profile: str | None = None, *, must_exist: bool) -> Store:
    from kinesis_tutor.store import open_store

    file = _file(target)
    if must_exist and file is not None and not file.exists():
        raise TutorError(f"no progress database at {file} (nothing to copy)")
    return open_store(target if file is None else file, profile)


def _learners(store: Store) -> list[str]:
    from kinesis_tutor.store import learners

    with store.reader.connect() as conn:
        return learners.names(conn)


def copy(source: str, dest: str) -> Copied:
    """Copy every profile of ``source`` into ``dest``, which must hold no progress yet; verify it."""
    from kinesis_tutor.app.transfer import export_document, import_document
    from kinesis_tutor.store.transfer import copy_cards

    src_file, dest_file = _file(source), _file(dest)
    same_file = src_file is not None and dest_file is not None and src_file.resolve() == dest_file.resolve()
    if same_file or source == dest:
        raise TutorError("the source and the destination are the same database")
    with _open(source, must_exist=True) as src:
        src_name, profiles = src.name, _learners(src)
        with _open(dest, must_exist=False) as dst:
            dst_name, taken = dst.name, _learners(dst)
            if taken:
                raise TutorError(
                    f"{dst_name} already holds progress (profiles: {', '.join(taken)}); "
                    "db copy only fills a database without progress"
                )
            cards = copy_cards(src, dst)
    reviews = 0
    for profile in profiles:
        with _open(source, profile, must_exist=True) as src, _open(dest, profile, must_exist=False) as dst:
            doc = export_document(src)
            import_document(dst, doc)
            if export_document(dst) != doc:
                raise TutorError(f"the copy of the profile '{profile}' in {dst_name} differs from {src_name}")
            reviews += len(doc["reviews"])
    return Copied(src_name, dst_name, profiles, cards, reviews)
