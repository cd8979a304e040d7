"""The questions ``decks add`` asks for a card, kind by kind, through a :class:`CardPrompter`.

The prompter only shows a question and returns the answer (``ui/authoring_prompts.py`` does it
with questionary; the tests script it). What is asked, with which default and which check,
is decided here. ``previous`` holds the answers of the last attempt, offered again as defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

Option = tuple[str, Any]  # (label shown, value returned)
Check = Callable[[Any], "bool | str"]  # True, or what is wrong

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LINES_HINT = "(one per line; Esc then Enter, or Alt-Enter, to finish)"
MULTILINE_HINT = "(Esc then Enter, or Alt-Enter, to finish)"


class CardPrompter(Protocol):
    def select(self, message: str, options: Sequence[Option], default: Any = None) -> Any:
        """One option's value."""

    def text(
        self,
        message: str,
        *,
        default: str = "",
        check: Check | None = None,
        multiline: bool = False,
        instruction: str | None = None,
        long: bool = False,
    ) -> str:
        """The text typed (``check`` refuses an answer until it returns True); a ``long`` one (an
        explanation, an answer with code) may be written in the author's editor."""

    def checkbox(
        self, message: str, options: Sequence[Option], *, checked: Iterable[Any] = (), check: Check | None = None
    ) -> list[Any]:
        """The values of the options ticked."""

    def confirm(self, message: str, default: bool) -> bool: ...

    def show_problems(self, problems: list[str]) -> None:
        """Say why the card as answered cannot be written."""


def split_lines(text: str) -> list[str]:
    """One entry per non-empty line (choices are typed one per line)."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def split_list(text: str) -> list[str]:
    """Comma-separated words (tags, clues)."""
    return [part.strip() for part in str(text).split(",") if part.strip()]


def suggest_id(kind: str, taken: set[str]) -> str:
    n = 1
    while f"{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"


def required(label: str) -> Check:
    return lambda text: True if str(text).strip() else f"{label} cannot be empty"


def all_of(checks: list[Check]) -> Check:
    """The first complaint of ``checks``, or True."""

    def check(value: Any) -> bool | str:
        for one in checks:
            verdict = one(value)
            if verdict is not True:
                return verdict
        return True

    return check


def known_facts(facts: dict[str, str]) -> Check:
    """Every ${name} in the text is a fact the deck can use (``$${name}`` is written as is)."""
    from kinesis_tutor.core.errors import did_you_mean

    def check(value: Any) -> bool | str:
        for name in re.findall(r"(?<!\$)\$\{([A-Za-z0-9_.\-]+)\}", str(value)):
            if name not in facts:
                return f"unknown fact '${{{name}}}'{did_you_mean(name, facts)}"
        return True

    return check


def cloze_ok(text: Any) -> bool | str:
    """The loader's rules for deletions, as the text is typed."""
    from kinesis_tutor.core.cards import CLOZE, cloze_numbers

    text = str(text)
    if not cloze_numbers(text):
        return "write at least one deletion such as {{c1::answer}}"
    if "{{" in CLOZE.sub("", text):
        return "a deletion is not closed or not written {{cN::answer}}"
    if any(not m.group(2).strip() for m in CLOZE.finditer(text)):
        return "a deletion is empty"
    return True


def tolerance_for(answer: str) -> Check:
    """A tolerance the numeric ``answer`` can use: a number in its unit, or a percentage."""
    from kinesis_tutor.core import units

    def check(value: Any) -> bool | str:
        value = str(value).strip()
        if not value or "${" in answer + value:
            return True
        try:
            units.parse_tolerance(value, units.parse_quantity(answer))
        except (ValueError, units.UnitError):
            return f"'{value}' is not a tolerance: a number in the answer's unit (e.g. 0.1) or a percentage (e.g. 5%)"
        return True

    return check


class _Asker:
    """One attempt at a card: the prompter, the previous answers and the answers so far."""

    def __init__(self, prompter: CardPrompter, previous: dict[str, Any], facts: dict[str, str]) -> None:
        self.p = prompter
        self.previous = previous
        self.facts = facts
        self.fields: dict[str, Any] = {}

    def text(self, key: str, message: str, *, is_required: bool = True, check: Check | None = None, **kw: Any) -> str:
        """A text field, checked as it is typed: not empty (if required), known ${facts}, then ``check``."""
        default = self.previous.get(key)
        if isinstance(default, list):
            default = ", ".join(default)
        checks = [required(message.rstrip(":?"))] if is_required else []
        checks += [known_facts(self.facts)] + ([check] if check else [])
        return self.p.text(message, default=str(default or ""), check=all_of(checks), **kw).strip()

    def lines(self, key: str, message: str, minimum: int) -> list[str]:
        def ok(value: str) -> bool | str:
            n = len(split_lines(value))
            return True if n >= minimum else f"write at least {minimum}, one per line ({n} so far)"

        default = "\n".join(self.previous.get(key) or [])
        answer = self.p.text(message, default=default, check=ok, multiline=True, instruction=LINES_HINT)
        return split_lines(answer)

    def pick(self, message: str, values: list[Any], key: str = "answer") -> Any:
        default = self.previous.get(key) if self.previous.get(key) in values else None
        return self.p.select(message, [(str(v), v) for v in values], default)


def ask_fields(
    prompter: CardPrompter,
    kind: str,
    taken: set[str],
    catalog: dict[str, Any],
    previous: dict[str, Any],
    facts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Every field of a card of ``kind``; ``taken`` are the ids the deck already uses; ``facts`` the
    ${names} its text may use."""
    a = _Asker(prompter, previous, facts or {})

    def valid_id(value: str) -> bool | str:
        value = value.strip()
        if not ID_PATTERN.match(value):
            return "letters, digits, '.', '_' and '-' only, starting with a letter or digit"
        if value in taken:
            return f"the deck already has a card '{value}'"
        return True

    a.fields["id"] = prompter.text(
        "Card id (stable: your review history follows it):",
        default=str(previous.get("id") or suggest_id(kind, taken)),
        check=valid_id,
    ).strip()
    KIND_QUESTIONS[kind](a, catalog)
    _ask_common(a)
    return a.fields


def _basic(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["front"] = a.text("front", "Front (the question):", long=True)
    a.fields["back"] = a.text("back", "Back (the answer):", long=True)


def _cloze(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["text"] = a.text(
        "text", "Text with deletions, e.g. One shard takes {{c1::1,000}} records/s:", check=cloze_ok, long=True
    )


def _mcq(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["question"] = a.text("question", "Question:", long=True)
    choices = a.fields["choices"] = a.lines("choices", "Choices:", 2)
    a.fields["answer"] = a.pick("Which choice is right?", choices)


def _multi(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["question"] = a.text("question", "Question:", long=True)
    choices = a.fields["choices"] = a.lines("choices", "Choices:", 3)
    a.fields["answers"] = a.p.checkbox(
        "Which choices are right?",
        [(c, c) for c in choices],
        checked=set(a.previous.get("answers") or []),
        check=lambda picked: (
            True if 2 <= len(picked) < len(choices) else f"tick at least 2 and at most {len(choices) - 1}"
        ),
    )


def has_unit(value: str) -> bool | str:
    """A numeric answer needs a unit (or a ${fact}, checked by the loader)."""
    from kinesis_tutor.core import units

    if "${" in value:
        return True
    try:
        q = units.parse_quantity(value)
    except units.UnitError as exc:
        return str(exc)
    return True if q.has_unit else "add a unit, e.g. '1 MB/s', '24 hours' or '1000 records'"


def _numeric(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["question"] = a.text("question", "Question:", long=True)
    answer = a.fields["answer"] = a.text(
        "answer", "Answer with its unit (e.g. 1 MB/s, 24 hours, 1000 records):", check=has_unit
    )
    a.fields["tolerance"] = a.text(
        "tolerance",
        "Tolerance (optional: absolute in the answer's unit, or e.g. 5%):",
        is_required=False,
        check=tolerance_for(answer),
    )


def _truefalse(a: _Asker, catalog: dict[str, Any]) -> None:
    a.fields["statement"] = a.text("statement", "Statement:", long=True)
    a.fields["answer"] = a.p.select("Is it true?", [("true", True), ("false", False)], None)


def _scenario(a: _Asker, catalog: dict[str, Any]) -> None:
    situation = a.fields["situation"] = a.text(
        "situation", "Situation (what the learner reads):", multiline=True, instruction=MULTILINE_HINT, long=True
    )
    options = a.fields["options"] = a.p.checkbox(
        "Options offered (from the service catalog):",
        [(f"{s.id} — {s.name}", s.id) for s in catalog.values()],
        checked=set(a.previous.get("options") or []),
        check=lambda picked: True if len(picked) >= 2 else "tick at least 2 services",
    )
    answer = a.fields["answer"] = a.pick("Which option is right?", options)
    a.fields["why"] = a.text("why", f"Why {answer} fits:", long=True)
    old = a.previous.get("why_not") or {}
    a.fields["why_not"] = {
        option: a.p.text(f"Why not {option}:", default=str(old.get(option) or ""), check=required("the reason")).strip()
        for option in options
        if option != answer
    }

    def in_situation(value: Any) -> bool | str:
        missing = [c for c in split_list(value) if c.lower() not in situation.lower()]
        return f"'{missing[0]}' does not occur in the situation" if missing else True

    a.fields["clues"] = split_list(
        a.text(
            "clues", "Clues (optional: comma-separated words of the situation):", is_required=False, check=in_situation
        )
    )


KIND_QUESTIONS: dict[str, Callable[[_Asker, dict[str, Any]], None]] = {
    "basic": _basic,
    "cloze": _cloze,
    "mcq": _mcq,
    "multi": _multi,
    "numeric": _numeric,
    "truefalse": _truefalse,
    "scenario": _scenario,
}


def _ask_common(a: _Asker) -> None:
    a.fields["explanation"] = a.text("explanation", "Explanation (shown after answering):", long=True)
    a.fields["tags"] = split_list(a.text("tags", "Tags (optional, comma-separated):", is_required=False))
    a.fields["source"] = a.text("source", "Source (optional: a link or a note):", is_required=False)
    if not a.p.confirm("Did this fact change over time (a 'changed' note)?", bool(a.previous.get("changed"))):
        a.fields["changed"] = None
        return
    old = a.previous.get("changed") or {}
    a.fields["changed"] = {
        "before": a.p.text(
            "What older notes and exam questions say:", default=old.get("before", ""), check=required("this")
        ),
        "now": a.p.text("What is true now:", default=old.get("now", ""), check=required("this")),
        "since": a.p.text("Since when (optional):", default=old.get("since", "")),
    }
