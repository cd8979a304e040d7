"""What decks list / show / validate / preview / schema and paths print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinesis_tutor.app.paths import display_path
from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.ui.plain import plural, print_json, shown

if TYPE_CHECKING:
    from kinesis_tutor.app.decks import Validation
    from kinesis_tutor.decks.loader import Library, LoadedDeck


def report_skipped(lib: Library) -> Library:
    """Problems with bad decks go to stderr (the good decks are used); returns ``lib``."""
    if lib.problems:
        for problem in lib.problems:
            sys.stderr.write(f"{shown(problem)}\n")
        sys.stderr.write(
            f"kinesis-tutor: warning: {len({p.file for p in lib.problems})} deck file(s) skipped; "
            "run 'kinesis-tutor decks validate' for details\n"
        )
    return lib


def show_list(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json({"decks": rows})
        return
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.ui.render import KIND_SHORT, console, data

    rows = [r for r in rows if r.get("ok", True)]  # the skipped ones were named on stderr
    table = Table(title="Decks", title_justify="left", expand=False, show_lines=False)
    table.add_column("deck", no_wrap=True)
    table.add_column("title / file", ratio=1)
    table.add_column("cards", justify="right", no_wrap=True)
    table.add_column("by kind", ratio=1)
    table.add_column("+table", justify="right", no_wrap=True)
    for r in rows:
        kinds = " ".join(f"{KIND_SHORT.get(k, k)} {n}" for k, n in r["by_kind"].items())
        title = Text.assemble(shown(r["title"]), "\n", (shown(display_path(Path(r["file"]))), "dim"))
        table.add_row(data(r["id"], style="cyan"), title, str(r["cards"]), kinds, str(r["table_cards"] or ""))
    console().print(table)
    total = sum(r["cards"] for r in rows)
    generated = sum(r["table_cards"] for r in rows)
    console().print(
        f"{plural(len(rows), 'deck')}, {plural(total, 'card')} written + {generated:,} generated from "
        f"{plural(sum(r['tables'] for r in rows), 'table')}"
    )


def show_deck(d: LoadedDeck) -> None:
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.ui.render import KIND_NAMES, KIND_SHORT, console, data

    c = console()
    c.print(Text.assemble((shown(d.deck.id), "bold cyan"), " — ", (shown(d.deck.title), "bold")))
    if d.deck.description:
        c.print(data(d.deck.description))
    c.print(data(f"{display_path(d.file)} · tags: {', '.join(d.deck.tags) or '—'}", style="dim"))
    narrow = c.width < 100  # short kind names and a narrower id column leave room for the question
    table = Table(expand=True)
    table.add_column("card", style="cyan", overflow="fold", max_width=20 if narrow else 32)
    table.add_column("kind", no_wrap=True)
    table.add_column("question", ratio=1, overflow="fold")  # wrapped, never cut: the question is what the list is for
    names = KIND_SHORT if narrow else KIND_NAMES
    for card in d.cards:
        table.add_row(data(card.id), names.get(card.kind, card.kind), data(card.prompt.replace("\n", " ")))
    c.print(table)


def show_validation(result: Validation) -> None:
    """Every problem (and note) on stderr; a summary line, or an error (exit 1) if a deck has problems."""
    for note in result.notes:
        sys.stderr.write(f"{shown(note)}\n")
    for problem in result.problems:
        sys.stderr.write(f"{shown(problem)}\n")
    decks = f"{result.decks} of {result.files} deck(s) are fine" if result.files or not result.others else ""
    if result.problems:
        raise TutorError(f"{len(result.problems)} problem(s) in {result.bad_files} file(s)" + (decks and f"; {decks}"))
    if decks:
        print(f"{plural(result.files, 'deck file')} OK: {plural(result.decks, 'deck')}, {plural(result.cards, 'card')}")
    else:  # only a catalog or facts file was named
        print(f"{', '.join(result.others)} OK")


def show_previews(cards: list[Any], deck_id: str = "") -> None:
    from kinesis_tutor.ui.render import console, preview

    if not cards and deck_id:  # a deck started with 'cards: []'
        print(f"deck '{deck_id}' has no cards yet; add one with: kinesis-tutor decks add {deck_id}")
    for card in cards:
        console().print(preview(card), crop=False)  # a source URL wider than the terminal stays whole


def show_services(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json({"services": rows})
        return
    from rich.table import Table

    from kinesis_tutor.ui.render import console, data

    table = Table(title="Services (use the id in scenarios and tables)", title_justify="left")
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("name", ratio=1)
    table.add_column("aliases", ratio=1)
    for r in rows:
        name = data(r["name"])
        if r["formerly"]:
            name.append_text(data(f"\nwas {r['formerly']}", style="dim"))
        table.add_row(data(r["id"]), name, data(", ".join(r["aliases"])))
    console().print(table)
    console().print(
        f"{len(rows)} services; add your own in a catalog.yaml in your deck folder (kinesis-tutor docs deck-format)"
    )


def show_json(data: Any) -> None:
    print_json(data)


def show_text(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def show_lines(lines: list[str]) -> None:
    for line in lines:
        print(line)


def show_orphan_change(change: dict[str, Any], as_json: bool) -> None:
    """What --attach or --forget did: one line, or with --json the object itself."""
    if as_json:
        print_json(change)
    elif change["action"] == "attach":
        print(f"{change['reviews']} review(s) of {change['card']} now belong to {change['to']}")
    else:
        print(f"forgot {change['reviews']} review(s) of {change['card']}")


def show_orphans(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json({"orphans": rows})
        return
    if not rows:
        print("no orphaned review history: every card with history is in a deck")
        return
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.ui.render import console, data

    table = Table(title="Review history whose card is gone", title_justify="left", expand=False)
    table.add_column("card (DECK/CARD)", no_wrap=True)
    table.add_column("reviews", justify="right")
    table.add_column("last review", no_wrap=True)
    table.add_column("gone since", no_wrap=True)
    for r in rows:
        table.add_row(data(r["key"], style="cyan"), str(r["reviews"]), r["last_review"] or "—", r["removed_at"][:10])
    console().print(table)
    console().print(
        Text(  # plain text: '[old-id]' is no markup
            f"{len(rows)} card(s). Give one to the card it became: kinesis-tutor decks orphans --attach OLD NEW; "
            "or delete it: --forget OLD. Next time, 'was: [old-id]' on the renamed card keeps its history."
        )
    )
