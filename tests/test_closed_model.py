"""The closed document model: a value the model does not list is a reader
error at its line, for `marco check` and `marco build` alike (exit 1, no
traceback, nothing written); and every writer handles every value it lists."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.model.document import (
    ALIGNMENTS, NUMBERED_KINDS, PAGE_SIZES, PARAGRAPH_STYLES, REFERENCE_FORMS, TABLE_STYLES, Cell,
    Document, Meta, NumberedParagraph, Paragraph, Ref, Table, Text,
)
from generator.writers import TEMPLATES, WRITERS, renderer
from generator.writers.docx import ALIGNMENTS as DOCX_ALIGNMENTS
from generator.writers.docx import PARAGRAPH_STYLES as DOCX_STYLES
from generator.writers.docx import STYLE_NAMES, TABLE_STYLES as DOCX_TABLE_STYLES
from generator.writers.docx import PAGE_SIZES as DOCX_PAGE_SIZES

CIRCULAR = Path("content/circulares/circular-39-2011.md")


@pytest.mark.parametrize("old, new, message", [
    ("{.stamp}", "{.bogus}", "unknown paragraph style 'bogus' (expected one of center, "
     "letterhead, right, stamp, subtitle, title)"),
    ("([@tbl:sistemas])", "([+@tbl:sistemas])", "unknown reference form '[+@tbl:sistemas]' "
     "(expected [@kind:name] for the full reference or [-@kind:name] for the number only)"),
    ("(@) Con la implementación", "(@parr) Con la implementación",
     "unknown kind of numbered paragraph '(@parr)' (expected one of par, con, art, rule, item) "
     "(did you mean 'par'?)"),
])
def test_a_value_outside_the_model_stops_check_and_build(copy, edit, old, new, message):
    edit(CIRCULAR, old, new)
    lines = CIRCULAR.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if new in text)
    expected = [f"{CIRCULAR}:{line}: error: {message}", "1 error; nothing was written."]
    for args in (["check"], ["build", "circulars"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)
        assert result.stderr.splitlines() == expected
    assert not Path("output").exists()


def every_value() -> Document:
    """A resolved document holding every style, alignment, table style,
    reference form and kind of numbered paragraph of the model."""
    blocks = [Paragraph([Text(f"estilo {style}")], style=style)
              for style in (None, *PARAGRAPH_STYLES)]
    blocks += [NumberedParagraph(kind, [Text(f"párrafo {kind}")], number=(1,), display="1)")
               for kind in NUMBERED_KINDS]
    blocks.append(Paragraph([Ref("sec:x", form=form, text=f"ref {form}")
                             for form in REFERENCE_FORMS]))
    blocks += [Table(head=[[Cell([Text("a")], align=align) for align in (None, *ALIGNMENTS)]],
                     rows=[[Cell([Text("b")], align=align) for align in (None, *ALIGNMENTS)]],
                     style=style)
               for style in TABLE_STYLES]
    return Document(Meta("todo", "guide", "Todo", dt.date(2012, 1, 1)), blocks)


def test_every_writer_handles_every_value_of_the_model():
    for page_size in PAGE_SIZES:
        document = every_value()
        document.meta.page_size = page_size
        for fmt in WRITERS:
            assert renderer(fmt).render(document), fmt
    assert set(DOCX_STYLES) == {None, *PARAGRAPH_STYLES}
    assert set(DOCX_TABLE_STYLES) == set(TABLE_STYLES)
    assert set(DOCX_ALIGNMENTS) == set(ALIGNMENTS) and set(DOCX_PAGE_SIZES) == set(PAGE_SIZES)
    assert all(style in STYLE_NAMES for style in DOCX_STYLES.values() if style != "Normal")


def test_every_style_is_in_the_docx_and_has_a_rule_in_the_print_stylesheet():
    data = renderer("docx").render(every_value())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
    for style in PARAGRAPH_STYLES:
        assert f'w:val="{DOCX_STYLES[style]}"' in body, style
    html = renderer("html").render(every_value()).decode()
    css = (TEMPLATES / "css" / "print.css").read_text(encoding="utf-8")
    designed = renderer("html").print_css_for(every_value().meta.kind)  # the shell's styles
    for style in PARAGRAPH_STYLES:
        assert f'class="style-{style}"' in html and f"p.style-{style} " in designed, style
    assert 'class="style-plain' in html and "table.style-plain " in css
    for align in ALIGNMENTS:
        assert f'class="align-{align}"' in html and f".align-{align} " in css
    for page_size in PAGE_SIZES:
        assert f"body.page-{page_size} " in css
