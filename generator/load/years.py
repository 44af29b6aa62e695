"""Years typed in text. A framework's year is data (``year``): its titles
write it as ``{year}`` and documents as ``{{ framework.year }}``, so that
next year's copy follows the new year. A phrase that claims a year as the
framework's and names another one is stale text, an error at its line: in
the framework's own texts, and in the front matter and prose of a document
that names the framework (``data.framework``). A title claims it with "año
2012" or "Programa Marco 2012"; running text, where "se inició el año 2005"
is history, with "Programa Marco 2012", "el marco 2012" or "para el año
2012". Other years (a law's "de 2007", a circular's date) are no claim to
be the framework's and are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import Pos, Problem
from ..model.base import SRC, Src
from ..model.content import Content, Framework

if TYPE_CHECKING:  # the Markdown reader imports markdown-it and Jinja: not on the loader's path
    from ..read.markdown import FrontMatter

#: A phrase of a title that names a year as the framework's: "año 2012",
#: "AÑO 2009", "Programa Marco 2012".
IN_TITLE = re.compile(r"\b(?:año|marco)\s+(\d{4})\b", re.IGNORECASE)
#: A phrase of running text that names a year as the framework's:
#: "Programa Marco 2012", "el marco 2012", "para el año 2012".
IN_PROSE = re.compile(r"\b(?:marco|para\s+el\s+año)\s+(\d{4})\b", re.IGNORECASE)
#: A Jinja comment of a content template (``{## … ##}``): notes, not text.
JINJA_COMMENT = re.compile(r"\{##.*?##\}", re.S)


def claimed_years(text: str, title: bool) -> Iterator[re.Match[str]]:
    """Each phrase of ``text`` (a title's, or running text) that names a
    year as the framework's; its group 1 is the year."""
    return (IN_TITLE if title else IN_PROSE).finditer(text)


def _stale(text: str | None, pos: Pos, what: str, year: int,
           title: bool = False) -> list[Problem]:
    return [Problem(pos, f"{what} says {match[1]} but the framework's year is {year}")
            for match in claimed_years(text or "", title) if int(match[1]) != year]


def framework_year_problems(framework: Framework) -> list[Problem]:
    """Every text of ``framework`` that claims a year other than its own."""
    year = framework.year
    problems = _stale(framework.title, framework.pos("title"), "the title", year, title=True)
    problems += _stale(framework.short_title, framework.pos("short_title"), "the short title",
                       year, title=True)
    for name, text in framework.footnotes.items():
        problems += _stale(text, framework.pos("footnotes"), f"footnote '{name}'", year)
    for area in framework.areas:
        problems += _stale(area.name, area.pos("name"), f"the name of area '{area.id}'", year)
        for system in area.systems:
            texts = [("name", "the name"), ("general_objective", "the general objective"),
                     ("advanced_objective", "the advanced objective")]
            for key, what in texts:
                problems += _stale(getattr(system, key), system.pos(key),
                                   f"{what} of system '{system.id}'", year)
            for objective in system.all_objectives():
                problems += _stale(objective.text, objective.pos("text"),
                                   f"objective '{objective.id}'", year)
    return problems


def document_year_problems(front: FrontMatter, body: str, content: Content) -> list[Problem]:
    """Every phrase of a document (its front matter ``front`` and its
    ``body``, whose lines are the file's) that claims a year other than that
    of the framework its ``data.framework`` names. A document that names no
    known framework claims none (its assembler reports an unknown one)."""
    named = front.data.get("framework")
    framework = next((f for f in content.frameworks if f.id == named), None)
    if framework is None:
        return []
    year = framework.year
    problems = _stale(front.title, front.pos("title"), "the title", year, title=True)
    for pos, text in _strings(front.data, front.data_src):
        problems += _stale(text, pos, "the front matter", year, title=True)
    prose = JINJA_COMMENT.sub(lambda comment: "\n" * comment[0].count("\n"), body)
    for number, line in enumerate(prose.splitlines(), 1):
        problems += _stale(line, Pos(front.pos().path, number), "the text", year)
    return problems


def _strings(data: Any, src: Src) -> Iterator[tuple[Pos, str]]:
    """The texts of front matter data, each with the line of its key (or item)."""
    for key, value in data.items():
        if key == SRC:
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            pos = src.at(key, index if isinstance(value, list) else None)
            if isinstance(item, str):
                yield pos, item
            elif isinstance(item, dict):
                yield from _strings(item, item.get(SRC, Src(pos.path, pos.line)))
