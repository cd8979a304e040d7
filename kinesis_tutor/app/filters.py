"""The filters a learner types (``--deck``, ``--tag``). A tag no card has is a typo, refused with a
did-you-mean (exit 2) instead of an empty session. A ``--deck`` that picks no card is refused by
``refuse_deck``, the one rule every deck filter and deck command follows (``sync.check_decks``,
``decks show``, ``export --format apkg``): a deck skipped for its problems says so, a deck without
cards says how to add one, anything else is "no deck" with a did-you-mean."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean, no_such_deck

if TYPE_CHECKING:  # the type only: 'decks validate' and 'decks show' need no database library
    from kinesis_tutor.decks.loader import Library
    from kinesis_tutor.store.progress import Store


def check_tags(store: Store, tags: Sequence[str]) -> None:
    """Refuse a tag that no active card has, naming the closest one."""
    if not tags:
        return
    known = sorted({t for item in store.items() for t in item.card.tags})
    for tag in tags:
        if tag not in known:
            raise TutorError(
                f"no card has the tag '{tag}'{did_you_mean(tag, known)}; 'kinesis-tutor stats --json' lists the tags",
                exit_code=EXIT_USAGE,
            )


def has_problems(deck_id: str, file: str, count: int) -> TutorError:
    return TutorError(
        f"deck '{deck_id}' has {count} problem(s) and is skipped until they are fixed; "
        f"'kinesis-tutor decks validate {file}' lists them"
    )


def no_cards_yet(deck_id: str) -> TutorError:
    return TutorError(
        f"deck '{deck_id}' has no cards yet; add one with: kinesis-tutor decks add {deck_id}", exit_code=EXIT_USAGE
    )


def refuse_deck(
    deck_id: str,
    known: Iterable[str],
    *,
    broken: Mapping[str, tuple[str, int]] | None = None,
    empty: Collection[str] = (),
    exit_code: int = EXIT_USAGE,
) -> TutorError:
    """Why ``deck_id`` gives no card to use. ``known``: the decks that have cards (for the
    did-you-mean); ``broken``: deck id -> (its file as shown, its problems) for the decks skipped
    for their problems (exit 1); ``empty``: the decks that load but have no card yet (exit 2).
    ``exit_code`` is the one of "no deck"."""
    if broken and deck_id in broken:
        return has_problems(deck_id, *broken[deck_id])
    if deck_id in empty:
        return no_cards_yet(deck_id)
    return no_such_deck(deck_id, known, exit_code=exit_code)


def broken_decks(lib: Library) -> dict[str, tuple[str, int]]:
    """The decks of ``lib`` skipped for their problems (not for an id another file has first):
    deck id -> (its file as a learner would type it, how many problems)."""
    from kinesis_tutor.decks.locations import display_path

    return {
        b.deck_id: (display_path(b.file), len(b.problems))
        for b in reversed(lib.broken)  # the first file of an id wins, as in decks show
        if b.deck_id and b.clashes_with is None
    }


def refuse_in_library(lib: Library, deck_id: str, *, exit_code: int = EXIT_USAGE) -> TutorError:
    """``refuse_deck`` for a deck filter over the deck files themselves (not the store)."""
    empty = {d for d, loaded in lib.decks.items() if not loaded.cards}
    known = [d for d in lib.decks if d not in empty]
    return refuse_deck(deck_id, known, broken=broken_decks(lib), empty=empty, exit_code=exit_code)
