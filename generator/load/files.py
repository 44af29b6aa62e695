"""Reading content files, whose faults are the user's too: a file that cannot
be read, a dangling symbolic link, a folder named like a file, a file that
is gone. Each is a ``path: error: …`` problem, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Pos, Problem, UserError, display_path


def read_bytes(path: Path) -> bytes:
    """The bytes of a content file; a :class:`UserError` at ``path`` when it
    cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError([Problem(Pos(display_path(path)), unreadable(path, error))]) from None


def read_text(path: Path) -> str:
    """The text of a content file (UTF-8)."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError([Problem(Pos(display_path(path), line), not_utf8(data, error))]) from None


def unreadable(path: Path, error: OSError) -> str:
    """Why ``path`` could not be read, as a user reads it."""
    if path.is_symlink() and not path.exists():
        return f"dangling symbolic link (its target {os.readlink(path)} does not exist)"
    if path.is_dir():
        return "a folder where a file is expected"
    if not path.exists():
        return "file not found (removed while marco was running?)"
    return f"cannot read file ({error.strerror or error})"


def not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    return f"not UTF-8 text ({error.reason}: byte 0x{data[error.start]:02x})"
