"""The reference the decree build is measured against: what a team would do
without marco, per decree a docxtpl render of a Word template and a Jinja2 →
WeasyPrint render of an HTML template (no numbering passes, no manifest)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from docx import Document as WordDocument

HTML = jinja2.Template("""<!doctype html><html lang="es"><head><meta charset="utf-8">
<style>@page { size: letter; margin: 2.5cm; @bottom-center { content: "Página " counter(page) " de " counter(pages); } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; text-align: justify; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #444; padding: 3pt; }
h1 { font-size: 12pt; text-align: center; }</style></head><body>
<p>{{ ministry }}</p><h1>{{ title }}</h1><p>SANTIAGO,</p><p><b>DECRETO N°</b></p>
<p><b>VISTOS:</b> {{ vistos }}</p><p><b>CONSIDERANDO:</b></p>
{% for c in considerandos %}<p>{{ loop.index }}.- {{ c }}</p>{% endfor %}
<p><b>DECRETO:</b></p><p>Artículo 1°.- {{ article }}</p>
<table><tr><th>Área</th><th>Sistema</th><th>Etapa / Objetivos</th><th>Prioridad</th><th>Ponderador</th></tr>
{% for r in rows %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
<p>Artículo 2°.- {{ verification }}</p><p>ANÓTESE, TÓMESE RAZÓN Y PUBLÍQUESE</p>
{% for s in signers %}<p>{{ s }}</p>{% endfor %}</body></html>""", autoescape=True)


def make_word_template(path: Path) -> Path:
    """A docxtpl template of the decree, made with python-docx."""
    doc = WordDocument()
    doc.add_paragraph("{{ ministry }}")
    doc.add_heading("{{ title }}", level=1)
    doc.add_paragraph("SANTIAGO,")
    doc.add_paragraph("DECRETO N°")
    doc.add_paragraph("VISTOS: {{ vistos }}")
    doc.add_paragraph("CONSIDERANDO:")
    doc.add_paragraph("{%p for c in considerandos %}")
    doc.add_paragraph("{{ loop.index }}.- {{ c }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("DECRETO:")
    doc.add_paragraph("Artículo 1°.- {{ article }}")
    table = doc.add_table(rows=4, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Área", "Sistema", "Etapa / Objetivos",
                                                  "Prioridad", "Ponderador"]):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in rows %}"
    for i, cell in enumerate(table.rows[2].cells):
        cell.text = f"{{{{ r[{i}] }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("Artículo 2°.- {{ verification }}")
    doc.add_paragraph("ANÓTESE, TÓMESE RAZÓN Y PUBLÍQUESE")
    doc.add_paragraph("{%p for s in signers %}")
    doc.add_paragraph("{{ s }}")
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
