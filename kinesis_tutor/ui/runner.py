"""The question loop shared by study and cram: ask, record at once, repeat, undo, quit."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console

from kinesis_tutor.core.session import Entry, SessionEngine
from kinesis_tutor.store.progress import Store, StudyItem
from kinesis_tutor.ui import quiz
from kinesis_tutor.ui.prompts import Command, Prompter


@dataclass
class RunResult:
    quit: bool = False
    seconds: float = 0.0
    cards: set = field(default_factory=set)


def run_queue(
    engine: SessionEngine[StudyItem],
    store: Store,
    prompter: Prompter,
    console: Console,
    session: int,
    *,
    log_kind: Callable[[Entry], str] = lambda e: e.kind,
    scheduled: Callable[[Entry], bool] = lambda e: e.scheduled,
    rng: random.Random | None = None,
    grade: bool = True,
) -> RunResult:
    """Ask every entry of ``engine``; each answer is committed to ``store`` before the next card.

    With ``grade=False`` a right answer is not asked Hard/Good/Easy (nothing is rescheduled)."""
    rng = rng or random.Random()
    started = time.monotonic()
    result = RunResult()
    try:
        _ask_all(
            engine,
            store,
            prompter,
            console,
            session,
            result,
            log_kind=log_kind,
            scheduled=scheduled,
            rng=rng,
            grade=grade,
        )
    except KeyboardInterrupt:  # Ctrl-C between prompts (while a card is drawn): quit like q
        result.quit = True
    result.seconds = time.monotonic() - started
    return result


def _ask_all(engine, store, prompter, console, session, result: RunResult, *, log_kind, scheduled, rng, grade) -> None:
    """The loop of ``run_queue``; returns when the queue is empty or the learner quits."""
    note = ""
    while (entry := engine.next()) is not None:
        card = entry.item.card
        if not note and entry.kind == engine.repeat_kind:
            note = "Again: you missed this one earlier in the session."
        asked = quiz.ask(card, prompter, console, progress=engine.progress(), note=note, rng=rng, grade=grade)
        note = ""
        if asked is Command.UNDO:
            last = engine.undo()
            if last is None:
                note = "Nothing to undo yet."
            else:
                store.undo(last.review_id)
                if all(a.entry.item.pk != last.entry.item.pk for a in engine.history):
                    result.cards.discard(last.entry.item.pk)
                note = "Undone: your last answer was taken back."
            continue
        if asked is Command.QUIT:
            result.quit = True
            return
        recorded = store.record(
            entry.item.pk,
            asked.quality,
            log_kind(entry),
            scheduled=scheduled(entry),
            session=session,
            duration_ms=asked.duration_ms,
            response=asked.response,
            correct=asked.correct,
        )
        done = engine.answer(asked.quality, asked.correct)
        done.review_id = recorded.review_id
        result.cards.add(entry.item.pk)
        if asked.then is Command.QUIT:
            result.quit = True
            return
