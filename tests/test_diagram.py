"""The process model (generator/model/process.py) and its flow diagram
(generator/assemble/diagram.py): loading with positions, the checks, the
flow, the drawings, and a missing Graphviz; and the guide's diagrams as they
print: no text under 8 pt in any writer, the answers beside their edges, a
title and a description from the process in each SVG."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from pathlib import Path
from typing import Callable

import pytest
from fontTools.ttLib import TTFont

from generator.assemble import read_document
from generator.assemble.diagram import (
    MIN_TEXT_PT, MISSING_DOT, PNG_DPI, Drawing, draw, flow_charts, legible_flow,
)
from generator.assemble.guide import FIGURE_HEIGHT_CM, FIGURE_WIDTH_CM, _fitting_width
from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.errors import Pos, UserError
from generator.kinds import KINDS
from generator.load.content import load_content
from generator.load.process import load_process
from generator.model.document import Document, Figure
from generator.model.process import END, START, Edge, Process
from generator.model.walk import iter_blocks
from generator.passes.prepare import prepare
from generator.writers.text import inline_text
from generator.writers.typst import FONT_DIRS

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
GUIDE = CONTENT / "guias" / "gestion-territorial" / "guia.md"
GUIDE_PROCESS = GUIDE.parent / "proceso.yaml"
SVG = "{http://www.w3.org/2000/svg}"
PT_PER_CM = 72 / 2.54
EMU_PER_PT = 12700

PROCESS = """\
name: Proceso de prueba
responsibles:
  - id: jefe
    name: Jefatura de Servicio
records:
  - id: informe
    name: Informe de Diagnóstico
  - id: vobo
    name: V°B° SUBDERE
stages:
  - id: uno
    steps:
      - id: elabora
        activity: Elaboración del Diagnóstico
        description: |
          Se elabora el diagnóstico:
          - con sus productos.
        responsible: jefe
        records: [informe]
      - id: aprueba
        decision: ¿Aprueba Diagnóstico?
        description: El jefe aprueba.
        responsible: jefe
        no_to: elabora
  - id: dos
    steps:
      - id: visa
        decision: ¿Visa el Diagnóstico?
        description: Visación técnica.
        responsible: jefe
        records: [vobo]
        no_to: elabora
      - id: difunde
        activity: Difusión
        description: Se difunde.
        responsible: jefe
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proceso.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(UserError) as info:
        load_process(write(tmp_path, text))
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


def test_a_process_loads_with_numbered_stages_and_its_flow(tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS))
    assert [(n, s.id) for n, s in process.steps()] == [
        (1, "elabora"), (1, "aprueba"), (2, "visa"), (2, "difunde")]
    assert process.stage_numbers() == {"uno": 1, "dos": 2}
    assert list(process.edges()) == [
        Edge(START, "elabora", None), Edge("elabora", "aprueba", None),
        Edge("aprueba", "visa", True), Edge("aprueba", "elabora", False),
        Edge("visa", "difunde", True), Edge("visa", "elabora", False),
        Edge("difunde", END, None)]
    assert [r.name for r in process.records_in_order()] == [
        "Informe de Diagnóstico", "V°B° SUBDERE"]


def test_records_are_listed_once_in_the_order_the_steps_name_them(tmp_path: Path) -> None:
    text = PROCESS.replace("        records: [informe]\n", "        records: [vobo, informe]\n")
    process = load_process(write(tmp_path, text))
    assert [r.id for r in process.records_in_order()] == ["vobo", "informe"]


@pytest.mark.parametrize("old, new, expected", [
    ("        no_to: elabora\n  - id: dos", "        no_to: elabra\n  - id: dos",
     "proceso.yaml:24: error: unknown step 'elabra' (did you mean 'elabora'?)"),
    ("        records: [informe]", "        records: [informes]",
     "proceso.yaml:19: error: unknown record 'informes' (did you mean 'informe'?)"),
    ("        responsible: jefe\n        records: [informe]",
     "        responsible: jefa\n        records: [informe]",
     "proceso.yaml:18: error: unknown responsible 'jefa' (did you mean 'jefe'?)"),
    ("        no_to: elabora\n  - id: dos", "\n  - id: dos",
     "proceso.yaml:20: error: step 'aprueba': a decision needs 'yes_to' or 'no_to' (both "
     "answers would go on to the next step)"),
    ("        activity: Difusión\n", "        activity: Difusión\n        yes_to: visa\n",
     "proceso.yaml:35: error: step 'difunde': 'yes_to' is for decisions (an activity goes on "
     "with 'next')"),
    ("        activity: Difusión\n", "        activity: Difusión\n        decision: ¿Y?\n",
     "proceso.yaml:33: error: step 'difunde': give either 'activity' or 'decision' (got both)"),
    ("      - id: visa\n", "      - id: elabora\n",
     "proceso.yaml:27: error: duplicate step 'elabora' (first at proceso.yaml:13)"),
    ("activity: Elaboración del Diagnóstico", "activity: Elaboración ([@def:ari])",
     "proceso.yaml:14: error: activity: no references or footnotes in a name (it is drawn "
     "in the diagram as plain text)"),
    ("        records: [vobo]\n", "",
     "proceso.yaml:8: error: record 'vobo' is named by no step"),
    ("        responsible: jefe\n", "        responsibl: jefe\n",
     "proceso.yaml:18: error: stages.0.steps.0.responsibl: unknown field"),
])
def test_process_problems_are_reported_at_their_line(tmp_path: Path, old: str, new: str,
                                                    expected: str) -> None:
    assert PROCESS.count(old) >= 1, old
    assert expected in errors(tmp_path, PROCESS.replace(old, new, 1))


def test_a_step_nobody_reaches_and_a_process_without_end_are_errors(tmp_path: Path) -> None:
    text = PROCESS.replace("        description: Se difunde.\n",
                           "        description: Se difunde.\n        next: visa\n")
    assert errors(tmp_path, text) == ["proceso.yaml:1: error: the process never reaches its end"]
    text = PROCESS.replace("        no_to: elabora\n  - id: dos",
                           "        no_to: elabora\n        yes_to: elabora\n  - id: dos")
    assert errors(tmp_path, text) == [
        "proceso.yaml:1: error: the process never reaches its end",
        "proceso.yaml:28: error: step 'visa' cannot be reached from the start",
        "proceso.yaml:34: error: step 'difunde' cannot be reached from the start"]


def test_bad_yaml_is_a_user_error_with_its_line(tmp_path: Path) -> None:
    found = errors(tmp_path, PROCESS.replace("records:\n  - id: informe", "records:\n - id: x\n  y"))
    assert len(found) == 1 and found[0].startswith("proceso.yaml:") and "malformed YAML" in found[0]


# ------------------------------------------------------------ drawings


def test_one_drawing_per_stage_with_numbered_connectors_between_them(tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS))
    first, second = (chart.graph.source for chart in flow_charts(process))
    # stage 1 goes on to "visa" through connector 1; stage 2 comes back to
    # "elabora" through connector 2, which enters "elabora" in stage 1
    assert re.search(r'aprueba -> "out-\d+" \[labelangle=60 labeldistance=1.3 taillabel="SÍ"\]',
                     first)
    assert '"in-1" -> visa' in second and '"in-2" -> elabora' in first
    # a decision's way forward that is not the next step leaves by its right corner
    assert re.search(r'visa -> "out-\d+" \[labelangle=80 labeldistance=1.3 taillabel=NO '
                     r'tailport=e\]', second)
    # a loop back is drawn backwards, from the left of its target, and pulls nothing
    assert ("elabora -> aprueba [dir=back headlabel=NO labelangle=-60 labeldistance=1.3 "
            "tailport=w weight=0]") in first
    assert "xlabel" not in first + second
    assert "shape=diamond" in first and "shape=note" in first
    assert "label=\"ETAPA I\"" in first and "label=\"ETAPA II\"" in second
    assert "_end" in second and "_start" in first


def test_drawings_are_svg_and_png_and_the_same_every_time(tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS))
    drawing = draw(flow_charts(process)[0], Pos("proceso.yaml", 1))
    again = draw(flow_charts(process)[0], Pos("proceso.yaml", 1))
    assert (drawing.svg, drawing.png) == (again.svg, again.png)
    assert drawing.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in drawing.svg and "¿Aprueba Diagnóstico?" in drawing.svg
    assert ">SÍ<" in drawing.svg and ">NO<" in drawing.svg
    assert drawing.svg.count("<polygon") > 3  # the diamond, the arrowheads, the note
    sized = drawing.svg_at(10.0)
    assert re.search(r'<svg width="10cm" height="[\d.]+cm"', sized)
    assert float(re.search(r'height="([\d.]+)cm"', sized)[1]) == pytest.approx(
        10 * drawing.aspect(), abs=0.01)
    # the PNG is the SVG's drawing at PNG_DPI
    assert png_size(drawing.png)[0] == pytest.approx(
        drawing.width_cm() / 2.54 * PNG_DPI, abs=2)


def test_a_missing_dot_is_a_clear_user_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    process = load_process(write(tmp_path, PROCESS))
    chart = flow_charts(process)[0]
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot here
    with pytest.raises(UserError) as info:
        draw(chart, Pos("proceso.yaml", 1))
    assert [str(p) for p in info.value.problems] == [f"proceso.yaml:1: error: {MISSING_DOT}"]
    assert "apt-get install graphviz" in MISSING_DOT


def test_names_are_drawn_verbatim(tmp_path: Path) -> None:
    text = PROCESS.replace("activity: Difusión", 'activity: Difusión "web" <C:\\lib> & más')
    process = load_process(write(tmp_path, text))
    svg = draw(flow_charts(process)[1], Pos("proceso.yaml", 1)).svg
    assert "Difusión &quot;web&quot; &lt;C:\\lib&gt; &amp; más" in svg
    assert ET.fromstring(svg).find(f"{SVG}desc").text.endswith(
        '«Difusión "web" <C:\\lib> & más»: sigue en «Fin».')


def test_the_title_and_description_are_made_from_the_process(tmp_path: Path) -> None:
    text = PROCESS.replace("activity: Elaboración del Diagnóstico",
                           "activity: Elaboración del Informe")
    first, second = (draw(chart, Pos("proceso.yaml", 1)).svg
                     for chart in flow_charts(load_process(write(tmp_path, text))))
    title, desc = described(first)
    assert title == "Proceso de prueba: diagrama de flujo, ETAPA I"
    assert desc == (
        "Pasos de la ETAPA I, de arriba abajo. «Inicio»: sigue en «Elaboración del Informe». "
        "El conector 2 lleva a «Elaboración del Informe». «Elaboración del Informe» (registro: "
        "Informe de Diagnóstico): sigue en «¿Aprueba Diagnóstico?». «¿Aprueba Diagnóstico?»: "
        "si la respuesta es sí, sigue en «¿Visa el Diagnóstico?», en la ETAPA II, por el "
        "conector 1; si es no, vuelve a «Elaboración del Informe».")
    assert described(second)[1].startswith(
        "Pasos de la ETAPA II, de arriba abajo. El conector 1 lleva a «¿Visa el Diagnóstico?». "
        "«¿Visa el Diagnóstico?» (registro: V°B° SUBDERE): si la respuesta es sí, sigue en "
        "«Difusión»; si es no, vuelve a «Elaboración del Informe», en la ETAPA I, por el "
        "conector 2.")


def test_a_stage_that_does_not_print_legibly_is_drawn_in_parts(tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS))

    def width(drawing: Drawing) -> float:
        """As if a drawing of both the start and the first decision were too
        large for a page: it would be placed at half its size."""
        crowded = ">Inicio<" in drawing.svg and ">¿Aprueba Diagnóstico?<" in drawing.svg
        return drawing.width_cm() * (0.5 if crowded else 1)

    flow = legible_flow(process, process.pos(), width)
    assert [chart.label for chart, _ in flow] == [
        "ETAPA I (parte 1 de 2)", "ETAPA I (parte 2 de 2)", "ETAPA II"]
    assert all(d.printed_text(width(d)) >= MIN_TEXT_PT for _, d in flow)
    first, second = (chart.graph.source for chart, _ in flow[:2])
    # part 1 ends in a connector that leads, in part 2, into the step after
    out = re.search(r'elabora -> ("out-\d+")\n', first)[1]
    number = re.search(rf'{out} \[label=(\d+) ', first)[1]
    assert f'"in-{number}" -> aprueba' in second
    assert described(flow[1][1].svg)[1].startswith(
        f"Pasos de la ETAPA I (parte 2 de 2), de arriba abajo. El conector {number} lleva a "
        "«¿Aprueba Diagnóstico?».")
    # the same process and the same page: the same cuts and bytes
    again = legible_flow(process, process.pos(), width)
    assert [(d.svg, d.png) for _, d in again] == [(d.svg, d.png) for _, d in flow]


def test_a_step_too_large_to_print_legibly_alone_is_an_error_at_its_line(
        tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS.replace(
        "activity: Difusión", "activity: " + " ".join(["Difusión de resultados"] * 200))))
    with pytest.raises(UserError) as info:
        legible_flow(process, process.pos(), _fitting_width)
    [problem] = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert re.fullmatch(r"proceso\.yaml:33: error: step 'difunde' is too large to draw "
                        r"legibly even alone \(its smallest text would print at \d\.\d pt, "
                        r"under 8 pt\): shorten its name or its records' names", problem)


# ------------------------------------------------------------ the guide's diagrams, printed


@pytest.fixture(scope="module")
def guide() -> Document:
    return prepare(read_document(GUIDE, load_content(CONTENT)))


@pytest.fixture(scope="module")
def figures(guide: Document) -> list[Figure]:
    """The guide's figures: its structure, then the flow's drawings."""
    return [b for b in iter_blocks(guide.blocks) if isinstance(b, Figure)]


@pytest.fixture(scope="module")
def process() -> Process:
    return load_process(GUIDE_PROCESS)


def svg_root(figure: Figure) -> ET.Element:
    return ET.fromstring(figure.svg)


def natural_width_pt(root: ET.Element) -> float:
    """The drawing's own width: its viewBox's, in points (dot's unit)."""
    return float(root.get("viewBox", "").split()[2])


def smallest_font(root: ET.Element) -> float:
    return min(float(text.get("font-size", "")) for text in root.iter(f"{SVG}text"))


def described(svg: str) -> tuple[str, str]:
    """The SVG root's <title> and <desc>, which must be its first children."""
    title, desc = list(ET.fromstring(svg))[:2]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    return title.text or "", desc.text or ""


def drawn_nodes(figure: Figure) -> list[str]:
    """The ids of a drawing's nodes, in the order of the SVG."""
    return [g.find(f"{SVG}title").text or "" for g in svg_root(figure).iter(f"{SVG}g")
            if g.get("class") == "node"]


def drawn_steps(figure: Figure, process: Process) -> list[str]:
    """The steps a drawing shows, in the order of the process."""
    drawn = set(drawn_nodes(figure))
    return [step.id for _, step in process.steps() if step.id in drawn]


def edges(figure: Figure) -> list[str]:
    return [(g.find(f"{SVG}title").text or "").replace(":w", "").replace(":e", "")
            for g in svg_root(figure).iter(f"{SVG}g") if g.get("class") == "edge"]


def png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_every_diagram_prints_its_smallest_text_at_8_pt_or_more(figures: list[Figure]) -> None:
    """The placed width over the drawing's own, times its smallest font size:
    the size its smallest text prints at (Typst scales the SVG to the smaller of
    the figure's width and the text width, which is not under 16 cm; WeasyPrint
    and Word to the figure's width)."""
    assert len(figures) == 6
    printed = {}
    for figure in figures:
        root = svg_root(figure)
        assert figure.width_cm <= FIGURE_WIDTH_CM
        assert figure.width_cm * float(root.get("height", "")[:-2]) / float(
            root.get("width", "")[:-2]) <= FIGURE_HEIGHT_CM + 0.01
        assert root.get("width") == f"{figure.width_cm:g}cm"
        scale = figure.width_cm * PT_PER_CM / natural_width_pt(root)
        printed[figure.display] = round(scale * smallest_font(root), 2)
    assert min(printed.values()) >= MIN_TEXT_PT, printed
    # the flow's drawings are placed at their own size, so that every part
    # prints alike: nodes at 10 pt, records at 8 pt
    for figure in figures[1:]:
        root = svg_root(figure)
        assert {float(t.get("font-size", "")) for t in root.iter(f"{SVG}text")} == {
            8.0, 9.0, 10.0, 12.0}
        assert 1 <= figure.width_cm * PT_PER_CM / natural_width_pt(root) < 1.01


def test_etapa_iv_is_drawn_in_two_parts_and_every_step_once(
        figures: list[Figure], process: Process) -> None:
    flow = figures[1:]
    assert [inline_text(f.caption or []) for f in flow] == [
        f"Diagrama de flujo del proceso, {stage}" for stage in (
            "ETAPA I", "ETAPA II", "ETAPA III", "ETAPA IV (parte 1 de 2)",
            "ETAPA IV (parte 2 de 2)")]
    steps = [step.id for _, step in process.steps()]
    assert [step for f in flow for step in drawn_steps(f, process)] == steps
    assert sorted(node for f in flow for node in drawn_nodes(f) if node in steps) == sorted(steps)
    # part 1 ends in a connector, and part 2 begins with the connector of its number
    last = process.stages[3].steps[len(drawn_steps(flow[3], process)) - 1]
    [out] = [g for g in svg_root(flow[3]).iter(f"{SVG}g") if g.get("class") == "edge"
             and re.fullmatch(rf"{last.id}->out-\d+", g.find(f"{SVG}title").text or "")]
    node = (out.find(f"{SVG}title").text or "").split("->")[1]
    [number] = [g.find(f"{SVG}text").text for g in svg_root(flow[3]).iter(f"{SVG}g")
                if g.get("class") == "node" and g.find(f"{SVG}title").text == node]
    first = drawn_steps(flow[4], process)[0]
    assert f"in-{number}->{first}" in edges(flow[4])


def test_the_docx_places_each_diagram_so_its_text_prints_at_8_pt_or_more(
        figures: list[Figure], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("guide-docx")
    [docx] = build_kind(KINDS["guide"], CONTENT, folder, Selection(), ("docx",)).outputs
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'Id="(\w+)"[^>]*Target="(media/[^"]+)"', rels))
        drawings = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>.*?r:embed="(\w+)"', body,
                              re.S)
        assert len(drawings) == len(figures)
        printed = []
        for (cx, _, rid), figure in zip(drawings, figures):
            png = package.read(f"word/{targets[rid]}")
            assert png == figure.png
            natural_pt = png_size(png)[0] * 72 / PNG_DPI
            assert natural_pt == pytest.approx(natural_width_pt(svg_root(figure)), abs=1)
            printed.append(int(cx) / EMU_PER_PT / natural_pt * smallest_font(svg_root(figure)))
    assert min(printed) >= MIN_TEXT_PT - 0.05, printed  # the PNG's whole pixels


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
#: The size of a figure's caption ("Figura N"), bold, in both engines.
CAPTION_PT = 10.0


def pdf_words(path: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words as poppler lays them out: text, bottom and height
    (pt), the height from the font's ascent to its descent at its printed size."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout
    return [[(unescape(text), float(y1), float(y1) - float(y0))
             for _, y0, _, y1, text in WORD.findall(page)] for page in PAGE.findall(html)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_pdf_prints_every_diagram_text_at_8_pt_or_more(
        bundled_pdf: Callable[[str], Path], figures: list[Figure]) -> None:
    """Each drawing's words, found on its figure's page in the band of the
    drawing's height above its caption, measured against the caption's
    "Figura" (10 pt): poppler draws the page as printed, SVGs as Typst or
    WeasyPrint embedded them (WeasyPrint in form XObjects, scaled)."""
    pages = pdf_words(bundled_pdf("guide"))
    for figure in figures:
        number = (figure.display or "").split()[-1]
        [(words, bottom, caption)] = [
            (words, y, h) for words in pages for (a, y, h), (b, y2, _) in zip(words, words[1:])
            if (a, b) == ("Figura", number) and abs(y - y2) < 0.5]
        root = svg_root(figure)
        height_pt = float(root.get("height", "")[:-2]) * PT_PER_CM
        top = bottom - caption - height_pt - 2
        drawn = {word for text in root.iter(f"{SVG}text") for word in (text.text or "").split()}
        band = [(text, CAPTION_PT * h / caption) for text, y, h in words
                if top < y < bottom - caption and text in drawn]
        assert {text for text, _ in band} >= {w for w in drawn if len(w) >= 4}, figure.display
        small = {text: round(size, 2) for text, size in band if size < MIN_TEXT_PT - 0.05}
        assert not small, (figure.display, small)  # 0.05: bold and regular's heights


def test_each_svg_has_a_title_and_a_description_from_the_process(
        figures: list[Figure], process: Process, guide: Document) -> None:
    structure, *flow = figures
    title, desc = described(structure.svg)
    assert title == f"Estructura del documento «{guide.meta.title}»"
    assert desc.startswith(f"«{guide.meta.title}» se divide en: 1 Objetivo; 2 Alcance;")
    assert desc.endswith("; 9 Registros; 10 Anexos.")
    for figure in figures:
        root = svg_root(figure)
        assert root.get("role") == "img" and "%3" not in figure.svg
        # the graph's own <title> (a browser's tooltip) says the same
        assert root.find(f"{SVG}g[@class='graph']/{SVG}title").text == described(figure.svg)[0]
    steps = {step.id: step for _, step in process.steps()}
    subjects = []
    for figure in flow:
        label = inline_text(figure.caption or []).removeprefix("Diagrama de flujo del proceso, ")
        title, desc = described(figure.svg)
        assert title == f"{process.name}: diagrama de flujo, {label}"
        assert desc.startswith(f"Pasos de la {label}, de arriba abajo. ")
        # each step the drawing shows, in order: its name, its records, where it goes
        names = re.findall(r"(?:^|\. )«([^»]+)»(?: \([^)]*\))?: ", desc)
        assert names == (["Inicio"] if figure is flow[0] else []) + [
            steps[s].name for s in drawn_steps(figure, process)]
        subjects += names
        for step in (steps[s] for s in drawn_steps(figure, process)):
            records = [r.name for r in process.step_records(step)]
            said = f"«{step.name}»" + (
                f" (registro{'s' if len(records) > 1 else ''}: {', '.join(records)})"
                if records else "") + ": "
            said += "si la respuesta es sí, " if step.is_decision else ""
            assert said in desc, said
    assert subjects[1:] == [step.name for step in steps.values()]


def text_box(text: ET.Element, font: TTFont) -> tuple[float, float, float, float]:
    """The box a <text> covers: its advance widths from the font dot laid it out
    with (Liberation Sans for Arial), the font's ascent above the baseline and
    its descent below."""
    size = float(text.get("font-size", ""))
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    width = sum(metrics[cmap[ord(c)]][0] for c in text.text or "") * size / units
    x, y = float(text.get("x", "")), float(text.get("y", ""))
    left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor", ""), x)
    hhea = font["hhea"]
    return (left, y - hhea.ascent * size / units, left + width, y - hhea.descent * size / units)


Point = tuple[float, float]


def points_of(text: str) -> list[Point]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", text)]


def path_points(d: str) -> list[Point]:
    """Points along an SVG path of cubic Béziers (dot's edges and rounded
    boxes), at most about half a point apart."""
    xy = points_of(d)
    points = [xy[0]]
    for i in range(1, len(xy) - 2, 3):
        p0, p1, p2, p3 = xy[i - 1:i + 3]
        steps = max(2, int(2 * sum(math.dist(a, b) for a, b in ((p0, p1), (p1, p2), (p2, p3)))))
        points += [((1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * p1[0]
                    + 3 * (1 - t) * t * t * p2[0] + t ** 3 * p3[0],
                    (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * p1[1]
                    + 3 * (1 - t) * t * t * p2[1] + t ** 3 * p3[1])
                   for t in (k / steps for k in range(1, steps + 1))]
    return points


def outline(shape: ET.Element) -> list[Point]:
    """Points along a node's outline (a polygon, a rounded box's path, an
    ellipse), at most about half a point apart."""
    if shape.tag == f"{SVG}ellipse":
        cx, cy, rx, ry = (float(shape.get(k, "")) for k in ("cx", "cy", "rx", "ry"))
        return [(cx + rx * math.cos(a * math.pi / 180), cy + ry * math.sin(a * math.pi / 180))
                for a in range(0, 360, 2)]
    if shape.tag == f"{SVG}path":
        return path_points(shape.get("d", ""))
    corners = points_of(shape.get("points", ""))
    return [(a[0] + (b[0] - a[0]) * k / 20, a[1] + (b[1] - a[1]) * k / 20)
            for a, b in zip(corners, corners[1:]) for k in range(20)]


def distance(box: tuple[float, float, float, float], point: Point) -> float:
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return math.hypot(dx, dy)


def inside(point: Point, polygon: list[Point]) -> bool:
    x, y = point
    crossings = 0
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            crossings += 1
    return crossings % 2 == 1


@pytest.fixture(scope="module")
def font() -> TTFont:
    found = [d / "LiberationSans-Regular.ttf" for d in FONT_DIRS
             if (d / "LiberationSans-Regular.ttf").exists()]
    assert found, "the Liberation fonts are needed to build the guide"
    return TTFont(found[0])


def test_answers_stand_beside_their_edges_and_off_every_node(
        figures: list[Figure], font: TTFont) -> None:
    """Each "SÍ" / "NO" (the texts of an edge; its box from the font's descent
    to its ascent, which is above the accents) is at least 2 pt from every
    edge's path (the stroke is 1 pt wide), its own too, 1.5 pt from every
    node's outline, and inside none: it sits beside its edge, not on it, and
    on nothing else. (dot's ``xlabel`` put them 0 to 1.6 pt from their edge.)"""
    answers = 0
    for figure in figures[1:]:
        groups = list(svg_root(figure).iter(f"{SVG}g"))
        paths = [path_points(g.find(f"{SVG}path").get("d", "")) for g in groups
                 if g.get("class") == "edge"]
        nodes = [outline(shape) for g in groups if g.get("class") == "node"
                 for shape in g if shape.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse")]
        for edge in (g for g in groups if g.get("class") == "edge"):
            for text in edge.findall(f"{SVG}text"):
                assert text.text in ("SÍ", "NO")
                box = text_box(text, font)
                where = (figure.display, edge.find(f"{SVG}title").text, text.text)
                assert min(distance(box, p) for path in paths for p in path) >= 2, where
                assert min(distance(box, p) for shape in nodes for p in shape) >= 1.5, where
                centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
                assert not any(inside(centre, shape) for shape in nodes), where
                answers += 1
    decisions = sum(1 for _, step in load_process(GUIDE_PROCESS).steps() if step.is_decision)
    assert answers == 2 * decisions


def clearance(point: Point, polygon: list[Point]) -> float:
    """How far ``point`` is inside ``polygon`` (negative: outside)."""
    sides = zip(polygon, polygon[1:] + polygon[:1])
    nearest = min(abs((y2 - y1) * point[0] - (x2 - x1) * point[1] + x2 * y1 - y2 * x1)
                  / math.hypot(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in sides)
    return nearest if inside(point, polygon) else -nearest


def test_a_decision_s_text_keeps_clear_of_its_diamond_s_sides(
        figures: list[Figure], font: TTFont) -> None:
    """Each line of a decision, from its baseline to the capitals' height, at
    least 1 pt inside its diamond."""
    cap_height = font["OS/2"].sCapHeight / font["head"].unitsPerEm
    diamonds = 0
    for figure in figures[1:]:
        for node in svg_root(figure).iter(f"{SVG}g"):
            polygons = node.findall(f"{SVG}polygon")
            corners = polygons[0].get("points", "").split() if len(polygons) == 1 else []
            if node.get("class") != "node" or len(corners) != 5:
                continue  # not a diamond (4 corners, the first repeated)
            diamond = [tuple(map(float, p.split(","))) for p in corners[:4]]
            diamonds += 1
            for text in node.findall(f"{SVG}text"):
                left, _, right, _ = text_box(text, font)
                baseline = float(text.get("y", ""))
                top = baseline - cap_height * float(text.get("font-size", ""))
                ink = [(left, baseline), (right, baseline), (left, top), (right, top)]
                assert min(clearance(c, diamond) for c in ink) >= 1, (figure.display, text.text)
    assert diamonds == sum(step.is_decision for _, step in load_process(GUIDE_PROCESS).steps())


def test_the_guide_s_drawings_are_the_same_every_time(figures: list[Figure],
                                                      process: Process) -> None:
    flow = legible_flow(process, process.pos(), _fitting_width)
    assert [(d.svg_at(_fitting_width(d)), d.png) for _, d in flow] == [
        (f.svg, f.png) for f in figures[1:]]
