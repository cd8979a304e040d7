"""kinesis-tutor study on the terminal: the daily session, its summary, and what next when nothing is due."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from kinesis_tutor.app import study
from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.plan import Countdown
from kinesis_tutor.ui import cram_view, pick_view
from kinesis_tutor.ui.plan_view import countdown_line, last_week_lines
from kinesis_tutor.ui.prompts import Prompter, TerminalPrompter, require_terminal
from kinesis_tutor.ui.render import console as get_console
from kinesis_tutor.ui.render import plural, report_deck_problems, when
from kinesis_tutor.ui.runner import run_queue


def main(
    paths: Paths,
    *,
    decks: list[str],
    tags: list[str],
    new: int | None,
    max_reviews: int | None,
    prompter: Prompter | None = None,
) -> None:
    """``kinesis-tutor study``: the session, or (nothing due) the cram or pick run the learner chooses."""
    if prompter is None:
        require_terminal("kinesis-tutor study")
    prompter = prompter or TerminalPrompter()
    choice = run(paths, decks=decks, tags=tags, new=new, max_reviews=max_reviews, prompter=prompter)
    if choice == "cram":
        cram_view.run(paths, decks=decks, tags=tags, count=30, reschedule=False, prompter=prompter)
    elif choice == "pick":
        pick_view.run(paths, count=10, tags=tags, services=None, confusions=False, prompter=prompter)


def run(
    paths: Paths, *, decks: list[str], tags: list[str], new: int | None, max_reviews: int | None, prompter: Prompter
) -> str | None:
    """The daily session. Returns what the learner chose to do next when nothing was due ("cram", "pick")."""
    console = get_console()
    today = study.plan(
        paths, decks=decks, tags=tags, new=new, max_reviews=max_reviews, on_problems=report_deck_problems
    )
    if today.engine is None:
        show_countdown(console, today.countdown)
        return nothing_due(console, prompter, today)
    recorder = study.start(today)
    try:  # the first card clears the screen: the countdown goes above it
        header = countdown_text(today.countdown)
        result = run_queue(today.engine, recorder, prompter, console, known=today.known, header=header)
    finally:
        recorder.finish()
    console.print()
    title = (
        "Session ended — see you tomorrow"
        if not today.engine.queue
        else "Session paused — everything you answered is saved"
    )
    print_summary(console, title, summary_lines(study.summarize(today, len(result.cards), result.seconds)))
    return None


def show_countdown(console: Console, countdown: Countdown | None) -> None:
    """With an exam date: "Exam in 23 days · on track"; in the last week, what to do besides."""
    text = countdown_text(countdown)
    if text is not None:
        console.print(text)


def countdown_text(countdown: Countdown | None) -> Text | None:
    """The countdown's lines (None without an exam date): the line in bold, the last week's
    advice dim under it."""
    if countdown is None:
        return None
    text = Text(countdown_line(countdown), style="bold")
    for line in last_week_lines(countdown):
        text.append("\n" + line, style="dim")
    return text


def summary_lines(s: study.StudySummary) -> list[str]:
    minutes, seconds = divmod(int(s.seconds), 60)
    lines = [
        f"Cards studied   {s.cards}  ({plural(s.answered, 'answer')}, {plural(s.repeats, 'repeat')})",
        f"Accuracy        {s.accuracy:.0%} of first answers graded 3+"
        if s.accuracy is not None
        else "Accuracy        —",
        f"Time            {minutes} min {seconds:02d} s",
        f"Due tomorrow    {s.due_tomorrow}",
        f"Streak          {plural(s.streak, 'day')} (longest {s.longest})",
    ]
    if s.again_today:
        lines.append(f"Again today     {plural(s.again_today, 'card')} graded below Good earlier today, asked again")
    if s.buried:
        lines.append(f"Buried          {plural(s.buried, 'related card')} (same sentence or row) until tomorrow")
    if s.left:
        lines.append(f"Left for later  {plural(s.left, 'card')} not reached this time")
    return lines


def print_summary(console: Console, title: str, lines: list[str]) -> None:
    console.print(
        Panel("\n".join(lines), title=title, title_align="left", border_style="cyan", padding=(1, 2), expand=False)
    )


def nothing_due(console: Console, prompter: Prompter, today: study.StudyPlan) -> str | None:
    """Nothing due and no new card left: say when the next card is due, and offer cram or pick."""
    console.print(
        "[bold green]Nothing due right now.[/] "
        + (f"You met today's quota of new cards ({today.new_done}). " if today.new_done else "")
    )
    if today.next_due:
        due = when(today.next_due, today.store.today())
        console.print(Text.assemble("The next card is due ", (due, "bold"), ". More new cards today: study --new N."))
    else:
        console.print("No card is scheduled yet.")
    choice = prompter.choose(
        "What next?",
        [("Cram the weakest cards", "cram"), ("Which service? — scenario picker", "pick"), ("Quit", None)],
        instruction="(↑↓ and Enter, or a number · q quit)",
    )
    return choice if choice in ("cram", "pick") else None
