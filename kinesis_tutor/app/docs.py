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


def page_files() -> dict[str, Path]:
    """Every page's file, by name (its file name without .md)."""
    pages = {path.stem: path for path in sorted(docs_dir().glob("*.md"))}
    if not pages:
        raise TutorError(f"no documentation found in {docs_dir()} (a broken install?)")
    return pages


def _topic(name: str, path: Path) -> Topic:
    """The page with its first heading as its title."""
    first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")), "")
    return Topic(name, first.lstrip("#").strip() or name, path)


def topics() -> list[Topic]:
    """Every page, by name, with its title."""
    return [_topic(name, path) for name, path in page_files().items()]


def page(name: str) -> Topic:
    """The page called ``name`` ('deck-format', 'deck format', 'Deck_Format.md' all work); only its
    own file is read."""
    known = page_files()
    key = re.sub(r"[\s_]+", "-", name.strip().lower()).removesuffix(".md")
    if key in known:
        return _topic(key, known[key])
    raise TutorError(
        f"no topic '{name}'{did_you_mean(key, known)}; the topics are {', '.join(known)}", exit_code=EXIT_USAGE
    )
