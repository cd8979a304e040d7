"""The service catalog as an author sees it: ``decks services`` rows, and "did you mean" for a
service id that takes aliases and former names into account (``kafka`` → ``msk``)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from kinesis_tutor.core.picker import _norm, service_names

SERVICES_HINT = "'kinesis-tutor decks services' lists the service ids"


def suggest_service(word: str, catalog: Mapping[str, Any]) -> str:
    """`` (did you mean 'msk'?)`` for an id, name, alias or former name close to ``word``; or nothing."""
    names = service_names(catalog)
    key = _norm(word)
    if key in names:
        return f" (did you mean '{names[key]}'?)"
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return f" (did you mean '{names[close[0]]}'?)" if close else ""


def service_rows(catalog: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per service, as ``decks services --json`` prints it."""
    return [
        {
            "id": sid,
            "name": s.name,
            "aliases": list(s.aliases),
            "formerly": s.formerly,
            "purpose": s.purpose,
        }
        for sid, s in catalog.items()
    ]
