"""Where things live: the data folder, the database (a file, or a server's URL), the deck folders,
the bundled content; and whose progress this run reads and writes (the profile)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kinesis_tutor.core import profiles
from kinesis_tutor.decks.locations import content_dir, display_path

APP_NAME = "kinesis-tutor"
ENV_HOME = "KINESIS_TUTOR_HOME"
ENV_DB = "KINESIS_TUTOR_DB"
ENV_DECKS = "KINESIS_TUTOR_DECKS"
ENV_PROFILE = "KINESIS_TUTOR_PROFILE"

if TYPE_CHECKING:
    from kinesis_tutor.store.progress import Store


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
    # The SQLite file; for a server (``url``), a name in the data folder for the files kept beside
    # the database (the exam in progress).
    db: Path
    extra_deck_dirs: tuple[Path, ...] = field(default_factory=tuple)
    url: str | None = None  # a database server's SQLAlchemy URL (--db postgresql+psycopg://…)
    profile: str = profiles.DEFAULT  # the learner whose progress this run reads and writes

    @property
    def database(self) -> str:
        """The database as messages name it: the file, or the URL without its password."""
        if self.url is None:
            return str(self.db)
        from kinesis_tutor.store.server import display, parse

        return display(parse(self.url))

    def has_database(self) -> bool:
        """False when the file does not exist yet (a server's database is asked when opened)."""
        return self.url is not None or self.db.exists()

    def open_store(self) -> Store:
        """The store of this run's database and profile, created or migrated as needed."""
        from kinesis_tutor.store import open_store

        if self.url is None:
            return open_store(self.db, self.profile)
        # A server's answers that wait for it (a dropped connection) are kept beside the stand-in name.
        return open_store(self.url, self.profile, self.db.with_name(self.db.name + ".waiting.jsonl"))

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


def resolve(
    db: str | os.PathLike | None = None, deck_dirs: list[str] | None = None, profile: str | None = None
) -> Paths:
    """The locations of this run: ``--db`` (a file or a URL), else KINESIS_TUTOR_DB, else the data
    folder's progress.db; ``--profile``, else KINESIS_TUTOR_PROFILE, else the login name."""
    home = default_home()
    target = str(db) if db else os.environ.get(ENV_DB) or str(home / "progress.db")
    learner = profiles.checked(profile if profile is not None else os.environ.get(ENV_PROFILE) or profiles.login_name())
    url = None
    db_path = Path(target)
    if "://" in target:
        from kinesis_tutor.store.database import file_of

        file = file_of(target)
        if file is None:
            url = target
            slug = re.sub(r"[^A-Za-z0-9.-]+", "_", _without_password(target).split("://", 1)[1])
            db_path = home / "servers" / f"{slug}.{re.sub(r'[^A-Za-z0-9.-]+', '_', learner)}"
        else:
            db_path = file
    extra: list[Path] = [Path(d).expanduser() for d in deck_dirs or []]
    env_decks = os.environ.get(ENV_DECKS)
    if env_decks:
        extra += [Path(p).expanduser() for p in env_decks.split(os.pathsep) if p]
    return Paths(home=home, db=db_path.expanduser(), extra_deck_dirs=tuple(extra), url=url, profile=learner)


def _without_password(url: str) -> str:
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1@", url)


__all__ = ["Paths", "content_dir", "default_home", "display_path", "resolve"]
