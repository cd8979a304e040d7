"""Where things live: the data folder, the database, the deck folders, the bundled content."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kinesis_tutor.decks.locations import content_dir, display_path

APP_NAME = "kinesis-tutor"
ENV_HOME = "KINESIS_TUTOR_HOME"
ENV_DB = "KINESIS_TUTOR_DB"
ENV_DECKS = "KINESIS_TUTOR_DECKS"


def default_home() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Paths:
    """Resolved locations for one run of the CLI."""

    home: Path
    db: Path
    extra_deck_dirs: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def user_decks(self) -> Path:
        return self.home / "decks"

    def deck_dirs(self) -> list[Path]:
        """Bundled content first, then the user's deck folder, then extra folders."""
        dirs = [content_dir(), self.user_decks, *self.extra_deck_dirs]
        seen: set[Path] = set()
        unique = []
        for d in dirs:
            key = d.resolve() if d.exists() else d
            if key not in seen:
                seen.add(key)
                unique.append(d)
        return unique


def resolve(db: str | os.PathLike | None = None, deck_dirs: list[str] | None = None) -> Paths:
    home = default_home()
    db_path = Path(db) if db else (Path(os.environ[ENV_DB]) if os.environ.get(ENV_DB) else home / "progress.db")
    extra: list[Path] = [Path(d).expanduser() for d in deck_dirs or []]
    env_decks = os.environ.get(ENV_DECKS)
    if env_decks:
        extra += [Path(p).expanduser() for p in env_decks.split(os.pathsep) if p]
    return Paths(home=home, db=db_path.expanduser(), extra_deck_dirs=tuple(extra))


__all__ = ["Paths", "content_dir", "default_home", "display_path", "resolve"]
