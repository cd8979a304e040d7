"""decks orphans: review history whose card is gone from every deck, attached to a card or forgotten."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core.errors import TutorError, did_you_mean

if TYPE_CHECKING:
    from kinesis_tutor.app.sync import SyncReport


def _key(text: str) -> tuple[str, str]:
    deck, sep, card = text.partition("/")
    if not sep or not deck or not card:
        raise TutorError(
            f"'{text}' is not a card key; write DECK/CARD, as 'kinesis-tutor decks orphans' lists them", exit_code=2
        )
    return deck, card


def orphan_rows(paths: Paths, on_problems: Callable[[SyncReport], None] | None = None) -> list[dict[str, Any]]:
    """Review history whose card is gone from every deck: one row per card, as 'decks orphans' prints it."""
    from kinesis_tutor.app.sync import open_synced
    from kinesis_tutor.store import orphans

    with open_synced(paths, on_problems) as store:
        found = orphans.orphans(store)
    return [
        {
            "key": o.key,
            "deck": o.deck_id,
            "card": o.card_id,
            "reviews": o.reviews,
            "last_review": o.last_review,
            "removed_at": o.removed_at,
        }
        for o in found
    ]


def attach(paths: Paths, old: str, new: str, on_problems: Callable[[SyncReport], None] | None = None) -> dict[str, Any]:
    """Give the orphaned history of card ``old`` to card ``new`` (which has none); what was done."""
    from kinesis_tutor.app.sync import open_synced
    from kinesis_tutor.store import orphans

    old_key, new_key = _key(old), _key(new)
    with open_synced(paths, on_problems) as store:
        source = _orphan(store, old, old_key)
        target = orphans.card_row(store, new_key)
        if target is None or target.removed:
            raise TutorError(
                f"no card '{new}' in the decks{did_you_mean(new, orphans.active_keys(store))}", exit_code=2
            )
        if target.has_history:
            raise TutorError(
                f"'{new}' already has review history of its own ({target.reviews} review(s)); attaching '{old}' "
                f"would mix two histories: study '{new}' as it is, or forget one with --forget"
            )
        orphans.move_history(store, source.pk, target.pk)
    return {"action": "attach", "card": old, "to": new, "reviews": source.reviews}


def forget(paths: Paths, old: str, on_problems: Callable[[SyncReport], None] | None = None) -> dict[str, Any]:
    """Delete the orphaned history of card ``old``; what was done."""
    from kinesis_tutor.app.sync import open_synced
    from kinesis_tutor.store import orphans

    with open_synced(paths, on_problems) as store:
        source = _orphan(store, old, _key(old))
        n = orphans.forget_history(store, source.pk)
    return {"action": "forget", "card": old, "reviews": n}


def _orphan(store: Any, text: str, key: tuple[str, str]) -> Any:
    from kinesis_tutor.store import orphans

    row = orphans.card_row(store, key)
    if row is None or not row.removed or not row.has_history:
        known = [o.key for o in orphans.orphans(store)]
        why = "its card is still in a deck" if row is not None and not row.removed else "nothing to attach or forget"
        raise TutorError(f"no orphaned history for '{text}' ({why}){did_you_mean(text, known)}", exit_code=2)
    return row
