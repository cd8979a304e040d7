"""decks new / decks add in the terminal: the questionary prompts behind ``CardPrompter``, and
what the two commands print."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.paths import display_path
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

if TYPE_CHECKING:
    from kinesis_tutor.app.authoring import NewDeck
    from kinesis_tutor.app.card_questions import Check, Option
    from kinesis_tutor.app.drafting import DraftResult


class TerminalCardPrompter:
    """questionary prompts; Ctrl-C raises KeyboardInterrupt (the card is then abandoned)."""

    def __init__(self, deck_file: Path) -> None:
        if not sys.stdin.isatty():
            raise TutorError(
                "decks add needs an interactive terminal (it asks questions); "
                f"to add cards from a script, edit {display_path(deck_file)} and run 'kinesis-tutor decks validate'",
                exit_code=EXIT_USAGE,
            )

    def select(self, message: str, options: Sequence[Option], default: Any = None) -> Any:
        import questionary

        from kinesis_tutor.ui.prompts import QMARK, fit_hint, prompt_style

        choices = [questionary.Choice(label, value=value) for label, value in options]
        hint, _ = fit_hint(message, "(↑↓ and Enter · Ctrl-C abandons the card)")
        return questionary.select(
            message, choices=choices, default=default, style=prompt_style(), qmark=QMARK, instruction=hint
        ).unsafe_ask()

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
        long: bool = False,
    ) -> str:
        import questionary

        from kinesis_tutor.ui.prompts import QMARK, hug, prompt_style

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") if long else None
        if not editor:
            question = questionary.text(
                message,
                default=default,
                multiline=multiline,
                validate=check,
                **_hint(message, instruction),
                reserve_space_for_menu=0,
                style=prompt_style(),
                qmark=QMARK,
            )
            hug(question)  # a problem is said under the line typed, not on the terminal's bottom row
            return str(question.unsafe_ask())
        return self._text_or_editor(message, default, check, editor)

    def _text_or_editor(self, message: str, default: str, check: Check | None, editor: str) -> str:
        """Typed on the line as usual, or, after Enter on an empty line, written in the author's editor
        (code, several paragraphs); what comes back is checked like a typed answer."""
        import questionary

        from kinesis_tutor.ui.prompts import QMARK, hug, prompt_style

        name = os.path.basename(shlex.split(editor)[0]) if shlex.split(editor) else editor
        hint = f"(or Enter on an empty line to write it in {name})"
        while True:
            question = questionary.text(
                message,
                default=default,
                validate=lambda t: True if not t.strip() else _ok(check, t),
                **_hint(message, hint),
                reserve_space_for_menu=0,
                style=prompt_style(),
                qmark=QMARK,
            )
            hug(question)
            typed = question.unsafe_ask()
            if str(typed).strip():
                return str(typed)
            written = edit_in_editor(editor, default)
            verdict = _ok(check, written) if written is not None else "the editor did not save the text"
            if verdict is True and written is not None:
                lines = written.splitlines()
                more = f" … ({len(lines)} lines)" if len(lines) > 1 else ""
                print(f"  {lines[0] if lines else ''}{more}")
                return written
            print(f"  {verdict}; try again", file=sys.stderr)
            default = ""

    def checkbox(
        self, message: str, options: Sequence[Option], *, checked: Iterable[Any] = (), check: Check | None = None
    ) -> list[Any]:
        import questionary

        from kinesis_tutor.ui.prompts import QMARK, fit_hint, prompt_style

        ticked = set(checked)
        choices = [questionary.Choice(label, value=value, checked=value in ticked) for label, value in options]
        validate: Any = check
        hint, _ = fit_hint(message, "(↑↓ · Space ticks · Enter confirms · Ctrl-C abandons the card)")
        question = questionary.checkbox(
            message, choices=choices, validate=validate, style=prompt_style(), qmark=QMARK, instruction=hint
        )
        return list(question.unsafe_ask())

    def confirm(self, message: str, default: bool) -> bool:
        import questionary

        from kinesis_tutor.ui.prompts import QMARK, prompt_style

        question = questionary.confirm(message, default=default, style=prompt_style(), qmark=QMARK)
        return bool(question.unsafe_ask())

    def show_problems(self, problems: list[str]) -> None:
        print("The card has problems:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)


def _hint(message: str, hint: str | None) -> dict[str, Any]:
    """Where a typing prompt's hint goes: beside the message where the typing still has room on
    that line (as the quiz's typed answers), else on a line under it."""
    from kinesis_tutor.ui.prompts import TYPING_ROOM, screen_width

    if not hint or len(f"› {message}  {hint} ") + TYPING_ROOM <= screen_width():
        return {"instruction": hint}
    return {"instruction": "", "bottom_toolbar": f"  {hint}"}  # "": not questionary's own hint either


def _ok(check: Check | None, value: str) -> bool | str:
    return True if check is None else check(value)


def edit_in_editor(editor: str, text: str) -> str | None:
    """``text`` after the author edited it in ``editor`` (a temporary file, always removed); None
    when the editor failed. Trailing blank lines and spaces are dropped."""
    import subprocess
    import tempfile

    fd, name = tempfile.mkstemp(prefix="kinesis-tutor-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + ("\n" if text and not text.endswith("\n") else ""))
        try:
            done = subprocess.run([*shlex.split(editor), name], check=False)
        except OSError as exc:
            print(f"  cannot run the editor '{editor}': {exc.strerror}", file=sys.stderr)
            return None
        if done.returncode != 0:
            return None
        with open(name, encoding="utf-8") as fh:
            return fh.read().rstrip()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def show_new(new: NewDeck) -> None:
    target, deck_id = new.file, new.deck_id
    print(f"Wrote {target}")
    print(f"  a starter deck '{deck_id}' with one example card of each kind and a comparison table.")
    print("Next steps:")
    print(f"  1. edit it:             $EDITOR {target}")
    print(f"  2. check it:            kinesis-tutor decks validate {target}")
    print(f"  3. see its cards:       kinesis-tutor decks preview {deck_id}")
    print(f"  4. add cards by asking: kinesis-tutor decks add {deck_id}")
    print(f"  5. study it:            kinesis-tutor study --deck {deck_id}")
    print(f"Editors: its first line points the YAML language server at {new.schema} (the JSON Schema).")


def show_added(deck_id: str, path: Path, card: dict[str, Any]) -> None:
    print(f"Added card '{card['id']}' ({card['kind']}) to {display_path(path)}.")
    print(f"  see it:  kinesis-tutor decks preview {deck_id} {card['id']}")


def show_draft(result: DraftResult) -> None:
    """The draft on stdout (or a line saying where it was written); what it holds on stderr."""
    what = f"{result.cards} card(s) ({result.numeric} numeric) and {result.tables} table(s)"
    if result.output is None:
        sys.stdout.write(result.text)
        print(f"drafted {what} from {result.notes}", file=sys.stderr)
        return
    print(f"Wrote {result.output}: a draft deck '{result.deck_id}' with {what} from {result.notes}.")
    print("Next steps:")
    print(f"  1. edit it (reword, write the TODO explanations): $EDITOR {result.output}")
    print(f"  2. check it:  kinesis-tutor decks validate {result.output}")
    print("  3. study it:  put it in your deck folder ('kinesis-tutor paths') or use --deck-dir")
