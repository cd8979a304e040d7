"""kinesis-tutor pick on the terminal: a scenario run, its summary, and the services confused so far."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app import pick
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.core import picker
from kinesis_tutor.core.picker import Confusion, Service
from kinesis_tutor.core.review import StudyItem
from kinesis_tutor.ui.prompts import Prompter, TerminalPrompter, require_terminal
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import data, plural, report_deck_problems
from kinesis_tutor.ui.runner import RunResult, run_queue

NO_ANSWERS = "No pick answers yet. Start a run with: kinesis-tutor pick"


def run(
    paths: Paths,
    *,
    count: int,
    tags: list[str],
    services: str | None,
    confusions: bool,
    prompter: Prompter | None = None,
) -> None:
    """``kinesis-tutor pick``: a run of scenarios, or (``confusions``) every confusion so far."""
    console = get_console()
    catalog = pick.load_catalog(paths)
    if confusions:
        show_confusions(paths, catalog, console)
        return
    # Filters are checked before the terminal, so that a typo is reported even when piped.
    chosen = pick.plan(paths, catalog, count=count, tags=tags, services=services, on_problems=report_deck_problems)
    if not chosen.items:
        console.print(_nothing_matches(catalog, chosen.scenarios, tags, chosen.wanted))
        return
    if prompter is None:
        require_terminal("kinesis-tutor pick")
    prompter = prompter or TerminalPrompter()
    engine = pick.engine(chosen)
    recorder = pick.start(chosen)
    try:
        result = run_queue(engine, recorder, prompter, console)
    finally:
        recorder.finish()
    console.print()
    done = not engine.queue
    console.print(summary_panel(pick.summarize(chosen, recorder.session), result, len(engine.queue), done, catalog))


def _nothing_matches(
    catalog: Mapping[str, Service], scenarios: Sequence[StudyItem], tags: list[str], wanted: list[str]
) -> str:
    if not scenarios:
        return (
            "[yellow]No scenario cards in your decks.[/] "
            "Scenario cards have [bold]kind: scenario[/] (see 'kinesis-tutor decks new')."
        )
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


def summary_panel(
    s: pick.PickSummary, result: RunResult, left: int, done: bool, catalog: Mapping[str, Service]
) -> Panel:
    minutes, seconds = divmod(int(result.seconds), 60)
    score = f"{s.right} / {s.answered} right ({s.right / s.answered:.0%})" if s.answered else "— (nothing answered)"
    parts: list[Text | Table] = [
        Text.assemble(("Score       ", "bold"), score),
        Text.assemble(("Time        ", "bold"), f"{minutes} min {seconds:02d} s"),
    ]
    if left:
        parts.append(Text.assemble(("Left        ", "bold"), f"{plural(left, 'scenario')} not reached"))
    if s.confusions:
        parts += [Text(""), Text("Confused this run", style="bold"), confusion_grid(s.confusions, catalog, "•")]
    elif s.answered:
        parts += [Text(""), Text("No confusions this run.", style="green")]
    parts.append(Text(""))
    parts.append(Text("Every run so far: kinesis-tutor pick --confusions", style="dim"))
    title = "Pick run ended" if done else "Pick run paused — every answer is saved"
    # as wide as it needs (like the study and cram summaries), not the terminal's whole width
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan", padding=(1, 2), expand=False)


def confusion_grid(found: Sequence[Confusion], catalog: Mapping[str, Service], mark: str | None = None) -> Table:
    """One sentence per pair, wrapped under itself, with the compare command below it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right", style="bold")
    grid.add_column()
    for n, c in enumerate(found, 1):
        body = data(picker.sentence(c, catalog))
        body.append_text(data(f"\ncompare them: kinesis-tutor compare {c.chosen} {c.right}", style="dim"))
        grid.add_row(Text(mark, style="red") if mark else f"{n}.", body)
    return grid


def show_confusions(paths: Paths, catalog: Mapping[str, Service], console: Console) -> None:
    """Every confusion of every pick run, most frequent first. Needs no terminal."""
    report = pick.confusion_report(paths)
    if report is None or not report.answered:
        console.print(NO_ANSWERS)
        return
    console.print(
        Text(f"Services you confuse — all pick runs: {report.right} of {report.answered} answers right", style="bold")
    )
    console.print()
    if not report.confusions:
        console.print("No confusions: every pick answer so far was right.")
        return
    console.print(confusion_grid(report.confusions, catalog))
    wrong = sum(c.count for c in report.confusions)
    found = len(report.confusions)
    console.print()
    console.print(Text(f"{plural(found, 'pair')}, {plural(wrong, 'wrong answer')}.", style="dim"))
