"""The Markdown reader: front matter, Jinja in the sandbox, the label syntax."""

from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.assemble.expand import expand_placeholders
from generator.read.markdown import parse_markdown_text
from generator.model.document import (
    Annex, DefinitionList, Emph, FootnoteRef, LineBreak, NumberedParagraph, PageBreak,
    Paragraph, Placeholder, Ref, Section, Strong, Table, Text,
)

HEAD = "---\nid: prueba\nkind: guide\ntitle: Prueba\ndate: 2011-09-15\n---\n"


def read(body: str, context=None):
    return parse_markdown_text(HEAD + body, "doc.md", context or {})


def errors(body: str, context=None) -> list[str]:
    with pytest.raises(UserError) as info:
        read(body, context)
    return [str(p) for p in info.value.problems]


def test_front_matter_sets_meta():
    doc = read("Texto.\n")
    assert (doc.meta.id, doc.meta.kind, doc.meta.title, str(doc.meta.date)) == (
        "prueba", "guide", "Prueba", "2011-09-15")
    assert doc.meta.page_size == "letter"


def test_headings_nest_into_sections_with_labels():
    doc = read("# Uno {#sec:uno}\n\n## Dos\n\ntexto\n\n# Tres {-}\n")
    first, third = doc.blocks
    assert isinstance(first, Section) and first.label == "sec:uno" and first.numbered
    assert isinstance(first.children[0], Section)
    assert isinstance(first.children[0].children[0], Paragraph)
    assert third.numbered is False and third.title == [Text("Tres")]


def test_numbered_paragraph_kinds_and_labels():
    doc = read("(@) uno\n\n(@con) dos\n\n(@art:fija) tres\n")
    kinds = [(b.kind, b.label) for b in doc.blocks]
    assert kinds == [("par", None), ("con", None), ("art", "art:fija")]
    assert all(isinstance(b, NumberedParagraph) for b in doc.blocks)
    assert doc.blocks[0].inlines == [Text("uno")]


def test_references_counts_and_footnotes_are_parsed_inline():
    doc = read("Ver [@tbl:a], [-@sec:b], [@otro/tbl:c] y [#sec:b][^n].\n\n[^n]: Nota.\n")
    inlines = doc.blocks[0].inlines
    refs = [i for i in inlines if isinstance(i, Ref)]
    assert [(r.label, r.form, r.document) for r in refs] == [
        ("tbl:a", "full", None), ("sec:b", "number", None), ("tbl:c", "full", "otro"),
        ("sec:b", "count", None)]
    assert refs[0].pos.path == "doc.md" and refs[0].pos.line == 7
    assert isinstance(inlines[-2], FootnoteRef) and inlines[-2].label == "n"
    assert doc.footnotes["n"].inlines == [Text("Nota.")]


def test_inline_notes_are_footnotes_placed_where_they_are_called():
    from generator.passes.prepare import prepare
    from generator.writers.text import render_text

    doc = read("Uno ^[Nota *breve*.] y\ndos[^n] ^[Otra [@sec:s].]\n\n# S {#sec:s}\n\n[^n]: Nota.\n")
    calls = [i for i in doc.blocks[0].inlines if isinstance(i, FootnoteRef)]
    assert [c.pos.line for c in calls] == [7, 8, 8] and calls[1].label == "n"
    assert doc.footnotes[calls[0].label].inlines == [Text("Nota "), Emph([Text("breve")]),
                                                     Text(".")]
    assert doc.footnotes[calls[2].label].pos.line == 8
    prepare(doc)
    assert [doc.footnotes[c.label].number for c in calls] == [1, 2, 3]
    text = render_text(doc)
    assert "Otra sección 1." in text, text


def test_an_empty_inline_note_is_an_error_at_its_call():
    assert errors("Texto.\n\nUno ^[] dos.\n") == [
        "doc.md:9: error: an inline footnote (^[…]) has no text"]


def test_emphasis_strong_and_hard_breaks():
    doc = read("*a* **b** c\\\nd\n")
    inlines = doc.blocks[0].inlines
    assert isinstance(inlines[0], Emph) and isinstance(inlines[2], Strong)
    assert any(isinstance(i, LineBreak) for i in inlines)


def test_table_caption_label_and_alignment():
    doc = read("Table: Sistemas {#tbl:s}\n\n| A | B |\n|---|--:|\n| x | 1 |\n")
    table = doc.blocks[0]
    assert isinstance(table, Table) and table.label == "tbl:s"
    assert table.caption == [Text("Sistemas")]
    assert table.rows[0][1].align == "right"


def test_caption_without_table_is_an_error():
    assert errors("Table: Sola\n\nTexto.\n") == [
        "doc.md:7: error: a 'Table:' caption must be followed by a table"]


def test_definition_list_annex_page_break_and_style():
    doc = read("Término {#def:t}\n: Definición.\n\n***\n\nCentrado {.center}\n\n"
               "::: annex {#ann:a}\n# Formulario\n\nTexto.\n:::\n")
    deflist, brk, para, annex = doc.blocks
    assert isinstance(deflist, DefinitionList) and deflist.items[0].label == "def:t"
    assert isinstance(brk, PageBreak)
    assert para.style == "center" and para.inlines == [Text("Centrado")]
    assert isinstance(annex, Annex) and annex.label == "ann:a" and annex.title == [Text("Formulario")]


def test_data_blocks_are_placeholders_the_assembler_expands():
    doc = read("# S\n\n::: data cuadro {#tbl:c}\n:::\n")
    assert doc.blocks[0].children == [Placeholder("cuadro", "tbl:c", doc.blocks[0].children[0].pos)]
    assert doc.blocks[0].children[0].pos.line == 9
    seen = []

    def build(block: Placeholder):
        seen.append((block.name, block.label, block.pos.line))
        return [Paragraph([Text("de los datos")])]

    expand_placeholders(doc, {"cuadro": build})
    assert seen == [("cuadro", "tbl:c", 9)]
    assert doc.blocks[0].children[0].inlines == [Text("de los datos")]


def test_unknown_data_block():
    with pytest.raises(UserError) as info:
        expand_placeholders(read("::: data cuadros\n:::\n"), {"cuadro": lambda block: []})
    assert [str(p) for p in info.value.problems] == [
        "doc.md:7: error: unknown data block 'cuadros' (did you mean 'cuadro'?) "
        "(available: cuadro)"]


@pytest.mark.parametrize("body, message", [
    ("Texto {.bogus}\n", "doc.md:7: error: unknown paragraph style 'bogus' (expected one of "
     "center, letterhead, right, stamp, subtitle, title)"),
    ("Texto {.titel}\n", "doc.md:7: error: unknown paragraph style 'titel' (expected one of "
     "center, letterhead, right, stamp, subtitle, title) (did you mean 'title'?)"),
    ("Texto {.title .center}\n", "doc.md:7: error: a paragraph takes one style (got '.center' too)"),
    ("Texto {#par:x}\n", "doc.md:7: error: a paragraph takes no attribute '{#par:x}' "
     "(it takes {.style})"),
    ("(@) Texto {.center}\n", "doc.md:7: error: a numbered paragraph takes no attribute "
     "'{.center}' (it takes {#kind:name})"),
    ("(@par:a) Texto {#par:b}\n", "doc.md:7: error: a numbered paragraph takes one label "
     "(got '#par:b' too)"),
    ("(@foo) Texto\n", "doc.md:7: error: unknown kind of numbered paragraph '(@foo)' (expected "
     "one of par, con, art, rule, item)"),
    ("# Título {.center}\n", "doc.md:7: error: a heading takes no attribute '{.center}' "
     "(it takes {#kind:name} and {-})"),
    ("| a |\n|---|\n| x {.center} |\n", "doc.md:9: error: a table cell takes no attribute "
     "'{.center}' (it takes none)"),
    ("Ver [+@tbl:x].\n", "doc.md:7: error: unknown reference form '[+@tbl:x]' (expected "
     "[@kind:name] for the full reference or [-@kind:name] for the number only)"),
    ("Ver [@tbl].\n", "doc.md:7: error: malformed reference '[@tbl]' (expected [@kind:name] "
     "or [@document/kind:name])"),
    ("Ver [#Sec].\n", "doc.md:7: error: malformed count '[#Sec]' (expected [#kind] or "
     "[#sec:name], kind in lower case)"),
    ("::: data\n:::\n", "doc.md:7: error: a data block needs a name ('::: data NAME')"),
])
def test_what_the_model_does_not_know_is_an_error_at_its_line(body, message):
    assert errors(body) == [message]


def test_a_page_size_outside_the_model_is_an_error():
    with pytest.raises(UserError) as info:
        parse_markdown_text("---\nid: a\nkind: guide\ntitle: T\ndate: 2011-01-01\n"
                            "page_size: a4\n---\n", "doc.md", {})
    assert [str(p) for p in info.value.problems] == [
        "doc.md:6: error: page_size: Input should be 'letter' or 'legal' (got 'a4')"]


def test_jinja_runs_in_the_sandbox_with_strict_undefined():
    assert read("{{ x | upper }}\n", {"x": "hola"}).blocks[0].inlines == [Text("HOLA")]
    assert errors("Texto.\n\n{{ falta }}\n") == [
        "doc.md:9: error: undefined variable: 'falta' is undefined"]
    unsafe = errors("{{ x.__class__.__mro__ }}\n", {"x": "a"})
    assert unsafe[0].startswith("doc.md:7: error: undefined variable") or "unsafe" in unsafe[0]


def test_jinja_syntax_error_has_its_line():
    assert errors("Texto.\n\n{% if %}\n") == [
        "doc.md:9: error: template error: Expected an expression, got 'end of statement block'"]


def test_data_is_literal_text_not_html():
    doc = read("{{ x }}\n", {"x": "A & B <c> \"d\""})
    assert doc.blocks[0].inlines == [Text("A & B <c> \"d\"")]


def test_spanish_filters():
    doc = read("{{ d | fecha }}; {{ d | fecha_sello }}; {{ n | numero }}; {{ p | porcentaje }}\n",
               {"d": __import__("datetime").date(2011, 9, 15), "n": 19553, "p": 2.5})
    assert doc.blocks[0].inlines == [
        Text("15 de septiembre de 2011; SANTIAGO, 15 SEP 2011; 19.553; 2,5%")]


def test_missing_front_matter():
    with pytest.raises(UserError) as info:
        parse_markdown_text("# Hola\n", "doc.md", {})
    assert str(info.value) == ("doc.md:1: error: missing front matter "
                               "(expected '---' lines around id, kind, title, date)")


def test_front_matter_errors_have_lines():
    with pytest.raises(UserError) as info:
        parse_markdown_text("---\nid: Prueba X\nkind: guide\ntitle: T\n---\n", "doc.md", {})
    assert [str(p) for p in info.value.problems] == [
        "doc.md:2: error: date: missing required field",
        "doc.md:2: error: id: invalid id 'Prueba X' (expected lowercase ASCII letters, digits "
        "and single hyphens, e.g. 'superintendencia-de-salud')",
    ]
