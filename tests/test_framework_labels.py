"""The label table of a framework: objectives numbered as the documents
number them, cited by the decrees and the Programa Marco as references, and
citable from Markdown (``[@mei-2009/obj:compras.com-10]``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.assemble import read_document
from generator.assemble.decree import (
    Assembler, commitment_scope, decree_source, modifications_table,
)
from generator.build.sources import MarkdownBatch, Selection
from generator.errors import Pos, UserError
from generator.kinds import KINDS
from generator.load.content import load_content
from generator.model.content import Framework
from generator.model.document import Placeholder, Ref, Table, Text
from generator.model.scheme import roman
from generator.model.walk import iter_blocks
from generator.passes.frameworks import framework_labels, frameworks_library
from generator.passes.prepare import prepare, prepare_together
from generator.read.markdown import parse_markdown_text
from generator.writers.text import inline_text, render_text

CONTENT = Path(__file__).resolve().parents[1] / "content"
HEAD = "---\nid: {id}\nkind: guide\ntitle: Prueba\ndate: 2011-09-15\n---\n"


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


@pytest.fixture(scope="module")
def library(content):
    return frameworks_library(content)


def framework(content, framework_id: str) -> Framework:
    return next(f for f in content.frameworks if f.id == framework_id)


def doc(body: str, id_: str = "prueba"):
    return parse_markdown_text(HEAD.format(id=id_) + body, f"{id_}.md", {})


def refs(inlines) -> list[Ref]:
    return [inline for inline in inlines if isinstance(inline, Ref)]


# ------------------------------------------------------------ the table


def test_every_objective_is_labelled_and_numbered_in_its_system(content):
    mei = framework(content, "mei-2009")
    table = framework_labels(mei)
    assert (table.document, table.kind) == ("mei-2009", "framework")
    expected = [f"obj:{s.id}.{o.id}" for _, s in mei.systems() for o in s.all_objectives()]
    assert list(table.labels) == expected
    for _, system in mei.systems():  # numbers restart in every system
        numbers = [table.labels[f"obj:{system.id}.{o.id}"].number
                   for o in system.all_objectives()]
        assert numbers == [(i,) for i in range(1, len(numbers) + 1)]
    label = table.labels["obj:compras.com-10"]
    assert (label.kind, label.name, label.number) == ("obj", "compras.com-10", (10,))
    assert (label.display, label.full, label.short) == ("Compras, objetivo 10", "objetivo 10", "10")
    assert label.title.startswith("Elaborar un programa de Seguimiento")
    assert label.pos == Pos("content/frameworks/mei-2009.yaml", 208)


def test_staged_objectives_number_on_across_stages_and_titles_are_plain():
    mei = Framework.model_validate({
        "id": "marco-prueba", "mechanisms": ["mei"], "year": 2012, "title": "Programa Marco",
        "areas": [{"id": "a", "name": "A", "systems": [
            {"id": "s", "name": "S", "stages": [
                {"objectives": [{"id": "o1", "text": "Uno *de*[^n] dos"}]},
                {"objectives": [{"id": "o2"}, {"id": "o3", "text": "Tres\\\ncuatro"}]}]}]}],
    })
    table = framework_labels(mei)
    assert [(k, v.number, v.title) for k, v in table.labels.items()] == [
        ("obj:s.o1", (1,), "Uno de dos"), ("obj:s.o2", (2,), ""),
        ("obj:s.o3", (3,), "Tres cuatro")]


# ------------------------------------------------------------ the decree


def old_scope(framework: Framework, system_id: str, stage, objectives) -> str:
    """What the decree wrote before objectives were references."""
    system = framework.system(system_id)
    if stage is not None:
        advanced = " (Avanzado)" if system.stages[stage - 1].advanced else ""
        return f"Etapa {roman(stage)}{advanced}"
    positions = {o.id: i for i, o in enumerate(system.objectives, start=1)}
    words = [str(n) for n in sorted(positions[o] for o in objectives)]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} y {words[-1]}"
    return f"Objetivo{'s' if len(words) > 1 else ''} {listed}"


def test_decree_scopes_are_references_that_read_as_before(content, library):
    assembler = Assembler(content, KINDS["decree"])
    assert content.commitments
    for commitment in content.commitments:
        document = prepare(assembler.assemble(commitment), library)
        source = decree_source(content, commitment)
        table = next(b for b in iter_blocks(document.blocks) if isinstance(b, Table))
        order = {s.id: i for i, (_, s) in enumerate(source.framework.systems())}
        items = sorted(commitment.items, key=lambda i: order[i.system])
        for item, row in zip(items, table.rows[:-1], strict=True):  # the last row: Total
            scope = row[2].inlines
            assert inline_text(scope) == old_scope(source.framework, item.system, item.stage,
                                                   item.objectives)
            assert [r.label for r in refs(scope)] == sorted(
                (f"obj:{item.system}.{o}" for o in item.objectives or []),
                key=lambda label: library[source.framework.id].labels[label].number)
            assert all(r.document == source.framework.id and r.form == "number"
                       for r in refs(scope))


def test_commitment_scope_inlines(content):
    mei = framework(content, "mei-sma-2012")
    ref = lambda o: Ref(label=f"obj:monitoreo-desempeno.{o}", form="number",
                        document="mei-sma-2012")
    assert commitment_scope(mei, "monitoreo-desempeno", None, ["md-03", "md-01", "md-02"]) == [
        Text("Objetivos "), ref("md-01"), Text(", "), ref("md-02"), Text(" y\u00a0"), ref("md-03")]
    assert commitment_scope(mei, "monitoreo-desempeno", None, ["md-02"]) == [
        Text("Objetivo "), ref("md-02")]
    assert commitment_scope(mei, "siac", 4, None) == [Text("Etapa\u00a0IV")]


def test_a_modified_objective_is_a_reference(content, library):
    commitment = next(c for c in content.commitments if c.modifications)
    source = decree_source(content, commitment)
    modified = commitment.modifications[0].model_copy(
        update={"system": "monitoreo-desempeno", "objective": "md-02"})
    unnamed = commitment.modifications[0]
    source.commitment = commitment.model_copy(update={"modifications": [modified, unnamed]})
    table = modifications_table(source, Placeholder("modificaciones"))
    document = doc("Modificaciones.\n", "decreto")
    document.blocks.append(table)
    prepare(document, library)
    number, empty = table.rows[0][1].inlines, table.rows[1][1].inlines
    assert number == [Ref(label="obj:monitoreo-desempeno.md-02", form="number",
                          document="mei-sma-2012", text="2")]
    assert empty == []


# ---------------------------------------------------- the Programa Marco


def test_programa_marco_numbers_its_objectives_by_references(content, library):
    document = prepare(read_document(CONTENT / "programa-marco/mei-2009.md", content), library)
    mei = framework(content, "mei-2009")
    tables = [b for b in iter_blocks(document.blocks) if isinstance(b, Table) and not b.display]
    objectives = tables[1::2]
    for (_, system), table in zip(mei.systems(), objectives, strict=True):
        cells = [row[0] for row in table.rows]
        assert [cell.align for cell in cells] == ["center"] * len(cells)
        assert [cell.inlines for cell in cells] == [
            [Ref(label=f"obj:{system.id}.{o.id}", form="number", document="mei-2009",
                 text=str(i))] for i, o in enumerate(system.all_objectives(), start=1)]
    assert document.cited["mei-2009/obj:compras.com-10"] == (
        library["mei-2009"].labels["obj:compras.com-10"])
    assert len(document.cited) == sum(1 for _, s in mei.systems() for _ in s.all_objectives())


# ------------------------------------------------------------ Markdown


def test_markdown_cites_an_objective(library):
    document = prepare(doc("Véase el [@mei-2009/obj:compras.com-10] "
                           "([-@mei-2009/obj:compras.com-10]) y la [@sec:a].\n\n# A {#sec:a}\n"),
                       library)
    assert "Véase el objetivo 10 (10) y la sección 1." in render_text(document)
    assert document.cited == {"mei-2009/obj:compras.com-10":
                              library["mei-2009"].labels["obj:compras.com-10"]}


def test_a_build_of_markdown_documents_sees_the_frameworks(tmp_path):
    path = tmp_path / "nota.md"
    head = HEAD.format(id="nota").replace("kind: guide", "kind: decree")  # needs no data
    path.write_text(head + "Según el [@mei-2009/obj:auditoria.aud-02].\n", encoding="utf-8")
    made = MarkdownBatch(None, CONTENT, [path]).open(None, Selection())
    assert "Según el objetivo 2." in render_text(made.make(0))


def test_unknown_objective_is_an_error_at_its_line(library):
    with pytest.raises(UserError) as info:
        prepare(doc("Texto.\n\nVer [@mei-2009/obj:compras.com-99] y [@mei-2009/tbl:x].\n"),
                library)
    assert [str(p) for p in info.value.problems] == [
        "prueba.md:9: error: unknown label 'obj:compras.com-99' in 'mei-2009' "
        "(did you mean 'obj:compras.com-09'?)",
        "prueba.md:9: error: unknown label 'tbl:x' in 'mei-2009'",
    ]


def test_references_to_other_documents_are_recorded_as_cited(library):
    marco = doc("Table: Sistemas {#tbl:sistemas}\n\n| a |\n|---|\n| x |\n", "marco")
    decree = doc("Ver [@marco/tbl:sistemas], [-@marco/tbl:sistemas] y [@sec:b].\n\n# B {#sec:b}\n",
                 "decreto")
    prepare_together([marco, decree], library)
    assert list(decree.cited) == ["marco/tbl:sistemas"]
    assert decree.cited["marco/tbl:sistemas"].display == "Cuadro 1"
    assert marco.cited == {}


def test_a_document_may_not_take_a_framework_id(library):
    with pytest.raises(UserError) as info:
        prepare(doc("Texto.\n", "mei-2009"), library)
    assert [str(p) for p in info.value.problems] == [
        "mei-2009.md:1: error: document id 'mei-2009' is already the id of a framework"]
    with pytest.raises(UserError) as info:
        prepare_together([doc("Uno.\n", "otro"), doc("Dos.\n", "pmg-2010")], library)
    assert [str(p) for p in info.value.problems] == [
        "pmg-2010.md:1: error: document id 'pmg-2010' is already the id of a framework"]
