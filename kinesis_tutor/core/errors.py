"""The one domain error type, caught at the CLI edge and printed as one line."""

from __future__ import annotations

from collections.abc import Iterable

# Documented exit codes (see README): 0 ok, 1 a problem found, 2 bad usage.
EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class TutorError(Exception):
    """A problem the user can act on. ``str(error)`` is the whole message."""

    exit_code = EXIT_PROBLEM

    def __init__(self, message: str, *, exit_code: int | None = None, details: list[str] | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
        self.details = details or []


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the option closest to ``word``, or nothing."""
    import difflib

    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def no_such_deck(deck: str, known: Iterable[str], *, exit_code: int = EXIT_PROBLEM) -> TutorError:
    return TutorError(
        f"no deck '{deck}'{did_you_mean(deck, sorted(known))}; 'kinesis-tutor decks list' shows them",
        exit_code=exit_code,
    )
