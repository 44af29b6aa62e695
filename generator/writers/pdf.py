"""PDF writer through WeasyPrint (``--pdf-engine weasyprint``): the HTML
writer's page laid out exactly as a browser's print would, with the print
stylesheet. (The default PDF engine is Typst, :mod:`generator.writers.typst`.)

A :class:`PdfRenderer` parses the print stylesheet once (and again when it
changes) and shares one font configuration between documents (``benchmarks/bench_pdf_writer.py`` measures the
alternatives). The output is byte-identical for the same document: WeasyPrint
writes no creation date and no file identifier, and the one timestamp left,
the modification date that fontTools stamps on subset fonts when HarfBuzz's
subsetter is not installed, is pinned through ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..model.document import Document
from . import Options, renderer
from .html import HtmlRenderer

#: The time embedded fonts are stamped with, unless the caller set
#: ``SOURCE_DATE_EPOCH`` (2000-01-01T00:00:00Z).
FONT_TIMESTAMP = "946684800"


class PdfRenderer:
    """Lays out the HTML writer's pages with one parsed stylesheet and one
    font configuration; ``standard`` (``a-2b``, ``ua-1``) is WeasyPrint's PDF
    variant of that name."""

    def __init__(self, standard: str | None = None) -> None:
        self._variant = f"pdf/{standard}" if standard else None
        self._html = HtmlRenderer()
        self._font_config = FontConfiguration()
        self._stylesheets: dict[str, CSS] = {}  # by kind: each kind's shell designs its page

    def stale(self) -> bool:
        return self._html.stale()

    def render(self, document: Document) -> bytes:
        kind = document.meta.kind
        if kind not in self._stylesheets:
            self._stylesheets[kind] = CSS(string=self._html.print_css_for(kind),
                                          font_config=self._font_config)
        page = HTML(string=self._html.page(document, embed_css=False))
        with _fixed_font_timestamp():
            pdf = page.write_pdf(stylesheets=[self._stylesheets[kind]],
                                 font_config=self._font_config,
                                 pdf_variant=self._variant)
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


def pdf_bytes(document: Document) -> bytes:
    """The document as PDF by WeasyPrint (this process's renderer)."""
    return renderer("pdf", Options(pdf_engine="weasyprint")).render(document)
