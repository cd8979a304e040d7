"""Cloze text: ``{{c1::answer}}`` and ``{{c1::answer::hint}}`` deletions, read by a small parser.

A backslash before ``:``, ``{`` or ``}`` writes that character itself, so an answer may contain
what would otherwise end it: ``{{c1::xs[\\::2]}}`` asks for ``xs[::2]``, ``{{c1::std\\::vector}}``
for ``std::vector`` and ``{{c1::a\\}}b}}`` for ``a}}b``; ``\\{{`` outside a deletion is a literal
``{{``. Any other backslash is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kinesis_tutor.core.cards import BLANK, Card

_OPEN = re.compile(r"\{\{c(\d+)::")
_ESCAPABLE = ":{}"


class ClozeError(ValueError):
    """The text is not a valid cloze; the message is in an author's words."""


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str  # as written, escapes resolved, not stripped
    hint: str | None  # None when the deletion has no '::hint'


def _unescape(text: str) -> str:
    return re.sub(r"\\([:{}])", r"\1", text)


_SCANNERS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _scan(text: str, i: int, stops: tuple[str, ...]) -> tuple[int, str]:
    """From ``i``, the index of the first unescaped stop and which stop it is ('' at the end).

    One regular expression per set of stops: at each place an escape (backslash and an escapable
    character, skipped whole) is tried before the stops, as a left-to-right reading would."""
    pattern = _SCANNERS.get(stops)
    if pattern is None:
        escape = "\\\\[" + re.escape(_ESCAPABLE) + "]"
        pattern = _SCANNERS[stops] = re.compile("|".join([escape, *map(re.escape, stops)]))
    while True:
        m = pattern.search(text, i)
        if m is None:
            return len(text), ""
        if m.group()[0] != "\\":
            return m.start(), m.group()
        i = m.end()


def parse(text: str) -> list[str | Deletion]:
    """The text as plain pieces and deletions, in order. Raises ClozeError."""
    parts: list[str | Deletion] = []
    i = 0
    while True:
        j, stop = _scan(text, i, ("{{",))
        if j > i:
            parts.append(_unescape(text[i:j]))
        if not stop:
            return parts
        opened = _OPEN.match(text, j)
        if opened is None:
            raise ClozeError("a deletion is not written {{cN::answer}} (write \\{{ for a literal {{)")
        end, stop = _scan(text, opened.end(), ("::", "}}"))
        answer, hint = text[opened.end() : end], None
        if stop == "::":
            hint_start = end + 2
            end, stop = _scan(text, hint_start, ("}}",))
            hint = _unescape(text[hint_start:end])
        if stop != "}}":
            raise ClozeError("a deletion is not closed with }}")
        if int(opened.group(1)) == 0:  # Anki, and every cloze tool, counts from c1
            raise ClozeError("cloze numbers start at 1: write {{c1::answer}}, not {{c0::…}}")
        parts.append(Deletion(int(opened.group(1)), _unescape(answer), hint))
        i = end + 2


def numbers(parts: list[str | Deletion]) -> list[int]:
    return sorted({p.number for p in parts if isinstance(p, Deletion)})


def filled(parts: list[str | Deletion]) -> str:
    """The text with every deletion filled in."""
    return "".join(_text(p) for p in parts)


def cloze_cards(card_id: str, text: str, common: dict[str, Any]) -> list[Card]:
    """One study card per deletion number: that number's deletions blank (or their hint), the
    others filled in; deletions that share a number are asked together. A text that is not a
    valid cloze gives no cards (the loader reports why)."""
    try:
        parts = parse(text)
    except ClozeError:
        return []
    out = []
    for n in numbers(parts):
        asked = [p for p in parts if isinstance(p, Deletion) and p.number == n]
        prompt = "".join(_blank(p) if isinstance(p, Deletion) and p.number == n else _text(p) for p in parts)
        out.append(
            Card(
                **common,
                id=f"{card_id}.c{n}",
                kind="cloze",
                prompt=prompt,
                answer=tuple(p.answer.strip() for p in asked),
                hints=tuple((p.hint or "").strip() for p in asked),
                context=filled(parts),
            )
        )
    return out


def _blank(p: Deletion) -> str:
    return f"[{p.hint.strip()}]" if p.hint else BLANK


def _text(p: str | Deletion) -> str:
    return p.answer if isinstance(p, Deletion) else p
