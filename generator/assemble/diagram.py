"""Diagrams drawn with Graphviz's ``dot``, as SVG (HTML, PDF) and PNG (DOCX):
a process's flow (:mod:`generator.model.process`) and a document's structure.

One drawing per stage ("ETAPA I", "ETAPA II", …), so that each fits a page
with legible text: its steps run top to bottom, activities as boxes,
decisions as diamonds whose "SÍ" / "NO" stand beside the edges where they
leave the diamond, each step's records in a note beside it. A stage whose
drawing would print text smaller than :data:`MIN_TEXT_PT` is drawn in parts
("ETAPA IV (parte 1 de 2)", …) of consecutive steps (:func:`legible_flow`).
An edge to another drawing ends in a numbered connector; the connector of
the same number leads into its target in the target's drawing.

Each SVG carries a ``<title>`` and a ``<desc>`` made from the process (the
stage, its steps in order, where each goes), for screen readers. The DOT
text depends only on the process, so the same process gives the same
drawings.
"""

from __future__ import annotations

import functools
import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import graphviz

from ..errors import Pos, Problem, UserError
from ..model.process import END, START, Edge, Process, Step
from ..model.scheme import roman

FONT = "Arial"  # Liberation Sans where Arial is absent: the same metrics
PNG_DPI = 200
#: No text of a drawing prints smaller than this, in points, at its placed size.
MIN_TEXT_PT = 8.0
#: Characters per line of a node's label (a diamond is about twice as wide
#: as its text: decisions wrap shorter, so that they do not widen the drawing).
WRAP = {"activity": 38, "decision": 30, "record": 28, "part": 44}
YES, NO = "SÍ", "NO"
START_LABEL, END_LABEL = "Inicio", "Fin"
STAGE_LABEL = "ETAPA {n}"
PART_LABEL = "{stage} (parte {part} de {parts})"
GRAPH = {"rankdir": "TB", "nodesep": "0.3", "ranksep": "0.2", "pad": "0.1",
         "fontname": FONT, "fontsize": "12", "labelloc": "t"}
NODE = {"fontname": FONT, "fontsize": "10", "margin": "0.1,0.05", "style": "filled",
        "fillcolor": "white"}
EDGE = {"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"}
#: A decision's answer stands beside its edge where it leaves the diamond,
#: ``labeldistance`` × 10 pt away, ``labelangle`` degrees counter-clockwise
#: from the edge (right of an edge down; above an edge back up, which is drawn
#: from its other end and so turned clockwise)...
ANSWER = {"labelangle": "60", "labeldistance": "1.3"}
#: ... and, out of the diamond's right corner, above the corner.
SIDE_ANGLE = "80"
CONNECTOR = {"shape": "circle", "width": "0.3", "fixedsize": "true", "fontsize": "9",
             "fillcolor": "#d9d9d9"}
#: A diamond's margin around its text: wide, so that the ends of the first and
#: last lines keep clear of its sloping sides; low, as the diamond's height
#: grows with it.
DECISION = {"shape": "diamond", "margin": "0.15,0.03"}
RECORD = {"shape": "note", "fontsize": "8", "fillcolor": "#fffbe6"}
MISSING_DOT = ("Graphviz 'dot' not found, needed to draw the flow diagram "
               "(install Debian's graphviz package: apt-get install graphviz)")
SVG_SIZE = re.compile(r'<svg width="(?P<w>[\d.]+)pt" height="(?P<h>[\d.]+)pt"')
GRAPH_TITLE = re.compile(r'(<g id="graph0" class="graph"[^>]*>\s*)<title>[^<]*</title>')
SVG_NS = "{http://www.w3.org/2000/svg}"
PT_PER_CM = 72 / 2.54

# The texts a screen reader reads for a drawing (its <title> and <desc>).
FLOW_TITLE = "{process}: diagrama de flujo, {part}"
FLOW_INTRO = "Pasos de la {part}, de arriba abajo."
STRUCTURE_TITLE = "Estructura del documento «{title}»"
STRUCTURE_DESC = "«{title}» se divide en: {parts}."
GOES_ON, GOES_BACK = "sigue en {target}", "vuelve a {target}"
ANSWERS = "si la respuesta es sí, {yes}; si es no, {no}"
RECORDS = {1: "registro: {names}", 2: "registros: {names}"}
CONNECTOR_TARGET = "{target}, en la {part}, por el conector {n}"
CONNECTOR_IN = "El conector {n} lleva a {target}."


@dataclass(frozen=True)
class Part:
    """One drawing of the flow: a stage's steps, or some of them (``part`` of ``parts``)."""

    stage: int
    part: int
    parts: int
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        stage = STAGE_LABEL.format(n=roman(self.stage))
        return stage if self.parts == 1 else PART_LABEL.format(stage=stage, part=self.part,
                                                               parts=self.parts)


@dataclass(frozen=True)
class Chart:
    """A graph to draw, with the title and the description its SVG carries and
    the label it is drawn under (a stage or a part of one; none for a structure)."""

    graph: graphviz.Digraph
    title: str
    description: str
    label: str = ""


@dataclass(frozen=True)
class Drawing:
    svg: str
    png: bytes

    def aspect(self) -> float:
        """Height over width, from the SVG's size."""
        width, height = self._size()
        return height / width

    def width_cm(self) -> float:
        """The drawing's natural width (its SVG's, in points) in centimetres."""
        return self._size()[0] / PT_PER_CM

    def smallest_text(self) -> float:
        """The smallest font size of the drawing's texts, in points at its natural size."""
        root = ET.fromstring(self.svg)
        return min(float(text.get("font-size", "14")) for text in root.iter(f"{SVG_NS}text"))

    def printed_text(self, width_cm: float) -> float:
        """The smallest text's size in points with the drawing printed ``width_cm`` wide."""
        return self.smallest_text() * width_cm / self.width_cm()

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


# ------------------------------------------------------------ the flow


def flow_parts(process: Process, cuts: Mapping[int, Sequence[int]] | None = None) -> list[Part]:
    """The drawings of the flow: each stage whole, or cut in parts of
    ``cuts[stage]`` consecutive steps each (stages numbered from 1)."""
    parts: list[Part] = []
    for number, stage in enumerate(process.stages, start=1):
        sizes = (cuts or {}).get(number) or [len(stage.steps)]
        assert sum(sizes) == len(stage.steps) and min(sizes) > 0, sizes
        start = 0
        for part, size in enumerate(sizes, start=1):
            parts.append(Part(number, part, len(sizes), tuple(stage.steps[start:start + size])))
            start += size
    return parts


def flow_charts(process: Process, cuts: Mapping[int, Sequence[int]] | None = None) -> list[Chart]:
    """One chart per part of the flow (:func:`flow_parts`), connectors
    numbered by target in the order of the flow."""
    parts = flow_parts(process, cuts)
    drawing_of = {START: 0, **{step.id: index for index, part in enumerate(parts)
                              for step in part.steps}}
    order = list(drawing_of)
    drawing_of[END] = drawing_of[order[-1]]
    following = dict(zip(order, order[1:]))
    names = {START: START_LABEL, END: END_LABEL, **{s.id: s.name for _, s in process.steps()}}
    graphs = [_flow_graph(index, part) for index, part in enumerate(parts)]
    graphs[0].node(START, START_LABEL, shape="oval")
    graphs[drawing_of[END]].node(END, END_LABEL, shape="oval")
    for index, part in enumerate(parts):
        for step in part.steps:
            _step_nodes(graphs[index], process, step)
    connectors: dict[str, int] = {}
    goes: dict[str, dict[bool | None, str]] = {}  # where each edge goes, for the description
    for i, edge in enumerate(process.edges()):
        graph = graphs[drawing_of[edge.source]]
        back = edge.target in order and order.index(edge.target) <= order.index(edge.source)
        target = f"«{names[edge.target]}»"
        if drawing_of[edge.source] == drawing_of[edge.target]:
            _edge(graph, edge, edge.target, back=back,
                  down=following.get(edge.source) == edge.target)
        else:
            if edge.target not in connectors:
                connectors[edge.target] = len(connectors) + 1
                into = graphs[drawing_of[edge.target]]
                into.node(f"in-{connectors[edge.target]}", str(connectors[edge.target]),
                          **CONNECTOR)
                into.edge(f"in-{connectors[edge.target]}", edge.target)
            out = f"out-{i}"
            graph.node(out, str(connectors[edge.target]), **CONNECTOR)
            _edge(graph, edge, out, back=False, down=following.get(edge.source) == edge.target)
            target = CONNECTOR_TARGET.format(target=target, n=connectors[edge.target],
                                             part=parts[drawing_of[edge.target]].label)
        goes.setdefault(edge.source, {})[edge.answer] = (GOES_BACK if back else GOES_ON).format(
            target=target)
    charts = []
    for index, (part, graph) in enumerate(zip(parts, graphs)):
        sentences = [FLOW_INTRO.format(part=part.label)]
        if index == 0:
            sentences.append(_sentence(process, START_LABEL, START, goes[START]))
        sentences += [CONNECTOR_IN.format(n=n, target=f"«{names[target]}»")
                      for target, n in connectors.items() if drawing_of[target] == index]
        sentences += [_sentence(process, step.name, step.id, goes[step.id])
                      for step in part.steps]
        charts.append(Chart(graph, FLOW_TITLE.format(process=process.name, part=part.label),
                            " ".join(sentences), part.label))
    return charts


def _flow_graph(index: int, part: Part) -> graphviz.Digraph:
    graph = graphviz.Digraph(f"flujo_{index + 1}", graph_attr=GRAPH, node_attr=NODE,
                             edge_attr=EDGE)
    graph.attr(label=part.label)
    return graph


def _edge(graph: graphviz.Digraph, edge: Edge, target: str, *, back: bool, down: bool) -> None:
    """``edge`` to ``target``, a decision's answer beside it where it leaves the
    diamond. A decision's way forward other than to the next step leaves by its
    right corner. An edge back up runs on the left of the steps (the records'
    notes are on the right: dot puts a flat edge's head right of its tail) into
    the left side of its target: given reversed, drawn backwards
    (``dir=back``), without weight, so that dot routes it around the steps
    between, longer loops outside shorter ones, without moving the steps."""
    answer = {} if edge.answer is None else {"label": YES if edge.answer else NO, **ANSWER}
    if back:
        attrs = {"dir": "back", "weight": "0", "tailport": "w"}
        if answer:
            attrs.update(headlabel=answer["label"], labeldistance=answer["labeldistance"],
                         labelangle=f"-{answer['labelangle']}")
        graph.edge(target, edge.source, **attrs)
        return
    attrs = {}
    if answer:
        attrs.update(taillabel=answer["label"], labeldistance=answer["labeldistance"],
                     labelangle=answer["labelangle"])
        if not down:
            attrs.update(tailport="e", labelangle=SIDE_ANGLE)
    graph.edge(edge.source, target, **attrs)


def _sentence(process: Process, name: str, node: str,
              goes: dict[bool | None, str]) -> str:
    records = [r.name for _, step in process.steps() if step.id == node
               for r in process.step_records(step)]
    subject = f"«{name}»"
    if records:
        subject += f" ({RECORDS[min(len(records), 2)].format(names=', '.join(records))})"
    if None in goes:
        return f"{subject}: {goes[None]}."
    return f"{subject}: {ANSWERS.format(yes=goes[True], no=goes[False])}."


def _step_nodes(graph: graphviz.Digraph, process: Process, step: Step) -> None:
    # the steps in one group: dot keeps them in one straight column
    if step.is_decision:
        graph.node(step.id, _wrap(step.name, "decision"), group="flujo", **DECISION)
    else:
        graph.node(step.id, _wrap(step.name, "activity"), group="flujo", shape="box",
                   style="rounded,filled")
    records = process.step_records(step)
    if records:
        note = f"{step.id}-registros"
        graph.node(note, "\n".join(_wrap(r.name, "record") for r in records), **RECORD)
        graph.edge(step.id, note, style="dashed", arrowhead="none")
        with graph.subgraph() as row:
            row.attr(rank="same")
            row.node(step.id)
            row.node(note)


def legible_flow(process: Process, pos: Pos,
                 width_cm: Callable[[Drawing], float]) -> list[tuple[Chart, Drawing]]:
    """The flow's charts and drawings: each stage whole if its drawing, placed
    ``width_cm(drawing)`` wide, prints no text under :data:`MIN_TEXT_PT`, and
    otherwise cut in the fewest parts that do, as even as they can be. A step
    too large to print legibly even alone is an error at its line."""
    svgs: dict[str, str] = {}  # by DOT text

    def svg(chart: Chart) -> str:
        source = chart.graph.source
        if source not in svgs:
            svgs[source] = _pipe(chart.graph, pos, "svg").decode("utf-8")
        return svgs[source]

    cuts: dict[int, tuple[int, ...]] = {}
    for number, stage in enumerate(process.stages, start=1):
        cuts[number] = _cut(len(stage.steps), _fitting(process, cuts, number, svg, width_cm))
    return [(chart, draw(chart, pos, svg(chart))) for chart in flow_charts(process, cuts)]


def _fitting(process: Process, cuts: dict[int, tuple[int, ...]], number: int,
             svg: Callable[[Chart], str],
             width_cm: Callable[[Drawing], float]) -> Callable[[int, int], bool]:
    """Whether steps ``start`` to ``end`` of stage ``number``, drawn as one part
    (the stages before cut as ``cuts`` says), print legibly ``width_cm`` wide.
    The rest of the flow changes only the connectors' numbers in the part's
    drawing, not its size."""
    stage = process.stages[number - 1]

    @functools.cache
    def fits(start: int, end: int) -> bool:
        sizes = tuple(size for size in (start, end - start, len(stage.steps) - end) if size)
        index = sum(len(cuts[n]) for n in range(1, number)) + (start > 0)
        drawing = Drawing(svg(flow_charts(process, {**cuts, number: sizes})[index]), b"")
        printed = drawing.printed_text(width_cm(drawing))
        if end - start == 1 and printed < MIN_TEXT_PT:
            step = stage.steps[start]
            raise UserError([Problem(step.pos(), (
                f"step '{step.id}' is too large to draw legibly even alone (its smallest "
                f"text would print at {printed:.1f} pt, under {MIN_TEXT_PT:g} pt): shorten "
                "its name or its records' names"))])
        return printed >= MIN_TEXT_PT

    return fits


def _cut(count: int, fits: Callable[[int, int], bool]) -> tuple[int, ...]:
    """How many of ``count`` steps go in each part: the fewest parts, found by
    taking, part after part, the most steps that ``fits``; and then as even as
    they can be, taking so at most as many steps as needed to keep that few."""

    def greedy(most: int) -> list[int]:
        sizes: list[int] = []
        while sum(sizes) < count:
            start = sum(sizes)
            size = min(most, count - start)
            while size > 1 and not fits(start, start + size):
                size -= 1
            fits(start, start + size)  # an error if one step alone does not fit
            sizes.append(size)
        return sizes

    fewest = len(greedy(count))
    return next(tuple(sizes) for most in range(-(-count // fewest), count + 1)
                if len(sizes := greedy(most)) == fewest)


# ------------------------------------------------------------ a document's structure


def structure_chart(title: str, parts: list[str]) -> Chart:
    """A document's structure: its title, and from it each of its parts
    ("1 Objetivo", "2 Alcance", …) in order, top to bottom."""
    graph = graphviz.Digraph("estructura",
                             graph_attr={**GRAPH, "rankdir": "LR", "ranksep": "0.5"},
                             node_attr={**NODE, "shape": "box"}, edge_attr=EDGE)
    graph.node("document", _wrap(title, "part"), fillcolor="#d9d9d9")
    for index, part in enumerate(parts):
        graph.node(f"part{index}", _wrap(part, "part"), width="3.2")
        graph.edge("document", f"part{index}")
    return Chart(graph, STRUCTURE_TITLE.format(title=title),
                 STRUCTURE_DESC.format(title=title, parts="; ".join(parts)))


# ------------------------------------------------------------ drawing


def _wrap(text: str, kind: str) -> str:
    """``text`` on lines of at most ``WRAP[kind]`` characters; a backslash stays
    one (DOT would read ``\\l`` as an escape). A step's name is wrapped as
    narrow as it can be on as few lines, so that its lines are even and its
    box, or its diamond, no wider than it needs to be."""
    width = WRAP[kind]
    lines = textwrap.wrap(text, width, break_on_hyphens=False)
    if kind in ("activity", "decision"):
        longest = max(map(len, text.split()), default=width)
        width = next(w for w in range(min(longest, width), width + 1)
                     if len(textwrap.wrap(text, w, break_on_hyphens=False)) == len(lines))
        lines = textwrap.wrap(text, width, break_on_hyphens=False)
    return "\n".join(graphviz.escape(line) for line in lines)


def draw(chart: Chart, pos: Pos, svg: str | None = None) -> Drawing:
    """Run Graphviz on ``chart``'s graph (for the PNG only, given the SVG dot
    made of it); a missing ``dot`` is a user error at ``pos``. The SVG gets the
    chart's title and description, for screen readers."""
    sharp = chart.graph.copy()
    sharp.attr(dpi=str(PNG_DPI))
    if svg is None:
        svg = _pipe(chart.graph, pos, "svg").decode("utf-8")
    return Drawing(svg=_described(svg, chart.title, chart.description),
                   png=_pipe(sharp, pos, "png"))


def _pipe(graph: graphviz.Digraph, pos: Pos, format: str) -> bytes:
    try:
        return graph.pipe(format=format)
    except graphviz.ExecutableNotFound:
        raise UserError([Problem(pos, MISSING_DOT)]) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise UserError([Problem(pos, f"Graphviz could not draw the diagram: {detail}")]) from None


def _described(svg: str, title: str, description: str) -> str:
    """``svg`` with ``title`` and ``description`` as the root's first children
    (what names and describes it to a screen reader, the root marked as an image
    with ``role="img"``), and the graph's own title, which dot takes from the
    graph's id, replaced by ``title``."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = (f'{svg[start:end]} role="img">\n<title>{_xml(title)}</title>\n'
            f'<desc>{_xml(description)}</desc>')
    rest = GRAPH_TITLE.sub(lambda match: f"{match[1]}<title>{_xml(title)}</title>",
                           svg[end + 1:], count=1)
    return svg[:start] + root + rest


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
