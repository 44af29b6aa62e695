"""Content templates: Jinja2 in marco's sandbox (:mod:`generator.read.sandbox`),
with ``StrictUndefined``, the Spanish filters, Jinja comments written
``{## … ##}`` (``{#`` starts a label), and line markers that carry each source
line's number (and, in a shared part the template includes, the part's path)
through rendering, so that positions found in the rendered text are lines of
the files they come from.

A failure while rendering is told by where it was raised: from the template's
own code, from Jinja on the template's behalf, from a helper refusing what it
was given (:class:`~generator.errors.TemplateInputError`) or past a
limit, it is the author's error, at the template line; raised anywhere else in
marco's code, it is marco's bug, and goes on as such.
"""

from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2

from .. import spanish
from ..errors import MissingData, Pos, Problem, TemplateInputError, UserError, did_you_mean
from ..model.base import Located
from .sandbox import (
    PARTS_FOLDER, ContentSandbox, LimitExceeded, PartsLoader, Present, template_name,
)

#: The folder of Jinja2's code: an exception raised there, while rendering, is
#: Jinja's report of the template's fault.
JINJA = Path(jinja2.__file__).resolve().parent
#: The file name of a document's own template in Jinja's code; a part's is
#: ``<template:path>``.
TEMPLATE_FILE = "<template>"
#: A position in the rendered text: the part it comes from (None: the
#: document's own template) and the line there.
Line = tuple[str | None, int]


def make_environment() -> ContentSandbox:
    """The sandboxed Jinja2 environment for content templates."""
    env = ContentSandbox(
        PartsLoader(mark_lines),
        undefined=ContentUndefined, autoescape=False,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        # labels are written {#sec:x}, so Jinja comments are {## … ##}
        comment_start_string="{##", comment_end_string="##}",
    )
    env.filters.update(FILTERS)
    return env


def _defined_only(helper: Callable[..., str]) -> Callable[..., str]:
    """A filter that fails, as the template's error, when given what is not
    defined (a rule the framework lacks) instead of reading it."""
    @functools.wraps(helper)
    def filter(value: Any, *args: Any) -> str:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return helper(value, *args)
    return filter


#: The Spanish filters of every template (content templates and Word forms).
FILTERS = {name: _defined_only(helper) for name, helper in dict(
    fecha=spanish.long_date, fecha_sello=spanish.stamp_date, numero=spanish.number,
    porcentaje=spanish.percent, de=spanish.de, a=spanish.a,
).items()}


class ContentUndefined(jinja2.StrictUndefined):
    """``StrictUndefined``, but a key of :class:`Present` data that is not
    there is :class:`Absent`."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        """A model object's missing field, a mapping's missing key, is told
        with the fields or keys it has."""
        obj, name = self._undefined_obj, self._undefined_name
        if isinstance(obj, Located) and isinstance(name, str) and not hasattr(obj, name):
            model = type(obj)
            fields = [f for f in model.model_fields if f != "src"]
            fields += sorted(model.TEMPLATE_ATTRIBUTES)
            return (f"'{name}' is not a field of {model.__name__} (its fields: "
                    f"{', '.join(fields)}){did_you_mean(name, fields)}")
        if type(obj) is dict and isinstance(name, str) and all(isinstance(k, str) for k in obj):
            return (f"'{name}' is not a key of this mapping (its keys: {', '.join(obj) or 'none'})"
                    f"{did_you_mean(name, list(obj))}")
        return super()._undefined_message

    def __new__(cls, hint: str | None = None, obj: Any = jinja2.utils.missing,
                name: str | None = None, exc: type = jinja2.UndefinedError):
        return object.__new__(Absent if cls is ContentUndefined and isinstance(obj, Present)
                              else cls)


class Absent(ContentUndefined):
    """What :class:`Present` data lacks: false when tested (``{% if
    rules.min_weight %}``), not defined (``is defined``), and
    :class:`MissingData` when used, with the data's own message."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = jinja2.utils.missing,
                 name: str | None = None, exc: type = jinja2.UndefinedError):
        super().__init__(hint, obj, name, MissingData)

    def __bool__(self) -> bool:
        return False

    @property
    def _undefined_message(self) -> str:
        return self._undefined_obj._missing(self._undefined_name)


def compile_template(body: str, shown: str, content_root: Path | None = None) -> jinja2.Template:
    """Compile a Markdown body as a sandboxed Jinja2 template (once; render it
    many times). Each line of literal text is marked with its line number (see
    :func:`mark_lines`), so positions found after rendering are source lines.
    A template of a content tree (``content_root``) may include the shared
    parts of its ``partes/`` folder."""
    name = template_name(content_root / PARTS_FOLDER, shown) if content_root else None
    try:
        code = _ENV.compile(mark_lines(body), name=name, filename=TEMPLATE_FILE)
    except jinja2.TemplateSyntaxError as exc:
        raise UserError([Problem(Pos(shown, exc.lineno), f"template error: {exc.message}")]) from None
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None))


#: Line markers: ``\x02<line>\x03`` (in a part, ``\x02<line>\x01<path>\x03``)
#: at the start of each template line that begins outside a Jinja tag. They
#: survive rendering with the literal text and are taken out before the
#: Markdown is read.
LINE_MARK = re.compile("\x02(\\d+)(?:\x01([^\x03]*))?\x03")
TAGS = (("{##", "##}"), ("{{", "}}"), ("{%", "%}"))


def mark_lines(body: str, part: str | None = None) -> str:
    """``body`` with a line marker at the start of each line outside a tag,
    but those that start with a block tag or a comment: they make no text, and
    Jinja's ``lstrip_blocks`` must still see them start the line. ``part``:
    the path of the shared part ``body`` is, which its markers carry."""
    where = f"\x01{part}" if part else ""
    out: list[str] = []
    closer: str | None = None  # the closer of the tag a line break fell into
    for number, line in enumerate(body.split("\n"), start=1):
        silent = closer or line.lstrip(" \t").startswith(("{%", "{##"))
        out.append(line if silent else f"\x02{number}{where}\x03{line}")
        i = 0
        while i < len(line):
            if closer:
                if line.startswith(closer, i):
                    i, closer = i + len(closer), None
                else:
                    i += 1
                continue
            for opener, end in TAGS:
                if line.startswith(opener, i):
                    i, closer = i + len(opener), end
                    break
            else:
                i += 1
    return "\n".join(out)


def unmark_lines(rendered: str) -> tuple[str, list[Line]]:
    """The rendered text without markers, and the source line of each of its
    lines: the line where it starts (its first marker: a block tag's line,
    which trims its line break, joins the next line to it), or, for a line
    that an expression's value (with line breaks of its own) produced, the
    last line seen."""
    lines: list[Line] = []
    text = []
    current: Line = (None, 0)
    for line in rendered.split("\n"):
        marks = [(part or None, int(number)) for number, part in LINE_MARK.findall(line)]
        lines.append(marks[0] if marks else current)
        if marks:
            current = marks[-1]
        text.append(LINE_MARK.sub("", line))
    return "\n".join(text), lines


def render_template(template: jinja2.Template, shown: str,
                    context: Mapping[str, Any]) -> tuple[str, list[Pos]]:
    """The rendered text and the source position of each of its lines; a
    template author's error is a :class:`UserError` at its template line."""
    try:
        text, lines = unmark_lines(_ENV.render(template, dict(context)))
    except Exception as exc:
        if not authors_fault(exc):
            raise
        if isinstance(exc, MissingData):
            message = str(exc)
        else:
            kind = ("undefined variable" if isinstance(exc, jinja2.UndefinedError)
                    else "template error")
            message = f"{kind}: {described(exc)}"
        part, line = template_line(exc)
        raise UserError([Problem(Pos(part or shown, line), message)]) from None
    return text, [Pos(part or shown, line) for part, line in lines]


def authors_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is the template author's fault: raised by the
    template's code or by Jinja for it, by a helper refusing its input, or
    past a limit (a recursion that does not end is one too)."""
    if isinstance(exc, (jinja2.TemplateError, TemplateInputError, LimitExceeded, RecursionError)):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    innermost = frames[-1].filename if frames else ""
    return innermost.startswith(TEMPLATE_FILE[:-1]) or Path(innermost).resolve().is_relative_to(
        JINJA)


def described(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a recursion that does not end"
    text = str(exc)
    if isinstance(exc, (jinja2.TemplateError, TemplateInputError, LimitExceeded)):
        return text
    return f"{text} ({type(exc).__name__})" if text else type(exc).__name__


def template_line(exc: BaseException) -> Line:
    """The part (None: the document's own template) and line of the innermost
    template frame of ``exc``; a part's syntax error is at its own line."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return _part(exc.filename), exc.lineno
    found: Line = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(TEMPLATE_FILE[:-1]) and frame.lineno:
            found = (_part(frame.filename), frame.lineno)
    return found


def _part(filename: str) -> str | None:
    """The path of the part Jinja's file name ``<template:path>`` names."""
    return filename[len(TEMPLATE_FILE):-1] if filename != TEMPLATE_FILE else None


#: The one environment of content templates (parts are found by each template's name).
_ENV = make_environment()
