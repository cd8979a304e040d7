"""``kinesis-tutor exam`` in the terminal: the use cases of ``app.exam`` on the exam screens,
their results handed to the views of ``exam_view``."""

from __future__ import annotations

import random

from kinesis_tutor.app import exam as use
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.ui import exam_view as view
from kinesis_tutor.ui.exam_screen import ExamScreen
from kinesis_tutor.ui.prompts import Prompter, require_terminal
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import report_deck_problems


def run(
    paths: Paths,
    *,
    questions: int,
    minutes: float,
    tags: list[str],
    domains: list[str] | None = None,
    form: int | None = None,
    screen: use.Screen | None = None,
    prompter: Prompter | None = None,
    rng: random.Random | None = None,
) -> None:
    """Submit a sitting a killed process left behind, then sit a new exam, show the result and
    walk through the wrong answers. (``exam --history`` is ``exam_history.run``.)"""
    request = use.Request(questions, minutes, tuple(tags), tuple(domains or ()), form).check()
    recovered = use.recover(paths)
    if screen is None:
        require_terminal("kinesis-tutor exam")
    console = get_console()
    if recovered:
        console.print(view.recovered_text(recovered))
    done = use.sit(
        paths,
        request,
        screen=screen or ExamScreen(console),
        on_problems=report_deck_problems,
        rng=rng,
    )
    if done is None:
        console.print("No exam this time.")
        return
    console.clear()
    if not done.kept:
        console.print("No answer was given, so this attempt is not kept in your history.")
        return
    if done.result.timed_out:
        console.print("[bold yellow]Time is up:[/] the exam was submitted with your answers so far.")
    elif done.ending == use.INTERRUPT:
        console.print("[bold yellow]Interrupted:[/] the exam was submitted with your answers so far.")
    view.print_result(console, done.result)
    view.walk_through(console, done.result, prompter)
