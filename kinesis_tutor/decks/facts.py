"""Shared facts: ``${name}`` in any text is replaced by the fact's value.

A fact may use other facts (``a: "${b} per shard"``); a circle of facts is an error that names
it. ``$${`` writes a literal ``${`` (``$${AWS::Region}``, ``$${HOME}``: CloudFormation, shell or
Terraform text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kinesis_tutor.core.errors import did_you_mean
from kinesis_tutor.decks.messages import _dotted
from kinesis_tutor.decks.yamlsource import Document, Problem

NAME = r"[A-Za-z0-9_.\-]+"
REFERENCE = re.compile(r"\$\$\{|\$\{(" + NAME + r")\}")  # '$${' (a literal '${'), or a name in group 1
UNRESOLVED = re.compile(r"\$\{(" + NAME + r")\}")  # a ${name} still in the text; group 1 is the name
MAX_DEPTH = 32  # facts that use facts that use facts …: far more than any deck needs
MAX_CHARS = 100_000  # a fact doubling itself level after level is refused before it eats memory

Report = Callable[[str, str], None]  # (fact name, message)


def _unknown(name: str, names: Any) -> str:
    return f"unknown fact '${{{name}}}'{did_you_mean(name, names)}"


def resolve(raw: dict[str, str], known: dict[str, str], report: Report) -> dict[str, str]:
    """The values of ``raw`` with their ``${…}`` filled in from ``raw`` itself and from ``known``
    (already resolved). Each problem is reported once, at the fact where it shows; that fact keeps
    its text as written."""
    done: dict[str, str] = {}
    names = {*raw, *known}

    def value(name: str, chain: tuple[str, ...]) -> str:
        if name in done:
            return done[name]
        chain = (*chain, name)
        text = raw[name]
        if len(chain) > MAX_DEPTH:
            report(chain[0], f"facts use facts more than {MAX_DEPTH} levels deep ({' → '.join(chain[:4])} → …)")
            done[name] = text
            return text
        failed = False

        def fill(m: re.Match[str]) -> str:
            nonlocal failed
            ref = m.group(1)
            if ref is None:
                return "${"
            if ref in chain:
                circle = (*chain[chain.index(ref) :], ref)
                report(name, f"the facts refer to each other in a circle: {' → '.join(circle)}")
                failed = True
                return m.group(0)
            if ref in raw:
                return value(ref, chain)
            if ref in known:
                return known[ref]
            report(name, _unknown(ref, names))
            failed = True
            return m.group(0)

        result = REFERENCE.sub(fill, text) if "${" in text else text
        if len(result) > MAX_CHARS:
            report(name, f"the value grows to more than {MAX_CHARS:,} characters once its facts are filled in")
            result = text
        done[name] = text if failed else result
        return done[name]

    for name in raw:
        value(name, ())
    return {name: done.get(name, raw[name]) for name in raw}


def substitute(doc: Document, data: Any, path: tuple, facts: dict[str, str], problems: list[Problem]) -> Any:
    """``data`` with every ``${name}`` filled in (the deck's own ``facts:`` map is left as written);
    an unknown name is a problem at its value."""
    if isinstance(data, str):

        def fill(m: re.Match[str]) -> str:
            name = m.group(1)
            if name is None:
                return "${"
            if name in facts:
                return facts[name]
            problems.append(doc.problem(path, f"{_dotted(path)}: {_unknown(name, facts)}"))
            return m.group(0)

        return REFERENCE.sub(fill, data) if "${" in data else data
    if isinstance(data, list):
        return [substitute(doc, v, (*path, i), facts, problems) for i, v in enumerate(data)]
    if isinstance(data, dict):
        return {
            k: (v if k == "facts" and not path else substitute(doc, v, (*path, k), facts, problems))
            for k, v in data.items()
        }
    return data


def deck_facts(doc: Document, shared: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """The facts a deck's cards use: the shared ones, and the deck's own ``facts:`` (which win)."""
    data = doc.data
    local = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(local, dict):
        return shared
    raw = {str(k): v for k, v in local.items() if isinstance(v, str)}

    def report(name: str, message: str) -> None:
        problems.append(doc.problem(("facts", name), f"facts.{name}: {message}"))

    return {**shared, **resolve(raw, shared, report)}
