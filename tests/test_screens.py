"""Every bundled card's answer screen, right and wrong, as a terminal shows it (pyte) at 80×24 and
60×20: the question's first line, the verdict, the learner's answer and the right answer are on the
first page with room for the prompt below, and every option is shown whole on some page."""

from __future__ import annotations

import io
import re

import pyte
import pytest
from rich.console import Console

from kinesis_tutor.app.paths import content_dir
from kinesis_tutor.core.cards import Card
from kinesis_tutor.decks.loader import load_library
from kinesis_tutor.ui import answer_screen, render
from kinesis_tutor.ui.answer_screen import PAUSE_ROWS, Answered

BORDERS = re.compile(r"[│╭╮╰╯─]")


@pytest.fixture(scope="module")
def cards() -> list[Card]:
    return load_library([content_dir()]).cards()


def flat(text: str) -> str:
    """Words only: no borders, one space between words (a wrapped line joins its next one)."""
    return " ".join(BORDERS.sub(" ", text).split())


def wrong_answer(card: Card) -> Answered:
    wrong = [c for c in card.choices if c not in card.answer]
    if card.kind == "multi":
        picked = [*card.answer[:-1], wrong[0]]
        given = "; ".join(card.label(c) for c in picked)
        return Answered(card, False, given, tuple(picked), progress="3 / 20", prompt_rows=PAUSE_ROWS)
    if wrong:
        return Answered(card, False, card.label(wrong[0]), (wrong[0],), progress="3 / 20", prompt_rows=PAUSE_ROWS)
    if card.kind == "basic":  # self-graded: the answer, then the grade
        return Answered(card, None, progress="3 / 20")
    return Answered(card, False, "no idea", progress="3 / 20", prompt_rows=PAUSE_ROWS)


def right_answer(card: Card) -> Answered:
    if card.kind == "basic":
        return Answered(card, None, progress="3 / 20")
    chosen = tuple(card.answer) if card.choices else ()
    return Answered(card, True, render.answer_text(card), chosen, progress="3 / 20")


def first_page(a: Answered, columns: int, rows: int) -> tuple[str, int]:
    """(the screen as text, the row the cursor is on) after the first page is printed."""
    out = io.StringIO()
    console = Console(file=out, width=columns, height=rows, force_terminal=True, color_system=None)
    console.print(answer_screen.lay_out(a, console).page(0), crop=False)
    screen = pyte.Screen(columns, rows)
    pyte.Stream(screen).feed(out.getvalue().replace("\n", "\r\n"))
    return "\n".join(screen.display), screen.cursor.y


def whole(a: Answered, columns: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=columns, height=1000, color_system=None)
    screen = answer_screen.lay_out(a, console)
    for n in range(len(screen.pages)):
        console.print(screen.page(n), crop=False)  # as answer_screen.show prints it
    return out.getvalue()


@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 20)])
def test_every_answer_screen_keeps_question_verdict_and_answer_in_view(cards, columns, rows):
    problems = []
    for card in cards:
        for a in (right_answer(card), wrong_answer(card)):
            text, row = first_page(a, columns, rows)
            seen = flat(text)
            question = answer_screen.first_line(card.prompt, columns - 4).rstrip("…")
            wanted = [flat(question), flat(render.answer_text(card))]
            if a.correct is not None:
                wanted.append("✔ Right" if a.correct else "✘ Not quite")
            if a.given and not a.correct:
                wanted.append(flat(a.given))
            missing = [w for w in wanted if w not in seen]
            if missing or row > rows - a.prompt_rows:
                problems.append(f"{card.key} ({'right' if a.correct else 'wrong'}): {missing or f'row {row}'}")
    assert not problems, f"{len(problems)} screens:\n" + "\n".join(problems[:20])


def test_every_option_and_reason_is_shown_whole_at_80_columns(cards):
    problems = []
    for card in cards:
        a = wrong_answer(card)
        seen = flat(whole(a, 80))
        labels = [card.label(c) for c in card.choices] if card.kind != "truefalse" else []
        reasons = [reason for _option, reason in card.why_not]
        missing = [x for x in [*labels, *reasons, card.explanation] if flat(x) not in seen]
        if missing:
            problems.append(f"{card.key}: {missing}")
        texts = [*labels, *reasons, card.explanation, card.context, render.answer_text(card), card.prompt, a.given]
        texts += [card.changed.before, card.changed.now] if card.changed else []
        written = " ".join(texts)
        if seen.replace(flat(answer_screen.first_line(card.prompt, 76)), "").count("…") > written.count("…"):
            problems.append(f"{card.key}: cut with …")
    assert not problems, f"{len(problems)} screens:\n" + "\n".join(problems[:20])


def test_every_source_url_is_printed_whole_and_is_a_link_in_a_terminal(cards):
    """A URL is never broken inside (on its own line, longer than the panel if need be: the
    terminal wraps it, copied in one piece) and is a link where the terminal has them."""
    urls = 0
    for card in cards:
        found = re.findall(r"https?://\S+", card.source or "")
        if not found:
            continue
        text = whole(right_answer(card), 80)
        for url in found:
            urls += 1
            assert url in text.splitlines(), (card.key, url)
    assert urls > 100
    card = next(c for c in cards if c.source and "https://" in c.source)
    out = io.StringIO()
    Console(file=out, width=80, force_terminal=True, color_system="standard").print(render.source_line(card.source))
    url = re.findall(r"https?://\S+", card.source)[0]
    assert "\x1b]8;id=" in out.getvalue() and f";{url}\x1b\\" in out.getvalue()


def test_no_question_shows_the_internal_table_tag(cards):
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    tables = [card for card in cards if card.origin == "table"]
    assert len(tables) > 10
    for card in tables:
        console.print(render.question_panel(card, "1 / 2"))
        console.print(render.preview(card))
    assert "#table" not in out.getvalue()
    # the tags a learner studies by are still shown with them
    topics = {t for card in tables for t in render.visible_tags(card)}
    assert topics and all(f"#{t}" in out.getvalue() for t in topics)


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_decks_show_and_stats_fit_the_terminal_and_cut_no_question(tmp_path, monkeypatch, cards, columns):
    from typer.testing import CliRunner

    from kinesis_tutor.cli import app

    monkeypatch.setenv("COLUMNS", columns)
    width = min(int(columns), render.READING_WIDTH)
    shown = CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "decks", "show", "kds-limits"])
    assert shown.exit_code == 0, shown.output
    assert max(len(line) for line in shown.stdout.splitlines()) <= width
    column = [line.split("│")[3] for line in shown.stdout.splitlines() if line.count("│") == 4]
    seen = "".join("".join(column).split())  # the question column; a long word is folded, not cut
    for card in cards:
        if card.deck == "kds-limits":
            assert flat(card.prompt).replace(" ", "") in seen, card.key
    stats = CliRunner().invoke(app, ["--db", str(tmp_path / "p.db"), "stats"])
    assert stats.exit_code == 0, stats.output
    assert max(len(line) for line in stats.stdout.splitlines()) <= width
    assert "…" not in "".join(line for line in stats.stdout.splitlines() if line.startswith(" exam-"))
