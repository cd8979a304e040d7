"""A list with a pointer, a status bar and the key help: the small prompt_toolkit application
under each exam screen.

The status bar is redrawn twice a second, so no second of the clock is skipped. The list
watches the exam's clock: when the time runs out it closes at once, whatever the learner was
doing. Ctrl-C closes it too.
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Always
from prompt_toolkit.formatted_text import StyleAndTextTuples, to_formatted_text
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style

from kinesis_tutor.app.exam import INTERRUPT, TIMEOUT
from kinesis_tutor.core.exam import Exam, TimeUp
from kinesis_tutor.ui.prompts import out_of_view, screen_width

Fragments = StyleAndTextTuples
Keys = dict[str, Callable[[int], Any]]

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


def _help_lines(keys: Sequence[tuple[str, str]], width: int) -> list[Fragments]:
    """Key help as fragments, wrapped between items to ``width``."""
    lines: list[Fragments] = [[]]
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


def _row_lines(row: Row, here: bool, width: int) -> list[Fragments]:
    """One row as its lines of fragments: the pointer and mark on the first, the wrapped text
    under its first word."""
    indent = 2 + (len(row.mark) + 1 if row.mark else 0)
    text_style = "class:current" if here else ("class:chosen" if row.chosen else "")
    wrapped = _wrap(row.text, width, indent)
    first: Fragments = [("class:pointer", "› " if here else "  ")]
    if row.mark:
        first.append(("class:chosen" if row.chosen else "class:mark", row.mark + " "))
    first.append((text_style, wrapped[0]))
    return [first] + [[(text_style, " " * indent + line)] for line in wrapped[1:]]


def _rows_text(rows: Sequence[Row], state: dict[str, Any], room: int) -> Fragments:
    """The rows, wrapped to the width, the pointer at ``state["cursor"]``. Rows taller than the
    ``room`` scroll within it, the row pointed at shown whole (as far as it fits);
    ``state["beyond"]`` says which rows are out of view, above or below."""
    cursor = state["cursor"]
    drawn = [_row_lines(row, i == cursor, screen_width() - 1) for i, row in enumerate(rows)]
    lines = [line for row in drawn for line in row]
    tall = [len(row) for row in drawn]
    top = 0
    if len(lines) > room and drawn:
        start = sum(tall[:cursor])
        top = min(state.get("top", 0), start, max(0, len(lines) - room))
        if start + tall[cursor] > top + room:  # the pointed row's last line below the room: scroll down
            top = min(start, start + tall[cursor] - room)
    state["top"] = top
    state["beyond"] = out_of_view(top, room, tall, state.get("noun", "option")) if len(lines) > room else ""
    out: Fragments = []
    for n, line in enumerate(lines[top : top + room]):
        out.extend([("", "\n")] if n else [])
        out.extend(line)
    return out


def _bar(status: Callable[[], Fragments]) -> Fragments:
    fragments = to_formatted_text(status())
    used = sum(len(t) for _, t, *_ in fragments)
    return [*list(fragments), ("class:status", " " * max(0, screen_width() - used))]


def _help_text(help_keys: Sequence[tuple[str, str]]) -> Fragments:
    out: Fragments = []
    for n, line in enumerate(_help_lines(help_keys, screen_width() - 1)):
        if n:
            out.append(("", "\n"))
        out.extend(line)
    return out


def _finish(app: Application[Any], result: Any) -> None:
    if app.future is not None and not app.future.done():
        app.exit(result=result)


def _bindings(rows: Sequence[Row], state: dict[str, Any], keys: Keys) -> KeyBindings:
    """↑↓ (and j/k, Tab) move the pointer; ``keys`` call their handler with it; Ctrl-C closes."""
    kb = KeyBindings()

    def move(delta: int) -> Callable[[KeyPressEvent], None]:
        def handler(event: KeyPressEvent) -> None:
            if rows:
                state["cursor"] = (state["cursor"] + delta) % len(rows)

        return handler

    for key in ("up", "k", "s-tab"):
        kb.add(key)(move(-1))
    for key in ("down", "j", "tab"):
        kb.add(key)(move(1))

    for key, handler in keys.items():

        def bound(event: KeyPressEvent, handler: Callable[[int], Any] = handler) -> None:
            try:
                result = handler(state["cursor"])
            except TimeUp:  # an answer after the deadline: the exam is over
                result = TIMEOUT
            if result is not None:
                _finish(event.app, result)

        kb.add(*key.split(" "), eager=True)(bound)

    @kb.add("c-c", eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        _finish(event.app, INTERRUPT)

    return kb


def _room(help_keys: Sequence[tuple[str, str]], above: int) -> int:
    """The lines left for the rows: the screen's, less ``above``, the line under the rows, the
    status bar and the key help (at least three)."""
    help_lines = len(_help_lines(help_keys, screen_width() - 1))
    return max(3, get_app().output.get_size().rows - above - 2 - help_lines)


def _layout(
    rows: Sequence[Row],
    state: dict[str, Any],
    help_keys: Sequence[tuple[str, str]],
    status: Callable[[], Fragments],
    above: int,
) -> Layout:
    """The rows (scrolling if they do not fit below ``above`` lines), a line saying which rows
    are out of view (blank when all are shown), the status bar, the key help."""
    rows_window = Window(
        FormattedTextControl(lambda: _rows_text(rows, state, _room(help_keys, above)), show_cursor=False),
        wrap_lines=False,
        always_hide_cursor=Always(),
        dont_extend_height=True,
    )
    return Layout(
        HSplit(
            [
                rows_window,
                Window(FormattedTextControl(lambda: [("class:dim", state.get("beyond", ""))]), height=1),
                Window(FormattedTextControl(lambda: _bar(status)), height=1, style="class:status"),
                Window(FormattedTextControl(lambda: _help_text(help_keys)), wrap_lines=True, dont_extend_height=True),
            ]
        )
    )


def run_list(
    rows: Sequence[Row],
    *,
    cursor: int = 0,
    keys: Keys,
    help_keys: Sequence[tuple[str, str]],
    status: Callable[[], Fragments],
    exam: Exam | None = None,
    refresh: float = 0.5,
    above: int = 0,
    noun: str = "option",
) -> tuple[Any, int]:
    """Show ``rows`` with a pointer, a status bar and the key help; return (result, cursor).

    ``keys`` map a key to a handler taking the cursor; a handler's result other than None
    closes the list with that result. ``exam``: close with TIMEOUT when its time is up.
    Ctrl-C closes with INTERRUPT. ``above``: lines printed above, kept on screen if the rows
    can scroll instead (down to three rows); a line under the rows then says which ``noun``s
    (options, questions) are out of view."""
    state: dict[str, Any] = {"cursor": max(0, min(cursor, len(rows) - 1)), "noun": noun}
    app: Application[Any] = Application(
        layout=_layout(rows, state, help_keys, status, above),
        key_bindings=_bindings(rows, state, keys),
        style=Style.from_dict(STYLE),
        full_screen=False,
        refresh_interval=refresh,
        mouse_support=False,
        erase_when_done=False,
    )

    async def watch() -> None:
        while exam is not None:
            if exam.expired():
                _finish(app, TIMEOUT)
                return
            await asyncio.sleep(0.1)

    def pre_run() -> None:
        if exam is not None:
            app.create_background_task(watch())

    result = app.run(pre_run=pre_run, handle_sigint=True)
    return result, state["cursor"]
