"""Word-authored forms (docs/forms.md): the bundled oficio and formulation
letter filled for every bundled institution, read back with python-docx;
their errors at the paragraph; identical bytes; PDF and HTML read back from
the filled form; LibreOffice opens every filled DOCX."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from generator.review.extract import extract_text

from conftest import git

#: An institution's name with what Word XML, HTML and Jinja must keep as data.
HOSTILE = 'Fiscalía "Nacional" Económica & <Cía> {{ x }}'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def docx_text(path: Path) -> str:
    """Every paragraph's and table cell's text of a DOCX, as python-docx reads it."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def services() -> dict[str, dict]:
    data = yaml.safe_load(Path("content/institutions.yaml").read_text(encoding="utf-8"))
    return {s["slug"]: s for m in data["ministries"] for s in m["services"]}


def edit_form(path: Path, paragraph: int, text: str) -> None:
    """Add ``text`` as a run at the end of top-level paragraph ``paragraph`` (1-based)."""
    document = Document(str(path))
    document.paragraphs[paragraph - 1].add_run(text)
    document.save(str(path))


@pytest.fixture
def hostile(forms: Path, edit) -> Path:
    edit(Path("content/institutions.yaml"), "name: Fiscalía Nacional Económica",
         f"name: '{HOSTILE}'")
    return forms


def test_every_oficio_fills_for_every_decree(hostile: Path):
    code, out, err = run("build", "decrees", "--format", "docx")
    assert code == 0, err
    assert out.splitlines()[0].startswith("oficios 2012: 13 written (DOCX)")
    heads = services()
    oficios = sorted(Path("output/2012/oficios").glob("*.docx"))
    assert len(oficios) == 13
    for path in oficios:
        slug = path.stem.split("-", 3)[3]
        text = docx_text(path)
        service = heads[slug]
        assert service["name"] in text, slug
        assert f"A\t:\t{service['head']['salutation']} {service['head']['office']}".upper() \
            in text, slug
        decree = path.stem.removeprefix("oficio-")
        labels = json.loads(Path(f"output/.marco/labels/{decree}.json").read_text())
        table, article = (labels["labels"][key] for key in ("tbl:compromisos", "art:fija"))
        assert f"que el {table['full']} del mismo decreto" in text
        assert f"El {article['full']} del decreto fija" in text
        assert "Total | Total | Total | Total | 100%" in text
    fne = docx_text(Path("output/2012/oficios/oficio-2012-mei-fne.docx"))
    assert f"de la {HOSTILE} para el año 2012" in fne
    assert "Objetivos 1, 2 y\u00a03 | Alta | 60%" in fne
    # a decree's number and date, where its commitment file has them
    svs = docx_text(Path("output/2012/oficios/oficio-2012-mei-svs.docx"))
    assert "ANT.: Decreto N° 128, de 28 de diciembre de 2011, del Ministerio de Hacienda." in svs


def test_every_formulation_letter_fills_for_every_service(hostile: Path):
    heads = services()
    for year, count in ((2012, 13), (2010, 5), (2009, 12)):
        code, out, err = run("build", "formulation-letters", "--year", str(year),
                             "--format", "docx")
        assert code == 0, err
        assert out.startswith(f"formulation-letters {year}: {count} written (DOCX)")
        letters = sorted(Path(f"output/{year}/formulacion").glob("*.docx"))
        assert len(letters) == count
        for path in letters:
            _, _, mechanism, slug = path.stem.split("-", 3)
            text = docx_text(path)
            assert f"compromisos {mechanism.upper()} {year}." in text
            assert heads[slug]["head"]["office"].upper() in text
            assert heads[slug]["name"] in text
    letter = docx_text(Path("output/2012/formulacion/formulacion-2012-mei-fne.docx"))
    assert f"los compromisos de la {HOSTILE} para el año 2012" in letter
    assert ("Planificación y Control de Gestión | Monitoreo del Desempeño (obligatorio, "
            "ponderador mínimo 60%) | 3 objetivos") in letter
    pmg = docx_text(Path("output/2010/formulacion/formulacion-2010-pmg-sernac.docx"))
    assert "Cada sistema comprometido debe tener un ponderador de al menos" not in pmg


def test_the_data_is_escaped_in_the_xml(hostile: Path):
    assert run("build", "oficios", "--institution", "fne", "--format", "docx,html")[0] == 0
    with zipfile.ZipFile("output/2012/oficios/oficio-2012-mei-fne.docx") as package:
        body = package.read("word/document.xml").decode()
    assert "Fiscalía &quot;Nacional&quot; Económica &amp; &lt;Cía&gt; {{ x }}" in body \
        or "Fiscalía \"Nacional\" Económica &amp; &lt;Cía&gt; {{ x }}" in body
    html = Path("output/2012/oficios/oficio-2012-mei-fne.html").read_text()
    assert "&lt;Cía&gt;" in html and "<Cía>" not in html


def test_the_compliance_paragraph_is_there_once_the_year_is_evaluated(forms: Path):
    Path("content/evaluations/2012/inapi.yaml").unlink()
    assert run("build", "oficios", "--format", "docx")[0] == 0
    fne = docx_text(Path("output/2012/oficios/oficio-2012-mei-fne.docx"))
    assert "el cumplimiento global de la Fiscalía Nacional Económica fue de 90%" in fne
    svs = docx_text(Path("output/2012/oficios/oficio-2012-mei-svs.docx"))
    assert ("el cumplimiento global de la Superintendencia de Valores y Seguros fue de 40%, "
            "inferior al mínimo que da derecho a un incremento de remuneraciones.") in svs
    inapi = docx_text(Path("output/2012/oficios/oficio-2012-mei-inapi.docx"))
    assert "cumplimiento global" not in inapi
    assert "{%" not in inapi and "{{" not in inapi


def test_pdf_and_html_are_read_back_from_the_filled_form(forms: Path, pdf_engine: str):
    assert run("build", "oficios", "--institution", "fne", "--pdf-engine", pdf_engine)[0] == 0
    for suffix in ("pdf", "html"):
        text = " ".join(extract_text(Path(f"output/2012/oficios/oficio-2012-mei-fne.{suffix}"))
                        .split())
        assert "ORD. N° ________" in text
        assert "SR. FISCAL NACIONAL ECONÓMICO" in text
        assert "que el Cuadro 1 del mismo decreto" in text
        assert "Monitoreo del Desempeño" in text and "100%" in text
        assert "Oficina de Partes." in text
    # Word's List Bullet paragraphs are a list
    html = Path("output/2012/oficios/oficio-2012-mei-fne.html").read_text()
    assert "<li><p>Oficina de Partes.</p></li>" in html or "<li>Oficina de Partes.</li>" in html


def test_two_builds_give_the_same_bytes(forms: Path, tmp_path: Path):
    for out, jobs in (("one", "1"), ("two", "2")):
        assert run("--output", out, "build", "decrees", "-j", jobs)[0] == 0
        assert run("--output", out, "build", "formulation-letters", "-j", jobs)[0] == 0
    files = sorted(p.relative_to("one") for p in Path("one").rglob("*")
                   if p.is_file() and p.parent.name in ("oficios", "formulacion"))
    assert len(files) == 3 * (13 + 13)
    for name in files:
        assert (Path("one") / name).read_bytes() == (Path("two") / name).read_bytes(), name
    with zipfile.ZipFile(Path("one/2012/oficios/oficio-2012-mei-svs.docx")) as package:
        assert {info.date_time for info in package.infolist()} == {(2011, 12, 28, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "<dc:title>Oficio MEI 2012: Superintendencia de Valores y Seguros</dc:title>" in core
    assert "2011-12-28T00:00:00Z" in core


def test_a_changed_form_makes_again_its_documents_only(forms: Path):
    assert run("build", "decrees", "--format", "docx")[0] == 0
    edit_form(forms / "oficio.docx", 1, " (copia)")
    code, out, _ = run("build", "decrees", "--format", "docx")
    assert code == 0
    assert out.splitlines()[0].startswith("oficios 2012: 13 written")
    assert out.splitlines()[1].startswith("decrees 2012: 0 written (DOCX), 13 unchanged")


def test_without_its_form_a_kind_is_not_built_with_the_decrees(copy: Path):
    code, out, _ = run("build", "decrees", "--format", "docx")
    assert code == 0 and out.startswith("decrees 2012: 13 written")
    assert not Path("output/2012/oficios").exists()
    code, _, err = run("build", "oficios")
    assert code == 1
    assert err.splitlines()[0] == ("templates/word/oficio.docx: error: the form of the "
                                   "oficios is missing")


#: How the errors of the oficio's first numbered paragraph begin.
ADJUNTO = """paragraph 8 ("1. Adjunto remito a Ud. copia del {{ 'd…"): """
#: And those of the letter's.
COMO = 'paragraph 7 ("1. Como es de su conocimiento, {{ appro…"): '
def test_marco_diff_compares_the_oficios_of_two_revisions(forms: Path, edit):
    Path(".gitignore").write_text("/output/\n", encoding="utf-8")
    git(Path("."), "init", "-q")
    git(Path("."), "add", "-A")
    git(Path("."), "commit", "-q", "-m", "base")
    edit(Path("content/commitments/2012/fne.yaml"), "priority: Menor\n    weight: 10",
         "priority: Mediana\n    weight: 10")
    result = CliRunner().invoke(cli, ["diff", "--color", "never", "-j", "1", "--kind", "oficios",
                                      "--institution", "fne"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[:2] == [
        "1 changed, 0 added, 0 removed, 0 unchanged",
        "  changed  oficio-2012-mei-fne: 1 block changed"]
    assert "Recursos Humanos | Capacitación | Etapa IV | [-Menor-]{+Mediana+} | 10%" \
        in result.stdout


ERRORS = {
    "undefined": ("oficio.docx", 8, " {{ institucion.jefe }}",
                  ADJUNTO + 'undefined '
                  "variable: 'institucion' is undefined"),
    "field": ("oficio.docx", 8, " {{ institution.jefe }}",
              ADJUNTO + 'undefined variable: '
              "'jefe' is not a field of Service (its fields: slug, name, article, head, "
              "mechanisms, distribution, named)"),
    "syntax": ("oficio.docx", 3, " {{ decree.number | }}",
               'paragraph 3 ("MAT.: Remite decreto que fija {{ mechan…"): template error: '
               "expected token 'name', got 'end of print statement'"),
    "unclosed block": ("formulacion.docx", 8, " {% if year %}",
                       'paragraph 8 ("2. En virtud de lo anterior, solicito a…"): template '
                       "error: this {% if %} is never closed (no {% endif %} after it)"),
    "escape": ("oficio.docx", 8, " {{ ref.__globals__['os'] }}",
               ADJUNTO + 'unsafe: access to '
               "attribute '__globals__' of 'function' object is unsafe."),
    "escape by a string": ("formulacion.docx", 7,
                           " {{ ''.__class__.__mro__[1].__subclasses__() }}",
                           COMO + "unsafe: access to attribute '__class__' of 'str' object "
                           "is unsafe."),
    "split tag": ("formulacion.docx", 7, " {{ institution.",
                  COMO + "the tag '{{…' is not closed in this paragraph: write each tag "
                  "whole within one paragraph"),
    "rich text": ("oficio.docx", 8, " {{r institution.name }}",
                  ADJUNTO + 'docxtpl\'s '
                  "'{{r …' inserts rich text or a subdocument, which a form's data is not: "
                  "write '{{ … }}'"),
    "unknown label": ("oficio.docx", 8, " {{ ref('tbl:compromiso') }}",
                      ADJUNTO + 'template '
                      "error: ref('tbl:compromiso'): the decree has no label 'tbl:compromiso' "
                      "(did you mean 'tbl:compromisos'?)"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_an_error_in_a_form_is_told_at_its_paragraph(forms: Path, case: str):
    form, paragraph, text, message = ERRORS[case]
    edit_form(forms / form, paragraph, text)
    expected = f"templates/word/{form}: error: {message}"
    command = "decrees" if form == "oficio.docx" else "formulation-letters"
    for args in (["build", command], ["check"]):
        code, _, err = run(*args)
        assert code == 1
        assert err.splitlines() == [expected, "1 error; nothing was written."], args
    assert not Path("output").exists()


def test_every_error_of_a_form_is_told_in_one_run(forms: Path):
    edit_form(forms / "oficio.docx", 8, " {{ institucion.jefe }}")
    edit_form(forms / "oficio.docx", 9, " {{ decree.fecha | fecha }}")
    edit_form(forms / "oficio.docx", 18, " {{ ref('art:fijar') }}")
    code, _, err = run("check")
    assert code == 1
    errors = err.splitlines()
    assert [line.split(": error: ")[1].split(" (")[0] for line in errors[:-1]] == [
        "paragraph 18", "paragraph 8", "paragraph 9"]
    assert "ref('art:fijar'): the decree has no label 'art:fijar'" in errors[0]
    assert "'fecha' is not a field of Decree" in errors[2]
    assert errors[-1] == "3 errors; nothing was written."


def test_a_file_that_is_not_a_word_document(forms: Path):
    (forms / "oficio.docx").write_text("no soy un documento\n")
    code, _, err = run("build", "decrees")
    assert code == 1
    assert err.splitlines()[0] == ("templates/word/oficio.docx: error: not a Word document "
                                   "(.docx): save the form in Word as «Documento de Word»")
    assert not Path("output").exists()


def test_a_picture_makes_a_form_docx_only(forms: Path, tmp_path: Path):
    from PIL import Image

    Image.new("RGB", (40, 20), "navy").save(tmp_path / "logo.png")
    document = Document(str(forms / "oficio.docx"))
    document.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.png"))
    document.save(str(forms / "oficio.docx"))
    code, _, err = run("build", "oficios", "--institution", "fne")
    assert code == 1
    assert err.splitlines()[0] == (
        'templates/word/oficio.docx: error: paragraph 1 ("ORD. N° ________"): a picture: '
        "PDF and HTML would lose it, so this form makes DOCX only (--format docx)")
    assert not Path("output").exists()
    assert run("build", "oficios", "--institution", "fne", "--format", "docx")[0] == 0
    with zipfile.ZipFile("output/2012/oficios/oficio-2012-mei-fne.docx") as package:
        assert any(name.startswith("word/media/") for name in package.namelist())


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_every_filled_docx_opens_in_libreoffice(hostile: Path, tmp_path: Path):
    assert run("build", "decrees", "--format", "docx")[0] == 0
    assert run("build", "formulation-letters", "--format", "docx")[0] == 0
    filled = sorted(Path("output/2012").glob("*/*.docx"))
    assert len(filled) == 26
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path),
                    *map(str, filled)], capture_output=True, check=True, timeout=600)
    heads = services()
    for path in filled:
        text = (tmp_path / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
        slug = path.stem.split("-", 3)[3]
        assert heads[slug]["name"] in text, path.name
        assert "{{" not in text.replace(HOSTILE, ""), path.name
