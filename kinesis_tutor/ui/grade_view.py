"""``decks grade`` and ``decks show --json`` on the terminal: the verdict on one answer (or JSON),
and a deck's study cards as JSON."""

from __future__ import annotations

from typing import Any

from kinesis_tutor.app.verdicts import Verdict
from kinesis_tutor.ui.plain import print_json


def show_cards(cards: dict[str, Any]) -> None:
    print_json(cards)


def show_grade(verdict: Verdict, as_json: bool) -> int:
    """Print the verdict; returns the exit code (0 right, 1 wrong)."""
    if as_json:
        print_json(verdict.to_dict())
    else:
        from rich.text import Text

        from kinesis_tutor.ui.render import console, shown

        mark = ("✔ right", "bold green") if verdict.correct else ("✘ wrong", "bold red")
        out = console()
        out.print(Text.assemble(mark, f"  {shown(verdict.deck)}/{shown(verdict.card)} ({verdict.kind})"))
        out.print(Text.assemble(("answer    ", "dim"), shown(verdict.given)))
        out.print(Text.assemble(("expected  ", "dim"), shown(verdict.expected)))
        out.print(Text.assemble(("why       ", "dim"), shown(verdict.reason)))
    return 0 if verdict.correct else 1
