"""Deck and learner text made safe for a terminal, without Rich (the light commands use it too).

``shown`` writes control characters as ``\\x1b``, ``\\t``…; ``render.data`` builds a Rich ``Text``
from it.
"""

from __future__ import annotations

import json
import math
import re
import sys

# C0 controls but the newline, DEL and C1 controls: shown as \xNN (a tab as \t), never written raw.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return "\\t" if char == "\t" else f"\\x{ord(char):02x}"


def shown(value: object) -> str:
    """Deck or learner text as it may reach the terminal: control characters (an escape
    sequence, a tab, a bell) written as ``\\x1b``, ``\\t``…, so they can neither move the cursor,
    retitle the terminal nor shift a panel's border."""
    return _CONTROL.sub(_escaped, str(value))


def plural(n: int, word: str) -> str:
    """``1 day``, ``2 days``, ``1,275 answers``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def percent(share: float | None) -> str:
    """``38%`` (half up: 0.375 is 38%), or ``—`` when there is no figure."""
    return "—" if share is None else f"{math.floor(share * 100 + 0.5)}%"


def print_json(value: object) -> None:
    """What every ``--json`` prints: the value indented by two, non-ASCII text as it is."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
