"""The circular proposing a year's Programa Marco (generator/assemble/circular.py):
the bundled Circular N° 39 of 2011, what it takes from the data, what changes
when the data change, its errors, and its DOCX, PDF and HTML."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypdf
import pytest

from generator.assemble import read_document
from generator.assemble.circular import count_label, listing, words
from generator.build.build import build_kind
from generator.build.sources import MarkdownBatch, Selection
from generator.kinds import KINDS
from generator.passes.prepare import prepare
from generator.errors import UserError
from generator.load.content import load_content
from generator.model.document import Document, NumberedParagraph, Table
from generator.model.tables import unmerged
from generator.model.walk import iter_blocks
from generator.writers.text import render_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
CIRCULAR = Path("circulares") / "circular-39-2011.md"
FRAMEWORK = Path("frameworks") / "mei-sma-2012.yaml"

NEW_SYSTEM = """
      - id: gestion-territorial
        name: Gestión Territorial
        new: true
        general_objective: Incorporar la perspectiva territorial en la gestión de la institución.
        experts: [segpres]
        stages:
          - id: gt-e1
          - id: gt-e2
          - id: gt-e3
"""


def circular(root: Path = CONTENT) -> Document:
    return prepare(read_document(root / CIRCULAR, load_content(root)))


@pytest.fixture(scope="module")
def bundled() -> Document:
    return circular()


@pytest.fixture(scope="module")
def text(bundled: Document) -> list[str]:
    return render_text(bundled).splitlines()


def tables(document: Document) -> dict[str, Table]:
    return {b.display: b for b in iter_blocks(document.blocks)
            if isinstance(b, Table) and b.display}


def cell_texts(table: Table, column: int) -> list[str]:
    """Each row's text in grid ``column``; an area's, in its first row only."""
    return ["".join(getattr(i, "text", "") for i in row[column].inlines)
            for row in unmerged(table.rows)]


def test_source_paths_list_the_bundled_circular() -> None:
    assert [s.path for s in MarkdownBatch(KINDS["circular"], CONTENT).sources] == [CONTENT / CIRCULAR]


def test_header_block_stamp_sender_and_addressees(text: list[str]) -> None:
    assert text[:8] == [
        "Reg. N° 037/LIL/RMA",
        "CIRC. N° 39",
        "ANT.: Art. 9 de la Ley N° 20.212 y Art. 17 DFL N° 3, de 2010, de la Secretaría "
        "General de la Presidencia.",
        "MAT.: Programa Marco de Metas de Eficiencia Institucional y de Metas Anuales de "
        "Gestión ligadas al desempeño, resultados y calidad de servicio institucionales de la "
        "SMA, año 2012.",
        "SANTIAGO, 15 SEP 2011",
        "DE : FELIPE LARRAÍN BASCUÑÁN",
        "MINISTRO DE HACIENDA",
        "A : SRES. MINISTROS DE ESTADO",
    ]


def test_paragraphs_are_numbered_by_the_engine(bundled: Document) -> None:
    displays = [b.display for b in iter_blocks(bundled.blocks) if isinstance(b, NumberedParagraph)]
    assert displays == [f"{n})" for n in range(1, 12)]


def test_services_areas_and_deadline_come_from_the_data(text: list[str]) -> None:
    start = text.index("- Ministerio de Economía, Fomento y Turismo:")
    assert text[start:start + 3] == ["- Ministerio de Economía, Fomento y Turismo:",
                                     "Fiscalía Nacional Económica.",
                                     "Instituto Nacional de Propiedad Industrial."]
    assert "- Ministerio del Medio Ambiente:" in text
    assert any(line.endswith("Estas áreas son: Planificación y Control de Gestión; Recursos "
                             "Humanos; Calidad de Atención a Usuarios; y Gestión de la Calidad.")
               for line in text)
    assert any(line.startswith("10) ") and line.endswith("hasta el próximo 23 de septiembre "
                                                         "de 2011.") for line in text)
    assert any(line.startswith("6) Existen en este programa marco tres nuevos sistemas: Sistema "
                               "Monitoreo del Desempeño, Sistema de Seguridad") for line in text)
    assert any("ponderación no inferior a un 60%" in line for line in text)
    assert any("los objetivos correspondientes a la etapa dos." in line for line in text)


def test_cuadros_are_numbered_cited_and_count_from_the_framework(bundled: Document,
                                                                  text: list[str]) -> None:
    found = tables(bundled)
    assert list(found) == ["Cuadro 1", "Cuadro 2"]
    framework = next(f for f in load_content(CONTENT).frameworks if f.id == "mei-sma-2012")
    systems = [system for _, system in framework.systems()]
    assert cell_texts(found["Cuadro 1"], 1) == [f"{s.name}. ({count_label(s)})" for s in systems]
    assert cell_texts(found["Cuadro 1"], 1)[:2] == ["Monitoreo del Desempeño. (3 objetivos)",
                                                    "Planificación y Control de Gestión. "
                                                    "(4 etapas)"]
    assert [c for c in cell_texts(found["Cuadro 2"], 0) if c] == [
        "1) Planificación y Control de Gestión", "2) Recursos Humanos",
        "3) Calidad de Atención a Usuarios", "4) Gestión de la Calidad"]
    assert any(line.startswith("4) ") and "para el año 2012 (Cuadro 1)," in line for line in text)
    assert any(line.startswith("7) ") and line.endswith("(Cuadro 2).") for line in text)


def test_signature_and_distribution_by_ministry(text: list[str]) -> None:
    start = text.index("Saluda atentamente a Ud.")
    assert text[start + 1:start + 7] == [
        "FELIPE LARRAÍN BASCUÑÁN", "Ministro de Hacienda", "Distribución:",
        "- Sr. Ministro de Economía:", "- Sr. Fiscal Nacional Económico.",
        "- Sr. Director del Instituto Nacional de Propiedad Industrial."]
    assert text[-2:] == ["- Ministerio del Medio Ambiente:",
                         "- Superintendencia del Medio Ambiente."]


def test_a_system_added_to_the_framework_reaches_every_table_and_count(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "          - id: aud-e4\n", "          - id: aud-e4\n" + NEW_SYSTEM)
    changed = circular(copy)
    found = tables(changed)
    assert list(found) == ["Cuadro 1", "Cuadro 2"]
    assert len(found["Cuadro 1"].rows) == len(found["Cuadro 2"].rows) == 12
    assert cell_texts(found["Cuadro 1"], 1)[2:4] == ["Auditoría. (4 etapas)",
                                                    "Gestión Territorial. (3 etapas)"]
    assert cell_texts(found["Cuadro 2"], 1)[3] == "Gestión Territorial."
    assert cell_texts(found["Cuadro 2"], 0)[5] == "2) Recursos Humanos"
    lines = render_text(changed).splitlines()
    assert ("6) Existen en este programa marco cuatro nuevos sistemas: Sistema Monitoreo del "
            "Desempeño, Sistema Gestión Territorial, Sistema de Seguridad de la Información y "
            "Sistema de Calidad Asociado al Modelo de Excelencia.") in lines


def test_new_year_needs_only_data_and_prose(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "  - system: seguridad-informacion\n      stage: 2",
         "  - system: seguridad-informacion\n      stage: 1")
    edit(copy / FRAMEWORK, "      min_weight: 60", "      min_weight: 55")
    edit(copy / CIRCULAR, "reply_by: 2011-09-23", "reply_by: 2011-10-03")
    lines = render_text(circular(copy)).splitlines()
    assert any("hasta el próximo 3 de octubre de 2011." in line for line in lines)
    assert any("no inferior a un 55%." in line for line in lines)
    assert any("correspondientes a la etapa uno." in line for line in lines)


def errors_of(root: Path) -> list[str]:
    with pytest.raises(UserError) as info:
        circular(root)
    return [str(p) for p in info.value.problems]


def test_unknown_framework_sender_and_short_columns_are_reported(copy: Path, edit) -> None:
    edit(copy / CIRCULAR, "  framework: mei-sma-2012", "  framework: mei-sma-2021")
    assert errors_of(copy) == [f"content/{CIRCULAR}:7: error: unknown framework 'mei-sma-2021' "
                               "(did you mean 'mei-sma-2012'?)"]
    edit(copy / CIRCULAR, "  framework: mei-sma-2021", "  framework: mei-sma-2012")
    edit(copy / CIRCULAR, "  sender: hacienda", "  sender: haciendas")
    edit(copy / CIRCULAR, "columns: [Áreas Prioritarias, Sistema, Institución experta]",
         "columns: [Áreas Prioritarias, Sistema]")
    assert errors_of(copy) == [
        f"content/{CIRCULAR}:11: error: unknown ministry 'haciendas' (did you mean 'hacienda'?)",
        f"content/{CIRCULAR}:22: error: tables.expertos.columns: expected 3 column titles "
        "(got 2)"]


def test_missing_front_matter_field_and_unknown_system_are_reported(copy: Path, edit) -> None:
    edit(copy / CIRCULAR, "  reply_by: 2011-09-23\n", "")
    # fields of the front matter's data are reported at the line of 'data:'
    assert errors_of(copy) == [f"content/{CIRCULAR}:6: error: reply_by: missing required field"]
    edit(copy / CIRCULAR, "  tables:\n", "  reply_by: 2011-09-23\n  tables:\n")
    edit(copy / CIRCULAR, 'system("calidad-modelo-excelencia")', 'system("calidad-excelencia")')
    [error] = errors_of(copy)
    assert re.fullmatch(rf"content/{CIRCULAR}:\d+: error: template error: unknown system "
                        r"'calidad-excelencia' in framework 'mei-sma-2012' \(did you mean "
                        r"'calidad-modelo-excelencia'\?\)", error), error


def test_wording_helpers() -> None:
    assert listing(["a", "b", "c"]) == "a, b y c"
    assert listing(["a", "b"], "; ", "; y ") == "a; y b"
    assert listing(["a"]) == "a"
    assert words(3) == "tres"
    with pytest.raises(ValueError, match="cannot write 21 in words"):
        words(21)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("circulars")
    written = build_kind(KINDS["circular"], CONTENT, out, Selection()).outputs
    return {path.suffix[1:]: path for path in written}


def test_docx_has_the_numbered_cuadros_and_computed_counts(outputs: dict[str, Path]) -> None:
    document = docx.Document(str(outputs["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Cuadro 1\nÁreas Prioritarias, Sistemas y Objetivos Generales" in paragraphs
    assert "Cuadro 2\nExpertos en las áreas prioritarias" in paragraphs
    assert any(p.startswith("4) ") and "(Cuadro 1)" in p for p in paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Monitoreo del Desempeño. (3 objetivos)" in cells
    assert "Sistema de Calidad Asociado al Modelo de Excelencia. (4 etapas)" in cells


@pytest.fixture(scope="module")
def pdf(bundled_pdf) -> Path:
    return bundled_pdf("circular")


def test_pdf_and_html_say_the_same(pdf: Path, outputs: dict[str, Path]) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)
    for expected in ("SANTIAGO, 15 SEP 2011", "Cuadro 1", "Cuadro 2", "(3 objetivos)",
                     "23 de septiembre de 2011"):
        assert expected in text
    html = outputs["html"].read_text(encoding="utf-8")
    assert "Cuadro 2" in html and "Monitoreo del Desempeño. (3 objetivos)" in html
