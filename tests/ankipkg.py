"""Our decks through the real ``anki`` package: exported with ``export --format apkg`` and
imported into a collection the way Anki, AnkiDroid and AnkiMobile import a package."""

from __future__ import annotations

from pathlib import Path

import anki.collection as anki_collection
from typer.testing import CliRunner

from kinesis_tutor.cli import app


def import_package(col: anki_collection.Collection, package: Path):
    """Import ``package`` into ``col`` as Anki does: note types merged, no scheduling."""
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(package.resolve()),
        options=anki_collection.ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False),
    )
    return col.import_anki_package(request)


def exported_into_anki(tmp_path: Path, decks: Path, deck: str) -> tuple[anki_collection.Collection, Path]:
    """Deck ``deck`` of the folder ``decks`` exported to ``tmp_path/kinesis.apkg`` and imported
    into a new collection in ``tmp_path/anki``: (the open collection, the package)."""
    package = tmp_path / "kinesis.apkg"
    args = ["--deck-dir", str(decks), "export", "--format", "apkg", "-o", str(package), "--deck", deck]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    import_package(col, package)
    return col, package
