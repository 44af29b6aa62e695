"""Content templates: Jinja2 in marco's sandbox (:mod:`generator.read.sandbox`),
with ``StrictUndefined``, the Spanish filters, Jinja comments written
``{## … ##}`` (``{#`` starts a label), and line markers that carry each source
line's number through rendering, so that positions found in the rendered text
are lines of the source.

A failure while rendering is told by where it was raised: from the template's
own code, from Jinja on the template's behalf, from a helper refusing what it
was given (:class:`~generator.errors.TemplateInputError`) or past a
limit, it is the author's error, at the template line; raised anywhere else in
marco's code, it is marco's bug, and goes on as such.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any, Mapping

import jinja2

from .. import spanish
from ..errors import Pos, Problem, TemplateInputError, UserError
from .sandbox import ContentSandbox, LimitExceeded

#: The folder of Jinja2's code: an exception raised there, while rendering, is
#: Jinja's report of the template's fault.
JINJA = Path(jinja2.__file__).resolve().parent
TEMPLATE_FILE = "<template>"


def make_environment() -> ContentSandbox:
    """The sandboxed Jinja2 environment for content templates."""
    env = ContentSandbox(
        undefined=jinja2.StrictUndefined, autoescape=False,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        # labels are written {#sec:x}, so Jinja comments are {## … ##}
        comment_start_string="{##", comment_end_string="##}",
    )
    env.filters.update(
        fecha=spanish.long_date, fecha_sello=spanish.stamp_date, numero=spanish.number,
        porcentaje=spanish.percent, de=spanish.de, a=spanish.a,
    )
    return env


_ENV = make_environment()


def compile_template(body: str, shown: str) -> jinja2.Template:
    """Compile a Markdown body as a sandboxed Jinja2 template (once; render it
    many times). Each line of literal text is marked with its line number (see
    :func:`mark_lines`), so positions found after rendering are source lines."""
    try:
        return _ENV.from_string(mark_lines(body))
    except jinja2.TemplateSyntaxError as exc:
        raise UserError([Problem(Pos(shown, exc.lineno), f"template error: {exc.message}")]) from None


#: Line markers: ``\x02<line>\x03`` at the start of each template line that
#: begins outside a Jinja tag. They survive rendering with the literal text
#: and are taken out before the Markdown is read.
LINE_MARK = re.compile("\x02(\\d+)\x03")
TAGS = (("{##", "##}"), ("{{", "}}"), ("{%", "%}"))


def mark_lines(body: str) -> str:
    """``body`` with a line marker at the start of each line outside a tag,
    but those that start with a block tag or a comment: they make no text, and
    Jinja's ``lstrip_blocks`` must still see them start the line."""
    out: list[str] = []
    closer: str | None = None  # the closer of the tag a line break fell into
    for number, line in enumerate(body.split("\n"), start=1):
        silent = closer or line.lstrip(" \t").startswith(("{%", "{##"))
        out.append(line if silent else f"\x02{number}\x03{line}")
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


def unmark_lines(rendered: str) -> tuple[str, list[int]]:
    """The rendered text without markers, and the source line of each of its
    lines: the line where it starts (its first marker: a block tag's line,
    which trims its line break, joins the next line to it), or, for a line
    that an expression's value (with line breaks of its own) produced, the
    last line seen."""
    lines, text = [], []
    current = 0
    for line in rendered.split("\n"):
        marks = LINE_MARK.findall(line)
        lines.append(int(marks[0]) if marks else current)
        if marks:
            current = int(marks[-1])
        text.append(LINE_MARK.sub("", line))
    return "\n".join(text), lines


def render_template(template: jinja2.Template, shown: str,
                    context: Mapping[str, Any]) -> tuple[str, list[int]]:
    """The rendered text and the source line of each of its lines; a template
    author's error is a :class:`UserError` at its template line."""
    try:
        return unmark_lines(_ENV.render(template, dict(context)))
    except Exception as exc:
        if not _authors(exc):
            raise
        kind = "undefined variable" if isinstance(exc, jinja2.UndefinedError) else "template error"
        raise UserError([Problem(Pos(shown, _template_line(exc)),
                                 f"{kind}: {_described(exc)}")]) from None


def _authors(exc: BaseException) -> bool:
    """Whether ``exc`` is the template author's fault: raised by the
    template's code or by Jinja for it, by a helper refusing its input, or
    past a limit (a recursion that does not end is one too)."""
    if isinstance(exc, (jinja2.TemplateError, TemplateInputError, LimitExceeded, RecursionError)):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    innermost = frames[-1].filename if frames else ""
    return innermost == TEMPLATE_FILE or Path(innermost).resolve().is_relative_to(JINJA)


def _described(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a recursion that does not end"
    text = str(exc)
    if isinstance(exc, (jinja2.TemplateError, TemplateInputError, LimitExceeded)):
        return text
    return f"{text} ({type(exc).__name__})" if text else type(exc).__name__


def _template_line(exc: BaseException) -> int:
    """The template line of the innermost template frame of ``exc``."""
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILE and frame.lineno:
            line = frame.lineno
    return line
