"""The mock exam's screens: a question, the review list, the submit confirmation.

Each screen is a Rich panel printed at the top and, below it, a small prompt_toolkit
application: the options, a status bar with the time left (redrawn twice a second, so no
second is skipped) and the keys.
The application watches the clock: when the time runs out it closes at once, whatever the
learner was doing, and the exam is submitted. Ctrl-C closes it too, and the exam is submitted
as it stands (nothing is asked: no given answer is lost).

Choosing an option or flagging a question redraws the whole screen, so what changed is always
written out in full (and the panel's title says whether the question is flagged).
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from kinesis_tutor.core import exam as engine
from kinesis_tutor.core.exam import Exam, Question
from kinesis_tutor.ui.render import KIND_NAMES

# What a screen returns.
NEXT, PREV, REVIEW, SUBMIT, BACK, REDRAW, YES, NO = "next", "prev", "review", "submit", "back", "redraw", "yes", "no"
TIMEOUT, INTERRUPT = "timeout", "interrupt"
WARN_SECONDS = 300  # the clock turns bold from five minutes left
URGENT_SECONDS = 60  # and stands out from the last minute

STYLE = {
    "pointer": "fg:ansicyan bold",
    "current": "fg:ansicyan bold",
    "mark": "bold",
    "chosen": "fg:ansigreen bold",
    "dim": "fg:ansibrightblack",
    "status": "reverse",
    "status.clock": "reverse bold",
    "status.warn": "reverse bold fg:ansiyellow",
    "status.urgent": "bold fg:ansired bg:ansiwhite",
    "key": "bold",
    "help": "",
}


@dataclass
class Row:
    text: str
    mark: str = ""  # e.g. "(•)" or "[ ]", drawn before the text
    chosen: bool = False


def _wrap(text: str, width: int, indent: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(para, max(10, width - indent), break_on_hyphens=False) or [""])
    return lines


def _help_lines(keys: Sequence[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """Key help as fragments, wrapped between items to ``width``."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for key, what in keys:
        size = len(key) + 1 + len(what) + 3
        if used and used + size > width:
            lines.append([])
            used = 0
        if used:
            lines[-1].append(("class:dim", " · "))
        lines[-1].extend([("class:key", key), ("class:help", f" {what}")])
        used += size
    return lines


def run_list(
    rows: Sequence[Row],
    *,
    cursor: int = 0,
    keys: dict[str, Callable[[int], Any]],
    help_keys: Sequence[tuple[str, str]],
    status: Callable[[], list[tuple[str, str]]],
    exam: Exam | None = None,
    refresh: float = 0.5,
    above: int = 0,
) -> tuple[Any, int]:
    """Show ``rows`` with a pointer, a status bar and the key help; return (result, cursor).

    ``keys`` map a key to a handler taking the cursor; a handler's result other than None
    closes the list with that result. ``exam``: close with TIMEOUT when its time is up.
    Ctrl-C closes with INTERRUPT. ``above``: lines printed above, kept on screen if the rows
    can scroll instead (down to three rows)."""
    from prompt_toolkit.application import Application, get_app
    from prompt_toolkit.filters import Always
    from prompt_toolkit.formatted_text import to_formatted_text
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.layout.dimension import Dimension
    from prompt_toolkit.styles import Style

    state = {"cursor": max(0, min(cursor, len(rows) - 1))}

    def width() -> int:
        return get_app().output.get_size().columns

    def body():
        out: list[tuple[str, str]] = []
        w = width() - 1
        for i, row in enumerate(rows):
            here = i == state["cursor"]
            indent = 2 + (len(row.mark) + 1 if row.mark else 0)
            lines = _wrap(row.text, w, indent)
            if here:
                out.append(("[SetCursorPosition]", ""))
            out.append(("class:pointer", "› " if here else "  "))
            if row.mark:
                out.append(("class:chosen" if row.chosen else "class:mark", row.mark + " "))
            text_style = "class:current" if here else ("class:chosen" if row.chosen else "")
            out.append((text_style, lines[0] + "\n"))
            for line in lines[1:]:
                out.append((text_style, " " * indent + line + "\n"))
        if out:
            out[-1] = (out[-1][0], out[-1][1].rstrip("\n"))
        return out

    def bar():
        fragments = to_formatted_text(status())
        used = sum(len(t) for _, t in fragments)
        return [*list(fragments), ("class:status", " " * max(0, width() - used))]

    def help_text():
        out: list[tuple[str, str]] = []
        for n, line in enumerate(_help_lines(help_keys, width() - 1)):
            if n:
                out.append(("", "\n"))
            out.extend(line)
        return out

    kb = KeyBindings()

    def move(delta: int):
        def handler(event):
            if rows:
                state["cursor"] = (state["cursor"] + delta) % len(rows)

        return handler

    for key in ("up", "k", "s-tab"):
        kb.add(key)(move(-1))
    for key in ("down", "j", "tab"):
        kb.add(key)(move(1))

    def finish(app, result) -> None:
        if app.future is not None and not app.future.done():
            app.exit(result=result)

    for key, handler in keys.items():

        def bound(event, handler=handler):
            try:
                result = handler(state["cursor"])
            except engine.TimeUp:  # an answer after the deadline: the exam is over
                result = TIMEOUT
            if result is not None:
                finish(event.app, result)

        kb.add(*key.split(" "), eager=True)(bound)

    @kb.add("c-c", eager=True)
    def _interrupt(event):
        finish(event.app, INTERRUPT)

    rows_window = Window(
        FormattedTextControl(body, show_cursor=False),
        wrap_lines=False,
        always_hide_cursor=Always(),
        dont_extend_height=True,
        height=lambda: Dimension(
            max=max(3, get_app().output.get_size().rows - above - 2 - len(_help_lines(help_keys, width() - 1)))
        ),
    )
    layout = Layout(
        HSplit(
            [
                rows_window,
                Window(height=1, char=" "),
                Window(FormattedTextControl(bar), height=1, style="class:status"),
                Window(FormattedTextControl(help_text), wrap_lines=True, dont_extend_height=True),
            ]
        )
    )
    app: Application = Application(
        layout=layout,
        key_bindings=kb,
        style=Style.from_dict(STYLE),
        full_screen=False,
        refresh_interval=refresh,
        mouse_support=False,
        erase_when_done=False,
    )

    async def watch() -> None:
        while exam is not None:
            if exam.expired():
                finish(app, TIMEOUT)
                return
            await asyncio.sleep(0.1)

    def pre_run() -> None:
        if exam is not None:
            app.create_background_task(watch())

    result = app.run(pre_run=pre_run, handle_sigint=True)
    return result, state["cursor"]


# ------------------------------------------------------------------------------------ screens


class ExamScreen:
    """The screens of one sitting, drawn on ``console``."""

    def __init__(self, console: Console):
        self.console = console
        self.cursors: dict[int, int] = {}

    # -------------------------------------------------------------- pieces

    def show(self, *renderables) -> int:
        """Clear the screen, print, and return how many lines that took."""
        self.console.clear()
        lines = 0
        for r in renderables:
            lines += len(self.console.render_lines(r, self.console.options, pad=False))
            self.console.print(r)
        return lines

    def status(self, ex: Exam, where: str) -> Callable[[], list[tuple[str, str]]]:
        def fragments():
            left = ex.remaining()
            clock = (
                "class:status.urgent"
                if left <= URGENT_SECONDS
                else ("class:status.warn" if left <= WARN_SECONDS else "class:status.clock")
            )
            flagged = len(ex.flagged)
            return [
                ("class:status", " Time left "),
                (clock, engine.clock_text(left)),
                (
                    "class:status",
                    f"  │  {where}  │  {len(ex.answers)}/{len(ex.questions)} answered  │  {flagged} flagged ",
                ),
            ]

        return fragments

    def question_panel(self, ex: Exam, q: Question) -> Panel:
        body: list = [Text(q.card.prompt, style="bold")]
        if q.multi:
            body.append(Text(f"\nChoose {q.choose}.", style="italic"))
        elif q.card.kind == "truefalse":
            body.append(Text("\nTrue or false?", style="italic"))
        title = Text.assemble((f"Question {q.number} of {len(ex.questions)}", "bold cyan"))
        if ex.current in ex.flagged:
            title.append_text(Text.assemble(" · ", ("⚑ flagged for review", "bold yellow")))
        subtitle = Text(KIND_NAMES.get(q.card.kind, q.card.kind), style="magenta")
        return Panel(
            Group(*body),
            title=title,
            title_align="left",
            subtitle=subtitle,
            subtitle_align="right",
            border_style="yellow" if ex.current in ex.flagged else "blue",
            padding=(1, 2),
        )

    # -------------------------------------------------------------- the question

    def question(self, ex: Exam) -> str:
        index = ex.current
        q = ex.questions[index]
        given = ex.given(index)
        above = self.show(self.question_panel(ex, q))
        ticked = set(given or ()) if q.multi else set()

        def rows() -> list[Row]:
            out = []
            for n, choice in enumerate(q.choices, 1):
                chosen = choice in ticked if q.multi else choice == given
                mark = ("[x]" if chosen else "[ ]") if q.multi else ("(•)" if chosen else "( )")
                out.append(Row(f"{n}. {q.label(choice)}", mark, chosen))
            return out

        if index not in self.cursors:
            self.cursors[index] = next(
                (i for i, c in enumerate(q.choices) if (c in ticked if q.multi else c == given)), 0
            )

        def choose(i: int) -> str:
            if q.multi:
                ex.toggle(index, q.choices[i])
            else:
                ex.answer(index, q.choices[i])
            self.cursors[index] = i
            return REDRAW

        def enter(i: int) -> str:
            if not q.multi:
                ex.answer(index, q.choices[i])
            return NEXT

        def flag(i: int) -> str:
            ex.toggle_flag(index)
            self.cursors[index] = i
            return REDRAW

        keys: dict[str, Callable[[int], Any]] = {
            "space": choose,
            "enter": enter,
            "right": lambda i: NEXT,
            "n": lambda i: NEXT,
            "left": lambda i: PREV,
            "p": lambda i: PREV,
            "f": flag,
            "r": lambda i: REVIEW,
            "s": lambda i: SUBMIT,
        }
        for n in range(1, min(9, len(q.choices)) + 1):
            keys[str(n)] = lambda i, n=n: choose(n - 1)
        last = len(q.choices)
        verb = "tick" if q.multi else "choose"
        help_keys = [
            ("↑↓", "move"),
            (f"Space/1-{min(9, last)}", verb),
            ("Enter", "next" if q.multi else "choose + next"),
            ("←→", "previous/next"),
            ("f", "unflag" if index in ex.flagged else "flag"),
            ("r", "review"),
            ("s", "submit"),
            ("Ctrl-C", "submit now"),
        ]
        result, cursor = self._list(
            ex, rows(), self.cursors[index], keys, help_keys, f"Question {q.number}/{len(ex.questions)}", above
        )
        self.cursors[index] = cursor
        return result

    # -------------------------------------------------------------- review

    def review(self, ex: Exam) -> str | tuple[str, int]:
        answered, unanswered, flagged = ex.answered(), ex.unanswered(), ex.flagged_list()
        n = len(ex.questions)
        lines = Text()
        lines.append(f"Answered     {len(answered)} of {n}", style="bold")
        lines.append(
            f"\nUnanswered   {len(unanswered)}" + (f": {_numbers(unanswered)}" if unanswered else ""),
            style="bold red" if unanswered else "bold",
        )
        incomplete = ex.incomplete()
        if incomplete:
            lines.append(
                f"\nIncomplete   {len(incomplete)}: {_numbers(incomplete)} (choose-several with the wrong number ticked)",
                style="bold yellow",
            )
        lines.append(
            f"\nFlagged      {len(flagged)}" + (f": {_numbers(flagged)}" if flagged else ""),
            style="bold yellow" if flagged else "bold",
        )
        above = self.show(
            Panel(
                lines,
                title=Text("Review your answers", style="bold cyan"),
                title_align="left",
                border_style="cyan",
                padding=(0, 2),
            )
        )

        rows = []
        for i, q in enumerate(ex.questions):
            state = "incomplete" if i in incomplete else ("answered  " if i in ex.answers else "unanswered")
            flag = "⚑" if i in ex.flagged else " "
            prompt = " ".join(q.card.prompt.split())
            rows.append(Row(f"{q.number:>2}. {state} {flag} {prompt}"))
        # One line per question: cut the prompt to the width (the list stays one screen).
        width = self.console.width - 4
        for row in rows:
            if len(row.text) > width:
                row.text = row.text[: width - 1] + "…"
        keys: dict[str, Callable[[int], Any]] = {
            "enter": lambda i: ("goto", i),
            "b": lambda i: BACK,
            "escape": lambda i: BACK,
            "s": lambda i: SUBMIT,
        }
        help_keys = [
            ("↑↓", "move"),
            ("Enter", "open the question"),
            ("b/Esc", "back"),
            ("s", "submit"),
            ("Ctrl-C", "submit now"),
        ]
        result, _ = self._list(ex, rows, ex.current, keys, help_keys, "Review", above)
        return result

    # -------------------------------------------------------------- submit?

    def confirm(self, ex: Exam) -> str:
        self.console.clear()
        unanswered, flagged = ex.unanswered(), ex.flagged_list()
        text = Text()
        if unanswered:
            n = len(unanswered)
            text.append(
                f"{n} question{'s are' if n != 1 else ' is'} not answered: {_numbers(unanswered)}.\n", style="bold red"
            )
            text.append("Unanswered questions count as wrong.\n")
        else:
            text.append(f"All {len(ex.questions)} questions are answered.\n", style="bold green")
        incomplete = ex.incomplete()
        if incomplete:
            text.append(
                f"{len(incomplete)} choose-several question{'s have' if len(incomplete) != 1 else ' has'} the wrong "
                f"number of choices ticked: {_numbers(incomplete)}.\n",
                style="bold yellow",
            )
        if flagged:
            text.append(f"{len(flagged)} flagged for review: {_numbers(flagged)}.\n", style="yellow")
        text.append("You cannot change your answers after submitting.", style="dim")
        self.console.print(
            Panel(
                text,
                title=Text("Submit the exam?", style="bold cyan"),
                title_align="left",
                border_style="red" if unanswered else "cyan",
                padding=(0, 2),
            )
        )
        rows = [Row("Submit now"), Row("Back to the exam")]
        keys: dict[str, Callable[[int], Any]] = {
            "enter": lambda i: YES if i == 0 else NO,
            "y": lambda i: YES,
            "n": lambda i: NO,
            "escape": lambda i: NO,
            "b": lambda i: NO,
        }
        help_keys = [("↑↓", "move"), ("Enter", "confirm"), ("y", "submit"), ("n/Esc", "back"), ("Ctrl-C", "submit now")]
        result, _ = self._list(ex, rows, 1 if unanswered or incomplete else 0, keys, help_keys, "Submit?")
        return result

    # -------------------------------------------------------------- the sitting

    def intro(self, questions: int, minutes: float, note: str = "") -> bool:
        """The rules and keys; the clock starts when the learner chooses to begin."""
        self.console.clear()
        text = Text()
        text.append(
            f"{questions} question{'s' if questions != 1 else ''} · {_duration(minutes)} · pass mark {engine.PASS_MARK} on a {engine.MIN_SCORE}–{engine.MAX_SCORE} scale\n",
            style="bold",
        )
        if note:
            text.append(note + "\n", style="yellow")
        text.append(
            "\nAnswer in any order: ←→ go back and forth, f flags a question, r lists them all, "
            "s submits. When the time runs out the exam is submitted as it stands; Ctrl-C "
            "submits at once. Unanswered questions count as wrong.\n"
        )
        text.append("Your answers do not change your study schedule.", style="dim")
        self.console.print(
            Panel(
                text,
                title=Text("Mock exam", style="bold cyan"),
                title_align="left",
                border_style="cyan",
                padding=(1, 2),
            )
        )
        rows = [Row("Start the exam (the clock starts now)"), Row("Not now")]
        keys: dict[str, Callable[[int], Any]] = {
            "enter": lambda i: YES if i == 0 else NO,
            "q": lambda i: NO,
            "escape": lambda i: NO,
        }
        help_keys = [("↑↓", "move"), ("Enter", "choose"), ("q", "leave")]
        limit = engine.clock_text(minutes * 60)
        result, _ = run_list(
            rows,
            keys=keys,
            help_keys=help_keys,
            status=lambda: [("class:status", f" Time limit {limit}  │  not started ")],
        )
        return result == YES

    def run(self, ex: Exam) -> str:
        """Go through the exam until it is submitted: returns SUBMIT, TIMEOUT or INTERRUPT."""
        mode, back_to = "question", "question"
        while True:
            if ex.expired():
                return TIMEOUT
            try:
                if mode == "question":
                    act = self.question(ex)
                    if act == NEXT and not ex.next():
                        mode = "review"  # past the last question: the review list, as on the real exam
                    elif act == PREV:
                        ex.prev()
                    elif act == REVIEW:
                        mode = "review"
                    elif act == SUBMIT:
                        mode, back_to = "confirm", "question"
                elif mode == "review":
                    act = self.review(ex)
                    if isinstance(act, tuple):
                        ex.go(act[1])
                        mode = "question"
                    elif act == BACK:
                        mode = "question"
                    elif act == SUBMIT:
                        mode, back_to = "confirm", "review"
                else:
                    act = self.confirm(ex)
                    if act == YES:
                        return SUBMIT
                    if act == NO:
                        mode = back_to
            except engine.TimeUp:
                return TIMEOUT
            except KeyboardInterrupt:
                return INTERRUPT
            if act in (TIMEOUT, INTERRUPT):
                return act

    def _list(self, ex: Exam, rows, cursor, keys, help_keys, where: str, above: int = 0):
        return run_list(
            rows, cursor=cursor, keys=keys, help_keys=help_keys, status=self.status(ex, where), exam=ex, above=above
        )


def _numbers(indexes: Sequence[int]) -> str:
    """0-based indexes as the question numbers shown, e.g. '2, 5, 7'."""
    return ", ".join(str(i + 1) for i in indexes)


def _duration(minutes: float) -> str:
    """A time limit in words: '30 minutes', '1 minute', '0:06 (m:ss)'."""
    seconds = round(minutes * 60)
    if seconds % 60 == 0:
        n = seconds // 60
        return f"{n} minute{'s' if n != 1 else ''}"
    return f"{engine.clock_text(seconds)} (m:ss)"
