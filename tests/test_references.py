"""Pass 2: references, counts and references across documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.passes.prepare import prepare
from generator.errors import UserError
from generator.read.markdown import parse_markdown_text, read_markdown
from generator.passes.prepare import number_document
from generator.passes.references import resolve_references
from generator.writers.text import render_text

FIXTURES = Path(__file__).parent / "fixtures" / "engine"


def doc(body: str, id_: str = "prueba"):
    head = f"---\nid: {id_}\nkind: guide\ntitle: Prueba\ndate: 2011-09-15\n---\n"
    return parse_markdown_text(head + body, f"{id_}.md", {})


def problems(body: str) -> list[str]:
    with pytest.raises(UserError) as info:
        prepare(doc(body))
    return [str(p) for p in info.value.problems]


def test_fixture_numbers_and_references_forward_and_backward():
    document = prepare(read_markdown(FIXTURES / "fixture.md", {"peligroso": "A & B <c>"}))
    text = render_text(document)
    assert "estructurado en 3 secciones y 1 anexo; la sección 2 describe" in text
    assert "el Cuadro 1 resume los sistemas[1]" in text  # forward
    assert "Se aplica lo dicho en el párrafo 1 y en la sección 1[1]." in text  # backward, note reused
    assert "Véase también el Cuadro 2 (Cuadro número 2) y la sección 1.1.1[2]." in text
    assert "[3] Véase el Cuadro 2." in text  # a reference inside a footnote
    assert "Anexo 1\nFormulario de seguimiento\nVolver a la sección 2." in text


def test_counts():
    d = prepare(doc("# A {#sec:a}\n## A1\n## A2\n# B\n\n[#sec] y [#sec:a] y [#tbl] y [#ann].\n"))
    assert "2 y 2 y 0 y 0." in render_text(d)


def test_unknown_label_suggests():
    assert problems("# A {#sec:alcance}\n\nVer [@sec:alcanse].\n") == [
        "prueba.md:9: error: unknown label 'sec:alcanse' (did you mean 'sec:alcance'?)"]


def test_wrong_kind():
    assert problems("# A {#sec:a}\n\nVer [@tbl:a].\n") == [
        "prueba.md:9: error: 'tbl:a' refers to a section, not a table (write 'sec:a')"]


def test_bad_counts():
    assert problems("[#fn] [#sec:nada] [#tbl:x]\n") == [
        "prueba.md:7: error: cannot count 'fn' (expected one of ann, art, con, def, fig, item, par, "
        "rule, sec, tbl)",
        "prueba.md:7: error: only sections are counted under a label (got 'tbl:x')",
        "prueba.md:7: error: unknown section 'nada'",
    ]


def test_all_errors_of_a_document_in_one_run():
    assert len(problems("Ver [@sec:x].\n\nVer [@tbl:y].\n\nVer [@ann:z].\n")) == 3


def test_reference_into_another_document():
    marco = doc("Table: Sistemas {#tbl:sistemas}\n\n| a |\n|---|\n| x |\n", "marco-2012")
    marco_labels = number_document(marco)
    resolve_references(marco, marco_labels)
    decree = doc("Según el [@marco-2012/tbl:sistemas] del Programa Marco.\n", "decreto")
    resolve_references(decree, number_document(decree), {"marco-2012": marco_labels})
    assert "Según el Cuadro 1 del Programa Marco." in render_text(decree)
    other = doc("Ver [@marco-2011/tbl:sistemas] y [@marco-2012/tbl:sistema].\n", "decreto")
    with pytest.raises(UserError) as info:
        resolve_references(other, number_document(other), {"marco-2012": marco_labels})
    assert [str(p) for p in info.value.problems] == [
        "decreto.md:7: error: unknown document 'marco-2011' (did you mean 'marco-2012'?)",
        "decreto.md:7: error: unknown label 'tbl:sistema' in 'marco-2012' "
        "(did you mean 'tbl:sistemas'?)",
    ]


@pytest.mark.parametrize("name, message", [
    ("broken-reference", "9: error: unknown label 'ann:formulario-2' (did you mean 'ann:formulario'?)"),
    ("duplicate-label", "11: error: duplicate label 'sec:antecedentes' (first at {path}:7)"),
    ("undefined-variable", "11: error: undefined variable: 'plazo' is not a key of this mapping (its keys: none)"),
    ("wrong-kind", "9: error: 'tbl:antecedentes' refers to a section, not a table "
                   "(write 'sec:antecedentes')"),
])
def test_broken_fixtures(name, message, monkeypatch):
    monkeypatch.chdir(FIXTURES.parents[2])
    path = Path("tests/fixtures/engine/broken") / f"{name}.md"
    with pytest.raises(UserError) as info:
        prepare(read_markdown(path, {}))
    assert str(info.value) == f"{path}:" + message.format(path=path)
