"""export / import, config list / set, db check / rebuild: the use cases, returning what to show."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app import files
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

if TYPE_CHECKING:
    from kinesis_tutor.store.progress import Store

FORMATS = ("json",)


def _open_existing(paths: Paths) -> Store:
    """The store at ``paths.db``; refuse rather than create an empty database as a side effect."""
    if not paths.has_database():
        raise TutorError(f"no progress database at {paths.db} (nothing studied yet, or use --db to name the file)")
    return paths.open_store()


# ---------------------------------------------------------------------------------- export


def export_document(store: Store) -> dict[str, Any]:
    """Everything the database knows about the learner, as a JSON-ready dict (one snapshot)."""
    from kinesis_tutor.app.export_model import FORMAT, VERSION, from_rows
    from kinesis_tutor.store.transfer import read_rows

    rows = read_rows(store)
    orphans = rows.pop("orphans")
    if orphans:
        raise TutorError(
            f"{orphans} review(s) in the log point at no card; run 'kinesis-tutor db check' before exporting"
        )
    rows["settings"] = {k: _setting_value(v) for k, v in rows["settings"].items()}
    return from_rows({"format": FORMAT, "version": VERSION, **rows})


def _setting_value(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value


@dataclass
class Exported:
    cards: int
    reviews: int
    output: Path | None  # None: written to standard output


def export(paths: Paths, fmt: str, output: Path | None) -> Exported:
    """Write the export document to ``output`` (atomically), or to standard output."""
    if fmt not in FORMATS:
        raise TutorError(f"unknown export format '{fmt}'; the formats are: {', '.join(FORMATS)}", exit_code=EXIT_USAGE)
    with _open_existing(paths) as store:
        doc = export_document(store)
    data = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    target = None if output is None or str(output) == files.STDOUT else output
    if target is None:
        files.write_text(files.STDOUT, data)
    else:
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.is_dir():
            raise TutorError(f"cannot write {target}: the folder {parent} does not exist", exit_code=EXIT_USAGE)
        try:
            files.write_text(target, data)
        except OSError as exc:
            raise TutorError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Exported(len(doc["cards"]), len(doc["reviews"]), target)


# ---------------------------------------------------------------------------------- import


def import_document(store: Store, doc: Any) -> dict[str, int]:
    """Check an export, then restore it into a database with no progress (one transaction).

    A document with a problem is refused (TutorError naming its JSON path) before anything is written.
    """
    from kinesis_tutor.app.export_model import parse
    from kinesis_tutor.store.transfer import restore_rows

    checked = parse(doc)
    return restore_rows(store, checked.model_dump())


def read_export(file: Path) -> Any:
    """The JSON document in ``file``, checked; nothing is opened or created before it passes."""
    from kinesis_tutor.app.export_model import parse

    try:
        raw = Path(file).read_text(encoding="utf-8-sig")  # a byte order mark (an editor's) is no content
    except UnicodeDecodeError:
        raise TutorError(f"{file} is not a kinesis-tutor export (not UTF-8 text); nothing was imported") from None
    except OSError as exc:
        raise TutorError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise TutorError(
            f"{file} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); nothing was imported"
        ) from None
    except RecursionError:
        raise TutorError(f"{file} is nested too deeply to be a kinesis-tutor export; nothing was imported") from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        raise TutorError(f"{file} is not valid JSON ({exc}); nothing was imported") from None
    try:
        parse(doc)  # before the database is opened (or created)
    except TutorError as exc:
        raise TutorError(f"{file}: {exc}") from None
    return doc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


@dataclass
class Imported:
    db: Path | str  # the file, or the server's URL without its password
    counts: dict[str, int]
    problem_files: int = 0  # deck files the sync after the import could not read
    removed: int = 0  # imported cards that are in no deck here


def import_file(paths: Paths, file: Path) -> Imported:
    """Restore the export in ``file`` into ``paths.db``, then sync the decks."""
    from kinesis_tutor.app.sync import sync

    doc = read_export(file)
    with paths.open_store() as store:
        counts = import_document(store, doc)
        # Sync now, so that imported cards get their content and the ones in no deck here are hidden.
        report = sync(store, paths.deck_dirs())
    return Imported(paths.database, counts, len({p.file for p in report.problems}), report.removed)


# ---------------------------------------------------------------------------------- config


@dataclass
class Config:
    db: Path | str  # the file, or the server's URL without its password
    values: dict[str, int]


def config_values(paths: Paths) -> Config:

    with paths.open_store() as store:
        return Config(paths.database, dict(store.settings()))


def config_set(paths: Paths, key: str, value: str) -> int:
    """Store a setting; a bad name or value is refused before the database is touched."""
    from kinesis_tutor.core import settings

    number = settings.parse(key, value)
    with paths.open_store() as store:
        day = settings.as_date(number) if key == "exam_date" else None
        if day is not None:
            settings.refuse_past(day, store.today())
        return int(store.set_setting(key, value))


def config_unset(paths: Paths, key: str) -> tuple[int, bool]:
    """Forget a stored setting, so that it takes its default again: (the default, whether it was set)."""
    from kinesis_tutor.core import settings
    from kinesis_tutor.store.plan import forget_setting

    if key not in settings.SETTINGS:
        settings.parse(key, "0")  # the unknown-setting error, with its did-you-mean
    with paths.open_store() as store:
        return settings.SETTINGS[key].default, forget_setting(store, key)


# ---------------------------------------------------------------------------------- db check / rebuild


@dataclass
class CheckResult:
    db: Path | str  # the file, or the server's URL without its password
    problems: list[str]
    card_states: int = 0
    reviews: int = 0
    damaged: bool = False  # the file itself failed SQLite's integrity check
    backups: list[Path] = field(default_factory=list)  # copies made before upgrades, newest first


def check(paths: Paths) -> CheckResult:
    """Every problem of the database. A file too damaged to open is checked too: its damage is
    reported, with the copies it can be restored from."""
    from kinesis_tutor.store.faults import Damaged, backups, damage_of
    from kinesis_tutor.store.integrity import check as find_problems
    from kinesis_tutor.store.transfer import table_sizes

    unreadable: Damaged | None = None
    try:
        with _open_existing(paths) as store:
            problems = find_problems(store)
            if not problems:
                return CheckResult(paths.database, [], *table_sizes(store))
    except Damaged as exc:
        if paths.url is not None:
            raise
        unreadable, problems = exc, []
    damage = [] if paths.url is not None else damage_of(paths.db)
    if not damage and unreadable is None:
        return CheckResult(paths.database, problems)
    lines = [f"integrity: {line}" for line in damage] or [f"integrity: {unreadable}"]
    return CheckResult(paths.database, lines, damaged=True, backups=backups(paths.db))


@dataclass
class RebuildResult:
    changed: int
    left: list[str] = field(default_factory=list)


def rebuild(paths: Paths) -> RebuildResult:
    from kinesis_tutor.store.integrity import check as find_problems
    from kinesis_tutor.store.integrity import rebuild as recompute

    with _open_existing(paths) as store:
        changed = recompute(store)
        return RebuildResult(changed, find_problems(store))
