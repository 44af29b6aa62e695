"""The kind registry (generator/kinds.py): every kind is declared once and
everything that names a kind comes from it; a new kind is one assembler
module and one entry (the minuta of docs/kinds.md, built here end to end)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.assemble import assembler
from generator.cli import cli
from generator.kinds import KINDS, Kind, Markdown, makefile_rules
from generator.model.scheme import Scheme, Style
from generator.review.extract import extract_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "kinds"


def test_every_kind_has_its_assembler_and_a_command_of_its_own():
    for kind in KINDS.values():
        module = assembler(kind)
        assert callable(module.setup) and isinstance(module.TRANSFORMS, dict), kind.name
        assert (ROOT / "templates" / "docx" / kind.shell).is_file(), kind.shell
    commands = [kind.command for kind in KINDS.values()]
    assert len(set(commands)) == len(commands)


def test_build_commands_come_from_the_registry():
    result = CliRunner().invoke(cli, ["build", "--help"])
    for kind in KINDS.values():
        assert f"  {kind.command} " in result.stdout


def test_the_makefile_has_a_target_per_kind_without_the_virtual_environment():
    # -S: no site-packages, as on a fresh machine before `make` creates .venv
    rules = subprocess.run([sys.executable, "-S", "-m", "generator.kinds", "makefile"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert rules == makefile_rules()
    for kind in KINDS.values():
        assert f"\n{kind.command}: $(STAMP) ## build " in f"\n{rules}"
        assert f"\t$(MARCO) build {kind.command}" in rules
    assert "build decrees $(year_opt) $(jobs_opt) $(pdf_opt)" in rules
    dry = subprocess.run(["make", "--no-print-directory", "-n", "decrees", "YEAR=2012"],
                         cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert [".venv/bin/marco", "build", "decrees", "--year", "2012"] in [
        line.split() for line in dry.stdout.splitlines()]


def test_an_unknown_kind_in_front_matter_is_an_error_at_its_line(copy, edit):
    circular = copy / "circulares" / "circular-39-2011.md"
    edit(circular, "kind: circular\n", "kind: circullar\n")
    for args in (["check"], ["build", "circulars"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            "content/circulares/circular-39-2011.md:3: error: unknown document kind "
            "'circullar' (expected one of decree, evaluation-decree, oficio, "
            "formulation-letter, results, circular, programa-marco, guide) "
            "(did you mean 'circular'?)", "1 error; nothing was written."]
    assert not Path("output").exists()


def test_a_document_of_another_kind_among_a_kind_s_sources(copy, edit):
    edit(copy / "circulares" / "circular-39-2011.md", "kind: circular\n", "kind: guide\n")
    result = CliRunner().invoke(cli, ["build", "circulars"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/circulares/circular-39-2011.md:3: error: a document of kind 'guide' among the "
        "circulars (expected kind 'circular')")


# ------------------------------------------------------------ a new kind


@pytest.fixture
def minuta(copy: Path, monkeypatch: pytest.MonkeyPatch) -> Kind:
    """The minuta kind of docs/kinds.md registered, and one minuta in the content."""
    monkeypatch.syspath_prepend(str(FIXTURE))
    kind = Kind(name="minuta", command="minutas",
                description="the minutas sending each institution a note on its decree",
                assembler="minuta", scheme=Scheme(sections=(), par=Style("{n}.-", "punto {n}")),
                sources=Markdown("minutas/*.md"), folder="minutas", inputs=(".",),
                formats=("docx", "pdf"))
    monkeypatch.setitem(KINDS, kind.name, kind)
    shutil.copytree(FIXTURE / "minutas", copy / "minutas")
    return kind


def test_a_new_kind_builds_from_its_module_and_its_entry(minuta: Kind):
    result = CliRunner().invoke(cli, ["build", "minutas"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("minutas: 1 written (DOCX, PDF), 0 unchanged")
    text = extract_text(Path("output/minutas/minuta-15-2012-fne.docx")).splitlines()
    assert text[:4] == ["MINUTA N° 15",
                        "MAT.: Remite decreto que fija las Metas de Eficiencia Institucional "
                        "2012.",
                        "A : SR. FISCAL NACIONAL ECONÓMICO", "DE : SR. DIRECTOR DE PRESUPUESTOS"]
    assert text[5].startswith("1.- Adjunto remito a Ud. el decreto que fija las Metas de "
                              "Eficiencia Institucional de la Fiscalía Nacional Económica")
    assert text[6].startswith("2.- Las consultas sobre lo indicado en el punto 1 pueden")
    assert text[-1] == "Director de Presupuestos"
    assert "2.- Las consultas" in extract_text(Path("output/minutas/minuta-15-2012-fne.pdf"))
    assert Path("output/.marco/labels/minuta-15-2012-fne.json").is_file()
    with zipfile.ZipFile("output/minutas/minuta-15-2012-fne.docx") as package:
        assert "PRESUPUESTOS" in package.read("word/header2.xml").decode() or any(
            "PRESUPUESTOS" in package.read(n).decode() for n in package.namelist()
            if n.startswith("word/header"))  # the default shell: DIPRES's letterhead
    again = CliRunner().invoke(cli, ["build", "minutas"])
    assert again.stdout.startswith("minutas: 0 written (DOCX, PDF), 1 unchanged")


def test_marco_check_checks_the_new_kind_too(minuta: Kind, edit):
    edit(Path("content/minutas/minuta-15-2012.md"), "institution: fne", "institution: fnee")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/minutas/minuta-15-2012.md:7: error: unknown institution 'fnee' "
        "(did you mean 'fne'?)", "1 error; nothing was written."]
