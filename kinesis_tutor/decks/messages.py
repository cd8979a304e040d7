"""Deck problems in an author's words: pydantic's validation errors translated into one line
each, with the path of the offending value."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kinesis_tutor.core.errors import did_you_mean
from kinesis_tutor.decks import model


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


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
        return path, f"{where}: {err.get('input')!r} is not a valid id (use letters, digits, '.', '_' and '-')"
    if kind == "string_too_short":
        return path, f"{where}: must not be empty"
    if kind == "too_short":
        return path, f"{where}: {err['msg'].replace('List should', 'needs to')}"
    return path, f"{where}: {err['msg']}"
