"""The service catalog and the shared facts that every deck may use, from the bundled content and
every deck folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kinesis_tutor.decks import model
from kinesis_tutor.decks.facts import resolve as resolve_facts
from kinesis_tutor.decks.locations import CATALOG_FILE, content_dir, display_path, support_files
from kinesis_tutor.decks.messages import _validate
from kinesis_tutor.decks.yamlsource import Document, Problem, YamlError, read_document


def _load_aux(path: Path, validator: type[BaseModel], problems: list[Problem]) -> tuple[Any, Document | None]:
    try:
        doc = read_document(path, display_path(path))
    except YamlError as exc:
        problems.extend(exc.problems)
        return None, None
    return _validate(doc, validator.model_validate, doc.data, (), validator, problems), doc


def load_support(dirs: Iterable[Path], problems: list[Problem]) -> tuple[dict[str, model.Service], dict[str, str]]:
    """The service catalog and the shared facts, from the bundled content and every deck folder."""
    catalog: dict[str, model.Service] = {}
    facts: dict[str, str] = {}
    fact_origin: dict[str, Path] = {}
    fact_doc: dict[str, Any] = {}
    for found in support_files(dirs):
        for cat_file in (p for p in found if p.name.lower() == CATALOG_FILE):
            cat, _ = _load_aux(cat_file, model.Catalog, problems)
            for service in cat.services if cat else []:
                catalog.setdefault(service.id, service)
        for f in (p for p in found if p.name.lower() != CATALOG_FILE):
            ff, doc = _load_aux(f, model.FactsFile, problems)
            for name, value in (ff.facts if ff else {}).items():
                if name in facts and fact_origin[name] != f:
                    problems.append(
                        Problem(
                            display_path(f), 1, 1, f"fact '{name}' is also defined in {display_path(fact_origin[name])}"
                        )
                    )
                    continue
                facts[name] = value
                fact_origin[name] = f
                fact_doc[name] = doc
    return catalog, resolve_facts(
        facts, {}, lambda n, m: problems.append(fact_doc[n].problem(("facts", n), f"facts.{n}: {m}"))
    )


def is_bundled(path: Path) -> bool:
    return path.resolve().is_relative_to(content_dir().resolve())


def clash_message(deck_id: str, other: Path) -> str:
    whose = " (a bundled deck)" if is_bundled(other) else ""
    return (
        f"deck id '{deck_id}' is already used by {display_path(other)}{whose}; deck ids must be unique, "
        "and study skips this file: give this deck another id"
    )
