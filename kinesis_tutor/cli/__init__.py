"""The command line: a thin typer shell over the use cases (see docs/architecture.md).

Every command imports its real work lazily, so ``kinesis-tutor --help`` never pays for SQLAlchemy,
questionary or pydantic. Importing this package registers every command on ``app``.
"""

# The import order is the order of the commands in --help.
from kinesis_tutor.cli.base import EXIT_USAGE, app, main  # noqa: I001
from kinesis_tutor.cli import learn  # noqa: F401  (registers the commands)
from kinesis_tutor.cli import plan  # noqa: F401
from kinesis_tutor.cli import data  # noqa: F401
from kinesis_tutor.cli import decks  # noqa: F401
from kinesis_tutor.cli import docs  # noqa: F401

__all__ = ["EXIT_USAGE", "app", "main"]
