"""The question loop shared by study, cram and pick: ask, record at once, repeat, undo, quit.

How an answer is logged is the use case's business: the loop hands each answer to the run's
``Recorder`` (app/answers.py) the moment it is given (before its verdict is shown); a grade
chosen afterwards amends that same logged answer.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from rich.console import Console, RenderableType

from kinesis_tutor.app import verdicts
from kinesis_tutor.app.answers import Recorder
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.core.session import Entry, SessionEngine
from kinesis_tutor.ui import quiz
from kinesis_tutor.ui.prompts import Command, Prompter

WAITING = "waiting for another kinesis-tutor… (it is writing to the same database; your answer is kept)"


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
    known: verdicts.KnownAnswers | None = None,
    header: RenderableType | None = None,
) -> RunResult:
    """Ask every entry of ``engine``; each answer is committed by ``recorder`` before the next card.

    With ``grade=False`` a right answer is not asked Hard/Good/Easy (nothing is rescheduled).
    ``known``: the answers a typed card must not take for its key (the use case's
    ``verdicts.known_in``: its deck's blanks and the catalog's service names); without it, the
    deck's blanks only. ``header``: lines shown above the first card (the exam countdown)."""
    rng = rng or random.Random()
    known = known or verdicts.KnownAnswers(recorder.store, ())
    recorder.when_busy(lambda: console.print(WAITING, style="yellow"))
    started = time.monotonic()
    result = RunResult()
    try:
        _ask_all(engine, recorder, prompter, console, result, rng=rng, grade=grade, known=known, header=header)
    except KeyboardInterrupt:  # Ctrl-C between prompts (while a card is drawn): quit like q
        result.quit = True
    result.seconds = time.monotonic() - started
    return result


def _undo(engine: SessionEngine[StudyItem], recorder: Recorder, result: RunResult) -> str:
    """Take back the last answer; the note to show above the card asked again. The log goes
    first: when another terminal answered the same card since, the store refuses, and the
    session goes on with the answer kept."""
    if not engine.history:
        return "Nothing to undo yet."
    review_id = engine.history[-1].review_id
    if review_id is not None:
        try:
            recorder.undo(review_id)
        except TutorError as exc:
            return f"That answer can no longer be taken back: {exc}."
    last = engine.undo()
    assert last is not None
    if all(a.entry.item.pk != last.entry.item.pk for a in engine.history):
        result.cards.discard(last.entry.item.pk)
    return "Undone: your last answer was taken back."


@dataclass
class _Keeper:
    """The answer to one entry, committed by the run's recorder the moment it is given."""

    recorder: Recorder
    entry: Entry[StudyItem]
    review_id: int | None = None
    console: Console | None = None

    def save(self, quality: int, correct: bool | None, response: str | None, duration_ms: int) -> None:
        self.review_id = self.recorder.record(
            self.entry, quality, correct=correct, response=response, duration_ms=duration_ms
        )

    def amend(self, quality: int) -> None:
        if self.review_id is None:
            return
        try:
            self.recorder.amend(self.review_id, quality)
        except TutorError as exc:  # another terminal answered the same card since: the first grade stays
            if self.console is None:
                raise
            note = f"That grade could not be kept ({exc}); your answer is saved with its first grade."
            self.console.print(note, markup=False, highlight=False)

    def discard(self) -> None:
        if self.review_id is not None:
            self.recorder.undo(self.review_id)
            self.review_id = None


def _note_for(entry: Entry[StudyItem]) -> str:
    """Why a card is asked again: a miss, or a pass graded Hard (SM-2 repeats below Good)."""
    when = "earlier today" if entry.earlier_today else "earlier in the session"
    if entry.again == "hard":
        return f"Again: you passed this one {when} but found it hard; once more until it feels easy."
    if entry.again == "missed":
        return f"Again: you missed this one {when}."
    return ""


def _ask_all(
    engine: SessionEngine[StudyItem],
    recorder: Recorder,
    prompter: Prompter,
    console: Console,
    result: RunResult,
    *,
    rng: random.Random,
    grade: bool,
    known: verdicts.KnownAnswers,
    header: RenderableType | None = None,
) -> None:
    """The loop of ``run_queue``; returns when the queue is empty or the learner quits."""
    note = ""
    orders: dict[int, tuple[Entry[StudyItem], list[str]]] = {}  # an entry asked again after u keeps its order
    ticks: dict[int, tuple[str, ...]] = {}  # … and its ticks (choose-several)
    while (entry := engine.next()) is not None:
        note = note or _note_for(entry)
        if id(entry) not in orders:
            orders[id(entry)] = (entry, quiz.ordered_choices(entry.item.card, rng))
        keeper = _Keeper(recorder, entry, console=console)
        asked = quiz.ask(
            entry.item.card,
            prompter,
            console,
            keeper,
            progress=engine.progress(),
            note=note,
            grade=grade,
            order=orders[id(entry)][1],
            ticked=ticks.get(id(entry), ()),
            contrasts=known.of(entry.item.card),
            header=header,
        )
        note, header = "", None
        if asked is Command.UNDO:
            note = _undo(engine, recorder, result)
            continue
        if isinstance(asked, Command):  # QUIT
            result.quit = True
            return
        ticks[id(entry)] = asked.ticked
        done = engine.answer(asked.quality, asked.correct)
        done.review_id = keeper.review_id
        result.cards.add(entry.item.pk)
        if asked.then is Command.QUIT:
            result.quit = True
            return
