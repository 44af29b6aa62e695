"""Labels kept: ``kind:name`` labels, numbers as tuples formatted by the
kind's scheme in one place (references follow a changed format), sections
inside annexes, and the label table every build writes beside its outputs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.kinds import KINDS
from generator.model.scheme import Style
from generator.passes.prepare import prepare
from generator.read.markdown import parse_markdown_text
from generator.review.extract import extract_text
from generator.writers.text import render_text

HEAD = "---\nid: prueba\nkind: guide\ntitle: Prueba\ndate: 2011-09-15\n---\n"


def text(body: str) -> list[str]:
    return render_text(prepare(parse_markdown_text(HEAD + body, "doc.md", {}))).splitlines()


def test_two_kinds_may_share_a_name():
    assert text("# Proceso {#sec:proceso}\n\nVer [@tbl:proceso] y la [@sec:proceso].\n\n"
                "Table: Etapas {#tbl:proceso}\n\n| a |\n|---|\n| b |\n") == [
        "1 Proceso", "Ver Cuadro 1 y la sección 1.", "Cuadro 1", "Etapas", "a", "b"]


def test_sections_inside_annexes_are_numbered_under_the_annex_and_referenced():
    lines = text("# Cuerpo\n\nVer la [@sec:instrucciones] ([-@sec:instrucciones]) y la "
                 "[@sec:plazos].\n\n"
                 "::: annex {#ann:formulario}\n# Formulario\n\n## Instrucciones {#sec:instrucciones}"
                 "\n\nTexto.\n\n### Firma\n\nTexto.\n:::\n\n"
                 "::: annex\n# Calendario\n\n## Plazos {#sec:plazos}\n\nTexto.\n:::\n")
    assert lines == ["1 Cuerpo", "Ver la sección 1.1 del Anexo 1 (1.1) y la sección 2.1 del "
                     "Anexo 2.", "Anexo 1", "Formulario", "1.1 Instrucciones", "Texto.",
                     "1.1.1 Firma", "Texto.", "Anexo 2", "Calendario", "2.1 Plazos", "Texto."]
    document = prepare(parse_markdown_text(
        HEAD + "::: annex\n# A\n\n## B {#sec:b}\n:::\n\n[#sec]\n", "doc.md", {}))
    assert document.labels.labels["sec:b"].number == (1, 1)
    assert document.blocks[0].children[0].level == 2  # under the annex's title
    assert render_text(document).splitlines()[-1] == "0"  # [#sec] counts the body's sections


def test_a_changed_scheme_format_changes_every_number_and_reference(copy, monkeypatch):
    decree = KINDS["decree"]
    scheme = dataclasses.replace(decree.scheme, art=Style("ARTÍCULO {n}.", "el artículo {n}"),
                                 con=Style("{n}°)", "considerando {n}°"),
                                 tbl=Style("Tabla {n}", "Tabla {n}"))
    monkeypatch.setitem(KINDS, "decree", dataclasses.replace(decree, scheme=scheme))
    result = CliRunner().invoke(cli, ["build", "decrees", "--institution", "fne",
                                      "--format", "docx"])
    assert result.exit_code == 0, result.stderr
    lines = extract_text(Path("output/2012/decreto-2012-mei-fne.docx")).splitlines()
    assert any(line.startswith("2°) Que, mediante decreto") for line in lines)
    fija = next(line for line in lines if line.startswith("ARTÍCULO 1. Fíjanse"))
    assert "señalado en el considerando 2°," in fija and "se indican en el Tabla 1:" in fija
    assert "Tabla 1" in lines
    verifica = next(line for line in lines if line.startswith("ARTÍCULO 2. Para verificar"))
    assert "comprometido en el el artículo 1 se debe" in verifica
    labels = json.loads(Path("output/.marco/labels/2012-mei-fne.json").read_text())
    assert labels["labels"]["art:fija"]["display"] == "ARTÍCULO 1."


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """Every bundled kind built as DOCX (the decrees of two institutions)."""
    output = tmp_path_factory.mktemp("labels")
    for args in (["build", "decrees", "--institution", "fne", "--institution", "inapi"],
                 ["build", "circulars"], ["build", "programa-marco"], ["build", "guides"]):
        result = CliRunner().invoke(cli, ["--output", str(output), *args, "--format", "docx"])
        assert result.exit_code == 0, result.stderr
    return output


def test_every_built_document_has_its_label_table(bundled: Path):
    documents = {p.stem: p for p in bundled.rglob("*.docx")}
    tables = {p.stem: p for p in (bundled / ".marco" / "labels").glob("*.json")}
    assert {name.removeprefix("decreto-") for name in documents} == set(tables)
    # 2 decrees and their 2 oficios, the circular, 3 Programa Marco, the guide
    assert len(tables) == 9


def test_label_tables_agree_with_the_numbers_in_the_docx(bundled: Path):
    checked = 0
    for path in (bundled / ".marco" / "labels").glob("*.json"):
        table = json.loads(path.read_text(encoding="utf-8"))
        assert table["document"] == path.stem and table["kind"] in KINDS
        [docx] = [p for p in bundled.rglob("*.docx") if p.stem in (path.stem,
                                                                    f"decreto-{path.stem}")]
        lines = extract_text(docx).splitlines()
        for key, label in table["labels"].items():
            assert key == f"{label['kind']}:{label['name']}"
            if label["number"] is None or label["kind"] == "fn":
                continue
            shown = [line for line in lines if line.startswith(label["display"])]
            assert shown, (path.name, key, label["display"])
            if label["kind"] in ("sec", "par", "con", "art", "rule", "item"):
                assert any(label["title"].split(" [")[0][:30] in line for line in shown), key
            checked += 1
        notes = [label for label in table["labels"].values() if label["kind"] == "fn"]
        for note in notes:
            assert any(line.startswith(f"[{note['display']}] ") for line in lines), note
    assert checked >= 39


def test_label_tables_are_the_same_bytes_for_the_same_content(bundled: Path, tmp_path: Path):
    result = CliRunner().invoke(cli, ["--output", str(tmp_path), "build", "guides",
                                      "--format", "docx"])
    assert result.exit_code == 0
    name = "guia-gestion-territorial.json"
    assert ((tmp_path / ".marco" / "labels" / name).read_bytes()
            == (bundled / ".marco" / "labels" / name).read_bytes())
