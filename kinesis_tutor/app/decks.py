"""decks list / show / validate / preview / schema, and paths: the data each one shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.filters import has_problems, refuse_in_library  # noqa: F401  (has_problems: used from here)
from kinesis_tutor.app.paths import Paths, content_dir
from kinesis_tutor.core.errors import EXIT_PROBLEM, TutorError, did_you_mean

if TYPE_CHECKING:  # the loader brings pydantic and yaml: only the commands that read decks load it
    from kinesis_tutor.decks.loader import Library, LoadedDeck, Problem


def load(paths: Paths) -> Library:
    """Every deck of the deck folders; the library lists the problems of the decks it skipped."""
    from kinesis_tutor.decks.loader import load_library

    return load_library(paths.deck_dirs())


def find_deck(lib: Library, deck_id: str) -> LoadedDeck:
    """The deck ``deck_id``; a deck whose file has problems says so (not "no deck")."""
    if deck_id in lib.decks:
        return lib.decks[deck_id]
    raise refuse_in_library(lib, deck_id, exit_code=EXIT_PROBLEM)


def deck_rows(lib: Library) -> list[dict[str, Any]]:
    """One row per deck file, as ``decks list --json`` prints it: the decks that load, then the ones
    skipped for their problems (``ok`` false, ``problems`` as FILE:LINE:COL lines)."""
    from kinesis_tutor.decks.loader import is_bundled

    rows = []
    for d in lib.decks.values():
        kinds = Counter(c.kind for c in d.cards if c.origin == "card")
        rows.append(
            {
                "id": d.deck.id,
                "title": d.deck.title,
                "cards": sum(kinds.values()),
                "by_kind": dict(sorted(kinds.items())),
                "table_cards": sum(1 for c in d.cards if c.origin == "table"),
                "tables": len(d.tables),
                "file": str(d.file),
                "bundled": is_bundled(d.file),
                "ok": True,
                "problems": [],
            }
        )
    for b in lib.broken:
        rows.append(
            {
                **dict.fromkeys(("id", "title", "cards", "by_kind", "table_cards", "tables")),
                "id": b.deck_id,
                "file": str(b.file),
                "bundled": is_bundled(b.file),
                "ok": False,
                "problems": [str(p) for p in b.problems],
            }
        )
    return rows


@dataclass
class Validation:
    problems: list[Problem]
    files: int
    decks: int
    cards: int
    notes: list[str] = field(default_factory=list)  # not problems: "kind 'flashcard' is read as 'basic'"
    others: list[str] = field(default_factory=list)  # catalog and facts files named: "catalog.yaml (service catalog)"

    @property
    def bad_files(self) -> int:
        return len({p.file for p in self.problems})


def validate(paths: Paths, targets: list[Path]) -> Validation:
    """Load the given files and folders (the deck folders if none) and list every problem."""
    from kinesis_tutor.decks.loader import deck_files, load_library
    from kinesis_tutor.decks.locations import support_kind

    dirs = targets or paths.deck_dirs()
    missing = [t for t in targets if not t.exists()]
    if missing:
        raise TutorError(f"no such file or folder: {missing[0]}", exit_code=2)
    odd = [t for t in targets if not t.is_file() and not t.is_dir()]
    if odd:  # a pipe or a device: nothing to read as a deck (and reading a pipe could wait forever)
        raise TutorError(f"{odd[0]} is not a file or a folder")
    if targets and not _any_yaml(targets):  # a folder without decks is not "OK": the wrong folder, most likely
        folders = ", ".join(str(t) for t in targets)
        raise TutorError(f"no deck file in {folders}: a deck file's name ends in .yaml or .yml")
    lib = load_library(dirs)
    problems = list(lib.problems)
    files = deck_files(dirs)  # a catalog or facts file named is checked as what it is, not as a deck
    others = [f"{_shown(t)} ({kind})" for t in targets if (kind := support_kind(t)) and t.is_file()]
    if targets and not files:  # only catalog or facts files named: their problems, not their neighbours'
        problems = [p for p in problems if p.file in {_shown(t) for t in targets}]
    elif targets:  # a deck checked on its own must not clash with the decks study sees
        problems += _clashes(lib, load_library(paths.deck_dirs()))
    bad_ids = {p.file for p in problems}
    n_decks = sum(1 for d in lib.decks.values() if _shown(d.file) not in bad_ids)
    n_cards = sum(len(d.cards) for d in lib.decks.values())
    return Validation(problems, len(files), n_decks, n_cards, list(lib.notes), others)


def _any_yaml(targets: list[Path]) -> bool:
    """Whether ``targets`` hold anything to check: a file named on its own, or a YAML file in a folder."""
    return any(
        t.is_file() or any(p.suffix.lower() in (".yaml", ".yml") and p.is_file() for p in t.rglob("*")) for t in targets
    )


def _shown(path: Path) -> str:
    from kinesis_tutor.decks.locations import display_path

    return display_path(path)


def _clashes(checked: Library, seen: Library) -> list[Problem]:
    """Problems of the ``checked`` decks whose id another deck file of ``seen`` (the deck folders,
    the bundled decks first) already has, or which another file of ``seen`` also claims."""
    from kinesis_tutor.decks.loader import clash_message
    from kinesis_tutor.decks.yamlsource import Problem

    out = []
    for d in checked.decks.values():
        here = d.file.resolve()
        other = seen.decks.get(d.deck.id)
        if other is not None and other.file.resolve() != here:
            out.append(Problem(_shown(d.file), *d.id_at, clash_message(d.deck.id, other.file)))
            continue
        for b in seen.broken:
            if b.clashes_with is not None and b.clashes_with.resolve() == here and b.file.resolve() != here:
                message = f"deck id '{d.deck.id}' is also used by {_shown(b.file)}, which study skips"
                out.append(Problem(_shown(d.file), *d.id_at, f"{message}; deck ids must be unique"))
    return out


def preview_cards(lib: Library, deck_id: str, card_id: str | None) -> list[Any]:
    """The cards of a deck, or the one card ``card_id`` (with the cards generated from it)."""
    d = find_deck(lib, deck_id)
    if not card_id:
        return list(d.cards)
    cards = [c for c in d.cards if c.id == card_id or c.id.startswith(card_id + ".")]
    if not cards:
        raise TutorError(f"deck '{deck_id}' has no card '{card_id}'{did_you_mean(card_id, [c.id for c in d.cards])}")
    return cards


def service_rows(paths: Paths) -> list[dict[str, Any]]:
    """The service catalog (bundled, then every deck folder's catalog.yaml): id, name, aliases, …"""
    from kinesis_tutor.decks.loader import load_support
    from kinesis_tutor.decks.locations import support_kind
    from kinesis_tutor.decks.services import service_rows as rows

    problems: list[Problem] = []
    catalog, _facts = load_support(paths.deck_dirs(), problems)
    for problem in problems:
        if support_kind(Path(problem.file)) == "service catalog":
            raise TutorError(str(problem), details=[str(p) for p in problems if p is not problem])
    return rows(catalog)


def deck_schema() -> dict[str, Any]:
    from kinesis_tutor.decks.model import deck_json_schema

    return deck_json_schema()


def schema_line(paths: Paths) -> str:
    """Write the schema into the data folder (where 'decks new' points its decks) and return the first
    line that makes an editor's YAML language server use it."""
    import json

    from kinesis_tutor.app import files

    target = paths.home / "deck.schema.json"  # the file 'decks new' points its starter at
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_text(target, json.dumps(deck_schema(), indent=2) + "\n")
    except OSError as exc:
        raise TutorError(f"cannot write {target}: {exc.strerror}") from None
    return f"# yaml-language-server: $schema={target}"


def path_lines(paths: Paths) -> list[str]:
    """What ``paths`` prints, one line each."""
    lines = [
        f"data folder:    {paths.home}",
        f"database:       {paths.database}",
        f"profile:        {paths.profile}",
        f"your decks:     {paths.user_decks}",
        f"bundled decks:  {content_dir()}",
    ]
    return lines + [f"extra decks:    {d}" for d in paths.extra_deck_dirs]
