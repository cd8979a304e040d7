"""Load decks, the service catalog and shared facts; report every problem as FILE:LINE:COL.

``load_library`` never stops at a bad deck: it keeps the good ones and lists the problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from kinesis_tutor.core import units
from kinesis_tutor.core.cards import Card
from kinesis_tutor.core.errors import did_you_mean
from kinesis_tutor.decks import cloze, facts, model, renames
from kinesis_tutor.decks.expand import expand_card, expand_table
from kinesis_tutor.decks.facts import deck_facts, substitute
from kinesis_tutor.decks.kinds import read_kind
from kinesis_tutor.decks.locations import (  # noqa: F401  (CATALOG_FILE, FACT_FILE, is_deck_file: used from here)
    CATALOG_FILE,
    FACT_FILE,
    content_dir,
    deck_files,
    display_path,
    is_deck_file,
    support_files,
)
from kinesis_tutor.decks.memo import CardMemo
from kinesis_tutor.decks.messages import _describe, _dotted, _validate, describing
from kinesis_tutor.decks.services import SERVICES_HINT, suggest_service
from kinesis_tutor.decks.support import clash_message, is_bundled, load_support  # noqa: F401  (is_bundled: used from here)
from kinesis_tutor.decks.tablerules import check_table, derived_row_ids
from kinesis_tutor.decks.yamlsource import Document, Problem, YamlError, read_document

FACT_REF = facts.UNRESOLVED  # a ${name} reference; group 1 is the name
_CARD = TypeAdapter(model.Card)
Bad = Callable[[tuple, str], None]  # reports one problem of a card: (path within the card, message)


class DeckProblems(Exception):
    def __init__(self, problems: list[Problem], deck_id: str | None = None):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
        self.deck_id = deck_id  # the id the file gives its deck, when it gives one


@dataclass
class LoadedDeck:
    deck: model.DeckHeader
    file: Path
    cards: list[Card]
    tables: list[model.Table]
    id_at: tuple[int, int] = (1, 1)  # line and column of the deck's id, for problems about it
    notes: list[str] = field(default_factory=list)  # not problems: e.g. "kind 'flashcard' is read as 'basic'"
    renames: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # card id -> the keys it had (was:)


@dataclass
class BrokenDeck:
    """A deck file that was skipped: its problems, and the deck id it gives when it gives one."""

    file: Path
    deck_id: str | None
    problems: list[Problem]
    clashes_with: Path | None = None  # the file that holds the deck id first, when that is the problem


@dataclass
class Library:
    """Everything that loaded, and every problem found on the way."""

    decks: dict[str, LoadedDeck] = field(default_factory=dict)
    catalog: dict[str, model.Service] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: list[BrokenDeck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # of the decks that loaded (see LoadedDeck.notes)

    def cards(self) -> list[Card]:
        return [c for d in self.decks.values() for c in d.cards]

    def tables(self) -> list[tuple[str, model.Table]]:
        return [(d.deck.id, t) for d in self.decks.values() for t in d.tables]


# ---------------------------------------------------------------- pydantic errors → messages


# ---------------------------------------------------------------- rules beyond structure


def _check_cloze(card: Any, bad: Bad) -> None:
    try:
        parts = cloze.parse(card.text)
    except cloze.ClozeError as exc:
        bad(("text",), str(exc))
        return
    deletions = [p for p in parts if isinstance(p, cloze.Deletion)]
    if not deletions:
        bad(("text",), "a cloze needs at least one deletion such as {{c1::answer}}")
    elif any(not d.answer.strip() for d in deletions):
        bad(("text",), "a deletion is empty")


def _check_why_not(card: Any, keys: list[str], bad: Bad) -> None:
    """An mcq or multi card's why_not: one reason per wrong choice, keyed by the choice's text."""
    for choice in card.why_not:
        if choice in keys:
            bad(("why_not", choice), f"why_not names '{choice}', which is an answer")
        elif choice not in card.choices:
            bad(
                ("why_not", choice),
                f"why_not names '{choice}', which is not a choice{did_you_mean(choice, card.choices)}",
            )


def _check_mcq(card: Any, bad: Bad) -> None:
    if card.answer not in card.choices:
        bad(("answer",), f"'{card.answer}' is not one of the choices{did_you_mean(card.answer, card.choices)}")
    if len(set(card.choices)) != len(card.choices):
        bad(("choices",), "two choices are the same")
    _check_why_not(card, [card.answer], bad)


def _check_multi(card: Any, bad: Bad) -> None:
    for i, answer in enumerate(card.answers):
        if answer not in card.choices:
            bad(("answers", i), f"'{answer}' is not one of the choices{did_you_mean(answer, card.choices)}")
    if len(set(card.answers)) != len(card.answers):
        bad(("answers",), "an answer is listed twice")
    if len(card.answers) >= len(card.choices):
        bad(("answers",), "a multi card needs more choices than answers")
    if len(set(card.choices)) != len(card.choices):
        bad(("choices",), "two choices are the same")
    _check_why_not(card, card.answers, bad)


def _check_numeric(card: Any, bad: Bad) -> None:
    if facts.UNRESOLVED.search(card.answer):
        return  # an unknown ${fact}: already reported, and there is no number to check
    try:
        q = units.parse_quantity(card.answer)
    except units.UnitError as exc:
        bad(("answer",), f"'{card.answer}' is not a number with a unit ({exc})")
    else:
        if not q.has_unit:
            bad(
                ("answer",),
                f"the numeric answer '{card.answer}' has no unit (write it as e.g. '{card.answer} records' "
                f"or '{card.answer} MB/s')",
            )
        if card.tolerance is not None:
            try:
                units.parse_tolerance(card.tolerance, q)
            except ValueError:
                bad(("tolerance",), f"'{card.tolerance}' is not a tolerance (a number or a percentage such as '5%')")


def _check_scenario(card: Any, bad: Bad, catalog: dict[str, model.Service]) -> None:
    for i, option in enumerate(card.options):
        if option not in catalog:
            bad(
                ("options", i),
                f"unknown service '{option}'{suggest_service(option, catalog)}; {SERVICES_HINT}",
            )
    if card.answer not in catalog:
        bad(
            ("answer",),
            f"unknown service '{card.answer}'{suggest_service(card.answer, catalog)}; {SERVICES_HINT}",
        )
    elif card.answer not in card.options:
        bad(("answer",), f"'{card.answer}' is not one of the options")
    if len(set(card.options)) != len(card.options):
        bad(("options",), "an option is listed twice")
    others = [o for o in card.options if o != card.answer]
    for option in others:
        if option not in card.why_not:
            bad(("why_not",), f"why_not has no line for option '{option}'")
    for option in card.why_not:
        if option not in others:
            what = "the answer" if option == card.answer else "not an option"
            bad(("why_not", option), f"why_not names '{option}', which is {what}")
    low = card.situation.lower()
    for i, clue in enumerate(card.clues):
        if clue.lower() not in low:
            bad(("clues", i), f"the clue '{clue}' does not occur in the situation")


def _check_card(
    doc: Document, card: Any, path: tuple, catalog: dict[str, model.Service], problems: list[Problem]
) -> None:
    def bad(sub: tuple, message: str) -> None:
        problems.append(doc.problem(path + sub, f"{_dotted(path + sub)}: {message}"))

    if card.kind == "scenario":
        _check_scenario(card, bad, catalog)
    elif card.kind in ("cloze", "mcq", "multi", "numeric"):
        {"cloze": _check_cloze, "mcq": _check_mcq, "multi": _check_multi, "numeric": _check_numeric}[card.kind](
            card, bad
        )


# ---------------------------------------------------------------- files


def load_deck_document(
    doc: Document, catalog: dict[str, model.Service], shared_facts: dict[str, str], memo: CardMemo | None = None
) -> LoadedDeck:
    """Validate a parsed deck. Raises DeckProblems listing every problem found (and the deck's id).
    ``memo``: the cards of the deck's last read that need no checking again (see ``decks/memo.py``)."""
    with describing(doc.data):
        try:
            return _load_deck_document(doc, catalog, shared_facts, memo)
        except DeckProblems as exc:
            deck_id = doc.data.get("id") if isinstance(doc.data, dict) else None
            raise DeckProblems(exc.problems, deck_id if isinstance(deck_id, str) else None) from None


def _load_deck_document(
    doc: Document, catalog: dict[str, model.Service], shared_facts: dict[str, str], memo: CardMemo | None
) -> LoadedDeck:
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        raise DeckProblems(
            [doc.problem((), f"a deck must be a mapping (id:, title:, cards: …), not {_describe(data)}")]
        )
    known = deck_facts(doc, shared_facts, problems)  # checks the deck's facts: map too
    if doc.refs:  # without a '${' in the file there is nothing to fill in
        data = substitute(doc, data, (), known, problems)
    header = _validate(doc, model.DeckHeader.model_validate, data, (), model.DeckHeader, problems)
    cards: list[Card] = []
    tables: list[model.Table] = []
    ids: dict[str, tuple] = {}

    def claim(card_id: str, path: tuple) -> None:
        if card_id in ids:
            line = doc.where(ids[card_id])[0]
            problems.append(
                doc.problem(path, f"{_dotted(path)}: duplicate card id '{card_id}' (first used on line {line})")
            )
        else:
            ids[card_id] = path

    raw_cards = data.get("cards") if isinstance(data.get("cards"), list) else []
    raw_tables = data.get("tables") if isinstance(data.get("tables"), list) else []
    deck_for_cards = header or model.DeckHeader.model_construct(
        id=str(data.get("id", "?")), tags=[], title="", format_version=1
    )
    notes: list[str] = []
    memo = memo if header is not None else None
    written = _load_cards(doc, raw_cards, deck_for_cards, catalog, claim, problems, notes, memo)
    cards = [c for _, _, generated in written for c in generated]
    placed: list[int] = []  # the index in the file of each table in ``tables``
    for i, raw in enumerate(raw_tables):
        table = _validate(doc, model.Table.model_validate, raw, ("tables", i), model.Table, problems)
        if table is None:
            continue
        before = len(problems)
        check_table(doc, table, ("tables", i), catalog, problems)
        if len(problems) > before:
            continue  # a row with too many cells cannot be expanded into cards
        tables.append(table)
        placed.append(i)
        notes.extend(derived_row_ids(doc, table, i))
    for i, table in zip(placed, tables, strict=True):  # a table's cards may take distractors from the others
        generated = expand_table(deck_for_cards, table, catalog, tables)
        for card in generated:
            claim(card.id, ("tables", i, "id"))
        cards.extend(generated)
    was = renames.of_deck(doc, deck_for_cards, written, {c.id for c in cards}, problems)
    if header is not None and "cards" not in data and not raw_tables:  # 'cards: []' is a deck to grow
        problems.append(doc.problem((), "the deck has no cards and no tables"))
    if problems or header is None:
        raise DeckProblems(sorted(set(problems), key=lambda p: (p.line, p.col, p.message)))
    return LoadedDeck(header, Path(doc.file), cards, tables, id_at=doc.where(("id",)), notes=notes, renames=was)


def _load_cards(
    doc: Document,
    raw_cards: list,
    deck: model.DeckHeader,
    catalog: dict[str, model.Service],
    claim: Callable[[str, tuple], None],
    problems: list[Problem],
    notes: list[str],
    memo: CardMemo | None = None,
) -> list[tuple[int, Any, list[Card]]]:
    """Each valid card of the deck: its index in the file, its model (or what ``memo`` knows of it)
    and the study cards it makes."""
    out: list[tuple[int, Any, list[Card]]] = []
    if memo is not None:
        memo.start(deck)
    for i, raw in enumerate(raw_cards):
        raw = read_kind(doc, raw, ("cards", i), notes)
        key = memo.key(raw) if memo is not None else ""
        known = memo.get(key) if memo is not None else None
        if known is not None:  # checked and expanded, exactly as it is now, the last time
            claim(known.id, ("cards", i, "id"))
            out.append((i, known, list(known.cards)))
            continue
        card = _validate(doc, _CARD.validate_python, raw, ("cards", i), model.Card, problems)
        if card is None:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                claim(raw["id"], ("cards", i, "id"))
            continue
        claim(card.id, ("cards", i, "id"))
        _check_card(doc, card, ("cards", i), catalog, problems)
        generated = expand_card(deck, card, catalog)
        if memo is not None:
            memo.put(key, card, generated)
        out.append((i, card, generated))
    return out


def load_deck_file(
    path: Path, catalog: dict[str, model.Service], facts: dict[str, str], memo: CardMemo | None = None
) -> LoadedDeck:
    try:
        doc = read_document(path, display_path(path))
    except YamlError as exc:
        raise DeckProblems(exc.problems) from None
    loaded = load_deck_document(doc, catalog, facts, memo)
    loaded.file = path
    return loaded


def load_library(dirs: Iterable[Path]) -> Library:
    """Load every deck under ``dirs``. Bad decks are reported in ``problems`` and skipped."""
    dirs = list(dirs)
    lib = Library()
    lib.catalog, lib.facts = load_support(dirs, lib.problems)
    for path in deck_files(dirs):
        try:
            loaded = load_deck_file(path, lib.catalog, lib.facts)
        except DeckProblems as exc:
            lib.problems.extend(exc.problems)
            lib.broken.append(BrokenDeck(path, exc.deck_id, exc.problems))
            continue
        other = lib.decks.get(loaded.deck.id)
        if other is not None:
            clash = Problem(display_path(path), *loaded.id_at, clash_message(loaded.deck.id, other.file))
            lib.problems.append(clash)
            lib.broken.append(BrokenDeck(path, loaded.deck.id, [clash], other.file))
            continue
        lib.decks[loaded.deck.id] = loaded
        lib.notes.extend(loaded.notes)
    return lib
