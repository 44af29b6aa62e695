"""Shared template parts (content/partes/): a document extends or includes
them, every error in a part is reported at the part's own line, a part
cannot reach outside its folder, and a changed part rebuilds the documents
that use it."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

HEAD = "---\nid: prueba\nkind: decree\ntitle: Prueba\ndate: 2012-01-01\n---\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build() -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--output", "out", "build", "document", "doc.md",
                                      "--format", "txt"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def test_a_document_extends_a_part_and_fills_its_blocks(copy: Path) -> None:
    write(copy / "partes" / "base.md", "# Base {-}\n\n{% block cuerpo %}\nNada.\n{% endblock %}\n\n"
          "{% include 'pie.md' %}\n")
    write(copy / "partes" / "pie.md", "Pie del año {{ 2000 + 12 }}.\n")
    Path("doc.md").write_text(HEAD + "{% extends 'base.md' %}\n{% block cuerpo %}\n"
                              "Cuerpo propio.\n{% endblock %}\n", encoding="utf-8")
    assert build() == (0, [])
    [written] = Path("out").rglob("*.txt")
    assert written.read_text(encoding="utf-8").split("\n")[:3] == [
        "Base", "Cuerpo propio.", "Pie del año 2012."]


def test_errors_in_a_part_are_at_the_part_s_line(copy: Path) -> None:
    part = write(copy / "partes" / "base.md", "Uno.\n\n{{ falta }}\n")
    Path("doc.md").write_text(HEAD + "Texto.\n\n{% include 'base.md' %}\n", encoding="utf-8")
    assert build() == (1, [f"{part}:3: error: undefined variable: 'falta' is undefined",
                           "1 error; nothing was written."])
    write(part, "Uno.\n\n{% if %}\n")
    assert build() == (1, [f"{part}:3: error: template error: Expected an expression, got "
                           "'end of statement block'", "1 error; nothing was written."])
    # a Markdown error the part's text makes, after rendering
    write(part, "Uno.\n\nDos.{.desconocido}\n")
    code, errors = build()
    assert code == 1 and errors[0].startswith(f"{part}:3: error: unknown paragraph style")


def test_a_part_cannot_reach_outside_its_folder(copy: Path, tmp_path: Path) -> None:
    secret = write(tmp_path / "secreto.md", "contenido secreto\n")
    os.symlink(secret, copy / "partes" / "enlace.md")
    Path("doc.md").write_text(HEAD + "Texto.\n\n{% include 'enlace.md' %}\n", encoding="utf-8")
    code, errors = build()
    assert code == 1 and "contenido secreto" not in "\n".join(errors)
    assert errors[0] == ("doc.md:9: error: template error: enlace.md (no such part: a template "
                         "includes the .md files of content/partes/ by their name there)")


def test_a_changed_part_rebuilds_the_documents_that_use_it(copy: Path, edit) -> None:
    first = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert "0 written" in again.output and "3 unchanged" in again.output
    edit(copy / "partes" / "programa-marco.md", "ÁREAS DE MEJORAMIENTO, SISTEMAS Y OBJETIVOS.",
         "ÁREAS, SISTEMAS Y OBJETIVOS DE GESTIÓN.")
    changed = CliRunner().invoke(cli, ["build", "programa-marco", "--format", "txt"])
    assert "3 written" in changed.output, changed.output
    for path in Path("output/programa-marco").glob("*.txt"):
        assert "ÁREAS, SISTEMAS Y OBJETIVOS DE GESTIÓN." in path.read_text(encoding="utf-8")


def test_a_name_cannot_pass_for_a_parts_folder(copy: Path, tmp_path: Path) -> None:
    """A name with the separator marco puts between a parts folder and a
    part's name is refused, in a document of a content folder or not."""
    write(tmp_path / "ajeno.md", "contenido secreto\n")
    trick = str(tmp_path) + "\\x00ajeno.md"
    Path("doc.md").write_text(HEAD + f"Texto.\n\n{{% include '{trick}' %}}\n", encoding="utf-8")
    code, errors = build()
    assert code == 1 and "contenido secreto" not in "\n".join(errors)
    assert errors[0].startswith("doc.md:9: error: template error: ")
    alone = tmp_path / "solo"
    alone.mkdir()
    os.chdir(alone)
    Path("doc.md").write_text(HEAD + f"Texto.\n\n{{% include '{trick}' %}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--content", "nada", "--output", "out", "build",
                                      "document", "doc.md", "--format", "txt"])
    assert result.exit_code == 1 and "contenido secreto" not in result.output
    assert "Traceback" not in result.output
