"""The Programa Marco technical document of a year (source 002: the MEI 2009
Programa Marco).

The prose is the document's Markdown (``content/programa-marco/*.md``); its
front matter ``data`` (:class:`ProgramaMarcoData`) names the framework and the
mechanism and gives the wording of the tables. Built here from the framework:
Cuadro 1 (areas, systems and their number of objectives, numbered through the
document), Cuadro 2 (experts) and, for each system, the table of its general
objective and the table of its objectives (numbered 1..n in each system, by
references to the framework's labels, :mod:`generator.passes.frameworks`).
The Markdown places the framework's footnotes with ``{{ framework_footnotes }}``
(their definitions, see :func:`footnote_definitions`); the notes number on
through the document with the document's own.
"""

from __future__ import annotations

from pydantic import Field as ModelField

from ..errors import Problems, did_you_mean
from ..model.base import Id, Located
from ..model.content import Content, Framework, Objective, Stage, System
from ..model.document import Block, Cell, Inline, LineBreak, Placeholder, Strong, Table, Text
from ..model.scheme import roman
from ..passes.frameworks import objective_ref
from ..read.markdown import FrontMatter, inline_markdown
from . import Assembly, Transform
from .expand import Builder
from .parts import (
    BUDGET_OFFICE, TableSpec, area_cells, caption_inlines, check_columns, count_label,
    framework_named, general_objective, heading, lines_cell, listing, missing_general_objectives,
    named, page_data, rules_in_scope, system_lookup, systems_by_area, systems_subtitle,
    text_cell, words,
)

#: The data block of a system's tables: ``::: data sistema-<system id>``.
SYSTEM_BLOCK = "sistema-"


class ProgramaMarcoTables(Located):
    sistemas: TableSpec
    expertos: TableSpec
    objetivo_general: TableSpec
    objetivos: TableSpec


class ProgramaMarcoData(Located):
    """The front matter ``data`` of a Programa Marco document."""

    framework: Id = ModelField(description="id of the framework the document sets out")
    mechanism: Id = ModelField(description="the framework's mechanism the document is for")
    tables: ProgramaMarcoTables


#: A Programa Marco document draws no figure from its numbered text.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
    data = page_data(ProgramaMarcoData, front)
    framework = framework_named(content, data.framework, data.pos("framework"))
    problems = Problems()
    if data.mechanism not in framework.mechanisms:
        problems.add(data.pos("mechanism"), f"framework '{framework.id}' is not for mechanism "
                                            f"'{data.mechanism}'"
                                            f"{did_you_mean(data.mechanism, framework.mechanisms)}")
    tables = data.tables
    if len(tables.sistemas.columns) not in (4, 5):
        problems.add(tables.sistemas.pos("columns"), "tables.sistemas.columns: expected 4 column "
                     "titles, or 5 with the systems' number of objectives or stages (got "
                     f"{len(tables.sistemas.columns)})")
    for name, spec, count in (("expertos", tables.expertos, 3),
                              ("objetivo_general", tables.objetivo_general, 2),
                              ("objetivos", tables.objetivos, 2)):
        check_columns(spec, count, name, problems)
    missing_general_objectives(framework, problems)
    missing_objective_texts(framework, problems)
    problems.raise_if_any()
    systems = [system for _, system in framework.systems()]
    context = {
        "framework": framework, "rules": rules_in_scope(framework), "year": framework.year,
        "mechanism": content.mechanisms[data.mechanism], "listing": listing, "words": words,
        "system": system_lookup(framework), "named": named,
        "systems_listing": lambda chosen: listing(named(s) for s in chosen),
        "new_systems": [s for s in systems if s.new],
        "voluntary_systems": [s for s in systems if s.voluntary],
        "staged": any(s.staged for s in systems),
        "by_objectives": any(s.objectives for s in systems),
        "listed": any(o.text for s in systems for o in s.all_objectives()),
        "advanced": any(s.advanced_objective for s in systems),
        "romano": roman,
        "framework_footnotes": footnote_definitions(framework),
    }
    builders: dict[str, Builder] = {
        "sistemas": lambda block: [systems_table(framework, tables.sistemas, block)],
        "expertos": lambda block: [experts_table(framework, tables.expertos, block)],
    }
    for _, system in framework.systems():
        builders[SYSTEM_BLOCK + system.id] = _system_builder(framework, system, tables)
    return Assembly(context, builders, issuer=BUDGET_OFFICE)


def missing_objective_texts(framework: Framework, problems: Problems) -> None:
    """A system whose objectives the document lists (one of them has a text)
    has every objective's text; one whose objectives have none (the sources
    leave them to the formulation instructions) lists none."""
    for _, system in framework.systems():
        objectives = list(system.all_objectives())
        if not any(objective.text for objective in objectives):
            continue
        for objective in objectives:
            if objective.text is None:
                problems.add(objective.pos(), f"objective '{objective.id}' has no text "
                                              "(the Programa Marco lists every objective of "
                                              f"'{system.id}')")


def footnote_definitions(framework: Framework) -> str:
    """The framework's footnotes as Markdown definitions; the objectives in the
    tables built from data cite them."""
    # a note's later lines, indented, continue it
    return "\n\n".join(f"[^{label}]: " + text.replace("\n", "\n    ")
                       for label, text in framework.footnotes.items())


def _system_builder(framework: Framework, system: System,
                    tables: ProgramaMarcoTables) -> Builder:
    return lambda block: system_tables(framework, system, tables, block)


def systems_table(framework: Framework, spec: TableSpec, block: Placeholder) -> Table:
    """Cuadro: areas (in capitals) and systems, both numbered, and, with a
    fifth column, each system's number of objectives (of stages, with the
    word, in a framework where some system has stages)."""
    counted = len(spec.columns) == 5
    staged = any(system.staged for _, system in framework.systems())
    rows = []
    for number, (area_number, area, span, system) in enumerate(systems_by_area(framework),
                                                                start=1):
        count = ([text_cell(count_label(system) if staged else
                            str(sum(1 for _ in system.all_objectives())), "center")]
                 if counted else [])
        rows.append([
            *area_cells(span, text_cell(str(area_number), "center"),
                        text_cell(area.name.upper())),
            text_cell(str(number), "center"),
            text_cell(system.name),
            *count,
        ])
    widths = [1.2, 4, 1.5, 3.7, 1.6] if counted else [1.2, 4.5, 1.5, 4.8]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(systems_subtitle(framework, spec)), label=block.label,
                 widths=widths, pos=block.pos)


def experts_table(framework: Framework, spec: TableSpec, block: Placeholder) -> Table:
    """Cuadro: each system's expert institutions."""
    rows = [[*area_cells(span, text_cell(f"{number}) {area.name}")),
             text_cell(system.name),
             lines_cell([framework.experts[expert] for expert in system.experts])]
            for number, area, span, system in systems_by_area(framework)]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(spec.subtitle), label=block.label, widths=[3, 4, 5],
                 pos=block.pos)


def system_tables(framework: Framework, system: System, tables: ProgramaMarcoTables,
                  block: Placeholder) -> list[Block]:
    """The system and its general objective (in a PMG framework, the
    objectives of the Programa Marco Básico and Avanzado), then its
    objectives where the framework gives their texts, each numbered by a
    reference to its label in the framework's table (1..n), under their
    stage in a system of stages."""
    general = Table(head=heading(tables.objetivo_general),
                    rows=[[text_cell(system.name), Cell(objective_cell(framework, system))]],
                    widths=[1, 3.5], pos=block.pos)
    if not any(objective.text for objective in system.all_objectives()):
        return [general]
    rows = []
    for number, stage in enumerate(system.stages, start=1):
        rows.append([Cell([Text(stage_name(number, stage))], colspan=2)])
        rows += [objective_row(framework, system, objective) for objective in stage.objectives]
    rows += [objective_row(framework, system, objective) for objective in system.objectives]
    objectives = Table(head=heading(tables.objetivos), rows=rows, widths=[0.5, 9],
                       pos=block.pos)
    return [general, objectives]


def objective_cell(framework: Framework, system: System) -> list[Inline]:
    """The general objective; in a framework with a Programa Marco Avanzado,
    the Básico's and, when the system has one, the Avanzado's, each named."""
    if not any(s.advanced_objective for _, s in framework.systems()):
        return general_objective(system)
    inlines: list[Inline] = [Strong([Text("Programa Marco Básico:")]), Text(" "),
                             *general_objective(system)]
    if system.advanced_objective:
        inlines += [LineBreak(), Strong([Text("Programa Marco Avanzado:")]), Text(" "),
                    *inline_markdown(system.advanced_objective, system.pos("advanced_objective"))]
    return inlines


def stage_name(number: int, stage: Stage) -> str:
    """``Etapa II``; ``Etapa V (Programa Marco Avanzado)``."""
    return f"Etapa {roman(number)}" + (" (Programa Marco Avanzado)" if stage.advanced else "")


def objective_row(framework: Framework, system: System, objective: Objective) -> list[Cell]:
    return [Cell([objective_ref(framework, system, objective)], align="center"),
            Cell(inline_markdown(objective.text or "", objective.pos("text")))]
