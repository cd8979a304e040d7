"""Deck problems in an author's words: pydantic's validation errors translated into one line
each, with the path of the offending value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel, ValidationError

from kinesis_tutor.core.errors import did_you_mean
from kinesis_tutor.decks import model
from kinesis_tutor.decks.yamlsource import Document, Problem


def _model_at(start: Any, loc: tuple) -> type[BaseModel] | None:
    """The model whose fields are valid at ``loc`` (for 'did you mean')."""
    current: Any = start
    for part in loc:
        if current is model.Card:
            current = model.CARD_MODELS.get(part)
            continue
        if isinstance(part, int) or current is None:
            continue
        fld = getattr(current, "model_fields", {}).get(part)
        if fld is None:
            return current
        current = _inner_model(fld.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


# The raw deck being described, so that a path names a card by its number and id.
_DECK: ContextVar[Any] = ContextVar("deck", default=None)


@contextmanager
def describing(data: Any) -> Iterator[None]:
    """Within this block, paths into ``data`` are written with card and table numbers and ids."""
    token = _DECK.set(data)
    try:
        yield
    finally:
        _DECK.reset(token)


def _label(kind: str, n: int, item: Any, name_key: str) -> str:
    name = item.get(name_key) if isinstance(item, dict) else None
    return f"{kind} {n + 1}" + (f" '{name}'" if isinstance(name, str) and name else "")


_LABELLED = {"cards": ("card", "id"), "tables": ("table", "id"), "rows": ("row", "feature")}


def _dotted(path: tuple) -> str:
    """A path as an author reads it: ``card 3 'throttle', answers #2``, ``table 1 'cmp', row 2
    'Replay', cells``, ``facts.kds.rate``; every number counts from 1."""
    out, node, labelled = "", _DECK.get(), False
    i = 0
    while i < len(path):
        part = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        child = node.get(part) if isinstance(node, dict) else None
        if part in _LABELLED and isinstance(nxt, int) and not isinstance(nxt, bool):
            item = child[nxt] if isinstance(child, list) and 0 <= nxt < len(child) else None
            kind, key = _LABELLED[part]
            out += (", " if out else "") + _label(kind, nxt, item, key)
            node, labelled, i = item, True, i + 2
            continue
        if isinstance(part, int):
            out += f" #{part + 1}"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            labelled = True
        else:
            out += (", " if labelled else ".") + str(part) if out else str(part)
            node, labelled = child, False
        i += 1
    return out


def _bad_id(where: str, value: str) -> str:
    if value != value.lower() and re.match(model.ID_PATTERN, value.strip().lower()):
        return (
            f"{where}: ids are lowercase: write '{value.strip().lower()}' (on a card you have studied, add "
            f"'was: [{value.strip()}]' to keep its review history)"
        )
    return f"{where}: {value!r} is not a valid id (use lowercase letters, digits, '.', '_' and '-')"


def _translate(err: dict, prefix: tuple, start: Any) -> tuple[tuple, str]:
    loc = tuple(err["loc"])
    kind = err["type"]
    # A card's loc carries its kind as a tag ('mcq', 'answer'); the document path does not.
    path_loc = loc[1:] if start is model.Card and loc and loc[0] in model.CARD_MODELS else loc
    path = prefix + path_loc
    where = _dotted(path)
    if kind == "extra_forbidden":
        owner = _model_at(start, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        return path, f"{_dotted(path[:-1]) or 'deck'}: unknown key '{loc[-1]}'{did_you_mean(loc[-1], allowed)}"
    if kind == "missing":
        return path[:-1], f"{_dotted(path[:-1]) or 'deck'}: missing required field '{loc[-1]}'"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", "?")
        return (
            *path,
            "kind",
        ), f"{where}: unknown card kind '{tag}'{did_you_mean(tag, model.KINDS)}; the kinds are {', '.join(model.KINDS)}"
    if kind == "union_tag_not_found":
        return path, f"{where}: a card needs a 'kind' ({', '.join(model.KINDS)})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return path, f"{where or 'deck'}: expected a mapping (key: value lines), got {_describe(err.get('input'))}"
    if kind == "list_type":
        return path, f"{where}: expected a list, got {_describe(err.get('input'))}"
    if kind in ("string_type", "str_type"):
        value = err.get("input")
        if isinstance(value, bool) or value is None:
            # YAML reads an unquoted true/false as a boolean and ~/null as nothing
            # (yes/no/on/off stay text: see yamlsource).
            shown = (
                "nothing (empty or null)"
                if value is None
                else f"{str(value).lower()} (YAML reads an unquoted true or false that way)"
            )
            example = str(value).lower() if value is not None else "none"
            return path, f'{where}: expected text, got {shown}; put the text in quotes, e.g. "{example}"'
        return path, f"{where}: expected text, got {_describe(value)}"
    if kind == "bool_type" or kind == "bool_parsing":
        return path, f"{where}: expected true or false, got {err.get('input')!r}"
    if kind == "literal_error" and loc and loc[-1] == "format_version":
        return path, f"format_version: this version of kinesis-tutor reads format_version 1, not {err.get('input')!r}"
    if kind == "string_pattern_mismatch":
        return path, _bad_id(where, str(err.get("input")))
    if kind == "string_too_short":
        return path, f"{where}: must not be empty"
    if kind == "too_short":
        return path, f"{where}: {err['msg'].replace('List should', 'needs to')}"
    return path, f"{where}: {err['msg']}"


def _validate(doc: Document, validator: Any, data: Any, prefix: tuple, start: Any, problems: list[Problem]) -> Any:
    try:
        return validator(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            path, message = _translate(dict(err), prefix, start)
            problems.append(doc.problem(path, message))
        return None
