"""Bar charts of figures computed from data, drawn by matplotlib: SVG (its
text kept as text, in Liberation Sans) for the HTML and the PDFs, PNG for
the DOCX.

The bytes are the same on every run: the Agg backend, one fixed style, only
the Liberation fonts, no date in the SVG nor software name in the PNG, and
each chart's own ``svg.hashsalt`` (its ids; one salt for several charts of a
page could make two of them collide). They hold within one matplotlib
version, which ``pyproject.toml`` bounds. matplotlib is imported when a chart
is drawn, not before: a build without charts never loads it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

#: Bars and text: DIPRES's dark blue, a grey for the second series.
COLOURS = ("#1f4e79", "#a6a6a6")
#: Printed size of a chart.
WIDTH_CM, HEIGHT_CM = 15.0, 7.0
PNG_DPI = 200
STYLE = {
    "font.family": "Liberation Sans", "font.size": 9, "axes.titlesize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#333333",
    "axes.labelcolor": "#333333", "xtick.color": "#333333", "ytick.color": "#333333",
    "svg.fonttype": "none", "svg.image_inline": True, "path.simplify": False,
    "figure.dpi": 100, "savefig.dpi": PNG_DPI,
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the SVG (for HTML and PDF) and the PNG (for DOCX)."""

    svg: str
    png: bytes
    width_cm: float = WIDTH_CM


@lru_cache(maxsize=1)
def _fonts() -> None:
    """Load the Liberation Sans faces (those the PDFs embed) into matplotlib."""
    from matplotlib import font_manager

    from ..writers.typst import FACES, font_folder

    folder = font_folder()
    for face in FACES:
        font_manager.fontManager.addfont(str(folder / face))


def bar_chart(name: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              horizontal: bool = False, axis: str = "", height_cm: float = HEIGHT_CM) -> Chart:
    """Bars of one or more ``series`` (name, a value per label), with each
    value written at its bar's end. ``name`` makes the chart's ids its own."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    _fonts()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": f"marco-{name}"}):
        figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), layout="constrained")
        axes = figure.add_subplot()
        _draw(figure, axes, labels, series, horizontal, axis)
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        figure.savefig(png, format="png", metadata={"Software": None})
    return Chart(svg.getvalue().decode("utf-8"), png.getvalue())


def _draw(figure: Any, axes: Any, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
          horizontal: bool, axis: str) -> None:
    count = len(series)
    thickness = 0.8 / count
    positions = range(len(labels))
    for index, (label, values) in enumerate(series):
        offsets = [p + (index - (count - 1) / 2) * thickness for p in positions]
        draw = axes.barh if horizontal else axes.bar
        bars = draw(offsets, values, thickness, label=label, color=COLOURS[index % len(COLOURS)])
        axes.bar_label(bars, labels=[_count(v) for v in values], padding=2, fontsize=8)
    from matplotlib.ticker import MaxNLocator

    # the values are counts: whole numbers on the value axis
    (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()  # the first label on top, as a table reads
        axes.set_xlabel(axis)
        axes.margins(x=0.12)
    else:
        axes.set_xticks(list(positions), labels)
        axes.set_ylabel(axis)
        axes.margins(y=0.15)
    if count > 1:
        figure.legend(frameon=False, loc="outside lower center", ncols=count)


def _count(value: float) -> str:
    return f"{value:g}"
