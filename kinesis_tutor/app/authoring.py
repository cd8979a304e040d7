"""decks new / decks add: write a starter deck, and add cards to a deck without breaking its file.

``add_card`` asks its questions through a :class:`~kinesis_tutor.app.card_questions.CardPrompter`
(a terminal one in ``ui/authoring_prompts.py``, a scripted one in the tests). Everything it then
does lives in plain functions: :func:`build_card` (answers → card mapping), :func:`check_card`
(the real loader on the deck with the card appended in memory) and :func:`append_card`
(ruamel.yaml round trip in ``decks/append.py``, so the file's comments and layout stay as they were).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app import files
from kinesis_tutor.app.card_questions import (
    ID_PATTERN,
    CardPrompter,
    ask_fields,
    split_lines,
    split_list,
    suggest_id,
)
from kinesis_tutor.app.paths import Paths, display_path
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

if TYPE_CHECKING:
    from kinesis_tutor.decks.loader import LoadedDeck

__all__ = [  # split_lines, split_list and suggest_id live with the questions, and are used from here too
    "AddContext",
    "NewDeck",
    "add_card",
    "append_card",
    "build_card",
    "check_card",
    "load_context",
    "new_deck",
    "split_lines",
    "split_list",
    "suggest_id",
]

# ID_PATTERN: the same rule as model.Ident (kept apart so that 'decks new' can say no before importing pydantic).
ID_MAX = 120
SCHEMA_FILE = "deck.schema.json"
# Per kind, the fields in the order they are written to the file.
FIELD_ORDER = {
    "basic": ("front", "back"),
    "cloze": ("text",),
    "mcq": ("question", "choices", "answer"),
    "multi": ("question", "choices", "answers"),
    "numeric": ("question", "answer", "tolerance"),
    "truefalse": ("statement", "answer"),
    "scenario": ("situation", "options", "answer", "clues", "why", "why_not"),
}


# ====================================================================================== decks new


def check_deck_id(deck_id: str) -> None:
    """Refuse an id that the deck format would refuse, or that would name a special file."""
    from kinesis_tutor.decks.locations import support_kind

    if not deck_id or not ID_PATTERN.match(deck_id) or len(deck_id) > ID_MAX:
        raise TutorError(
            f"'{deck_id}' is not a valid deck id: start with a letter or digit, then use only letters, digits, "
            f"'.', '_' and '-' (at most {ID_MAX} characters), e.g. my-notes",
            exit_code=EXIT_USAGE,
        )
    name = f"{deck_id}.yaml"
    if support_kind(Path(name)) is not None:  # as the loader tells them: Catalog.yaml is the catalog too
        raise TutorError(
            f"'{deck_id}' cannot be a deck id: {name} is the name of the service catalog or a facts file",
            exit_code=EXIT_USAGE,
        )


def starter_title(deck_id: str) -> str:
    words = re.sub(r"[-_.]+", " ", deck_id).strip()
    return (words[:1].upper() + words[1:]) if words else deck_id


def starter_text(deck_id: str, schema: str, file: str) -> str:
    from kinesis_tutor.decks import deck_template
    from kinesis_tutor.decks.append import yaml_scalar

    return deck_template.render(deck_id, yaml_scalar(deck_id), yaml_scalar(starter_title(deck_id)), schema, file)


@dataclass
class NewDeck:
    deck_id: str
    file: Path
    schema: Path


def new_deck(paths: Paths, deck_id: str) -> NewDeck:
    """Write a starter deck ``deck_id`` in the user's deck folder, and the deck JSON Schema beside the data."""
    check_deck_id(deck_id)
    folder = paths.user_decks
    target = folder / f"{deck_id}.yaml"
    for existing in (target, folder / f"{deck_id}.yml"):
        if existing.exists():
            raise TutorError(
                f"{display_path(existing)} already exists; pick another id or edit that file (nothing was written)"
            )
    from kinesis_tutor.decks.loader import load_library

    lib = load_library(paths.deck_dirs())
    if deck_id in lib.decks:
        raise TutorError(
            f"deck id '{deck_id}' is already used by {display_path(lib.decks[deck_id].file)}; "
            "pick another id (nothing was written)"
        )
    schema_path = paths.home / SCHEMA_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_schema(schema_path)
        files.write_text(target, starter_text(deck_id, str(schema_path), str(target)), exclusive=True)
    except FileExistsError:
        raise TutorError(f"{display_path(target)} already exists; pick another id (nothing was written)") from None
    except OSError as exc:
        raise TutorError(f"cannot write {target}: {exc.strerror}") from None
    return NewDeck(deck_id, target, schema_path)


def _write_schema(path: Path) -> None:
    from kinesis_tutor.decks.model import deck_json_schema

    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_text(path, json.dumps(deck_json_schema(), indent=2) + "\n")


# ====================================================================================== decks add


def build_card(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The card as it will be written: keys in the usual order, empty optional fields left out.

    ``fields`` holds what was asked: ``id``, the kind's fields (lists as lists), ``explanation``,
    ``tags`` (a list), ``source`` and ``changed`` (a mapping with before/now/since, or None).
    """
    if kind not in FIELD_ORDER:
        raise ValueError(f"unknown card kind {kind!r}")
    card: dict[str, Any] = {"id": str(fields.get("id", "")).strip(), "kind": kind}
    for name in FIELD_ORDER[kind]:
        value = fields.get(name)
        if isinstance(value, str):
            value = value.strip()
        if name == "why_not" and isinstance(value, dict):
            value = {k: str(v).strip() for k, v in value.items()}
        if value in (None, "", [], {}) and name in ("tolerance", "clues"):
            continue
        card[name] = value
    card["explanation"] = str(fields.get("explanation") or "").strip()
    tags = [t for t in (fields.get("tags") or []) if str(t).strip()]
    if tags:
        card["tags"] = tags
    changed = fields.get("changed")
    if changed:
        note = {k: str(changed[k]).strip() for k in ("before", "now", "since") if str(changed.get(k) or "").strip()}
        if note:
            card["changed"] = note
    source = str(fields.get("source") or "").strip()
    if source:
        card["source"] = source
    return card


@dataclass
class AddContext:
    """The deck a card is added to, with the service catalog and the facts it is checked against."""

    deck: LoadedDeck
    catalog: dict[str, Any]
    facts: dict[str, str]

    @property
    def file(self) -> Path:
        return Path(self.deck.file)


def load_context(paths: Paths, deck_id: str) -> AddContext:
    """The loaded deck ``deck_id``, the service catalog and the facts; refuses bundled decks."""
    from kinesis_tutor.app.decks import find_deck
    from kinesis_tutor.decks.loader import is_bundled, load_library

    lib = load_library(paths.deck_dirs())
    if deck_id not in lib.decks:
        broken = [p for p in lib.problems if Path(p.file).stem == deck_id]
        if broken:
            raise TutorError(
                f"deck '{deck_id}' has problems; fix them first ('kinesis-tutor decks validate {broken[0].file}')"
            )
    loaded = find_deck(lib, deck_id)
    if is_bundled(loaded.file):
        raise TutorError(
            f"'{deck_id}' is a bundled deck ({display_path(loaded.file)}), which kinesis-tutor replaces when it is "
            "upgraded; add cards to a deck of your own instead: 'kinesis-tutor decks new my-notes', "
            "then 'kinesis-tutor decks add my-notes'"
        )
    return AddContext(loaded, lib.catalog, lib.facts)


def existing_ids(path: Path) -> set[str]:
    """Card ids written in the deck file."""
    from kinesis_tutor.decks.yamlsource import read_document

    doc = read_document(Path(path))
    cards = doc.data.get("cards") if isinstance(doc.data, dict) else None
    return {str(c["id"]) for c in cards or [] if isinstance(c, dict) and "id" in c}


def check_card(path: Path, card: dict[str, Any], catalog: dict[str, Any], facts: dict[str, str]) -> list[str]:
    """Problems with ``card`` once appended to the deck at ``path``, as the loader reports them.

    The deck is parsed, the card appended in memory, and the whole deck validated by
    ``loader.load_deck_document``: exactly what 'decks validate' would say after the card is written.
    """
    from kinesis_tutor.decks.loader import DeckProblems, load_deck_document
    from kinesis_tutor.decks.yamlsource import Document, YamlError, read_document

    try:
        doc = read_document(Path(path))
    except YamlError as exc:
        return [str(exc.problem)]
    data = doc.data
    if not isinstance(data, dict):
        return [f"{path}: the deck is not a mapping"]
    cards = list(data.get("cards") or []) if isinstance(data.get("cards"), list) else []
    index = len(cards)
    candidate = Document(doc.file, {**data, "cards": [*cards, card]}, doc.positions)
    try:
        load_deck_document(candidate, catalog, facts)
    except DeckProblems as exc:
        prefix = f"card {index + 1}"  # the loader names the new card 'card N' or "card N 'its-id'"
        ours = [p for p in exc.problems if p.message.startswith(prefix) and p.message[len(prefix)] in " :,"]
        # Problems elsewhere in the file (rare: the deck loaded before) are shown with their place.
        return [p.message for p in ours] + [str(p) for p in exc.problems if p not in ours]
    return []


def append_card(path: Path, card: dict[str, Any]) -> None:
    """Append ``card`` to the deck file at ``path``, keeping its comments and layout; atomic."""
    from kinesis_tutor.decks.append import append_card_raw

    path = Path(path)
    files.write_text(path, append_card_raw(path.read_bytes(), card))


def add_card(ctx: AddContext, prompter: CardPrompter) -> dict[str, Any]:
    """Ask for a card until the loader accepts it, then append it to the deck file; returns the card.

    Aborting (at the prompter's "what now?" or with Ctrl-C) writes nothing and raises TutorError.
    """
    path = ctx.file
    try:
        card = _ask_until_valid(ctx, prompter)
        if card is None:
            raise TutorError(f"aborted; nothing was written to {display_path(path)}")
        append_card(path, card)
    except KeyboardInterrupt:
        raise TutorError(f"aborted; nothing was written to {display_path(path)}", exit_code=130) from None
    return card


def _ask_until_valid(ctx: AddContext, prompter: CardPrompter) -> dict[str, Any] | None:
    kind = prompter.select("What kind of card?", list(KIND_CHOICES))
    previous: dict[str, Any] = {}
    while True:
        fields = ask_fields(prompter, kind, existing_ids(ctx.file), ctx.catalog, previous, _deck_facts(ctx))
        card = build_card(kind, fields)
        problems = check_card(ctx.file, card, ctx.catalog, ctx.facts)
        if not problems:
            return card
        prompter.show_problems(problems)
        again = prompter.select(
            "What now?",
            [("Edit the card again (your answers are kept)", True), ("Abort (nothing is written)", False)],
        )
        if not again:
            return None
        previous = fields


def _deck_facts(ctx: AddContext) -> dict[str, str]:
    """The facts a new card may use: the shared ones and the deck's own."""
    own = ctx.deck.deck.facts if hasattr(ctx.deck.deck, "facts") else {}
    return {**ctx.facts, **{str(k): str(v) for k, v in dict(own).items()}}


KIND_CHOICES = (
    ("basic — a flashcard: front and back, you grade yourself", "basic"),
    ("cloze — fill in the blank: {{c1::answer}}", "cloze"),
    ("mcq — one right choice", "mcq"),
    ('multi — choose N of M ("choose two")', "multi"),
    ("numeric — a number with a unit, e.g. 1 MB/s", "numeric"),
    ("truefalse — a statement, true or false", "truefalse"),
    ("scenario — which service? (options from the catalog)", "scenario"),
)
