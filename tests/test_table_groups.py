"""Grouping cells: an area's cell spans the rows of its systems
(``Cell.rowspan``), and every writer keeps those rows on one page with it, so
that no continued page shows a row without its area; a row that heads the
rows below it (a stage's, one cell across) never ends a page.

- where the cells fall (:mod:`generator.model.tables`);
- a long table of groups, one of stages, and a captioned table after text
  of every length near a page's, printed by each PDF engine and by
  LibreOffice from the DOCX: each group's rows on one page, each stage's
  row on the page of the row after it, a caption and header on the page of
  the first row;
- the bundled circular's and Programa Marco's area tables: each area's cell
  spans exactly its systems in the model, the DOCX (a vertical merge, the
  rows kept with the next) and the HTML (``rowspan``, ``tr.held``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.kinds import KINDS
from generator.model.document import Cell, Document, Meta, Paragraph, Table, Text
from generator.model.serial import read_document_json
from generator.model.tables import bands, heading_rows, held_rows, slots, unmerged
from generator.model.walk import iter_blocks
from generator.writers import Options, renderer
from generator.writers.text import inline_text

CONTENT = Path(__file__).resolve().parents[1] / "content"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GROUPS, SPAN = 14, 3


def cell(text: str, **spans) -> Cell:
    return Cell([Text(text)], **spans)


# ------------------------------------------------------------- placement

def test_cells_fall_in_their_columns_and_spans_continue_down():
    rows = [[cell("A", rowspan=2), cell("s1"), cell("x1")],
            [cell("s2"), cell("x2")],
            [cell("B"), cell("s3", colspan=2)],
            [cell("C", rowspan=3, colspan=2), cell("x4")],
            [cell("x5")],
            [cell("x6")]]
    placed = slots(rows)
    assert [[(s.column, inline_text(s.cell.inlines), s.first) for s in line]
            for line in placed] == [
        [(0, "A", True), (1, "s1", True), (2, "x1", True)],
        [(0, "A", False), (1, "s2", True), (2, "x2", True)],
        [(0, "B", True), (1, "s3", True)],
        [(0, "C", True), (2, "x4", True)],
        [(0, "C", False), (2, "x5", True)],
        [(0, "C", False), (2, "x6", True)]]
    assert bands(rows) == [range(0, 2), range(2, 3), range(3, 6)]
    assert held_rows(rows) == {0, 3, 4}
    flat = unmerged(rows)
    assert [[(inline_text(c.inlines), c.colspan, c.rowspan) for c in row] for row in flat][:2] \
        == [[("A", 1, 1), ("s1", 1, 1), ("x1", 1, 1)], [("", 1, 1), ("s2", 1, 1), ("x2", 1, 1)]]
    assert all(len(line) == 3 or sum(c.colspan for c in line) == 3 for line in flat)
    assert bands([]) == [] and held_rows([[cell("a")], [cell("b")]]) == set()
    stages = [[cell("ETAPA I", colspan=2)], [cell("a"), cell("b")],
              [cell("ETAPA II", colspan=2)], [cell("c"), cell("d")], [cell("Fin", colspan=2)]]
    assert heading_rows(stages) == {0, 2} and held_rows(stages) == {0, 2}


def test_a_span_past_the_last_row_is_a_bug():
    with pytest.raises(AssertionError, match="spans 3 rows"):
        slots([[cell("A", rowspan=3), cell("s")], [cell("t")]])


# -------------------------------------------------------- page breaking

def groups_document() -> Document:
    """A page of text, then a table of areas of three systems each, long
    enough to run over several pages: some group falls on a page break."""
    rows = []
    for group in range(1, GROUPS + 1):
        for row in range(1, SPAN + 1):
            line = [cell(f"Z{group:02d}-{row} " + "texto de la fila " * 6)]
            rows.append(([cell(f"AREA{group:02d}", rowspan=SPAN)] if row == 1 else [])
                        + [cell(f"Y{group:02d}-{row}")] + line)
    filler = [Paragraph([Text("Párrafo de relleno " * 30)]) for _ in range(5)]
    table = Table(head=[[cell("Área"), cell("Sistema"), cell("Objetivo")]], rows=rows,
                  widths=[2, 2, 6])
    meta = Meta(id="grupos", kind="circular", title="Grupos", date=dt.date(2012, 1, 2))
    return Document(meta, [*filler, table], {})


def stages_document() -> Document:
    """A table whose rows come under stage rows (one cell across), some of
    which fall at a page's foot."""
    rows = []
    for stage in range(1, GROUPS + 1):
        rows.append([cell(f"ETAPA{stage:02d}", colspan=3, align="center")])
        for row in range(1, SPAN + 1):
            rows.append([cell(f"Y{stage:02d}-{row}"), cell("x"),
                         cell(f"Z{stage:02d}-{row} " + "texto de la fila " * 5)])
    filler = [Paragraph([Text("Párrafo de relleno " * 30)]) for _ in range(4)]
    table = Table(head=[[cell("Entradas"), cell("Actividades"), cell("Descripción")]], rows=rows,
                  widths=[2, 2, 6])
    meta = Meta(id="etapas", kind="guide", title="Etapas", date=dt.date(2012, 1, 2))
    return Document(meta, [*filler, table], {})


#: Words of text before a table: the table fits under them on the first page
#: up to about 400 words, and with more its caption would fall on the page's
#: last lines, alone (both PDF engines).
FILLERS = range(340, 490, 10)


def captioned_document(words: int) -> Document:
    filler = Paragraph([Text(" ".join(f"relleno{i % 7}" for i in range(words)))])
    table = Table(head=[[cell("Entradas"), cell("Descripción")]],
                  rows=[[cell("PRIMERA"), cell("texto " * 40)], [cell("SEGUNDA"), cell("x")]],
                  caption=[Text("TITULO del cuadro")], display="Cuadro 1", widths=[1, 3])
    meta = Meta(id="cuadro", kind="guide", title="Cuadro", date=dt.date(2012, 1, 2))
    return Document(meta, [filler, table], {})


def assert_caption_kept(pages: list[str]) -> None:
    [caption] = [n for n, text in enumerate(pages) if "TITULO" in text]
    assert "PRIMERA" in pages[caption] and "Entradas" in pages[caption], \
        "the caption and header are not on the page of the table's first row"


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) not installed")


def libreoffice_pdfs(folder: Path, *docx: Path) -> None:
    """Each DOCX converted to PDF beside it, by LibreOffice with a profile of
    its own (a LibreOffice running elsewhere does not get in the way)."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx)],
                   check=True, capture_output=True, timeout=300)


def page_texts(pdf: Path) -> list[str]:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, pages + 1)]


def assert_groups_kept(pages: list[str]) -> None:
    def page_of(token: str) -> int:
        [page] = [n for n, text in enumerate(pages) if token in text]
        return page

    assert len(pages) >= 3, "the table should run over several pages"
    for group in range(1, GROUPS + 1):
        where = {page_of(f"AREA{group:02d}")}
        for row in range(1, SPAN + 1):
            where |= {page_of(f"Y{group:02d}-{row}"), page_of(f"Z{group:02d}-{row}")}
        assert len(where) == 1, f"area {group}'s rows fall on pages {sorted(where)}"


def assert_stages_kept(pages: list[str]) -> None:
    assert len(pages) >= 3, "the table should run over several pages"
    for stage in range(1, GROUPS + 1):
        [where] = [n for n, text in enumerate(pages) if f"ETAPA{stage:02d}" in text]
        assert f"Y{stage:02d}-1" in pages[where], f"stage {stage} is alone at a page's foot"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_each_pdf_engine_keeps_a_group_on_one_page(pdf_engine: str, tmp_path: Path):
    pdf = tmp_path / "grupos.pdf"
    pdf.write_bytes(renderer("pdf", Options(pdf_engine)).render(groups_document()))
    assert_groups_kept(page_texts(pdf))
    pdf.write_bytes(renderer("pdf", Options(pdf_engine)).render(stages_document()))
    assert_stages_kept(page_texts(pdf))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_each_pdf_engine_keeps_a_caption_and_header_with_the_first_row(pdf_engine: str,
                                                                       tmp_path: Path):
    pdf = tmp_path / "cuadro.pdf"
    for words in FILLERS:
        pdf.write_bytes(renderer("pdf", Options(pdf_engine)).render(captioned_document(words)))
        assert_caption_kept(page_texts(pdf))


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_keeps_a_docx_caption_and_header_with_the_first_row(tmp_path: Path):
    docs = []
    for words in FILLERS:
        docx = tmp_path / f"cuadro-{words}.docx"
        docx.write_bytes(renderer("docx").render(captioned_document(words)))
        docs.append(docx)
    libreoffice_pdfs(tmp_path, *docs)
    for docx in docs:
        assert_caption_kept(page_texts(docx.with_suffix(".pdf")))


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_keeps_a_docx_group_on_one_page(tmp_path: Path):
    for name, document, check in (("grupos", groups_document(), assert_groups_kept),
                                  ("etapas", stages_document(), assert_stages_kept)):
        docx = tmp_path / f"{name}.docx"
        docx.write_bytes(renderer("docx").render(document))
        libreoffice_pdfs(tmp_path, docx)
        check(page_texts(tmp_path / f"{name}.pdf"))


# ------------------------------------------------------- bundled tables

#: The bundled documents whose tables are checked: the circular, and the
#: Programa Marco whose areas span several systems.
BUNDLED = ("circular-39-2011", "programa-marco-mei-2009")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Path, Path]]:
    """kind → (model, DOCX, HTML) of the bundled circular and Programa Marco."""
    out = tmp_path_factory.mktemp("groups")
    made = {}
    for kind in ("circular", "programa-marco"):
        report = build_kind(KINDS[kind], CONTENT, out, Selection(), ("docx", "html"))
        [document_id] = [d for d in report.documents if d in BUNDLED]
        model = read_document_json(
            (out / ".marco" / "model" / f"{document_id}.json").read_bytes()).document
        docx, html = sorted(p for p in report.outputs if p.stem == document_id)
        made[kind] = (model, docx, html)
    return made


def area_tables(document: Document) -> list[Table]:
    return [block for block in iter_blocks(document.blocks) if isinstance(block, Table)
            and any(c.rowspan > 1 for row in block.rows for c in row)]


@pytest.mark.parametrize("kind,tables", [("circular", 2), ("programa-marco", 2)])
def test_bundled_area_cells_span_their_systems(bundled, kind: str, tables: int):
    document, _, _ = bundled[kind]
    found = area_tables(document)
    assert len(found) == tables
    for table in found:
        spans = [row[0].rowspan for row in table.rows if len(row) == len(table.head[0])]
        assert sum(spans) == len(table.rows)  # every row under the cell of its area
        assert any(span > 1 for span in spans)


@pytest.mark.parametrize("kind", ["circular", "programa-marco"])
def test_bundled_docx_merges_area_cells_and_keeps_their_rows(bundled, kind: str):
    document, docx, _ = bundled[kind]
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    word_tables = list(body.iter(f"{W}tbl"))
    for table in area_tables(document):
        held = held_rows(table.rows)
        spans = [row[0].rowspan for row in table.rows]
        match = [t for t in word_tables
                 if len(t.findall(f"{W}tr")) == len(table.head) + len(table.rows)
                 and sum(1 for m in t.iter(f"{W}vMerge") if m.get(f"{W}val") == "restart")
                 == sum(1 for c in (row[0] for row in table.rows) if c.rowspan > 1)]
        assert match, "no Word table merges the areas' cells"
        rows = match[0].findall(f"{W}tr")[len(table.head):]
        for index, row in enumerate(rows):
            first = row.find(f"{W}tc/{W}tcPr/{W}vMerge")
            keeps = [p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")]
            assert all(keeps) if index in held else not any(keeps)
            if first is not None and first.get(f"{W}val") == "restart":
                assert spans[index] > 1
        assert len(rows) == len(spans)


@pytest.mark.parametrize("kind", ["circular", "programa-marco"])
def test_bundled_html_carries_the_spans(bundled, kind: str):
    document, _, html = bundled[kind]
    page = html.read_text(encoding="utf-8")
    for table in area_tables(document):
        for row in table.rows:
            if row[0].rowspan > 1:
                name = inline_text(row[0].inlines)
                assert re.search(rf'<td rowspan="{row[0].rowspan}"[^>]*>{re.escape(name)}<', page)
    assert page.count('<tr class="held">') == sum(
        len(held_rows(table.rows)) for table in area_tables(document))
