"""export / import, config list / set, db check / rebuild."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

FORMATS = ("json",)


def _open_existing(paths: Paths):
    """The store at ``paths.db``; refuse rather than create an empty database as a side effect."""
    from kinesis_tutor.store import open_store

    if not paths.db.exists():
        raise TutorError(f"no progress database at {paths.db} (nothing studied yet, or use --db to name the file)")
    return open_store(paths.db)


def _write_atomically(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file, so that a failure never leaves half a file."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise TutorError(f"cannot write {path}: the folder {parent} does not exist", exit_code=EXIT_USAGE)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise TutorError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_export(paths: Paths, fmt: str, output: Path | None) -> None:
    from kinesis_tutor.store.transfer import export_document

    if fmt not in FORMATS:
        raise TutorError(f"unknown export format '{fmt}'; the formats are: {', '.join(FORMATS)}", exit_code=EXIT_USAGE)
    with _open_existing(paths) as store:
        doc = export_document(store)
    data = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    _write_atomically(output, data)
    sys.stderr.write(f"exported {len(doc['cards'])} cards and {len(doc['reviews'])} reviews to {output}\n")


def run_import(paths: Paths, file: Path) -> None:
    from kinesis_tutor.app.sync import sync
    from kinesis_tutor.store import open_store
    from kinesis_tutor.store.transfer import import_document, validate

    try:
        raw = Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TutorError(f"{file} is not a kinesis-tutor export (not UTF-8 text); nothing was imported") from None
    except OSError as exc:
        raise TutorError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TutorError(
            f"{file} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); nothing was imported"
        ) from None
    try:
        validate(doc)  # before the database is opened (or created)
    except TutorError as exc:
        raise TutorError(f"{file}: {exc}") from None
    with open_store(paths.db) as store:
        counts = import_document(store, doc)
        print(
            f"imported {counts['cards']} cards ({counts['states']} with a schedule), {counts['reviews']} reviews, "
            f"{counts['sessions']} sessions and {counts['exam_attempts']} exam attempts into {paths.db}"
        )
        # Sync now, so that imported cards get their content and the ones in no deck here are hidden.
        report = sync(store, paths.deck_dirs())
    if report.problems:
        sys.stderr.write(
            f"kinesis-tutor: warning: {len({p.file for p in report.problems})} deck file(s) could not be read; "
            "run 'kinesis-tutor decks validate' for details\n"
        )
    if report.removed:
        print(
            f"{report.removed} card(s) are in no deck here: they keep their history and come back when their deck does"
        )


def run_config_list(paths: Paths) -> None:
    from rich.table import Table

    from kinesis_tutor.core import settings
    from kinesis_tutor.store import open_store
    from kinesis_tutor.ui.render import console

    with open_store(paths.db) as store:
        values = store.settings()
    table = Table(title=f"Settings ({paths.db})", title_justify="left")
    table.add_column("setting", style="cyan", no_wrap=True)
    table.add_column("value", justify="right")
    table.add_column("default", justify="right", style="dim")
    table.add_column("meaning")
    for name, spec in settings.SETTINGS.items():
        value = values[name]
        shown = str(value) if value == spec.default else f"[bold]{value}[/]"
        table.add_row(name, shown, str(spec.default), f"{spec.help} ({spec.low}–{spec.high})")
    console().print(table)


def run_config_set(paths: Paths, key: str, value: str) -> None:
    from kinesis_tutor.core import settings
    from kinesis_tutor.store import open_store

    settings.parse(key, value)  # a bad name or value is refused before the database is touched
    with open_store(paths.db) as store:
        number = store.set_setting(key, value)
    print(f"{key} = {number}")


def run_check(paths: Paths) -> None:
    from sqlalchemy import func, select

    from kinesis_tutor.store import schema
    from kinesis_tutor.store.integrity import check

    with _open_existing(paths) as store:
        problems = check(store)
        if not problems:
            with store.reader.connect() as conn:
                n_cards = conn.execute(select(func.count()).select_from(schema.card_state)).scalar()
                n_reviews = conn.execute(select(func.count()).select_from(schema.reviews)).scalar()
    if problems:
        for line in problems:
            print(line)
        raise TutorError(
            f"{len(problems)} problem(s) found in {paths.db}; "
            "'kinesis-tutor db rebuild' recomputes card states from the review log"
        )
    print(f"OK: {paths.db} is sound; {n_cards} card states match their {n_reviews} logged reviews")


def run_rebuild(paths: Paths) -> None:
    from kinesis_tutor.store.integrity import check, rebuild

    with _open_existing(paths) as store:
        changed = rebuild(store)
        left = check(store)
    print(f"rebuilt card states from the review log: {changed} card(s) changed")
    if left:
        for line in left:
            print(line)
        raise TutorError(f"{len(left)} problem(s) remain that a rebuild cannot fix")
