"""Progress in SQLite through SQLAlchemy: cards, their SM-2 state and the append-only review log.

``open_store(path)`` is the way in; see ``docs/database.md`` for the schema column by column.
"""

from kinesis_tutor.store.progress import Store, open_store

__all__ = ["Store", "open_store"]
