"""The engine's fixture document built to DOCX, HTML, PDF and text: the
numbers agree in all four; broken fixtures stop the build and leave output
untouched."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument

from generator.passes.prepare import prepare
from generator.cli import cli
from generator.review.extract import extract_text
from generator.read.markdown import read_markdown
from generator.writers.text import render_text

FIXTURES = Path(__file__).parent / "fixtures" / "engine"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    text = (tmp_path / "docs" / "fixture.md").read_text()
    (tmp_path / "docs" / "fixture.md").write_text(
        text.replace("{{ peligroso }}", "A & B <c> \"d\""))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def built(workdir) -> Path:
    result = CliRunner().invoke(cli, ["build", "document", "docs/fixture.md"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("documents: 1 written (DOCX, PDF, HTML), 0 unchanged, "
                                    "0 removed in ")
    return workdir / "output"


def expected_text(workdir: Path) -> str:
    return render_text(prepare(read_markdown(workdir / "docs" / "fixture.md", {})))


def test_docx_reopened(built):
    document = WordDocument(str(built / "fixture.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "1 Antecedentes"), ("Heading 2", "1.1 Alcance"),
        ("Heading 3", "1.1.1 Detalle"), ("Heading 1", "2 Proceso"),
        ("Heading 1", "3 Terminología"), ("Heading 1", "Anexo 1\nFormulario de seguimiento")]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Cuadro 1\nSistemas del programa", "Cuadro 2\nExpertos"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "estructurado en 3 secciones y 1 anexo; la sección 2 describe" in text
    assert "A & B <c> \"d\"" in text
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["Sistema", "Etapas"], ["Capacitación", "4"], ["Auditoría", "4"]]
    with zipfile.ZipFile(built / "fixture.docx") as package:
        notes = re.sub(r"<[^>]+>", "", package.read("word/footnotes.xml").decode())
        body = package.read("word/document.xml").decode()
    for note in ("Ley N° 20.212 del 29 de agosto de 2007.", "Nota sobre expertos.",
                 "Véase el Cuadro 2."):
        assert note in notes
    assert len(re.findall(r"<w:footnoteReference ", body)) == 3  # note 1 is cited twice


def test_all_formats_agree(built, workdir):
    expected = expected_text(workdir)
    assert extract_text(built / "fixture.docx") == expected
    assert extract_text(built / "fixture.html") == expected
    # the PDF's text is laid out: no brackets on note calls, no cell separators,
    # a glossary term above its definition
    def words(text: str) -> str:
        return " ".join(re.sub(r"\[(\d+)\]", r"\1", text).replace("|", " ").replace(":", " ").split())

    pdf = words(extract_text(built / "fixture.pdf"))
    for line in expected.splitlines():
        assert words(line) in pdf, line


def test_same_content_same_bytes(built, workdir):
    first = {p.name: p.read_bytes() for p in built.iterdir() if p.is_file()}
    result = CliRunner().invoke(cli, ["--output", "again", "build", "document", "docs/fixture.md"])
    assert result.exit_code == 0
    assert {p.name: p.read_bytes() for p in (workdir / "again").iterdir() if p.is_file()} == first


@pytest.mark.parametrize("name, line, message", [
    ("broken-reference", 9, "unknown label 'ann:formulario-2' (did you mean 'ann:formulario'?)"),
    ("duplicate-label", 11, "duplicate label 'sec:antecedentes' (first at "
                            "docs/broken/duplicate-label.md:7)"),
    ("undefined-variable", 11, "undefined variable: 'plazo' is not a key of this mapping (its keys: none)"),
])
def test_broken_documents_write_nothing(built, name, line, message):
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["build", "document", "docs/fixture.md",
                                      f"docs/broken/{name}.md"])
    assert result.exit_code == 1
    assert result.stderr == (f"docs/broken/{name}.md:{line}: error: {message}\n"
                             "1 error; nothing was written.\n")
    assert {p: p.read_bytes() for p in built.rglob("*") if p.is_file()} == before


def test_text_command(built):
    result = CliRunner().invoke(cli, ["text", "output/fixture.docx"])
    assert result.exit_code == 0 and result.stdout.startswith("1 Antecedentes\n")
    bad = CliRunner().invoke(cli, ["text", "docs/fixture.md"])
    assert bad.exit_code == 1 and "expected a .docx, .html or .pdf file" in bad.stderr


def test_documents_built_together_refer_to_each_other(workdir):
    (workdir / "docs" / "decreto.md").write_text(
        "---\nid: decreto\nkind: decree\ntitle: Decreto\ndate: 2011-12-01\n---\n"
        "(@art) Fíjanse los compromisos según el [@fixture/tbl:sistemas] y la "
        "[@fixture/sec:proceso] del documento de prueba.\n")
    result = CliRunner().invoke(cli, ["build", "document", "--format", "docx",
                                      "docs/fixture.md", "docs/decreto.md"])
    assert result.exit_code == 0, result.stderr
    assert extract_text(workdir / "output" / "decreto.docx") == (
        "Artículo 1°.- Fíjanse los compromisos según el Cuadro 1 y la sección 2 del documento "
        "de prueba.\n")
    alone = CliRunner().invoke(cli, ["build", "document", "docs/decreto.md"])
    assert alone.exit_code == 1
    assert "docs/decreto.md:7: error: unknown document 'fixture'" in alone.stderr
