"""Diagrams drawn with Graphviz's ``dot``, as SVG (HTML, PDF) and PNG (DOCX):
a process's flow (:mod:`generator.model.process`) and a document's structure.

One drawing per stage ("ETAPA I", "ETAPA II", …), so that each fits a page
with legible text: its steps run top to bottom, activities as boxes,
decisions as diamonds with "SÍ" / "NO" edges, each step's records in a note
beside it. An edge to another stage ends in a numbered connector; the
connector of the same number leads into its target in the target's
drawing. The DOT text depends only on the process, so the same process
gives the same drawings.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import graphviz

from ..errors import Pos, Problem, UserError
from ..model.process import END, START, Process, Step
from ..model.scheme import roman

FONT = "Arial"  # Liberation Sans where Arial is absent: the same metrics
PNG_DPI = 200
#: Characters per line of a node's label.
WRAP = {"activity": 34, "decision": 40, "record": 28, "part": 44}
YES, NO = "SÍ", "NO"
START_LABEL, END_LABEL = "Inicio", "Fin"
STAGE_LABEL = "ETAPA {n}"
GRAPH = {"rankdir": "TB", "nodesep": "0.3", "ranksep": "0.22", "pad": "0.1",
         "fontname": FONT, "fontsize": "12", "labelloc": "t"}
NODE = {"fontname": FONT, "fontsize": "10", "margin": "0.1,0.05", "style": "filled",
        "fillcolor": "white"}
EDGE = {"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"}
CONNECTOR = {"shape": "circle", "width": "0.3", "fixedsize": "true", "fontsize": "9",
             "fillcolor": "#d9d9d9"}
RECORD = {"shape": "note", "fontsize": "8", "fillcolor": "#fffbe6"}
MISSING_DOT = ("Graphviz 'dot' not found, needed to draw the flow diagram "
               "(install Debian's graphviz package: apt-get install graphviz)")
SVG_SIZE = re.compile(r'<svg width="(?P<w>[\d.]+)pt" height="(?P<h>[\d.]+)pt"')


@dataclass(frozen=True)
class Drawing:
    svg: str
    png: bytes

    def aspect(self) -> float:
        """Height over width, from the SVG's size."""
        width, height = self._size()
        return height / width

    def svg_at(self, width_cm: float) -> str:
        """The SVG sized to print ``width_cm`` wide (the drawing scales: it has a
        viewBox), so that it prints at that size wherever CSS does not size it."""
        height_cm = width_cm * self.aspect()
        return SVG_SIZE.sub(f'<svg width="{width_cm:g}cm" height="{height_cm:.2f}cm"',
                            self.svg, count=1)

    def _size(self) -> tuple[float, float]:
        match = SVG_SIZE.search(self.svg)
        assert match, "dot writes the size on the <svg> element"
        return float(match["w"]), float(match["h"])


def stage_graphs(process: Process) -> list[graphviz.Digraph]:
    """One graph per stage, connectors numbered by target in the order of the flow."""
    stage_of = {START: 1, **{step.id: number for number, step in process.steps()}}
    order = list(stage_of)
    stage_of[END] = stage_of[order[-1]]
    graphs = [_stage_graph(number) for number in range(1, len(process.stages) + 1)]
    graphs[0].node(START, START_LABEL, shape="oval")
    graphs[stage_of[END] - 1].node(END, END_LABEL, shape="oval")
    for number, step in process.steps():
        _step_nodes(graphs[number - 1], process, step)
    connectors: dict[str, int] = {}
    for i, edge in enumerate(process.edges()):
        attrs = {} if edge.answer is None else {"xlabel": YES if edge.answer else NO}
        graph = graphs[stage_of[edge.source] - 1]
        if stage_of[edge.source] == stage_of[edge.target]:
            if edge.target in order and order.index(edge.target) <= order.index(edge.source):
                attrs["constraint"] = "false"  # a loop back must not pull the layout
            graph.edge(edge.source, edge.target, **attrs)
            continue
        if edge.target not in connectors:
            connectors[edge.target] = len(connectors) + 1
            target = graphs[stage_of[edge.target] - 1]
            target.node(f"in-{connectors[edge.target]}", str(connectors[edge.target]),
                        **CONNECTOR)
            target.edge(f"in-{connectors[edge.target]}", edge.target)
        out = f"out-{i}"
        graph.node(out, str(connectors[edge.target]), **CONNECTOR)
        graph.edge(edge.source, out, **attrs)
    return graphs


def _stage_graph(number: int) -> graphviz.Digraph:
    graph = graphviz.Digraph(f"etapa_{number}", graph_attr=GRAPH, node_attr=NODE,
                             edge_attr=EDGE)
    graph.attr(label=STAGE_LABEL.format(n=roman(number)))
    return graph


def _step_nodes(graph: graphviz.Digraph, process: Process, step: Step) -> None:
    if step.is_decision:
        graph.node(step.id, _wrap(step.name, "decision"), shape="diamond")
    else:
        graph.node(step.id, _wrap(step.name, "activity"), shape="box", style="rounded,filled")
    records = process.step_records(step)
    if records:
        note = f"{step.id}-registros"
        graph.node(note, "\n".join(_wrap(r.name, "record") for r in records), **RECORD)
        graph.edge(step.id, note, style="dashed", arrowhead="none")
        with graph.subgraph() as row:
            row.attr(rank="same")
            row.node(step.id)
            row.node(note)


def structure_graph(title: str, parts: list[str]) -> graphviz.Digraph:
    """A document's structure: its title, and from it each of its parts
    ("1 Objetivo", "2 Alcance", …) in order, top to bottom."""
    graph = graphviz.Digraph(graph_attr={**GRAPH, "rankdir": "LR", "ranksep": "0.5"},
                             node_attr={**NODE, "shape": "box"}, edge_attr=EDGE)
    graph.node("document", _wrap(title, "part"), fillcolor="#d9d9d9")
    for index, part in enumerate(parts):
        graph.node(f"part{index}", _wrap(part, "part"), width="3.2")
        graph.edge("document", f"part{index}")
    return graph


def _wrap(text: str, kind: str) -> str:
    """``text`` on lines of at most ``WRAP[kind]`` characters; a backslash stays
    one (DOT would read ``\\l`` as an escape)."""
    return "\n".join(graphviz.escape(line)
                     for line in textwrap.wrap(text, WRAP[kind], break_on_hyphens=False))


def draw(graph: graphviz.Digraph, pos: Pos) -> Drawing:
    """Run Graphviz on ``graph``; a missing ``dot`` is a user error at ``pos``."""
    sharp = graph.copy()
    sharp.attr(dpi=str(PNG_DPI))
    try:
        return Drawing(svg=graph.pipe(format="svg", encoding="utf-8"),
                       png=sharp.pipe(format="png"))
    except graphviz.ExecutableNotFound:
        raise UserError([Problem(pos, MISSING_DOT)]) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise UserError([Problem(pos, f"Graphviz could not draw the diagram: {detail}")]) from None
