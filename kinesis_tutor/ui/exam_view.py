"""The mock exam's results on the console: the score and the topics, the walk through the wrong
answers, the history of attempts with its trend, and the line about a recovered sitting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kinesis_tutor.app.exam import Discarded, Recovered
from kinesis_tutor.core import exam
from kinesis_tutor.core.exam_score import Attempt
from kinesis_tutor.ui import render
from kinesis_tutor.ui.prompts import Command, Prompter, TerminalPrompter

SPARK = "▁▂▃▄▅▆▇█"


def recovered_text(recovered: Recovered | Discarded) -> str:
    """What became of a sitting a killed process left behind, as console markup."""
    if isinstance(recovered, Discarded):
        return f"[yellow]An interrupted exam could not be recovered ({recovered.reason}); it was discarded.[/]"
    n = recovered.answers
    return (
        f"[yellow]Your last exam was interrupted before it was submitted; it has been submitted with its "
        f"{render.plural(n, 'answer')}: {recovered.score} / 1000.[/]"
    )


# ------------------------------------------------------------------------------------ results


def _score_grid(result: exam.Result, verdict: Text) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(
        "Score",
        Text.assemble(
            (f"{result.score}", "bold"), f" / {exam.MAX_SCORE}   ", verdict, f"  (pass mark {exam.PASS_MARK})"
        ),
    )
    grid.add_row("Right", f"{result.correct} of {result.total} ({result.correct / result.total:.0%})")
    used = exam.clock_text(result.seconds_used)
    grid.add_row(
        "Time", f"{used} of {exam.clock_text(result.limit_seconds)}" + ("  (time ran out)" if result.timed_out else "")
    )
    unanswered = len(result.unanswered)
    flagged = sum(1 for o in result.outcomes if o.flagged)
    if unanswered or flagged:
        grid.add_row("Unanswered", f"{unanswered} (counted wrong) · {flagged} flagged")
    return grid


def _bar(share: float) -> Text:
    style = "green" if share >= exam.PASS_MARK / exam.MAX_SCORE else ("yellow" if share >= 0.5 else "red")
    return Text("█" * round(share * 10) + "░" * (10 - round(share * 10)), style=style)


def _share_table(title: str, heading: str, width: int, rows: Iterable[tuple[str, int, int, float]]) -> Table:
    """Right answers by topic or by domain: the name, right of asked, the share and its bar."""
    table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 1), show_edge=False)
    table.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=width)
    table.add_column("Right", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for name, correct, total, share in rows:
        table.add_row(render.data(name), f"{correct}/{total}", f"{share:.0%}", _bar(share))
    return table


def _topics_table(result: exam.Result) -> Table:
    rows = ((t.topic, t.correct, t.total, t.share) for t in result.by_topic())
    return _share_table("By topic", "Topic", 28, rows)


def _domains_table(scores: Sequence[exam.DomainScore]) -> Table:
    rows = ((d.name, d.correct, d.total, d.share) for d in scores)
    return _share_table("By exam domain (DEA-C01)", "Domain", 36, rows)


def result_renderable(result: exam.Result) -> Group:
    verdict = Text("PASS", style="bold green") if result.passed else Text("FAIL", style="bold red")
    note = Text("AWS scales scores non-linearly; this linear score is an approximation.", style="dim")
    title = Text.assemble("Mock exam: ", verdict)
    domains = result.by_domain()
    below: list[RenderableType] = [Text(""), _domains_table(domains)] if domains else []
    return Group(
        Panel(
            Group(_score_grid(result, verdict), note),
            title=title,
            title_align="left",
            border_style="green" if result.passed else "red",
            padding=(0, 2),
        ),
        _topics_table(result),
        *below,
    )


def print_result(console: Console, result: exam.Result) -> None:
    console.print(result_renderable(result))


def _show_wrong(console: Console, o: exam.Outcome, k: int, n: int) -> None:
    console.clear()
    unanswered = " (not answered)" if not o.answered else ""
    where = f" — question {o.question.number}{unanswered} · {o.question.topic}"
    console.print(Text.assemble((f"Wrong answer {k} of {n}", "bold"), render.shown(where)))
    console.print(render.question_panel(o.question.card))
    chosen = o.given if isinstance(o.given, str) else None
    console.print(
        render.answer_panel(o.question.card, False, o.question.shown(o.given) if o.answered else "", chosen=chosen)
    )


def walk_through(console: Console, result: exam.Result, prompter: Prompter | None = None) -> None:
    """Each wrong (or unanswered) question with the right answer and its explanation."""
    wrong = result.wrong
    console.print()
    if not wrong:
        console.print("[bold green]No wrong answer to go through.[/]")
        return
    prompter = prompter or TerminalPrompter()
    n = len(wrong)
    choice = prompter.choose(
        f"{render.plural(n, 'wrong answer')}:",
        [("Go through them with the explanations", True), ("Finish", False)],
        instruction="(↑↓ and Enter, or a number · q finish)",
    )
    if choice is not True:
        return
    for k, o in enumerate(wrong, 1):
        _show_wrong(console, o, k, n)
        if k == n:
            break
        more = prompter.choose(
            "Next?", [("Next wrong answer", True), ("Finish", False)], instruction="(Enter · q finish)"
        )
        if more is False or more is Command.QUIT:
            return
    console.print("[dim]That was all. 'kinesis-tutor exam --history' shows your attempts.[/]")


# ------------------------------------------------------------------------------------ history


def sparkline(scores: Sequence[int]) -> str:
    span = exam.MAX_SCORE - exam.MIN_SCORE
    return "".join(SPARK[min(len(SPARK) - 1, max(0, (s - exam.MIN_SCORE) * len(SPARK) // (span + 1)))] for s in scores)


def _local(ts: str) -> str:
    try:
        return datetime.fromisoformat(ts).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ts


def _history_table(rows: Sequence[Attempt]) -> Table:
    table = Table(
        title="Mock exams",
        title_justify="left",
        title_style="bold",
        box=None,
        padding=(0, 1),
        collapse_padding=True,
        show_edge=False,
    )
    # The date and the time used fold onto two lines in a narrow terminal; the numbers are never cut.
    for name, right, folds in (
        ("#", True, False),
        ("Date", False, True),
        ("Asked", True, False),
        ("Right", True, False),
        ("Score", True, False),
        ("+/-", True, False),
        ("Result", False, False),
        ("Time", True, True),
        ("Form", True, False),
    ):
        table.add_column(name, no_wrap=not folds, justify="right" if right else "left")
    previous = None
    for n, r in enumerate(rows, 1):
        change = "" if previous is None else f"{r.score - previous:+d}"
        used = r.detail.get("seconds_used")
        time = (exam.clock_text(used) + " / " if used is not None else "") + exam.clock_text(r.minutes * 60)
        result = Text("PASS", style="green") if r.passed else Text("FAIL", style="red")
        table.add_row(
            str(n),
            _local(r.ended_at),
            str(r.questions),
            str(r.correct),
            str(r.score),
            change,
            result,
            time + (" ⏱" if r.detail.get("timed_out") else ""),
            str(r.detail.get("form") or ""),
        )
        previous = r.score
    return table


def _cell(score: dict[str, int] | None) -> str:
    if not score or not score.get("total"):
        return ""
    return f"{score['correct']}/{score['total']} {score['correct'] / score['total']:.0%}"


def _history_domains(rows: Sequence[Attempt]) -> Table | None:
    """Each attempt's right answers per DEA-C01 domain (attempts that had domain questions)."""
    numbered = [(n, r) for n, r in enumerate(rows, 1) if r.detail.get("domains")]
    if not numbered:
        return None
    table = Table(title="By exam domain (DEA-C01)", title_justify="left", title_style="bold", box=None, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Form", justify="right", no_wrap=True)
    weighted = [d for d in exam.DOMAINS if d.weight is not None]
    for d in weighted:  # a heading folds in a narrow terminal ("Ingestion" over "(34%)") instead of being cut
        table.add_column(f"{d.short} ({d.weight:.0%})", justify="right")
    for n, r in numbered:
        scores = {d.get("domain"): d for d in r.detail["domains"] if isinstance(d, dict)}
        table.add_row(str(n), str(r.detail.get("form") or ""), *(_cell(scores.get(d.tag)) for d in weighted))
    return table


def show_history(console: Console, rows: Sequence[Attempt]) -> None:
    """The attempts, oldest first, with the change in score, then the trend and the best."""
    if not rows:
        console.print("No exam attempts yet. Start one with 'kinesis-tutor exam'.")
        return
    console.print(_history_table(rows))
    scores = [r.score for r in rows]
    console.print()
    trend = Text.assemble(
        ("Score trend ", "bold"), (sparkline(scores[-30:]), "cyan"), f"  (100–1000, last {min(len(scores), 30)})"
    )
    console.print(trend)
    last3 = scores[-3:]
    line = f"Best {max(scores)}"
    if len(scores) > 1:
        line += (
            f" · average of the last {len(last3)}: {round(sum(last3) / len(last3))}"
            f" · {scores[-1] - scores[0]:+d} since the first"
        )
    passes = sum(1 for r in rows if r.passed)
    line += f" · passed {passes} of {len(rows)}"
    console.print(line)
    if any(r.detail.get("timed_out") for r in rows):
        console.print("[dim]⏱ the time ran out[/]")
    domains = _history_domains(rows)
    if domains is not None:
        console.print()
        console.print(domains)
