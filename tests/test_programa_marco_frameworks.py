"""A Programa Marco document for every framework: the three bundled ones
(MEI 2009 of flat objective lists, MEI/SMA 2012 of stages and objectives,
PMG 2010 of Básico and Avanzado objectives) share one template
(content/partes/programa-marco.md); their Cuadros follow their frameworks'
data, a rule a framework lacks is absent from the text, and any bundled
source pointed at any bundled framework builds or fails with path:line
errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.cli import cli
from generator.kinds import KINDS
from generator.load.content import load_content
from generator.model.content import Framework

from conftest import CONTENT

#: Each bundled document, by its framework, with the mechanism it is for.
DOCUMENTS = {"mei-2009": "mei", "mei-sma-2012": "mei", "pmg-2010": "pmg"}
#: A mechanism of each framework, for a source pointed at it.
MECHANISM = {"mei-2009": "mei", "mei-sma-2012": "sma", "pmg-2010": "pmg"}
ERROR = re.compile(r"^content/\S+:\d+: error: ")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, docx.document.Document]:
    output = tmp_path_factory.mktemp("output")
    report = build_kind(KINDS["programa-marco"], CONTENT, output, Selection(), ("docx",))
    assert report.written == 3
    return {path.stem.removeprefix("programa-marco-"): docx.Document(str(path))
            for path in report.outputs}


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return {f.id: f for f in load_content(CONTENT, with_commitments=False).frameworks}


def cuadro_1(document) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "N° Áreas")
    return [[cell.text for cell in row.cells] for row in table.rows]


def text_of(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def count_of(framework: Framework, system) -> str:
    """Cuadro 1's count: the objectives in a framework of objectives only;
    ``4 etapas`` / ``3 objetivos`` where some system has stages."""
    staged = any(s.staged for _, s in framework.systems())
    if not staged:
        return str(len(list(system.all_objectives())))
    n, word = (len(system.stages), "etapa") if system.staged else (len(system.objectives),
                                                                      "objetivo")
    return f"{n} {word}{'s' if n != 1 else ''}"


@pytest.mark.parametrize("framework_id", list(DOCUMENTS))
def test_cuadro_1_follows_the_framework(built, frameworks, framework_id: str) -> None:
    framework = frameworks[framework_id]
    head, *rows = cuadro_1(built[framework_id])
    systems = [(area, system) for area, system in framework.systems()]
    assert len(rows) == len(systems)
    areas = {area.id: number for number, area in enumerate(framework.areas, start=1)}
    for number, (row, (area, system)) in enumerate(zip(rows, systems), start=1):
        assert row[:4] == [str(areas[area.id]), area.name.upper(), str(number), system.name]
        if len(head) == 5:
            assert row[4] == count_of(framework, system)
    # the PMG's stages are example values: its Cuadro 1 gives no count
    assert len(head) == (4 if framework_id == "pmg-2010" else 5)


@pytest.mark.parametrize("framework_id", list(DOCUMENTS))
def test_cuadro_2_gives_every_system_its_experts(built, frameworks, framework_id: str) -> None:
    framework = frameworks[framework_id]
    table = next(t for t in built[framework_id].tables
                 if t.rows[0].cells[1].text == "Sistema" and len(t.columns) == 3)
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in rows] == [system.name for _, system in framework.systems()]
    assert [row[2] for row in rows] == ["\n".join(framework.experts[e] for e in system.experts)
                                        for _, system in framework.systems()]


def test_the_pmg_document_lists_the_basico_and_avanzado_objectives(built, frameworks) -> None:
    framework = frameworks["pmg-2010"]
    text = text_of(built["pmg-2010"])
    for _, system in framework.systems():
        assert f"Programa Marco Básico: {system.general_objective}" in text, system.id
        if system.advanced_objective:
            assert f"Programa Marco Avanzado: {system.advanced_objective}" in text, system.id
    assert sum(1 for _, s in framework.systems() if s.advanced_objective) == 7
    assert text.count("Programa Marco Avanzado: ") == 7
    # the PMG's tiers, from the framework's rules; no minimum weight, so none is stated
    assert ("de 5% con un cumplimiento igual o superior a 90%; de 2,5% con un cumplimiento "
            "igual o superior a 75% y menor a 90%; y de 0% con un cumplimiento menor a 75%") in text
    assert "al menos un" not in text


def test_the_2012_document_states_the_year_rules(built) -> None:
    text = text_of(built["mei-sma-2012"])
    for expected in (
            "El Sistema Monitoreo del Desempeño debe ser comprometido con todos sus objetivos, "
            "con prioridad alta y una ponderación no inferior a un 60%.",
            "En el Sistema de Seguridad de la Información, los servicios deben comprometer, al "
            "menos, la etapa II.",
            "Se incorporan este año tres nuevos sistemas",
            "al menos el 95% de su meta", "de 7,6% con un cumplimiento igual o superior a 90%"):
        assert expected in text, expected


def _pointed(source: str, framework_id: str, root: Path) -> Path:
    """``root``: the bundled content with the Programa Marco ``source`` alone,
    pointed at ``framework_id`` (and a mechanism of it)."""
    shutil.copytree(CONTENT, root)
    folder = root / "programa-marco"
    text = (folder / f"{source}.md").read_text(encoding="utf-8")
    for path in folder.glob("*.md"):
        path.unlink()
    text = re.sub(r"(?m)^  framework: .*$", f"  framework: {framework_id}", text)
    text = re.sub(r"(?m)^  mechanism: .*$", f"  mechanism: {MECHANISM[framework_id]}", text)
    (folder / "x.md").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("framework_id", list(DOCUMENTS))
@pytest.mark.parametrize("source", list(DOCUMENTS))
def test_any_source_on_any_framework_builds_or_reports(tmp_path: Path, monkeypatch, source: str,
                                                       framework_id: str) -> None:
    monkeypatch.chdir(tmp_path)
    _pointed(source, framework_id, tmp_path / "content")
    result = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert "Traceback" not in result.output and result.exception is None or (
        isinstance(result.exception, SystemExit)), result.output
    if result.exit_code == 0:
        [written] = (tmp_path / "output" / "programa-marco").glob("*.txt")
        assert f"AÑO {int(framework_id[-4:])}" in written.read_text(encoding="utf-8")
        return
    assert result.exit_code == 1, result.output
    *errors, count = result.stderr.splitlines()
    assert errors and all(ERROR.match(line) for line in errors), errors
    assert count.endswith("nothing was written.")


def test_a_source_built_on_another_framework_once_its_title_year_follows(
        tmp_path: Path, monkeypatch) -> None:
    """The MEI 2009 prose on the PMG framework: its minimum weight rule,
    which the PMG lacks, is left out of the text."""
    monkeypatch.chdir(tmp_path)
    root = _pointed("mei-2009", "pmg-2010", tmp_path / "content")
    source = root / "programa-marco" / "x.md"
    source.write_text(source.read_text(encoding="utf-8").replace("año 2009", "año 2010"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert result.exit_code == 0, result.output
    [written] = (tmp_path / "output" / "programa-marco").glob("*.txt")
    text = written.read_text(encoding="utf-8")
    assert "además de sus correspondientes ponderadores. Es decir" in text
    assert "PROGRAMA DE MEJORAMIENTO DE LA GESTIÓN (PMG)" in text


def test_a_rule_the_framework_lacks_is_an_error_where_a_template_uses_it(copy: Path,
                                                                          edit) -> None:
    source = copy / "programa-marco" / "pmg-2010.md"
    # tested, the absent rule is false and not defined; used, it is the error
    edit(source, "{% block antecedentes %}\n",
         "{% block antecedentes %}\n{% if rules.min_weight %}nunca{% endif %}"
         "{{ 'sin mínimo' if rules.min_weight is not defined }}\n\n"
         "Ponderador mínimo: {{ rules.min_weight | porcentaje }}.\n\n")
    line = source.read_text(encoding="utf-8").splitlines().index(
        "Ponderador mínimo: {{ rules.min_weight | porcentaje }}.") + 1
    result = CliRunner().invoke(cli, ["build", "programa-marco"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"content/programa-marco/pmg-2010.md:{line}: error: the framework 'pmg-2010' has no "
        "rule 'min_weight'", "1 error; nothing was written."]


def test_stage_objectives_are_listed_under_their_stage(copy: Path, edit) -> None:
    """Where a framework gives the texts of a system's stage objectives, its
    page lists them under their stage, numbered 1..n through the system."""
    framework = copy / "frameworks" / "mei-sma-2012.yaml"
    for stage, text in (("aud-e1", "Crear la Unidad de Auditoría."),
                        ("aud-e2", "Elaborar el Plan Anual de Auditoría.")):
        edit(framework, f"          - id: {stage}\n",
             f"          - id: {stage}\n            objectives:\n"
             f"              - id: {stage}-o1\n                text: {text}\n")
    result = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert result.exit_code == 0, result.output
    text = (Path("output") / "programa-marco" /
            "programa-marco-mei-sma-2012.txt").read_text(encoding="utf-8")
    assert ("N° | Objetivos de Gestión\nEtapa I\n1 | Crear la Unidad de Auditoría.\nEtapa II\n"
            "2 | Elaborar el Plan Anual de Auditoría.\nEtapa III\nEtapa IV\n") in text
    # Cuadro 1 still counts the stages
    assert "| Auditoría | 4 etapas" in text


def test_a_framework_without_experts_has_no_cuadro_2(copy: Path, edit) -> None:
    framework = copy / "frameworks" / "pmg-2010.yaml"
    text = framework.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^experts:\n.*?\n\n", "", text, count=1)
    framework.write_text(re.sub(r"(?m)^        experts: \[.*\]\n", "", text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert result.exit_code == 0, result.output
    text = (Path("output") / "programa-marco" /
            "programa-marco-pmg-2010.txt").read_text(encoding="utf-8")
    assert "Cuadro 2" not in text and "a cargo de expertos" not in text
    assert "sus objetivos en el Programa Marco Básico y en el Avanzado.\n" in text
