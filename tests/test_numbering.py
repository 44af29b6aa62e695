"""Pass 1: numbers by the scheme of each document kind, labels, footnotes."""

from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.read.markdown import parse_markdown_text
from generator.model.document import NumberedParagraph
from generator.kinds import PROGRAMA_MARCO
from generator.model.scheme import roman
from generator.passes.prepare import number_document


def doc(body: str, kind: str = "guide"):
    head = f"---\nid: prueba\nkind: {kind}\ntitle: Prueba\ndate: 2011-09-15\n---\n"
    return parse_markdown_text(head + body, "doc.md", {})


def test_roman():
    assert [roman(n) for n in (1, 4, 9, 14, 40, 1999)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIX"]


def test_decimal_sections_nest_and_skip_unnumbered():
    d = doc("# A\n## A1\n### A1a\n## A2\n# Nota {-}\n## B1\n# B\n")
    a, nota, b = d.blocks
    labels = number_document(d)
    assert a.display == "1" and a.children[0].display == "1.1"
    assert a.children[0].children[0].display == "1.1.1" and a.children[1].display == "1.2"
    assert nota.display is None and b.display == "2"
    assert (a.level, a.children[0].level, a.children[0].children[0].level) == (1, 2, 3)
    assert labels.counts["sec"] == 2


def test_roman_sections_in_programa_marco():
    d = doc("# Antecedentes\n# Objetivos\n# Formulación\n", kind="programa-marco")
    number_document(d)
    assert [s.display for s in d.blocks] == ["I.", "II.", "III."]
    assert PROGRAMA_MARCO.section_style(2).shown((3, 2)) == "2."


def test_paragraph_schemes_by_kind():
    body = "(@) a\n\n(@) b\n\n(@con) c\n\n(@art) d\n\n(@art) e\n"
    d = doc(body, kind="circular")
    number_document(d)
    assert [b.display for b in d.blocks] == ["1)", "2)", "1.-", "Artículo 1°.-", "Artículo 2°.-"]


def test_tables_annexes_continuous_and_uncaptioned_tables_unnumbered():
    from generator.model.document import Cell, Table, Text

    d = doc("Table: Uno\n\n| a |\n|---|\n| x |\n\n::: annex\n# Anexo\n\nTable: Dos\n\n| b |\n|---|\n| y |\n:::\n")
    plain = Table(head=[], rows=[[Cell([Text(t)])] for t in "pqr"])
    d.blocks.append(plain)
    labels = number_document(d)
    assert d.blocks[0].display == "Cuadro 1"
    assert d.blocks[1].display == "Anexo 1" and d.blocks[1].children[0].display == "Cuadro 2"
    assert plain.display is None and labels.counts["tbl"] == 2  # no caption, no number


def test_footnotes_numbered_by_first_citation_and_reused():
    d = doc("a[^z] b[^y] c[^z]\n\n[^y]: Y.\n[^z]: Z.\n")
    number_document(d)
    refs = [i for i in d.blocks[0].inlines if hasattr(i, "number")]
    assert [r.number for r in refs] == [1, 2, 1]
    assert [n.label for n in d.footnotes_in_order()] == ["z", "y"]


def test_uncited_and_unknown_footnotes_are_errors():
    with pytest.raises(UserError) as info:
        number_document(doc("a[^x]\n\n[^y]: Y.\n"))
    assert [str(p) for p in info.value.problems] == [
        "doc.md:7: error: unknown footnote 'x'",
        "doc.md:9: error: footnote 'y' is never cited",
    ]


def test_duplicate_and_misplaced_labels():
    with pytest.raises(UserError) as info:
        number_document(doc("# A {#sec:a}\n\n(@) x {#tbl:b}\n\n# B {#sec:a}\n\n# C {#zz:c}\n"))
    assert [str(p) for p in info.value.problems] == [
        "doc.md:9: error: label 'tbl:b' is on a paragraph, so it must start with 'par:'",
        "doc.md:11: error: duplicate label 'sec:a' (first at doc.md:7)",
        "doc.md:13: error: malformed label 'zz:c' (expected kind:name with kind one of "
        "ann, art, con, def, fig, fn, item, obj, par, rule, sec, tbl)",
    ]


def test_a_guide_numbers_its_introduction_apart():
    d = doc("# Introducción {-}\n## Antecedentes {#sec:ant}\n## Sistema\n# Objetivo\n## Uno\n")
    labels = number_document(d)
    intro, objetivo = d.blocks
    assert [s.display for s in intro.children] == ["1.-", "2.-"]
    assert objetivo.display == "1" and objetivo.children[0].display == "1.1"
    assert labels.labels["sec:ant"].full == "sección 1"


def test_items_are_numbered_in_lower_case_roman():
    d = doc("(@item:a) uno\n\n(@item) dos\n\nVer [@item:a].\n\n(@item) tres\n\n(@item) cuatro\n")
    labels = number_document(d)
    assert [b.display for b in d.blocks if isinstance(b, NumberedParagraph)] == [
        "i)", "ii)", "iii)", "iv)"]
    assert labels.labels["item:a"].full == "punto i"
