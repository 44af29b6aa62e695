"""Plain text of a generated DOCX, HTML or PDF file, for ``marco text`` (and
so for ``git diff`` with a textconv driver): one line per paragraph, heading
and table row (cells joined by `` | ``), footnote calls as ``[n]`` and the
notes at the end, page furniture ("Página N de M") left out."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

from ..writers.text import normalise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAGE_NUMBER = re.compile(r"^Página \d+ de \d+$")


class UnreadableFile(ValueError):
    """Not a DOCX, HTML or PDF that marco can read."""


def extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix in (".html", ".htm"):
        lines = _html_lines(path.read_text(encoding="utf-8"))
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        raise UnreadableFile(f"{path}: expected a .docx, .html or .pdf file")
    return "".join(f"{line}\n" for line in lines if line)


# ------------------------------------------------------------------- DOCX

def _docx_lines(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as package:
            body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
            names = package.namelist()
            notes = (etree.fromstring(package.read("word/footnotes.xml"))
                     if "word/footnotes.xml" in names else None)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise UnreadableFile(f"{path}: not a readable DOCX ({exc})") from None
    lines: list[str] = []
    for element in body:
        if element.tag == f"{W}p":
            lines += _paragraph_lines(element)
        elif element.tag == f"{W}tbl":
            lines += _table_lines(element)
    if notes is not None:
        for note in notes.iter(f"{W}footnote"):
            number = note.get(f"{W}id")
            if number and int(number) > 0:
                text = " ".join(" ".join(_paragraph_lines(p, in_note=True))
                                for p in note.iter(f"{W}p"))
                lines.append(normalise(f"[{number}] {text}"))
    return lines


def _paragraph_lines(paragraph: etree._Element, in_note: bool = False) -> list[str]:
    """The paragraph's text; a line break starts a new line. Footnote calls,
    and the marks of notes cited again, become ``[n]``; inside a note, its own
    mark is left out (the caller writes ``[n]``)."""
    parts: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        reference = run.find(f"{W}footnoteReference")
        if reference is not None:
            parts.append(f"[{reference.get(f'{W}id')}]")
            continue
        style = run.find(f"{W}rPr/{W}rStyle")
        mark = style is not None and style.get(f"{W}val") == "FootnoteReference"
        if mark and in_note:
            continue
        for node in run:
            if node.tag == f"{W}t":
                parts.append(f"[{node.text}]" if mark else node.text or "")
            elif node.tag == f"{W}br":
                parts.append("\n")
            elif node.tag == f"{W}tab":
                parts.append(" ")
    return [normalise(line) for line in "".join(parts).split("\n")]


def _table_lines(table: etree._Element) -> list[str]:
    lines = []
    for row in table.iter(f"{W}tr"):
        cells = [" ".join(l for p in cell.iter(f"{W}p") for l in _paragraph_lines(p) if l)
                 for cell in row.iter(f"{W}tc")]
        lines.append(" | ".join(cells))
    return lines


# ------------------------------------------------------------------- HTML

class _HtmlText(HTMLParser):
    """Collects block texts of the writer's HTML: table rows as cells, a
    glossary entry as ``term: definition``, footnotes as ``[n]`` with the
    notes at the end; the page title, the running header and what the web
    page shows on screen only (its title, contents and endnotes) are furniture."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "dt", "dd", "figcaption",
              "div", "section", "tr", "table", "br"}
    FURNITURE = {"style", "script", "svg", "title"}
    FURNITURE_CLASSES = {"running-header", "screen-only"}
    #: Elements without an end tag: no end tag ends their skipping.
    VOID = {"br", "col", "hr", "img", "meta", "link", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.current: list[str] = []
        self.cells: list[str] | None = None
        self.term: str | None = None
        self.note: list[str] | None = None
        self.note_number = ""
        self.depth = 0  # open elements inside a footnote
        self.skip = 0
        self.in_call = False  # inside the mark of a note cited again

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in self.FURNITURE or self.FURNITURE_CLASSES.intersection(classes) or self.skip:
            if tag not in self.VOID:
                self.skip += 1
        elif self.note is not None:
            self.depth += 1
        elif tag == "span" and "footnote" in classes:
            self.note, self.note_number, self.depth = [], attributes.get("data-n") or "", 1
            self.current.append(f"[{self.note_number}]")
        elif tag == "sup" and "footnote-call" in classes:
            self.current.append("[")
            self.in_call = True
        elif tag == "span" and "title" in classes:  # an annex's title, under "Anexo N"
            self.flush()
        elif tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.current = []
        elif tag in self.BLOCKS:
            self.flush()
            if self.cells is not None:  # an item of a listed cell: words of the cell
                self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        elif self.note is not None:
            self.depth -= 1
            if self.depth == 0:
                self.notes.append(normalise(f"[{self.note_number}] {''.join(self.note)}"))
                self.note = None
        elif tag == "sup" and self.in_call:
            self.current.append("]")
            self.in_call = False
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append(normalise("".join(self.current)))
            self.current = []
        elif tag == "tr" and self.cells is not None:
            self.lines.append(" | ".join(self.cells))
            self.cells = None
        elif tag == "dt":
            self.term = normalise("".join(self.current))
            self.current = []
        elif tag == "dd":
            self.lines.append(normalise(f"{self.term}: {''.join(self.current)}"))
            self.current, self.term = [], None
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            (self.note if self.note is not None else self.current).append(data)

    def flush(self) -> None:
        if self.cells is None:
            self.lines.append(normalise("".join(self.current)))
            self.current = []


def _html_lines(html: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.lines + parser.notes


# -------------------------------------------------------------------- PDF

def _pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = [page.extract_text() for page in PdfReader(path).pages]
    except (PyPdfError, OSError, ValueError) as exc:
        raise UnreadableFile(f"{path}: not a readable PDF ({exc})") from None
    lines = [normalise(line) for page in pages for line in page.splitlines()]
    return [line for line in lines if not PAGE_NUMBER.match(line)]
