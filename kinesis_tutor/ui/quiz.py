"""Asking one card in the terminal: each kind answered its own way, then graded.

Shared by study, cram and pick. An answer is handed to the run's ``Keeper`` the moment it is
given, with its automatic grade (Good when right, Again when wrong), before the verdict is
shown; a Hard/Good/Easy chosen afterwards amends that same answer. A killed process therefore
never loses an answer given. Returns an ``Asked`` (the response, right or wrong, the SM-2
quality) or a ``Command`` (undo, quit) when the learner pressed ``u`` or ``q``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rich.console import Console, RenderableType

from kinesis_tutor.core import grading
from kinesis_tutor.core.cards import Card
from kinesis_tutor.ui import answer_screen, render
from kinesis_tutor.ui.prompts import Command, Prompter

SELF_GRADE_ROWS = 8  # "How well did you know it?" and its six grades, with a line to spare
# true/false cards: the option's number, or a letter
TRUE_FALSE_KEYS = {"1": "True", "2": "False", "t": "True", "y": "True", "f": "False", "n": "False"}


class Keeper(Protocol):
    """Where the answer to the card asked goes the moment it is given (the runner binds it to
    the run's recorder)."""

    def save(self, quality: int, correct: bool | None, response: str | None, duration_ms: int) -> None: ...

    def amend(self, quality: int) -> None: ...

    def discard(self) -> None: ...


@dataclass(frozen=True)
class Asked:
    response: str | None
    correct: bool | None  # None for self-graded cards
    quality: int
    duration_ms: int
    chosen: str | None = None  # the option picked (mcq, scenario), for confusion tracking
    then: Command | None = None  # QUIT pressed after answering: the answer is kept, then stop
    ticked: tuple[str, ...] = ()  # the options ticked (choose-several), ticked again if the card comes back after u


@dataclass(frozen=True)
class _Retake:
    """``u`` pressed after answering: the card is asked again, with the options ticked before."""

    ticked: tuple[str, ...] = ()


def self_grade_options() -> list[tuple[str, int]]:
    return [(f"{q}  {label}", q) for label, q in grading.SELF_GRADES]


def ordered_choices(card: Card, rng: random.Random) -> list[str]:
    choices = list(card.choices)
    if card.shuffle:
        rng.shuffle(choices)
    return choices


def _grade_right(prompter: Prompter) -> Any:
    """A right answer: how hard was it? Enter means Good; 0–5 set the quality directly."""
    options = [(f"{q}  {label}", q) for label, q in grading.RIGHT_GRADES]
    keys = {str(q): q for q in range(6)}
    return prompter.choose(
        "How was it?",
        options,
        default=grading.DEFAULT_RIGHT_QUALITY,
        keys=keys,
        instruction="(Enter = Good, or a grade 0–5 · u undo · q quit)",
    )


@dataclass(frozen=True)
class _Given:
    """An answer taken from the prompter, checked, not yet graded."""

    result: grading.Grade
    response: str
    given: str  # as shown in the verdict
    chosen: str | None = None
    ticked: tuple[str, ...] = ()  # choose-several: the options ticked


def ask(
    card: Card,
    prompter: Prompter,
    console: Console,
    keep: Keeper,
    *,
    progress: str = "",
    note: str = "",
    rng: random.Random | None = None,
    grade: bool = True,
    order: Sequence[str] | None = None,
    ticked: Sequence[str] = (),
    contrasts: tuple[grading.Contrast, ...] = (),
    header: RenderableType | None = None,
) -> Asked | Command:
    """Show ``card``, take the answer (saved at once through ``keep``), show the verdict and
    explanation, and grade it.

    ``order`` is the order of the options (drawn from ``rng`` when not given) and ``ticked`` the
    options of a choose-several card ticked when it opens; the card is asked again in that same
    order, with the ticks given, after ``u``. With ``grade=False`` a right answer is not asked
    Hard/Good/Easy (quality 4 is logged); the learner presses Enter to go on. ``contrasts``: the
    known answers a typed answer must not be (app/verdicts ``known_answers``). ``header``: lines
    shown above the card (the exam countdown on a session's first card).
    ``u`` before answering returns UNDO (take back the previous card); ``u`` after answering
    takes back this answer and asks the same card again.
    """
    choices = list(order) if order is not None else ordered_choices(card, rng or random.Random())
    while True:  # once more after each u pressed after answering
        console.clear()
        # a choose-several card says how many on the prompt line, where the learner looks when choosing
        compact = console.size.height < render.COMPACT_BELOW
        panel = render.question_panel(card, progress, note, compact=compact, count=False)
        above = [header, panel] if header is not None else [panel]
        for part in above:
            console.print(part)
        rows = console.size.height - sum(len(console.render_lines(r, pad=False)) for r in above)  # left for the prompt
        started = time.monotonic()
        if card.kind == "basic":
            asked = _ask_basic(card, prompter, console, keep, started)
        else:
            asked = _ask_checked(
                card,
                prompter,
                console,
                keep,
                started,
                progress=progress,
                choices=choices,
                grade=grade,
                ticked=ticked,
                contrasts=contrasts,
                rows=rows,
            )
        if not isinstance(asked, _Retake):
            return asked
        ticked = asked.ticked  # u pressed after answering: the same card again, as it was answered
        note = "Undone: your answer was taken back."


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _ask_basic(
    card: Card, prompter: Prompter, console: Console, keep: Keeper, started: float
) -> Asked | Command | _Retake:
    """A self-graded card: think, see the answer, say how well you knew it (that is the answer)."""
    shown = prompter.pause("Think of the answer, then press Enter to see it")
    if isinstance(shown, Command):
        return shown
    duration = _elapsed(started)
    after = answer_screen.show(answer_screen.Answered(card, None, prompt_rows=SELF_GRADE_ROWS), console, prompter)
    if after is not None:
        return _Retake() if after is Command.UNDO else after
    keys = {str(q): q for q in range(6)}
    quality = prompter.choose(
        "How well did you know it?",
        self_grade_options(),
        default=4,
        keys=keys,
        instruction="(↑↓ and Enter, or a grade 0–5 · u undo · q quit)",
    )
    if quality is Command.UNDO:
        return _Retake()
    if isinstance(quality, Command):
        return quality
    keep.save(quality, None, None, duration)
    return Asked(response=None, correct=None, quality=quality, duration_ms=duration)


def _take(
    card: Card,
    prompter: Prompter,
    choices: list[str],
    ticked: Sequence[str],
    contrasts: tuple[grading.Contrast, ...],
    rows: int | None = None,
) -> _Given | Command:
    """The learner's answer to a card the program checks: typed, or one or several options
    (listed in the ``rows`` left under the question)."""
    if card.kind in ("cloze", "numeric"):
        response = prompter.type_answer("Your answer:")
        if isinstance(response, Command):
            return response
        return _Given(grading.check(card, response, contrasts), response, response)
    if card.kind == "multi":
        options = [(card.label(c), c) for c in choices]
        picked = prompter.choose_many(f"Choose {card.choose}:", options, card.choose, default=list(ticked), rows=rows)
        if isinstance(picked, Command):
            return picked
        joined = "; ".join(picked)
        return _Given(grading.check(card, list(picked)), joined, joined, ticked=tuple(picked))
    # mcq, truefalse, scenario
    prompt = "Which service fits best?" if card.kind == "scenario" else "Your answer:"
    options = [(card.label(c), c) for c in choices]
    if card.kind == "truefalse":
        one = prompter.choose(
            prompt,
            options,
            keys=TRUE_FALSE_KEYS,
            instruction="(t or f, ↑↓ and Enter, or 1–2 · u undo · q quit)",
            rows=rows,
        )
    else:
        one = prompter.choose(prompt, options, rows=rows)
    if isinstance(one, Command):
        return one
    return _Given(grading.check(card, one), one, card.label(one), chosen=one)


def _ask_checked(
    card: Card,
    prompter: Prompter,
    console: Console,
    keep: Keeper,
    started: float,
    *,
    progress: str,
    choices: list[str],
    grade: bool,
    ticked: Sequence[str],
    contrasts: tuple[grading.Contrast, ...],
    rows: int | None = None,
) -> Asked | Command | _Retake:
    """A card the program checks: the answer (saved at once), the verdict and explanation, then the grade."""
    taken = _take(card, prompter, choices, ticked, contrasts, rows)
    if isinstance(taken, Command):
        return taken
    duration = _elapsed(started)
    result = taken.result
    automatic = grading.quality_for(result.correct)
    keep.save(automatic, result.correct, taken.response, duration)
    after = answer_screen.show(_answered(card, taken, progress, grade, choices), console, prompter)
    quality: Any
    then: Command | None
    if after is Command.QUIT:  # the answer is kept as it was graded, then the run stops
        quality, then = automatic, Command.QUIT
    elif after is Command.UNDO:
        quality, then = Command.UNDO, None
    else:
        quality, then = _after_verdict(prompter, result.correct, grade)
    if quality is Command.UNDO:
        keep.discard()
        return _Retake(taken.ticked)
    if quality != automatic:
        keep.amend(quality)
    return Asked(
        response=taken.response,
        correct=result.correct,
        quality=quality,
        duration_ms=duration,
        chosen=taken.chosen,
        then=then,
        ticked=taken.ticked,
    )


def _answered(card: Card, taken: _Given, progress: str, grade: bool, order: list[str]) -> answer_screen.Answered:
    """What the answer screen shows: the verdict, the answer given, the options picked (in the
    order they were offered)."""
    if card.kind == "multi":
        chosen: tuple[str, ...] = tuple(c for c in card.choices if c in taken.ticked)
    else:
        chosen = (taken.chosen,) if taken.chosen else ()
    rows = answer_screen.GRADE_ROWS if taken.result.correct and grade else answer_screen.PAUSE_ROWS
    return answer_screen.Answered(
        card, taken.result.correct, taken.given, chosen, taken.result.note or "", progress, rows, tuple(order)
    )


def _after_verdict(prompter: Prompter, correct: bool, grade: bool) -> tuple[Any, Command | None]:
    """(quality or UNDO, QUIT if the learner quits after this answer)."""
    then = None
    if correct:
        if grade:
            quality = _grade_right(prompter)
        else:  # nothing to grade: still give the learner time to read the explanation
            cont = prompter.pause()
            quality = cont if cont is Command.UNDO else grading.DEFAULT_RIGHT_QUALITY
            then = Command.QUIT if cont is Command.QUIT else None
        if quality is Command.QUIT:  # the answer was given: keep it (as Good), then stop
            quality, then = grading.DEFAULT_RIGHT_QUALITY, Command.QUIT
        return quality, then
    cont = prompter.pause()
    if cont is Command.QUIT:
        return grading.WRONG_QUALITY, Command.QUIT
    if cont is Command.UNDO:
        return Command.UNDO, None
    return grading.WRONG_QUALITY, None
