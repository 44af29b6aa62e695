"""The guide opens with its title on page 1, above the introduction, in the
title style: the source's title, as its front matter gives it to the
document's properties."""

from __future__ import annotations

from pathlib import Path

import docx
from pypdf import PdfReader

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.kinds import KINDS

CONTENT = Path(__file__).resolve().parents[1] / "content"
TITLE = ("Guía para la Implementación del Procedimiento de Incorporación del Sistema Gestión "
         "Territorial en el Sistema Unificado de Gestión de la Calidad Institucional")


def test_the_docx_opens_with_the_title(tmp_path: Path) -> None:
    [path] = build_kind(KINDS["guide"], CONTENT, tmp_path, Selection(), ("docx",)).outputs
    opened = docx.Document(str(path))
    title, after = opened.paragraphs[:2]
    assert title.text == opened.core_properties.title == TITLE
    assert title.style.name == "Marco Title"
    assert after.text == "Introducción"


def test_page_1_of_the_pdf_shows_the_title(bundled_pdf) -> None:
    page = " ".join(PdfReader(bundled_pdf("guide")).pages[0].extract_text().split())
    assert TITLE in page
    assert page.index(TITLE) < page.index("Introducción")
