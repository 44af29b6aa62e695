"""Writers: each formats a resolved document; none counts or looks anything up.

:data:`WRITERS` is the table of output formats, as pandoc lists its writers:
a format's name, its file suffix and its renderer. A renderer is an object
holding what the format loads once (a Word shell, the page template and
stylesheets, WeasyPrint's fonts) with ``render(document) -> bytes``;
:func:`renderer` keeps one per format and process, and makes it again when a
template file it loaded has changed, so a long-running process sees an edited
``print.css`` or ``reference.docx``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Protocol

from ..model.document import Document

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


@dataclass(frozen=True)
class Writer:
    """An output format: its name (``--format``), file suffix and renderer
    class (``module:Class``, imported on first use)."""

    format: str
    suffix: str
    renderer: str

    def make_renderer(self) -> Renderer:
        module, _, name = self.renderer.partition(":")
        return getattr(import_module(module), name)()


WRITERS: dict[str, Writer] = {writer.format: writer for writer in (
    Writer("docx", ".docx", "generator.writers.docx:DocxRenderer"),
    Writer("pdf", ".pdf", "generator.writers.pdf:PdfRenderer"),
    Writer("html", ".html", "generator.writers.html:HtmlRenderer"),
    Writer("txt", ".txt", "generator.writers.text:TextRenderer"),
)}

_RENDERERS: dict[str, Renderer] = {}


def renderer(format: str) -> Renderer:
    """This process's renderer of ``format``: made on first use, and made
    again when one of its template files has changed since."""
    current = _RENDERERS.get(format)
    if current is None or current.stale():
        current = _RENDERERS[format] = WRITERS[format].make_renderer()
    return current
