"""What the exam screens print: the Rich panels above the list, the rows of the lists, the
status bar with the time left, and the key help of a question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from kinesis_tutor.core import exam as engine
from kinesis_tutor.core.exam import Exam, Question
from kinesis_tutor.ui.exam_list import Fragments, Row
from kinesis_tutor.ui.prompts import screen_width
from kinesis_tutor.ui.render import KIND_NAMES, data, plural, says_how_many, shown

WARN_SECONDS = 300  # the clock turns bold from five minutes left
URGENT_SECONDS = 60  # and stands out from the last minute


def numbers(indexes: Sequence[int]) -> str:
    """0-based indexes as the question numbers shown, e.g. '2, 5, 7'."""
    return ", ".join(str(i + 1) for i in indexes)


def duration(minutes: float) -> str:
    """A time limit in words: '30 minutes', '1 minute', '0:06 (m:ss)'."""
    seconds = round(minutes * 60)
    if seconds % 60 == 0:
        n = seconds // 60
        return plural(n, "minute")
    return f"{engine.clock_text(seconds)} (m:ss)"


def status(ex: Exam, where: str) -> Callable[[], Fragments]:
    """The status bar: the time left (bold from five minutes, urgent from one), where, the counts;
    in fewer words where the terminal is narrow (60 columns)."""

    def fragments() -> Fragments:
        left = ex.remaining()
        clock = (
            "class:status.urgent"
            if left <= URGENT_SECONDS
            else ("class:status.warn" if left <= WARN_SECONDS else "class:status.clock")
        )
        counts = f"{len(ex.answers)}/{len(ex.questions)} answered"
        wide = f"  │  {where}  │  {counts}  │  {len(ex.flagged)} flagged "
        if len(" Time left ") + len(engine.clock_text(left)) + len(wide) <= screen_width():
            return [("class:status", " Time left "), (clock, engine.clock_text(left)), ("class:status", wide)]
        short = where.replace("Question ", "Q")  # a narrow terminal: the same figures in fewer words
        return [
            ("class:status", " ⏱ "),
            (clock, engine.clock_text(left)),
            ("class:status", f" │ {short} │ {counts} │ ⚑ {len(ex.flagged)} "),
        ]

    return fragments


def question_panel(ex: Exam, q: Question, *, compact: bool = False) -> Panel:
    """The question, its number and flag; ``compact`` (a short terminal): no blank margin, so
    that a long question leaves rows for its options."""
    body: list[RenderableType] = [data(q.card.prompt, style="bold")]
    if q.multi and not says_how_many(q.card.prompt):  # said once: "(Choose TWO.)" in an exam question
        body.append(Text(f"\nChoose {q.choose}.", style="italic"))
    elif q.card.kind == "truefalse":
        body.append(Text("\nTrue or false?", style="italic"))
    title = Text.assemble((f"Question {q.number} of {len(ex.questions)}", "bold cyan"))
    if ex.current in ex.flagged:
        title.append_text(Text.assemble(" · ", ("⚑ flagged for review", "bold yellow")))
    subtitle = Text(KIND_NAMES.get(q.card.kind, q.card.kind), style="magenta")
    return Panel(
        Group(*body),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        border_style="yellow" if ex.current in ex.flagged else "blue",
        padding=(0, 1) if compact else (1, 2),
    )


def choice_rows(q: Question, given: engine.Answer | None, ticked: set[str]) -> list[Row]:
    """The choices of ``q`` with their marks: (•) for the choice made, [x] for the ticks."""
    out = []
    for n, choice in enumerate(q.choices, 1):
        chosen = choice in ticked if q.multi else choice == given
        mark = ("[x]" if chosen else "[ ]") if q.multi else ("(•)" if chosen else "( )")
        out.append(Row(shown(f"{n}. {q.label(choice)}"), mark, chosen))
    return out


def question_help(q: Question, flagged: bool) -> list[tuple[str, str]]:
    last = len(q.choices)
    verb = "tick" if q.multi else "choose"
    return [
        ("↑↓", "move"),
        (f"Space/1-{min(9, last)}", verb),
        ("Enter", "next" if q.multi else "choose + next"),
        ("←→", "previous/next"),
        ("f", "unflag" if flagged else "flag"),
        ("r", "review"),
        ("s", "submit"),
        ("Ctrl-C", "submit?"),
    ]


def review_panel(ex: Exam) -> Panel:
    answered, unanswered, flagged = ex.answered(), ex.unanswered(), ex.flagged_list()
    n = len(ex.questions)
    lines = Text()
    lines.append(f"Answered     {len(answered)} of {n}", style="bold")
    lines.append(
        f"\nUnanswered   {len(unanswered)}" + (f": {numbers(unanswered)}" if unanswered else ""),
        style="bold red" if unanswered else "bold",
    )
    incomplete = ex.incomplete()
    if incomplete:
        lines.append(
            f"\nIncomplete   {len(incomplete)}: {numbers(incomplete)} (choose-several with the wrong number ticked)",
            style="bold yellow",
        )
    lines.append(
        f"\nFlagged      {len(flagged)}" + (f": {numbers(flagged)}" if flagged else ""),
        style="bold yellow" if flagged else "bold",
    )
    return Panel(
        lines,
        title=Text("Review your answers", style="bold cyan"),
        title_align="left",
        border_style="cyan",
        padding=(0, 2),
    )


def review_rows(ex: Exam, width: int) -> list[Row]:
    """One line per question, its prompt cut to ``width`` (the list stays one screen)."""
    incomplete = ex.incomplete()
    rows = []
    for i, q in enumerate(ex.questions):
        state = "incomplete" if i in incomplete else ("answered  " if i in ex.answers else "unanswered")
        flag = "⚑" if i in ex.flagged else " "
        prompt = shown(" ".join(q.card.prompt.split()))
        rows.append(Row(f"{q.number:>2}. {state} {flag} {prompt}"))
    for row in rows:
        if len(row.text) > width:
            row.text = row.text[: width - 1] + "…"
    return rows


def confirm_panel(ex: Exam) -> Panel:
    unanswered, flagged = ex.unanswered(), ex.flagged_list()
    text = Text()
    if unanswered:
        n = len(unanswered)
        text.append(
            f"{n} question{'s are' if n != 1 else ' is'} not answered: {numbers(unanswered)}.\n", style="bold red"
        )
        text.append("Unanswered questions count as wrong.\n")
    else:
        text.append(f"All {len(ex.questions)} questions are answered.\n", style="bold green")
    incomplete = ex.incomplete()
    if incomplete:
        text.append(
            f"{len(incomplete)} choose-several question{'s have' if len(incomplete) != 1 else ' has'} the wrong "
            f"number of choices ticked: {numbers(incomplete)}.\n",
            style="bold yellow",
        )
    if flagged:
        text.append(f"{len(flagged)} flagged for review: {numbers(flagged)}.\n", style="yellow")
    text.append("You cannot change your answers after submitting.", style="dim")
    return Panel(
        text,
        title=Text("Submit the exam?", style="bold cyan"),
        title_align="left",
        border_style="red" if unanswered else "cyan",
        padding=(0, 2),
    )


def intro_panel(questions: int, minutes: float, note: str = "") -> Panel:
    text = Text()
    text.append(
        f"{plural(questions, 'question')} · {duration(minutes)} · pass mark "
        f"{engine.PASS_MARK} on a {engine.MIN_SCORE}–{engine.MAX_SCORE} scale\n",
        style="bold",
    )
    if note:
        text.append(note + "\n", style="yellow")
    text.append(
        "\nAnswer in any order: ←→ go back and forth, f flags a question, r lists them all, "
        "s submits. When the time runs out the exam is submitted as it stands; Ctrl-C "
        "asks whether to submit. Unanswered questions count as wrong.\n"
    )
    text.append("Your answers do not change your study schedule.", style="dim")
    return Panel(
        text,
        title=Text("Mock exam", style="bold cyan"),
        title_align="left",
        border_style="cyan",
        padding=(1, 2),
    )
