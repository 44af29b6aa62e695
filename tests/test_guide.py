"""The Gestión Territorial guide (content/guias/gestion-territorial/): built
from its Markdown and its process, consistent with itself and the framework,
in DOCX, HTML and PDF with the flow diagram visible in each."""

from __future__ import annotations

import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.assemble import read_document
from generator.build.build import build_kind
from generator.build.sources import MarkdownBatch, Selection
from generator.kinds import KINDS
from generator.passes.prepare import prepare
from generator.cli import cli
from generator.assemble.diagram import MISSING_DOT, WRAP
from generator.errors import UserError
from generator.load.content import load_content
from generator.model.document import (
    Annex, BulletList, Cell, DefinitionList, Document, Figure, Section, Table, cell_items,
)
from generator.load.process import load_process
from generator.model.walk import iter_blocks
from generator.writers.text import inline_text, render_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FOLDER = Path("guias") / "gestion-territorial"
GUIDE = CONTENT / FOLDER / "guia.md"
PROCESS = CONTENT / FOLDER / "proceso.yaml"
STAGES = ["ETAPA I", "ETAPA II", "ETAPA III", "ETAPA IV"]
#: The flow's figures: ETAPA IV is too long to print legibly on one page.
FLOW_PARTS = STAGES[:3] + ["ETAPA IV (parte 1 de 2)", "ETAPA IV (parte 2 de 2)"]


def build(content: Path) -> Document:
    return prepare(read_document(content / FOLDER / "guia.md", load_content(content)))


@pytest.fixture(scope="module")
def guide() -> Document:
    return build(CONTENT)


def headings(document: Document) -> list[str]:
    """Every section's and annex's number and title, in order."""
    return [" ".join(filter(None, [b.display, inline_text(b.title)]))
            for b in iter_blocks(document.blocks) if isinstance(b, (Section, Annex))]


def section(document: Document, title: str) -> Section:
    return next(b for b in iter_blocks(document.blocks)
                if isinstance(b, Section) and inline_text(b.title) == title)


def cell_lines(cell: Cell) -> list[str]:
    """A table cell's lines (its texts between line breaks)."""
    return [inline_text(line) for line in cell_items(cell) if line]


def records_of_section_9(document: Document) -> list[str]:
    (records,) = [b for b in section(document, "Registros").children
                  if isinstance(b, BulletList)]
    return [inline_text(item.blocks[0].inlines) for item in records.items]


# ------------------------------------------------------------ the guide


def test_the_guide_is_one_of_the_bundled_guides() -> None:
    assert [s.path for s in MarkdownBatch(KINDS["guide"], CONTENT).sources] == [GUIDE]


def test_sections_are_numbered_and_counted(guide: Document) -> None:
    introduction = [h for h in headings(guide) if re.match(r"^\d+\.- ", h)]
    assert introduction == [
        "1.- Antecedentes Generales del Programa de Mejoramiento de la Gestión",
        "2.- Sistema Gestión Territorial", "3.- Programa Marco de la Calidad"]
    main = [b for b in guide.blocks if isinstance(b, Section) and b.numbered]
    assert [b.display for b in main] == [str(n) for n in range(1, 11)]
    assert "El procedimiento está estructurado en 10 secciones," in render_text(guide)
    assert headings(guide)[headings(guide).index("3 Responsabilidades") + 1:][:4] == [
        "3.1", "3.2", "3.3", "3.4"]
    assert [h for h in headings(guide) if h.startswith("6.2.")] == [
        "6.2.1 Elaboración/ Actualización del Diagnóstico",
        "6.2.2 Planificación y Programa de Trabajo", "6.2.3 Implementación y Seguimiento",
        "6.2.4 Evaluación de Resultados", "6.2.5 Estandarización del Proceso"]


def test_annex_references_name_the_annex_that_exists(guide: Document) -> None:
    text = render_text(guide)
    assert "Ver Anexo 1. Referencias normativas." in text
    assert [h for h in headings(guide) if h.startswith("Anexo")] == [
        "Anexo 1 Referencias normativas"]
    assert "Anexo 2" not in text


def test_year_and_system_names_come_from_the_framework(guide: Document) -> None:
    text = render_text(guide)
    assert "Programa de Mejoramiento de la Gestión año 2010." in text
    assert text.count("Programa Marco Básico 2010)") == 4
    assert ("relativos a: Capacitación, Higiene - Seguridad y Mejoramiento de Ambientes de "
            "Trabajo, Evaluación de Desempeño,") in text
    assert "Adicionalmente a los siete sistemas de gestión" in text
    assert ("tales como: Gobierno Electrónico, Gestión Territorial, Administración Financiero - "
            "Contable y Enfoque de Género.") in text


def test_the_records_of_section_9_are_those_the_process_names(guide: Document) -> None:
    process = load_process(PROCESS)
    listed = records_of_section_9(guide)
    assert listed == [r.name for r in process.records_in_order()]
    assert len(listed) == len(set(listed)) == 11
    (table,) = [b for b in iter_blocks(guide.blocks) if isinstance(b, Table)]
    in_table = [name for row in table.rows if len(row) == 5 for name in cell_lines(row[4])]
    assert list(dict.fromkeys(in_table)) == listed
    # a cell of several items (inputs, records) is a bulleted list, as in the source
    cells = [cell for row in table.rows if len(row) == 5 for cell in (row[0], row[4])]
    assert any(cell.listed for cell in cells)
    assert all(cell.listed == (len(cell_lines(cell)) > 1) for cell in cells)
    figures = [b for b in iter_blocks(guide.blocks) if isinstance(b, Figure)]
    drawn = "".join(f.svg for f in figures)
    for record in listed:  # every record is drawn beside the step that makes it
        for line in textwrap.wrap(record, WRAP["record"], break_on_hyphens=False):
            assert f">{line}</text>" in drawn, line


def test_the_process_table_has_a_row_per_step_under_its_stage(guide: Document) -> None:
    process = load_process(PROCESS)
    (table,) = [b for b in iter_blocks(guide.blocks) if isinstance(b, Table)]
    assert table.display == "Cuadro 1" and inline_text(table.caption or []) == (
        "Descripción del proceso")
    assert [inline_text(c.inlines) for c in table.head[0]] == [
        "Entradas", "Actividades", "Descripción (Resumen)", "Responsables", "Registros"]
    stage_rows = [inline_text(row[0].inlines) for row in table.rows if len(row) == 1]
    assert stage_rows == STAGES
    steps = [row for row in table.rows if len(row) == 5]
    assert [inline_text(row[1].inlines) for row in steps] == [
        step.name for _, step in process.steps()]
    first = steps[0]
    assert "Anteproyecto Regional de Inversiones (ARI)." in inline_text(first[0].inlines)
    assert inline_text(first[4].inlines) == "Informe de Diagnóstico"
    visa = next(r for r in steps if inline_text(r[1].inlines).startswith("¿SUBDERE visa"))
    assert inline_text(visa[3].inlines) == "SUBDERE (Red de Expertos)"


def test_figure_1_draws_the_guide_s_own_sections(guide: Document) -> None:
    structure = next(b for b in iter_blocks(guide.blocks) if isinstance(b, Figure))
    assert (structure.display, structure.label) == ("Figura 1", "fig:estructura")
    assert structure.png.startswith(b"\x89PNG") and structure.pending is None
    for section in ("1 Objetivo", "6 Descripción de proceso", "10 Anexos"):
        assert f">{section}</text>" in structure.svg
    assert "La estructura del procedimiento se muestra en la Figura 1." in render_text(guide)


def test_the_flow_diagram_is_one_figure_per_stage_or_part_of_one(guide: Document) -> None:
    figures = [b for b in iter_blocks(guide.blocks) if isinstance(b, Figure) and b.caption]
    assert [f.display for f in figures] == [
        "Figura 2", "Figura 3", "Figura 4", "Figura 5", "Figura 6"]
    assert [inline_text(f.caption or []) for f in figures] == [
        f"Diagrama de flujo del proceso, {stage}" for stage in FLOW_PARTS]
    assert figures[0].label == "fig:diagrama"
    for figure in figures:
        assert figure.png.startswith(b"\x89PNG") and "<svg" in figure.svg
        width, height = (float(x) for x in re.search(
            r'<svg width="([\d.]+)cm" height="([\d.]+)cm"', figure.svg).groups())
        assert width == figure.width_cm <= 16 and height <= 19.01
    assert "las figuras 2 y siguientes muestran su flujo" in render_text(guide)


def test_each_glossary_term_is_defined_once_and_each_acronym_expanded_one_way(
        guide: Document) -> None:
    (glossary,) = [b for b in iter_blocks(guide.blocks) if isinstance(b, DefinitionList)]
    terms = [inline_text(item.term) for item in glossary.items]
    assert len(terms) == len(set(terms)) == 18
    text = render_text(guide)
    checked = 0
    for item in glossary.items:
        acronym = inline_text(item.term)
        if not re.fullmatch(r"[A-Z]{2,}", acronym):
            continue
        expansion = re.split(r"[.,]", inline_text(item.body))[0]
        for match in re.finditer(rf" \({acronym}\)", text):
            assert text[:match.start()].endswith(expansion), (
                f"{acronym} expanded otherwise than '{expansion}': "
                f"…{text[max(0, match.start() - 60):match.end()]}")
            checked += 1
    assert checked >= 7  # ARI, PROPIR and SUBDERE in the text, table, annex and notes


def test_footnotes_are_numbered_and_the_stages_they_name_are_computed(guide: Document) -> None:
    notes = [inline_text(n.inlines) for n in guide.footnotes_in_order()]
    assert len(notes) == 5
    assert notes[2].startswith("En la etapa 1, los servicios identificaron")
    assert "En la etapa 2, corresponde" in notes[2]


# ------------------------------------------------------------ changing the content


def test_a_section_an_annex_and_a_record_added_to_a_copy_are_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    guide, process = content / FOLDER / "guia.md", content / FOLDER / "proceso.yaml"
    edit(guide, "# Referencias {#sec:referencias}",
         "# Sección añadida {#sec:nueva}\n\nVéase la [@sec:registros] y el [@ann:nuevo].\n\n"
         "# Referencias {#sec:referencias}")
    edit(guide, "::: annex {#ann:normativas}",
         "::: annex {#ann:nuevo}\n# Anexo añadido\n\nTexto.\n:::\n\n::: annex {#ann:normativas}")
    edit(process, "records:\n", "records:\n  - id: registro-nuevo\n    name: Registro añadido\n")
    edit(process, "Perspectiva Territorial.\n        responsible: encargado\n",
         "Perspectiva Territorial.\n        responsible: encargado\n"
         "        records: [registro-nuevo]\n")
    document = build(content)
    text = render_text(document)
    found = headings(document)
    assert "El procedimiento está estructurado en 11 secciones," in text
    assert "5 Sección añadida" in found and "6 Referencias" in found
    assert "7.2.4 Evaluación de Resultados" in found
    assert found[-4:] == ["10 Registros", "11 Anexos", "Anexo 1 Anexo añadido",
                          "Anexo 2 Referencias normativas"]
    assert "Véase la sección 10 y el Anexo 1." in text
    assert text.count("Anexo 2. Referencias normativas.") == 2  # sections 6 and 11
    listed = records_of_section_9(document)
    assert len(listed) == 12
    assert listed[listed.index("Programa de Seguimiento") + 1] == "Registro añadido"
    structure, *diagrams = [b for b in iter_blocks(document.blocks) if isinstance(b, Figure)]
    assert "Registro añadido" in diagrams[3].svg
    assert ">5 Sección añadida</text>" in structure.svg and ">11 Anexos</text>" in structure.svg


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (old, text.count(old))
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_guide_must_name_a_known_framework(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    monkeypatch.chdir(tmp_path)
    edit(content / FOLDER / "guia.md", "  framework: pmg-2010", "  framework: pmg-2099")
    with pytest.raises(UserError) as info:
        build(Path("content"))
    assert [str(p) for p in info.value.problems] == [
        "content/guias/gestion-territorial/guia.md:8: error: unknown framework 'pmg-2099' "
        "(did you mean 'pmg-2010'?)"]


def test_a_guide_must_name_a_system_of_its_framework(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    monkeypatch.chdir(tmp_path)
    edit(content / FOLDER / "guia.md", "  system: gestion-territorial",
         "  system: gestion-territorio")
    with pytest.raises(UserError) as info:
        build(Path("content"))
    assert [str(p) for p in info.value.problems] == [
        "content/guias/gestion-territorial/guia.md:9: error: no system 'gestion-territorio' in "
        "framework 'pmg-2010' (did you mean 'gestion-territorial'?)"]


# ------------------------------------------------------------ the outputs


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("guides")
    written = build_kind(KINDS["guide"], CONTENT, folder, Selection()).outputs
    return {path.suffix: path for path in written}


def test_the_docx_holds_the_diagram_images(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs[".docx"]) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        body = package.read("word/document.xml").decode("utf-8")
        assert len(images) == 6  # the guide's structure and the four stages, one in two
        assert all(package.read(n).startswith(b"\x89PNG") for n in images)
    assert body.count("<w:drawing>") == 6
    assert "Diagrama de flujo del proceso, ETAPA IV" in body


def test_the_html_holds_the_diagram_as_svg(outputs: dict[str, Path]) -> None:
    html = outputs[".html"].read_text(encoding="utf-8")
    assert html.count("<svg") == 6
    assert ">¿Aprueba Diagnóstico?</text>" in html
    assert html.count("<figcaption") == 6


@pytest.fixture(scope="module")
def pdf(bundled_pdf) -> Path:
    return bundled_pdf("guide")


def test_the_pdf_pages_show_the_diagram(pdf: Path) -> None:
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    for number, label in ((1, "6 Descripción de proceso"), (2, "¿Aprueba Diagnóstico?"),
                          (3, "¿Aprueba Plan y"),
                          (4, "Implementa Programa modificado"), (5, "Seguimiento de compromisos"),
                          (6, "Difusión de Resultados")):
        (page,) = [p for p in pages if f"Figura {number}\n" in p or p.startswith(f"Figura {number}")]
        assert label in page  # the drawing's own text, laid out on the figure's page


def test_a_missing_dot_stops_the_build_with_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PATH", str(tmp_path))  # no Graphviz here
    result = CliRunner().invoke(cli, ["--output", str(tmp_path / "out"), "build", "document",
                                      str(GUIDE.relative_to(ROOT))])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.fullmatch(rf"content/guias/gestion-territorial/proceso\.yaml:\d+: error: "
                        rf"{re.escape(MISSING_DOT)}\n1 error; nothing was written\.\n",
                        result.stderr), result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
