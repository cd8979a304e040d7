"""Read a YAML file safely and remember where every value came from (line and column).

Only plain YAML is accepted: a tag such as ``!!python/object`` or ``!!int`` is an error, never code
that runs. Values are the text the author wrote: an unquoted ``3.10``, ``0755`` or ``2024-02-01``
stays that text (never a float, an octal number or a date); only ``true``/``false`` and an empty
value or ``null`` are read as such. Control characters (C0 and C1, except newline and tab) are
refused, in the file and in escapes such as ``"\\e"``, so deck text never reaches a terminal as a
command. Files over ``MAX_BYTES`` and alias bombs (more than ``MAX_NODES`` values once aliases are
expanded) are refused before they cost time or memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kinesis_tutor.decks.yamlfast import TEXT_TAGS, read_events

MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 250_000
MAX_DEPTH = 64  # a deck needs about six levels; deeper nesting is refused before it can exhaust the stack
NESTED_TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep; a deck needs only a few"

try:  # libyaml is several times faster; the pure-Python loader gives the same marks.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple  # a path into the document: ("cards", 3, "answer")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, printed the way compilers print errors."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")  # a value quoted in it stays on one line
        return f"{self.file}:{self.line}:{self.col}: error: {message}"


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the position of every value."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]]
    refs: bool = True  # False when the text has no '${' at all: no fact to fill in (a walk saved)

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of the deepest known prefix of ``path``."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.where(path)
        return Problem(self.file, line, col, message)


class YamlError(Exception):
    """A file that cannot be read as a deck: its first problem, and all of them (duplicate keys are
    reported all at once)."""

    def __init__(self, problem: Problem, more: list[Problem] | None = None):
        super().__init__(str(problem))
        self.problem = problem
        self.problems = [problem, *(more or [])]


_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
# Control characters: in the file (where CR and NEL are line breaks) and in a value (from an escape).
_CONTROL_IN_FILE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\x9b": "control sequence introducer",
}


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def control_message(char: str) -> str:
    """Why a control character is refused, naming it as an author can look it up."""
    name = _CONTROL_NAMES.get(char)
    return (
        f"a control character (U+{ord(char):04X}{', ' + name if name else ''}) in deck text: a terminal would "
        "run it as a command; remove it (newlines and tabs are fine)"
    )


def tag_message(tag: str) -> str:
    return (
        f"unsupported YAML tag '{_tag_name(tag)}': decks are plain YAML, nothing in them ever runs; "
        "remove the tag (quote it if the value is text)"
    )


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.count = 0
        self.aliases = True  # False when the text has no anchor, so nothing can expand
        self.duplicates: list[Problem] = []

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        m = node.start_mark
        return YamlError(Problem(self.file, m.line + 1, m.column + 1, message))

    def measure(
        self,
        node: yaml.Node,
        depth: int = 0,
        visiting: set[int] | None = None,
        memo: dict[int, tuple[int, int]] | None = None,
    ) -> tuple[int, int]:
        """How many values ``node`` stands for once aliases are expanded, and how deep they nest,
        counted without expanding anything (each distinct node once): an alias bomb, or deep
        nesting built from aliases, is refused at once."""
        visiting = set() if visiting is None else visiting
        memo = {} if memo is None else memo
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            return 1, 0
        if key in memo:
            size, height = memo[key]
        elif key in visiting:
            return 1, 0  # an alias that refers to itself: build() reports it
        else:
            if depth > MAX_DEPTH:
                raise self.fail(node, NESTED_TOO_DEEP)
            visiting.add(key)
            if isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            else:
                children = [n for pair in node.value for n in pair]
            size, height = 1, 1
            for child in children:
                child_size, child_height = self.measure(child, depth + 1, visiting, memo)
                size += child_size
                height = max(height, child_height + 1)
                if size > MAX_NODES:
                    raise self.fail(
                        node,
                        f"too many values (over {MAX_NODES:,} once aliases are expanded); refusing a possible "
                        "alias bomb",
                    )
            visiting.discard(key)
            memo[key] = (size, height)
        if depth + height > MAX_DEPTH:
            raise self.fail(node, NESTED_TOO_DEEP)
        return size, height

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The text as written: explicit tags were refused by the event scan, so ``node.tag`` is what
        YAML 1.1 would guess for a plain value; only true/false and null are taken from that guess."""
        value: str = node.value
        bad = _CONTROL_IN_VALUE.search(value)
        if bad:
            raise self.fail(node, control_message(bad.group()))
        if node.tag == _BOOL and value.lower() in ("true", "false"):
            return value.lower() == "true"  # YAML 1.2: yes/no/on/off are text, so "answer: no" means "no"
        if node.tag == _NULL:
            return None
        return value  # text, and numbers, dates and the like exactly as written: '3.10', '0755', '2024-13-01'

    def build(self, node: yaml.Node, path: Path_, stack: frozenset[int] = frozenset()) -> Any:
        self.count += 1
        if self.count > MAX_NODES and self.aliases:  # without an anchor the 8 MiB limit bounds the values
            raise self.fail(
                node, f"too many values (over {MAX_NODES:,} once aliases are expanded); refusing a possible alias bomb"
            )
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in stack:
            raise self.fail(node, "a YAML alias refers to itself")
        inner = stack | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), inner) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*path, "<key>"), inner)
                if isinstance(key, (list, dict)):
                    raise self.fail(key_node, "a mapping key must be plain text")
                if key in result:
                    first = self.positions[(*path, key)][0]
                    self.duplicates.append(
                        self.fail(key_node, f"duplicate key '{key}' (first on line {first}); keep one").problem
                    )
                    continue
                self.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, (*path, key), inner)
            self.positions.pop((*path, "<key>"), None)
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _is_nesting_refusal(reason: str) -> bool:
    """libyaml 0.2.6 and later stop at their own nesting limit ("exceeded maximum nesting depth")."""
    reason = reason.lower()
    return "nesting" in reason or "depth" in reason


def _at(file: str, mark: Any, message: str) -> YamlError:
    return YamlError(Problem(file, mark.line + 1, mark.column + 1, message))


def _scan_events(text: str, file: str) -> None:
    """Refuse deep nesting ('[[[[...', '- - - - ...') and explicit tags ('!!int', '!!binary',
    '!!python/...') from the event stream, which is read without recursion: libyaml's composer
    recurses per level and crashes the process on a few thousand, and a composed node no longer
    tells an explicit tag from a guessed one."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        tag = getattr(event, "tag", None)
        if tag not in TEXT_TAGS:
            raise _at(file, event.start_mark, tag_message(tag))
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _at(file, event.start_mark, NESTED_TOO_DEEP)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _check_control(text: str, file: str) -> None:
    bad = _CONTROL_IN_FILE.search(text)
    if bad:
        before = text[: bad.start()]
        line, col = before.count("\n") + 1, bad.start() - (before.rfind("\n") + 1) + 1
        raise YamlError(Problem(file, line, col, control_message(bad.group())))


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """libyaml's complaint, placed where the mistake is: a missing ':' on the line of its key (not the
    next line), a quote never closed where it opens (not at the end of the file)."""
    mark = exc.problem_mark or exc.context_mark
    reason = exc.problem or str(exc)
    context = exc.context or ""
    if "could not find expected ':'" in reason and exc.context_mark is not None:
        mark, reason = exc.context_mark, "this line has no ':' after its key (write 'key: value')"
    elif "quoted scalar" in context and "end of stream" in reason and exc.context_mark is not None:
        mark, reason = exc.context_mark, "the quoted text that starts here is never closed"
    elif _is_nesting_refusal(reason):  # newer libyaml refuses deep nesting itself, in its own words
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(file, line, col, NESTED_TOO_DEEP)
    elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        reason = "a tab character here; YAML indents with spaces only"
    elif "mapping values are not allowed" in reason:
        reason = "a ': ' inside a value; put the value in quotes"
    elif context and context not in reason:
        reason = f"{reason} ({context})"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(file, line, col, f"not valid YAML: {reason}")


def parse_text(text: str, file: str) -> Document:
    _check_control(text, file)
    quick = read_events(text, _Loader, MAX_DEPTH, _CONTROL_IN_VALUE)  # an ordinary deck: one pass
    if quick is not None:
        return Document(file=file, data=quick[0], positions=quick[1], refs="${" in text)
    try:
        _scan_events(text, file)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(exc, text, file)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(file, 1, 1, f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise YamlError(Problem(file, 1, 1, NESTED_TOO_DEEP)) from None
    if node is None:
        raise YamlError(Problem(file, 1, 1, "the file is empty"))
    builder = _Builder(file)
    builder.aliases = "&" in text  # only anchors make aliases: without one, nothing can expand
    if builder.aliases:
        builder.measure(node)
    data = builder.build(node, ())
    if builder.duplicates:
        raise YamlError(builder.duplicates[0], builder.duplicates[1:])
    return Document(file=file, data=data, positions=builder.positions, refs="${" in text)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse ``path``. Raises YamlError with the file, line and problem."""
    file = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(Problem(file, 1, 1, f"cannot read the file: {exc.strerror}")) from None
    if size > MAX_BYTES:
        raise YamlError(
            Problem(
                file,
                1,
                1,
                f"the file is {size / 1024 / 1024:.1f} MiB; decks may be at most {MAX_BYTES // 1024 // 1024} "
                "MiB (split it into several decks)",
            )
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(file, 1, 1, f"cannot read the file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        raise YamlError(
            Problem(file, line, col, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_text(text, file)
