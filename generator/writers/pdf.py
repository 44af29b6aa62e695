"""PDF writer: the HTML writer's page laid out by WeasyPrint.

The print stylesheet is parsed once per process and the font configuration
is shared by every document (``benchmarks/bench_pdf_writer.py`` measures the
alternatives). The output is byte-identical for the same document: WeasyPrint
writes no creation date and no file identifier, and the one timestamp left,
the modification date that fontTools stamps on subset fonts when HarfBuzz's
subsetter is not installed, is pinned through ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterator

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..model.document import Document
from .files import write_atomically
from .html import render_html, stylesheet_text

#: The time embedded fonts are stamped with, unless the caller set
#: ``SOURCE_DATE_EPOCH`` (2000-01-01T00:00:00Z).
FONT_TIMESTAMP = "946684800"


class PdfRenderer:
    """Lays out documents with one parsed stylesheet and one font
    configuration; make one per process (:func:`pdf_renderer`)."""

    def __init__(self) -> None:
        self._font_config = FontConfiguration()
        self._stylesheet = CSS(string=stylesheet_text("print.css"), font_config=self._font_config)

    def pdf_bytes(self, document: Document) -> bytes:
        page = HTML(string=render_html(document, embed_css=False))
        with _fixed_font_timestamp():
            pdf = page.write_pdf(stylesheets=[self._stylesheet], font_config=self._font_config)
        assert pdf is not None  # write_pdf returns the bytes when given no target
        return pdf


@contextmanager
def _fixed_font_timestamp() -> Iterator[None]:
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@cache
def pdf_renderer() -> PdfRenderer:
    """The process's renderer, made on first use."""
    return PdfRenderer()


def pdf_bytes(document: Document) -> bytes:
    """The document as PDF."""
    return pdf_renderer().pdf_bytes(document)


def write_pdf(document: Document, target: Path) -> None:
    """Write :func:`pdf_bytes` to ``target``, replacing it atomically."""
    write_atomically(target, pdf_bytes(document))
