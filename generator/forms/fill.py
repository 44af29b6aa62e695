"""Filling a Word form (docxtpl tags in a ``.docx``) safely and strictly.

docxtpl joins the runs Word splits a tag into and renders the document's XML
as one Jinja template; used as it comes, it renders with autoescape off (a
``&`` in data vanishes, a ``<`` swallows the rest of the body), treats an
undefined variable as empty text and stamps the package with the time of
day. Here a form is filled in the environment of :func:`form_environment`:
marco's sandbox, autoescape on, undefined names an error, the Spanish filters.

A Word file has no lines, so before docxtpl renders anything, a form is read
as the text of its paragraphs (:class:`Form`), one line each, with docxtpl's
own tags (``{%p …%}``, ``{%tr …%}``, ``{{r …}}``, ``{% colspan … %}``, …)
written as the Jinja they stand for; that text is compiled and rendered with
the same context first, so that an error is told at the paragraph it is in:
``templates/word/oficio.docx: error: paragraph 12 ("Señor {{ institution…"):
undefined variable: …``. The filled package gets fixed zip dates and the
document's own core properties (:func:`generator.writers.docx.core_properties`),
so the same form and data give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import jinja2
from lxml import etree

from ..errors import Pos, Problem, UserError, display_path
from ..load.files import read_bytes
from ..model.document import Meta
from ..read.sandbox import ContentSandbox, LimitExceeded, PartsLoader, time_budget
from ..read.templating import (
    FILTERS, ContentUndefined, authors_fault, described, mark_lines,
    template_line,
)
from ..writers.docx import CORE_PART, core_properties, zip_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _TAB, _BR, _CR, _TBL, _TR, _TC = (f"{{{W}}}{name}" for name in (
    "p", "t", "tab", "br", "cr", "tbl", "tr", "tc"))
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_STORIES = {  # the parts docxtpl renders besides the body, by relationship type
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header": "header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer": "footer",
}
BODY_PART = "word/document.xml"
FOOTNOTES_PART = "word/footnotes.xml"
#: How many characters of a paragraph an error quotes.
QUOTED = 40
#: How many errors one document's filling reports at most.
MAX_ERRORS = 20


class FormSandbox(ContentSandbox):
    """Content templates' sandbox, keeping what it compiled from a string:
    docxtpl compiles a form's XML again for every document it fills, and the
    XML of one form is the same each time."""

    #: How many compiled sources are kept (a form has a body, headers,
    #: footers and properties; a build fills a few forms).
    KEPT = 64

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self.KEPT:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


def form_environment() -> ContentSandbox:
    """The environment forms are filled in: content templates' sandbox and
    filters, with autoescape on (docxtpl splices values into XML) and Jinja's
    default delimiters (docxtpl's)."""
    env = FormSandbox(PartsLoader(mark_lines), undefined=ContentUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


_ENV = form_environment()


@dataclass(frozen=True)
class Place:
    """A paragraph of a form, as an error names it (``paragraph 12``,
    ``header, paragraph 1``), and its text."""

    where: str
    text: str

    def quoted(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= QUOTED else text[:QUOTED - 1].rstrip() + "…"

    def problem(self, shown: str, message: str) -> Problem:
        return Problem(Pos(shown), f'{self.where} ("{self.quoted()}"): {message}')


#: docxtpl's tags that stand for plain Jinja: ``{%p if x %}`` is ``{% if x %}``.
_DOCXTPL_PREFIX = re.compile(r"(\{[%#])(?:p|tr|tc|r) ")
#: ``{% colspan n %}`` and ``{% cellbg c %}`` render their value; ``{% vm %}``, ``{% hm %}`` merge.
_VALUE_TAG = re.compile(r"\{%-?\s*(?:colspan|cellbg)\s+(.*?)\s*-?%\}")
_MERGE_TAG = re.compile(r"\{%-?\s*[vh]m\s*-?%\}")
#: Inside a tag, Word's curly quotes are straight ones, as docxtpl reads them.
_IN_TAG = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
#: docxtpl's tags for its rich text and subdocument objects, which no form's data holds.
_RICH = re.compile(r"\{\{[rp] ")


def as_jinja(text: str) -> str:
    """A paragraph's text as the Jinja docxtpl makes of it."""
    text = _DOCXTPL_PREFIX.sub(r"\1 ", text)
    text = _VALUE_TAG.sub(r"{{ \1 }}", text)
    text = _MERGE_TAG.sub("", text)
    return _IN_TAG.sub(lambda m: m.group(1).translate(_QUOTES), text)


def unclosed_tag(text: str) -> str | None:
    """The opener of a tag that ``text`` (a paragraph) begins and does not end."""
    i, closer, opener = 0, None, None
    while i < len(text) - 1:
        pair = text[i:i + 2]
        if closer is None and pair in _OPENERS:
            opener, closer = pair, _OPENERS[pair]
            i += 2
        elif closer is not None and pair == closer:
            closer = None
            i += 2
        else:
            i += 1
    return opener if closer is not None else None


class Form:
    """A Word form, read and checked: its paragraphs, each a line of the
    text template that locates errors (see the module's docstring). A form
    that is not a Word document, has a syntax error or a tag running into
    another paragraph is a :class:`UserError` with every such problem."""

    def __init__(self, path: Path):
        self.path = path
        self.shown = display_path(path)
        self.data = read_bytes(path)
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as package:
                self.places = _places(package)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
            raise UserError([Problem(Pos(self.shown), "not a Word document (.docx): "
                                     "save the form in Word as «Documento de Word»")]) from None
        problems = [place.problem(self.shown, f"the tag '{opener}…' is not closed in this "
                                  "paragraph: write each tag whole within one paragraph")
                    for place in self.places if (opener := unclosed_tag(place.text))]
        problems += [place.problem(self.shown, f"docxtpl's '{found.group(0)}…' inserts rich "
                                   "text or a subdocument, which a form's data is not: write "
                                   "'{{ … }}'")
                     for place in self.places if (found := _RICH.search(place.text))]
        if problems:
            raise UserError(problems)
        self.lines = [as_jinja(p.text) for p in self.places]
        source = "\n".join(self.lines)
        try:
            self.check = _ENV.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            unclosed = _unclosed_block(source) if exc.message and exc.message.startswith(
                "Unexpected end of template") else None
            if unclosed is not None:
                line, name = unclosed
                raise UserError([self._at(line, f"template error: this {{% {name} %}} is never "
                                                f"closed (no {{% end{name} %}} after it)")]
                                ) from None
            raise UserError([self._at(exc.lineno, f"template error: {exc.message}")]) from None

    def _at(self, line: int, message: str) -> Problem:
        if 1 <= line <= len(self.places):
            return self.places[line - 1].problem(self.shown, message)
        return Problem(Pos(self.shown), message)

    def fill(self, context: Mapping[str, Any], meta: Meta) -> bytes:
        """The form filled with ``context``: DOCX bytes, dated ``meta.date``,
        with ``meta``'s title and properties; an author's error is a
        :class:`UserError` at its paragraph."""
        from docxtpl import DocxTemplate

        problems = self._check(context)
        if problems:
            raise UserError(problems)
        template = DocxTemplate(io.BytesIO(self.data))
        try:
            with time_budget(_ENV.limits.seconds):
                template.render(dict(context), jinja_env=_ENV, autoescape=True)
        except Exception as exc:  # what the text of the paragraphs did not show
            if not authors_fault(exc):
                raise
            raise UserError([Problem(Pos(self.shown), f"docxtpl cannot fill the form: "
                                     f"{described(exc)}")]) from None
        filled = io.BytesIO()
        template.save(filled)
        with zipfile.ZipFile(filled) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        parts[CORE_PART] = core_properties(meta)
        return zip_package(parts, meta.date)

    def _check(self, context: Mapping[str, Any]) -> list[Problem]:
        """Every error the paragraphs' text shows with ``context``: Jinja
        stops at the first, so each paragraph found at fault is left out and
        the text rendered again, as long as what is left still compiles."""
        lines, check, problems = list(self.lines), self.check, []
        while len(problems) < MAX_ERRORS:
            try:
                _ENV.render(check, dict(context))
                break
            except Exception as exc:
                if not authors_fault(exc):
                    raise
                line = template_line(exc)[1]
                problems.append(self._at(line, _message(exc)))
            if not 1 <= line <= len(lines) or not lines[line - 1]:
                break
            lines[line - 1] = ""
            try:
                check = _ENV.from_string("\n".join(lines))
            except jinja2.TemplateSyntaxError:  # it held a block's tag: the rest is unknown
                break
        return problems


def _message(exc: Exception) -> str:
    """What an author's error while filling says."""
    if isinstance(exc, LimitExceeded):
        return described(exc)
    kind = ("undefined variable" if isinstance(exc, jinja2.UndefinedError)
            else "unsafe" if isinstance(exc, jinja2.exceptions.SecurityError)
            else "template error")
    return f"{kind}: {described(exc)}"


#: The tags that open a block Jinja needs closed by ``end<name>``.
_BLOCKS = frozenset({"if", "for", "macro", "call", "filter", "with", "autoescape", "block"})


def _unclosed_block(source: str) -> tuple[int, str] | None:
    """The line and name of the innermost block tag ``source`` opens and never closes."""
    stack: list[tuple[int, str]] = []
    tokens = [token for token in _ENV.lex(source) if token[1] != "whitespace"]
    for (line, kind, _), (_, next_kind, name) in zip(tokens, tokens[1:]):
        if kind != "block_begin" or next_kind != "name":
            continue
        if name in _BLOCKS:
            stack.append((line, name))
        elif name.startswith("end") and stack and stack[-1][1] == name[3:]:
            stack.pop()
    return stack[-1] if stack else None


def _places(package: zipfile.ZipFile) -> list[Place]:
    """The paragraphs docxtpl renders, in its order: the body's, the
    headers', the footers', the footnotes'; each named as a reader finds it
    in Word (see :func:`_named`)."""
    places = _named(package.read(BODY_PART), "")
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    for story in ("header", "footer"):
        targets = [r.get("Target") for r in rels.iter(f"{{{_RELATIONSHIPS}}}Relationship")
                   if _STORIES.get(r.get("Type", "")) == story]
        for number, target in enumerate(targets, start=1):
            named = story if len(targets) == 1 else f"{story} {number}"
            part = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            places += _named(package.read(part), f"{named}, ")
    if FOOTNOTES_PART in package.namelist():
        places += _named(package.read(FOOTNOTES_PART), "footnotes, ")
    return places


def _named(xml: bytes, story: str) -> list[Place]:
    """Every paragraph of a part, in document order, as :func:`place_names` names it."""
    root = etree.fromstring(xml)
    names = place_names(root)
    return [Place(story + names.get(p, "paragraph"), paragraph_text(p)) for p in root.iter(_P)]


def place_names(root: etree._Element) -> dict[etree._Element, str]:
    """The name of every paragraph under ``root``: ``paragraph 3`` (counting
    the paragraphs outside tables), ``table 1, row 2, cell 3`` (``…,
    paragraph 2`` past a cell's first), or ``text box in paragraph 3``."""
    names: dict[etree._Element, str] = {}
    paragraphs = tables = 0
    for element in root.iter(_P, _TBL):
        if element in names or any(a.tag == _TBL for a in element.iterancestors(_TBL)):
            continue
        if element.tag == _P:
            paragraphs += 1
            names[element] = f"paragraph {paragraphs}"
            for inner in element.iter(_P):
                names.setdefault(inner, f"text box in paragraph {paragraphs}")
            continue
        tables += 1
        for r, row in enumerate(element.iter(_TR), start=1):
            for c, cell in enumerate(row.findall(_TC), start=1):
                for k, inner in enumerate(cell.iter(_P), start=1):
                    names.setdefault(inner, f"table {tables}, row {r}, cell {c}"
                                            + (f", paragraph {k}" if k > 1 else ""))
    return names


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's own text, as Word shows it (line breaks as spaces)."""
    chunks = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR):
        if next(node.iterancestors(_P)) is paragraph:
            chunks.append(node.text or "" if node.tag == _T else "\t" if node.tag == _TAB
                          else " ")
    return "".join(chunks)
