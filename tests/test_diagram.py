"""The process model (generator/model/process.py) and its flow diagram
(generator/diagram.py): loading with positions, the checks, the flow, the
drawings, and a missing Graphviz."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.assemble.diagram import MISSING_DOT, draw, stage_graphs
from generator.errors import Pos, UserError
from generator.model.process import END, START, Edge
from generator.load.process import load_process

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
    first, second = (g.source for g in stage_graphs(process))
    # stage 1 goes on to "visa" through connector 1; stage 2 comes back to
    # "elabora" through connector 2, which enters "elabora" in stage 1
    assert re.search(r'aprueba -> "out-\d+" \[xlabel="SÍ"\]', first)
    assert '"in-1" -> visa' in second and '"in-2" -> elabora' in first
    assert re.search(r'visa -> "out-\d+" \[xlabel=NO\]', second)
    assert "aprueba -> elabora [constraint=false xlabel=NO]" in first
    assert "shape=diamond" in first and "shape=note" in first
    assert "label=\"ETAPA I\"" in first and "label=\"ETAPA II\"" in second
    assert "_end" in second and "_start" in first


def test_drawings_are_svg_and_png_and_the_same_every_time(tmp_path: Path) -> None:
    process = load_process(write(tmp_path, PROCESS))
    graph = stage_graphs(process)[0]
    drawing = draw(graph, Pos("proceso.yaml", 1))
    again = draw(stage_graphs(process)[0], Pos("proceso.yaml", 1))
    assert (drawing.svg, drawing.png) == (again.svg, again.png)
    assert drawing.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in drawing.svg and "¿Aprueba Diagnóstico?" in drawing.svg
    assert ">SÍ<" in drawing.svg and ">NO<" in drawing.svg
    assert drawing.svg.count("<polygon") > 3  # the diamond, the arrowheads, the note
    sized = drawing.svg_at(10.0)
    assert re.search(r'<svg width="10cm" height="[\d.]+cm"', sized)
    assert float(re.search(r'height="([\d.]+)cm"', sized)[1]) == pytest.approx(
        10 * drawing.aspect(), abs=0.01)


def test_a_missing_dot_is_a_clear_user_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    process = load_process(write(tmp_path, PROCESS))
    graph = stage_graphs(process)[0]
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot here
    with pytest.raises(UserError) as info:
        draw(graph, Pos("proceso.yaml", 1))
    assert [str(p) for p in info.value.problems] == [f"proceso.yaml:1: error: {MISSING_DOT}"]
    assert "apt-get install graphviz" in MISSING_DOT


def test_names_are_drawn_verbatim(tmp_path: Path) -> None:
    text = PROCESS.replace("activity: Difusión", 'activity: Difusión "web" <C:\\lib> & más')
    process = load_process(write(tmp_path, text))
    svg = draw(stage_graphs(process)[1], Pos("proceso.yaml", 1)).svg
    assert "Difusión &quot;web&quot; &lt;C:\\lib&gt; &amp; más" in svg
