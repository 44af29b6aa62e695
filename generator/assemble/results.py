"""The report of a year's evaluation results (as DIPRES reports them, source
004): every institution of the year's commitments evaluated, the figures
computed (:mod:`generator.results`), the tables and the charts built here.

The front matter's ``data`` names the year and the mechanisms it reports
on; their evaluations (``content/evaluations/<year>/``) are read and checked
as the evaluation decrees read them, and a commitment of those mechanisms
without its evaluation is an error: the report leaves no institution out.
The template sees the figures as plain data (``results``, see
:func:`results_data`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field as ModelField

from ..compliance import Compliance
from ..errors import Pos, Problems, UserError, did_you_mean, display_path
from ..load.evaluations import EVALUATIONS, read_evaluation
from ..model.base import Id, Located
from ..model.content import Content
from ..model.document import Cell, Figure, Placeholder, Table, Text
from ..read.markdown import FrontMatter
from ..results import YearResults, share, year_results
from ..spanish import percent
from . import Assembly, Transform
from .charts import bar_chart
from .parts import page_data

#: A results report draws its charts from data, before numbering.
TRANSFORMS: dict[str, Transform] = {}
#: Who issues the report.
BUDGET_OFFICE = "Dirección de Presupuestos"


class ResultsData(Located):
    """The front matter ``data`` of a results report."""

    year: int = ModelField(ge=1998, le=2100, description="the year evaluated")
    mechanisms: list[Id] = ModelField(min_length=1, description="the mechanisms reported on")


def setup(content: Content, front: FrontMatter) -> Assembly:
    data = page_data(ResultsData, front)
    evaluated = evaluations_of(content, data)
    results = year_results(content, data.year, evaluated)
    builders = {
        "tramos": lambda block: [tiers_table(results, block)],
        "histograma": lambda block: [histogram_figure(results, block)],
        "sistemas": lambda block: [systems_table(results, block)],
        "grafico-sistemas": lambda block: [systems_figure(results, block)],
        "ministerios": lambda block: [ministries_table(results, block)],
        "bajo-tramo": lambda block: [below_top_table(content, results, block)],
    }
    return Assembly({"results": results_data(results)}, builders, issuer=BUDGET_OFFICE)


def evaluations_of(content: Content, data: ResultsData) -> list[Compliance]:
    """Every evaluation of the year for ``data``'s mechanisms, checked; every
    commitment of those mechanisms must have one."""
    problems = Problems()
    for i, key in enumerate(data.mechanisms):
        if key not in content.mechanisms:
            problems.add(data.pos("mechanisms", i), f"unknown mechanism '{key}'"
                                                    f"{did_you_mean(key, content.mechanisms)}")
    problems.raise_if_any()
    commitments = [c for c in content.commitments
                   if c.year == data.year and c.mechanism in data.mechanisms]
    if not commitments:
        problems.add(data.pos("year"), f"no commitments of {', '.join(data.mechanisms)} for "
                                       f"{data.year}")
    folder = content.root / EVALUATIONS / str(data.year)
    found: dict[tuple[str, str], Compliance] = {}
    seen: dict[tuple[str, int, str], Pos] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            compliance = read_evaluation(content, path, seen)
        except UserError as error:
            problems.extend(error.problems)
            continue
        if compliance.mechanism in data.mechanisms:
            found[(compliance.mechanism, compliance.institution)] = compliance
    if problems:
        raise UserError(problems.items)
    for commitment in commitments:
        if (commitment.mechanism, commitment.institution) not in found:
            source = Path(commitment.pos().path)
            missing = folder / source.name
            problems.add(commitment.pos(), f"not evaluated: {display_path(missing)} is missing "
                                           f"(the {data.year} results count every institution)")
    evaluated = list(found.values())
    tiers = {tuple((t.min_compliance, t.increase) for t in c.framework.rules.tiers)
             for c in evaluated}
    if len(tiers) > 1:
        problems.add(data.pos("mechanisms"), "these mechanisms' frameworks set different tiers: "
                                             "report on them separately")
    problems.raise_if_any()
    return evaluated


def tier_name(minimum: Decimal, below: Decimal | None) -> str:
    """``90% o más``, ``75% a menos de 90%``, ``Menos de 75%``."""
    if below is None:
        return f"{percent(minimum)} o más"
    if minimum == 0:
        return f"Menos de {percent(below)}"
    return f"{percent(minimum)} a menos de {percent(below)}"


def results_data(results: YearResults) -> dict[str, Any]:
    """The figures a report's template writes: ``year``, ``count``,
    ``average``, ``full`` and ``full_share`` (at 100 %), ``tiers`` (highest
    first: ``name``, ``minimum``, ``below``, ``increase``, ``count``,
    ``share``), ``top`` (the highest tier), ``below_top`` (institutions
    under it), ``systems`` (``name``, ``committed``, ``met``, ``share``) and
    ``ministries`` (``name``, ``count``, ``average``)."""
    tiers = [{"name": tier_name(t.tier.min_compliance, t.below), "minimum": t.tier.min_compliance,
              "below": t.below, "increase": t.tier.increase, "count": len(t.institutions),
              "share": t.share} for t in results.tiers]
    return {
        "year": results.year, "count": results.count, "average": results.average,
        "full": results.full, "full_share": share(results.full, results.count),
        "tiers": tiers, "top": tiers[0] if tiers else None,
        "below_top": results.count - (tiers[0]["count"] if tiers else 0),
        "systems": [{"name": s.name, "committed": s.committed, "met": s.met, "share": s.share}
                    for s in results.systems],
        "ministries": [{"name": m.name, "count": len(m.institutions), "average": m.average}
                       for m in results.ministries],
    }


def _cells(*values: str, right_from: int = 1) -> list[Cell]:
    return [Cell([Text(v)], align="right" if i >= right_from else None)
            for i, v in enumerate(values)]


def tiers_table(results: YearResults, block: Placeholder) -> Table:
    head = [[Cell([Text(h)]) for h in ("Cumplimiento global", "Incremento", "Instituciones",
                                       "Porcentaje")]]
    rows = [_cells(tier_name(t.tier.min_compliance, t.below), percent(t.tier.increase),
                   str(len(t.institutions)), percent(t.share))
            for t in results.tiers]
    rows.append([Cell([Text("Total")], colspan=2),
                 *_cells(str(results.count), percent(share(results.count, results.count)),
                         right_from=0)])
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(f"Instituciones por tramo de cumplimiento, {results.year}")],
                 widths=[5.0, 3.0, 3.0, 3.0])


def histogram_figure(results: YearResults, block: Placeholder) -> Figure:
    bins = results.histogram()
    labels = [percent(low) if high is None else
              (f"< {percent(high)}" if low == 0 else f"{percent(low)}–{percent(high)}")
              for low, high, _ in bins]
    chart = bar_chart(f"histograma-{results.year}", labels,
                      [("Instituciones", [count for _, _, count in bins])],
                      axis="Instituciones")
    return Figure(svg=chart.svg, png=chart.png, width_cm=chart.width_cm, label=block.label,
                  pos=block.pos, caption=[Text(f"Distribución del cumplimiento global, "
                                               f"{results.year}")])


def systems_table(results: YearResults, block: Placeholder) -> Table:
    head = [[Cell([Text(h)]) for h in ("Sistema", "Comprometido por", "Cumplido por",
                                       "Porcentaje")]]
    rows = [_cells(s.name, str(s.committed), str(s.met), percent(s.share))
            for s in results.systems]
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(f"Resultados por sistema, {results.year}")],
                 widths=[7.0, 2.6, 2.6, 2.4])


def systems_figure(results: YearResults, block: Placeholder) -> Figure:
    names = [s.name for s in results.systems]
    chart = bar_chart(f"sistemas-{results.year}", names,
                      [("Comprometido", [s.committed for s in results.systems]),
                       ("Cumplido", [s.met for s in results.systems])],
                      horizontal=True, axis="Instituciones",
                      height_cm=max(6.0, 1.0 * len(names) + 1.5))
    return Figure(svg=chart.svg, png=chart.png, width_cm=chart.width_cm, label=block.label,
                  pos=block.pos, caption=[Text(f"Sistemas comprometidos y cumplidos, "
                                               f"{results.year}")])


def ministries_table(results: YearResults, block: Placeholder) -> Table:
    head = [[Cell([Text(h)]) for h in ("Ministerio", "Instituciones", "Cumplimiento promedio")]]
    rows = [_cells(m.name, str(len(m.institutions)), percent(m.average))
            for m in results.ministries]
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(f"Resultados por ministerio, {results.year}")],
                 widths=[8.0, 3.0, 3.6])


def below_top_table(content: Content, results: YearResults, block: Placeholder) -> Table:
    head = [[Cell([Text(h)]) for h in ("Institución", "Cumplimiento global", "Incremento")]]
    rows = [_cells(content.services[c.institution][1].name, percent(c.total),
                   percent(c.increase))
            for t in results.tiers[1:] for c in t.institutions]
    top = results.tiers[0] if results.tiers else None
    caption = (f"Instituciones bajo el {percent(top.tier.min_compliance)}, {results.year}"
               if top else f"Instituciones, {results.year}")
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(caption)], widths=[8.6, 3.0, 3.0])
