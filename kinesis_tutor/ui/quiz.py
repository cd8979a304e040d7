"""Asking one card in the terminal: each kind answered its own way, then graded.

Shared by study, cram and pick. Returns an ``Asked`` (the response, right or wrong, the SM-2
quality) or a ``Command`` (undo, quit) when the learner pressed ``u`` or ``q``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from kinesis_tutor.core import grading
from kinesis_tutor.core.cards import Card
from kinesis_tutor.ui import render
from kinesis_tutor.ui.prompts import Command, Prompter


@dataclass(frozen=True)
class Asked:
    response: str | None
    correct: bool | None  # None for self-graded cards
    quality: int
    duration_ms: int
    chosen: str | None = None  # the option picked (mcq, scenario), for confusion tracking
    then: Command | None = None  # QUIT pressed after answering: record the answer, then stop


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


def ask(
    card: Card,
    prompter: Prompter,
    console: Console,
    *,
    progress: str = "",
    note: str = "",
    rng: random.Random | None = None,
    grade: bool = True,
) -> Asked | Command:
    """Show ``card``, take the answer, show the verdict and explanation, and grade it.

    With ``grade=False`` a right answer is not asked Hard/Good/Easy (quality 4 is logged); the
    learner presses Enter to go on.
    ``u`` before answering returns UNDO (take back the previous card); ``u`` after answering
    takes back this answer and asks the same card again.
    """
    rng = rng or random.Random()
    again = dict(progress=progress, note=note, rng=rng, grade=grade)
    console.clear()
    console.print(render.question_panel(card, progress, note))
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    if card.kind == "basic":
        shown = prompter.pause("Think of the answer, then press Enter to see it")
        if isinstance(shown, Command):
            return shown
        duration = elapsed()
        console.print(render.answer_panel(card))
        keys = {str(q): q for q in range(6)}
        quality = prompter.choose(
            "How well did you know it?",
            self_grade_options(),
            default=4,
            keys=keys,
            instruction="(↑↓ and Enter, or a grade 0–5 · u undo · q quit)",
        )
        if quality is Command.UNDO:
            return ask(card, prompter, console, **again)
        if isinstance(quality, Command):
            return quality
        return Asked(response=None, correct=None, quality=quality, duration_ms=duration)

    chosen: str | None = None
    if card.kind in ("cloze", "numeric"):
        response = prompter.type_answer("Your answer:")
        if isinstance(response, Command):
            return response
        result = grading.check(card, response)
        given = response
    elif card.kind == "multi":
        choices = ordered_choices(card, rng)
        picked = prompter.choose_many(f"Choose {card.choose}:", [(card.label(c), c) for c in choices], card.choose)
        if isinstance(picked, Command):
            return picked
        result = grading.check(card, list(picked))
        response = given = "; ".join(picked)
    else:  # mcq, truefalse, scenario
        choices = ordered_choices(card, rng)
        prompt = "Which service fits best?" if card.kind == "scenario" else "Your answer:"
        picked = prompter.choose(prompt, [(card.label(c), c) for c in choices])
        if isinstance(picked, Command):
            return picked
        result = grading.check(card, picked)
        response = chosen = picked
        given = card.label(picked)
    duration = elapsed()
    if card.kind == "scenario":  # show the situation again with its clue words highlighted
        console.clear()
        console.print(render.question_panel(card, progress, clues=True))
    console.print(render.answer_panel(card, result.correct, given if not result.correct else "", chosen=chosen))
    if result.note:
        console.print(f"[yellow]{result.note}[/]")
    then = None
    if result.correct:
        if grade:
            quality = _grade_right(prompter)
        else:  # nothing to grade: still give the learner time to read the explanation
            cont = prompter.pause()
            quality = cont if cont is Command.UNDO else grading.DEFAULT_RIGHT_QUALITY
            then = Command.QUIT if cont is Command.QUIT else None
        if quality is Command.QUIT:  # the answer was given: keep it (as Good), then stop
            quality, then = grading.DEFAULT_RIGHT_QUALITY, Command.QUIT
    else:
        quality = grading.WRONG_QUALITY
        cont = prompter.pause()
        if cont is Command.QUIT:
            then = Command.QUIT
        elif cont is Command.UNDO:
            quality = Command.UNDO
    if quality is Command.UNDO:
        return ask(card, prompter, console, **again)
    return Asked(
        response=response, correct=result.correct, quality=quality, duration_ms=duration, chosen=chosen, then=then
    )
