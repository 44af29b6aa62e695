"""Time the PDF writers on a two-page decree built by hand: the Typst writer
(the default engine), the WeasyPrint writer and the WeasyPrint variants tried
while choosing it. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_pdf_writer.py [renders]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from typing import Callable

import pypdf
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration

from generator.model.document import (
    Cell, Document, Field, FieldBlock, Meta, NumberedParagraph, Paragraph, SignatureBlock,
    Signer, Strong, Table, Text,
)
from generator.writers import Options, renderer
from generator.writers.html import HtmlRenderer, render_html
from generator.writers.pdf import pdf_bytes

SERVICES = ["Servicio de Impuestos Internos", "Dirección de Presupuestos", "Tesorería General",
            "Servicio Nacional de Aduanas", "Dirección de Compras Públicas",
            "Superintendencia de Valores", "Casa de Moneda"]


def decree(n: int) -> Document:
    """A decree of about two Carta pages, already numbered."""
    considering = [
        NumberedParagraph("con", [Text(f"Que, {text} del servicio N° {n}.")], display=f"{i}.-")
        for i, text in enumerate([
            "el artículo 6° de la Ley N° 19.553 dispone que el cumplimiento de los objetivos de "
            "gestión comprometidos en un Programa Anual dará derecho a un incremento por "
            "desempeño institucional",
            "por Decreto N° 334 de 2012 se fijó el Programa Marco de los Programas de "
            "Mejoramiento de la Gestión para el año 2013, que contiene las áreas y sistemas",
            "la institución presentó su propuesta de compromisos, la que fue revisada por la red "
            "de expertos y aprobada por el Comité Triministerial",
        ], start=1)]
    head = [[Cell([Text(h)], align="center") for h in
             ("Área", "Sistema", "Etapa", "Prioridad", "Ponderador")]]
    rows = [[Cell([Text("Planificación y Control de Gestión")]), Cell([Text(f"Sistema {i}")]),
             Cell([Text(str(i % 4 + 1))], align="center"), Cell([Text("Alta")], align="center"),
             Cell([Text(f"{10 + i} %")], align="right")] for i in range(1, 7)]
    rows.append([Cell([Strong([Text("Total")])], colspan=4), Cell([Text("100 %")], align="right")])
    articles = [
        NumberedParagraph("art", [Text(
            f"Fíjanse para {SERVICES[n % len(SERVICES)]} los objetivos de gestión "
            "comprometidos para el año 2013, con las prioridades y ponderadores siguientes:")],
            display="Artículo 1°.-"),
        Table(head, rows, caption=[Text("Compromisos de gestión 2013")], display="Cuadro 1"),
        NumberedParagraph("art", [Text(
            "El grado de cumplimiento de los objetivos será evaluado conforme al procedimiento "
            "establecido en el Decreto N° 475 de 1998, del Ministerio de Hacienda, sobre la base "
            "de los medios de verificación informados por la institución.")],
            display="Artículo 2°.-"),
    ]
    vistos = Paragraph([Strong([Text("VISTOS: ")]), Text(
        "Lo dispuesto en la Ley N° 19.553; en el Decreto N° 475 de 1998, del Ministerio de "
        "Hacienda; en la Ley N° 20.641 de Presupuestos del Sector Público para el año 2013; "
        "y en "
        "la Resolución N° 1.600 de 2008, de la Contraloría General de la República. " * 3)])
    blocks = [
        Paragraph([Text("MINISTERIO DE HACIENDA")], style="stamp"),
        FieldBlock([Field("MAT.:", [Text("Fija objetivos de gestión año 2013.")])]),
        Paragraph([Text("SANTIAGO, 28 DIC 2012")], style="right"),
        Paragraph([Text(f"DECRETO EXENTO N° {100 + n}")], style="title"),
        vistos,
        Paragraph([Strong([Text("CONSIDERANDO:")])]),
        *considering,
        Paragraph([Strong([Text("DECRETO:")])]),
        *articles,
        Paragraph([Text("ANÓTESE Y COMUNÍQUESE")], style="stamp"),
        SignatureBlock([Signer("FELIPE LARRAÍN BASCUÑÁN", "Ministro de Hacienda"),
                        Signer("RODRIGO HINZPETER", "Ministro del Interior")]),
    ]
    meta = Meta(id=f"decree-{n}", kind="decree", title=f"Decreto exento N° {100 + n}",
                date=dt.date(2012, 12, 28), header="Ministerio de Hacienda")
    return Document(meta, blocks)


def best_per_document(render: Callable[[int], object], count: int, rounds: int) -> float:
    """Milliseconds per document, best of ``rounds`` runs over ``count`` documents."""
    render(0)  # warm up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for n in range(count):
            render(n)
        best = min(best, (time.perf_counter() - start) / count)
    return 1000 * best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rounds = 3
    documents = [decree(n) for n in range(count)]
    pages = len(pypdf.PdfReader(io.BytesIO(pdf_bytes(documents[0]))).pages)
    subsetter = ("HarfBuzz" if harfbuzz_subset is not None
                 else "fontTools (slow: install libharfbuzz-subset0)")
    print(f"{count} {pages}-page decrees, best of {rounds} rounds, one process "
          f"(WeasyPrint {weasyprint.__version__}; fonts subset by {subsetter})\n")

    font_config = FontConfiguration()
    page_writer = HtmlRenderer()
    css = CSS(string=page_writer.print_css, font_config=font_config)
    bare = [page_writer.page(d, embed_css=False) for d in documents]
    embedded = [render_html(d) for d in documents]

    def cached(**options: object) -> Callable[[int], object]:
        return lambda n: HTML(string=bare[n]).write_pdf(
            stylesheets=[css], font_config=font_config, **options)

    def split(n: int) -> object:
        laid_out = HTML(string=bare[n]).render(stylesheets=[css], font_config=font_config)
        return laid_out.write_pdf()

    variants: list[tuple[str, Callable[[int], object]]] = [
        ("render_html only", lambda n: render_html(documents[n])),
        ("naive: CSS in <style>, new FontConfiguration each",
         lambda n: HTML(string=embedded[n]).write_pdf()),
        ("CSS in <style>, shared FontConfiguration",
         lambda n: HTML(string=embedded[n]).write_pdf(font_config=font_config)),
        ("cached CSS object + shared FontConfiguration", cached()),
        ("  ... + uncompressed_pdf=True", cached(uncompressed_pdf=True)),
        ("  ... + optimize_images=False, presentational_hints=False",
         cached(optimize_images=False, presentational_hints=False)),
        ("  ... + pdf_variant=None, pdf_tags=False", cached(pdf_variant=None, pdf_tags=False)),
        ("  ... as render() then Document.write_pdf()", split),
        ("the writer: generator.writers.pdf.pdf_bytes", lambda n: pdf_bytes(documents[n])),
    ]
    for label, render in variants:
        print(f"{label:<58} {best_per_document(render, count, rounds):7.1f} ms/document")
    start = time.perf_counter()
    typst = renderer("pdf", Options("typst"))
    made = time.perf_counter() - start
    typst_pages = len(pypdf.PdfReader(io.BytesIO(typst.render(documents[0]))).pages)
    print(f"{'the Typst writer (' + str(typst_pages) + ' pages; made in ' + f'{1000 * made:.0f} ms)':<58} "
          f"{best_per_document(lambda n: typst.render(documents[n]), count, rounds):7.1f} ms/document")

    layout = best_per_document(
        lambda n: HTML(string=bare[n]).render(stylesheets=[css], font_config=font_config),
        count, rounds)
    laid_out = [HTML(string=html).render(stylesheets=[css], font_config=font_config)
                for html in bare]
    write = best_per_document(lambda n: laid_out[n].write_pdf(), count, rounds)
    print(f"{'  of which layout / write':<58} {layout:7.1f} / {write:.1f} ms")

    batch(documents, css, font_config)


def batch(documents: list[Document], css: CSS, font_config: FontConfiguration) -> None:
    """All documents (of equal length) in one HTML, one layout, then one PDF
    per document from its pages. Only measured, not used: WeasyPrint ignores
    ``counter-reset: page`` on elements; alternating named pages with
    ``@page :nth(1 of name) { counter-reset: page 1 }`` restart the page
    number, but ``counter(pages)`` stays the batch total ("Página 1 de 100")."""
    bodies = []
    page_writer = HtmlRenderer()
    for document in documents:
        page = page_writer.page(document, embed_css=False)
        bodies.append('<div class="batch-document">'
                      + page.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
                      + "</div>")
    html = ("<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>lote</title>"
            "</head><body class=\"page-letter\">" + "".join(bodies) + "</body></html>")
    batch_css = CSS(string=".batch-document + .batch-document { break-before: page }",
                    font_config=font_config)
    start = time.perf_counter()
    laid_out = HTML(string=html).render(stylesheets=[css, batch_css], font_config=font_config)
    layout = time.perf_counter() - start
    per_document_pages = len(laid_out.pages) // len(documents)
    start = time.perf_counter()
    for n in range(len(documents)):
        first = n * per_document_pages
        laid_out.copy(laid_out.pages[first:first + per_document_pages]).write_pdf()
    write = time.perf_counter() - start
    count = len(documents)
    print(f"{'one HTML for all, then copy(pages).write_pdf() per doc':<58} "
          f"{1000 * (layout + write) / count:7.1f} ms/document "
          f"(layout {1000 * layout / count:.1f} + write {1000 * write / count:.1f})")


if __name__ == "__main__":
    main()
