"""The mock exam's screens: a question, the review list, the submit confirmation.

Each screen is a Rich panel printed at the top (``exam_panes``) and, below it, a small
prompt_toolkit application (``exam_list``): the options, a status bar with the time left and
the keys. When the time runs out the list closes at once, whatever the learner was doing, and
the exam is submitted. Ctrl-C asks whether to submit now or go back to the exam (a stray
Ctrl-C ends nothing); a second Ctrl-C there submits the exam as it stands.

Choosing an option or flagging a question redraws the whole screen, so what changed is always
written out in full (and the panel's title says whether the question is flagged).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console, RenderableType

from kinesis_tutor.app.exam import INTERRUPT, SUBMIT, TIMEOUT
from kinesis_tutor.core import exam as engine
from kinesis_tutor.core.exam import Exam
from kinesis_tutor.ui import exam_panes as panes
from kinesis_tutor.ui.exam_list import Fragments, Keys, Row, run_list
from kinesis_tutor.ui.render import COMPACT_BELOW

__all__ = ["BACK", "INTERRUPT", "NEXT", "NO", "PREV", "REDRAW", "REVIEW", "SUBMIT", "TIMEOUT", "YES", "ExamScreen"]

# What a screen returns (SUBMIT, TIMEOUT and INTERRUPT are also how a sitting ends).
NEXT, PREV, REVIEW, BACK, REDRAW, YES, NO = "next", "prev", "review", "back", "redraw", "yes", "no"
GOTO = "goto"  # the review list returns (GOTO, index)


class ExamScreen:
    """The screens of one sitting, drawn on ``console``."""

    def __init__(self, console: Console):
        self.console = console
        self.cursors: dict[int, int] = {}
        self.moved_to: int | None = None  # set by a number key while a question is shown

    def show(self, *renderables: RenderableType) -> int:
        """Clear the screen, print, and return how many lines that took."""
        self.console.clear()
        lines = 0
        for r in renderables:
            lines += len(self.console.render_lines(r, self.console.options, pad=False))
            self.console.print(r)
        return lines

    def status(self, ex: Exam, where: str) -> Callable[[], Fragments]:
        return panes.status(ex, where)

    # -------------------------------------------------------------- the question

    def _question_keys(self, ex: Exam, index: int) -> Keys:
        q = ex.questions[index]

        def choose(i: int) -> str:
            if q.multi:
                ex.toggle(index, q.choices[i])
            else:
                ex.answer(index, q.choices[i])
            self.moved_to = i  # a number key: the pointer follows the option chosen
            return REDRAW

        def enter(i: int) -> str:
            if not q.multi:
                ex.answer(index, q.choices[i])
            return NEXT

        def flag(i: int) -> str:
            ex.toggle_flag(index)
            self.cursors[index] = i
            return REDRAW

        keys: Keys = {
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

        def number(n: int) -> Callable[[int], str]:
            return lambda i: choose(n - 1)

        for n in range(1, min(9, len(q.choices)) + 1):
            keys[str(n)] = number(n)
        return keys

    def question(self, ex: Exam) -> str:
        index = ex.current
        q = ex.questions[index]
        given = ex.given(index)
        above = self.show(panes.question_panel(ex, q, compact=self.console.size.height < COMPACT_BELOW))
        ticked = set(given or ()) if q.multi else set()
        if index not in self.cursors:
            self.cursors[index] = next(
                (i for i, c in enumerate(q.choices) if (c in ticked if q.multi else c == given)), 0
            )
        help_keys = panes.question_help(q, index in ex.flagged)
        rows = panes.choice_rows(q, given, ticked)
        where = f"Question {q.number}/{len(ex.questions)}"
        keys = self._question_keys(ex, index)
        self.moved_to = None
        result, cursor = self._list(ex, rows, self.cursors[index], keys, help_keys, where, above)
        # The pointer stays on what was chosen, so a later Enter records that option, not another.
        self.cursors[index] = cursor if self.moved_to is None else self.moved_to
        return str(result)

    # -------------------------------------------------------------- review

    def review(self, ex: Exam) -> str | tuple[str, int]:
        above = self.show(panes.review_panel(ex))
        rows = panes.review_rows(ex, self.console.width - 4)
        keys: Keys = {
            "enter": lambda i: (GOTO, i),
            "b": lambda i: BACK,
            "escape": lambda i: BACK,
            "s": lambda i: SUBMIT,
        }
        help_keys = [
            ("↑↓", "move"),
            ("Enter", "open the question"),
            ("b/Esc", "back"),
            ("s", "submit"),
            ("Ctrl-C", "submit?"),
        ]
        result, _ = self._list(ex, rows, ex.current, keys, help_keys, "Review", above, noun="question")
        return result if isinstance(result, tuple) else str(result)

    # -------------------------------------------------------------- submit?

    def confirm(self, ex: Exam) -> str:
        self.console.clear()
        self.console.print(panes.confirm_panel(ex))
        rows = [Row("Submit now"), Row("Back to the exam")]
        keys: Keys = {
            "enter": lambda i: YES if i == 0 else NO,
            "y": lambda i: YES,
            "n": lambda i: NO,
            "escape": lambda i: NO,
            "b": lambda i: NO,
        }
        help_keys = [("↑↓", "move"), ("Enter", "confirm"), ("y", "submit"), ("n/Esc", "back"), ("Ctrl-C", "submit now")]
        cursor = 1 if ex.unanswered() or ex.incomplete() else 0
        result, _ = self._list(ex, rows, cursor, keys, help_keys, "Submit?")
        return str(result)

    # -------------------------------------------------------------- the sitting

    def intro(self, questions: int, minutes: float, note: str = "") -> bool:
        """The rules and keys; the clock starts when the learner chooses to begin."""
        self.console.clear()
        self.console.print(panes.intro_panel(questions, minutes, note))
        rows = [Row("Start the exam (the clock starts now)"), Row("Not now")]
        keys: Keys = {
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
        return bool(result == YES)

    def _step(self, ex: Exam, mode: str, back_to: str) -> tuple[str | None, str, str]:
        """One screen of the sitting: (how the sitting ended, or None to go on; the next mode;
        where 'back' leads from the confirmation). Ctrl-C on a question or the review list asks
        first; on the confirmation it submits."""
        asked = mode
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
            chosen = self.review(ex)
            act = chosen if isinstance(chosen, str) else GOTO
            if isinstance(chosen, tuple):
                ex.go(chosen[1])
                mode = "question"
            elif chosen == BACK:
                mode = "question"
            elif chosen == SUBMIT:
                mode, back_to = "confirm", "review"
        else:
            act = self.confirm(ex)
            if act == YES:
                return SUBMIT, mode, back_to
            if act == NO:
                mode = back_to
        if act == INTERRUPT and asked != "confirm":
            return None, "confirm", asked
        return (act if act in (TIMEOUT, INTERRUPT) else None), mode, back_to

    def run(self, ex: Exam) -> str:
        """Go through the exam until it is submitted: returns SUBMIT, TIMEOUT or INTERRUPT."""
        mode, back_to = "question", "question"
        while True:
            if ex.expired():
                return TIMEOUT
            try:
                ending, mode, back_to = self._step(ex, mode, back_to)
            except engine.TimeUp:
                return TIMEOUT
            except KeyboardInterrupt:
                return INTERRUPT
            if ending is not None:
                return ending

    def _list(
        self,
        ex: Exam,
        rows: Sequence[Row],
        cursor: int,
        keys: Keys,
        help_keys: Sequence[tuple[str, str]],
        where: str,
        above: int = 0,
        noun: str = "option",
    ) -> tuple[Any, int]:
        return run_list(
            rows,
            cursor=cursor,
            keys=keys,
            help_keys=help_keys,
            status=self.status(ex, where),
            exam=ex,
            above=above,
            noun=noun,
        )
