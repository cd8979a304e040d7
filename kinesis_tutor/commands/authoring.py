"""decks new / decks add: write a starter deck, and add cards to a deck without breaking its file.

The interactive part (``run_add``) only asks questions. Everything it then does lives in plain
functions that the tests call directly: :func:`build_card` (answers → card mapping),
:func:`check_card` (the real loader on the deck with the card appended in memory) and
:func:`append_card` (ruamel.yaml round trip, so the file's comments and layout stay as they were).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kinesis_tutor.app.paths import Paths, content_dir, display_path
from kinesis_tutor.core.errors import TutorError

# The same rule as model.Ident (kept here so that 'decks new' can say no before importing pydantic).
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
ID_MAX = 120
SCHEMA_FILE = "deck.schema.json"

KIND_CHOICES = (
    ("basic", "basic — a flashcard: front and back, you grade yourself"),
    ("cloze", "cloze — fill in the blank: {{c1::answer}}"),
    ("mcq", "mcq — one right choice"),
    ("multi", 'multi — choose N of M ("choose two")'),
    ("numeric", "numeric — a number with a unit, e.g. 1 MB/s"),
    ("truefalse", "truefalse — a statement, true or false"),
    ("scenario", "scenario — which service? (options from the catalog)"),
)
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
FLOW_LISTS = ("tags", "options", "clues", "answers")


# ====================================================================================== decks new


def check_deck_id(deck_id: str) -> None:
    """Refuse an id that the deck format would refuse, or that would name a special file."""
    from kinesis_tutor.decks.loader import CATALOG_FILE, FACT_FILE

    if not deck_id or not ID_PATTERN.match(deck_id) or len(deck_id) > ID_MAX:
        raise TutorError(
            f"'{deck_id}' is not a valid deck id: start with a letter or digit, then use only letters, digits, "
            f"'.', '_' and '-' (at most {ID_MAX} characters), e.g. my-notes",
            exit_code=2,
        )
    name = f"{deck_id}.yaml"
    if name == CATALOG_FILE or FACT_FILE.match(name):
        raise TutorError(
            f"'{deck_id}' cannot be a deck id: {name} is the name of the service catalog or a facts file", exit_code=2
        )


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same string (quoted only when needed)."""
    import yaml

    try:
        plain_ok = yaml.safe_load(text) == text and "#" not in text and ": " not in text
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def starter_title(deck_id: str) -> str:
    words = re.sub(r"[-_.]+", " ", deck_id).strip()
    return (words[:1].upper() + words[1:]) if words else deck_id


def starter_text(deck_id: str, schema: str, file: str) -> str:
    from kinesis_tutor.decks import deck_template

    return deck_template.render(deck_id, yaml_scalar(deck_id), yaml_scalar(starter_title(deck_id)), schema, file)


def run_new(paths: Paths, deck_id: str) -> None:
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
            f"deck id '{deck_id}' is already used by {display_path(lib.decks[deck_id].file)}; pick another id (nothing was written)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        schema_path = paths.home / SCHEMA_FILE
        _write_schema(schema_path)
        text = starter_text(deck_id, str(schema_path), str(target))
        with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        raise TutorError(f"{display_path(target)} already exists; pick another id (nothing was written)") from None
    except OSError as exc:
        raise TutorError(f"cannot write {target}: {exc.strerror}") from None
    print(f"Wrote {target}")
    print(f"  a starter deck '{deck_id}' with one example card of each kind and a comparison table.")
    print("Next steps:")
    print(f"  1. edit it:             $EDITOR {target}")
    print(f"  2. check it:            kinesis-tutor decks validate {target}")
    print(f"  3. see its cards:       kinesis-tutor decks preview {deck_id}")
    print(f"  4. add cards by asking: kinesis-tutor decks add {deck_id}")
    print(f"  5. study it:            kinesis-tutor study --deck {deck_id}")
    print(f"Editors: its first line points the YAML language server at {schema_path} (the JSON Schema).")


def _write_schema(path: Path) -> None:
    from kinesis_tutor.decks.model import deck_json_schema

    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, json.dumps(deck_json_schema(), indent=2) + "\n")


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ====================================================================================== pure parts of decks add


def split_lines(text: str) -> list[str]:
    """One entry per non-empty line (choices are typed one per line)."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def split_list(text: str) -> list[str]:
    """Comma-separated words (tags, clues)."""
    return [part.strip() for part in str(text).split(",") if part.strip()]


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


def load_context(paths: Paths, deck_id: str):
    """The loaded deck ``deck_id``, the service catalog and the facts; refuses bundled decks."""
    from kinesis_tutor.commands.decks import find_deck
    from kinesis_tutor.decks.loader import load_library

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
            f"'{deck_id}' is a bundled deck ({display_path(loaded.file)}), which kinesis-tutor replaces when it is upgraded; "
            f"add cards to a deck of your own instead: 'kinesis-tutor decks new my-notes', then 'kinesis-tutor decks add my-notes'"
        )
    return loaded, lib.catalog, lib.facts


def is_bundled(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(content_dir().resolve())
        return True
    except ValueError:
        return False


def existing_ids(path: Path) -> set[str]:
    """Card ids written in the deck file."""
    from kinesis_tutor.decks.yamlsource import read_document

    doc = read_document(Path(path))
    cards = doc.data.get("cards") if isinstance(doc.data, dict) else None
    return {str(c["id"]) for c in cards or [] if isinstance(c, dict) and "id" in c}


def suggest_id(kind: str, taken: set[str]) -> str:
    n = 1
    while f"{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"


def check_card(path: Path, card: dict[str, Any], catalog: dict, facts: dict[str, str]) -> list[str]:
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
        prefix = f"cards[{index}]"
        mine = [p.message for p in exc.problems if p.message.startswith(prefix)]
        # Problems elsewhere in the file (rare: the deck loaded before) are shown with their place.
        return mine + [str(p) for p in exc.problems if not p.message.startswith(prefix)]
    return []


# ---------------------------------------------------------------------------------- ruamel round trip

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
    if first_break < 0 or first_break == len(value) - 1:
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


def append_card(path: Path, card: dict[str, Any]) -> None:
    """Append ``card`` to the deck file at ``path``, keeping its comments and layout; atomic."""
    path = Path(path)
    raw = path.read_bytes()
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
    _atomic_write(path, out)


# ====================================================================================== decks add (interactive)


def run_add(paths: Paths, deck_id: str) -> None:
    loaded, catalog, facts = load_context(paths, deck_id)
    if not sys.stdin.isatty():
        raise TutorError(
            "decks add needs an interactive terminal (it asks questions); "
            f"to add cards from a script, edit {display_path(loaded.file)} and run 'kinesis-tutor decks validate'",
            exit_code=2,
        )
    path = Path(loaded.file)
    try:
        card = _ask_until_valid(path, catalog, facts)
        if card is None:
            raise TutorError(f"aborted; nothing was written to {display_path(path)}")
        append_card(path, card)
    except KeyboardInterrupt:
        raise TutorError(f"aborted; nothing was written to {display_path(path)}", exit_code=130) from None
    print(f"Added card '{card['id']}' ({card['kind']}) to {display_path(path)}.")
    print(f"  see it:  kinesis-tutor decks preview {deck_id} {card['id']}")


def _ask_until_valid(path: Path, catalog: dict, facts: dict[str, str]) -> dict[str, Any] | None:
    import questionary

    kind = questionary.select(
        "What kind of card?",
        choices=[questionary.Choice(title, value=k) for k, title in KIND_CHOICES],
    ).unsafe_ask()
    previous: dict[str, Any] = {}
    while True:
        fields = _ask_fields(kind, path, catalog, previous)
        card = build_card(kind, fields)
        problems = check_card(path, card, catalog, facts)
        if not problems:
            return card
        print("The card has problems:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        again = questionary.select(
            "What now?",
            choices=[
                questionary.Choice("Edit the card again (your answers are kept)", value=True),
                questionary.Choice("Abort (nothing is written)", value=False),
            ],
        ).unsafe_ask()
        if not again:
            return None
        previous = fields


def _required(label: str) -> Callable[[str], bool | str]:
    return lambda text: True if str(text).strip() else f"{label} cannot be empty"


def _ask_fields(kind: str, path: Path, catalog: dict, previous: dict[str, Any]) -> dict[str, Any]:
    import questionary

    def text(
        key: str, message: str, *, required: bool = True, multiline: bool = False, instruction: str | None = None
    ) -> str:
        default = previous.get(key)
        if isinstance(default, list):
            default = ", ".join(default)
        return (
            questionary.text(
                message,
                default=str(default or ""),
                multiline=multiline,
                instruction=instruction,
                validate=_required(message.rstrip(":?")) if required else None,
            )
            .unsafe_ask()
            .strip()
        )

    def lines(key: str, message: str, minimum: int) -> list[str]:
        default = "\n".join(previous.get(key) or [])

        def ok(value: str) -> bool | str:
            n = len(split_lines(value))
            return True if n >= minimum else f"write at least {minimum}, one per line ({n} so far)"

        return split_lines(
            questionary.text(
                message,
                default=default,
                multiline=True,
                validate=ok,
                instruction="(one per line; Esc then Enter, or Alt-Enter, to finish)",
            ).unsafe_ask()
        )

    taken = existing_ids(path)
    fields: dict[str, Any] = {}

    def valid_id(value: str) -> bool | str:
        value = value.strip()
        if not ID_PATTERN.match(value):
            return "letters, digits, '.', '_' and '-' only, starting with a letter or digit"
        if value in taken:
            return f"the deck already has a card '{value}'"
        return True

    fields["id"] = (
        questionary.text(
            "Card id (stable: your review history follows it):",
            default=str(previous.get("id") or suggest_id(kind, taken)),
            validate=valid_id,
        )
        .unsafe_ask()
        .strip()
    )

    if kind == "basic":
        fields["front"] = text("front", "Front (the question):")
        fields["back"] = text("back", "Back (the answer):")
    elif kind == "cloze":
        fields["text"] = (
            questionary.text(
                "Text with deletions, e.g. One shard takes {{c1::1,000}} records/s:",
                default=str(previous.get("text") or ""),
                validate=lambda t: (
                    True if "{{c" in t and "::" in t else "write at least one deletion such as {{c1::answer}}"
                ),
            )
            .unsafe_ask()
            .strip()
        )
    elif kind in ("mcq", "multi"):
        fields["question"] = text("question", "Question:")
        choices = lines("choices", "Choices:", 2 if kind == "mcq" else 3)
        fields["choices"] = choices
        if kind == "mcq":
            default = previous.get("answer") if previous.get("answer") in choices else None
            fields["answer"] = questionary.select(
                "Which choice is right?", choices=choices, default=default
            ).unsafe_ask()
        else:
            before = set(previous.get("answers") or [])
            fields["answers"] = questionary.checkbox(
                "Which choices are right? (space to tick, enter to accept)",
                choices=[questionary.Choice(c, value=c, checked=c in before) for c in choices],
                validate=lambda picked: (
                    True if 2 <= len(picked) < len(choices) else f"tick at least 2 and at most {len(choices) - 1}"
                ),
            ).unsafe_ask()
    elif kind == "numeric":
        fields["question"] = text("question", "Question:")

        def has_unit(value: str) -> bool | str:
            from kinesis_tutor.core import units

            if "${" in value:
                return True
            try:
                q = units.parse_quantity(value)
            except units.UnitError as exc:
                return str(exc)
            return True if q.has_unit else "add a unit, e.g. '1 MB/s', '24 hours' or '1000 records'"

        fields["answer"] = (
            questionary.text(
                "Answer with its unit (e.g. 1 MB/s, 24 hours, 1000 records):",
                default=str(previous.get("answer") or ""),
                validate=has_unit,
            )
            .unsafe_ask()
            .strip()
        )
        fields["tolerance"] = text(
            "tolerance", "Tolerance (optional: absolute in the answer's unit, or e.g. 5%):", required=False
        )
    elif kind == "truefalse":
        fields["statement"] = text("statement", "Statement:")
        fields["answer"] = questionary.select(
            "Is it true?",
            choices=[questionary.Choice("true", value=True), questionary.Choice("false", value=False)],
            default=None,
        ).unsafe_ask()
    elif kind == "scenario":
        fields["situation"] = text(
            "situation",
            "Situation (what the learner reads):",
            multiline=True,
            instruction="(Esc then Enter, or Alt-Enter, to finish)",
        )
        service_choices = [
            questionary.Choice(f"{s.id} — {s.name}", value=s.id, checked=s.id in (previous.get("options") or []))
            for s in catalog.values()
        ]
        options = questionary.checkbox(
            "Options offered (from the service catalog; space to tick):",
            choices=service_choices,
            validate=lambda picked: True if len(picked) >= 2 else "tick at least 2 services",
        ).unsafe_ask()
        fields["options"] = options
        default = previous.get("answer") if previous.get("answer") in options else None
        fields["answer"] = questionary.select("Which option is right?", choices=options, default=default).unsafe_ask()
        fields["why"] = text("why", f"Why {fields['answer']} fits:")
        old = previous.get("why_not") or {}
        fields["why_not"] = {}
        for option in options:
            if option != fields["answer"]:
                fields["why_not"][option] = (
                    questionary.text(
                        f"Why not {option}:",
                        default=str(old.get(option) or ""),
                        validate=_required("the reason"),
                    )
                    .unsafe_ask()
                    .strip()
                )
        fields["clues"] = split_list(
            text("clues", "Clues (optional: comma-separated words of the situation):", required=False)
        )

    fields["explanation"] = text("explanation", "Explanation (shown after answering):")
    fields["tags"] = split_list(text("tags", "Tags (optional, comma-separated):", required=False))
    fields["source"] = text("source", "Source (optional: a link or a note):", required=False)
    if questionary.confirm(
        "Did this fact change over time (a 'changed' note)?", default=bool(previous.get("changed"))
    ).unsafe_ask():
        old = previous.get("changed") or {}
        fields["changed"] = {
            "before": questionary.text(
                "What older notes and exam questions say:", default=old.get("before", ""), validate=_required("this")
            ).unsafe_ask(),
            "now": questionary.text(
                "What is true now:", default=old.get("now", ""), validate=_required("this")
            ).unsafe_ask(),
            "since": questionary.text("Since when (optional):", default=old.get("since", "")).unsafe_ask(),
        }
    else:
        fields["changed"] = None
    return fields
