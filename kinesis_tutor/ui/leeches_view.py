"""What ``kinesis-tutor leeches`` shows and asks: the list, then each leech in a terminal.

The questions go through a ``Prompter``, so the whole flow runs in tests without a terminal.
Ctrl-C (or q) stops: what was decided so far is kept, and the interrupt goes on up to the CLI.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app.leeches import KEEP, RESET, REVIEW, Leeches
from kinesis_tutor.core.review import LEECH_LAPSES
from kinesis_tutor.ui.prompts import QUIT, UNDO, Option, Prompter, TerminalPrompter
from kinesis_tutor.ui.render import console, plural, preview, question_panel, shown

OPTIONS: list[Option] = [
    ("Review it now (see the answer, then back into study)", REVIEW),
    ("Reset (back into study, lapse count cleared)", RESET),
    ("Keep suspended", KEEP),
]
DONE = {
    RESET: "Reset: back in study with its lapse count cleared.",
    KEEP: "Kept suspended.",
}


def review(leeches: Leeches, prompter: Prompter | None = None) -> None:
    """List the leeches; in a terminal, then go through them one by one."""
    c = console()
    if not show_list(leeches, c):
        return
    if prompter is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            c.print(
                "They stay out of study until you go through them: run 'kinesis-tutor leeches' in a terminal "
                "to review, reset or keep each one."
            )
            return
        prompter = TerminalPrompter()
    go_through(leeches, prompter, c)


def show_list(leeches: Leeches, c: Console) -> bool:
    """The table of leeches; False (and a line saying so) when there is none."""
    found = leeches.found
    if not found:
        c.print(
            f"No leeches: no card is suspended. A card becomes a leech when it has been failed {LEECH_LAPSES} times."
        )
        return False
    table = Table(
        title=f"Leeches: {plural(len(found), 'suspended card')}",
        title_justify="left",
        box=None,
        padding=(0, 1),
        header_style="dim",
    )
    table.add_column("lapses", justify="right", no_wrap=True, min_width=6)
    table.add_column("card and question", overflow="fold")  # wrapped, never cut
    for leech in found:
        question = " ".join(leech.item.card.prompt.split())
        table.add_row(
            str(leech.lapses), Text.assemble((shown(leech.item.card.key), "cyan"), "\n", (shown(question), "dim"))
        )
    c.print(table)
    return True


def go_through(leeches: Leeches, prompter: Prompter, c: Console) -> None:
    """Ask what to do with each leech. Ctrl-C or q stops; what was decided so far is kept."""
    found = leeches.found
    try:
        for i, leech in enumerate(found, 1):
            c.print(Rule(f"leech {i} of {len(found)} · failed {leech.lapses} times", align="left"))
            c.print(question_panel(leech.item.card))
            choice = leeches.decide(leech, _ask(prompter))
            if choice != REVIEW:
                c.print(DONE[choice])
                continue
            c.print(preview(leech.item.card), crop=False)  # a source URL stays whole
            c.print("Released: back in study, lapses kept (one more miss suspends it again).")
            if i < len(found) and prompter.pause("Press Enter for the next leech…", undo=False) is QUIT:
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        c.print(f"\nStopped. {_summary(leeches.done)}; the other leeches stay suspended.")
        raise
    c.print(_summary(leeches.done) + ".")


def _ask(prompter: Prompter) -> str:
    """Review, reset or keep; q or Ctrl-C raises KeyboardInterrupt (u, undo, has nothing to undo)."""
    while True:
        choice = prompter.choose("What now?", OPTIONS, instruction="(↑↓ and Enter, or a number · q stop)")
        if choice is QUIT:
            raise KeyboardInterrupt
        if choice is not UNDO:
            return str(choice)


def _summary(done: dict[str, int]) -> str:
    return f"Reviewed and released {done[REVIEW]}, reset {done[RESET]}, kept suspended {done[KEEP]}"
