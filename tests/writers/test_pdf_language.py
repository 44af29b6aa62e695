"""Typst's PDFs declare the documents' language, Spanish of Chile (the
catalog's ``/Lang`` is es-CL: the template's text has ``lang: "es"``,
``region: "CL"``), and their author, the body that issues them."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.kinds import KINDS
from generator.writers import Options

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_a_typst_pdf_says_its_language_is_es_cl(tmp_path: Path) -> None:
    [path] = build_kind(KINDS["circular"], CONTENT, tmp_path, Selection(), ("pdf",),
                        options=Options("typst")).outputs
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "es-CL"


def test_a_typst_pdf_names_its_issuer_as_author(tmp_path: Path) -> None:
    """The author is the body that issues the document, as in the DOCX's core
    properties: the sector ministry for a decree."""
    [path] = build_kind(KINDS["decree"], CONTENT, tmp_path, Selection(institutions=("fne",)),
                        ("pdf",), options=Options("typst")).outputs
    assert PdfReader(path).metadata.author == "Ministerio de Economía, Fomento y Turismo"
