"""Your data: export, import, paths, config and db."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kinesis_tutor.cli import complete
from kinesis_tutor.cli.base import JsonFlag, State, app, config_app, db_app
from kinesis_tutor.cli.learn import DeckFilter, TagFilter
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError


@app.command("export")
def export_(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output format: json, or apkg (Anki).")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of standard output.", dir_okay=False
        ),
    ] = None,
    deck: DeckFilter = None,
    tag: TagFilter = None,
) -> None:
    """Export your progress: card states and the whole review log.

    The format is documented in `kinesis-tutor docs export-format`. With --format apkg, the decks
    instead, as an Anki package for Anki, AnkiDroid and AnkiMobile (kinesis-tutor docs anki);
    --deck and --tag choose the cards.

    \b
    Examples:
      kinesis-tutor export --format json -o progress.json
      kinesis-tutor export | jq '.reviews | length'
      kinesis-tutor export --format apkg -o kinesis.apkg --deck kds-limits
    """
    if fmt not in ("json", "apkg"):
        raise TutorError(f"unknown export format '{fmt}'; the formats are: json, apkg", exit_code=EXIT_USAGE)
    if fmt == "apkg":
        from kinesis_tutor.app import anki_export
        from kinesis_tutor.ui import anki_view

        anki_view.show_anki_exported(anki_export.export_apkg(State.paths(ctx), output, deck or [], tag or []))
        return
    if deck or tag:
        raise TutorError("--deck and --tag choose the cards of --format apkg only", exit_code=EXIT_USAGE)
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_exported(transfer.export(State.paths(ctx), fmt, output))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(exists=True, dir_okay=False, help="A file written by export.")] = None,
    from_anki: Annotated[
        Path | None,
        typer.Option(
            "--from-anki",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            help="Add the reviews made in Anki: a .colpkg, or an .apkg with scheduling.",
        ),
    ] = None,
) -> None:
    """Restore an export into an empty database, or bring reviews back from Anki.

    For a backup, or a move to another machine. With --from-anki, the answers given in
    Anki to the cards of 'export --format apkg' join your review log (kinesis-tutor docs anki).

    \b
    Examples:
      kinesis-tutor --db ~/new.db import progress.json
      kinesis-tutor import --from-anki collection.colpkg
    """
    if (file is None) == (from_anki is None):
        raise TutorError("name one file: an export to restore, or --from-anki FILE", exit_code=EXIT_USAGE)
    if from_anki is not None:
        from kinesis_tutor.app import anki_import
        from kinesis_tutor.ui import anki_view

        anki_view.show_anki_imported(anki_import.import_anki(State.paths(ctx), from_anki))
        return
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    assert file is not None
    view.show_imported(transfer.import_file(State.paths(ctx), file))


@app.command()
def paths(ctx: typer.Context) -> None:
    """Where your progress and your own decks live.

    \b
    Example:
      kinesis-tutor paths
    """
    from kinesis_tutor.app import decks
    from kinesis_tutor.ui import decks_view as view

    view.show_lines(decks.path_lines(State.paths(ctx)))


# ------------------------------------------------------------------------------------ config, db


@config_app.command("list")
def config_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show every setting and its value.

    \b
    Examples:
      kinesis-tutor config list
      kinesis-tutor config list --json
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    config = transfer.config_values(State.paths(ctx))
    if as_json:
        view.show_config_json(config)
    else:
        view.show_config(config)


# A value may be negative ('config set day_starts_at -1' is refused by the range check, not taken for an option).
@config_app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Setting name.", autocompletion=complete.setting_names)],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Change a setting.

    \b
    Examples:
      kinesis-tutor config set new_per_day 30
      kinesis-tutor config set day_starts_at 5
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_setting(key, transfer.config_set(State.paths(ctx), key, value))


@config_app.command("unset")
def config_unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Setting name.", autocompletion=complete.setting_names)],
) -> None:
    """Forget a setting: it takes its default again (an exam date is cleared).

    \b
    Examples:
      kinesis-tutor config unset new_per_day
      kinesis-tutor config unset exam_date
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_unset(key, *transfer.config_unset(State.paths(ctx), key))


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Verify the file's integrity and that every card's state matches its review log.

    \b
    Example:
      kinesis-tutor db check
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_check(transfer.check(State.paths(ctx)))


@db_app.command("rebuild")
def db_rebuild(ctx: typer.Context) -> None:
    """Recompute every card's state by replaying the review log.

    \b
    Example:
      kinesis-tutor db rebuild
    """
    from kinesis_tutor.app import transfer
    from kinesis_tutor.ui import transfer_view as view

    view.show_rebuild(transfer.rebuild(State.paths(ctx)))


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="The database to copy: a file or a URL.")],
    dest: Annotated[str, typer.Argument(metavar="DEST", help="A database without progress: a file or a URL.")],
) -> None:
    """Copy every learner's progress from SOURCE to DEST, then check it (their exports match).

    Either may be an SQLite file or a database URL; DEST is created if needed and must hold no
    progress yet.

    \b
    Examples:
      kinesis-tutor db copy ~/.local/share/kinesis-tutor/progress.db postgresql+psycopg://me@db.example.com/kinesis
      kinesis-tutor db copy postgresql+psycopg://me@db.example.com/kinesis ~/offline.db
    """
    from kinesis_tutor.app import dbcopy
    from kinesis_tutor.ui import transfer_view as view

    view.show_copied(dbcopy.copy(source, dest))
