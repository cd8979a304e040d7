"""The checked cards of each deck file, kept between commands, so that the sync after an edit checks
and expands only the cards that changed (``decks/memo.py``; issue 21: a re-check after editing one
card of a large deck).

The memos live in a hidden folder beside the database (an SQLite file; a server's store keeps
none), one file per deck file. Nothing in them is trusted blindly:

- every entry is keyed by the card's own text, the deck's header and a ``context``: the loader's
  code (a hash of its source), the service catalog and the shared facts. Any change to one of
  them makes the card a miss, checked again from scratch;
- a file holds a checksum of its contents, and a file that is unreadable, damaged, from another
  version or for another path is ignored (and replaced at the next write);
- a memo is written only for a deck that loaded without a problem, atomically (a temporary
  file, then a rename), and a failure to write is ignored: the memo only saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from dataclasses import astuple, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.core.cards import Card, Changed
from kinesis_tutor.decks.memo import CardMemo, Known

if TYPE_CHECKING:
    from kinesis_tutor.decks.loader import LoadedDeck
    from kinesis_tutor.decks.yamlsource import Problem

FOLDER = ".deck-cache"
_MAGIC = b"kinesis-tutor deck memo 2\n"
_DIGEST = 32
_HEAD = len(_MAGIC) + _DIGEST


def folder_of(store: Any) -> Path | None:
    """Where the memos of ``store`` live: beside its SQLite file; None for a server's store."""
    if getattr(store, "file", None) is None:
        return None
    return Path(store.path).parent / FOLDER


@cache
def _code() -> str:
    """A hash of the source of the code that checks and expands cards (and of the package's
    version and pydantic's): any change to it voids every memo."""
    import pydantic

    root = Path(__file__).resolve().parent.parent  # the kinesis_tutor package
    h = hashlib.blake2b(pydantic.VERSION.encode(), digest_size=16)
    try:
        for p in [root / "__init__.py", *sorted((root / "core").glob("*.py")), *sorted((root / "decks").glob("*.py"))]:
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    except OSError:  # the source cannot be read: this run's memos match nothing
        return os.urandom(16).hex()
    return h.hexdigest()


def context(catalog: dict[str, Any], facts: dict[str, str]) -> str:
    """What every card's checks depend on beyond the deck file: the code, the catalog and the facts."""
    text = repr((_code(), sorted(catalog.items()), sorted(facts.items())))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _file(folder: Path, deck: str) -> Path:
    return folder / (hashlib.blake2b(deck.encode(), digest_size=12).hexdigest() + ".memo")


_FIELDS = tuple(f.name for f in fields(Card))


def _pack_card(card: Card) -> tuple:
    """A study card as plain values (what marshal writes): its fields in order, then its content hash."""
    values = [getattr(card, name) for name in _FIELDS]
    if card.changed is not None:
        values[_FIELDS.index("changed")] = astuple(card.changed)
    return (*values, card.__dict__.get("content_hash"))


def _unpack_card(values: tuple) -> Card:
    """``_pack_card`` undone, with the content hash it kept (a frozen card's fields are set as its
    ``__init__`` sets them)."""
    state = dict(zip(_FIELDS, values, strict=False))
    changed = state["changed"]
    if changed is not None:
        state["changed"] = Changed(*changed)
    card = object.__new__(Card)
    card.__dict__.update(state)
    if values[-1] is not None:
        card.__dict__["content_hash"] = values[-1]
    return card


def _pack(name: str, memo: CardMemo, support: tuple | None) -> bytes:
    table: dict[int, int] = {}  # id() of a card -> its place in ``cards`` (a card is written once)
    cards: list[tuple] = []

    def ref(card: Card) -> int:
        if id(card) not in table:
            table[id(card)] = len(cards)
            cards.append(_pack_card(card))
        return table[id(card)]

    entries = {k: (v.id, v.was, tuple(ref(c) for c in v.cards)) for k, v in memo.new.items()}
    final = {k: ref(c) for k, c in memo.new_final.items()}
    return marshal.dumps((name, memo.context, len(_FIELDS), cards, entries, final, support))


def _unpack(contents: tuple, memo: CardMemo) -> None:
    _, ctx, width, packed, entries, final, _ = contents
    if ctx != memo.context or width != len(_FIELDS):
        return
    cards = [_unpack_card(v) for v in packed]
    memo.old = {k: Known(i, tuple(was), tuple(cards[r] for r in refs)) for k, (i, was, refs) in entries.items()}
    memo.final = {k: cards[r] for k, r in final.items()}


def read(folder: Path | None, deck: Path, ctx: str) -> CardMemo | None:
    """The memo of ``deck`` for this context (empty if none is kept or it cannot be used); None
    without a folder."""
    if folder is None:
        return None
    return _memo(_contents(folder, str(deck.resolve())), ctx)


def _memo(contents: tuple | None, ctx: str) -> CardMemo:
    memo = CardMemo(ctx)
    if contents is not None:
        try:
            _unpack(contents, memo)
        except Exception:  # a damaged or foreign file: ignored (and replaced at the next write)
            memo.old, memo.final = {}, {}
    return memo


def _contents(folder: Path, name: str) -> tuple | None:
    """The values in the memo file of deck file ``name``, when it is whole, of this version and for that file."""
    payload = _payload(folder, name)
    if payload is None:
        return None
    try:
        got = marshal.loads(payload)
    except Exception:  # a foreign file
        return None
    return got if isinstance(got, tuple) and len(got) == 7 and got[0] == name else None


def _payload(folder: Path, name: str) -> bytes | None:
    """What the memo file of deck file ``name`` holds, when it is whole and of this version."""
    try:
        blob = _file(folder, name).read_bytes()
    except OSError:
        return None
    head, digest, payload = blob[: len(_MAGIC)], blob[len(_MAGIC) : _HEAD], blob[_HEAD:]
    if head != _MAGIC or hashlib.blake2b(payload, digest_size=_DIGEST).digest() != digest:
        return None
    return payload


def write(folder: Path | None, deck: Path, memo: CardMemo, support: tuple | None = None) -> None:
    """Keep ``memo`` (of a deck that loaded without a problem) for the next read of ``deck``, when
    enough of it is new: the entries kept stay right (each is keyed by what it depends on), so after
    an edit of a card or two the file is left as it is, and the next read checks those again."""
    if folder is None or not memo.worth_keeping:
        return
    name = str(deck.resolve())
    target = _file(folder, name)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        payload = _pack(name, memo, support)
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(_MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload)
        os.replace(tmp, target)
    except (OSError, ValueError):  # ValueError: a value marshal cannot write
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _support_key(dirs: list[Path]) -> str | None:
    """A hash of all that the catalog and the facts are made of: the code, and each support file's
    path and bytes in the order they are read (None when one cannot be read)."""
    from kinesis_tutor.decks.locations import support_files

    h = hashlib.blake2b(_code().encode(), digest_size=16)
    try:
        for found in support_files(dirs):
            h.update(b"\1")
            for p in found:
                data = p.read_bytes()
                h.update(f"{p}\0{len(data)}\0".encode())
                h.update(data)
    except OSError:
        return None
    return h.hexdigest()


def _support_of(contents: tuple | None, key: str) -> tuple[dict[str, Any], dict[str, str], tuple] | None:
    """The catalog and facts kept in a memo for the support files of ``key`` (they loaded without a
    problem then), and what to keep of them again; None if it keeps none for these files."""
    kept = contents[6] if contents is not None else None
    if not isinstance(kept, tuple) or len(kept) != 4 or kept[0] != key:
        return None
    from kinesis_tutor.decks.model import Service

    try:
        catalog = {service.id: service for service in map(Service.model_validate, kept[2])}
        return catalog, dict(kept[3]), kept
    except Exception:  # not what this version keeps
        return None


@dataclass
class Memos:
    """The memos of one sync: read for each deck file loaded, and written for those that loaded cleanly.

    Each memo written also keeps the catalog and facts of the sync, by a hash of their files: the
    next sync after an edit takes them from the memo of the edited file instead of reading and
    validating the support files again."""

    folder: Path | None
    kept: dict[Path, CardMemo] = field(default_factory=dict)
    _context: tuple[int, int, str] | None = None  # (id of the catalog, id of the facts, their context)
    _found: dict[str, tuple | None] = field(default_factory=dict)  # deck file -> its memo file's values
    _support: tuple | None = None  # (key, context, the services as given, the facts) to keep in memos

    def support(
        self, dirs: list[Path], problems: list[Problem], changed: list[str]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The catalog and the facts (``decks.support.load_support``), from the memo of a ``changed``
        deck file when it keeps them for these very files."""
        from kinesis_tutor.decks.support import load_support

        key = _support_key(dirs) if self.folder is not None else None
        if key is None:
            return load_support(dirs, problems)
        for path in changed:
            got = _support_of(self._contents(str(Path(path).resolve())), key)
            if got is not None:
                catalog, facts, self._support = got
                self._context = (id(catalog), id(facts), self._support[1])
                return catalog, facts
        before = len(problems)
        catalog, facts = load_support(dirs, problems)
        if len(problems) == before:
            self._context = (id(catalog), id(facts), context(catalog, facts))
            services = [service.model_dump(exclude_unset=True) for service in catalog.values()]
            self._support = (key, self._context[2], services, facts)
        return catalog, facts

    def _contents(self, name: str) -> tuple | None:
        if name not in self._found and self.folder is not None:
            self._found[name] = _contents(self.folder, name)
        return self._found.get(name)

    def read(self, deck: Path, catalog: dict[str, Any], facts: dict[str, str]) -> CardMemo | None:
        if self.folder is None:
            return None
        if self._context is None or self._context[:2] != (id(catalog), id(facts)):
            self._context = (id(catalog), id(facts), context(catalog, facts))
        return _memo(self._contents(str(deck.resolve())), self._context[2])

    def loaded(self, loaded: LoadedDeck, memo: CardMemo | None) -> None:
        """``loaded`` came without a problem: its memo is to be kept, and its cards that are as last
        time are last time's (their content hashes known)."""
        if memo is not None:
            loaded.cards = memo.settle(loaded.cards)
            self.kept[loaded.file] = memo

    def write(self) -> None:
        for deck, memo in self.kept.items():
            write(self.folder, deck, memo, self._support)
