"""The DOCX writer: write a resolved document by hand, reopen the file with
python-docx (and lxml for the parts python-docx does not read) and check
what a reader of the document would see."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm
from lxml import etree
from pypdf import PdfReader

from generator.errors import UserError
from generator.model.document import (
    Annex, BulletList, Cell, Definition, DefinitionList, Document, Emph, Field, FieldBlock, Figure,
    Footnote, FootnoteRef, LineBreak, ListItem, Meta, NumberedParagraph, OrderedList, PageBreak,
    Paragraph, Ref, Section, Signer, SignatureBlock, Strong, Table, Text,
)
from generator.writers import TEMPLATES
from generator.writers.docx import docx_bytes

REFERENCE = TEMPLATES / "docx" / "reference.docx"

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W = "{%s}" % NS["w"]
TRICKY = 'A & B <c> "d"'


def tiny_png(width: int, height: int) -> bytes:
    """A red PNG of ``width`` × ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


PNG = tiny_png(4, 2)


def sample(page_size: str = "letter") -> Document:
    """A resolved document: numbers, references and footnote numbers set."""
    notes = {
        "ley": Footnote("ley", [Text("Ley N° 19.553 & reglamento")], number=1),
        "dipres": Footnote("dipres", [Text("Dirección de <Presupuestos>")], number=2),
        "tres": Footnote("tres", [Text("Nota tres")], number=3),
    }
    table = Table(
        head=[[Cell([Text("Área")]), Cell([Text("Sistema")])]],
        rows=[[Cell([Text("Gestión Eficaz")], colspan=2, align="center")],
              [Cell([Text("1")]), Cell([Text("Planificación"),
                                                              FootnoteRef("tres", number=3,
                                                                          places_note=True)],
                                       align="right")]],
        caption=[Text("Áreas Prioritarias & Sistemas")], subtitle=[Text("Año 2024")],
        label="tbl:areas", widths=[1, 3], number=(1,), display="Cuadro 1",
    )
    return Document(
        meta=Meta(id="guia-2024", kind="guide", title='Guía "PMG" & MEI',
                  date=dt.date(2024, 3, 15), page_size=page_size, header="Guía <PMG> & MEI 2024",
                  properties={"subject": "Programa Marco", "creator": "DIPRES"}),
        blocks=[
            Paragraph([Text("Guía Metodológica")], style="title"),
            FieldBlock([Field("ANT.:", [Text("Ley N° 19.553")])]),
            Section([Text("Introducción")], level=1, number=(1,), display="1", children=[
                Paragraph([Text(TRICKY), FootnoteRef("ley", number=1, places_note=True)]),
                NumberedParagraph("par", [Text("Primero "), Strong([Text("fuerte "),
                                  Emph([Text("ambos")])]), Text(" ver "),
                                  Ref("tbl:areas", text="Cuadro 1")], number=(1,), display="1)"),
                Section([Text("Alcance")], level=2, number=(1, 1), display="1.1", children=[
                    Paragraph([Text("Segundo"), FootnoteRef("dipres", number=2, places_note=True),
                               Text(" y de nuevo"), FootnoteRef("ley", number=1), LineBreak(),
                               Text("línea")]),
                    BulletList([ListItem([
                        Paragraph([Text("viñeta")]),
                        OrderedList([ListItem([Paragraph([Text("anidado")])])], displays=["a)"]),
                    ])]),
                    OrderedList([ListItem([Paragraph([Text("uno")]), Paragraph([Text("sigue")])]),
                                 ListItem([Paragraph([Text("dos")])])], displays=["1.", "2."]),
                ]),
            ]),
            Section([Text("Sin número")], numbered=False, level=1, children=[table]),
            DefinitionList([Definition([Text("PMG")],
                                       [Text("Programa de Mejoramiento de la Gestión")])]),
            Figure(svg="<svg/>", png=PNG, caption=[Text("Flujo del ciclo")], width_cm=8.0,
                   number=(1,), display="Figura 1"),
            PageBreak(),
            Annex([Text("Calendario")], [Paragraph([Text("Fechas del ciclo")])], number=(1,),
                  display="Anexo 1"),
            SignatureBlock([Signer("JUAN PÉREZ", "Ministro de Hacienda"),
                            Signer("ANA SOTO", "Directora de Presupuestos")]),
        ],
        footnotes=notes,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "guia.docx"
    target.write_bytes(docx_bytes(sample()))
    return target


@pytest.fixture(scope="module")
def opened(written: Path) -> docx.document.Document:
    return docx.Document(str(written))


def paragraph(opened: docx.document.Document, text: str):
    found = [p for p in opened.paragraphs if p.text == text]
    assert len(found) == 1, (text, [p.text for p in opened.paragraphs])
    return found[0]


def footnotes(opened: docx.document.Document) -> etree._Element:
    return etree.fromstring(opened.part.part_related_by(RT.FOOTNOTES).blob)


def test_headings_carry_numbers_and_styles(opened):
    assert paragraph(opened, "1 Introducción").style.name == "Heading 1"
    assert paragraph(opened, "1.1 Alcance").style.name == "Heading 2"
    assert paragraph(opened, "Sin número").style.name == "Heading 1"
    annex = paragraph(opened, "Anexo 1\nCalendario")
    assert annex.style.name == "Heading 1"
    assert annex.paragraph_format.page_break_before is True


def test_text_with_markup_characters_survives(opened):
    assert paragraph(opened, TRICKY).runs[0].text == TRICKY
    assert opened.core_properties.title == 'Guía "PMG" & MEI'
    assert opened.sections[0].header.paragraphs[0].text == "Guía <PMG> & MEI 2024"


def test_paragraph_styles_and_inline_formatting(opened):
    assert paragraph(opened, "Guía Metodológica").style.name == "Marco Title"
    numbered = paragraph(opened, "1) Primero fuerte ambos ver Cuadro 1")
    assert numbered.style.name == "Marco Numbered"
    runs = {run.text: (bool(run.bold), bool(run.italic)) for run in numbered.runs}
    assert runs == {"1) ": (True, False), "Primero ": (False, False), "fuerte ": (True, False),
                    "ambos": (True, True), " ver ": (False, False), "Cuadro 1": (False, False)}
    field = paragraph(opened, "ANT.:\tLey N° 19.553")
    assert field.style.name == "Marco Field" and field.runs[0].bold
    definition = paragraph(opened, "PMG: Programa de Mejoramiento de la Gestión")
    assert [run.text for run in definition.runs if run.bold] == ["PMG", ": "]


def test_lists_are_text_numbered_and_indented_by_level(opened):
    assert paragraph(opened, "•\tviñeta").style.name == "Marco List 1"
    assert paragraph(opened, "a)\tanidado").style.name == "Marco List 2"
    assert paragraph(opened, "1.\tuno").style.name == "Marco List 1"
    assert paragraph(opened, "\tsigue").style.name == "Marco List 1"
    assert paragraph(opened, "2.\tdos").style.name == "Marco List 1"
    assert b"w:numPr" not in opened.part.blob


def test_table_caption_cells_colspan_and_header(opened):
    caption = paragraph(opened, "Cuadro 1\nÁreas Prioritarias & Sistemas")
    assert caption.style.name == "Caption"
    assert paragraph(opened, "Año 2024").style.name == "Marco Subcaption"
    table = opened.tables[0]
    assert table.style.name == "Marco Table"
    assert [cell.text for cell in table.rows[0].cells] == ["Área", "Sistema"]
    assert [cell.text for cell in table.rows[1].cells] == ["Gestión Eficaz", "Gestión Eficaz"]
    assert table.rows[1].cells[0]._tc.grid_span == 2
    noted = table.rows[2].cells[1]
    assert noted.text == "Planificación"
    assert [ref.get(f"{W}id") for ref in noted._tc.iter(f"{W}footnoteReference")] == ["3"]
    assert noted.paragraphs[0].alignment == 2  # right
    header, body = table.rows[0]._tr, table.rows[2]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert body.find(f"{W}trPr/{W}tblHeader") is None
    # no row splits across pages (none of these could be taller than a page)
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)
    widths = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
    section = opened.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert sum(widths) * 635 == text_width  # twips to EMU
    assert abs(widths[1] - 3 * widths[0]) <= 2


def test_a_row_that_may_be_taller_than_a_page_may_split():
    long = Cell([Text(" ".join(["palabra"] * 1000))])
    table = Table(head=[[Cell([Text("Columna")])]], rows=[[Cell([Text("corta")])], [long]])
    meta = Meta(id="filas", kind="guide", title="Filas", date=dt.date(2012, 1, 2))
    opened = docx.Document(io.BytesIO(docx_bytes(Document(meta, [table], {}))))
    short, tall = opened.tables[0].rows[1]._tr, opened.tables[0].rows[2]._tr
    assert short.find(f"{W}trPr/{W}cantSplit") is not None
    assert tall.find(f"{W}trPr/{W}cantSplit") is None


def test_footnotes_are_word_footnotes_cited_once(opened):
    body = opened.element.body
    cited = [ref.get(f"{W}id") for ref in body.iter(f"{W}footnoteReference")]
    assert cited == ["1", "2", "3"]
    again = paragraph(opened, "Segundo y de nuevo1\nlínea").runs
    assert again[3].text == "1" and again[3].style.name == "footnote reference"
    notes = {note.get(f"{W}id"): "".join(note.itertext())
             for note in footnotes(opened).iter(f"{W}footnote")}
    assert notes == {"-1": "", "0": "", "1": " Ley N° 19.553 & reglamento",
                     "2": " Dirección de <Presupuestos>", "3": " Nota tres"}


def test_note_cited_first_inside_a_note_follows_it():
    document = Document(
        meta=Meta(id="n", kind="guide", title="Notas", date=dt.date(2024, 1, 1)),
        blocks=[Paragraph([Text("a"), FootnoteRef("a", number=1, places_note=True), Text(" c"),
                           FootnoteRef("c", number=3, places_note=True)])],
        footnotes={"a": Footnote("a", [Text("Nota a, ver"), FootnoteRef("b", number=2)], number=1,
                                 followers=["b"]),
                   "b": Footnote("b", [Text("Nota b")], number=2),
                   "c": Footnote("c", [Text("Nota c")], number=3)},
    )
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    notes = {note.get(f"{W}id"): ["".join(p.itertext()) for p in note.iter(f"{W}p")]
             for note in footnotes(opened).iter(f"{W}footnote")}
    assert notes["1"] == [" Nota a, ver2", "2 Nota b"]
    assert notes["3"] == ["3 Nota c"]  # Word did not count note 2: the mark is the number
    reference = opened.element.body.findall(f".//{W}footnoteReference")[1]
    assert reference.get(f"{W}customMarkFollows") == "1"


def test_figure_is_an_inline_png_with_its_aspect_ratio(opened):
    shape = opened.inline_shapes[0]
    assert shape.width == Cm(8.0)
    assert shape.height == Cm(4.0)
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = opened.part.related_parts[blip.embed]
    assert image.blob == PNG and image.content_type == "image/png"
    assert shape._inline.docPr.get("descr") == "Flujo del ciclo"
    assert paragraph(opened, "Figura 1\nFlujo del ciclo").style.name == "Caption"


def test_signers_side_by_side(opened):
    signatures = opened.tables[1]
    assert signatures.style.name == "Marco Plain Table"
    assert [cell.text for cell in signatures.rows[0].cells] == [
        "JUAN PÉREZ\nMinistro de Hacienda", "ANA SOTO\nDirectora de Presupuestos"]
    name = signatures.rows[0].cells[0].paragraphs[0].runs[0]
    assert name.text == "JUAN PÉREZ" and name.bold


def test_page_header_footer_and_properties_come_from_the_reference(opened):
    reference = docx.Document(str(REFERENCE))
    ours, theirs = opened.sections[0], reference.sections[0]
    assert (ours.left_margin, ours.right_margin, ours.top_margin) == (
        theirs.left_margin, theirs.right_margin, theirs.top_margin)
    assert ours.page_width == Cm(21.59) and ours.page_height == Cm(27.94)
    assert ours.different_first_page_header_footer
    assert ([p.text for p in ours.first_page_header.paragraphs]
            == [p.text for p in theirs.first_page_header.paragraphs])
    footer = ours.footer._element
    fields = [field.get(f"{W}instr").strip() for field in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    core = opened.core_properties
    assert core.created == core.modified == dt.datetime(2024, 3, 15, tzinfo=dt.timezone.utc)
    assert (core.subject, core.author) == ("Programa Marco", "DIPRES")


def test_legal_paper_changes_only_the_page_size():
    opened = docx.Document(io.BytesIO(docx_bytes(sample(page_size="legal"))))
    section = opened.sections[0]
    assert section.page_width == Cm(21.59) and section.page_height == Cm(33.02)


def test_package_is_complete_and_well_formed(written):
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        defaults = {d.get("Extension") for d in types if d.tag.endswith("Default")}
        overrides = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
        for name in names:
            if name.endswith(".xml") and name != "[Content_Types].xml":
                assert name in overrides, name
            elif not name.endswith(".xml"):
                assert name.rsplit(".", 1)[1] in defaults, name
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # well-formed
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        for rel in rels:
            assert f"word/{rel.get('Target')}" in names, rel.get("Target")
        assert all(info.date_time == (2024, 3, 15, 0, 0, 0) for info in archive.infolist())


def test_same_document_same_bytes():
    assert docx_bytes(sample()) == docx_bytes(sample())


def test_writer_refuses_unresolved_input():
    unresolved = Document(Meta("x", "guide", "x", dt.date(2024, 1, 1)),
                          [Paragraph([Ref("tbl:nada")])])
    with pytest.raises(AssertionError, match="tbl:nada"):
        docx_bytes(unresolved)


def edited_reference(tmp_path: Path, part: str, old: bytes, new: bytes) -> Path:
    """The default reference with ``old`` replaced by ``new`` in ``part``."""
    edited = tmp_path / "reference.docx"
    with zipfile.ZipFile(REFERENCE) as source, zipfile.ZipFile(edited, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                assert old in data, (part, old)
                data = data.replace(old, new)
            target.writestr(info, data)
    return edited


def test_styles_are_found_by_name_whatever_their_id(tmp_path: Path):
    # Word in Spanish and LibreOffice save styles under ids of their own
    renamed = edited_reference(tmp_path, "word/styles.xml", b'w:styleId="MarcoTitle"',
                               b'w:styleId="TituloMarco"')
    data = docx_bytes(sample(), renamed)
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b'<w:pStyle w:val="TituloMarco"/>' in body and b'"MarcoTitle"' not in body
    opened = docx.Document(io.BytesIO(data))
    assert paragraph(opened, "Guía Metodológica").style.name == "Marco Title"


def test_reference_without_a_style_is_refused(tmp_path: Path):
    broken = edited_reference(tmp_path, "word/styles.xml", b'<w:name w:val="Marco Title"/>',
                              b'<w:name w:val="Mi Titulo"/>')
    with pytest.raises(UserError, match="missing styles: Marco Title"):
        docx_bytes(sample(), broken)


def test_running_header_needs_its_paragraph_in_the_reference(tmp_path: Path):
    broken = edited_reference(tmp_path, "word/header2.xml", b'w:val="MarcoRunningHeader"',
                              b'w:val="Header"')
    with pytest.raises(UserError, match="Marco Running Header"):
        docx_bytes(sample(), broken)


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) not installed")


def soffice(*arguments: str) -> None:
    subprocess.run(["soffice", "--headless", *arguments], check=True, capture_output=True,
                   timeout=180)


def pdf_pages(docx_file: Path, folder: Path) -> list[str]:
    soffice("--convert-to", "pdf", "--outdir", str(folder), str(docx_file))
    return [page.extract_text() for page in PdfReader(folder / f"{docx_file.stem}.pdf").pages]


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_converts_it_to_pdf(written: Path, tmp_path: Path):
    pages = pdf_pages(written, tmp_path)
    text = "\n".join(pages)
    for expected in (TRICKY, "1.1 Alcance", "Cuadro 1", "1 Ley N° 19.553 & reglamento",
                     "2 Dirección de <Presupuestos>", "Anexo 1", "JUAN PÉREZ"):
        assert expected in text, expected
    assert pages[0].rstrip().endswith(f"Página 1 de {len(pages)}")


@pytest.mark.libreoffice
@needs_soffice
def test_reference_saved_again_by_libreoffice_still_styles_documents(tmp_path: Path):
    copy = tmp_path / "edited" / "reference.docx"
    copy.parent.mkdir()
    shutil.copy(REFERENCE, copy)
    soffice("--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(copy))
    target = tmp_path / "guia.docx"
    target.write_bytes(docx_bytes(sample(), tmp_path / "reference.docx"))
    opened = docx.Document(str(target))
    assert paragraph(opened, "1.1 Alcance").style.name == "Heading 2"
    assert paragraph(opened, "Guía Metodológica").style.name == "Marco Title"
    assert "Ley N° 19.553 & reglamento" in "\n".join(pdf_pages(target, tmp_path))


def test_characters_xml_forbids_are_dropped():
    document = Document(
        meta=Meta(id="control", kind="guide", title="Con\x0bcontrol", date=dt.date(2012, 1, 1)),
        blocks=[Paragraph([Text("antes\x00\x08\x1fdespués\ttab")])])
    opened_again = docx.Document(io.BytesIO(docx_bytes(document)))
    assert [p.text for p in opened_again.paragraphs] == ["antesdespués\ttab"]
    assert opened_again.core_properties.title == "Concontrol"


def test_a_long_row_that_fits_a_page_stays_whole():
    """A row of many words in a wide cell is kept whole: only a row that may
    be taller than the page's room may split."""
    wide = Cell([Text(" ".join(["palabra"] * 120))])
    table = Table(head=[[Cell([Text("Columna")])]], rows=[[wide]])
    meta = Meta(id="filas", kind="guide", title="Filas", date=dt.date(2012, 1, 2))
    opened = docx.Document(io.BytesIO(docx_bytes(Document(meta, [table], {}))))
    assert opened.tables[0].rows[1]._tr.find(f"{W}trPr/{W}cantSplit") is not None


def test_the_paragraph_after_a_table_keeps_the_pdfs_gap_from_it():
    """12 pt before the paragraph after a table, as the PDFs' table margin;
    none on the blank paragraph that parts two tables (it is the gap), in a
    table's cells, before a heading (its own space) nor after the signatures."""
    table = Table(head=[[Cell([Text("Columna")])]], rows=[[Cell([Text("fila")])]])
    signatures = SignatureBlock([Signer("A", "Uno"), Signer("B", "Dos")])
    blocks = [table, Paragraph([Text("Después"), FootnoteRef("n", number=1, places_note=True)]),
              table, table, Section([Text("Título")], [], display="1."), table, signatures,
              Paragraph([Text("Fin")])]
    meta = Meta(id="tablas", kind="guide", title="Tablas", date=dt.date(2012, 1, 2))
    document = Document(meta, blocks, {"n": Footnote("n", [Text("Nota")], number=1)})
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(document)))
                            .read("word/document.xml"))
    spaced = ["".join(p.itertext()) for p in body.iter(f"{W}p")
              if p.find(f"{W}pPr/{W}spacing[@{W}before='240']") is not None]
    assert spaced == ["Después"]
