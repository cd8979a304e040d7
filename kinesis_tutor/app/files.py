"""The one way the program writes a file: whole or not at all.

``write_text`` writes to a temporary file in the target's folder, flushes it to disk, gives it
the target's permissions and renames it over the target, so that a crash or a full disk never
leaves half a file. A symbolic link is followed (its target is replaced, the link stays); a
target that exists but is not a regular file (``/dev/stdout``, a FIFO) is written in place;
``-`` means standard output.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

STDOUT = "-"


def write_text(target: Path | str, text: str, *, exclusive: bool = False) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``target`` atomically.

    With ``exclusive`` the target must not exist yet: ``FileExistsError`` is raised if it does,
    even if it appears while writing. Raises ``OSError`` when the file cannot be written.
    """
    if str(target) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_bytes(target, text.encode("utf-8"), exclusive=exclusive)


def write_bytes(target: Path | str, data: bytes, *, exclusive: bool = False) -> None:
    """``write_text`` for ``data`` as it is (``-`` is no standard output here, but a file's name)."""
    try:
        mode = os.stat(target).st_mode  # through any symbolic link
    except FileNotFoundError:
        mode = None
    if mode is not None and exclusive:
        raise FileExistsError(17, os.strerror(17), str(target))
    if mode is not None and not stat.S_ISREG(mode):  # /dev/stdout, /dev/null, a FIFO: in place
        with open(target, "wb") as fh:
            fh.write(data)
        return
    path = Path(os.path.realpath(target)) if Path(target).is_symlink() else Path(target)
    _replace(path, data, mode, exclusive)


def _replace(path: Path, data: bytes, mode: int | None, exclusive: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, stat.S_IMODE(mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if exclusive:
            os.link(tmp, path)  # fails if the target appeared meanwhile: never overwrites
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
