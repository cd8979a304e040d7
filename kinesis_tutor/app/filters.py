"""The filters a learner types (``--tag``): a tag no card has is a typo, refused with a
did-you-mean (exit 2) instead of an empty session. Deck ids are checked by ``sync.check_decks``."""

from __future__ import annotations

from collections.abc import Sequence

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean
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
