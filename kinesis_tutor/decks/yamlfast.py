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
TEXT_TAGS = (None, "!", _STR)  # the tags a value may carry: none, or one that says it is text
# YAML 1.2 booleans and nulls, as yamlsource reads plain values (yes/no/on/off stay text).
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN: dict[str, Any] = {**_BOOLS, **dict.fromkeys(_NULLS)}  # a plain scalar that is not text
_MISSING = object()
# The frame around the root: (open collection, its path, pending key, the key's place, a list?, positions kept?)
_TOP: tuple[Any, Any, Any, Any, bool, bool] = (None, (), _MISSING, None, False, True)


class _Unusual(Exception):
    """Something the careful path must decide (and word, if it is a problem)."""


def read_events(
    text: str, loader: type, max_depth: int, control: re.Pattern[str]
) -> tuple[Any, dict[tuple, tuple[int, int]]] | None:
    """(values, positions) of an ordinary deck text; None when the careful path must read it. The
    positions of the root and of its entries are found at once, the others (which only a problem or
    a note asks for) by a second read of the text the first time one is looked up: see Positions."""
    got = _read(text, loader, max_depth, control, deep=False)
    if got is None:
        return None
    return got[0], Positions(got[1], lambda: _read(text, loader, max_depth, control, deep=True))


def _read(text: str, loader: type, max_depth: int, control: re.Pattern[str], *, deep: bool) -> tuple | None:
    try:
        reader = loader(text)
    except yaml.YAMLError:
        return None
    try:
        return _build(reader.get_event, max_depth, control, deep)
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        reader.dispose()


class Positions(dict):
    """A document's positions (path -> (line, column)), those below the root's entries found on the
    first look at them. Every way of reading it sees all of them: a lookup of a path of at most one
    step is answered from the entries found at once, which hold every such path; anything else
    first reads the text again with every position kept (the same text reads the same way)."""

    __slots__ = ("_rest",)

    def __init__(self, top: dict, rest: Any) -> None:
        super().__init__(top)
        self._rest = rest

    def _whole(self) -> Positions:
        if self._rest is not None:
            got, self._rest = self._rest(), None
            if got is not None:
                dict.update(self, got[1])
        return self

    def __contains__(self, path: object) -> bool:
        return dict.__contains__(self if isinstance(path, tuple) and len(path) <= 1 else self._whole(), path)

    def get(self, path: Any, default: Any = None) -> Any:
        return dict.get(self if isinstance(path, tuple) and len(path) <= 1 else self._whole(), path, default)

    def __getitem__(self, path: Any) -> Any:
        return dict.__getitem__(self if isinstance(path, tuple) and len(path) <= 1 else self._whole(), path)

    def __iter__(self) -> Any:
        return dict.__iter__(self._whole())

    def __len__(self) -> int:
        return dict.__len__(self._whole())

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self._whole(), other._whole() if isinstance(other, Positions) else other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self._whole())

    def __reduce__(self) -> Any:
        return (dict, (dict(self._whole().items()),))

    def keys(self) -> Any:
        return dict.keys(self._whole())

    def values(self) -> Any:
        return dict.values(self._whole())

    def items(self) -> Any:
        return dict.items(self._whole())

    def copy(self) -> dict:
        return dict(self.items())

    def __setitem__(self, path: Any, where: Any) -> None:
        dict.__setitem__(self._whole(), path, where)

    def setdefault(self, path: Any, where: Any = None) -> Any:
        return dict.setdefault(self._whole(), path, where)

    def pop(self, path: Any, *default: Any) -> Any:
        return dict.pop(self._whole(), path, *default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self._whole(), *args, **kwargs)


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


def _build(next_event: Any, max_depth: int, control: re.Pattern[str], deep: bool) -> tuple[Any, dict]:
    """The values and positions (below the root's entries only if ``deep``), from the events."""
    positions: dict[tuple, tuple[int, int]] = {}
    stack: list[tuple] = []  # the frames around the open collection's
    parent, at, key, key_at, in_list, track = _TOP
    root: Any = _MISSING
    documents: list[int] = []
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end, plain = yaml.MappingEndEvent, yaml.SequenceEndEvent, _PLAIN
    while True:
        event: Any = next_event()
        kind = type(event)
        if kind is scalar_event:
            value, opens = event.value, False
            if event.anchor is not None or event.tag not in TEXT_TAGS:
                raise _Unusual  # an anchor, or an explicit tag (refused by the careful path)
            if event.style == '"':
                if not value.isprintable() and control.search(value):  # a control character, from an escape
                    raise _Unusual
            elif event.implicit[0] and event.tag is None and value in plain:  # plain and untagged
                value = plain[value]
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag not in (None, "!") or len(stack) >= max_depth:
                raise _Unusual
            value, opens = ({} if kind is mapping_start else []), True
        elif kind is mapping_end or kind is sequence_end:
            parent, at, key, key_at, in_list, track = stack.pop()
            continue
        elif _rare(kind, documents):
            break
        else:
            continue
        where = (event.start_mark.line + 1, event.start_mark.column + 1) if track else None
        if in_list:
            path = (*at, len(parent)) if track else None
            parent.append(value)
        elif parent is None:
            root, path = value, ()
        elif key is _MISSING:
            if opens or value in parent:
                raise _Unusual  # a collection as a key, or a key given twice
            key, key_at = value, where
            continue
        else:
            path = (*at, key) if track else None
            parent[key] = value
            key, where = _MISSING, key_at  # a value is placed where its key is
        if track:
            positions.setdefault(path, where)  # type: ignore[arg-type]
        if opens:
            stack.append((parent, at, key, key_at, in_list, track))
            track = deep or parent is None  # the entries of the root keep their positions
            parent, at, key, key_at, in_list = value, path, _MISSING, None, kind is sequence_start
    if root is _MISSING:
        raise _Unusual
    return root, positions
