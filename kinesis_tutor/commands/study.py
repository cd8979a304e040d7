"""kinesis-tutor study: the daily session."""

from __future__ import annotations

from datetime import timedelta

from kinesis_tutor.app.paths import Paths
from kinesis_tutor.app.sync import check_decks, open_synced
from kinesis_tutor.ui.render import report_deck_problems


def summary_lines(store, engine, result) -> list[str]:
    from kinesis_tutor.store import stats
    from kinesis_tutor.ui.render import plural

    day = store.today()
    accuracy = engine.accuracy()
    minutes, seconds = divmod(int(result.seconds), 60)
    with store.reader.connect() as conn:
        run = stats.streak(stats.study_days(conn, day), day)
    current, longest = run["current"], run["longest"]
    repeats = sum(1 for a in engine.history if a.entry.kind == engine.repeat_kind)
    lines = [
        f"Cards studied   {len(result.cards)}  ({plural(engine.answered, 'answer')}, {plural(repeats, 'repeat')})",
        f"Accuracy        {accuracy:.0%}" if accuracy is not None else "Accuracy        —",
        f"Time            {minutes} min {seconds:02d} s",
        f"Due tomorrow    {store.due_count(day + timedelta(days=1))}",
        f"Streak          {current} day{'s' if current != 1 else ''} (longest {longest})",
    ]
    left = len(engine.queue)
    if left:
        lines.append(f"Left for later  {left} card{'s' if left != 1 else ''} not reached this time")
    return lines


def print_summary(console, title: str, lines: list[str]) -> None:
    from rich.panel import Panel

    console.print(
        Panel("\n".join(lines), title=title, title_align="left", border_style="cyan", padding=(1, 2), expand=False)
    )


def run(
    paths: Paths, *, decks: list[str], tags: list[str], new: int | None, max_reviews: int | None, prompter=None
) -> None:
    from kinesis_tutor.ui.prompts import require_terminal

    if prompter is None:
        require_terminal("kinesis-tutor study")
    from kinesis_tutor.core.session import SessionEngine
    from kinesis_tutor.ui.prompts import TerminalPrompter
    from kinesis_tutor.ui.render import console as get_console
    from kinesis_tutor.ui.runner import run_queue

    console = get_console()
    store = open_synced(paths, report_deck_problems)
    check_decks(store, decks)
    settings = store.settings()
    day = store.today()
    new_done, reviews_done = store.done_today(day)
    new_quota = new if new is not None else max(0, settings["new_per_day"] - new_done)
    review_quota = max_reviews if max_reviews is not None else max(0, settings["max_reviews_per_day"] - reviews_done)
    due = store.due_items(day, decks, tags, limit=review_quota)
    fresh = store.new_items(decks, tags, limit=new_quota)
    prompter = prompter or TerminalPrompter()
    if not due and not fresh:
        nothing_due(paths, store, console, prompter, decks, tags, new_done)
        return
    engine = SessionEngine.build(due, fresh)
    session = store.start_session("study", {"decks": decks, "tags": tags})
    try:
        result = run_queue(engine, store, prompter, console, session)
    finally:
        store.end_session(session)
    console.print()
    title = (
        "Session ended — see you tomorrow" if not engine.queue else "Session paused — everything you answered is saved"
    )
    print_summary(console, title, summary_lines(store, engine, result))


def nothing_due(paths: Paths, store, console, prompter, decks, tags, new_done: int) -> None:

    day = store.today()
    nxt = store.next_due(day, decks, tags)
    console.print(
        "[bold green]Nothing due right now.[/] "
        + (f"You met today's quota of new cards ({new_done}). " if new_done else "")
    )
    if nxt:
        console.print(f"The next card is due on [bold]{nxt}[/].")
    else:
        console.print("No card is scheduled yet.")
    choice = prompter.choose(
        "What next?",
        [("Cram the weakest cards", "cram"), ("Which service? — scenario picker", "pick"), ("Quit", None)],
        instruction="(↑↓ and Enter, or a number · q quit)",
    )
    if choice == "cram":
        from kinesis_tutor.commands import cram

        cram.run(paths, decks=decks, tags=tags, count=30, reschedule=False, prompter=prompter)
    elif choice == "pick":
        from kinesis_tutor.commands import pick

        pick.run(paths, count=10, tags=tags, services=None, confusions=False, prompter=prompter)
