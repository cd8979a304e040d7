"""A deck draft from Markdown notes (``kinesis-tutor decks draft``): pure text in, YAML text out.

What becomes what (see docs/deck-format.md, "Drafts from notes"):

- a Markdown table whose columns (or whose rows) name catalog services becomes a ``tables:``
  block, which the deck asks both ways; any other table becomes basic cards asked both ways
  (row → cell and cell → row);
- ``**Term** — definition``, ``**Term:** definition`` and ``Term: definition`` lines become
  basic cards;
- a number with a unit (``1 MB/sec``, ``24 hours``, ``1,000 records/s``) becomes a numeric card
  that asks for it, the sentence being the explanation;
- the headings above a line become its card's tags;
- every card carries ``source: NOTES:LINE`` (table rows, which have no ``source`` key, carry it
  as a comment).

Nothing here knows about AWS: services are recognised only through the catalog names passed in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from kinesis_tutor.core import units

TODO_WHY = "TODO: say why this is so."
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s+")
_BOLD_TERMS = (
    re.compile(r"^\*\*(?P<term>[^*]+?):\*\*\s*(?P<defn>.+)$"),  # **Term:** definition
    re.compile(r"^\*\*(?P<term>[^*]+?)\*\*\s*(?::|\s[—–-])\s*(?P<defn>.+)$"),  # **Term**: / — definition
)
_PLAIN_TERM = re.compile(r"^(?P<term>[A-Za-z][^:.!?]{0,48}?):\s+(?P<defn>\S.*)$")
# A number and the word (or rate) right after it: "1MB/sec", "24 hours", "1,000 records/s".
_QUANTITY = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?P<gap>\s?)(?P<unit>%|[A-Za-z]+(?:/[A-Za-z]+)?)(?![\w/])"
)


@dataclass
class Draft:
    """The YAML text of the draft, and what it holds."""

    text: str
    cards: int
    tables: int
    numeric: int


@dataclass
class _State:
    source: str
    cards: list[dict[str, Any]] = field(default_factory=list)
    tables: list[tuple[int, dict[str, Any], list[int]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    headings: list[tuple[int, str]] = field(default_factory=list)
    title: str = ""

    def unique(self, base: str) -> str:
        base = (base or "card")[:60].strip("-") or "card"
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def tags(self) -> list[str]:
        out: list[str] = []
        for level, text in self.headings:
            tag = slug(text)[:40].strip("-")
            if tag and not (level == 1 and text == self.title) and tag not in out:
                out.append(tag)
        return out

    def heading(self) -> str:
        return self.headings[-1][1] if self.headings else ""

    def add(self, card: dict[str, Any], line: int) -> None:
        tags = self.tags()
        if tags:
            card["tags"] = tags
        card["source"] = f"{self.source}:{line}"
        self.cards.append(card)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plain(text: str) -> str:
    """Markdown inline formatting removed: links keep their text, images and HTML tags go."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>", "; ", text, flags=re.IGNORECASE)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)
    text = text.replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def clean_heading(text: str) -> str:
    """A heading without its leading emoji or numbering."""
    text = plain(text)
    return re.sub(r"^[^\w(]+", "", text).strip()


# ------------------------------------------------------------------------------- lines


def _term_card(state: _State, text: str, line: int) -> None:
    m = _BOLD_TERMS[0].match(text) or _BOLD_TERMS[1].match(text)
    if m is None:
        stripped = plain(text)
        m = _PLAIN_TERM.match(stripped)
        if m is None or len(m.group("term").split()) > 6 or "http" in m.group("term").lower():
            return
    term, defn = plain(m.group("term")).rstrip(":").strip(), plain(m.group("defn")).strip()
    if not term or not defn or len(defn) < 2:
        return
    context = state.heading()
    front = f"{term} ({context})" if context and slug(context) != slug(term) else term
    card = {"id": state.unique(slug(term)), "kind": "basic", "front": front, "back": defn, "explanation": TODO_WHY}
    state.add(card, line)


def quantities(sentence: str) -> list[tuple[int, int, str]]:
    """Every number with a unit in ``sentence``: (start, end, the quantity as an answer)."""
    found = []
    for m in _QUANTITY.finditer(sentence):
        unit = m.group("unit")
        answer = f"{m.group(0)[: m.start('gap') - m.start()]} {unit}".replace(" %", "%")
        try:
            q = units.parse_quantity(answer)
        except units.UnitError:
            continue
        known = q.dimension in ("bytes", "s", "%") or q.dimension.endswith("/s")
        counted = q.has_unit and unit.isalpha() and unit.islower() and len(unit) >= 4 and unit.endswith("s")
        if known or counted:
            found.append((m.start(), m.end(), answer))
    return found


def _numeric_cards(state: _State, sentence: str, line: int) -> None:
    context = state.heading()
    for start, end, answer in quantities(sentence):
        question = f"{sentence[:start]}…{sentence[end:]}"
        if context and not question.lower().startswith(context.lower()):
            question = f"{context} — {question}"
        card = {
            "id": state.unique(f"{slug(context or sentence[:30])}-{slug(answer)}"),
            "kind": "numeric",
            "question": f"{question} (what goes in place of …?)",
            "answer": answer,
            "explanation": sentence,
        }
        state.add(card, line)


# ------------------------------------------------------------------------------- tables


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [plain(c.replace("\\|", "|")) for c in re.split(r"(?<!\\)\|", body)]


def _resolve(names: list[str], services: dict[str, str]) -> list[str] | None:
    """The service ids that ``names`` name (all of them, all different), or None."""
    ids = []
    for name in names:
        key = normalise(name)
        sid = services.get(key) or services.get(normalise(re.sub(r"\s*\([^)]*\)", "", name)))
        if sid is None:
            inner = re.findall(r"\(([^)]*)\)", name)
            sid = services.get(normalise(inner[0])) if inner else None
        if sid is None:
            return None
        ids.append(sid)
    return ids if len(ids) >= 2 and len(set(ids)) == len(ids) else None


def normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", plain(name).lower()).strip()


def _table(state: _State, rows: list[tuple[int, list[str]]], services: dict[str, str]) -> None:
    (head_line, header), body = rows[0], rows[1:]
    width = len(header)
    if width < 2 or not body:
        return
    body = [(n, (cells + [""] * width)[:width]) for n, cells in body]
    title = state.heading() or " / ".join(header)
    columns = _resolve(header[1:], services)
    if columns is not None:
        features = [(n, cells[0], cells[1:]) for n, cells in body]
        _table_block(state, head_line, title, columns, features)
        return
    row_services = _resolve([cells[0] for _, cells in body], services)
    if row_services is not None:
        features = [(head_line, header[j], [cells[j] for _, cells in body]) for j in range(1, width)]
        _table_block(state, head_line, title, row_services, features)
        return
    _table_cards(state, title, header, body)


def _table_block(
    state: _State, line: int, title: str, services: list[str], features: list[tuple[int, str, list[str]]]
) -> None:
    row_ids: set[str] = set()
    rows, lines = [], []
    for n, feature, cells in features:
        if not feature:
            continue
        rid, k = slug(feature)[:40].strip("-") or "row", 2
        while rid in row_ids:
            rid, k = f"{slug(feature)[:40].strip('-') or 'row'}-{k}", k + 1
        row_ids.add(rid)
        rows.append({"id": rid, "feature": feature, "cells": [c or "—" for c in cells]})
        lines.append(n)
    if not rows:
        return
    table: dict[str, Any] = {"id": state.unique(slug(title)[:40] or "table"), "title": title, "services": services}
    tags = state.tags()
    if tags:
        table["tags"] = tags
    table["rows"] = rows
    state.tables.append((line, table, lines))


def _table_cards(state: _State, title: str, header: list[str], body: list[tuple[int, list[str]]]) -> None:
    """A table that names no services: each cell is asked from its row, and its row from the cell."""
    key = header[0] or "item"
    for n, cells in body:
        for j, (column, cell) in enumerate(zip(header[1:], cells[1:], strict=True), start=1):
            if not cells[0] or not cell or cell in ("-", "—"):
                continue
            base = slug(f"{cells[0]}-{column}")[:50]
            forward = {
                "id": state.unique(base),
                "kind": "basic",
                "front": f"{title}: {cells[0]} — {column}?",
                "back": cell,
                "explanation": TODO_WHY,
            }
            state.add(forward, n)
            if sum(1 for _, other in body if other[j] == cell) > 1:
                continue  # "which row has 'Yes'?" has several answers: no reverse card
            reverse = {
                "id": state.unique(f"{base}-which"),
                "kind": "basic",
                "front": f"{title}: which {key.lower()} — {column}: {cell}?",
                "back": cells[0],
                "explanation": TODO_WHY,
            }
            state.add(reverse, n)


# ------------------------------------------------------------------------------- the notes


def _table_at(lines: list[str], i: int) -> int:
    """The number of lines of the Markdown table starting at ``lines[i]`` (0 if none starts there)."""
    if "|" not in lines[i] or i + 1 >= len(lines) or not _TABLE_SEP.match(lines[i + 1]):
        return 0
    end = i + 2
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    return end - i


def _heading(state: _State, level: int, text: str) -> None:
    text = clean_heading(text)
    if level == 1 and not state.title:
        state.title = text
    state.headings = [(lv, t) for lv, t in state.headings if lv < level]
    if text:
        state.headings.append((level, text))


def _walk(state: _State, lines: list[str], services: dict[str, str]) -> None:
    i, fence = 0, ""
    while i < len(lines):
        raw, n = lines[i], i + 1
        marker = _FENCE.match(raw)
        if fence or marker:  # code blocks (mermaid diagrams, shell) are not notes
            if marker and not fence:
                fence = marker.group(1)
            elif marker and marker.group(1) == fence:
                fence = ""
            i += 1
            continue
        heading = _HEADING.match(raw)
        size = 0 if heading else _table_at(lines, i)
        if heading:
            _heading(state, len(heading.group(1)), heading.group(2))
        elif size:
            block = [lines[i], *lines[i + 2 : i + size]]
            numbers = [i + 1, *range(i + 3, i + size + 1)]
            _table(state, [(k, _cells(line)) for k, line in zip(numbers, block, strict=True)], services)
            i += size
            continue
        else:
            text = _BULLET.sub("", raw).strip()
            if text and not text.startswith(("![", "<", "---", "***", "===")):
                _term_card(state, text, n)
                _numeric_cards(state, plain(text), n)
        i += 1


def draft(notes: str, source: str, deck_id: str, services: dict[str, str], default_title: str) -> Draft:
    """The deck draft of the Markdown ``notes``; ``source`` names the notes file in each card's source.

    ``services`` maps a normalised service name, alias or id (see :func:`normalise`) to its id.
    """
    state = _State(source)
    _walk(state, notes.replace("\r\n", "\n").replace("\r", "\n").split("\n"), services)
    text = _yaml(state, deck_id, state.title or default_title)
    numeric = sum(1 for c in state.cards if c["kind"] == "numeric")
    return Draft(text, len(state.cards), len(state.tables), numeric)


# ------------------------------------------------------------------------------- YAML


def _scalar(value: Any) -> str:
    text = str(value).replace("${", "$${")  # notes text is never a ${fact} reference
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._/()'-]*", text) and not re.search(r"\s$|: | #", text):
        import yaml

        if yaml.safe_load(text) == text:
            return text
    return json.dumps(text, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _yaml(state: _State, deck_id: str, title: str) -> str:
    out = [
        f"# A draft deck from {state.source}, written by 'kinesis-tutor decks draft'.",
        "# Every card names the line it came from (source:). Reword the questions, replace each",
        f"# '{TODO_WHY}' with the reason, delete what is not worth a card, then check it with",
        "#   kinesis-tutor decks validate THIS-FILE",
        "format_version: 1",
        f"id: {_scalar(deck_id)}",
        f"title: {_scalar(title)}",
        f"description: {_scalar('Drafted from ' + state.source)}",
    ]
    out.append("cards:" if state.cards else "cards: []")
    for k, card in enumerate(state.cards):
        if k:
            out.append("")
        for i, (key, value) in enumerate(card.items()):
            lead = "  - " if i == 0 else "    "
            out.append(f"{lead}{key}: {_flow(value) if isinstance(value, list) else _scalar(value)}")
    if state.tables:
        out.append("")
        out.append("tables:")
    for line, table, row_lines in state.tables:
        out.append(f"  # {state.source}:{line}")
        for key in ("id", "title", "services", "tags"):
            if key in table:
                value = table[key]
                lead = "  - " if key == "id" else "    "
                out.append(f"{lead}{key}: {_flow(value) if isinstance(value, list) else _scalar(value)}")
        out.append("    rows:")
        for row, n in zip(table["rows"], row_lines, strict=True):
            out.append(f"      - id: {_scalar(row['id'])}  # {state.source}:{n}")
            out.append(f"        feature: {_scalar(row['feature'])}")
            out.append(f"        cells: {_flow(row['cells'])}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
