"""decks list / show / validate / preview / schema, and paths: the data each one shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.paths import Paths, content_dir
from kinesis_tutor.core.errors import TutorError, did_you_mean, no_such_deck

if TYPE_CHECKING:  # the loader brings pydantic and yaml: only the commands that read decks load it
    from kinesis_tutor.decks.loader import Library, LoadedDeck, Problem


def load(paths: Paths) -> Library:
    """Every deck of the deck folders; the library lists the problems of the decks it skipped."""
    from kinesis_tutor.decks.loader import load_library

    return load_library(paths.deck_dirs())


def find_deck(lib: Library, deck_id: str) -> LoadedDeck:
    if deck_id not in lib.decks:
        raise no_such_deck(deck_id, lib.decks)
    return lib.decks[deck_id]


def deck_rows(lib: Library) -> list[dict[str, Any]]:
    """One row per deck, as ``decks list --json`` prints it."""
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

    @property
    def bad_files(self) -> int:
        return len({p.file for p in self.problems})


def validate(paths: Paths, targets: list[Path]) -> Validation:
    """Load the given files and folders (the deck folders if none) and list every problem."""
    from kinesis_tutor.decks.loader import deck_files, load_library

    dirs = targets or paths.deck_dirs()
    missing = [t for t in targets if not t.exists()]
    if missing:
        raise TutorError(f"no such file or folder: {missing[0]}", exit_code=2)
    lib = load_library(dirs)
    n_cards = sum(len(d.cards) for d in lib.decks.values())
    return Validation(list(lib.problems), len(deck_files(dirs)), len(lib.decks), n_cards, list(lib.notes))


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
    from kinesis_tutor.decks.services import service_rows as rows

    problems: list[Problem] = []
    catalog, _facts = load_support(paths.deck_dirs(), problems)
    for problem in problems:
        if Path(problem.file).name == "catalog.yaml":
            raise TutorError(str(problem), details=[str(p) for p in problems if p is not problem])
    return rows(catalog)


def deck_schema() -> dict[str, Any]:
    from kinesis_tutor.decks.model import deck_json_schema

    return deck_json_schema()


def path_lines(paths: Paths) -> list[str]:
    """What ``paths`` prints, one line each."""
    lines = [
        f"data folder:    {paths.home}",
        f"database:       {paths.db}",
        f"your decks:     {paths.user_decks}",
        f"bundled decks:  {content_dir()}",
    ]
    return lines + [f"extra decks:    {d}" for d in paths.extra_deck_dirs]
