"""The circular by which the Minister of Finance proposes a year's Programa
Marco to the ministers (source 000: Circular N° 39 of 15 September 2011).

The prose is the circular's Markdown (``content/circulares/*.md``); its front
matter ``data`` (:class:`CircularData`) names the framework and the sender and
gives the header's fields and the wording of the tables. Everything the
circular repeats from the framework and the institutions is built here: the
header block, the services by ministry, Cuadro 1 (areas, systems with their
counts, general objectives), Cuadro 2 (experts), the signature and the
distribution list. Parts shared with the other assemblers are in
:mod:`generator.assemble.parts`.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from pydantic import Field as ModelField

from ..errors import Problems, TemplateInputError, did_you_mean
from ..model.base import Id, Located, Text as TextField
from ..model.content import (
    Area, Content, Framework, MinimumStage, Ministry, Person, RequiredSystem, Service,
)
from ..model.document import (
    BulletList, Cell, Field, FieldBlock, ListItem, Paragraph, Placeholder, SignatureBlock, Table,
    Text,
)
from ..read.markdown import FrontMatter, inline_markdown
from . import Assembly, Transform
from .expand import Builder
from .parts import (
    TableSpec, area_cells, caption_inlines, check_columns, count_label, framework_named,
    general_objective, heading, lines_cell, listing, missing_general_objectives, named,
    page_data, rules_in_scope, signer, system_lookup, systems_by_area, systems_subtitle,
    text_cell, words,
)

R = TypeVar("R", RequiredSystem, MinimumStage)

# ------------------------------------------------------------ front matter


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


# ------------------------------------------------------------ wording


def area_label(number: int, area: Area) -> str:
    return f"{number}) {area.name}"


# ------------------------------------------------------------ the circular


#: A circular draws no figure from its numbered text.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
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
        "framework": framework, "rules": rules_in_scope(framework), "date": front.date,
        "place": front.place,
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
    # issued by the ministry whose minister signs it
    return Assembly(context, builders, issuer=ministries[data.sender].name)


def rule_for(rules: list[R], system_id: str, kind: str) -> R:
    """The year's rule of ``kind`` about a system (a template error if there is none)."""
    for rule in rules:
        if rule.system == system_id:
            return rule
    raise TemplateInputError(f"no '{kind}' rule for system '{system_id}' in the framework's rules")


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


def header_block(data: CircularData, framework: Framework, block: Placeholder) -> FieldBlock:
    return FieldBlock([
        Field("Reg. N°", [Text(data.registry)]),
        Field("CIRC. N°", [Text(str(data.number))]),
        Field("ANT.:", inline_markdown(data.references, data.pos("references"))),
        Field("MAT.:", [Text(f"{framework.title}.")]),
    ], pos=block.pos)


def sender_block(sender: Person, addressees: str, block: Placeholder) -> FieldBlock:
    """``DE :`` the minister's name and office in capitals, ``A :`` the addressees."""
    lines = [line.upper() for line in (sender.name, sender.office) if line]
    fields = [Field("DE :" if i == 0 else "", [Text(line)]) for i, line in enumerate(lines)]
    return FieldBlock([*fields, Field("A :", [Text(addressees)])], pos=block.pos)


def services_list(groups: list[tuple[Ministry, list[Service]]], block: Placeholder) -> BulletList:
    """Each ministry, then its services, one a line."""
    items = [ListItem([Paragraph([Text(f"{ministry.name}:")]),
                       *(Paragraph([Text(f"{service.name}.")]) for service in services)])
             for ministry, services in groups]
    return BulletList(items, pos=block.pos)


def distribution_list(groups: list[tuple[Ministry, list[Service]]],
                      block: Placeholder) -> BulletList:
    """Each minister, then the heads of the ministry's services."""
    items = []
    for ministry, services in groups:
        heads = [service.distribution or service.head.addressee for service in services]
        minister = ministry.distribution or ministry.minister.addressee
        items.append(ListItem([Paragraph([Text(f"{minister}:")]),
                               BulletList([ListItem([Paragraph([Text(f"{head}.")])])
                                           for head in heads])]))
    return BulletList(items, pos=block.pos)


def systems_table(framework: Framework, spec: TableSpec, block: Placeholder) -> Table:
    """Cuadro: areas, systems with their count of stages or objectives, general objectives."""
    rows = [[*area_cells(span, text_cell(area_label(number, area))),
             text_cell(f"{system.name}. ({count_label(system)})"),
             Cell(general_objective(system))]
            for number, area, span, system in systems_by_area(framework)]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(systems_subtitle(framework, spec)),
                 label=block.label, widths=[3, 3.5, 7], pos=block.pos)


def experts_table(framework: Framework, spec: TableSpec, block: Placeholder) -> Table:
    """Cuadro: each system's expert institutions."""
    rows = [[*area_cells(span, text_cell(area_label(number, area))),
             text_cell(f"{system.name}."),
             lines_cell([f"{framework.experts[expert]}." for expert in system.experts])]
            for number, area, span, system in systems_by_area(framework)]
    return Table(head=heading(spec), rows=rows, caption=caption_inlines(spec.caption),
                 subtitle=caption_inlines(spec.subtitle), label=block.label, widths=[3, 4, 5],
                 pos=block.pos)


