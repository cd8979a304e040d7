"""Deck sync: bring the cards table in line with the deck files, never dropping history.

- a new card is added;
- a card whose content changed keeps its identity and history (its content hash is updated);
- a card gone from its deck is marked removed, and comes back with its history if it returns;
- a deck file that fails to load leaves its cards exactly as they were.

Unchanged files are recognised by size and modification time, so that a start with nothing
changed costs a few ``stat`` calls and one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, update

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import studyday
from kinesis_tutor.core.errors import EXIT_USAGE, no_such_deck
from kinesis_tutor.store import schema as s
from kinesis_tutor.store.progress import Store, iso


@dataclass
class SyncReport:
    skipped: bool = False
    added: int = 0
    changed: int = 0
    removed: int = 0
    restored: int = 0
    problems: list = field(default_factory=list)

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
            )
            if n
        ]
        return "cards: " + ", ".join(parts) if parts else "decks checked, no card changed"


def _yaml_files(dirs: Iterable[Path]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for d in dirs:
        candidates = [d] if d.is_file() else (d.rglob("*.y*ml") if d.is_dir() else [])
        for p in candidates:
            if p.suffix in (".yaml", ".yml"):
                try:
                    st = p.stat()
                except OSError:
                    continue
                out[str(p.resolve())] = (st.st_mtime_ns, st.st_size)
    return out


def _is_deck(path: str) -> bool:
    from kinesis_tutor.decks.loader import is_deck_file

    return is_deck_file(Path(path))


def _load_changed(dirs: list[Path], changed: list[str], known: dict, files: dict):
    """Load only the deck files that changed; the catalog and facts did not. Returns the loaded
    decks and the problems, checking deck ids against the decks of the unchanged files."""
    from kinesis_tutor.decks.loader import DeckProblems, load_deck_file, load_support
    from kinesis_tutor.decks.yamlsource import Problem

    problems: list = []
    catalog, facts = load_support(dirs, problems)
    changed_set = set(changed)
    owner = {known[p].deck_id: p for p in files if p in known and p not in changed_set and known[p].deck_id}
    decks = []
    for path in changed:
        try:
            loaded = load_deck_file(Path(path), catalog, facts)
        except DeckProblems as exc:
            problems.extend(exc.problems)
            continue
        other = owner.get(loaded.deck.id)
        if other is not None and other != path:
            problems.append(
                Problem(path, 1, 1, f"deck id '{loaded.deck.id}' is already used by {other}; deck ids must be unique")
            )
            continue
        owner[loaded.deck.id] = path
        decks.append(loaded)
    return decks, problems


def sync(store: Store, dirs: Iterable[Path], *, force: bool = False) -> SyncReport:
    """Sync the store with the decks under ``dirs``. Returns what changed and any deck problems.

    When only some deck files changed, only those are read (a large collection stays quick to
    open after one deck is edited); a change to the catalog or the facts reloads every deck."""
    dirs = list(dirs)
    files = _yaml_files(dirs)
    with store.reader.connect() as conn:
        known = {r.path: r for r in conn.execute(select(s.deck_files))}
    known_fp = {p: (r.mtime_ns, r.size) for p, r in known.items()}
    if not force and files and known_fp == files:
        return SyncReport(skipped=True)

    touched = {p for p in set(files) | set(known) if files.get(p) != known_fp.get(p)}
    incremental = not force and bool(known) and all(_is_deck(p) for p in touched)
    if incremental:
        changed = sorted(p for p in touched if p in files)
        decks, problems = _load_changed(dirs, changed, known, files)
        # The decks whose cards this sync may change: what the touched files hold now and held before.
        scope = {d.deck.id for d in decks} | {known[p].deck_id for p in touched if p in known and known[p].deck_id}
    else:
        from kinesis_tutor.decks.loader import load_library

        lib = load_library(dirs)
        decks, problems, scope = list(lib.decks.values()), list(lib.problems), None
    report = SyncReport(problems=problems)
    failed_files = {str(Path(p.file).resolve()) for p in problems}
    # Decks whose file failed to load keep their cards untouched.
    protected = {known[f].deck_id for f in failed_files if f in known and known[f].deck_id}
    now = iso(studyday.utcnow())

    with store.engine.begin() as conn:
        q = select(
            s.cards.c.id,
            s.cards.c.deck_id,
            s.cards.c.card_id,
            s.cards.c.content_hash,
            s.cards.c.removed_at,
            s.cards.c.content.is_(None).label("no_content"),
        )
        if scope is not None:
            q = q.where(s.cards.c.deck_id.in_(sorted(scope)))
        existing = {(r.deck_id, r.card_id): r for r in conn.execute(q)}
        seen: set[tuple[str, str]] = set()
        new_rows, changed_rows, restore_ids = [], [], []
        for deck in decks:
            for card in deck.cards:
                key = (card.deck, card.id)
                seen.add(key)
                digest = card.content_hash
                row = existing.get(key)
                if row is None:
                    new_rows.append(
                        {
                            "deck_id": card.deck,
                            "card_id": card.id,
                            "kind": card.kind,
                            "content": card.to_json(),
                            "content_hash": digest,
                            "first_seen": now,
                        }
                    )
                    continue
                if row.removed_at is not None:
                    restore_ids.append({"pk": row.id})
                if row.content_hash != digest or row.no_content:  # no content: created by an import
                    changed_rows.append(
                        {"pk": row.id, "kind": card.kind, "content": card.to_json(), "content_hash": digest}
                    )
        if new_rows:
            conn.execute(insert(s.cards), new_rows)
        if changed_rows:
            conn.execute(
                update(s.cards)
                .where(s.cards.c.id == bindparam("pk"))
                .values(kind=bindparam("kind"), content=bindparam("content"), content_hash=bindparam("content_hash")),
                changed_rows,
            )
        if restore_ids:
            conn.execute(update(s.cards).where(s.cards.c.id == bindparam("pk")).values(removed_at=None), restore_ids)
        gone = [
            {"pk": r.id}
            for key, r in existing.items()
            if key not in seen and r.removed_at is None and key[0] not in protected
        ]
        if gone:
            conn.execute(update(s.cards).where(s.cards.c.id == bindparam("pk")).values(removed_at=now), gone)
        report.added, report.changed, report.removed, report.restored = (
            len(new_rows),
            len(changed_rows),
            len(gone),
            len(restore_ids),
        )

        deck_of_file = {str(d.file.resolve()): d.deck.id for d in decks}
        rewrite = touched if scope is not None else set(files) | set(known)
        conn.execute(delete(s.deck_files).where(s.deck_files.c.path.in_(sorted(rewrite))))
        rows = [
            {
                "path": p,
                "deck_id": deck_of_file.get(p) or (known[p].deck_id if p in known else None),
                "mtime_ns": files[p][0],
                "size": files[p][1],
                "synced_at": now,
            }
            for p in sorted(rewrite)
            if p in files
            and p not in failed_files  # a broken file is read again next time, so its problems are shown again
        ]
        # Keep the deck id of a broken file, so its cards stay protected until it is fixed.
        rows += [
            {"path": p, "deck_id": known[p].deck_id, "mtime_ns": -1, "size": -1, "synced_at": now}
            for p in failed_files
            if p in known
        ]
        if rows:
            conn.execute(insert(s.deck_files), rows)
    return report


def open_synced(paths: Paths, on_problems: Callable[[SyncReport], None] | None = None) -> Store:
    """Open the store and sync the decks. A deck with problems is skipped (its cards keep their
    history) and ``on_problems`` is told; the rest goes on."""
    from kinesis_tutor.store import open_store

    store = open_store(paths.db)
    report = sync(store, paths.deck_dirs())
    if report.problems and on_problems is not None:
        on_problems(report)
    return store


def check_decks(store: Store, decks: list[str]) -> None:
    """Refuse a deck id that names no deck (with a did-you-mean)."""
    if not decks:
        return
    known = set(store.deck_ids())
    for d in decks:
        if d not in known:
            raise no_such_deck(d, known, exit_code=EXIT_USAGE)
