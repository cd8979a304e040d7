"""Prompts: the only place that reads keys. A ``Prompter`` is injected into every screen, so
tests can swap in a scripted one; ``TerminalPrompter`` is the real one (questionary).

Every prompt also understands ``u`` (undo the last answer) and ``q`` / Ctrl-C (quit), returned
as ``UNDO`` and ``QUIT``.
"""

from __future__ import annotations

import enum
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, Protocol

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError


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
    ) -> Any:
        """One option's value. Digits 1–9 pick by position, unless ``keys`` maps keys to values."""

    def choose_many(self, message: str, options: Sequence[Option], count: int, *, default: Sequence[Any] = ()) -> Any:
        """The values of ``count`` options, ticked by the learner; ``default``: the values ticked
        when the list opens (the ticks given before, when a card is asked again after ``u``)."""

    def type_answer(self, message: str) -> Any: ...

    def pause(self, message: str = "Press Enter to continue") -> Any: ...


def require_terminal(what: str) -> None:
    """Interactive screens need a terminal: say so in one line and exit 2, never a traceback."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TutorError(
            f"'{what}' needs an interactive terminal (standard input or output is not a TTY); "
            "run it in a terminal, or use 'kinesis-tutor decks preview' / 'stats' to read without one",
            exit_code=EXIT_USAGE,
        )


class TerminalPrompter:
    """questionary prompts with digits as shortcuts and u / q bound on every prompt."""

    def __init__(self) -> None:
        import questionary  # noqa: F401  (imported here: keep it off the --help path)

        self._style: Any = None

    @property
    def style(self) -> Any:
        if self._style is None:
            from questionary import Style

            self._style = Style(
                [
                    ("qmark", "fg:ansicyan bold"),
                    ("question", "bold"),
                    ("pointer", "fg:ansicyan bold"),
                    ("highlighted", "fg:ansicyan bold"),
                    ("selected", "fg:ansigreen"),
                    ("instruction", "fg:ansibrightblack"),
                    ("answer", "fg:ansigreen bold"),
                ]
            )
        return self._style

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
    ) -> Any:
        """Pick one option. Without ``keys`` the digits 1–9 pick the option with that number;
        ``keys`` maps keys to values instead (the labels then say which key does what)."""
        import questionary

        # numbered when the digits pick the options by position (their own or the keys given)
        numbered = keys is None or (
            bool(keys) and all(keys.get(str(i)) == v for i, (_, v) in enumerate(options[:9], 1))
        )
        choices = [
            questionary.Choice(title=wrap_title(f"{i}. " if numbered and i <= 9 else "", label, 3), value=value)
            for i, (label, value) in enumerate(options, 1)
        ]
        default_choice = next((c for c in choices if c.value == default), None)
        question = questionary.select(
            message,
            choices=choices,
            default=default_choice,
            style=self.style,
            qmark="›",
            instruction=instruction or "(↑↓ and Enter, or a number · u undo · q quit)",
        )
        extra: dict[str, Any] = {str(i): value for i, (_, value) in enumerate(options, 1) if i <= 9} if numbered else {}
        extra.update(keys or {})
        extra.setdefault("u", UNDO)
        extra.setdefault("q", QUIT)
        self._bind(question, extra)
        return self._ask(question)

    def choose_many(self, message: str, options: Sequence[Option], count: int, *, default: Sequence[Any] = ()) -> Any:
        import questionary

        choices = [
            questionary.Choice(title=wrap_title(f"{i}. ", label, 5), value=value, checked=value in default)
            for i, (label, value) in enumerate(options, 1)
        ]

        def validate(selected: list) -> bool | str:
            return True if len(selected) == count else f"Choose exactly {count} (you have {len(selected)})"

        question = questionary.checkbox(
            message,
            choices=choices,
            validate=validate,
            style=self.style,
            qmark="›",
            instruction=f"(choose {count}: a number or Space ticks, Enter confirms · u undo · q quit)",
        )
        self._bind(question, {"u": UNDO, "q": QUIT})
        self._bind_toggles(question, len(options))
        return self._ask(question)

    def type_answer(self, message: str) -> Any:
        import questionary

        question = questionary.text(
            message,
            style=self.style,
            qmark="›",
            instruction="(Enter to check · a lone u undoes, q quits)",
            # an empty Enter is never an answer: it asks again (a double Enter must not fail a card)
            validate=lambda typed: bool(typed.strip()) or "Type your answer first (a lone u undoes, q quits)",
        )
        answer = self._ask(question)
        if isinstance(answer, str) and answer.strip().lower() in ("u", "q"):
            return UNDO if answer.strip().lower() == "u" else QUIT
        return answer

    def pause(self, message: str = "Press Enter to continue") -> Any:
        return self.choose(message, [("Continue", None)], keys={}, instruction="(Enter · u undo · q quit)")


def wrap_title(prefix: str, label: str, indent: int) -> str:
    """An option's title wrapped to the terminal's width: a long option (an architecture on an
    exam-style question) is shown whole, its continuation lines under its first word. ``indent``
    is how far the list draws the title from the left edge (the pointer, a checkbox)."""
    width = shutil.get_terminal_size((80, 24)).columns - indent - 1
    if len(prefix) + len(label) <= width:
        return prefix + label
    lines = textwrap.wrap(label, width=max(20, width - len(prefix)))
    pad = "\n" + " " * (indent + len(prefix))
    return prefix + pad.join(lines)
