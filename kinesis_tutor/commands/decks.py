"""decks list / show / validate / preview / schema, and paths."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from kinesis_tutor.app.paths import Paths, display_path
from kinesis_tutor.core.errors import TutorError, did_you_mean, no_such_deck


def load(paths: Paths, *, report: bool = True):
    """Every deck; problems with bad decks go to stderr and the good decks are used."""
    from kinesis_tutor.decks.loader import load_library

    lib = load_library(paths.deck_dirs())
    if report and lib.problems:
        for problem in lib.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(
            f"kinesis-tutor: warning: {len({p.file for p in lib.problems})} deck file(s) skipped; run 'kinesis-tutor decks validate' for details\n"
        )
    return lib


def find_deck(lib, deck_id: str):
    if deck_id not in lib.decks:
        raise no_such_deck(deck_id, lib.decks)
    return lib.decks[deck_id]


def run_list(paths: Paths, as_json: bool) -> None:
    lib = load(paths)
    rows = []
    for d in lib.decks.values():
        kinds = Counter(c.kind for c in d.cards if c.origin == "card")
        rows.append(
            {
                "id": d.deck.id,
                "title": d.deck.title,
                "cards": sum(kinds.values()),
                "by_kind": dict(sorted(kinds.items())),
                "table_cards": sum(1 for c in d.cards if c.origin == "table"),
                "tables": len(d.tables),
                "file": str(d.file),
            }
        )
    if as_json:
        print(json.dumps({"decks": rows}, indent=2, ensure_ascii=False))
        return
    from rich.table import Table
    from rich.text import Text

    from kinesis_tutor.ui.render import KIND_SHORT, console

    table = Table(title="Decks", title_justify="left", expand=False, show_lines=False)
    table.add_column("deck", no_wrap=True)
    table.add_column("title / file", ratio=1)
    table.add_column("cards", justify="right", no_wrap=True)
    table.add_column("by kind", ratio=1)
    table.add_column("+table", justify="right", no_wrap=True)
    for r in rows:
        kinds = " ".join(f"{KIND_SHORT.get(k, k)} {n}" for k, n in r["by_kind"].items())
        title = Text.assemble(r["title"], "\n", (display_path(Path(r["file"])), "dim"))
        table.add_row(Text(r["id"], style="cyan"), title, str(r["cards"]), kinds, str(r["table_cards"] or ""))
    console().print(table)
    total = sum(r["cards"] for r in rows)
    generated = sum(r["table_cards"] for r in rows)
    console().print(
        f"{len(rows)} decks, {total} cards written + {generated} generated from {sum(r['tables'] for r in rows)} tables"
    )


def run_show(paths: Paths, deck_id: str) -> None:
    from rich.table import Table

    from kinesis_tutor.ui.render import KIND_NAMES, console

    d = find_deck(load(paths), deck_id)
    c = console()
    c.print(f"[bold cyan]{d.deck.id}[/] — [bold]{d.deck.title}[/]")
    if d.deck.description:
        c.print(d.deck.description)
    c.print(f"[dim]{display_path(d.file)} · tags: {', '.join(d.deck.tags) or '—'}[/]")
    table = Table(expand=True)
    table.add_column("card", style="cyan", overflow="fold", max_width=40)
    table.add_column("kind", no_wrap=True)
    table.add_column("question", overflow="ellipsis", no_wrap=True, ratio=1)
    for card in d.cards:
        table.add_row(card.id, KIND_NAMES.get(card.kind, card.kind), card.prompt.replace("\n", " "))
    c.print(table)


def run_validate(paths: Paths, targets: list[Path]) -> None:
    from kinesis_tutor.decks.loader import deck_files, load_library

    dirs = targets or paths.deck_dirs()
    missing = [t for t in targets if not t.exists()]
    if missing:
        raise TutorError(f"no such file or folder: {missing[0]}", exit_code=2)
    lib = load_library(dirs)
    for problem in lib.problems:
        sys.stderr.write(f"{problem}\n")
    n_files = len(deck_files(dirs))
    n_cards = sum(len(d.cards) for d in lib.decks.values())
    if lib.problems:
        bad = len({p.file for p in lib.problems})
        raise TutorError(
            f"{len(lib.problems)} problem(s) in {bad} file(s); {len(lib.decks)} of {n_files} deck(s) are fine"
        )
    print(f"{n_files} deck file(s) OK: {len(lib.decks)} decks, {n_cards} cards")


def run_preview(paths: Paths, deck_id: str, card_id: str | None) -> None:
    from kinesis_tutor.ui.render import console, preview

    d = find_deck(load(paths), deck_id)
    cards = d.cards
    if card_id:
        cards = [c for c in d.cards if c.id == card_id or c.id.startswith(card_id + ".")]
        if not cards:
            raise TutorError(
                f"deck '{deck_id}' has no card '{card_id}'{did_you_mean(card_id, [c.id for c in d.cards])}"
            )
    for card in cards:
        console().print(preview(card))


def run_schema() -> None:
    from kinesis_tutor.decks.model import deck_json_schema

    print(json.dumps(deck_json_schema(), indent=2))


def run_paths(paths: Paths) -> None:
    from kinesis_tutor.app.paths import content_dir

    print(f"data folder:    {paths.home}")
    print(f"database:       {paths.db}")
    print(f"your decks:     {paths.user_decks}")
    print(f"bundled decks:  {content_dir()}")
    for d in paths.extra_deck_dirs:
        print(f"extra decks:    {d}")
