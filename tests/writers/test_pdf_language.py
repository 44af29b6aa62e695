"""Typst's PDFs declare the documents' language, Spanish of Chile: the
catalog's ``/Lang`` is es-CL (the template's text has ``lang: "es"``,
``region: "CL"``)."""

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
