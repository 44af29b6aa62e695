"""The year's results report: every figure it prints is the one worked out by
hand from the bundled evaluations (read back from the PDF and the DOCX), its
charts are drawn in every format, and two builds give the same bytes."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.review.extract import extract_text

from conftest import CONTENT
from test_evaluation import EXPECTED

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")

#: The report's figures, worked out by hand from EXPECTED (13 institutions).
FIGURES = [
    "se evaluaron 13 instituciones",
    "El 61,5% de ellas (8) alcanzó un cumplimiento global igual o superior al 90%",
    "incremento por desempeño institucional de un 7,6%",
    # (5 × 100 + 2 × 95 + 90 + 85 + 80 + 75 + 2 × 40) / 13 = 1100 / 13 = 84,615…
    "el cumplimiento global promedio fue de un 84,6%",
    "el 38,5% de las instituciones (5) cumplió el 100% de sus compromisos",
    "90% o más 7,6% 8 61,5%",
    "75% a menos de 90% 3,8% 3 23,1%",
    "Menos de 75% 0% 2 15,4%",
    "Total 13 100%",
    "5 instituciones no alcanzaron el 90% de cumplimiento global",
    # committed by all 13; lost by siss (md-03) and svs (md-01's indicator)
    "Monitoreo del Desempeño 13 11 84,6%",
    "Superintendencia de Casinos y Juegos 85% 3,8%",
    "Superintendencia del Medio Ambiente 80% 3,8%",
    "Superintendencia de Seguridad Social 75% 3,8%",
    "Superintendencia de Servicios Sanitarios 40% 0%",
    "Superintendencia de Valores y Seguros 40% 0%",
]


def _build(out: Path, *extra: str) -> dict[str, bytes]:
    result = CliRunner().invoke(cli, ["--content", str(CONTENT), "--output", str(out),
                                      "build", "results", *extra])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in (out / "resultados").iterdir()}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    _build(out)
    return out / "resultados"


def _flat(path: Path) -> str:
    return " ".join(extract_text(path).replace("|", " ").split())


def test_hand_table_is_the_one_the_figures_come_from() -> None:
    totals = sorted(total for total, _ in EXPECTED.values())
    assert len(totals) == 13 and sum(totals) == 1100 and totals.count(100) == 5
    assert sum(1 for t in totals if t >= 90) == 8 and sum(1 for t in totals if t < 75) == 2


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_every_figure_is_computed(report: Path, suffix: str) -> None:
    text = _flat(report / f"resultados-2012{suffix}")
    for figure in FIGURES:
        assert figure in text, (figure, text)


def test_charts_are_in_every_format(report: Path) -> None:
    pdf = extract_text(report / "resultados-2012.pdf")
    # the charts' text is text in the PDF: their bins and their legend
    for label in ("95%–100%", "< 75%", "Comprometido", "Cumplido"):
        assert label in pdf, label
    with zipfile.ZipFile(report / "resultados-2012.docx") as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert len(media) == 2 and all(docx.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    html = (report / "resultados-2012.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "Liberation Sans" in html


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    first = _build(tmp_path / "a")
    second = _build(tmp_path / "b")
    assert first == second and len(first) == 3
    assert _build(tmp_path / "c", "--pdf-engine", "weasyprint", "--format", "pdf") == \
        _build(tmp_path / "d", "--pdf-engine", "weasyprint", "--format", "pdf")


@needs_soffice
@pytest.mark.libreoffice
def test_charts_show_in_libreoffice(report: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(report / "resultados-2012.docx")],
                   check=True, capture_output=True, timeout=180)
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "resultados-2012.pdf")],
                             check=True, capture_output=True, text=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.strip()]
    assert len(images) >= 2, listing
    assert "Distribución del cumplimiento global" in _flat(tmp_path / "resultados-2012.pdf")
