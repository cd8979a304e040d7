"""What export / import, config list / set and db check / rebuild print."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kinesis_tutor.core.errors import TutorError
from kinesis_tutor.ui.plain import print_json

if TYPE_CHECKING:
    from kinesis_tutor.app.dbcopy import Copied
    from kinesis_tutor.app.transfer import CheckResult, Config, Exported, Imported, RebuildResult


def show_exported(result: Exported) -> None:
    if result.output is not None:
        sys.stderr.write(f"exported {result.cards} cards and {result.reviews} reviews to {result.output}\n")


def show_imported(result: Imported) -> None:
    c = result.counts
    print(
        f"imported {c['cards']} cards ({c['states']} with a schedule), {c['reviews']} reviews, "
        f"{c['sessions']} sessions and {c['exam_attempts']} exam attempts into {result.db}"
    )
    if result.problem_files:
        sys.stderr.write(
            f"kinesis-tutor: warning: {result.problem_files} deck file(s) could not be read; "
            "run 'kinesis-tutor decks validate' for details\n"
        )
    if result.removed:
        print(
            f"{result.removed} card(s) are in no deck here: they keep their history and come back when their deck does"
        )


def show_config(config: Config) -> None:
    from rich.table import Table

    from kinesis_tutor.core import settings
    from kinesis_tutor.ui.render import console

    values = config.values
    table = Table(title=f"Settings ({config.db})", title_justify="left")
    table.add_column("setting", style="cyan", no_wrap=True)
    table.add_column("value", justify="right")
    table.add_column("default", justify="right", style="dim")
    table.add_column("meaning")
    for name, spec in settings.SETTINGS.items():
        value = values[name]
        shown = spec.shown(value) if value == spec.default else f"[bold]{spec.shown(value)}[/]"
        table.add_row(name, shown, spec.shown(spec.default), f"{spec.help} ({spec.allowed})")
    console().print(table)


def show_config_json(config: Config) -> None:
    """Every setting: its value and default as typed (numbers as numbers, a date as YYYY-MM-DD or null)."""
    from kinesis_tutor.core import settings

    def typed(spec: settings.Setting, value: int) -> int | str | None:
        if spec.kind == settings.NUMBER:
            return value
        shown = spec.shown(value)
        return None if shown == "none" else shown

    rows = {
        name: {"value": typed(spec, config.values[name]), "default": typed(spec, spec.default), "meaning": spec.help}
        for name, spec in settings.SETTINGS.items()
    }
    print_json({"database": str(config.db), "settings": rows})


def show_unset(key: str, default: int, was_set: bool) -> None:
    from kinesis_tutor.core import settings

    shown = settings.SETTINGS[key].shown(default)
    print(f"{key} = {shown} (the default)" if was_set else f"{key} was not set; it is {shown} (the default)")


def show_setting(key: str, number: int) -> None:
    from kinesis_tutor.core import settings

    print(f"{key} = {settings.SETTINGS[key].shown(number)}")


def show_check(result: CheckResult) -> None:
    """The problems and an error (exit 1), or the one line saying all is well."""
    if result.damaged:
        _show_damage(result)
    if result.problems:
        for line in result.problems:
            print(line)
        raise TutorError(
            f"{len(result.problems)} problem(s) found in {result.db}; "
            "'kinesis-tutor db rebuild' recomputes card states from the review log"
        )
    print(f"OK: {result.db} is sound; {result.card_states} card states match their {result.reviews} logged reviews")


def _show_damage(result: CheckResult) -> None:
    """SQLite's findings, the ways back (stdout), and the one line that names the first of them."""
    for line in result.problems:
        print(line)
    restore = (
        f"replace it with the copy made before its last upgrade, {result.backups[0]} (answers given since then are "
        "lost), or "
        if result.backups
        else ""
    )
    print("The way back (nothing is written into a damaged file; 'db rebuild' repairs card states, not files):")
    for older in result.backups:
        print(f"  - restore the copy made before an upgrade: cp {older} {result.db}")
    print("  - import an earlier export into a new file: kinesis-tutor --db NEW.db import EXPORT.json")
    print(f"  - salvage what SQLite can still read: sqlite3 {result.db} .recover | sqlite3 NEW.db")
    raise TutorError(
        f"{result.db} is damaged: SQLite's integrity check found {len(result.problems)} problem(s) (listed above). "
        f"The way back: {restore}import an earlier export into a new file "
        "(kinesis-tutor --db NEW.db import EXPORT.json)"
    )


def show_rebuild(result: RebuildResult) -> None:
    print(f"rebuilt card states from the review log: {result.changed} card(s) changed")
    if result.left:
        for line in result.left:
            print(line)
        raise TutorError(f"{len(result.left)} problem(s) remain that a rebuild cannot fix")


def show_copied(result: Copied) -> None:
    who = ", ".join(result.profiles) or "no profile"
    print(
        f"copied {result.cards} cards and {result.reviews} reviews ({len(result.profiles)} profile(s): {who}) "
        f"from {result.source} to {result.dest}; the exports of both match"
    )
