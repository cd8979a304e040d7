"""Shell completion of values: deck ids, service ids, exam domains and setting names (typer ``autocompletion``).

They run inside the completion request (``_KINESIS_TUTOR_COMPLETE=complete_bash`` …), so they read
as little as they can: the deck ids from each deck file's top-level ``id:`` line, the service ids
from the catalogs, the setting names from the code. They never fail: no answer is an empty list.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

_DECK_ID = re.compile(r"^id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def _deck_dirs(ctx: typer.Context) -> list[Path]:
    """The deck folders of the command line being completed (its --deck-dir options, the environment)."""
    from kinesis_tutor.app import paths

    given = ctx.find_root().params.get("deck_dir") or []
    return paths.resolve(None, [str(d) for d in given]).deck_dirs()


def deck_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from kinesis_tutor.decks.locations import deck_files

        ids = set()
        for path in deck_files(_deck_dirs(ctx)):
            head = path.read_text(encoding="utf-8-sig", errors="replace")[:4096]
            found = _DECK_ID.search(head)
            if found:
                ids.add(found.group(1))
        return sorted(i for i in ids if i.startswith(incomplete))
    except Exception:  # completion must never print a traceback into the shell
        return []


def service_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from kinesis_tutor.decks.loader import load_support

        catalog, _facts = load_support(_deck_dirs(ctx), [])
        return sorted(s for s in catalog if s.startswith(incomplete))
    except Exception:
        return []


def exam_domains(incomplete: str) -> list[str]:
    from kinesis_tutor.core.exam_forms import DOMAINS

    return [d.tag for d in DOMAINS if d.tag.startswith(incomplete)]


def setting_names(incomplete: str) -> list[str]:
    from kinesis_tutor.core.settings import SETTINGS

    return [name for name in SETTINGS if name.startswith(incomplete)]
