"""The question loop shared by study, cram and pick: ask, record at once, repeat, undo, quit.

How an answer is logged is the use case's business: the loop hands each answer to the run's
``Recorder`` (app/answers.py), which commits it before the next card is drawn.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from rich.console import Console

from kinesis_tutor.app.answers import Recorder
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import SessionEngine
from kinesis_tutor.ui import quiz
from kinesis_tutor.ui.prompts import Command, Prompter


@dataclass
class RunResult:
    quit: bool = False
    seconds: float = 0.0
    cards: set[int] = field(default_factory=set)


def run_queue(
    engine: SessionEngine[StudyItem],
    recorder: Recorder,
    prompter: Prompter,
    console: Console,
    *,
    rng: random.Random | None = None,
    grade: bool = True,
) -> RunResult:
    """Ask every entry of ``engine``; each answer is committed by ``recorder`` before the next card.

    With ``grade=False`` a right answer is not asked Hard/Good/Easy (nothing is rescheduled)."""
    rng = rng or random.Random()
    started = time.monotonic()
    result = RunResult()
    try:
        _ask_all(engine, recorder, prompter, console, result, rng=rng, grade=grade)
    except KeyboardInterrupt:  # Ctrl-C between prompts (while a card is drawn): quit like q
        result.quit = True
    result.seconds = time.monotonic() - started
    return result


def _undo(engine: SessionEngine[StudyItem], recorder: Recorder, result: RunResult) -> str:
    """Take back the last answer; the note to show above the card asked again."""
    last = engine.undo()
    if last is None:
        return "Nothing to undo yet."
    if last.review_id is not None:
        recorder.undo(last.review_id)
    if all(a.entry.item.pk != last.entry.item.pk for a in engine.history):
        result.cards.discard(last.entry.item.pk)
    return "Undone: your last answer was taken back."


def _ask_all(
    engine: SessionEngine[StudyItem],
    recorder: Recorder,
    prompter: Prompter,
    console: Console,
    result: RunResult,
    *,
    rng: random.Random,
    grade: bool,
) -> None:
    """The loop of ``run_queue``; returns when the queue is empty or the learner quits."""
    note = ""
    while (entry := engine.next()) is not None:
        if not note and entry.kind == engine.repeat_kind:
            note = "Again: you missed this one earlier in the session."
        asked = quiz.ask(
            entry.item.card, prompter, console, progress=engine.progress(), note=note, rng=rng, grade=grade
        )
        note = ""
        if asked is Command.UNDO:
            note = _undo(engine, recorder, result)
            continue
        if isinstance(asked, Command):  # QUIT
            result.quit = True
            return
        review_id = recorder.record(
            entry, asked.quality, correct=asked.correct, response=asked.response, duration_ms=asked.duration_ms
        )
        done = engine.answer(asked.quality, asked.correct)
        done.review_id = review_id
        result.cards.add(entry.item.pk)
        if asked.then is Command.QUIT:
            result.quit = True
            return
