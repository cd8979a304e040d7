"""The checks of a deck's tables beyond their structure: services of the catalog, one cell per
service, unique row ids, ``ask`` and ``explain`` naming services of the table; and the note for a
row whose id is made from its feature."""

from __future__ import annotations

from kinesis_tutor.core.errors import did_you_mean
from kinesis_tutor.decks import model
from kinesis_tutor.decks.expand import row_id
from kinesis_tutor.decks.messages import _dotted
from kinesis_tutor.decks.services import SERVICES_HINT, suggest_service
from kinesis_tutor.decks.yamlsource import Document, Problem


def check_table(
    doc: Document, table: model.Table, path: tuple, catalog: dict[str, model.Service], problems: list[Problem]
) -> None:
    for i, service in enumerate(table.services):
        if service not in catalog:
            problems.append(
                doc.problem(
                    (*path, "services", i),
                    f"{_dotted((*path, 'services', i))}: unknown service '{service}'"
                    f"{suggest_service(service, catalog)}; {SERVICES_HINT}",
                )
            )
    if len(set(table.services)) != len(table.services):
        problems.append(doc.problem((*path, "services"), f"{_dotted((*path, 'services'))}: a service is listed twice"))
    seen: dict[str, int] = {}
    for j, row in enumerate(table.rows):
        rpath = (*path, "rows", j)
        if len(row.cells) != len(table.services):
            problems.append(
                doc.problem(
                    (*rpath, "cells"),
                    f"{_dotted((*rpath, 'cells'))}: row '{row.feature}' has {len(row.cells)} cells for "
                    f"{len(table.services)} services ({', '.join(table.services)})",
                )
            )
        rid = row_id(row)
        if rid in seen:
            problems.append(
                doc.problem(
                    rpath,
                    f"{_dotted(rpath)}: duplicate row id '{rid}' (rows {seen[rid] + 1} and {j + 1}); give one an 'id'",
                )
            )
        seen.setdefault(rid, j)
    check_asked(doc, table, path, problems)


def check_asked(doc: Document, table: model.Table, path: tuple, problems: list[Problem]) -> None:
    """A table's ``ask`` and its rows' ``ask`` (SERVICE or which.SERVICE) and ``explain`` name services of the table."""
    named = [((*path, "ask", i), s, s) for i, s in enumerate(table.ask or [])]
    named += [((*path, "rows", j, "explain", s), s, s) for j, row in enumerate(table.rows) for s in row.explain]
    for j, row in enumerate(table.rows):
        asked = row.ask if isinstance(row.ask, list) else []
        named += [((*path, "rows", j, "ask", i), a.removeprefix("which."), a) for i, a in enumerate(asked)]
    for where, service, item in named:
        if service not in table.services:
            near = did_you_mean(service, table.services)
            problems.append(
                doc.problem(
                    where,
                    f"{_dotted(where)}: '{item}' names no service of this table{near} ({', '.join(table.services)})",
                )
            )


def derived_row_ids(doc: Document, table: model.Table, i: int) -> list[str]:
    """A note for each row without an ``id``: its cards' ids are made from its feature text, so editing that
    text would start them over."""
    out = []
    for j, row in enumerate(table.rows):
        if row.id is None:
            line, col = doc.where(("tables", i, "rows", j, "feature"))
            out.append(
                f"{doc.file}:{line}:{col}: note: table '{table.id}', row '{row.feature}' has no id; its cards use "
                f"'{row_id(row)}', made from the feature: add 'id: {row_id(row)}' so that editing the feature "
                "keeps their review history"
            )
    return out
