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
_MISSING = object()


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
        if control.search(value):
            raise _Unusual
    elif event.implicit[0] and tag is None:  # plain
        got = _BOOLS.get(value, _MISSING)
        if got is not _MISSING:
            return got
        if value in _NULLS:
            return None
    return value


def _place(frame: list[Any], positions: dict, value: Any, where: tuple[int, int]) -> tuple | None:
    """Put ``value`` into the open collection of ``frame``: its path, or None when it is a key."""
    parent = frame[0]
    if type(parent) is list:
        path = (*frame[1], len(parent))
        positions.setdefault(path, where)
        parent.append(value)
        return path
    if frame[2] is _MISSING:  # a key
        if type(value) is dict or type(value) is list or value in parent:
            raise _Unusual  # a collection as a key, or a key given twice
        frame[2], frame[3] = value, where
        return None
    path = (*frame[1], frame[2])
    positions[path] = frame[3]  # a value is placed where its key is
    parent[frame[2]] = value
    frame[2] = _MISSING
    return path


def _build(next_event: Any, max_depth: int, control: re.Pattern[str]) -> tuple[Any, dict]:
    """The values and positions, from the events (libyaml's reader called directly: this loop is
    most of the time a large deck takes to read)."""
    positions: dict[tuple, tuple[int, int]] = {}
    # One frame per open collection: [container, its path, the pending key (or _MISSING), the key's position]
    stack: list[list[Any]] = []
    root: Any = _MISSING
    documents = 0
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    value: Any
    while True:
        event: Any = next_event()
        kind = type(event)
        if kind is scalar_event:
            value = _scalar(event, control)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag not in (None, "!") or len(stack) >= max_depth:
                raise _Unusual
            value = {} if kind is mapping_start else []
        elif kind in ends:
            stack.pop()
            continue
        elif kind is yaml.StreamEndEvent:
            break
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        elif kind is yaml.AliasEvent:
            raise _Unusual
        else:
            continue
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if stack:
            path = _place(stack[-1], positions, value, where)
            if path is None:
                continue
        else:
            root, path = value, ()
            positions.setdefault(path, where)
        if type(value) is dict or type(value) is list:
            stack.append([value, path, _MISSING, None])
    if root is _MISSING:
        raise _Unusual
    return root, positions
