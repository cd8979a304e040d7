"""Study cards as Anki notes: the note type each kind becomes, its fields (HTML), tags and GUID.

No Anki library here: ``app/anki_export.py`` writes the package from these notes, and
``app/anki_import.py`` finds our cards again by the same GUIDs.

- basic, and the forward cells of comparison tables ("Feature — Service?") → ``Kinesis basic``;
- cloze → ``Kinesis cloze``: one Anki cloze note per deck card, with the same deletions (and
  hints), so Anki makes one card per cloze number, as this tool does;
- mcq, multi, truefalse, scenario → ``Kinesis choice``: lettered options on the front; the key,
  the explanation, each option's why / why-not and the ``changed`` note on the back;
- numeric → ``Kinesis numeric``: a type-in answer, with the accepted value and unit on the back.

A note's GUID comes from the deck id and the card id (a cloze note: the deck card's id), so a
package exported again updates the notes already in Anki instead of adding copies.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kinesis_tutor.core.cards import BLANK, Card

ROOT_DECK = "Kinesis"
BASIC, CLOZE, CHOICE, NUMERIC = "basic", "cloze", "choice", "numeric"
CHOICE_KINDS = ("mcq", "multi", "truefalse", "scenario")
# Note type → its fields, in order (the first is the one Anki sorts and checks duplicates by).
FIELDS: dict[str, tuple[str, ...]] = {
    BASIC: ("Front", "Back", "Explanation", "Changed", "Source", "Card"),
    CLOZE: ("Text", "Explanation", "Changed", "Source", "Card"),
    CHOICE: ("Question", "Ask", "Options", "Answer", "Explanation", "WhyNot", "Changed", "Source", "Card"),
    NUMERIC: ("Question", "Answer", "Accepted", "Explanation", "Changed", "Source", "Card"),
}
_CLOZE_ID = re.compile(r"^(?P<base>.+)\.c(?P<n>\d+)$")
_TAG_SPACE = re.compile(r"\s+")
_OUR_GUID = re.compile(r"kt[a-z2-7]{16}")


@dataclass(frozen=True)
class Note:
    """One Anki note: its note type (a key of ``FIELDS``), our deck, the card id its GUID is
    built from, the field values (HTML) and the tags; ``cards`` is how many Anki cards it makes."""

    model: str
    deck: str
    key: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    kind: str
    cards: int = 1

    @property
    def guid(self) -> str:
        return note_guid(self.deck, self.key)

    @property
    def deck_name(self) -> str:
        return f"{ROOT_DECK}::{self.deck}"


def note_guid(deck_id: str, card_id: str) -> str:
    """The GUID of the note for ``deck_id`` / ``card_id``: the same on every export, ours alone
    (``kt`` and 16 base-32 characters of a SHA-256)."""
    digest = hashlib.sha256(f"kinesis-tutor\x1f{deck_id}\x1f{card_id}".encode()).digest()
    return "kt" + base64.b32encode(digest[:10]).decode("ascii").lower()


def is_our_guid(guid: str) -> bool:
    """Whether ``guid`` has the shape of ``note_guid``'s (a note exported by kinesis-tutor)."""
    return _OUR_GUID.fullmatch(guid) is not None


def anki_targets(deck_id: str, card_id: str, kind: str) -> list[tuple[str, int]]:
    """The (note GUID, card ordinal) pairs under which Anki can hold the study card ``card_id``:
    a cloze card is the card ``n - 1`` of its deck card's note (or, when its deck card could not
    be written as one note, the first card of a note of its own)."""
    targets = [(note_guid(deck_id, card_id), 0)]
    m = _CLOZE_ID.match(card_id)
    if kind == "cloze" and m:
        targets.append((note_guid(deck_id, m["base"]), int(m["n"]) - 1))
    return targets


# ---------------------------------------------------------------------------------- fields


def _html(text: str | None) -> str:
    return html.escape(text or "", quote=False).replace("\n", "<br>")


def _tags(card: Card) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_TAG_SPACE.sub("_", t.strip()) for t in card.tags if t.strip()))


def _changed(card: Card) -> str:
    c = card.changed
    if c is None:
        return ""
    since = f" (since {c.since})" if c.since else ""
    return f"<b>Changed{since}:</b> was “{_html(c.before)}”; now {_html(c.now)}"


def _tail(card: Card) -> tuple[str, str, str, str]:
    """Explanation, Changed, Source, Card: the fields every note type ends with."""
    return _html(card.explanation), _changed(card), _html(card.source), _html(card.key)


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


_ASK = {"mcq": "Choose one.", "truefalse": "True or false?", "scenario": "Which service fits best?"}


def choice_note(card: Card) -> Note:
    letters = {choice: _letter(i) for i, choice in enumerate(card.choices)}
    options = "".join(f'<div class="kt-option"><b>{letters[c]}.</b> {_html(card.label(c))}</div>' for c in card.choices)
    answer = "<br>".join(f"<b>{letters.get(a, '?')}.</b> {_html(card.label(a))}" for a in card.answer)
    ask = _ASK.get(card.kind, f"Choose {card.choose}.")
    why_not = card.why_not_map()
    reasons = []
    for c in card.choices:
        reason = card.why if c in card.answer and card.why else why_not.get(c, "")
        if reason:
            mark = "✔" if c in card.answer else "✘"
            reasons.append(f"<div>{mark} <b>{letters[c]}. {_html(card.label(c))}</b>: {_html(reason)}</div>")
    fields = (_html(card.prompt), ask, options, answer, _html(card.explanation), "".join(reasons), *_tail(card)[1:])
    return Note(CHOICE, card.deck, card.id, fields, _tags(card), card.kind)


def basic_note(card: Card, front: str | None = None, kind: str | None = None) -> Note:
    fields = (front or _html(card.prompt), _html(card.answer[0] if card.answer else ""), *_tail(card))
    return Note(BASIC, card.deck, card.id, fields, _tags(card), kind or card.kind)


def numeric_note(card: Card) -> Note:
    value = card.answer[0] if card.answer else ""
    accepted = _html(value) + (f" (within {_html(card.tolerance)})" if card.tolerance else "")
    fields = (_html(card.prompt), html.escape(value, quote=False), accepted, *_tail(card))
    return Note(NUMERIC, card.deck, card.id, fields, _tags(card), card.kind)


def table_note(card: Card, feature: str, service: str) -> Note:
    """A forward cell of a comparison table as front / back: "Feature — Service?" → the value."""
    front = f'<div class="kt-context">{_html(card.context)}</div>{_html(feature)} — <b>{_html(service)}</b>?'
    return basic_note(card, front, kind="table")


# ---------------------------------------------------------------------------------- cloze


def _candidates(full: str, at: int, answer: str) -> Iterator[tuple[int, int]]:
    """Spans of ``full`` starting at ``at`` whose text, stripped, is ``answer``."""
    lead = at
    while lead < len(full) and full[lead].isspace() and answer:
        lead += 1
    if not full.startswith(answer, lead):
        return
    end = lead + len(answer)
    trail = end
    while trail < len(full) and full[trail].isspace():
        trail += 1
    for stop in range(trail, end - 1, -1):
        yield at, stop


def _spans(full: str, prompt: str, answers: tuple[str, ...], marks: list[str]) -> list[tuple[int, int]] | None:
    """Where one cloze number's deletions stand in the filled-in text: the spans that, replaced
    by their blanks, give the card's prompt."""

    def solve(p: int, f: int, k: int) -> list[tuple[int, int]] | None:
        if k == len(answers):
            return [] if prompt[p:] == full[f:] else None
        x = 0
        while True:
            if prompt.startswith(marks[k], p + x):
                for start, stop in _candidates(full, f + x, answers[k]):
                    rest = solve(p + x + len(marks[k]), stop, k + 1)
                    if rest is not None:
                        return [(start, stop), *rest]
            if p + x >= len(prompt) or f + x >= len(full) or prompt[p + x] != full[f + x]:
                return None
            x += 1

    return solve(0, 0, 0)


def _markup(full: str, deletions: list[tuple[int, int, int, str]]) -> str | None:
    """The cloze text (HTML) with ``deletions`` (start, stop, number, hint); None if two overlap."""
    out, at = [], 0
    for start, stop, n, hint in sorted(deletions):
        if start < at:
            return None
        hint_part = f"::{_html(hint)}" if hint else ""
        out.append(f"{_html(full[at:start])}{{{{c{n}::{_html(full[start:stop])}{hint_part}}}}}")
        at = stop
    return "".join(out) + _html(full[at:])


def _cloze_deletions(card: Card, n: int) -> list[tuple[int, int, int, str]] | None:
    marks = [f"[{h}]" if h else BLANK for h in card.hints] or [BLANK] * len(card.answer)
    spans = _spans(card.context, card.prompt, card.answer, marks)
    if spans is None:
        return None
    return [(a, b, n, hint) for (a, b), hint in zip(spans, card.hints or ("",) * len(spans), strict=False)]


def cloze_notes(base: str, cards: list[Card]) -> list[Note]:
    """The deck card ``base`` (expanded into ``cards``, one per cloze number) as one cloze note;
    one note per number if its deletions cannot be laid out in one text."""
    first = cards[0]
    numbered = [(int(m["n"]), c) for c in cards if (m := _CLOZE_ID.match(c.id))]
    found = [(n, c, _cloze_deletions(c, n)) for n, c in numbered]
    all_deletions = [d for _, _, ds in found for d in ds or []]
    text = _markup(first.context, all_deletions) if all(ds for _, _, ds in found) else None
    if text is not None:
        fields = (text, *_tail(first)[:-1], _html(f"{first.deck}/{base}"))
        return [Note(CLOZE, first.deck, base, fields, _tags(first), "cloze", cards=len(numbered))]
    notes = []
    for _, card, ds in found:  # renumbered c1: each number on a card of its own
        own = _markup(card.context, [(a, b, 1, hint) for a, b, _, hint in ds or []]) or _html(card.prompt)
        notes.append(Note(CLOZE, card.deck, card.id, (own, *_tail(card)), _tags(card), "cloze"))
    return notes


# ---------------------------------------------------------------------------------- all cards


def notes_for(cards: Iterable[Card], table_cells: dict[str, tuple[str, str]]) -> list[Note]:
    """The notes of ``cards`` in their order. ``table_cells`` names the forward cells of the
    comparison tables (card key → (feature, service name)); other table cards are left out."""
    notes: list[Note] = []
    clozes: dict[tuple[str, str], list[Card]] = {}
    for card in cards:
        if card.origin == "table":
            if card.key in table_cells:
                notes.append(table_note(card, *table_cells[card.key]))
        elif card.kind == "cloze" and (m := _CLOZE_ID.match(card.id)):
            group = clozes.setdefault((card.deck, m["base"]), [])
            if not group:
                notes.append(Note(CLOZE, card.deck, m["base"], (), (), "cloze"))  # its place, filled below
            group.append(card)
        elif card.kind in CHOICE_KINDS:
            notes.append(choice_note(card))
        elif card.kind == "numeric":
            notes.append(numeric_note(card))
        else:
            notes.append(basic_note(card))
    out: list[Note] = []
    for note in notes:
        out += cloze_notes(note.key, clozes[(note.deck, note.key)]) if not note.fields else [note]
    return out
