"""Prompts: the only place that reads keys. A ``Prompter`` is injected into every screen, so
tests can swap in a scripted one; ``TerminalPrompter`` is the real one (questionary).

Every prompt also understands ``u`` (undo the last answer) and ``q`` / Ctrl-C (quit), returned
as ``UNDO`` and ``QUIT``. Its lines are at most the reading width (``render.READING_WIDTH``)
wide; its hint goes on a line of its own where it would wrap; given the rows left under the
question, a list too long for them scrolls within them, so the question stays on screen.
"""

from __future__ import annotations

import enum
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError
from kinesis_tutor.ui.render import READING_WIDTH


class Command(enum.Enum):
    UNDO = "undo"
    QUIT = "quit"


UNDO = Command.UNDO
QUIT = Command.QUIT
Option = tuple[str, Any]  # (label shown, value returned)


class Prompter(Protocol):
    def choose(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: Any = None,
        keys: dict[str, Any] | None = None,
        instruction: str = "",
        rows: int | None = None,
    ) -> Any:
        """One option's value. Digits 1–9 pick by position, unless ``keys`` maps keys to values.
        ``rows``: the rows left on screen for the prompt (under the question); a list taller than
        that scrolls within them."""

    def choose_many(
        self,
        message: str,
        options: Sequence[Option],
        count: int,
        *,
        default: Sequence[Any] = (),
        rows: int | None = None,
    ) -> Any:
        """The values of ``count`` options, ticked by the learner; ``default``: the values ticked
        when the list opens (the ticks given before, when a card is asked again after ``u``);
        ``rows`` as for ``choose``."""

    def type_answer(self, message: str) -> Any: ...

    def pause(self, message: str = "Press Enter to continue", *, undo: bool = True) -> Any:
        """Wait for Enter. ``undo=False``: where nothing can be taken back, ``u`` is not a key."""


def require_terminal(what: str) -> None:
    """Interactive screens need a terminal: say so in one line and exit 2, never a traceback."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TutorError(
            f"'{what}' needs an interactive terminal (standard input or output is not a TTY); "
            "run it in a terminal, or use 'kinesis-tutor decks preview' / 'stats' to read without one",
            exit_code=EXIT_USAGE,
        )


LIST_MIN_ROWS = 3  # a list scrolled to fit the rows left shows at least this many
TYPING_ROOM = 20  # columns left for a typed answer on the line of its prompt, or its hint goes under it


STYLE = [  # every prompt's look: a cyan › marker and pointer, its hint dim
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", "fg:ansibrightblack"),
    ("answer", "fg:ansigreen bold"),
    ("error", "fg:ansired bold"),
    ("bottom-toolbar", "noreverse fg:ansibrightblack"),  # a hint under the typing line
]
QMARK = "›"


def prompt_style() -> Any:
    """The questionary style of ``STYLE``."""
    from questionary import Style

    return Style(STYLE)


class TerminalPrompter:
    """questionary prompts with digits as shortcuts and u / q bound on every prompt."""

    def __init__(self) -> None:
        import questionary  # noqa: F401  (imported here: keep it off the --help path)

    @property
    def style(self) -> Any:
        return prompt_style()

    @staticmethod
    def _control(question) -> Any:
        """questionary's list control of ``question`` (its options, pointer and ticks)."""
        from questionary.prompts.common import InquirerControl

        return next(c for c in question.application.layout.find_all_controls() if isinstance(c, InquirerControl))

    @classmethod
    def _bind(cls, question, keys: dict[str, Any]) -> None:
        """Each key answers with its value; an option's value is echoed on the prompt line, as
        Enter on it would be."""
        bindings = question.application.key_bindings
        control = cls._control(question)
        for key, value in keys.items():

            def _handler(event, value=value):
                pointed = next((i for i, c in enumerate(control.choices) if c.value == value), None)
                if pointed is not None and not isinstance(value, Command):
                    control.pointed_at = pointed
                    control.is_answered = True
                event.app.exit(result=value)

            bindings.add(key, eager=True)(_handler)

    @classmethod
    def _bind_toggles(cls, question, count: int) -> None:
        """Digits 1–9 tick or untick the option of that number in a choose-several list."""
        bindings = question.application.key_bindings
        control = cls._control(question)
        for i in range(min(count, 9)):

            def _toggle(event, i=i):
                value = control.choices[i].value
                if value in control.selected_options:
                    control.selected_options.remove(value)
                else:
                    control.selected_options.append(value)
                control.pointed_at = i

            bindings.add(str(i + 1), eager=True)(_toggle)

    @staticmethod
    def _ask(question) -> Any:
        try:
            result = question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            return QUIT
        return result

    def choose(
        self,
        message: str,
        options: Sequence[Option],
        *,
        default: Any = None,
        keys: dict[str, Any] | None = None,
        instruction: str = "",
        rows: int | None = None,
    ) -> Any:
        """Pick one option. Without ``keys`` the digits 1–9 pick the option with that number;
        ``keys`` maps keys to values instead (the labels then say which key does what)."""
        import questionary

        # numbered when the digits pick the options by position (their own or the keys given)
        numbered = keys is None or (
            bool(keys) and all(keys.get(str(i)) == v for i, (_, v) in enumerate(options[:9], 1))
        )
        width = screen_width()
        titles = [
            wrap_title(f"{i}. " if numbered and i <= 9 else "", label, 3, width)
            for i, (label, _) in enumerate(options, 1)
        ]
        choices = [questionary.Choice(title=t, value=value) for t, (_, value) in zip(titles, options, strict=True)]
        default_choice = next((c for c in choices if c.value == default), None)
        hint, head = fit_hint(message, instruction or f"(↑↓ and Enter, or {numbers(len(options))} · u undo · q quit)")
        question = questionary.select(
            message, choices=choices, default=default_choice, style=self.style, qmark=QMARK, instruction=hint
        )
        extra: dict[str, Any] = {str(i): value for i, (_, value) in enumerate(options, 1) if i <= 9} if numbered else {}
        extra.update(keys or {})
        extra.setdefault("u", UNDO)
        extra.setdefault("q", QUIT)
        self._bind(question, extra)
        self._lay_out(question, titles, None if rows is None else rows - head)
        return self._ask(question)

    def choose_many(
        self,
        message: str,
        options: Sequence[Option],
        count: int,
        *,
        default: Sequence[Any] = (),
        rows: int | None = None,
    ) -> Any:
        import questionary

        width = screen_width()
        titles = [wrap_title(f"{i}. ", label, 5, width) for i, (label, _) in enumerate(options, 1)]
        choices = [
            questionary.Choice(title=t, value=value, checked=value in default)
            for t, (_, value) in zip(titles, options, strict=True)
        ]
        hint, head = fit_hint(
            message, f"({numbers(len(options))} or Space ticks, Enter confirms · u undo · q quit)", width
        )
        question = questionary.checkbox(
            message,
            choices=choices,
            validate=lambda selected: len(selected) == count,
            style=self.style,
            qmark=QMARK,
            instruction=hint,
        )
        control = self._control(question)

        def wrong_count() -> str:  # shown under the list, after an Enter with too few or too many ticks
            ticked = len(control.selected_options)
            if control.error_message is None or ticked == count:
                return ""
            return f"  Tick exactly {count}, then Enter (now {ticked} ticked)"

        self._bind(question, {"u": UNDO, "q": QUIT})
        self._bind_toggles(question, len(options))
        self._lay_out(question, titles, None if rows is None else rows - head, wrong_count)
        return self._ask(question)

    @classmethod
    def _lay_out(
        cls, question, titles: Sequence[str], rows: int | None, error: Callable[[], str] | None = None
    ) -> None:
        """Under the prompt line: the list, then a line for ``error`` (a choose-several count)
        when it says something, in place of questionary's own (on the terminal's bottom row).
        When the list is taller than the ``rows`` left, it scrolls within them, the option
        pointed at shown whole, and that line says which options are above or below."""
        from prompt_toolkit.filters import Condition, is_done, to_filter
        from prompt_toolkit.layout import ConditionalContainer, Dimension, ScrollOffsets, Window

        control = cls._control(question)
        box = question.application.layout.container
        listed = next(c for c in box.children if getattr(getattr(c, "content", None), "content", None) is control)
        window = listed.content
        tall = [t.count("\n") + 1 for t in titles]
        spare = None if rows is None else rows - (1 if error else 0)
        clipped = spare is not None and sum(tall) > spare
        window.dont_extend_height = to_filter(True)  # the line below follows the list, not the screen's bottom row
        if clipped and rows is not None:
            window.height = Dimension.exact(max(LIST_MIN_ROWS, rows - 1))
            window.scroll_offsets = ScrollOffsets(bottom=lambda: tall[control.pointed_at] - 1)

        def status() -> list[tuple[str, str]]:
            said = error() if error else ""
            if said:
                return [("class:error", said)]
            return [("class:instruction", beyond(window.render_info, tall) if clipped else "")]

        shown = Condition(lambda: clipped or bool(error and error()))
        line = ConditionalContainer(Window(_line_control(status), height=1), filter=shown & ~is_done)
        box.children[:] = [box.children[0], listed, line]

    def type_answer(self, message: str) -> Any:
        import questionary

        hint = "(Enter checks · a lone u undoes, q quits)"
        # beside the message where the typing still has room on that line, else on the line under it
        beside = len(f"› {message}  {hint} ") + TYPING_ROOM <= screen_width()
        question = questionary.text(
            message,
            style=self.style,
            qmark=QMARK,
            instruction=hint if beside else None,
            bottom_toolbar=None if beside else f"  {hint}",
            # an empty Enter is never an answer: it asks again (a double Enter must not fail a card)
            validate=lambda typed: bool(typed.strip()) or "Type your answer first",
            reserve_space_for_menu=0,  # no completion menu: no blank rows kept for one
        )
        hug(question)
        answer = self._ask(question)
        if isinstance(answer, str) and answer.strip().lower() in ("u", "q"):
            return UNDO if answer.strip().lower() == "u" else QUIT
        return answer

    def pause(self, message: str = "Press Enter to continue", *, undo: bool = True) -> Any:
        if undo:
            return self.choose(message, [("Continue", None)], keys={}, instruction="(Enter · u undo · q quit)")
        import questionary

        question = questionary.select(
            message, choices=["Continue"], style=self.style, qmark=QMARK, instruction="(Enter · q stop)"
        )
        self._bind(question, {"q": QUIT})
        self._lay_out(question, ["Continue"], None)
        return None if self._ask(question) == "Continue" else QUIT


def hug(question) -> None:
    """The typing line takes one row, so that a message under it ("Type your answer first")
    shows right there, not on the terminal's bottom row."""
    from prompt_toolkit.enums import DEFAULT_BUFFER
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.controls import BufferControl

    for window in question.application.layout.find_all_windows():
        if isinstance(window.content, BufferControl) and window.content.buffer.name == DEFAULT_BUFFER:
            window.dont_extend_height = to_filter(True)


def _line_control(text: Callable[[], list[tuple[str, str]]]) -> Any:
    """A one-line control showing ``text()`` as it is when drawn (after the list above it, so a
    scroll position read there is the current one)."""
    from prompt_toolkit.layout.controls import UIContent, UIControl

    class Line(UIControl):
        def create_content(self, width: int, height: int) -> UIContent:
            fragments: Any = text()
            return UIContent(get_line=lambda i: fragments, line_count=1)

    return Line()


def beyond(info: Any, tall: Sequence[int]) -> str:
    """Which options of a scrolled list are out of view, above or below (``tall``: the rows each
    option takes; ``info``: the list window's last render)."""
    if info is None:
        return ""
    return out_of_view(info.vertical_scroll, info.window_height, tall)


def out_of_view(first: int, height: int, tall: Sequence[int], noun: str = "option") -> str:
    """Which items of a list scrolled to its line ``first``, ``height`` lines shown, are out of
    view: "  ↑ option 1 above · ↓ options 4–5 below" (``tall``: the lines each item takes)."""
    last = first + height - 1
    starts = [sum(tall[:i]) for i in range(len(tall))]
    above = [n for n, at in enumerate(starts, 1) if at < first]
    below = [n for n, (at, rows) in enumerate(zip(starts, tall, strict=True), 1) if at + rows - 1 > last]
    parts = [f"↑ {_span(above, noun)} above"] if above else []
    parts += [f"↓ {_span(below, noun)} below"] if below else []
    return "  " + " · ".join(parts) if parts else ""


def _span(numbers: list[int], noun: str) -> str:
    return f"{noun} {numbers[0]}" if len(numbers) == 1 else f"{noun}s {numbers[0]}–{numbers[-1]}"


def numbers(count: int) -> str:
    """The digits that pick one of ``count`` options: ``1–4`` (at most 1–9)."""
    return "1" if count == 1 else f"1–{min(count, 9)}"


def screen_width() -> int:
    """The columns a prompt draws in: the terminal's, at most the reading width."""
    from prompt_toolkit.application.current import get_app_session

    return min(get_app_session().output.get_size().columns, READING_WIDTH)


def fit_hint(message: str, hint: str, width: int | None = None, pad: int = 1) -> tuple[str, int]:
    """``hint`` as the prompt shows it after ``message``, and the rows the two take: beside the
    message where the line fits ``width`` (with ``pad`` columns to spare: the cursor's), else on
    lines of its own under it, broken between its parts (``·``), never inside a key's words."""
    width = width or screen_width()
    first = len(f"› {message} ")
    if first + len(hint) + pad <= width:
        return hint, -(-first // width)
    lines: list[str] = []
    for part in hint.split(" · "):
        if lines and len(lines[-1]) + len(" · ") + len(part) <= width - 2:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    lines = [wrapped for line in lines for wrapped in textwrap.wrap(line, width - 2)]
    return "\n  " + "\n  ".join(lines), -(-first // width) + len(lines)


def wrap_title(prefix: str, label: str, indent: int, width: int | None = None) -> str:
    """An option's title wrapped to ``width`` (the prompt's, ``screen_width``): a long option (an
    architecture on an exam-style question) is shown whole, its continuation lines under its
    first word. ``indent`` is how far the list draws the title from the left edge (the
    pointer, a checkbox)."""
    room = (width or screen_width()) - indent - 1
    if len(prefix) + len(label) <= room:
        return prefix + label
    lines = textwrap.wrap(label, width=max(20, room - len(prefix)), break_on_hyphens=False)
    pad = "\n" + " " * (indent + len(prefix))
    return prefix + pad.join(lines)
