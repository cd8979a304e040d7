"""A scripted Prompter: answers prompts from a list, the way a learner would, without a terminal."""

from __future__ import annotations

from typing import Any


class ScriptedPrompter:
    """Each call pops the next scripted reply. A reply may be a value, a Command, or a callable
    taking the options (label, value) and returning a value (e.g. pick by label)."""

    def __init__(self, *replies: Any):
        self.replies = list(replies)
        self.asked: list[str] = []
        self.ticked: list[list] = []  # the options ticked when each choose-several list opened

    def _next(self, message: str, options=None) -> Any:
        self.asked.append(message)
        if not self.replies:  # a test that scripts too few answers fails instead of quitting quietly
            raise AssertionError(f"the script ran out at the prompt {message!r}")
        reply = self.replies.pop(0)
        return reply(options) if callable(reply) else reply

    def choose(self, message, options, *, default=None, keys=None, instruction="", rows=None):
        reply = self._next(message, options)
        return default if reply is ENTER else reply

    def choose_many(self, message, options, count, *, default=(), rows=None):
        self.ticked.append(list(default))
        reply = self._next(message, options)
        return list(default) if reply is ENTER else reply  # Enter confirms the ticks as they are

    def type_answer(self, message):
        return self._next(message)

    def pause(self, message="Press Enter to continue", *, undo=True):
        reply = self._next(message)
        return None if reply is ENTER else reply


ENTER = object()  # "pressed Enter": the default choice / continue


def label(text: str):
    """Pick the option whose label is ``text``."""

    def pick(options):
        for shown, value in options:
            if shown == text:
                return value
        raise AssertionError(f"no option {text!r} among {[o[0] for o in options]}")

    return pick
