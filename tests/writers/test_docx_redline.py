"""The DOCX writer's redlines: Word tracked changes. An old and a new version
of a document, numbered by the passes, and by hand the redline that turns
one into the other; accepting every change of the written redline must give
the new version's text and rejecting every change the old one's
(``tests/tracked.py`` does what Word does), with the renumbering under an
author of its own, ids Word accepts and the XML in schema order."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from generator.model.document import (
    Annex, BulletList, Cell, Definition, DefinitionList, Deleted, Document, Figure, Footnote,
    FootnoteRef, Inserted, ListItem, Meta, NumberedParagraph, OrderedList, Paragraph, Ref, Revised,
    Section, Signer, SignatureBlock, Table, Text,
)
from generator.passes.prepare import prepare
from generator.writers.docx import EDITOR, RENUMBERER, docx_bytes, redline_docx_bytes
from test_docx import PNG
from tracked import accept_all, docx_text, reject_all

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = dt.date(2024, 5, 2)
COMMENT = ["Renumeración: las secciones 1 y 2 son ahora la 2 y la 3,",
           "el Cuadro 1 es el Cuadro 2 y el Anexo 1 el Anexo 2."]
PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml")


def meta() -> Meta:
    return Meta(id="guia", kind="guide", title="Guía", date=dt.date(2024, 3, 15))


def cells(*texts: str) -> list[Cell]:
    return [Cell([Text(text)]) for text in texts]


def compras() -> list[Cell]:
    """The row the new version inserts (with a cell aligned)."""
    return [Cell([Text("Compras")]), Cell([Text("3")], align="right")]


def paragraph(*inlines: str | Text | Ref | FootnoteRef | Inserted | Deleted) -> Paragraph:
    return Paragraph([Text(i) if isinstance(i, str) else i for i in inlines])


def old_document() -> Document:
    return prepare(Document(meta(), [
        Section([Text("Antecedentes")], label="sec:antecedentes", children=[
            paragraph("El programa se rige por la ley vigente", FootnoteRef("ley"), "."),
            paragraph("Este párrafo se elimina", FootnoteRef("vieja"), "."),
            paragraph("Ver ", Ref("tbl:sistemas"), " y ", Ref("sec:proceso"), "."),
            Table(head=[cells("Sistema", "Etapas")],
                  rows=[cells("Capacitación", "4"), cells("Auditoría", "4")],
                  caption=[Text("Sistemas")], label="tbl:sistemas"),
        ]),
        Section([Text("Proceso")], label="sec:proceso", children=[
            NumberedParagraph("par", [Text("Primero"), FootnoteRef("dos")]),
            NumberedParagraph("par", [Text("Segundo, según la ley"), FootnoteRef("ley"),
                                      Text(" y la nota"), FootnoteRef("dos")]),
            OrderedList([ListItem([paragraph("uno")]), ListItem([paragraph("dos")])]),
            paragraph("Un texto con nota", FootnoteRef("movida"), "."),
            Table(head=[], rows=[cells("Antiguo", "cuadro")], caption=[Text("Cuadro que se va")],
                  label="tbl:viejo"),
        ]),
        Annex([Text("Formulario")], [paragraph("Campos del formulario.")], label="ann:formulario"),
    ], footnotes={
        "ley": Footnote("ley", [Text("Ley N° 19.553.")]),
        "vieja": Footnote("vieja", [Text("Nota que se elimina.")]),
        "dos": Footnote("dos", [Text("Nota dos.")]),
        "movida": Footnote("movida", [Text("Nota que cambia de párrafo.")]),
    }))


def alcance(numbered: bool) -> Section:
    """The section the new version inserts first, with a block of every kind."""
    number = {"number": (1,)} if numbered else {}
    return Section([Text("Alcance")], label="sec:alcance", children=[
        paragraph("Esta sección es nueva", FootnoteRef("alcance", number=1, places_note=True)
                  if numbered else FootnoteRef("alcance"), "."),
        Table(head=[cells("Etapa", "Plazo")], rows=[cells("Diagnóstico", "marzo")],
              caption=[Text("Plazos")], label="tbl:plazos",
              **({**number, "display": "Cuadro 1"} if numbered else {})),
        BulletList([ListItem([paragraph("una viñeta")])]),
        DefinitionList([Definition([Text("PMG")], [Text("Programa de Mejoramiento")])]),
        Figure(svg="<svg/>", png=PNG, caption=[Text("Ciclo")], label="fig:ciclo", width_cm=4,
               **({**number, "display": "Figura 1"} if numbered else {})),
        SignatureBlock([Signer("ANA SOTO", "Directora"), Signer("JUAN PÉREZ", "Ministro"),
                        Signer(None, "Subsecretario")]),
    ], **({**number, "display": "1"} if numbered else {}))


def new_document() -> Document:
    return prepare(Document(meta(), [
        alcance(numbered=False),
        Section([Text("Antecedentes")], label="sec:antecedentes", children=[
            paragraph("El programa se rige por la ley actual", FootnoteRef("ley"), "."),
            paragraph("Un párrafo nuevo", FootnoteRef("nueva"), "."),
            paragraph("Ver ", Ref("tbl:sistemas"), " y ", Ref("sec:proceso"), "."),
            Table(head=[cells("Sistema", "Etapas")],
                  rows=[cells("Capacitación", "4"), compras()],
                  caption=[Text("Sistemas")], label="tbl:sistemas"),
        ]),
        Section([Text("Proceso")], label="sec:proceso", children=[
            NumberedParagraph("par", [Text("Nuevo primero")]),
            NumberedParagraph("par", [Text("Primero"), FootnoteRef("dos")]),
            NumberedParagraph("par", [Text("Segundo, según la ley"), FootnoteRef("ley"),
                                      Text(" y la nota"), FootnoteRef("dos")]),
            OrderedList([ListItem([paragraph("cero")]), ListItem([paragraph("uno")]),
                         ListItem([paragraph("dos")])]),
            paragraph("Otro texto, con la misma nota", FootnoteRef("movida"), "."),
        ]),
        Annex([Text("Calendario")], [paragraph("Fechas del ciclo.")], label="ann:calendario"),
        Annex([Text("Formulario")], [paragraph("Campos del formulario.")], label="ann:formulario"),
    ], footnotes={
        "alcance": Footnote("alcance", [Text("Nota de la sección nueva.")]),
        "ley": Footnote("ley", [Text("Ley N° 19.553.")]),
        "nueva": Footnote("nueva", [Text("Nota nueva.")]),
        "dos": Footnote("dos", [Text("Nota dos, corregida.")]),
        "movida": Footnote("movida", [Text("Nota que cambia de párrafo.")]),
    }))


def redline() -> Document:
    """The old version changed into the new one, as ``marco diff`` makes it."""
    renumbered = "renumbering"
    return Document(meta(), [
        Revised("inserted", [alcance(numbered=True)]),
        Section([Text("Antecedentes")], label="sec:antecedentes", number=(2,), display="2",
                previous="1", children=[
            paragraph("El programa se rige por la ley ", Deleted([Text("vigente")]),
                      Inserted([Text("actual")]),
                      FootnoteRef("ley", number=2, places_note=True, previous=1), "."),
            Revised("deleted", [paragraph("Este párrafo se elimina",
                                          FootnoteRef("vieja", number=2, places_note=True), ".")]),
            Revised("inserted", [paragraph("Un párrafo nuevo",
                                           FootnoteRef("nueva", number=3, places_note=True), ".")]),
            paragraph("Ver ", Deleted([Ref("tbl:sistemas", text="Cuadro 1")], renumbered),
                      Inserted([Ref("tbl:sistemas", text="Cuadro 2")], renumbered), " y ",
                      Deleted([Ref("sec:proceso", text="sección 2")], renumbered),
                      Inserted([Ref("sec:proceso", text="sección 3")], renumbered), "."),
            Table(head=[cells("Sistema", "Etapas")],
                  rows=[cells("Capacitación", "4"), cells("Auditoría", "4"), compras()],
                  caption=[Text("Sistemas")], label="tbl:sistemas", number=(2,),
                  display="Cuadro 2", previous="Cuadro 1",
                  revised_rows={2: "deleted", 3: "inserted"}),
        ]),
        Section([Text("Proceso")], label="sec:proceso", number=(3,), display="3", previous="2",
                children=[
            Revised("inserted", [NumberedParagraph("par", [Text("Nuevo primero")], number=(1,),
                                                   display="1)")]),
            NumberedParagraph("par", [Text("Primero"), FootnoteRef("dos", number=4,
                                                                   places_note=True, previous=3)],
                              number=(2,), display="2)", previous="1)"),
            NumberedParagraph("par", [Text("Segundo, según la ley"),
                                      FootnoteRef("ley", number=2, previous=1), Text(" y la nota"),
                                      FootnoteRef("dos", number=4, previous=3)],
                              number=(3,), display="3)", previous="2)"),
            OrderedList([ListItem([paragraph("cero")], revised="inserted"),
                         ListItem([paragraph("uno")]), ListItem([paragraph("dos")])],
                        displays=["1.", "2.", "3."], previous=[None, "1.", "2."]),
            Revised("deleted", [paragraph("Un texto con nota",
                                          FootnoteRef("movida", number=4, places_note=True), ".")]),
            Revised("inserted", [paragraph("Otro texto, con la misma nota",
                                           FootnoteRef("movida", number=5, places_note=True),
                                           ".")]),
            Revised("deleted", [Table(head=[], rows=[cells("Antiguo", "cuadro")],
                                      caption=[Text("Cuadro que se va")], label="tbl:viejo",
                                      number=(2,), display="Cuadro 2")]),
        ]),
        Revised("inserted", [Annex([Text("Calendario")], [paragraph("Fechas del ciclo.")],
                                   label="ann:calendario", number=(1,), display="Anexo 1")]),
        Annex([Text("Formulario")], [paragraph("Campos del formulario.")], label="ann:formulario",
              number=(2,), display="Anexo 2", previous="Anexo 1"),
    ], footnotes={
        "alcance": Footnote("alcance", [Text("Nota de la sección nueva.")], number=1,
                            revised="inserted"),
        "ley": Footnote("ley", [Text("Ley N° 19.553.")], number=2),
        "vieja": Footnote("vieja", [Text("Nota que se elimina.")], number=2, revised="deleted"),
        "nueva": Footnote("nueva", [Text("Nota nueva.")], number=3, revised="inserted"),
        "dos": Footnote("dos", [Text("Nota dos"), Inserted([Text(", corregida")]), Text(".")],
                        number=4),
        "movida": Footnote("movida", [Text("Nota que cambia de párrafo.")], number=5),
    })


@pytest.fixture(scope="module")
def written() -> bytes:
    return redline_docx_bytes(redline(), DATE, COMMENT)


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: etree.fromstring(package.read(name)) for name in PARTS
                if name in package.namelist()}


def changes(data: bytes) -> list[etree._Element]:
    """Every ``w:ins`` and ``w:del`` of the body and the footnotes."""
    return [element for name, root in parts(data).items() if name != "word/comments.xml"
            for element in root.iter(f"{W}ins", f"{W}del")]


def text(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t", f"{W}delText"))


# ------------------------------------------------------------------ the text


def test_accepting_every_change_gives_the_new_version(written):
    expected = docx_text(docx_bytes(new_document()))
    assert "1 Alcance" in expected and "[5] Nota que cambia de párrafo." in expected
    assert docx_text(accept_all(written)) == expected


def test_rejecting_every_change_gives_the_old_version(written):
    expected = docx_text(docx_bytes(old_document()))
    assert "Auditoría | 4" in expected and "[4] Nota que cambia de párrafo." in expected
    assert docx_text(reject_all(written)) == expected


def test_the_redline_matches_the_versions_the_passes_numbered():
    """The hand-made redline holds the numbers the passes give each version."""
    new = new_document()
    assert new.blocks[0].display == "1" and new.blocks[2].display == "3"
    assert [note.number for note in new.footnotes.values()] == [1, 2, 3, 4, 5]
    assert old_document().footnotes["movida"].number == 4
    assert new.blocks[2].children[3].displays == ["1.", "2.", "3."]
    assert old_document().blocks[1].children[4].display == "Cuadro 2"


def test_the_comment_does_not_change_the_text(written):
    plain = redline_docx_bytes(redline(), DATE, [])
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(plain)).namelist()
    for resolve in (accept_all, reject_all):
        assert docx_text(resolve(written)) == docx_text(resolve(plain))


# ------------------------------------------------------------------ the changes


def test_renumbering_has_its_own_author_and_only_numbers(written):
    by_author: dict[str, Counter] = {EDITOR: Counter(), RENUMBERER: Counter()}
    for change in changes(written):
        by_author[change.get(f"{W}author")][(change.tag.removeprefix(W), text(change))] += 1
    numbers = [("1 ", "2 "), ("2 ", "3 "),  # headings
               ("Cuadro 1", "Cuadro 2"), ("Cuadro 1", "Cuadro 2"),  # a reference, a caption
               ("sección 2", "sección 3"), ("1) ", "2) "), ("2) ", "3) "),
               ("1", "2"), ("3", "4"),  # notes cited again
               ("1.", "2."), ("2.", "3."), ("Anexo 1", "Anexo 2")]
    assert by_author[RENUMBERER] == Counter(
        [("del", old) for old, _ in numbers] + [("ins", new) for _, new in numbers])
    edits = by_author[EDITOR]
    assert edits[("del", "vigente")] == edits[("ins", "actual")] == 1
    assert edits[("ins", ", corregida")] == 1
    assert edits[("del", "Este párrafo se elimina.")] == 1  # the runs of a deleted paragraph
    assert edits[("ins", "")] > 10 and edits[("del", "")] > 2  # paragraph and row marks


def test_every_change_is_dated_and_ids_are_unique_across_parts(written):
    roots = parts(written)
    assert set(roots) == set(PARTS)
    annotations = [element for root in roots.values()
                   for element in root.iter(f"{W}ins", f"{W}del", f"{W}comment")]
    ids = [element.get(f"{W}id") for element in annotations]
    assert len(ids) > 40 and len(set(ids)) == len(ids)
    assert all(element.get(f"{W}date") == "2024-05-02T00:00:00Z" for element in annotations)
    comment = roots["word/comments.xml"].find(f"{W}comment")
    anchors = [element.get(f"{W}id") for element in roots["word/document.xml"].iter(
        f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference")]
    assert anchors == [comment.get(f"{W}id")] * 3
    assert not list(roots["word/document.xml"].iter(f"{W}bookmarkStart"))


def test_footnotes_are_numbered_by_word_with_ids_in_placing_order(written):
    roots = parts(written)
    body = roots["word/document.xml"]
    references = list(body.iter(f"{W}footnoteReference"))
    assert [ref.get(f"{W}id") for ref in references] == ["1", "2", "3", "4", "5", "6", "7"]
    assert not any(ref.get(f"{W}customMarkFollows") for ref in references)
    notes = {note.get(f"{W}id"): note for note in roots["word/footnotes.xml"]
             if note.get(f"{W}type") is None}
    assert {key: text(note) for key, note in notes.items()} == {
        "1": " Nota de la sección nueva.", "2": " Ley N° 19.553.", "3": " Nota que se elimina.",
        "4": " Nota nueva.", "5": " Nota dos, corregida.",
        "6": " Nota que cambia de párrafo.", "7": " Nota que cambia de párrafo."}
    marks = {key: {mark.tag for mark in note.iter(f"{W}ins", f"{W}del")
                   if mark.getparent().tag == f"{W}rPr"} for key, note in notes.items()}
    # a note of both versions, placed at its old call and its new one, is not marked
    assert marks == {"1": {f"{W}ins"}, "2": set(), "3": {f"{W}del"}, "4": {f"{W}ins"},
                     "5": set(), "6": set(), "7": set()}


def test_inserted_and_deleted_paragraphs_and_rows_mark_all_they_hold(written):
    """Here a paragraph with runs has its mark marked exactly when all its
    runs are in changes of one kind by the editor; a row is marked as its
    paragraphs are."""
    for root in parts(written).values():
        for paragraph in root.iter(f"{W}p"):
            mark = paragraph.find(f"{W}pPr/{W}rPr")
            kinds = set()
            for run in paragraph.iter(f"{W}r"):
                if run.find(f"{W}commentReference") is None:
                    change = next(run.iterancestors(f"{W}ins", f"{W}del"), None)
                    kinds.add(None if change is None or change.get(f"{W}author") != EDITOR
                              else change.tag)
            if kinds:  # not an empty paragraph
                whole = kinds.pop() if len(kinds) == 1 else None
                assert (None if mark is None else mark[0].tag) == whole, etree.tostring(paragraph)
        for row in root.iter(f"{W}tr"):
            marks = {mark.tag for mark in row.findall(f"{W}trPr/*")
                     if mark.tag in (f"{W}ins", f"{W}del")}
            for paragraph in row.iter(f"{W}p"):
                mark = paragraph.find(f"{W}pPr/{W}rPr")
                assert ({mark[0].tag} if mark is not None else set()) == marks
    rows = [[text(row), row.find(f"{W}trPr")] for row in parts(written)["word/document.xml"]
            .iter(f"{W}tr")]
    marked = {name: [t for t, properties in rows if properties is not None
                     and properties.find(f"{W}{name}") is not None] for name in ("ins", "del")}
    assert marked == {"ins": ["EtapaPlazo", "Diagnósticomarzo",
                              "ANA SOTODirectoraJUAN PÉREZMinistro", "Subsecretario", "Compras3"],
                      "del": ["Auditoría4", "Antiguocuadro"]}


def test_deleted_text_is_deltext_and_changes_do_not_nest(written):
    for root in parts(written).values():
        for element in root.iter(f"{W}t"):
            assert not list(element.iterancestors(f"{W}del")), element.text
        for element in root.iter(f"{W}delText"):
            assert list(element.iterancestors(f"{W}del")), element.text
        for change in root.iter(f"{W}ins", f"{W}del"):
            assert change.getparent().tag in (f"{W}p", f"{W}rPr", f"{W}trPr")
            assert not list(change.iterancestors(f"{W}ins", f"{W}del"))


#: The children of ``w:pPr`` in schema order (ECMA-376 CT_PPr).
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


def test_properties_are_in_schema_order(written):
    body = parts(written)["word/document.xml"]
    seen = set()
    for properties in body.iter(f"{W}pPr"):
        names = [child.tag.removeprefix(W) for child in properties]
        assert names == sorted(names, key=PPR_ORDER.index), names
        seen.update(names)
    assert {"pStyle", "pageBreakBefore", "jc", "rPr"} <= seen
    for properties in body.iter(f"{W}trPr"):
        names = [child.tag.removeprefix(W) for child in properties]
        changed = [i for i, name in enumerate(names) if name in ("ins", "del")]
        assert changed in ([], [len(names) - 1]), names  # after the other trPr children
    assert any(len(p) == 2 for p in body.iter(f"{W}trPr"))  # a header row inserted: tblHeader, ins
    for properties in body.iter(f"{W}rPr"):
        names = [child.tag.removeprefix(W) for child in properties]
        assert all(i == 0 for i, name in enumerate(names) if name in ("ins", "del")), names


def test_the_comment_is_the_renumberers(written):
    opened = docx.Document(io.BytesIO(written))
    [comment] = list(opened.comments)
    assert (comment.author, comment.initials) == (RENUMBERER, "mr")
    assert comment.timestamp == dt.datetime(2024, 5, 2, tzinfo=dt.timezone.utc)
    assert [p.text for p in comment.paragraphs] == COMMENT
    with zipfile.ZipFile(io.BytesIO(written)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/comments.xml"' in types and 'Target="comments.xml"' in rels
    first = parts(written)["word/document.xml"].find(f"{W}body/{W}p")
    assert first.find(f"{W}commentRangeStart") is not None and text(first) == "1 Alcance"


def test_python_docx_opens_it_and_the_same_redline_gives_the_same_bytes(written):
    opened = docx.Document(io.BytesIO(written))
    assert opened.paragraphs[0].style.name == "Heading 1"
    assert len(opened.tables) == 4
    assert redline_docx_bytes(redline(), DATE, COMMENT) == written
    assert redline_docx_bytes(redline(), dt.date(2024, 5, 3), COMMENT) != written


def test_render_refuses_a_redline():
    with pytest.raises(AssertionError, match="render_redline"):
        docx_bytes(redline())


def test_a_normal_document_as_a_redline_has_no_change():
    data = redline_docx_bytes(new_document(), DATE, [])
    assert changes(data) == []
    assert docx_text(data) == docx_text(docx_bytes(new_document()))


def test_the_helpers_join_paragraphs_as_word_does():
    """A paragraph whose mark is deleted joins the next one (ECMA-376's
    example), which keeps its style; rejecting keeps the two apart."""
    data = docx_bytes(Document(meta(), [paragraph("uno"), paragraph("dos")]))
    change = 'w:id="9" w:author="a" w:date="2024-01-01T00:00:00Z"'
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
    joined = body.replace(
        "<w:p><w:r>", f'<w:p><w:pPr><w:rPr><w:del {change}/></w:rPr></w:pPr><w:r>', 1).replace(
        '<w:p><w:r><w:t xml:space="preserve">dos',
        '<w:p><w:pPr><w:pStyle w:val="MarcoTitle"/></w:pPr><w:r><w:t xml:space="preserve">dos')
    assert joined.count("w:del ") == 1 and "MarcoTitle" in joined
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, joined if info.filename == "word/document.xml"
                            else source.read(info))
    assert docx_text(accept_all(buffer.getvalue())) == "unodos\n"
    [accepted] = docx.Document(io.BytesIO(accept_all(buffer.getvalue()))).paragraphs
    assert accepted.style.name == "Marco Title"
    assert docx_text(reject_all(buffer.getvalue())) == "uno\ndos\n"
    with pytest.raises(AssertionError, match="accept or reject"):
        docx_text(buffer.getvalue())


# ------------------------------------------------------------------ LibreOffice


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_redline_to_pdf(written, tmp_path: Path):
    source = tmp_path / "redline.docx"
    source.write_bytes(written)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=180)
    pdf = " ".join(page.extract_text() for page in PdfReader(tmp_path / "redline.pdf").pages)
    words = re.sub(r"\s+", " ", pdf)
    for shown in ("Un párrafo nuevo", "Este párrafo se elimina", "Compras", "Auditoría",
                  "Nota dos, corregida"):
        assert shown in words, shown
