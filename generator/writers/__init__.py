"""Writers: each formats a resolved document; none counts or looks anything up.

:data:`WRITERS` is the table of output formats, as pandoc lists its writers:
a format's name, its file suffix and its renderer (the PDF has two engines,
:data:`PDF_ENGINES`, as pandoc offers several; :class:`Options` chooses). A renderer is an object
holding what the format loads once (a Word shell, the page template and
stylesheets, WeasyPrint's fonts) with ``render(document) -> bytes``;
:func:`renderer` keeps one per format and process, and makes it again when a
template file it loaded has changed, so a long-running process sees an edited
``print.css`` or ``reference.docx``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Mapping, Protocol

from ..model.document import Cell, Document, LineBreak, Ref, Text
from ..model.walk import iter_inlines

#: Where the renderers find their templates (Word shells, HTML, CSS).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class Renderer(Protocol):
    def render(self, document: Document) -> bytes: ...

    def stale(self) -> bool: ...


class TemplateFiles:
    """The template files a renderer loaded, with their state when loaded."""

    def __init__(self) -> None:
        self._seen: dict[Path, tuple[int, int]] = {}

    def read_bytes(self, path: Path) -> bytes:
        """``path``'s bytes, remembering its state."""
        data = path.read_bytes()
        self._seen[path] = _state(path)
        return data

    def read_text(self, path: Path) -> str:
        return self.read_bytes(path).decode("utf-8")

    def changed(self) -> bool:
        """Whether a file read since has changed (or gone)."""
        return any(_state(path) != state for path, state in self._seen.items())


def _state(path: Path) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)


#: The PDF engines, by ``--pdf-engine``: Typst (the default: fast, tagged) and
#: WeasyPrint (the PDF exactly as the HTML page looks). Each renderer class
#: takes the PDF standard to meet (``standard``, None for none).
PDF_ENGINES = {"typst": "generator.writers.typst:TypstRenderer",
               "weasyprint": "generator.writers.pdf:PdfRenderer"}
#: The PDF standards a build may ask for (``--pdf-standard``): PDF/A-2b for
#: archiving, PDF/UA-1 for accessibility.
PDF_STANDARDS = ("a-2b", "ua-1")


@dataclass(frozen=True)
class Options:
    """What a build asks of the writers beyond the formats: the PDF engine
    and the PDF standard."""

    pdf_engine: str = "typst"
    pdf_standard: str | None = None

    def key(self) -> str:
        """The options as the manifest keys outputs by them: another engine or
        standard makes a batch's documents again (whatever the formats, so that
        a build of fewer formats finds the others' entries still standing)."""
        return f"pdf:{self.pdf_engine}:{self.pdf_standard or ''}"


def _class(path: str) -> type:
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)


@dataclass(frozen=True)
class Writer:
    """An output format: its name (``--format``), file suffix and renderer
    class (``module:Class``, imported on first use), or its engines."""

    format: str
    suffix: str
    renderer: str = ""
    engines: Mapping[str, str] = field(default_factory=dict)

    def make_renderer(self, options: Options) -> Renderer:
        if self.engines:
            return _class(self.engines[options.pdf_engine])(standard=options.pdf_standard)
        return _class(self.renderer)()


WRITERS: dict[str, Writer] = {writer.format: writer for writer in (
    Writer("docx", ".docx", "generator.writers.docx:DocxRenderer"),
    Writer("pdf", ".pdf", engines=PDF_ENGINES),
    Writer("html", ".html", "generator.writers.html:HtmlRenderer"),
    Writer("txt", ".txt", "generator.writers.text:TextRenderer"),
)}

_RENDERERS: dict[tuple[str, Options], Renderer] = {}


def fork_safe(formats: tuple[str, ...], options: Options) -> bool:
    """Whether processes forked now can render ``formats`` with ``options``:
    not the Typst engine once Typst has compiled in this process (the threads
    it starts on its first compile do not survive a fork)."""
    if "pdf" not in formats or options.pdf_engine != "typst":
        return True
    from .typst import safe_to_fork

    return safe_to_fork()


def renderer(format: str, options: Options = Options()) -> Renderer:
    """This process's renderer of ``format`` (with ``options``): made on first
    use, and made again when one of its template files has changed since."""
    key = (format, options if WRITERS[format].engines else Options())
    current = _RENDERERS.get(key)
    if current is None or current.stale():
        current = _RENDERERS[key] = WRITERS[format].make_renderer(options)
    return current


#: More lines than a cell of this many words and line breaks can take fill
#: a page (42 lines of 10pt/1.2 on a Carta page, less the repeated header).
TALL_ROW = 30


def may_be_tall(row: list[Cell]) -> bool:
    """Whether a table row might be taller than a page: it has a cell of more
    words and line breaks than :data:`TALL_ROW` (each word at most a line).
    Typst measures these rows and keeps the others whole on a page."""
    return any(sum(len(inline.text.split()) if isinstance(inline, Text) else 1
                   for inline in iter_inlines(cell.inlines)) > TALL_ROW for cell in row)


#: A cell's lines are counted high: 10 pt text taken as 4.5 characters per
#: cm of the cell's width (Liberation Sans averages about 5.6), each line
#: 0.41 cm (Word's spacing of 1.15), less the cell's side padding.
CHARS_PER_CM = 4.5
LINE_CM = 10 * 1.15 * 2.54 / 72
CELL_PADDING_CM = 0.4


def cell_height_cm(cell: Cell, width_cm: float) -> float:
    """About how tall a cell of ``width_cm`` is, rather more than less: its
    words wrapped as a line of :data:`CHARS_PER_CM` characters per cm holds."""
    capacity = max(1, int((width_cm - CELL_PADDING_CM) * CHARS_PER_CM))
    lines, used = 1, 0
    for inline in iter_inlines(cell.inlines):
        if isinstance(inline, LineBreak):
            lines, used = lines + 1, 0
            continue
        text = inline.text if isinstance(inline, (Text, Ref)) else None
        for word in (text or "").split():
            if used and used + 1 + len(word) > capacity:
                lines, used = lines + 1, 0
            used += len(word) + (1 if used else 0)
            while used > capacity:  # a word longer than the line
                lines, used = lines + 1, used - capacity
    return lines * LINE_CM + CELL_PADDING_CM / 2


def taller_than(cells: list[tuple[Cell, float]], room_cm: float) -> bool:
    """Whether a row of ``cells`` (each with its width in cm) may be taller
    than ``room_cm``: the DOCX writer lets such a row split across pages, as
    the PDF engines split a row taller than a page; Word keeps the others whole."""
    return any(cell_height_cm(cell, width) > room_cm for cell, width in cells)
