"""Append a card to a deck file without touching the rest of it (ruamel.yaml round trip).

The file's comments, quoting, indentation and blank lines stay as they were; the card is written
so that PyYAML (which reads the decks) reads back exactly the mapping that was appended.
"""

from __future__ import annotations

import io
import json
from typing import Any

from kinesis_tutor.core.errors import TutorError

FLOW_LISTS = ("tags", "options", "clues", "answers")


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same string (quoted only when needed)."""
    import yaml

    try:
        plain_ok = yaml.safe_load(text) == text and "#" not in text and ": " not in text
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


_PLAIN: Any = None  # PyYAML's resolver: what a plain scalar reads back as
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (2, 2, 2), (4, 6, 4), (4, 4, 0))


def _yaml(style: tuple[int, int, int]):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap the lines that are already there
    y.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return y


def _dump(y, data) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _best_style(text: str) -> tuple[int, int, int]:
    """The indentation that reproduces the file unchanged (or changes the fewest lines)."""
    import difflib

    best, best_changes = _STYLES[0], None
    for style in _STYLES:
        y = _yaml(style)
        out = _dump(y, y.load(text))
        if out == text:
            return style
        changes = sum(
            1
            for tag, *_ in difflib.SequenceMatcher(
                None, text.splitlines(), out.splitlines(), autojunk=False
            ).get_opcodes()
            if tag != "equal"
        )
        if best_changes is None or changes < best_changes:
            best, best_changes = style, changes
    return best


def _to_ruamel(card: dict[str, Any]):
    import yaml

    global _PLAIN
    if _PLAIN is None:
        _PLAIN = yaml.resolver.Resolver()
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    def text(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if "\n" in value:
            return LiteralScalarString(value)
        if _PLAIN.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
            # PyYAML (which reads the decks) takes yes/no/on/off, 1:30, 1e3 ... as non-text: quote them.
            return DoubleQuotedScalarString(value)
        return value

    node = CommentedMap()
    for key, value in card.items():
        if isinstance(value, list):
            seq = CommentedSeq(text(v) for v in value)
            if key in FLOW_LISTS and all(isinstance(v, str) and "\n" not in v for v in value):
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
            node[key] = seq
        elif isinstance(value, dict):
            sub = CommentedMap((k, text(v)) for k, v in value.items())
            sub.fa.set_block_style()
            node[key] = sub
        else:
            node[key] = text(value)
    return node


def _last_value_holder(node, *, into_flow: bool = True):
    """The innermost mapping/sequence that holds the last value of ``node`` and that value's key.

    With ``into_flow=False`` it stops at a flow collection (``[a, b]``): a comment inside one
    would be written inside its brackets.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node.keys())[-1]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
        else:
            return None, None
        child = node[key]
        descend = isinstance(child, (CommentedMap, CommentedSeq)) and len(child) and key not in node.ca.items
        if descend and (into_flow or not child.fa.flow_style()):
            node = child
            continue
        return node, key


def _take_trailing_lines(item) -> str:
    """ruamel keeps the lines after a list (blank lines, '# Comparison tables' before 'tables:')
    on the list's last item. Take them off it (keeping an end-of-line comment) and return them."""
    holder, key = _last_value_holder(item)
    if holder is None or key not in holder.ca.items:
        return ""
    entry = holder.ca.items[key]
    slot = 2 if isinstance(key, str) else 0
    token = entry[slot] if len(entry) > slot else None
    value = getattr(token, "value", "") if token is not None else ""
    first_break = value.find("\n")
    if token is None or first_break < 0 or first_break == len(value) - 1:
        return ""
    token.value = value[: first_break + 1]
    return value[first_break + 1 :]


def _put_trailing_lines(item, lines: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    holder, key = _last_value_holder(item, into_flow=False)
    if holder is None or not lines:
        return
    slot = 2 if isinstance(key, str) else 0
    entry = holder.ca.items.setdefault(key, [None] * 4)
    entry[slot] = CommentToken("\n" + lines, CommentMark(0), None)


def _blank_line_before(seq, index: int) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    seq.ca.items[index] = [None, [CommentToken("\n", CommentMark(0), None)], None, None]


def _items_separated(text: str, seq) -> bool:
    """Are the list's items separated by blank lines (as in the bundled decks)?"""
    lines = text.splitlines()
    if len(seq) < 2:
        return False
    line = seq.lc.item(len(seq) - 1)[0]  # 0-based line of the last item
    return line >= 1 and not lines[line - 1].strip()


def append_card_text(text: str, card: dict[str, Any]) -> str:
    """``text`` (a deck file) with ``card`` appended to its ``cards:`` list, everything else kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    style = _best_style(text)
    y = _yaml(style)
    data = y.load(text)
    if not isinstance(data, CommentedMap):
        raise TutorError("the deck file is not a mapping; cannot add a card to it")
    node = _to_ruamel(card)
    cards = data.get("cards")
    if cards is None or (isinstance(cards, list) and not cards):
        seq = CommentedSeq([node])
        seq.fa.set_block_style()
        if "cards" in data:
            data["cards"] = seq
        else:
            keys = list(data.keys())
            at = keys.index("tables") if "tables" in keys else len(keys)
            data.insert(at, "cards", seq)
    elif isinstance(cards, CommentedSeq):
        separated = _items_separated(text, cards)
        trailing = _take_trailing_lines(cards[-1]) if isinstance(cards[-1], (CommentedMap, CommentedSeq)) else ""
        cards.append(node)
        if separated:
            _blank_line_before(cards, len(cards) - 1)
        _put_trailing_lines(node, trailing)
    else:
        raise TutorError("the deck's 'cards' is not a list; cannot add a card to it")
    return _dump(y, data)


def append_card_raw(raw: bytes, card: dict[str, Any]) -> str:
    """The deck file's bytes with ``card`` appended, as text; a BOM and CRLF line ends are kept."""
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    out = append_card_text(text, card)
    if crlf:
        out = out.replace("\n", "\r\n")
    if bom:
        out = "\ufeff" + out
    return out
