"""Rich renderables for cards: the question panel, the answer and its explanation.

The same functions draw the quiz and ``decks preview``, so a preview is exactly what the quiz shows.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TextIO, cast

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kinesis_tutor.core import units
from kinesis_tutor.core.cards import Card
from kinesis_tutor.ui.plain import plural as plural  # re-exported: the views import it from here
from kinesis_tutor.ui.plain import shown

if TYPE_CHECKING:
    from kinesis_tutor.app.sync import SyncReport

KIND_NAMES = {
    "basic": "flashcard",
    "cloze": "fill in the blank",
    "mcq": "multiple choice",
    "multi": "choose several",
    "numeric": "number",
    "truefalse": "true or false",
    "scenario": "which service?",
}

KIND_SHORT = {
    "basic": "basic",
    "cloze": "cloze",
    "mcq": "mcq",
    "multi": "multi",
    "numeric": "num",
    "truefalse": "t/f",
    "scenario": "scen",
}


# Tags the program adds for itself, never a topic a learner studies: left out wherever tags are
# shown as topics (stats --json keeps them).
INTERNAL_TAGS = frozenset({"table"})


def when(day: date | str, today: date | str) -> str:
    """A day as a learner says it, with the date beside it: ``today (Mon 30 Nov 2026)``,
    ``tomorrow (…)``, ``in 6 days (…)``, ``yesterday (…)``, ``3 days ago (…)``; more than a week
    away, the date alone (``Thu 1 Oct 2026``)."""
    d, t = (x if isinstance(x, date) else date.fromisoformat(x) for x in (day, today))
    n = (d - t).days
    dated = f"{d:%a} {d.day} {d:%b %Y}"
    if abs(n) > 7:
        return dated
    said = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(n) or (f"in {n} days" if n > 0 else f"{-n} days ago")
    return f"{said} ({dated})"


def data(value: object, style: str = "") -> Text:
    """The one way deck and learner text enters a renderable: a ``Text`` (never read as Rich
    markup, so ``[bold]`` or ``[/]`` in a card is shown as written) with its control characters
    escaped (``shown``). Every view builds what it prints from a card, a deck or a typed
    answer through this."""
    return Text(shown(value), style=style)


READING_WIDTH = 100  # lines of text at most this wide, however wide the terminal
COMPACT_BELOW = 30  # rows: on a shorter terminal a question panel has no blank margin (quiz and exam)


def console() -> Console:
    """A console on stdout, at most ``READING_WIDTH`` columns wide (the one place the reading
    width is set). Made afresh on each call (it is cheap), so that it follows the current
    terminal width, COLUMNS and NO_COLOR. Piped, its lines carry no trailing spaces."""
    out = sys.stdout
    return reading(Console(highlight=False, file=None if _isatty(out) else cast("TextIO", Trimmed(out))))


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


class Trimmed(io.TextIOBase):
    """A text stream that writes each line to ``out`` without its trailing spaces (the padding
    of tables and panels, noise in a file or a pipe)."""

    def __init__(self, out: TextIO):
        self.out = out
        self.pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.out, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.out.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.out.write(self.pending)
            self.pending = ""
        self.out.flush()


def reading(c: Console) -> Console:
    """``c`` at most ``READING_WIDTH`` wide. On a terminal that says it is dumb (``TERM=dumb``)
    Rich assumes 80×25; the size the terminal reports is used instead, so that a panel's
    borders are not broken on a narrower one."""
    if c.is_terminal and c.is_dumb_terminal:
        size = shutil.get_terminal_size((80, 25))  # COLUMNS and LINES, else the terminal's own
        c.size = (size.columns, size.lines)
    if c.width > READING_WIDTH:
        c.width = READING_WIDTH
    return c


def highlight(text: str, phrases: Iterable[str], style: str = "bold reverse") -> Text:
    """``text`` (deck text, see ``data``) with every occurrence of each phrase (any case) styled."""
    out = data(text)
    for phrase in phrases:
        if phrase:
            out.highlight_regex(re.compile(re.escape(shown(phrase)), re.IGNORECASE), style)
    return out


def visible_tags(card: Card) -> tuple[str, ...]:
    """Tags shown with the question: none where they would give the answer away (a scenario's
    tags name its service; so do a table's "which service?" cards)."""
    if "exam-style" in card.tags:  # its topic tags name the services of the key: show the exam domains only
        return tuple(t for t in card.tags if t == "exam-style" or t.startswith("dea-") or t in ("saa", "dva"))
    if card.kind == "scenario" or (card.origin == "table" and ".which." in card.id):
        return ()
    return tuple(t for t in card.tags if t not in INTERNAL_TAGS)


_SAYS_HOW_MANY = re.compile(r"\(choose \w+\.?\)", re.IGNORECASE)


def says_how_many(prompt: str) -> bool:
    """Whether a choose-several question already says how many, as exam questions do ("(Choose TWO.)")."""
    return bool(_SAYS_HOW_MANY.search(prompt))


def question_panel(
    card: Card, progress: str = "", note: str = "", *, clues: bool = False, compact: bool = False, count: bool = True
) -> Panel:
    """The card as asked: deck, kind, tags, progress, and the question.
    With ``clues``, the scenario's clue words are highlighted (after answering). ``count``: a
    choose-several card says how many (the quiz says it on its prompt line instead)."""
    prompt = highlight(card.prompt, card.clues) if clues else data(card.prompt)
    prompt.stylize("bold")
    body: list[RenderableType] = [prompt]
    if card.kind == "multi" and count and not says_how_many(card.prompt):
        body.append(Text(f"\nChoose {card.choose}.", style="italic"))
    elif card.kind == "numeric":
        body.append(Text("\n" + units.kind_hint(card.answer[0]), style="dim"))
    elif card.kind == "cloze":
        hint = ", ".join(h for h in card.hints if h)
        body.append(
            Text(
                f"\nType what goes in the blank{'s (separate them with ;)' if len(card.answer) > 1 else ''}."
                + (f" Hint: {shown(hint)}" if hint else ""),
                style="dim",
            )
        )
    if card.origin == "table" and card.context:
        body.insert(0, data(card.context, style="dim"))
    if note:
        body.append(data(f"\n{note}", style="yellow"))
    title = Text.assemble((shown(card.deck), "cyan"), " · ", (KIND_NAMES.get(card.kind, card.kind), "magenta"))
    shown_tags = [t for t in (card.tags if clues else visible_tags(card)) if t not in INTERNAL_TAGS][:6]
    tags = shown(" ".join(f"#{t}" for t in shown_tags))
    subtitle = Text.assemble((tags, "dim"), ("   " if tags and progress else ""), (progress, "bold"))
    # after answering, or on a short terminal (24 rows), leave room for the reasons or the options
    padding = (0, 1) if clues or compact else (1, 2)
    return Panel(
        Group(*body),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        border_style="blue",
        padding=padding,
    )


def answer_text(card: Card) -> str:
    if card.kind == "scenario":
        return card.label(card.answer[0])
    return "; ".join(card.answer)


def changed_panel(card: Card) -> Panel | None:
    if not card.changed:
        return None
    c = card.changed
    text = Text.assemble(
        ("Older notes and exam questions say: ", "bold"), shown(c.before), "\n", ("Today: ", "bold"), shown(c.now)
    )
    if c.since:
        text.append_text(Text.assemble("\n", ("Changed: ", "bold"), shown(c.since)))
    return Panel(text, title="what changed", title_align="left", border_style="yellow")


_URL = re.compile(r"https?://\S+")


def source_line(source: str) -> Group:
    """``Source: …`` with each URL on a line of its own, whole: never broken inside (a URL wider
    than the terminal runs on to the next row as the terminal wraps it, so it is still copied in
    one piece) and a link where the terminal supports them. Only http(s) addresses become links."""
    text = shown(source)
    lines: list[Text] = []
    prose = Text("Source: ", style="dim")
    at = 0
    for match in _URL.finditer(text):
        prose.append(text[at : match.start()].strip(" —-:"), style="dim")
        url = match.group()
        lines.append(Text(url, style=Style(link=url, dim=True), no_wrap=True, overflow="ignore"))
        at = match.end()
    prose.append(text[at:].strip(), style="dim")
    return Group(prose, *lines) if prose.plain.strip() != "Source:" else Group(*lines)


def verdict(correct: bool | None, given: str = "") -> Text:
    if correct is None:
        return Text("")
    if correct:
        return Text("✔ Right", style="bold green")
    return Text(f"✘ Not quite{' — you answered ' + shown(given) if given else ''}", style="bold red")


def _why_not_line(option: str, reason: str, picked: bool) -> Text:
    """``✘ option — why not``, in red when it was the learner's choice."""
    return Text.assemble(
        ("✘ ", "red" if picked else "dim"),
        (shown(option), "bold red" if picked else "bold"),
        (" (your choice)" if picked else ""),
        " — ",
        shown(reason),
    )


def scenario_reasons(card: Card, chosen: str | None = None) -> Group:
    """The right service and why it fits, then one line per other option on why it does not."""
    lines = [Text.assemble(("✔ ", "green"), (shown(card.label(card.answer[0])), "bold green"), " — ", shown(card.why))]
    lines += [_why_not_line(card.label(option), reason, option == chosen) for option, reason in card.why_not]
    return Group(*lines)


def choice_reasons(card: Card, chosen: str | None = None) -> Group:
    """An mcq or multi card's wrong choices, each with why it does not fit (the learner's own marked)."""
    return Group(Text(""), *(_why_not_line(choice, reason, choice == chosen) for choice, reason in card.why_not))


def answer_panel(card: Card, correct: bool | None = None, given: str = "", chosen: str | None = None) -> Panel:
    """After answering: right or wrong, the right answer, the explanation, what changed. (The
    source is printed under the panel, ``source_line``: inside it a long URL would be cut.)"""
    parts: list[RenderableType] = []
    v = verdict(correct, given)
    if v.plain:
        parts.append(v)
    if card.kind == "scenario":
        parts.append(scenario_reasons(card, chosen))
    elif card.kind == "cloze":
        parts.append(Text.assemble(("Answer: ", "bold"), (shown(answer_text(card)), "bold green")))
        parts.append(highlight(card.context, card.answer, "bold green"))
    else:
        parts.append(Text.assemble(("Answer: ", "bold"), (shown(answer_text(card)), "bold green")))
    if card.kind != "scenario" and card.why_not:
        parts.append(choice_reasons(card, chosen))
    parts.append(Text(""))
    parts.append(data(card.explanation))
    changed = changed_panel(card)
    if changed:
        parts.append(changed)
    border = "green" if correct else ("red" if correct is False else "blue")
    return Panel(Group(*parts), border_style=border, padding=(0, 2))


def preview(card: Card) -> Group:
    """A card as the quiz shows it, then its answer: for ``decks preview``."""
    parts: list[RenderableType] = [question_panel(card, clues=True)]
    if card.choices and card.kind != "truefalse":
        choices = Table(show_header=False, box=None, padding=(0, 1))
        for i, choice in enumerate(card.choices, 1):
            right = choice in card.answer
            choices.add_row(f"{i}.", data(card.label(choice), style="green" if right else ""), "✔" if right else "")
        parts.append(choices)
    parts.append(answer_panel(card))
    if card.source:
        parts.append(source_line(card.source))
    return Group(*parts)


def report_deck_problems(report: SyncReport) -> None:
    """Deck problems found while syncing: each on stderr, then one warning line."""
    for problem in report.problems:
        sys.stderr.write(f"{shown(problem)}\n")  # a control character in a deck is named, never run
    files = len({p.file for p in report.problems})
    sys.stderr.write(
        f"kinesis-tutor: warning: {files} deck file(s) have problems and were skipped; the other decks are ready\n"
    )
