"""What ``export --format apkg`` and ``import --from-anki`` print."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kinesis_tutor.ui.plain import plural, shown

if TYPE_CHECKING:
    from kinesis_tutor.app.anki_export import AnkiExported
    from kinesis_tutor.app.anki_import import AnkiImported

UNKNOWN_SHOWN = 10  # notes listed by name; the rest are counted


def _files_warning(count: int) -> None:
    if count:
        sys.stderr.write(
            f"kinesis-tutor: warning: {count} deck file(s) could not be read; "
            "run 'kinesis-tutor decks validate' for details\n"
        )


def show_anki_exported(result: AnkiExported) -> None:
    kinds = ", ".join(f"{n} {kind}" for kind, n in result.by_kind.items())
    decks = len(result.decks)
    print(
        f"exported {result.notes} notes ({kinds}) making {result.cards} Anki cards "
        f"in {plural(decks, 'deck')} under Kinesis:: to {result.output}"
    )
    _files_warning(result.problem_files)


def _list_notes(notes: list[tuple[str, int]], what: str) -> None:
    if not notes:
        return
    print(f"{sum(n for _, n in notes)} review(s) of {len(notes)} {what}, skipped:")
    for label, n in notes[:UNKNOWN_SHOWN]:
        print(f"  {shown(label) or '(empty note)'}: {n} review(s)")
    if len(notes) > UNKNOWN_SHOWN:
        print(f"  … and {len(notes) - UNKNOWN_SHOWN} more note(s)")


def show_anki_imported(result: AnkiImported) -> None:
    print(
        f"imported {result.added} Anki review(s) of {result.cards} card(s) into {result.db} "
        f"({result.scheduled} rescheduled with SM-2)"
    )
    if result.already:
        print(f"{result.already} review(s) were imported before: skipped")
    _list_notes(result.missing, "kinesis-tutor note(s) whose cards are in no deck here")
    _list_notes(result.unknown, "note(s) that are not from kinesis-tutor")
    if result.gone:
        print(f"{result.gone} review(s) of cards deleted in Anki: skipped")
    if result.not_answers:
        print(f"{result.not_answers} log entries that are not answers (manual reschedules): skipped")
    _files_warning(result.problem_files)
