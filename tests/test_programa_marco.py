"""The Programa Marco document (generator/assemble/programa_marco.py): the
bundled MEI 2009 document, its computed counts and numbers, what changes when
the framework changes, its errors, and its DOCX, PDF and HTML (the documents
of the other frameworks: tests/test_programa_marco_frameworks.py)."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
import pytest

from generator.assemble import read_document
from generator.build.build import build_kind
from generator.build.sources import MarkdownBatch, Selection
from generator.kinds import KINDS
from generator.passes.frameworks import frameworks_library
from generator.passes.prepare import prepare
from generator.errors import UserError
from generator.load.content import load_content
from generator.model.document import Document, NumberedParagraph, Section, Table
from generator.model.tables import unmerged
from generator.model.walk import iter_blocks
from generator.writers.text import inline_text, render_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SOURCE = Path("programa-marco") / "mei-2009.md"
FRAMEWORK = Path("frameworks") / "mei-2009.yaml"
STEM = "programa-marco-mei-2009"

NEW_SYSTEM = """
      - id: gestion-territorial
        name: Gestión Territorial
        general_objective: Incorporar la perspectiva territorial en la gestión de la institución.
        experts: [dipres]
        objectives:
          - id: gt-01
            text: Diagnosticar la perspectiva territorial[^territorial] de la institución.
          - id: gt-02
            text: Diseñar un programa de trabajo que incorpore la perspectiva territorial.
"""


def programa_marco(root: Path = CONTENT) -> Document:
    content = load_content(root)
    return prepare(read_document(root / SOURCE, content), frameworks_library(content))


@pytest.fixture(scope="module")
def bundled() -> Document:
    return programa_marco()


def cuadros(document: Document) -> dict[str, Table]:
    return {b.display: b for b in iter_blocks(document.blocks)
            if isinstance(b, Table) and b.display}


def rows(table: Table) -> list[list[str]]:
    """Each row's texts by grid column; an area's, in its first row only."""
    return [[inline_text(cell.inlines) for cell in row] for row in unmerged(table.rows)]


def system_pages(document: Document) -> list[tuple[str, list[list[str]]]]:
    """Each system page: the system's name (from its general objective's table)
    and the rows of its objectives' table."""
    tables = [b for b in iter_blocks(document.blocks) if isinstance(b, Table) and not b.display]
    return [(rows(general)[0][0], rows(objectives))
            for general, objectives in zip(tables[::2], tables[1::2], strict=True)]


def test_source_paths_list_the_bundled_documents() -> None:
    assert [s.path for s in MarkdownBatch(KINDS["programa-marco"], CONTENT).sources] == [
        CONTENT / "programa-marco" / f"{name}.md" for name in ("mei-2009", "mei-sma-2012",
                                                               "pmg-2010")]


def test_sections_are_roman_and_rules_numbered(bundled: Document) -> None:
    sections = [f"{b.display} {inline_text(b.title)}" for b in bundled.blocks
                if isinstance(b, Section)]
    assert sections == ["I. ANTECEDENTES", "II. OBJETIVOS Y REQUISITOS",
                        "III. METAS DE EFICIENCIA INSTITUCIONAL. ASPECTOS GENERALES PARA SU "
                        "FORMULACIÓN", "IV. PROGRAMA MARCO. ÁREAS, SISTEMAS Y OBJETIVOS."]
    rules = [b for b in iter_blocks(bundled.blocks) if isinstance(b, NumberedParagraph)]
    assert [r.display for r in rules] == [f"{n}." for n in range(1, 8)]
    assert inline_text(rules[0].inlines).endswith("(Cuadro 1).")
    assert "los que deben ser de al menos un 5%." in inline_text(rules[1].inlines)


def test_every_cuadro_1_count_is_the_number_of_objectives_listed(bundled: Document) -> None:
    cuadro_1 = rows(cuadros(bundled)["Cuadro 1"])
    pages = system_pages(bundled)
    assert [row[3] for row in cuadro_1] == [name for name, _ in pages]
    assert [row[2] for row in cuadro_1] == [str(n) for n in range(1, len(pages) + 1)]
    assert [int(row[4]) for row in cuadro_1] == [len(objectives) for _, objectives in pages]
    assert [int(row[4]) for row in cuadro_1] == [11, 15, 10, 13, 7, 16]
    for _, objectives in pages:
        assert [row[0] for row in objectives] == [str(n) for n in range(1, len(objectives) + 1)]


def test_cuadros_and_footnotes_are_numbered_through_the_document(bundled: Document) -> None:
    found = cuadros(bundled)
    assert list(found) == ["Cuadro 1", "Cuadro 2"]
    assert [row[0] for row in rows(found["Cuadro 2"])] == [
        "1) Gestión Estratégica", "2) Gestión de Riesgos", "3) Gestión Desarrollo de Personas",
        "4) Eficiencia y Transparencia en la Gestión Pública", "5) Atención a Clientes", ""]
    notes = bundled.footnotes_in_order()
    assert [n.number for n in notes] == list(range(1, 13))
    assert [n.label for n in notes][:2] == ["ley", "sig-tipo"]
    text = render_text(bundled)
    assert text.count("[12]") == 4  # cited three times, and the note itself
    assert "[5] El porcentaje mínimo que se exigirá" in text


def test_a_system_added_to_the_framework_renumbers_what_follows(copy: Path, edit) -> None:
    areas = "\n  - id: gestion-riesgos\n"
    edit(copy / FRAMEWORK, areas, NEW_SYSTEM + areas)
    edit(copy / FRAMEWORK, "footnotes:\n",
         "footnotes:\n  territorial: Según la Guía Metodológica del sistema.\n")
    changed = programa_marco(copy)
    found = cuadros(changed)
    assert list(found) == ["Cuadro 1", "Cuadro 2"]
    cuadro_1 = rows(found["Cuadro 1"])
    assert [row[2:] for row in cuadro_1] == [
        ["1", "Planificación/Control de Gestión", "11"], ["2", "Gestión Territorial", "2"],
        ["3", "Auditoría", "15"], ["4", "Capacitación", "10"], ["5", "Compras", "13"],
        ["6", "Sistema Integral de Atención Ciudadana", "7"], ["7", "Gobierno Electrónico", "16"]]
    assert [row[1] for row in rows(found["Cuadro 2"])][:3] == [
        "Planificación/Control de Gestión", "Gestión Territorial", "Auditoría"]
    pages = system_pages(changed)
    assert pages[1] == ("Gestión Territorial", [
        ["1", "Diagnosticar la perspectiva territorial[5] de la institución."],
        ["2", "Diseñar un programa de trabajo que incorpore la perspectiva territorial."]])
    notes = {n.label: n.number for n in changed.footnotes_in_order()}
    assert (notes["territorial"], notes["porcentaje-minimo"], len(notes)) == (5, 6, 13)
    [rebuilt] = [path for path in build_kind(KINDS["programa-marco"], copy, Path("output"),
                                             Selection(), ("docx",)).outputs
                 if path.stem == STEM]
    table = next(t for t in docx.Document(str(rebuilt)).tables
                 if t.rows[0].cells[0].text == "N° Áreas")
    assert [row.cells[4].text for row in table.rows[1:]] == ["11", "2", "15", "10", "13", "7", "16"]


def test_rules_figures_come_from_the_year_rules(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "  min_weight: 5\n", "  min_weight: 2.5\n")
    assert "los que deben ser de al menos un 2,5%." in render_text(programa_marco(copy))


def errors_of(root: Path) -> list[str]:
    with pytest.raises(UserError) as info:
        programa_marco(root)
    return [str(p) for p in info.value.problems]


def test_objective_without_text_and_wrong_mechanism_are_reported(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "          - id: cap-01\n            text: Constituir y disponer el "
         "funcionamiento del Comité Bipartito de Capacitación.\n", "          - id: cap-01\n")
    edit(copy / SOURCE, "  mechanism: mei", "  mechanism: pmg")
    lines = (copy / FRAMEWORK).read_text(encoding="utf-8").splitlines()
    line = lines.index("          - id: cap-01") + 1
    assert errors_of(copy) == [
        f"content/{FRAMEWORK}:{line}: error: objective 'cap-01' has no text (the Programa "
        "Marco lists every objective of 'capacitacion')",
        f"content/{SOURCE}:8: error: framework 'mei-2009' is not for mechanism 'pmg'"]


def test_a_framework_note_that_no_objective_cites_is_reported(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "footnotes:\n", "footnotes:\n  sobrante: Nota que nadie cita.\n")
    [error] = errors_of(copy)
    # where the framework's notes are placed: in the shared template
    assert error.startswith("content/partes/programa-marco.md:")
    assert error.endswith(": error: footnote 'sobrante' is never cited")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("programa-marco")
    written = build_kind(KINDS["programa-marco"], CONTENT, out, Selection()).outputs
    return {path.suffix[1:]: path for path in written if path.stem == STEM}


def test_docx_has_cuadro_1_with_its_counts_and_the_footnotes(outputs: dict[str, Path]) -> None:
    document = docx.Document(str(outputs["docx"]))
    assert "Cuadro 1\nPROGRAMA MARCO PROPUESTO" in [p.text for p in document.paragraphs]
    cuadro_1 = next(t for t in document.tables if t.rows[0].cells[0].text == "N° Áreas")
    assert [row.cells[4].text for row in cuadro_1.rows[1:]] == ["11", "15", "10", "13", "7", "16"]
    notes = next(part.blob.decode("utf-8") for part in document.part.package.parts
                 if part.partname == "/word/footnotes.xml")
    assert "El porcentaje mínimo que se exigirá" in notes


@pytest.fixture(scope="module")
def pdf(bundled_pdf) -> Path:
    return bundled_pdf("programa-marco", STEM)


def test_pdf_and_html_say_the_same(pdf: Path, outputs: dict[str, Path]) -> None:
    pages = pypdf.PdfReader(pdf).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for expected in ("I. ANTECEDENTES", "IV. PROGRAMA MARCO", "Cuadro 1", "Cuadro 2",
                     "GESTIÓN DESARROLLO DE PERSONAS 3 Capacitación 10", "AÑO 2009",
                     "Ley N° 20.212 del 29 de agosto de 2007."):
        assert expected in text, expected
    html = outputs["html"].read_text(encoding="utf-8")
    assert "Cuadro 1" in html and "ÁREA Gestión Estratégica" in html
