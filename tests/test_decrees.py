"""`marco build decrees` on the bundled content and on copies of it: the
decrees' contents (reopened DOCX, PDF text), determinism, incremental builds,
validation before anything is written."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from pypdf import PdfReader

from generator.build.build import build_kind
from generator.build.sources import Selection, SelectionError
from generator.writers import Options
from generator.kinds import KINDS
from generator.cli import cli
from generator.errors import UserError
from generator.load.content import load_content

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("output")
    report = build_decrees(CONTENT, output, Selection(), jobs=2)
    assert report.written == 13 and report.name == "decrees 2012"
    return output / "2012"


def build_decrees(content: Path, output: Path, selection: Selection,
                  formats: tuple[str, ...] | None = None, **options):
    """The decrees in ``formats``, by default the kind's (as ``make decrees``)."""
    return build_kind(KINDS["decree"], content, output, selection, formats, **options)


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    document = WordDocument(str(path))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return [p.text for p in document.paragraphs], tables


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def percent(text: str) -> Decimal:
    return Decimal(text.rstrip("%").replace(".", "").replace(",", "."))


def test_one_docx_pdf_and_html_per_commitment(built):
    content = load_content(CONTENT)
    expected = {f"decreto-2012-{c.mechanism}-{c.institution}.{ext}"
                for c in content.commitments if c.year == 2012 for ext in ("docx", "pdf", "html")}
    assert {p.name for p in built.iterdir() if not p.name.startswith(".")} == expected
    assert any("-sma-" in name for name in expected) and any("-mei-" in name for name in expected)


@pytest.mark.parametrize("slug", ["fne", "inapi", "sma", "suseso", "svs"])
def test_decree_docx_says_what_the_commitment_says(built, slug):
    content = load_content(CONTENT)
    commitment = next(c for c in content.commitments if c.institution == slug)
    ministry, service = content.services[slug]
    paragraphs, tables = docx_text(built / f"decreto-2012-{commitment.mechanism}-{slug}.docx")
    text = "\n".join(paragraphs)
    assert paragraphs[0] == ministry.name.upper()
    assert service.name.upper() in text
    framework = content.framework_for(commitment.mechanism, 2012)
    assert f"que aprueba el {framework.title}" in text
    articles = re.findall(r"^Artículo (\d+)°\.-", text, re.M)
    expected = 3 if commitment.modifications else 2
    assert articles == [str(n) for n in range(1, expected + 1)]
    commitments = tables[0]
    assert commitments[0] == ["Área", "Sistema", "Etapa / Objetivos", "Prioridad", "Ponderador"]
    body, total = commitments[1:-1], commitments[-1]
    assert len(body) == len(commitment.items)
    assert sum(percent(row[4]) for row in body) == Decimal(100)
    assert total[0] == "Total" and total[-1] == "100%"
    assert {row[1] for row in body} == {framework.system(i.system).name for i in commitment.items}
    assert "Cuadro 1" in text and "que se indican en el Cuadro 1:" in text
    if commitment.decree and commitment.decree.number:
        assert f"DECRETO N° {commitment.decree.number}" in text
    assert (len(tables) > 1 and tables[1][0][0] == "Sistema") == bool(commitment.modifications)


def test_a_scope_keeps_its_last_item_and_a_stage_together(built):
    """"Objetivos 1, 2 y 3" never leaves the 3 alone on a line, nor "Etapa IV" the IV."""
    _, tables = docx_text(built / "decreto-2012-mei-fne.docx")
    scopes = [row[2] for row in tables[0][1:-1]]
    assert "Objetivos 1, 2 y\u00a03" in scopes and "Etapa\u00a0IV" in scopes


def test_decree_pdf_agrees_with_docx(pdf_engine, tmp_path):
    build_decrees(CONTENT, tmp_path, Selection(institutions=("inapi",)), ("pdf",),
                  options=Options(pdf_engine))
    text = pdf_text(tmp_path / "2012" / "decreto-2012-mei-inapi.pdf")
    flat = " ".join(text.split())
    assert "Artículo 1°.-" in flat and "Artículo 2°.-" in flat and "Artículo 3°.-" in flat
    assert "Cuadro 1" in flat and "Cuadro 2" in flat
    assert "EL INSTITUTO NACIONAL DE PROPIEDAD INDUSTRIAL" in flat
    assert "Página 1 de" in flat
    assert "Total 100%" in flat


def test_same_content_same_bytes_whatever_the_jobs(built, tmp_path):
    build_decrees(CONTENT, tmp_path, Selection(institutions=("fne", "sma")), jobs=1)
    for name in ("decreto-2012-mei-fne.docx", "decreto-2012-mei-fne.pdf",
                 "decreto-2012-mei-fne.html", "decreto-2012-sma-sma.docx",
                 "decreto-2012-sma-sma.pdf", "decreto-2012-sma-sma.html"):
        assert (tmp_path / "2012" / name).read_bytes() == (built / name).read_bytes()


def test_incremental_builds(copy, tmp_path):
    output = tmp_path / "output"
    selection = Selection()
    assert build_decrees(copy, output, selection, ("docx",)).written == 13
    fne = output / "2012" / "decreto-2012-mei-fne.docx"
    before = fne.stat().st_mtime_ns
    again = build_decrees(copy, output, selection, ("docx",))
    assert (again.written, again.unchanged) == (0, 13)
    path = copy / "commitments/2012/fne.yaml"
    path.write_text(path.read_text().replace("priority: Menor", "priority: Mediana", 1))
    changed = build_decrees(copy, output, selection, ("docx",))
    assert (changed.written, changed.unchanged) == (1, 12)
    assert fne.stat().st_mtime_ns != before
    assert "Mediana" in [row[3] for row in docx_text(fne)[1][0]][1:]
    (copy / "commitments/2012/fne.yaml").unlink()
    removed = build_decrees(copy, output, selection, ("docx",))
    assert removed.removed == 1 and not fne.exists()
    assert build_decrees(copy, output, selection, ("docx",), force=True).written == 12


def test_an_incremental_build_reads_only_the_changed_commitments(copy, tmp_path, monkeypatch):
    import generator.assemble.decree as loading

    output = tmp_path / "output"
    first = build_decrees(copy, output, Selection(), ("docx",))
    read = []

    def reading(content, path, seen):
        read.append(path.name)
        return real(content, path, seen)

    real = loading.read_commitment
    monkeypatch.setattr(loading, "read_commitment", reading)
    path = copy / "commitments/2012/fne.yaml"
    path.write_text(path.read_text().replace("priority: Menor", "priority: Mediana", 1))
    report = build_decrees(copy, output, Selection(), ("docx",))
    assert (report.written, report.unchanged) == (1, 12)
    assert set(read) == {"fne.yaml"}
    assert report.documents == first.documents


@pytest.mark.parametrize("changed", ["chilecompra", "sec"])
def test_a_changed_commitment_that_repeats_an_unchanged_one(copy, tmp_path, changed):
    """The error is the one a build from nothing gives, wherever the repeated
    institution stands in the folder: before the changed file or after it."""
    output = tmp_path / "output"
    build_decrees(copy, output, Selection(), ("docx",))
    path = copy / f"commitments/2012/{changed}.yaml"
    path.write_text(path.read_text().replace(f"institution: {changed}", "institution: fne"))
    with pytest.raises(UserError) as incremental:
        build_decrees(copy, output, Selection(), ("docx",))
    with pytest.raises(UserError) as forced:
        build_decrees(copy, output, Selection(), ("docx",), force=True)
    messages = [str(p) for p in incremental.value.problems]
    assert messages == [str(p) for p in forced.value.problems]
    second = "fne" if changed == "chilecompra" else "sec"
    assert f"content/commitments/2012/{second}.yaml:2: error: second commitment for fne 2012 mei" \
        in "\n".join(messages)


def test_rules_are_checked_before_anything_is_written(copy, tmp_path):
    output = tmp_path / "output"
    build_decrees(copy, output, Selection(), ("docx",))
    snapshot = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    fne = copy / "commitments/2012/fne.yaml"
    fne.write_text(fne.read_text().replace("weight: 60", "weight: 55", 1))
    sma = copy / "commitments/2012/sma.yaml"
    sma.write_text(sma.read_text().replace("priority: Alta", "priority: Menor", 1))
    with pytest.raises(UserError) as info:
        build_decrees(copy, output, Selection(), ("docx",))
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("content/commitments/2012/fne.yaml:") and "weights sum to 95 %" in m
               for m in messages)
    assert any(m.startswith("content/commitments/2012/sma.yaml:") and "priority of" in m
               for m in messages)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == snapshot


def test_template_error_stops_the_build(copy, tmp_path):
    template = copy / "decrees/compromisos.md"
    lines = template.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("**DECRETO:**"))
    lines[index] += " {{ institution.nombre }}"
    template.write_text("\n".join(lines) + "\n")
    with pytest.raises(UserError) as info:
        build_decrees(copy, tmp_path / "output", Selection(), ("docx",))
    assert {str(p) for p in info.value.problems} == {
        f"content/decrees/compromisos.md:{index + 1}: error: undefined variable: "
        "'nombre' is not a field of Service (its fields: slug, name, article, head, "
        "mechanisms, distribution, named) (did you mean 'name'?)"}
    assert not (tmp_path / "output" / "2012").exists()


def test_selection(copy, tmp_path):
    report = build_decrees(copy, tmp_path, Selection(institutions=("fne",)), ("docx",))
    assert [p.name for p in report.outputs] == ["decreto-2012-mei-fne.docx"]
    report = build_decrees(copy, tmp_path, Selection(mechanisms=("sma",)), ("docx",))
    assert [p.name for p in report.outputs] == ["decreto-2012-sma-sma.docx"]
    with pytest.raises(SelectionError, match="no commitments of institution 'fnee' this year "
                                             r"\(did you mean 'fne'\?\)"):
        build_decrees(copy, tmp_path, Selection(institutions=("fnee",)))
    with pytest.raises(SelectionError, match=r"no commitments for 2030 \(years with commitments: 2010, 2012\)"):
        build_decrees(copy, tmp_path, Selection(year=2030))


def test_cli_reports_errors_and_exit_status(copy):
    usage = CliRunner().invoke(cli, ["build", "decrees", "--institution", "nadie"])
    assert usage.exit_code == 2 and "no commitments of institution 'nadie'" in usage.stderr
    bad = CliRunner().invoke(cli, ["build", "decrees", "--format", "odt"])
    assert bad.exit_code == 2 and "expected a comma-separated list of docx, pdf" in bad.stderr
    fne = copy / "commitments/2012/fne.yaml"
    fne.write_text(fne.read_text().replace("weight: 60", "weight: 55", 1))
    result = CliRunner().invoke(cli, ["build", "decrees", "--format", "docx"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "2 errors; nothing was written."  # sum and minimum
    assert "Traceback" not in result.stderr


def test_cli_summary_and_quiet(copy):
    fne = CliRunner().invoke(cli, ["build", "decrees", "--institution", "fne", "--format", "docx"])
    assert fne.exit_code == 0
    assert fne.stdout.startswith("decrees 2012: 1 written (DOCX), 0 unchanged, 0 removed in ")
    quiet = CliRunner().invoke(cli, ["-q", "build", "decrees", "--format", "docx"])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_vistos_cite_the_decree_approving_the_programa_marco(copy, tmp_path):
    framework = copy / "frameworks/mei-sma-2012.yaml"
    framework.write_text(framework.read_text().replace(
        "\nareas:", "\ndecree:\n  number: \"1.231\"\n  date: 2011-10-28\nareas:", 1))
    build_decrees(copy, tmp_path, Selection(institutions=("fne",)), ("docx",))
    text = "\n".join(docx_text(tmp_path / "2012" / "decreto-2012-mei-fne.docx")[0])
    assert ("en el Decreto N° 1.231, de 2011, del Ministerio de Hacienda, que aprueba el "
            "Programa Marco de Metas de Eficiencia Institucional") in text
    assert "2.- Que, mediante el Decreto N° 1.231, de 28 de octubre de 2011, se estableció" in text


def test_a_decree_has_the_sector_ministry_letterhead_not_dipres(built):
    import zipfile

    with zipfile.ZipFile(built / "decreto-2012-mei-inapi.docx") as package:
        headers = " ".join(package.read(n).decode() for n in package.namelist()
                           if n.startswith("word/header"))
    assert "PRESUPUESTOS" not in headers
    paragraphs, _ = docx_text(built / "decreto-2012-mei-inapi.docx")
    assert paragraphs[0] == "MINISTERIO DE ECONOMÍA, FOMENTO Y TURISMO"


def test_another_pdf_engine_makes_the_decrees_again(tmp_path):
    fne = Selection(institutions=("fne",))
    assert build_decrees(CONTENT, tmp_path, fne).written == 1
    assert build_decrees(CONTENT, tmp_path, fne, ("docx",)).unchanged == 1
    weasyprint = Options(pdf_engine="weasyprint")
    assert build_decrees(CONTENT, tmp_path, fne, options=weasyprint).written == 1
    assert build_decrees(CONTENT, tmp_path, fne, options=weasyprint).unchanged == 1
