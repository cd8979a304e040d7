"""What ``kinesis-tutor stats --group`` prints: every learner of the database side by side.

One table of the learners (cards seen, retention over 7 and 30 days, readiness), then readiness
by topic with one column per learner, least ready topics first. ``--json`` prints the figures
(``app.stats.group``; keys in docs/stats.md).
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from kinesis_tutor.ui.plain import percent, print_json
from kinesis_tutor.ui.render import console
from kinesis_tutor.ui.render import data as text_of
from kinesis_tutor.ui.stats_view import TOPIC_MIN_CARDS, TOPICS_SHOWN

Figures = dict[str, Any]


def show(data: Figures, as_json: bool = False) -> None:
    if as_json:
        print_json(data)
        return
    c = console()
    learners = data["learners"]
    if not learners:
        c.print(Text("No learner has progress in this database yet: 'kinesis-tutor study' starts."))
        return
    c.print(_learners(learners))
    topics = _topics(learners)
    if topics is not None:
        c.print(topics)


def _learners(learners: list[Figures]) -> Table:
    t = Table(title=f"Study group: {len(learners)} learner(s)", title_justify="left")
    # A long profile name folds within its column; the figures are never cut.
    t.add_column("learner", max_width=24, overflow="fold")
    for heading in ("cards\nseen", "retention\n7 d", "retention\n30 d", "ready"):
        t.add_column(heading, justify="right", no_wrap=True)
    for row in learners:
        short, long = row["retention"].values()
        t.add_row(
            text_of(row["profile"]),
            f"{row['seen']:,} of {row['cards']:,}",
            percent(short["rate"]),
            percent(long["rate"]),
            percent(row["readiness"]["share"]),
        )
    return t


def _topics(learners: list[Figures]) -> Table | None:
    """Readiness by topic, a column per learner; the topics least ready on average first, then the
    topics on more cards (as ``stats`` orders them)."""
    shares: dict[str, dict[str, float | None]] = {}
    sizes: dict[str, int] = {}
    for row in learners:
        for topic in row["readiness"]["topics"]:
            shares.setdefault(topic["tag"], {})[row["profile"]] = topic["share"]
            sizes[topic["tag"]] = topic["cards"]
    tags = [tag for tag, n in sizes.items() if n >= TOPIC_MIN_CARDS] or list(sizes)
    if not tags:
        return None

    def mean(tag: str) -> float:
        values = [v or 0.0 for v in shares[tag].values()]
        return sum(values) / len(values)

    tags.sort(key=lambda tag: (mean(tag), -sizes[tag], tag))  # as stats: then the larger topic first
    t = Table(title="Readiness by topic", title_justify="left")
    t.add_column("topic", no_wrap=True, max_width=24, overflow="ellipsis")
    for row in learners:
        t.add_column(text_of(row["profile"]), justify="right", overflow="fold")
    for tag in tags[:TOPICS_SHOWN]:
        t.add_row(text_of(f"#{tag}"), *(percent(shares[tag].get(row["profile"])) for row in learners))
    return t
