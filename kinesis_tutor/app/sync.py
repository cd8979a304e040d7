"""Deck sync: bring the cards table in line with the deck files, never dropping history.

- a new card is added;
- a card whose content changed keeps its identity and history (its content hash is updated);
- a card gone from its deck is marked removed, and comes back with its history if it returns;
- a deck file that fails to load leaves its cards exactly as they were.

Unchanged files are recognised by size and modification time, so that a start with nothing
changed costs a few ``stat`` calls and one query.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from kinesis_tutor.app import deckcache
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import studyday
from kinesis_tutor.store import cardsync
from kinesis_tutor.store.cardsync import DeckFile
from kinesis_tutor.store.progress import Store
from kinesis_tutor.store.rows import iso

if TYPE_CHECKING:
    from kinesis_tutor.decks.loader import LoadedDeck
    from kinesis_tutor.decks.yamlsource import Problem


# What the last sync of each open store found, so that a deck skipped for its problems is named as such.
_LAST_SYNC: WeakKeyDictionary[Store, SyncReport] = WeakKeyDictionary()


@dataclass
class SyncReport:
    skipped: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    restored: int = 0
    renamed: int = 0
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)  # deck id -> its file, for decks skipped for problems

    def summary(self) -> str:
        if self.skipped:
            return "decks unchanged"
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.added, "new"),
                (self.changed, "changed"),
                (self.removed, "removed"),
                (self.restored, "back"),
                (self.renamed, "renamed (history kept)"),
            )
            if n
        ]
        return "cards: " + ", ".join(parts) if parts else "decks checked, no card changed"


def _yaml_files(dirs: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Every YAML file under ``dirs`` (its resolved path): its mtime and size."""
    out: dict[str, tuple[int, int]] = {}
    for d in dirs:
        if d.is_file():
            if _is_yaml_name(d.name):
                with suppress(OSError):
                    st = d.stat()
                    out[str(d.resolve())] = (st.st_mtime_ns, st.st_size)
        elif d.is_dir():
            _walk(str(d.resolve()), out)
    return out


def _is_yaml_name(name: str) -> bool:
    """Whether a file name has a YAML suffix in any case, as ``Path.suffix`` reads a suffix."""
    i = name.rfind(".")
    return 0 < i < len(name) - 1 and name[i:].lower() in (".yaml", ".yml")


def _walk(folder: str, out: dict[str, tuple[int, int]]) -> None:
    """What ``Path(folder).rglob("*")`` finds, ``stat``ed, in one ``scandir`` per folder: the folder's
    entries, then each subfolder's (a link to a folder is not followed). ``folder`` is resolved, so only
    a link below it needs resolving."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except PermissionError:
        return
    for entry in entries:
        if _is_yaml_name(entry.name):
            try:
                st = entry.stat()
                path = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
            except OSError:
                continue
            out[path] = (st.st_mtime_ns, st.st_size)
    for entry in entries:
        with suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, out)


def _is_deck(path: str) -> bool:
    from kinesis_tutor.decks.loader import is_deck_file

    return is_deck_file(Path(path))


def _load_changed(
    dirs: list[Path],
    changed: list[str],
    known: dict[str, DeckFile],
    files: dict[str, tuple[int, int]],
    memos: deckcache.Memos,
) -> tuple[list[LoadedDeck], list[Problem], dict[str, str]]:
    """Load only the deck files that changed; the catalog and facts did not. Returns the loaded
    decks and the problems, checking deck ids against the decks of the unchanged files. The
    memo of each deck file (``app/deckcache.py``) is read from ``memos``, and kept there when it loads."""
    from kinesis_tutor.decks.loader import DeckProblems, load_deck_file
    from kinesis_tutor.decks.yamlsource import Problem

    problems: list[Problem] = []
    catalog, facts = memos.support(dirs, problems, changed)
    changed_set = set(changed)
    owner = {known[p].deck_id: p for p in files if p in known and p not in changed_set and known[p].deck_id}
    decks: list[LoadedDeck] = []
    broken: dict[str, str] = {}
    for path in changed:
        memo = memos.read(Path(path), catalog, facts)
        try:
            loaded = load_deck_file(Path(path), catalog, facts, memo)
        except DeckProblems as exc:
            problems.extend(exc.problems)
            if exc.deck_id:
                broken[exc.deck_id] = exc.problems[0].file
            continue
        other = owner.get(loaded.deck.id)
        if other is not None and other != path:
            problems.append(
                Problem(path, 1, 1, f"deck id '{loaded.deck.id}' is already used by {other}; deck ids must be unique")
            )
            continue
        owner[loaded.deck.id] = path
        decks.append(loaded)
        memos.loaded(loaded, memo)
    return decks, problems, broken


def _plan(
    dirs: list[Path],
    files: dict[str, tuple[int, int]],
    known: dict[str, DeckFile],
    touched: set[str],
    force: bool,
    memos: deckcache.Memos,
) -> tuple[list[LoadedDeck], list[Problem], set[str] | None, dict[str, str]]:
    """Load what must be loaded: only the changed deck files when nothing else changed, else every
    deck. Returns the decks, the problems and the deck ids the sync may change (None: all).

    Only a changed file is read with its memo (``app/deckcache.py``), and its memo is written then:
    a first sync writes none (it would cost it a fifth more), and a deck never edited has none."""
    incremental = not force and bool(known) and all(_is_deck(p) for p in touched)
    if incremental:
        changed = sorted(p for p in touched if p in files)
        decks, problems, broken = _load_changed(dirs, changed, known, files, memos)
        # The decks whose cards this sync may change: what the touched files hold now and held before.
        before = {d for p in touched if p in known and (d := known[p].deck_id)}
        scope = {d.deck.id for d in decks} | before
        return decks, problems, scope, broken
    from kinesis_tutor.decks.loader import load_library

    lib = load_library(dirs)  # every deck (the first sync, or the catalog or facts changed): no memo helps
    broken = {b.deck_id: b.problems[0].file for b in lib.broken if b.deck_id and b.clashes_with is None}
    return list(lib.decks.values()), list(lib.problems), None, broken


def _file_records(
    rewrite: set[str],
    files: dict[str, tuple[int, int]],
    known: dict[str, DeckFile],
    decks: list[LoadedDeck],
    failed_files: set[str],
) -> list[DeckFile]:
    deck_of_file = {str(d.file.resolve()): d.deck.id for d in decks}
    records = [
        DeckFile(p, deck_of_file.get(p) or (known[p].deck_id if p in known else None), files[p][0], files[p][1])
        for p in sorted(rewrite)
        if p in files and p not in failed_files  # a broken file is read again next time, so its problems show again
    ]
    # Keep the deck id of a broken file, so its cards stay protected until it is fixed.
    records += [DeckFile(p, known[p].deck_id, -1, -1) for p in sorted(failed_files) if p in known]
    return records


def sync(store: Store, dirs: Iterable[Path], *, force: bool = False) -> SyncReport:
    """Sync the store with the decks under ``dirs``. Returns what changed and any deck problems.

    When only some deck files changed, only those are read (a large collection stays quick to
    open after one deck is edited); a change to the catalog or the facts reloads every deck."""
    if store.file is not None and store.file.read_only:  # a read-only file is read as it is
        return SyncReport(skipped=True)
    dirs = list(dirs)
    files = _yaml_files(dirs)
    known = cardsync.deck_files(store)
    known_fp = {p: (r.mtime_ns, r.size) for p, r in known.items()}
    if not force and files and known_fp == files:
        return SyncReport(skipped=True)
    touched = {p for p in set(files) | set(known) if files.get(p) != known_fp.get(p)}
    _check_file_meanwhile(store)
    with _collector_paused():
        return _bring_in_line(store, dirs, files, known, touched, force)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while decks are read and written. A sync makes objects by
    the hundred thousand and keeps them to the end, and each full collection walks every object of
    the process (SQLAlchemy, pydantic and the decks read so far): a fifth of a first sync's time,
    for no garbage (the cards, values and models made here hold no cycles: peak memory is the same)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _bring_in_line(
    store: Store,
    dirs: list[Path],
    files: dict[str, tuple[int, int]],
    known: dict[str, DeckFile],
    touched: set[str],
    force: bool,
) -> SyncReport:
    memos = deckcache.Memos(deckcache.folder_of(store))
    decks, problems, scope, broken = _plan(dirs, files, known, touched, force, memos)
    failed_files = {str(Path(p.file).resolve()) for p in problems}
    # Decks whose file failed to load keep their cards untouched.
    protected = {d for f in failed_files if f in known and (d := known[f].deck_id)}
    rewrite = touched if scope is not None else set(files) | set(known)
    changes = cardsync.write_cards(
        store,
        (card for deck in decks for card in deck.cards),
        scope=scope,
        protected=protected,
        now=iso(studyday.utcnow()),
        rewrite=rewrite,
        files=_file_records(rewrite, files, known, decks, failed_files),
        renames={(d.deck.id, card): olds for d in decks for card, olds in d.renames.items()},
    )
    memos.write()  # after the write: the study cards' content hashes are kept with them
    return SyncReport(
        added=changes.added,
        changed=changes.changed,
        removed=changes.removed,
        restored=changes.restored,
        renamed=changes.renamed,
        problems=problems,
        broken=broken,
    )


def _check_file_meanwhile(store: Store) -> None:
    """The damage check that the first write waits for (store/faults.py) runs while the decks are read."""
    file = getattr(store, "file", None)
    if file is not None and not file.read_only and not file.sound:
        file.guard.start()


def open_synced(paths: Paths, on_problems: Callable[[SyncReport], None] | None = None) -> Store:
    """Open the store and sync the decks. A deck with problems is skipped (its cards keep their
    history) and ``on_problems`` is told; the rest goes on."""
    store = paths.open_store()
    report = sync(store, paths.deck_dirs())
    _LAST_SYNC[store] = report
    if report.problems and on_problems is not None:
        on_problems(report)
    return store


def check_decks(store: Store, decks: Iterable[str], *, known: Iterable[str] | None = None) -> None:
    """Refuse a --deck that gives no card (``filters.refuse_deck``): a deck skipped for its
    problems, a deck with no card yet, or an id that names no deck (with a did-you-mean).
    ``known``: the decks taken as they are (default: the decks that have cards)."""
    decks = list(decks)
    if not decks:
        return
    from kinesis_tutor.app.filters import refuse_deck

    with_cards = set(store.deck_ids())
    accepted = with_cards if known is None else with_cards | set(known)
    missing = [d for d in decks if d not in accepted]
    if not missing:
        return
    last = _LAST_SYNC.get(store)
    broken = {d: (f, sum(1 for p in last.problems if p.file == f)) for d, f in last.broken.items()} if last else {}
    in_files = {r.deck_id for r in cardsync.deck_files(store).values() if r.deck_id}  # empty decks too
    raise refuse_deck(missing[0], with_cards, broken=broken, empty=in_files - with_cards)
