"""The quick way to read a deck that has nothing unusual in it: one pass over libyaml's events.

``yamlsource.parse_text`` used to read every file three times over: an event scan (deep nesting,
explicit tags), libyaml's composer (a node per value) and a walk of the nodes (values and their
positions). For an ordinary deck — no anchor or alias, no tag, no duplicate key, no deep nesting,
no control character — this module builds the same values and the same positions straight from
the events, in one pass that never recurses. Anything else returns None, and the careful path
reads the file and words the problem exactly as before: the two give identical results on every
file this one accepts (``tests/test_yamlfast.py`` compares them).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
# YAML 1.2 booleans and nulls, as yamlsource reads plain values (yes/no/on/off stay text).
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN: dict[str, Any] = {**_BOOLS, **dict.fromkeys(_NULLS)}  # a plain scalar that is not text
_MISSING = object()
_TOP: tuple[Any, tuple, Any, Any, bool] = (None, (), _MISSING, None, False)  # the frame around the root


class _Unusual(Exception):
    """Something the careful path must decide (and word, if it is a problem)."""


def read_events(
    text: str, loader: type, max_depth: int, control: re.Pattern[str]
) -> tuple[Any, dict[tuple, tuple[int, int]]] | None:
    """(values, positions) of an ordinary deck text; None when the careful path must read it."""
    try:
        reader = loader(text)
    except yaml.YAMLError:
        return None
    try:
        return _build(reader.get_event, max_depth, control)
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        reader.dispose()


def _scalar(event: Any, control: re.Pattern[str]) -> Any:
    """A scalar's value as yamlsource reads it: text, but for plain true/false and null. A control
    character can come only from a double-quoted escape (the file itself was checked before)."""
    if event.anchor is not None:
        raise _Unusual
    value = event.value
    tag = event.tag
    if tag is not None and tag != "!" and tag != _STR:
        raise _Unusual  # an explicit tag: refused by the careful path
    if event.style == '"':
        if not value.isprintable() and control.search(value):  # printable: no control character
            raise _Unusual
    elif event.implicit[0] and tag is None:  # plain
        got = _BOOLS.get(value, _MISSING)
        if got is not _MISSING:
            return got
        if value in _NULLS:
            return None
    return value


def _rare(kind: type, documents: list[int]) -> bool:
    """An event that holds no value: True at the end of the stream; a second document or an alias is
    for the careful path."""
    if kind is yaml.StreamEndEvent:
        return True
    if kind is yaml.DocumentStartEvent:
        documents.append(1)
        if len(documents) > 1:
            raise _Unusual
    elif kind is yaml.AliasEvent:
        raise _Unusual
    return False


def _build(next_event: Any, max_depth: int, control: re.Pattern[str]) -> tuple[Any, dict]:
    """The values and positions, from the events (the open collection in locals: this loop is most of a read)."""
    positions: dict[tuple, tuple[int, int]] = {}
    stack: list[tuple] = []  # the collections around the open one: (container, path, key, key's place, is a list)
    # The open collection (None: the root is next), its path, its pending key, where that key is, whether a list.
    parent, at, key, key_at, in_list = _TOP
    root: Any = _MISSING
    documents: list[int] = []
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end, plain = yaml.MappingEndEvent, yaml.SequenceEndEvent, _PLAIN
    while True:
        event: Any = next_event()
        kind = type(event)
        if kind is scalar_event:
            value, opens = event.value, False
            if event.tag is not None or event.anchor is not None:
                value = _scalar(event, control)
            elif event.style == '"':
                if not value.isprintable() and control.search(value):  # a control character, from an escape
                    raise _Unusual
            elif event.implicit[0] and value in plain:
                value = plain[value]
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag not in (None, "!") or len(stack) >= max_depth:
                raise _Unusual
            value, opens = ({} if kind is mapping_start else []), True
        elif kind is mapping_end or kind is sequence_end:
            parent, at, key, key_at, in_list = stack.pop()
            continue
        elif _rare(kind, documents):
            break
        else:
            continue
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if in_list:
            path = (*at, len(parent))
            positions.setdefault(path, where)
            parent.append(value)
        elif parent is None:
            root, path = value, ()
            positions.setdefault(path, where)
        elif key is _MISSING:
            if opens or value in parent:
                raise _Unusual  # a collection as a key, or a key given twice
            key, key_at = value, where
            continue
        else:
            path = (*at, key)
            positions[path] = key_at  # a value is placed where its key is
            parent[key] = value
            key = _MISSING
        if opens:
            stack.append((parent, at, key, key_at, in_list))
            parent, at, key, key_at, in_list = value, path, _MISSING, None, kind is sequence_start
    if root is _MISSING:
        raise _Unusual
    return root, positions
