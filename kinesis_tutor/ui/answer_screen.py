"""The screen after an answer, laid out for the terminal it is on (issue 15, the layout rule).

The head — the question's first line, the learner's answer with the verdict, and the right
answer — is always on screen. Below it the rest (the options marked, the reasons, the explanation,
what changed, the source) fits in the rows left, or pages the way ``less`` does: a key shows the
next part under the same head, so the verdict never scrolls away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from kinesis_tutor.core.cards import Card
from kinesis_tutor.ui import render
from kinesis_tutor.ui.prompts import Command, Prompter

# Rows kept free under the screen for the prompt that follows it: "How was it?" and its three
# grades, with a line to spare for a hint that wraps on a narrow terminal; "Press Enter to
# continue" and the "More below" prompt need three.
GRADE_ROWS = 5
PAUSE_ROWS = 3
MIN_PAGE = 3  # a page shows at least this many lines of the rest, however tall the head
MORE, SKIP = "more", "skip"


@dataclass(frozen=True)
class Answered:
    """What the screen shows about one answer."""

    card: Card
    correct: bool | None  # None: a self-graded card
    given: str = ""  # the learner's answer as shown (an option's label)
    chosen: Sequence[str] = ()  # the options picked (mcq, multi, scenario)
    note: str = ""  # the grading note (a typo accepted)
    progress: str = ""
    prompt_rows: int = GRADE_ROWS  # rows the prompt after the screen takes (PAUSE_ROWS for "continue")
    order: Sequence[str] = ()  # the options in the order they were offered, numbered so


def first_line(text: str, width: int) -> str:
    """The first line ``text`` takes at ``width`` columns, '…' when more follows."""
    words = " ".join(render.shown(text).split())
    if len(words) <= width:
        return words
    cut = words.rfind(" ", 0, width - 1)
    return words[: cut if cut > 0 else width - 1] + "…"


def head(a: Answered, width: int) -> Panel:
    """The question's first line, the verdict with the learner's answer, the right answer."""
    card = a.card
    lines: list[RenderableType] = [Text(first_line(card.prompt, width - 4), style="bold")]
    if a.correct is not None:
        mark, style = ("✔ Right", "bold green") if a.correct else ("✘ Not quite", "bold red")
        verdict = Text(mark, style=style)
        if a.given and a.given != render.answer_text(card):
            verdict.append_text(Text.assemble(" — you answered ", (render.shown(a.given), "bold")))
        lines.append(verdict)
    lines.append(Text.assemble(("Answer: ", "bold"), (render.shown(render.answer_text(card)), "bold green")))
    if a.note:
        lines.append(render.data(a.note, style="yellow"))
    title = Text.assemble(
        (render.shown(card.deck), "cyan"), " · ", (render.KIND_NAMES.get(card.kind, card.kind), "magenta")
    )
    border = "green" if a.correct else ("red" if a.correct is False else "blue")
    return Panel(
        Group(*lines),
        title=title,
        title_align="left",
        subtitle=Text(a.progress, style="bold"),
        subtitle_align="right",
        border_style=border,
        padding=(0, 1),
    )


def _options(a: Answered) -> Group:
    """A choice card's options: the right ones ticked, the others with why they do not fit
    (where the card says), the learner's picks marked."""
    card = a.card
    reasons = dict(card.why_not)
    rows = []
    for n, choice in enumerate(a.order or card.choices, 1):
        right, picked = choice in card.answer, choice in a.chosen
        mark = ("✔ " if right else "✘ ") + f"{n}. ", "green" if right else ("red" if picked else "dim")
        label = (render.shown(card.label(choice)), "bold green" if right else ("bold red" if picked else "bold"))
        row = Text.assemble(mark, label, (" (your choice)" if picked else "", "dim"))
        if not right and choice in reasons:
            row.append_text(Text.assemble(" — ", render.shown(reasons[choice])))
        rows.append(row)
    return Group(*rows)


def rest(a: Answered) -> list[RenderableType]:
    """Everything under the head, in reading order."""
    card = a.card
    parts: list[RenderableType] = []
    if card.kind == "scenario":
        parts += [render.scenario_reasons(card, a.chosen[0] if a.chosen else None), Text("")]
    elif card.kind in ("mcq", "multi"):
        parts += [_options(a), Text("")]
    elif card.kind == "cloze" and card.context:
        parts += [render.highlight(card.context, card.answer, "bold green"), Text("")]
    parts.append(render.data(card.explanation))
    if card.kind == "scenario" and card.clues:
        parts += [
            Text(""),
            Text("The situation, its clues marked:", style="dim"),
            render.highlight(card.prompt, card.clues),
        ]
    changed = render.changed_panel(card)
    if changed:
        parts.append(changed)
    if card.source:
        parts.append(render.source_line(card.source))
    return parts


class Lines:
    """Rendered lines printed as they are (a page of the rest)."""

    def __init__(self, lines: Iterable[list[Segment]]):
        self.lines = list(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


def paged(lines: list[list[Segment]], width: int, rows: int) -> list[list[list[Segment]]]:
    """``lines`` cut into pages of at most ``rows`` terminal rows (a line longer than ``width``,
    a URL kept whole, takes more than one)."""
    pages: list[list[list[Segment]]] = [[]]
    used = 0
    for line in lines:
        tall = max(1, -(-Segment.get_line_length(line) // width))
        if pages[-1] and used + tall > rows:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += tall
    return pages


@dataclass(frozen=True)
class Screen:
    """The head and the rest rendered at one size, the rest cut into pages that fit under the head."""

    head: Lines
    pages: list[list[list[Segment]]]

    @property
    def lines(self) -> int:
        return sum(len(p) for p in self.pages)

    def page(self, n: int) -> Group:
        """Page ``n`` (from 0): the head, then its part of the rest."""
        return Group(self.head, Lines(self.pages[n]))


def lay_out(a: Answered, console: Console, height: int | None = None) -> Screen:
    """``a`` laid out for ``console``'s width and ``height`` rows (the console's height by default)."""
    options = console.options.update(height=None)
    width = options.max_width
    top = console.render_lines(head(a, width), options, pad=False)
    # split, not cropped: a URL longer than the width stays whole (the terminal wraps it)
    body = list(Segment.split_lines(console.render(Group(*rest(a)), options)))
    rows = (height or console.size.height) - max(PAUSE_ROWS, a.prompt_rows) - len(top)
    return Screen(Lines(top), paged(body, width, max(MIN_PAGE, rows)))


def show(a: Answered, console: Console, prompter: Prompter) -> Command | None:
    """Show the answer screen; page the rest when it does not fit. Returns UNDO or QUIT when the
    learner pressed ``u`` or ``q`` at a "more" prompt, else None. Off a terminal, all of it."""
    screen = lay_out(a, console)
    last = len(screen.pages) - 1
    if not console.is_terminal or not last:
        console.clear()
        console.print(screen.head)
        console.print(Lines(line for page in screen.pages for line in page), crop=False)  # URLs whole
        return None
    for n in range(len(screen.pages)):
        console.clear()
        console.print(screen.page(n), crop=False)
        if n == last:
            break
        seen = sum(len(p) for p in screen.pages[: n + 1])
        more = prompter.choose(
            f"More below ({seen}/{screen.lines})",
            [("Show more", MORE), ("Skip the rest", SKIP)],
            default=MORE,
            keys={" ": MORE, "m": MORE, "s": SKIP},
            instruction="(Enter: more · s: skip · q: quit)",  # fits one row of 60 columns
        )
        if isinstance(more, Command):
            return more
        if more == SKIP:  # the same page again, without the "More below" line: the next prompt fits under it
            console.clear()
            console.print(screen.page(n), crop=False)
            break
    return None
