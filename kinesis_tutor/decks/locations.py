"""Where decks live on disk: the bundled content, and paths as a learner would type them."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# ------------------------------------------------------------------------------- which files are what
# One rule for the three kinds of file (docs/deck-format.md): in a folder and all its subfolders,
# the extension and the special names in any case.

CATALOG_FILE = "catalog.yaml"
FACT_FILE = re.compile(r"^facts([-_.].*)?\.ya?ml$")


def _is_yaml(path: Path, *, special: bool = False) -> bool:
    """A YAML file (``notes.YAML`` too); ``special``: the catalog or a facts file, else a deck."""
    name = path.name.lower()
    return path.suffix.lower() in (".yaml", ".yml") and (name == CATALOG_FILE or bool(FACT_FILE.match(name))) == special


def is_deck_file(path: Path) -> bool:
    return _is_yaml(path)


def support_kind(path: Path) -> str | None:
    """What a catalog or facts file is, as messages name it; None for any other file."""
    if not _is_yaml(path, special=True):
        return None
    return "service catalog" if path.name.lower() == CATALOG_FILE else "facts file"


def deck_files(dirs: Iterable[Path]) -> list[Path]:
    """The deck files of ``dirs``: a file named on its own is one unless it is a catalog or a facts file."""
    out: list[Path] = []
    for d in dirs:
        if d.is_file():
            if not _is_yaml(d, special=True):  # a catalog or facts file is read as such (support_files)
                out.append(d)
        elif d.is_dir():
            out.extend(sorted(p for p in d.rglob("*") if p.is_file() and is_deck_file(p)))
    return out


def support_files(dirs: Iterable[Path]) -> list[list[Path]]:
    """Per folder (the bundled content first, then each deck folder): its catalog and facts files,
    subfolders included, sorted. For a single deck file, those beside it (not below: checking
    ~/notes.yaml must not read every facts file under ~)."""
    folders: dict[Path, bool] = {content_dir().resolve(): True}  # folder -> with its subfolders
    for d in dirs:
        folder = (d if d.is_dir() else d.parent).resolve()
        folders[folder] = folders.get(folder, False) or d.is_dir()
    return [
        sorted(p for p in (d.rglob("*") if deep else d.glob("*")) if _is_yaml(p, special=True) and p.is_file())
        for d, deep in folders.items()
    ]
