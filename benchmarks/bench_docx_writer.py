"""Time the DOCX writer on a two-page decree-like document.

    .venv/bin/python benchmarks/bench_docx_writer.py [writes]

Prints milliseconds per document, in one process, after a first document
that loads the reference (also printed). Asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from generator.model.document import (
    Cell, Document, Field, FieldBlock, Footnote, FootnoteRef, Meta, NumberedParagraph,
    Paragraph, Ref, Signer, SignatureBlock, Strong, Table, Text,
)
from generator.writers.docx import docx_bytes

CONSIDERING = ("Que, el artículo 6° de la Ley N° 19.553 establece que el cumplimiento de "
               "objetivos de gestión dará derecho a los funcionarios a un incremento por "
               "desempeño institucional, según el grado de cumplimiento alcanzado & informado.")
ARTICLE = ("Apruébanse los objetivos de gestión comprometidos por la institución para el año "
           "2025, en el marco del Programa de Mejoramiento de la Gestión, conforme se indica "
           "en el cuadro siguiente, cuyos indicadores y metas forman parte del presente decreto.")


def decree() -> Document:
    numbered = [NumberedParagraph("con", [Text(CONSIDERING)], number=(n,), display=f"{n}.-")
                for n in range(1, 7)]
    numbered[0].inlines.append(FootnoteRef("ley", number=1))
    articles = [NumberedParagraph("art", [Text(ARTICLE), Ref("tbl:obj", text="Cuadro 1")],
                                  number=(n,), display=f"Artículo {n}°.-") for n in range(1, 6)]
    articles[1].inlines.append(FootnoteRef("dipres", number=2))
    rows = [[Cell([Text(str(n))]), Cell([Text("Planificación y Control de Gestión")]),
             Cell([Text("Alta")], align="center"), Cell([Text(f"{10 + n}%")], align="right")]
            for n in range(1, 11)]
    table = Table(head=[[Cell([Text("N°")]), Cell([Text("Sistema")]), Cell([Text("Prioridad")]),
                         Cell([Text("Ponderador")])]],
                  rows=rows, caption=[Text("Objetivos de gestión 2025")], widths=[1, 6, 2, 2],
                  display="Cuadro 1", number=(1,), label="tbl:obj")
    return Document(
        meta=Meta(id="decreto-bench", kind="decree", title="Decreto de prueba",
                  date=dt.date(2024, 12, 30), header="Decreto N° 123"),
        blocks=[
            Paragraph([Text("MINISTERIO DE HACIENDA")], style="title"),
            Paragraph([Text("APRUEBA OBJETIVOS DE GESTIÓN AÑO 2025")], style="stamp"),
            FieldBlock([Field("DECRETO N°", [Text("123")]),
                        Field("SANTIAGO,", [Text("30 dic 2024")])]),
            Paragraph([Strong([Text("VISTOS:")]), Text(" " + CONSIDERING)]),
            Paragraph([Strong([Text("CONSIDERANDO:")])]),
            *numbered,
            Paragraph([Strong([Text("DECRETO:")])], style="center"),
            *articles,
            table,
            Paragraph([Text("ANÓTESE, TÓMESE RAZÓN Y PUBLÍQUESE")], style="center"),
            SignatureBlock([
                Signer("NOMBRE APELLIDO", "Ministro de Hacienda"),
                Signer("OTRO NOMBRE", "Ministra Secretaria General de la Presidencia"),
            ]),
        ],
        footnotes={"ley": Footnote("ley", [Text("Ley N° 19.553, de 1998.")], number=1),
                   "dipres": Footnote("dipres", [Text("Dirección de Presupuestos.")], number=2)},
    )


def main() -> None:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    document = decree()
    start = time.perf_counter()
    data = docx_bytes(document)  # loads and caches the reference
    print(f"first document (loads the reference): {1000 * (time.perf_counter() - start):.1f} ms, "
          f"{len(data)} bytes")
    start = time.perf_counter()
    for _ in range(writes):
        docx_bytes(document)
    total = time.perf_counter() - start
    print(f"{writes} writes: {1000 * total / writes:.2f} ms per document")


if __name__ == "__main__":
    main()
