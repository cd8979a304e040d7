"""The card kinds under the names the screens give them: ``kind: flashcard`` is read as ``basic``
(with a note saying so), so that an author who copies what ``decks show`` prints is understood."""

from __future__ import annotations

import re
from typing import Any

from kinesis_tutor.decks.model import KINDS

# The screens' names (ui/render.KIND_NAMES; a test keeps the two in step) and a few common spellings.
KIND_ALIASES = {
    "flashcard": "basic",
    "flash card": "basic",
    "fill in the blank": "cloze",
    "multiple choice": "mcq",
    "choose several": "multi",
    "multiple answer": "multi",
    "number": "numeric",
    "true or false": "truefalse",
    "true false": "truefalse",
    "which service": "scenario",
}


def _key(text: str) -> str:
    return re.sub(r"[\s\-_/?]+", " ", text.lower()).strip()


def canonical_kind(raw: Any) -> tuple[Any, str | None]:
    """``raw`` (a card as read) with its kind under the deck format's name, and a note if it was renamed."""
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str) or raw["kind"] in KINDS:
        return raw, None
    kind = KIND_ALIASES.get(_key(raw["kind"]))
    if kind is None:
        return raw, None
    return {
        **raw,
        "kind": kind,
    }, f"kind '{raw['kind']}' is read as '{kind}', its name in deck files; write kind: {kind}"


def read_kind(doc: Any, raw: Any, path: tuple, notes: list[str]) -> Any:
    """``raw`` with its kind under the deck format's name; a renamed kind adds a FILE:LINE:COL note."""
    raw, note = canonical_kind(raw)
    if note:
        line, col = doc.where((*path, "kind"))
        notes.append(f"{doc.file}:{line}:{col}: note: card '{raw.get('id', '?')}': {note}")
    return raw
