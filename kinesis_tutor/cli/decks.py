"""kinesis-tutor decks …: write, check and preview decks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kinesis_tutor.cli import complete
from kinesis_tutor.cli.base import JsonFlag, State, decks_app

# ------------------------------------------------------------------------------------ decks


@decks_app.command("list")
def decks_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The decks: id, title, cards by kind, file.

    \b
    Examples:
      kinesis-tutor decks list
      kinesis-tutor decks list --json
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_list(decks.deck_rows(view.report_skipped(decks.load(State.paths(ctx)))), as_json)


@decks_app.command("show")
def decks_show(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="Deck id.", autocompletion=complete.deck_ids)],
    as_json: Annotated[
        bool, typer.Option("--json", help="Every study card with its key, choices and accepted spellings.")
    ] = False,
) -> None:
    """A deck's details and its cards, one line each.

    \b
    Examples:
      kinesis-tutor decks show kds-core
      kinesis-tutor decks show kds-core --json
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    lib = view.report_skipped(decks.load(State.paths(ctx)))
    if as_json:
        from kinesis_tutor.app import verdicts
        from kinesis_tutor.ui import grade_view

        grade_view.show_cards(verdicts.deck_cards(lib, deck))
        return
    view.show_deck(decks.find_deck(lib, deck))


@decks_app.command("grade")
def decks_grade(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="Deck id.", autocompletion=complete.deck_ids)],
    card: Annotated[str, typer.Argument(help="Study card id, e.g. my-cloze.c2 (see decks show DECK --json).")],
    answer: Annotated[str, typer.Argument(help="The answer; for choice cards an option's text or number(s): 1,3.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable: correct, expected, reason.")] = False,
) -> None:
    """How an answer to a card would be graded, and why.

    Exit code 0 when the answer is right, 1 when it is wrong, 2 on bad usage.

    \b
    Examples:
      kinesis-tutor decks grade kds-core iterator-sequence-types.c1 AT_SEQUENCE_NUMBER
      kinesis-tutor decks grade kds-limits write-bytes-per-shard "1000 KB/s" --json
      kinesis-tutor decks grade my-notes which-two 1,3
    """
    from kinesis_tutor.app import decks, verdicts
    from kinesis_tutor.ui import grade_view
    from kinesis_tutor.ui.decks_view import report_skipped

    verdict = verdicts.grade(report_skipped(decks.load(State.paths(ctx))), deck, card, answer)
    raise typer.Exit(grade_view.show_grade(verdict, as_json))


@decks_app.command("validate")
def decks_validate(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(help="Deck files or folders (default: every deck).")] = None,
) -> None:
    """Check decks and print every problem as FILE:LINE:COL: error: MESSAGE.

    Exit code 0 when all is well, 1 when a problem was found.

    \b
    Examples:
      kinesis-tutor decks validate
      kinesis-tutor decks validate my-deck.yaml
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_validation(decks.validate(State.paths(ctx), files or []))


@decks_app.command("new")
def decks_new(
    ctx: typer.Context, deck_id: Annotated[str, typer.Argument(metavar="ID", help="The new deck's id, e.g. my-notes.")]
) -> None:
    """Write a commented starter deck (one card of each kind) into your deck folder.

    \b
    Example:
      kinesis-tutor decks new my-notes
    """
    from kinesis_tutor.app import authoring
    from kinesis_tutor.ui import authoring_prompts as view

    view.show_new(authoring.new_deck(State.paths(ctx), deck_id))


@decks_app.command("add")
def decks_add(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="Deck id (one of your own decks).", autocompletion=complete.deck_ids)],
) -> None:
    """Add a card: asks for its kind and fields, validates it, appends it keeping comments.

    \b
    Example:
      kinesis-tutor decks add my-notes
    """
    from kinesis_tutor.app import authoring
    from kinesis_tutor.ui import authoring_prompts as view

    target = authoring.load_context(State.paths(ctx), deck)
    view.show_added(deck, target.file, authoring.add_card(target, view.TerminalCardPrompter(target.file)))


@decks_app.command("draft")
def decks_draft(
    ctx: typer.Context,
    notes: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="NOTES", help="Markdown notes (any text file).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="Write the draft here (default: print it)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Draft a deck from Markdown notes: tables, 'Term: definition' lines, numbers with units.

    Every card names the line it came from (source: NOTES:LINE); headings become tags. The draft
    validates as it is; reword it, write the explanations, delete what is not worth a card.

    \b
    Examples:
      kinesis-tutor decks draft kinesis-notes.md
      kinesis-tutor decks draft kinesis-notes.md -o ~/.local/share/kinesis-tutor/decks/kinesis-notes.yaml
    """
    from kinesis_tutor.app import drafting
    from kinesis_tutor.ui import authoring_prompts as view

    view.show_draft(drafting.draft_notes(State.paths(ctx), notes, output, force))


@decks_app.command("preview")
def decks_preview(
    ctx: typer.Context,
    deck: Annotated[str, typer.Argument(help="Deck id.", autocompletion=complete.deck_ids)],
    card: Annotated[str | None, typer.Argument(help="Card id (default: every card).")] = None,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="Show them again every time the deck file is saved (Ctrl-C stops).")
    ] = False,
) -> None:
    """Show cards exactly as the quiz shows them, with answers and explanations.

    \b
    Examples:
      kinesis-tutor decks preview kds-core
      kinesis-tutor decks preview kds-core shard-write-bytes
      kinesis-tutor decks preview --watch my-notes     (beside your editor)
    """
    if watch:
        from kinesis_tutor.ui import preview_watch

        preview_watch.watch(State.paths(ctx), deck, card)
        return
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_previews(decks.preview_cards(view.report_skipped(decks.load(State.paths(ctx))), deck, card), deck)


@decks_app.command("services")
def decks_services(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The service ids that scenarios and tables use, with their names and aliases.

    The bundled catalog plus any catalog.yaml in your deck folders.

    \b
    Examples:
      kinesis-tutor decks services
      kinesis-tutor decks services --json
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_services(decks.service_rows(State.paths(ctx)), as_json)


@decks_app.command("schema")
def decks_schema(
    ctx: typer.Context,
    line: Annotated[
        bool,
        typer.Option("--line", help="Write the schema into the data folder and print the line to put first in a deck."),
    ] = False,
) -> None:
    """Print the deck format's JSON Schema (for your editor's YAML language server).

    With --line: write it next to your progress and print the '# yaml-language-server: $schema=…'
    line that points an editor at it; put that line first in a deck.

    \b
    Examples:
      kinesis-tutor decks schema > deck.schema.json
      kinesis-tutor decks schema --line
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    if line:
        view.show_lines([decks.schema_line(State.paths(ctx))])
    else:
        view.show_json(decks.deck_schema())


@decks_app.command("orphans")
def decks_orphans(
    ctx: typer.Context,
    attach: Annotated[
        tuple[str, str] | None,
        typer.Option("--attach", metavar="OLD NEW", help="Give OLD's review history to card NEW (DECK/CARD each)."),
    ] = None,
    forget: Annotated[str | None, typer.Option("--forget", metavar="OLD", help="Delete OLD's review history.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Review history whose card is gone from every deck (renamed or moved without 'was:').

    Attach it to the card it became, or forget it. A card renamed with 'was: [old-id]' in its deck
    keeps its history on its own and is never an orphan.

    \b
    Examples:
      kinesis-tutor decks orphans
      kinesis-tutor decks orphans --attach my-notes/shard-limit my-notes/shard-limits
      kinesis-tutor decks orphans --forget my-notes/old-card
    """
    from kinesis_tutor.app import orphans
    from kinesis_tutor.ui import decks_view as view
    from kinesis_tutor.ui.render import report_deck_problems

    paths = State.paths(ctx)
    if attach is not None and forget is not None:
        raise typer.BadParameter("give --attach or --forget, not both")
    if attach is not None:
        view.show_orphan_change(orphans.attach(paths, attach[0], attach[1], report_deck_problems), as_json)
    elif forget is not None:
        view.show_orphan_change(orphans.forget(paths, forget, report_deck_problems), as_json)
    else:
        view.show_orphans(orphans.orphan_rows(paths, report_deck_problems), as_json)
