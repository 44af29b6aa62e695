"""User errors: every one carries a source position and is reported as
``path:line: error: message``. A run collects all of them before stopping."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a source file (1-based line)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str

    def __str__(self) -> str:
        return f"{self.pos}: error: {self.message}"


class UserError(Exception):
    """One or more problems in the user's content or templates."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.pos, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateInputError(ValueError):
    """A documented helper of content templates (a filter, a function in a
    template's scope) was given what it cannot take: the template author's
    error, reported at the template line."""


class MissingData(TemplateInputError):
    """A template used data its content lacks (a rule the framework does not
    have): reported at the template line with the data's own message."""


@dataclass
class Problems:
    """Collects problems during a pass; ``raise_if_any`` stops the run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, message))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise UserError(self.items)


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when
    inside it (a symbolic link named as such, not as what it points to)."""
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else the empty string."""
    close = get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
