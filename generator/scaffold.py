"""``marco new``: next year's framework or circular, copied from this
year's with what follows the year updated, and the list of what the
analyst must still edit.

A copy keeps its source's text, comments and order. A framework's copy
takes the new ``id`` and ``year`` and leaves out the approving decree (the
new one is not signed yet); its titles write the year as ``{year}``, so
they need nothing. A circular's copy points at the new framework and takes
a new ``id``, its ``date`` and ``reply_by`` moved on by as many years as
the frameworks are apart. In both, a phrase that names the old framework's
year as the framework's ("año 2012", :mod:`generator.load.years`) names the
new one; comments are left as they are. What only the analyst knows (the
decree, the circular's number and dates, which systems are new or
voluntary and what the prose says of them) is listed at its line of the
copy, with every line that still names an old year. Nothing is written
when the copy would not read, and no file is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import Pos, Problem, Problems, UserError, did_you_mean, display_path
from .kinds import KINDS, Markdown
from .load.content import load_content
from .load.files import read_text
from .load.validate import validate_model
from .load.yamlsrc import YamlProblem, parse_yaml
from .load.years import JINJA_COMMENT, claimed_years
from .model.base import ID_PATTERN
from .model.content import Content, Framework
from .read.markdown import FRONT_MATTER, split_front_matter

#: What a circular's prose says of particular systems or of the rules, which
#: may not hold for the new framework.
SYSTEM_PROSE = re.compile(r"\b(?:new_systems|voluntary_systems|system\(|required\(|min_stage\()")
#: How much of a line a listed item quotes.
QUOTED = 72


class ScaffoldError(ValueError):
    """What ``marco new`` was asked cannot be done: an unknown id, a year
    that has its framework, a file that exists."""


@dataclass
class Scaffold:
    """A copy written by ``marco new``: its file, what it is, and what the
    analyst must still edit there, by line."""

    path: Path
    made: str
    todo: list[tuple[Pos, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report: the file written, then each item to edit as ``path:line: …``."""
        todo = sorted(self.todo, key=lambda item: item[0].line)
        return [f"wrote {display_path(self.path)}: {self.made}",
                "still to edit (then run marco check):",
                *(f"  {pos}: {what}" for pos, what in todo)]


# ------------------------------------------------------------ framework


def new_framework(root: Path, source_id: str, year: int, new_id: str | None = None) -> Scaffold:
    """Write next year's framework (``year``) as a copy of framework ``source_id``."""
    content = load_content(root, with_commitments=False)
    old = _framework(content, source_id)
    if year == old.year:
        raise ScaffoldError(f"framework '{old.id}' is the {year} one already")
    for key in old.mechanisms:
        taken = content.framework_for(key, year)
        if taken is not None:
            raise ScaffoldError(f"the {key} framework for {year} exists already: "
                                f"'{taken.id}' ({taken.pos().path})")
    new_id = _valid_id(new_id or _next_id(old.id, {old.year: year}, "framework"))
    if new_id in (f.id for f in content.frameworks):
        raise ScaffoldError(f"there is a framework '{new_id}' already")
    path = root / "frameworks" / f"{new_id}.yaml"
    _check_free(path)

    lines = read_text(Path(old.pos().path)).splitlines(keepends=True)
    _set_value(lines, old.pos("id"), "id", new_id)
    _set_value(lines, old.pos("year"), "year", str(year))
    titles = {old.pos(key).line for key in ("title", "short_title") if key in old.src.key_lines}
    lines = [line if line.lstrip().startswith("#")
             else _renew_claims(line, old.year, year, title=number in titles)
             for number, line in enumerate(lines, 1)]
    decree_line = old.pos("year").line
    if old.decree is not None:  # last: the lines after it move
        decree_line = _drop_block(lines, old, "decree", "# decree: the decree that approves "
                                                        "it (number, date), once signed\n")
    text = "".join(lines)

    shown = display_path(path)
    framework = _read_framework(text, shown)
    todo = [(Pos(shown, decree_line), "decree: the number and date of the decree that "
                                      f"approves the {year} Programa Marco, once signed"),
            (framework.pos("areas"), f"the areas and systems of {year}: add the new ones "
                                     "(new: true), take out those that end"),
            (framework.pos("rules"), f"the rules of {year}: weights, required systems, "
                                     "minimum stages, tiers")]
    for _, system in framework.systems():
        if system.new:
            todo.append((system.pos("new"), f"system '{system.id}' is marked new: "
                                            f"is it new in {year}?"))
        if system.voluntary:
            todo.append((system.pos("voluntary"), f"system '{system.id}' is voluntary: "
                                                  f"is it still in {year}?"))
    todo += _naming(text, shown, {old.year}, skip=set())
    _write(path, text)
    return Scaffold(path, f"framework '{new_id}', year {year}, from '{old.id}'", todo)


def _read_framework(text: str, shown: str) -> Framework:
    """The framework ``text`` holds (a :class:`UserError` when it would not read)."""
    try:
        data = parse_yaml(text, shown)
    except YamlProblem as error:
        raise UserError([error.problem]) from None
    problems = Problems()
    framework = validate_model(Framework, data, shown, problems)
    problems.raise_if_any()
    assert framework is not None
    return framework


def _drop_block(lines: list[str], framework: Framework, key: str, note: str) -> int:
    """Replace the top-level ``key`` and its value by the comment ``note``;
    the note's line."""
    start = framework.pos(key).line
    after = [line for line in framework.src.key_lines.values() if line > start]
    end = min(after) if after else len(lines) + 1
    while end - 1 > start and (not lines[end - 2].strip() or lines[end - 2].startswith("#")):
        end -= 1  # blank lines and comments before the next key are that key's
    lines[start - 1:end - 1] = [note]
    return start


# ------------------------------------------------------------ circular


def new_circular(root: Path, source: str, framework_id: str | None = None,
                 new_id: str | None = None) -> Scaffold:
    """Write a circular proposing the framework ``framework_id`` (default:
    the one of the year after the copied circular's) as a copy of circular
    ``source`` (its id, or its file)."""
    content = load_content(root, with_commitments=False)
    source_path = _circular(root, source)
    text = read_text(source_path)
    front, _ = split_front_matter(text, display_path(source_path))
    if front.kind != KINDS["circular"].name:
        raise ScaffoldError(f"{display_path(source_path)} is a document of kind '{front.kind}', "
                            "not a circular")
    named = front.data.get("framework")
    old = next((f for f in content.frameworks if f.id == named), None)
    if old is None:
        raise UserError([Problem(front.data_src.at("framework"),
                                 f"the circular names no known framework (got {named!r})")])
    new = _framework(content, framework_id) if framework_id else _following(content, old)
    years = new.year - old.year
    if years < 1:
        raise ScaffoldError(f"framework '{new.id}' ({new.year}) does not follow the "
                            f"circular's '{old.id}' ({old.year})")
    date = _years_on(front.date, years)
    new_id = _valid_id(new_id or _next_id(front.id, {front.date.year: date.year,
                                                     old.year: new.year}, "circular"))
    path = source_path.parent / f"{new_id}.md"
    _check_free(path)

    lines = text.splitlines(keepends=True)
    at = front.data_src.at
    set_lines = {front.pos("id").line, front.pos("date").line, at("framework").line}
    _set_value(lines, front.pos("id"), "id", new_id)
    _set_value(lines, front.pos("date"), "date", date.isoformat())
    _set_value(lines, at("framework"), "framework", new.id)
    reply_by = front.data.get("reply_by")
    if isinstance(reply_by, dt.date):
        set_lines.add(at("reply_by").line)
        _set_value(lines, at("reply_by"), "reply_by", _years_on(reply_by, years).isoformat())
    text = _renew_text("".join(lines), old.year, new.year)

    shown = display_path(path)
    copied, _ = split_front_matter(text, shown)
    todo = [(copied.pos("date"), f"date: {date.isoformat()}{_weekend(date)} is the copied "
                                 f"circular's date moved on {_years(years)}: the day it is "
                                 "signed")]
    if isinstance(reply_by, dt.date):
        shifted = _years_on(reply_by, years)
        todo.append((copied.data_src.at("reply_by"),
                     f"reply_by: {shifted.isoformat()}{_weekend(shifted)}, moved on as the date: "
                     "the deadline for the ministers' reply"))
    for key, what in (("number", "CIRC. N°"), ("registry", "Reg. N°")):
        if key in copied.data:
            todo.append((copied.data_src.at(key), f"{key}: {what} {copied.data[key]} is the "
                                                  "copied circular's"))
    if str(copied.data.get("number")) in new_id.split("-"):
        todo.append((copied.pos("id"), f"id: '{new_id}' names the copied circular's number: "
                                       "rename the id and the file with the new one"))
    todo.append((copied.data_src.at("framework"),
                 f"'{new.id}' marks new {_ids(s for _, s in new.systems() if s.new)} and "
                 f"voluntary {_ids(s for _, s in new.systems() if s.voluntary)}: "
                 "the prose on them below"))
    todo += [(Pos(shown, number), f"speaks of particular systems or rules: true of '{new.id}'? "
                                  f"{_quoted(line)}")
             for number, line in _prose_lines(text) if SYSTEM_PROSE.search(line)]
    todo += _naming(text, shown, {old.year, front.date.year}, skip=set_lines)
    _write(path, text)
    return Scaffold(path, f"circular '{new_id}' proposing '{new.id}', from '{front.id}'", todo)


def _circular(root: Path, source: str) -> Path:
    """The circular ``source`` names: a file, or the id of one of the
    circulars of the content folder."""
    if Path(source).is_file():
        return Path(source)
    kind = KINDS["circular"]
    assert isinstance(kind.sources, Markdown)
    found: dict[str, Path] = {}
    for path in sorted(root.glob(kind.sources.pattern)):
        try:
            found[split_front_matter(read_text(path), display_path(path))[0].id] = path
        except UserError:
            continue  # a circular that does not read is not the one meant
    if source not in found:
        raise ScaffoldError(f"no circular '{source}' under {display_path(root)}"
                            f"{did_you_mean(source, found)}")
    return found[source]


def _following(content: Content, old: Framework) -> Framework:
    """The framework of the year after ``old``'s, for the same mechanisms."""
    year = old.year + 1
    for framework in content.frameworks:
        if framework.year == year and set(framework.mechanisms) == set(old.mechanisms):
            return framework
    raise ScaffoldError(f"no {year} framework for {', '.join(old.mechanisms)}: make it with "
                        f"'marco new framework --from {old.id} --year {year}', or name the "
                        "framework with --framework")


def _renew_text(text: str, old: int, new: int) -> str:
    """A Markdown document's text with its claims of the ``old`` year
    renewed, except in comments (the front matter's, Jinja's)."""
    match = FRONT_MATTER.match(text)
    head, body = (text[:match.end()], text[match.end():]) if match else ("", text)
    head = "".join(line if line.lstrip().startswith("#")
                   else _renew_claims(line, old, new, title=True)
                   for line in head.splitlines(keepends=True))
    parts, start = [], 0
    for comment in JINJA_COMMENT.finditer(body):
        parts += [_renew_claims(body[start:comment.start()], old, new), comment[0]]
        start = comment.end()
    return head + "".join(parts) + _renew_claims(body[start:], old, new)


def _prose_lines(text: str) -> Iterable[tuple[int, str]]:
    """The lines of a document's body outside Jinja comments, by number."""
    match = FRONT_MATTER.match(text)
    start = match.group(0).count("\n") if match else 0
    body = text[match.end():] if match else text
    prose = JINJA_COMMENT.sub(lambda comment: "\n" * comment[0].count("\n"), body)
    for number, line in enumerate(prose.splitlines(), start + 1):
        yield number, line


def _years_on(date: dt.date, years: int) -> dt.date:
    """``date`` moved on by ``years`` (29 February to the 28th in a common year)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def _years(years: int) -> str:
    return "a year" if years == 1 else f"{years} years"


def _weekend(date: dt.date) -> str:
    return {5: " (a Saturday)", 6: " (a Sunday)"}.get(date.weekday(), "")


def _ids(systems: Iterable) -> str:
    ids = [f"'{system.id}'" for system in systems]
    return ", ".join(ids) if ids else "none"


# ------------------------------------------------------------ shared


def _framework(content: Content, framework_id: str) -> Framework:
    for framework in content.frameworks:
        if framework.id == framework_id:
            return framework
    raise ScaffoldError(f"unknown framework '{framework_id}'"
                        f"{did_you_mean(framework_id, [f.id for f in content.frameworks])}")


def _next_id(old_id: str, years: dict[int, int], what: str) -> str:
    """``old_id`` with the first of ``years`` it names as a part (``mei-sma-2012``)
    changed to its new year."""
    parts = old_id.split("-")
    for old, new in years.items():
        if str(old) in parts:
            return "-".join(str(new) if part == str(old) else part for part in parts)
    raise ScaffoldError(f"the {what} id '{old_id}' names no year to change: give the new "
                        "one with --id")


def _valid_id(new_id: str) -> str:
    if not re.match(ID_PATTERN, new_id):
        raise ScaffoldError(f"invalid id '{new_id}' (expected lowercase ASCII letters, digits "
                            "and single hyphens)")
    return new_id


def _check_free(path: Path) -> None:
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{display_path(path)} exists already (marco new never "
                            "overwrites a file)")


def _write(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} exists already (marco new never "
                            "overwrites a file)") from None


def _set_value(lines: list[str], pos: Pos, key: str, value: str) -> None:
    """Give ``key``, at ``pos`` of the copied file, the plain value ``value``,
    keeping its indentation and a trailing comment."""
    pattern = re.compile(rf"^(\s*{re.escape(key)}:[ \t]*)[^#\n]*?([ \t]+#.*)?(\r?\n)?$")
    match = pattern.match(lines[pos.line - 1])
    if match is None:
        raise ScaffoldError(f"{pos}: expected '{key}: …' on one line, to change it")
    lines[pos.line - 1] = f"{match[1]}{value}{match[2] or ''}{match[3] or ''}"


def _renew_claims(text: str, old: int, new: int, title: bool = False) -> str:
    """``text`` (a title's, or running text) with each phrase claiming the
    ``old`` year as the framework's claiming ``new``."""
    return "".join(_claims(text, old, new, title))


def _claims(text: str, old: int, new: int, title: bool) -> Iterable[str]:
    start = 0
    for match in claimed_years(text, title):
        if int(match[1]) == old:
            yield text[start:match.start(1)] + str(new)
            start = match.end(1)
    yield text[start:]


def _naming(text: str, shown: str, years: set[int], skip: set[int]) -> list[tuple[Pos, str]]:
    """Each line of ``text`` (but those in ``skip``) that names one of ``years``."""
    found = re.compile(rf"\b(?:{'|'.join(str(year) for year in sorted(years))})\b")
    return [(Pos(shown, number), f"names {match[0]}: {_quoted(line)}")
            for number, line in enumerate(text.splitlines(), 1)
            if number not in skip and (match := found.search(line))]


def _quoted(line: str) -> str:
    line = line.strip()
    return f"«{line if len(line) <= QUOTED else line[:QUOTED - 1] + '…'}»"
