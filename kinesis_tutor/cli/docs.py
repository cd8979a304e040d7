"""kinesis-tutor docs [TOPIC]: the documentation, offline."""

from __future__ import annotations

from typing import Annotated

import typer

from kinesis_tutor.cli.base import app


def _complete_topic(incomplete: str) -> list[str]:
    from kinesis_tutor.app import docs

    return [name for name in docs.page_files() if name.startswith(incomplete)]


@app.command("docs")
def docs_(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic, e.g. deck-format (default: list the topics).", autocompletion=_complete_topic),
    ] = None,
) -> None:
    """The documentation: the deck format, the statistics, the export format, …

    \b
    Examples:
      kinesis-tutor docs
      kinesis-tutor docs deck-format | less
    """
    from kinesis_tutor.app import docs
    from kinesis_tutor.ui import decks_view as view

    if topic is None:
        view.show_lines([f"{t.name:<16} {t.title}" for t in docs.topics()])
        view.show_lines(["", "Read one with: kinesis-tutor docs TOPIC"])
        return
    view.show_text(docs.page(topic).file.read_text(encoding="utf-8"))
