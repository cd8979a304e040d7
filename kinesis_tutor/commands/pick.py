"""kinesis-tutor pick: "which service?" scenario runs, and the services the learner confuses."""

from __future__ import annotations

import difflib

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import picker
from kinesis_tutor.core.errors import EXIT_USAGE, TutorError


def load_catalog(paths: Paths) -> dict:
    """The service catalog only (not every deck): cheap enough for argument checks."""
    from kinesis_tutor.decks.loader import load_support

    catalog, _facts = load_support(paths.deck_dirs(), [])
    return catalog


def run(paths: Paths, *, count: int, tags: list[str], services: str | None, confusions: bool, prompter=None) -> None:
    from kinesis_tutor.ui.render import console as get_console

    console = get_console()
    catalog = load_catalog(paths)
    if confusions:
        show_confusions(paths, catalog, console)
        return
    wanted = picker.parse_service_list(catalog, services)
    from kinesis_tutor.app.sync import open_synced
    from kinesis_tutor.ui.render import report_deck_problems

    # Filters are checked before the terminal, so that a typo is reported even when piped.
    store = open_synced(paths, report_deck_problems)
    scenarios = store.items(kinds=["scenario"])
    _check_tags(store, scenarios, tags)
    items = picker.build_run(scenarios, store.today(), count, tags, wanted)
    if not items:
        console.print(_nothing_matches(catalog, scenarios, tags, wanted))
        return
    if prompter is None:
        from kinesis_tutor.ui.prompts import require_terminal

        require_terminal("kinesis-tutor pick")
    _drill(store, items, catalog, console, prompter, {"tags": tags, "services": wanted, "count": count})


def _check_tags(store, scenarios, tags: list[str]) -> None:
    """A tag no card has at all is a typo: a usage error with a did-you-mean. A tag that only
    other kinds of cards have is not an error: the run is just empty (see _nothing_matches)."""
    from collections import Counter

    counts = Counter(t for item in scenarios for t in item.card.tags)
    unknown = [t for t in tags if t not in counts]
    if not unknown:
        return
    every = {t for item in store.items() for t in item.card.tags}
    for tag in unknown:
        if tag in every:
            continue
        close = difflib.get_close_matches(tag, sorted(counts), n=1) or difflib.get_close_matches(
            tag, sorted(every), n=1
        )
        if close:
            raise TutorError(f"no card has the tag '{tag}' (did you mean '{close[0]}'?)", exit_code=EXIT_USAGE)
        common = ", ".join(t for t, _ in counts.most_common(12))
        raise TutorError(f"no card has the tag '{tag}'; common scenario tags: {common}", exit_code=EXIT_USAGE)


def _nothing_matches(catalog, scenarios, tags, wanted) -> str:
    if not scenarios:
        return "[yellow]No scenario cards in your decks.[/] Scenario cards have [bold]kind: scenario[/] (see 'kinesis-tutor decks new')."
    names = " or ".join(picker.service_name(catalog, s) for s in wanted)
    matching = picker.select(scenarios, tags, wanted)
    if matching:  # all of them are suspended leeches
        return (
            f"[yellow]All {len(matching)} matching scenario(s) are suspended leeches.[/] "
            "Release them with 'kinesis-tutor leeches'."
        )
    what = []
    if tags:
        what.append("the tag " + " or ".join(f"'{t}'" for t in tags))
    if wanted:
        what.append(f"{names} as its answer")
    return (
        f"[yellow]No scenario has {' and '.join(what)}.[/] Try fewer filters, or 'kinesis-tutor pick' for all of them."
    )


def _drill(store, items, catalog, console, prompter, filters: dict) -> None:
    from kinesis_tutor.core.session import Entry, SessionEngine
    from kinesis_tutor.ui.prompts import TerminalPrompter
    from kinesis_tutor.ui.runner import run_queue

    prompter = prompter or TerminalPrompter()
    # No same-run repeats: the run is exactly the scenarios chosen; misses come back through SM-2.
    engine = SessionEngine(repeat_below=0, repeat_kind="pick-repeat")
    engine.queue.extend(Entry(item, "pick", scheduled=True) for item in items)
    session = store.start_session("pick", filters)
    try:
        result = run_queue(
            engine, store, prompter, console, session, log_kind=lambda e: "pick", scheduled=lambda e: True
        )
    finally:
        store.end_session(session)
    console.print()
    console.print(summary_panel(store, engine, result, session, catalog))


def summary_panel(store, engine, result, session: int, catalog):
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    right, answered = picker.tally(store, session=session)
    minutes, seconds = divmod(int(result.seconds), 60)
    score = f"{right} / {answered} right ({right / answered:.0%})" if answered else "— (nothing answered)"
    parts = [
        Text.assemble(("Score       ", "bold"), score),
        Text.assemble(("Time        ", "bold"), f"{minutes} min {seconds:02d} s"),
    ]
    left = len(engine.queue)
    if left:
        parts.append(Text.assemble(("Left        ", "bold"), f"{left} scenario{'s' if left != 1 else ''} not reached"))
    found = picker.confusions(store, session=session)
    if found:
        parts += [Text(""), Text("Confused this run", style="bold"), confusion_grid(found, catalog, "•")]
    elif answered:
        parts += [Text(""), Text("No confusions this run.", style="green")]
    parts.append(Text(""))
    parts.append(Text("Every run so far: kinesis-tutor pick --confusions", style="dim"))
    done = not engine.queue
    title = "Pick run ended" if done else "Pick run paused — every answer is saved"
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan", padding=(1, 2))


def confusion_grid(found, catalog, mark: str | None = None):
    """One sentence per pair, wrapped under itself, with the compare command below it."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right", style="bold")
    grid.add_column()
    for n, c in enumerate(found, 1):
        body = Text(picker.sentence(c, catalog))
        body.append_text(Text(f"\ncompare them: kinesis-tutor compare {c.chosen} {c.right}", style="dim"))
        grid.add_row(Text(mark, style="red") if mark else f"{n}.", body)
    return grid


def show_confusions(paths: Paths, catalog, console) -> None:
    """Every confusion of every pick run, most frequent first. Needs no terminal."""
    from rich.text import Text

    from kinesis_tutor.store import open_store

    if not paths.db.exists():
        console.print("No pick answers yet. Start a run with: kinesis-tutor pick")
        return
    store = open_store(paths.db)
    try:
        right, answered = picker.tally(store)
        found = picker.confusions(store)
    finally:
        store.close()
    if not answered:
        console.print("No pick answers yet. Start a run with: kinesis-tutor pick")
        return
    console.print(Text(f"Services you confuse — all pick runs: {right} of {answered} answers right", style="bold"))
    console.print()
    if not found:
        console.print("No confusions: every pick answer so far was right.")
        return
    console.print(confusion_grid(found, catalog))
    wrong = sum(c.count for c in found)
    console.print()
    console.print(
        Text(
            f"{len(found)} pair{'s' if len(found) != 1 else ''}, {wrong} wrong answer{'s' if wrong != 1 else ''}.",
            style="dim",
        )
    )
