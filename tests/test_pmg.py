"""The PMG end to end: the bundled 2010 example commitments and their decrees
(`make decrees YEAR=2010`: legal citations, tables, signatures), the checks
of PMG commitments against the framework's Básico and Avanzado stages, and
their evaluation with the PMG's tiers (5 %, 2,5 %, 0 %)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.cli import cli
from generator.kinds import KINDS
from generator.load.content import load_content
from generator.load.evaluations import read_evaluation

from conftest import CONTENT

YEAR = 2010
COMMITMENTS = Path("commitments") / str(YEAR)
FRAMEWORK = Path("frameworks") / "pmg-2010.yaml"
#: Each example's global compliance and pay increase (per cent), worked out
#: by hand from content/commitments/2010 and content/evaluations/2010.
EXPECTED = {
    "dga": (90, "5"),  # compras (10) reached stage III of IV: exactly 90
    "dipres": (100, "5"),
    "direccion-del-trabajo": (70, "0"),  # SIAC (20) not certified, gobierno electrónico (10)
    "sernac": (100, "5"),
    "sernatur": (85, "2.5"),  # SIAC (15) reached stage III of IV
}


@pytest.fixture(scope="module")
def decrees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("output")
    report = build_kind(KINDS["decree"], CONTENT, output, Selection(year=YEAR), ("docx",))
    assert (report.written, report.name) == (5, "decrees 2010")
    return output / str(YEAR)


def docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The text of the paragraphs (in the body and in its tables: the
    signatures are laid out in one) and the tables' cells."""
    document = WordDocument(str(path))
    tables = [[[cell.text for cell in row.cells] for row in table.rows]
              for table in document.tables]
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [cell for table in tables for row in table for cell in row]
    return "\n".join(paragraphs), tables


def test_the_examples_are_pmg_services_of_their_ministries() -> None:
    content = load_content(CONTENT)
    pmg = [c for c in content.commitments if c.mechanism == "pmg"]
    assert sorted(c.institution for c in pmg) == sorted(EXPECTED)
    assert all(c.example and c.year == YEAR for c in pmg)
    ministries = {slug: content.services[slug][0].id for slug in EXPECTED}
    assert ministries == {"dga": "obras-publicas", "dipres": "hacienda",
                          "direccion-del-trabajo": "trabajo", "sernac": "economia",
                          "sernatur": "economia"}
    framework = content.framework_for("pmg", YEAR)
    assert framework is not None and framework.id == "pmg-2010"
    # the stages are the framework's example values, marked as such
    assert all(stage.example for _, system in framework.systems() for stage in system.stages)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_decree_cites_the_pmg_law_and_its_reglamento(decrees: Path, slug: str) -> None:
    text, _ = docx_text(decrees / f"decreto-{YEAR}-pmg-{slug}.docx")
    assert ("VISTOS: Lo dispuesto en el artículo 6° de la Ley N° 19.553, de 1998; en el Decreto "
            "N° 475, de 1998, del Ministerio de Hacienda, que aprueba el reglamento de dicha ley; "
            "en el decreto del Ministerio de Hacienda que aprueba el Programa Marco Básico y "
            "Avanzado del Programa de Mejoramiento de la Gestión") in text
    assert (f"FIJA LOS OBJETIVOS DE GESTIÓN DEL PROGRAMA DE MEJORAMIENTO DE LA GESTIÓN DEL AÑO "
            f"{YEAR} PARA") in text


def test_decree_table_gives_each_system_its_stage_and_program(decrees: Path) -> None:
    _, tables = docx_text(decrees / f"decreto-{YEAR}-pmg-sernac.docx")
    [table] = [t for t in tables if t[0][0] == "Área"]
    assert table[0] == ["Área", "Sistema", "Etapa / Objetivos", "Prioridad", "Ponderador"]
    scopes = {row[1]: row[2] for row in table[1:-1]}
    assert scopes["Capacitación"] == "Etapa\u00a0VI (Avanzado)"
    assert scopes["Higiene - Seguridad y Mejoramiento de Ambientes de Trabajo"] == "Etapa\u00a0IV"
    assert scopes["Gobierno Electrónico"] == "Etapa\u00a0IV"
    assert len(table) - 2 == 8 and table[-1][-1] == "100%"


def test_decree_is_signed_by_the_sector_minister_and_the_minister_of_finance(
        decrees: Path) -> None:
    text, _ = docx_text(decrees / f"decreto-{YEAR}-pmg-dga.docx")
    assert "Ministro de Obras Públicas" in text and "Ministro de Hacienda" in text
    # a service of the Ministry of Finance: its minister signs once
    text, _ = docx_text(decrees / f"decreto-{YEAR}-pmg-dipres.docx")
    assert text.count("Ministro de Hacienda") == 1


def check_errors(edits: list[tuple[Path, str, str]], edit) -> list[str]:
    for path, old, new in edits:
        edit(path, old, new)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.output
    *errors, count = result.stderr.splitlines()
    assert count.endswith("nothing was written.")
    return errors


def line_of(path: Path, text: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(text, after) + 1


def test_pmg_commitments_are_checked_against_the_framework(copy: Path, edit) -> None:
    sernac, sernatur = copy / COMMITMENTS / "sernac.yaml", copy / COMMITMENTS / "sernatur.yaml"
    errors = check_errors([
        # no Avanzado for Gobierno Electrónico: its stages are the Básico's four
        (sernac, "  - system: gobierno-electronico\n    stage: 4\n",
         "  - system: gobierno-electronico\n    stage: 5\n"),
        (sernatur, "  - system: compras\n", "  - system: compra\n"),
    ], edit)
    ge = line_of(sernac, "  - system: gobierno-electronico") + 1
    compra = line_of(sernatur, "  - system: compra")
    assert errors == [
        f"content/{COMMITMENTS}/sernac.yaml:{ge}: error: stage 5 of 'gobierno-electronico' does "
        "not exist (expected 1 to 4)",
        f"content/{COMMITMENTS}/sernatur.yaml:{compra}: error: system 'compra' is not in the "
        "2010 framework 'pmg-2010' (did you mean 'compras'?)",
    ]


def test_pmg_weights_follow_the_pmg_rules(copy: Path, edit) -> None:
    dga = copy / COMMITMENTS / "dga.yaml"
    errors = check_errors([(dga, "    priority: Alta\n    weight: 15\n",
                            "    priority: Alta\n    weight: 20\n")], edit)
    assert errors == [f"content/{COMMITMENTS}/dga.yaml:{line_of(dga, 'items:')}: error: "
                      "weights sum to 105 % (expected 100 %)"]


def test_an_avanzado_stage_needs_an_avanzado_objective(copy: Path, edit) -> None:
    framework = copy / FRAMEWORK
    errors = check_errors([(framework, "          - {id: ge-e4, example: true}\n",
                            "          - {id: ge-e4, example: true}\n"
                            "          - {id: ge-e5, advanced: true, example: true}\n"),
                           (framework, "          - {id: cap-e3, example: true}\n",
                            "          - {id: cap-e3, advanced: true, example: true}\n")], edit)
    ge = line_of(framework, "          - {id: ge-e5, advanced: true, example: true}")
    cap = line_of(framework, "          - {id: cap-e3, advanced: true, example: true}")
    assert errors == [
        f"content/{FRAMEWORK}:{cap}: error: stage 3 of 'capacitacion' is of the Programa Marco "
        "Avanzado, before a stage of the Básico (the Avanzado's stages come last)",
        f"content/{FRAMEWORK}:{ge}: error: stage 5 of 'gobierno-electronico' is of the Programa "
        "Marco Avanzado, but the system has no advanced_objective",
    ]


def test_pmg_compliance_and_its_tiers() -> None:
    content = load_content(CONTENT, with_commitments=False)
    seen: dict = {}
    found = {}
    for path in sorted((CONTENT / "evaluations" / str(YEAR)).glob("*.yaml")):
        compliance = read_evaluation(content, path, seen)
        found[compliance.institution] = (compliance.total, compliance.increase)
    assert found == {slug: (Decimal(total), Decimal(increase))
                     for slug, (total, increase) in EXPECTED.items()}
    assert {increase for _, increase in EXPECTED.values()} == {"5", "2.5", "0"}


def test_pmg_evaluation_decrees(tmp_path: Path) -> None:
    report = build_kind(KINDS["evaluation-decree"], CONTENT, tmp_path, Selection(year=YEAR),
                        ("docx",))
    assert report.written == 5
    text, tables = docx_text(tmp_path / str(YEAR) / "evaluacion" /
                             f"decreto-evaluacion-{YEAR}-pmg-sernatur.docx")
    assert ("igual o superior al 75% e inferior al 90%, los funcionarios del Servicio Nacional "
            f"de Turismo tendrán derecho, durante el año {YEAR + 1}, a un incremento por "
            "desempeño institucional de un 2,5%") in text
    [table] = [t for t in tables if t[0][0] == "Sistema"]
    assert table[-1][-1] == "85%"
    text, _ = docx_text(tmp_path / str(YEAR) / "evaluacion" /
                        f"decreto-evaluacion-{YEAR}-pmg-direccion-del-trabajo.docx")
    assert "no tendrán derecho" in text or "0%" in text
