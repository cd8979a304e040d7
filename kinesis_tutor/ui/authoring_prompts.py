"""decks new / decks add in the terminal: the questionary prompts behind ``CardPrompter``, and
what the two commands print."""

from __future__ import annotations

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

        choices = [questionary.Choice(label, value=value) for label, value in options]
        return questionary.select(message, choices=choices, default=default).unsafe_ask()

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
    ) -> str:
        import questionary

        question = questionary.text(
            message, default=default, multiline=multiline, instruction=instruction, validate=check
        )
        return str(question.unsafe_ask())

    def checkbox(
        self, message: str, options: Sequence[Option], *, checked: Iterable[Any] = (), check: Check | None = None
    ) -> list[Any]:
        import questionary

        ticked = set(checked)
        choices = [questionary.Choice(label, value=value, checked=value in ticked) for label, value in options]
        validate: Any = check
        return list(questionary.checkbox(message, choices=choices, validate=validate).unsafe_ask())

    def confirm(self, message: str, default: bool) -> bool:
        import questionary

        return bool(questionary.confirm(message, default=default).unsafe_ask())

    def show_problems(self, problems: list[str]) -> None:
        print("The card has problems:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)


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
