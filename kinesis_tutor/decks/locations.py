"""Where decks live on disk: the bundled content, and paths as a learner would type them."""

from __future__ import annotations

from pathlib import Path


def content_dir() -> Path:
    """The bundled decks: inside the installed package, or ``content/`` of a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the kinesis_tutor package
    bundled = here / "content"
    if bundled.is_dir():
        return bundled
    return here.parent / "content"


def display_path(path: Path) -> str:
    """``path`` as a learner would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
