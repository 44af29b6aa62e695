"""The reference the decree build is measured against: what a team would do
without marco, per decree a docxtpl render of a Word template and a Jinja2 →
WeasyPrint render of an HTML template (no numbering passes, no manifest). The
decrees say the same words as marco's: their text is taken from marco's."""

from __future__ import annotations

from pathlib import Path

import jinja2
from docx import Document as WordDocument

HTML = jinja2.Template("""<!doctype html><html lang="es"><head><meta charset="utf-8">
<style>@page { size: letter; margin: 2.5cm; @bottom-center { content: "Página " counter(page) " de " counter(pages); } }
body { font-family: "Liberation Sans", sans-serif; font-size: 11pt; text-align: justify; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; } td { border: 1px solid #444; padding: 3pt; }
</style></head><body>
{% for p in before %}<p>{{ p }}</p>{% endfor %}
<table>{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
{% for p in after %}<p>{{ p }}</p>{% endfor %}</body></html>""", autoescape=True)


def make_word_template(path: Path) -> Path:
    """A docxtpl template of a decree, made with python-docx: paragraphs, the
    commitments table, paragraphs."""
    doc = WordDocument()
    doc.add_paragraph("{%p for p in before %}")
    doc.add_paragraph("{{ p }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=3, cols=5)
    table.rows[0].cells[0].text = "{%tr for r in rows %}"
    for i, cell in enumerate(table.rows[1].cells):
        cell.text = f"{{{{ r[{i}] }}}}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p for p in after %}")
    doc.add_paragraph("{{ p }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(path)
    return path


def render_naive(template: Path, context: dict, target: Path) -> None:
    """docxtpl render + WeasyPrint, per document: the reference route."""
    from docxtpl import DocxTemplate
    from weasyprint import HTML as WeasyHTML

    word = DocxTemplate(template)
    word.render(context, autoescape=True)
    word.save(target.with_suffix(".docx"))
    WeasyHTML(string=HTML.render(**context)).write_pdf(target.with_suffix(".pdf"))
