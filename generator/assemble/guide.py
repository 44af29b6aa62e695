"""Technical guides: a Markdown document (``kind: guide``) and its process.

The front matter's ``data`` (:class:`GuideData`) names the framework and the
system the guide is about and the process file beside it, and gives the
wording of the process table and of the diagram's captions::

    data:
      framework: pmg-2010            # a framework id
      system: gestion-territorial    # a system of that framework
      process: proceso.yaml          # relative to the Markdown file
      tables:
        proceso:
          caption: Descripción del proceso
          columns: [Entradas, Actividades, Descripción (Resumen), Responsables, Registros]
      diagram_caption: Diagrama de flujo del proceso

The guide's Jinja context gets the framework, its year, mechanism and
systems, the process's stage numbers and the wording helpers; its data
blocks are the process table (``::: data proceso``), the flow diagram
(``::: data diagrama``, one figure per stage) and the list of records
(``::: data registros``), all made from the process, so the three can never
disagree.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field as ModelField

from ..errors import Pos, Problem, Problems, UserError, did_you_mean
from ..load.process import load_process
from ..model.base import Id, Located, Text as TextField
from ..model.content import Content
from ..model.document import (
    Block, BulletList, Cell, Document, Figure, Inline, LineBreak, ListItem, Paragraph,
    Placeholder, Section, Table, Text,
)
from ..model.process import Process, Step
from ..model.scheme import roman
from ..passes.numbering import plain_text
from ..read.markdown import FrontMatter, inline_markdown
from . import Assembly, Transform
from .diagram import STAGE_LABEL, Drawing, draw, legible_flow, structure_chart
from .expand import Builder
from .parts import (
    BUDGET_OFFICE, TableSpec, check_columns, framework_named, listing, page_data, words,
)

#: The figure that shows the guide's structure, drawn once it is numbered.
STRUCTURE = "estructura"
#: The process table's columns: inputs and records are lists of long names
#: ("gubernamentales" must fit a line of its column).
TABLE_WIDTHS = [3.8, 2.6, 4.6, 3.0, 3.0]
#: A figure is at most this wide, and at most this tall, so that it fits a
#: Carta page with its caption.
FIGURE_WIDTH_CM, FIGURE_HEIGHT_CM = 16.0, 19.0


class GuideTables(Located):
    proceso: TableSpec


class GuideData(Located):
    """The front matter ``data`` of a guide."""

    framework: Id = ModelField(description="id of the framework the guide follows")
    system: Id = ModelField(description="id of the framework's system the guide is about")
    process: TextField = ModelField(description="the process file, beside the Markdown")
    tables: GuideTables
    diagram_caption: TextField = ModelField(description="each figure adds its stage")


def setup(content: Content, front: FrontMatter) -> Assembly:
    data = page_data(GuideData, front)
    problems = Problems()
    check_columns(data.tables.proceso, 5, "proceso", problems)
    problems.raise_if_any()
    framework = framework_named(content, data.framework, data.pos("framework"))
    systems = {s.id: s for _, s in framework.systems()}
    if data.system not in systems:
        raise UserError([Problem(data.pos("system"), f"no system '{data.system}' in framework "
                                                     f"'{framework.id}'"
                                                     f"{did_you_mean(data.system, systems)}")])
    if Path(data.process).name != data.process or data.process in (".", ".."):
        raise UserError([Problem(data.pos("process"), "process: expected the name of a file "
                                                      f"beside the guide (got '{data.process}')")])
    process = load_process(Path(front.pos().path).parent / data.process)
    context = {
        "framework": framework,
        "year": framework.year,
        "mechanism": content.mechanisms[framework.mechanisms[0]],
        "system": systems[data.system],
        "systems": systems,
        "advanced": [s for s in systems.values() if s.advanced_objective],
        "basic": [s for s in systems.values() if not s.advanced_objective],
        "stages": process.stage_numbers(),
        "words": words,
        "listing": listing,
    }
    builders: dict[str, Builder] = {
        "proceso": lambda block: [process_table(process, data.tables.proceso, block)],
        "diagrama": lambda block: process_figures(process, data.diagram_caption, block),
        "registros": lambda block: [records_list(process, block)],
        STRUCTURE: lambda block: [Figure(svg="", png=b"", label=block.label, pos=block.pos,
                                         pending=STRUCTURE)],
    }
    return Assembly(context, builders, issuer=BUDGET_OFFICE)


def process_table(process: Process, spec: TableSpec, block: Placeholder) -> Table:
    """Every step, under a row for its stage: inputs, name, description
    (one line per line), responsible, records."""
    rows: list[list[Cell]] = []
    for number, stage in enumerate(process.stages, start=1):
        rows.append([Cell([Text(STAGE_LABEL.format(n=roman(number)))], colspan=len(spec.columns),
                          align="center")])
        rows += [_step_row(process, step) for step in stage.steps]
    return Table(head=[[Cell([Text(c)]) for c in spec.columns]], rows=rows,
                 caption=[Text(spec.caption)] if spec.caption else None, label=block.label,
                 widths=TABLE_WIDTHS, pos=block.pos)


def _step_row(process: Process, step: Step) -> list[Cell]:
    responsible = process.responsible(step)
    return [
        _items([(text, step.pos("inputs", i)) for i, text in enumerate(step.inputs)]),
        Cell([Text(step.name)]),
        Cell(_lines([(line, step.pos("description"))
                     for line in step.description.splitlines() if line.strip()])),
        Cell(inline_markdown(responsible.name, responsible.pos("name"))),
        _items([(r.name, r.pos("name")) for r in process.step_records(step)]),
    ]


def _items(texts: list[tuple[str, Pos]]) -> Cell:
    """A cell of inline Markdown texts, one per line: a bulleted list when
    there are several, as the source lists them."""
    return Cell(_lines(texts), listed=len(texts) > 1)


def _lines(texts: list[tuple[str, Pos]]) -> list[Inline]:
    """Inline Markdown texts, one per line."""
    inlines: list[Inline] = []
    for text, pos in texts:
        if inlines:
            inlines.append(LineBreak())
        inlines += inline_markdown(text, pos)
    return inlines


def process_figures(process: Process, caption: str, block: Placeholder) -> list[Block]:
    """The flow diagram, one figure per stage (or per part of a stage too long
    to print legibly on one page), each placed as :func:`_fitting_width` says;
    the block's label names the first."""
    figures: list[Block] = []
    for number, (chart, drawing) in enumerate(legible_flow(process, process.pos(),
                                                           _fitting_width), start=1):
        width = _fitting_width(drawing)
        figures.append(Figure(svg=drawing.svg_at(width), png=drawing.png, width_cm=width,
                              caption=[Text(f"{caption}, {chart.label}")],
                              label=block.label if number == 1 else None, pos=block.pos))
    return figures


def draw_structure(figure: Figure, document: Document) -> None:
    """The guide's structure, its title and numbered sections, drawn once the
    guide is numbered (so it shows the numbers and follows every change)."""
    parts = [f"{b.display} {plain_text(b.title)}" for b in document.blocks
             if isinstance(b, Section) and b.display]
    drawing = draw(structure_chart(document.meta.title, parts), figure.pos)
    figure.width_cm = _fitting_width(drawing)
    figure.svg, figure.png = drawing.svg_at(figure.width_cm), drawing.png


#: Post-numbering transforms, by the name a pending figure carries.
TRANSFORMS: dict[str, Transform] = {STRUCTURE: draw_structure}


def _fitting_width(drawing: Drawing) -> float:
    """As wide as the drawing is, rounded up to the millimetre, so that its
    text prints at the size it was drawn (never enlarged: every part of the
    flow prints its text alike); narrower, in whole millimetres, if that does
    not fit a page."""
    fitting = min(FIGURE_WIDTH_CM, FIGURE_HEIGHT_CM / drawing.aspect())
    natural = math.ceil(10 * drawing.width_cm()) / 10
    return natural if natural <= fitting else math.floor(10 * fitting) / 10


def records_list(process: Process, block: Placeholder) -> BulletList:
    """Every record the process names, once, in the order of the process."""
    return BulletList(items=[ListItem([Paragraph(inline_markdown(r.name, r.pos("name")))])
                             for r in process.records_in_order()], pos=block.pos)
