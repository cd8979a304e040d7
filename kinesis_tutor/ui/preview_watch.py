"""decks preview --watch: the previews again after every save, until Ctrl-C."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import TYPE_CHECKING

from kinesis_tutor.app.paths import display_path

if TYPE_CHECKING:
    from kinesis_tutor.app.paths import Paths
    from kinesis_tutor.app.watch import Snapshot

POLL_SECONDS = 0.3


def watch(paths: Paths, deck_id: str, card_id: str | None) -> None:
    """Render the deck's cards, then again whenever its file (or a catalog or facts file) changes."""
    from kinesis_tutor.app import watch as app

    file = app.deck_file(paths, deck_id)
    last: tuple | None = None
    try:
        while True:
            now = app.signature(paths, file)
            if now != last:
                last = now
                render(app.snapshot(paths, deck_id, card_id, file))
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print("\nstopped watching")


def render(shot: Snapshot) -> None:
    from rich.text import Text

    from kinesis_tutor.ui.render import console, preview

    c = console()
    if sys.stdout.isatty():
        c.clear()
    what = f"{len(shot.cards)} card(s)" if shot.cards else ("problems" if shot.problems else "nothing to show")
    c.print(
        Text(
            f"{display_path(shot.file)} · {what} · {datetime.now():%H:%M:%S} · shown again on every save; Ctrl-C stops",
            style="dim",
        )
    )
    for problem in shot.problems:
        c.print(Text(problem, style="red"))
    if shot.message:
        c.print(Text(shot.message, style="yellow"))
    for card in shot.cards:
        c.print(preview(card))
    sys.stdout.flush()
