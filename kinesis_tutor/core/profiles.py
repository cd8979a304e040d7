"""Profiles: the learners whose progress one database keeps apart. A name, not a permission:
who may read or write the database is decided by the database itself (its roles, or the file's
permissions)."""

from __future__ import annotations

import getpass

from kinesis_tutor.core.errors import EXIT_USAGE, TutorError

DEFAULT = "default"  # when no login name can be found
MAX_LENGTH = 64


def login_name() -> str:
    """The default profile: the login name of whoever runs kinesis-tutor."""
    try:
        return getpass.getuser() or DEFAULT
    except (KeyError, OSError):  # no user name in the environment nor in the password database
        return DEFAULT


def checked(name: str) -> str:
    """``name`` as a profile name, or a usage error saying what is wrong with it."""
    if not name.strip():
        raise TutorError("a profile name cannot be empty", exit_code=EXIT_USAGE)
    if len(name) > MAX_LENGTH or any(not ch.isprintable() for ch in name):
        raise TutorError(
            f"'{name[:MAX_LENGTH]}' is not a profile name: at most {MAX_LENGTH} printable characters",
            exit_code=EXIT_USAGE,
        )
    return name
