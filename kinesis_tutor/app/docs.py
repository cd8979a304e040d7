"""kinesis-tutor docs [TOPIC]: the Markdown pages of docs/, shipped inside the package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError, did_you_mean


def docs_dir() -> Path:
    """The pages: inside the installed package (the wheel ships them there), or ``docs/`` of a checkout."""
    here = Path(__file__).resolve().parent.parent  # the kinesis_tutor package
    bundled = here / "docs"
    return bundled if bundled.is_dir() else here.parent / "docs"


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    file: Path


def topics() -> list[Topic]:
    """Every page, by name (its file name without .md), with its first heading as its title."""
    out = []
    for path in sorted(docs_dir().glob("*.md")):
        first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")), "")
        out.append(Topic(path.stem, first.lstrip("#").strip() or path.stem, path))
    if not out:
        raise TutorError(f"no documentation found in {docs_dir()} (a broken install?)")
    return out


def page(name: str) -> Topic:
    """The page called ``name`` ('deck-format', 'deck format', 'Deck_Format.md' all work)."""
    known = {t.name: t for t in topics()}
    key = re.sub(r"[\s_]+", "-", name.strip().lower()).removesuffix(".md")
    if key in known:
        return known[key]
    raise TutorError(
        f"no topic '{name}'{did_you_mean(key, known)}; the topics are {', '.join(known)}", exit_code=EXIT_USAGE
    )
