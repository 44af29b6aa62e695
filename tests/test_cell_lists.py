"""A listed cell (``Cell.listed``: the guide's inputs and records) is a
bulleted list in every writer: each item on a line of its own after the
mark, its wrapped lines hanging under its text, not under the mark; the
text writer and the text read back from each format give the mark before
each item."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.model.document import ITEM_MARK, Cell, Document, LineBreak, Meta, Table, Text
from generator.review.extract import extract_text
from generator.writers import Options, renderer
from generator.writers.text import render_text
from test_page_design import pdf_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ITEMS = ["Requisitos técnicos y medios de verificación del Programa Marco",
         "Guía metodológica del sistema de gestión territorial integrada",
         "Informe final"]


def listed_document() -> Document:
    inlines: list = []
    for item in ITEMS:
        inlines += [LineBreak()] if inlines else []
        inlines.append(Text(item))
    table = Table(head=[[Cell([Text("Entradas")]), Cell([Text("Actividad")])]],
                  rows=[[Cell(inlines, listed=True), Cell([Text("Elaboración")])]],
                  widths=[1, 3])
    meta = Meta(id="listas", kind="guide", title="Listas", date=dt.date(2012, 1, 2))
    return Document(meta, [table], {})


def test_the_text_gives_each_item_after_its_mark():
    row = render_text(listed_document()).splitlines()[-1]
    assert row == " ".join(f"{ITEM_MARK} {item}" for item in ITEMS) + " | Elaboración"


def test_docx_items_are_paragraphs_hanging_after_the_mark(tmp_path: Path):
    docx = tmp_path / "listas.docx"
    docx.write_bytes(renderer("docx").render(listed_document()))
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    cell = body.find(f".//{W}tbl/{W}tr[2]/{W}tc")
    paragraphs = cell.findall(f"{W}p")
    assert ["".join(p.itertext()) for p in paragraphs] == [ITEM_MARK + item for item in ITEMS]
    for paragraph in paragraphs:
        indent = paragraph.find(f"{W}pPr/{W}ind")
        assert indent.get(f"{W}left") == indent.get(f"{W}hanging") != "0"
        assert paragraph.find(f"{W}r[2]/{W}tab") is not None  # the mark, a tab, the text
    assert extract_text(docx).splitlines()[-1] == render_text(listed_document()).splitlines()[-1]


def test_html_items_are_a_list(tmp_path: Path):
    html = renderer("html").render(listed_document()).decode()
    assert html.count('<ul class="items">') == 1
    assert html.count(f'<li><span class="mark">{ITEM_MARK} </span>') == len(ITEMS)
    page = tmp_path / "listas.html"
    page.write_text(html, encoding="utf-8")
    assert extract_text(page).splitlines()[-1] == render_text(listed_document()).splitlines()[-1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_pdf_items_hang_under_their_text(pdf_engine: str, tmp_path: Path):
    pdf = tmp_path / "listas.pdf"
    pdf.write_bytes(renderer("pdf", Options(pdf_engine)).render(listed_document()))
    [page] = pdf_pages(pdf)
    marks = [line for line in page.lines if line.text.startswith(ITEM_MARK)]
    assert len(marks) == len(ITEMS)
    mark_left = marks[0].left
    assert all(abs(line.left - mark_left) < 0.05 for line in marks)
    # every other line of the cell's column starts under the text, right of the mark
    column = [line for line in page.lines
              if mark_left - 0.05 < line.left < mark_left + 1 and line not in marks
              and line.top > marks[0].top and "Elaboración" not in line.text]
    assert column, "the items should wrap in a narrow column"
    for line in column:
        assert line.left == pytest.approx(mark_left + 0.25, abs=0.08), line.text
