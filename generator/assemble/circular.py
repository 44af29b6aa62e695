"""The circular by which the Minister of Finance proposes a year's Programa
Marco to the ministers (source 000: Circular N° 39 of 15 September 2011).

The prose is the circular's Markdown (``content/circulares/*.md``); its front
matter ``data`` (:class:`CircularData`) names the framework and the sender and
gives the header's fields and the wording of the tables. Everything the
circular repeats from the framework and the institutions is built here: the
header block, the services by ministry, Cuadro 1 (areas, systems with their
counts, general objectives), Cuadro 2 (experts), the signature and the
distribution list. The helpers shared with the Programa Marco document
(:func:`page_data`, :func:`framework_named`, :class:`TableSpec`, …) live here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

from pydantic import Field as ModelField

from ..errors import Pos, Problem, Problems, UserError, did_you_mean
from ..load import Content, validate_model
from ..markdown import Builder, DataBlock, FrontMatter, inline_markdown
from ..model.base import Id, Located, Text as TextField
from ..model.content import (
    Area, Framework, MinimumStage, Ministry, Person, RequiredSystem, Service, System,
)
from ..model.document import (
    BulletList, Cell, Field, FieldBlock, Inline, LineBreak, ListItem, Paragraph, Signer,
    SignatureBlock, Table, Text,
)
from ..yamlsrc import SRC, Src

FOLDER = "circulares"

M = TypeVar("M", bound=Located)
R = TypeVar("R", RequiredSystem, MinimumStage)

# ------------------------------------------------------------ front matter


class TableSpec(Located):
    """The wording of a table built from data: its title (under "Cuadro N"),
    an optional subtitle (a table of systems without one takes the
    framework's short title) and the column titles."""

    caption: TextField | None = None
    subtitle: TextField | None = None
    columns: list[TextField] = ModelField(min_length=1)


class CircularTables(Located):
    sistemas: TableSpec
    expertos: TableSpec


class CircularData(Located):
    """The front matter ``data`` of a circular."""

    framework: Id = ModelField(description="id of the Programa Marco the circular proposes")
    registry: TextField = ModelField(description="Reg. N°")
    number: int = ModelField(ge=1, description="CIRC. N°")
    references: TextField = ModelField(description="ANT.: the legal basis")
    sender: Id = ModelField(description="id of the ministry whose minister signs")
    addressees: TextField = ModelField(description="A :")
    reply_by: dt.date = ModelField(description="the deadline for the ministers' reply")
    tables: CircularTables


def source_paths(content_root: Path) -> list[Path]:
    """The bundled circulars, sorted."""
    return sorted((content_root / FOLDER).glob("*.md"))


def page_data(model: type[M], front: FrontMatter) -> M:
    """The front matter's ``data`` validated by ``model``; errors point at
    the ``data`` line (or at the line of a nested key)."""
    where = front.pos("data")
    problems = Problems()
    data = {**front.data, SRC: Src(where.path, where.line)}
    result = validate_model(model, data, where.path, problems)
    problems.raise_if_any()
    assert result is not None
    return result


def check_columns(spec: TableSpec, count: int, name: str, problems: Problems) -> None:
    if len(spec.columns) != count:
        problems.add(spec.pos("columns"), f"tables.{name}.columns: expected {count} column "
                                          f"titles (got {len(spec.columns)})")


def framework_named(content: Content, framework_id: str, pos: Pos) -> Framework:
    for framework in content.frameworks:
        if framework.id == framework_id:
            return framework
    known = [f.id for f in content.frameworks]
    raise UserError([Problem(pos, f"unknown framework '{framework_id}'"
                                  f"{did_you_mean(framework_id, known)}")])


# ------------------------------------------------------------ wording


def listing(items: Iterable[str], separator: str = ", ", last: str = " y ") -> str:
    """``a, b y c``: the items joined, the last with ``last``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return separator.join(words[:-1]) + last + words[-1]


SMALL_NUMBERS = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
                 "catorce quince dieciséis diecisiete dieciocho diecinueve veinte").split()


def words(n: int) -> str:
    """A small count in words, as running text writes it: ``tres``."""
    if not 0 <= n < len(SMALL_NUMBERS):
        raise ValueError(f"cannot write {n} in words (expected 0 to {len(SMALL_NUMBERS) - 1})")
    return SMALL_NUMBERS[n]


def named(system: System) -> str:
    """How running text names a system: ``Sistema Monitoreo del Desempeño``."""
    return system.name if system.name.startswith("Sistema") else f"Sistema {system.name}"


def count_label(system: System) -> str:
    """``4 etapas`` for a system of stages, ``3 objetivos`` for one of objectives."""
    if system.staged:
        n, singular = len(system.stages), "etapa"
    else:
        n, singular = len(system.objectives), "objetivo"
    return f"{n} {singular}{'' if n == 1 else 's'}"


def area_label(number: int, area: Area) -> str:
    return f"{number}) {area.name}"


def text_cell(text: str, align: str | None = None) -> Cell:
    return Cell([Text(text)], align=align)


def lines_cell(lines: list[str]) -> Cell:
    """One cell, its texts on lines of their own."""
    inlines: list[Inline] = []
    for line in lines:
        if inlines:
            inlines.append(LineBreak())
        inlines.append(Text(line))
    return Cell(inlines)


def heading(spec: TableSpec) -> list[list[Cell]]:
    return [[text_cell(title) for title in spec.columns]]


def systems_by_area(framework: Framework) -> Iterable[tuple[int, Area, bool, System]]:
    """Each system with its area's number and whether it is the area's first."""
    for number, area in enumerate(framework.areas, start=1):
        for i, system in enumerate(area.systems):
            yield number, area, i == 0, system


def system_lookup(framework: Framework) -> Callable[[str], System]:
    def system(system_id: str) -> System:
        found = framework.system(system_id)
        if found is None:
            known = [s.id for _, s in framework.systems()]
            raise ValueError(f"unknown system '{system_id}' in framework '{framework.id}'"
                             f"{did_you_mean(system_id, known)}")
        return found

    return system


def general_objective(system: System) -> list[Inline]:
    assert system.general_objective is not None, "checked in setup"
    return inline_markdown(system.general_objective, system.pos("general_objective"))


def missing_general_objectives(framework: Framework, problems: Problems) -> None:
    for _, system in framework.systems():
        if system.general_objective is None:
            problems.add(system.pos(), f"system '{system.id}' has no general_objective "
                                       "(the document lists every system's)")


# ------------------------------------------------------------ the circular


def setup(content: Content,
          front: FrontMatter) -> tuple[Mapping[str, Any], Mapping[str, Builder]]:
    data = page_data(CircularData, front)
    framework = framework_named(content, data.framework, data.pos("framework"))
    ministries = {m.id: m for m in content.ministries}
    problems = Problems()
    if data.sender not in ministries:
        problems.add(data.pos("sender"), f"unknown ministry '{data.sender}'"
                                         f"{did_you_mean(data.sender, ministries)}")
    check_columns(data.tables.sistemas, 3, "sistemas", problems)
    check_columns(data.tables.expertos, 3, "expertos", problems)
    missing_general_objectives(framework, problems)
    problems.raise_if_any()
    sender = ministries[data.sender].minister
    taking_part = participants(content, framework)
    systems = [system for _, system in framework.systems()]
    rules = framework.rules
    context = {
        "framework": framework, "rules": rules, "date": front.date, "place": front.place,
        "new_systems": [s for s in systems if s.new],
        "voluntary_systems": [s for s in systems if s.voluntary],
        "system": system_lookup(framework), "named": named,
        "systems_listing": lambda chosen: listing(named(s) for s in chosen),
        "listing": listing, "words": words,
        "required": lambda system_id: rule_for(rules.required, system_id, "required"),
        "min_stage": lambda system_id: rule_for(rules.min_stage, system_id, "min_stage").stage,
    }
    builders: dict[str, Builder] = {
        "encabezado": lambda block: [header_block(data, framework, block)],
        "remitente": lambda block: [sender_block(sender, data.addressees, block)],
        "servicios": lambda block: [services_list(taking_part, block)],
        "sistemas": lambda block: [systems_table(framework, data.tables.sistemas, block)],
        "expertos": lambda block: [experts_table(framework, data.tables.expertos, block)],
        "firma": lambda block: [SignatureBlock([signer(sender)], pos=block.pos)],
        "distribucion": lambda block: [distribution_list(taking_part, block)],
    }
    return context, builders


def rule_for(rules: list[R], system_id: str, kind: str) -> R:
    """The year's rule of ``kind`` about a system (a template error if there is none)."""
    for rule in rules:
        if rule.system == system_id:
            return rule
    raise ValueError(f"no '{kind}' rule for system '{system_id}' in the framework's rules")


def participants(content: Content, framework: Framework) -> list[tuple[Ministry, list[Service]]]:
    """The ministries, in order, with their services that take part in one of
    the framework's mechanisms."""
    groups = []
    for ministry in content.ministries:
        services = [s for s in ministry.services
                    if set(s.mechanisms) & set(framework.mechanisms)]
        if services:
            groups.append((ministry, services))
    return groups


def header_block(data: CircularData, framework: Framework, block: DataBlock) -> FieldBlock:
    return FieldBlock([
        Field("Reg. N°", [Text(data.registry)]),
        Field("CIRC. N°", [Text(str(data.number))]),
        Field("ANT.:", inline_markdown(data.references, data.pos("references"))),
        Field("MAT.:", [Text(f"{framework.title}.")]),
    ], pos=block.pos)


def sender_block(sender: Person, addressees: str, block: DataBlock) -> FieldBlock:
    """``DE :`` the minister's name and office in capitals, ``A :`` the addressees."""
    lines = [line.upper() for line in (sender.name, sender.office) if line]
    fields = [Field("DE :" if i == 0 else "", [Text(line)]) for i, line in enumerate(lines)]
    return FieldBlock([*fields, Field("A :", [Text(addressees)])], pos=block.pos)


def signer(person: Person) -> Signer:
    return Signer(person.name.upper() if person.name else None, person.office)


def services_list(groups: list[tuple[Ministry, list[Service]]], block: DataBlock) -> BulletList:
    """Each ministry, then its services, one a line."""
    items = [ListItem([Paragraph([Text(f"{ministry.name}:")]),
                       *(Paragraph([Text(f"{service.name}.")]) for service in services)])
             for ministry, services in groups]
    return BulletList(items, pos=block.pos)


def distribution_list(groups: list[tuple[Ministry, list[Service]]],
                      block: DataBlock) -> BulletList:
    """Each minister, then the heads of the ministry's services."""
    items = []
    for ministry, services in groups:
        heads = [service.distribution or service.head.addressee for service in services]
        minister = ministry.distribution or ministry.minister.addressee
        items.append(ListItem([Paragraph([Text(f"{minister}:")]),
                               BulletList([ListItem([Paragraph([Text(f"{head}.")])])
                                           for head in heads])]))
    return BulletList(items, pos=block.pos)


def systems_table(framework: Framework, spec: TableSpec, block: DataBlock) -> Table:
    """Cuadro: areas, systems with their count of stages or objectives, general objectives."""
    rows = [[text_cell(area_label(number, area) if first else ""),
             text_cell(f"{system.name}. ({count_label(system)})"),
             Cell(general_objective(system))]
            for number, area, first, system in systems_by_area(framework)]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(systems_subtitle(framework, spec)),
                 label=block.label, widths=[3, 3.5, 7], pos=block.pos)


def systems_subtitle(framework: Framework, spec: TableSpec) -> str:
    return spec.subtitle or framework.short_title or framework.title


def experts_table(framework: Framework, spec: TableSpec, block: DataBlock) -> Table:
    """Cuadro: each system's expert institutions."""
    rows = [[text_cell(area_label(number, area) if first else ""),
             text_cell(f"{system.name}."),
             lines_cell([f"{framework.experts[expert]}." for expert in system.experts])]
            for number, area, first, system in systems_by_area(framework)]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(spec.subtitle), label=block.label, widths=[3, 4, 5],
                 pos=block.pos)


def caption_inlines(text: str | None) -> list[Inline] | None:
    return [Text(text)] if text else None
