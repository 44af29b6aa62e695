"""The content model: mechanisms, institutions, frameworks with their rules,
and commitments. Elements carry stable ids; their numbers are their positions
and are never stored."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Iterator

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .base import Id, Located, PlainMapping, Text


class Priority(str, Enum):
    ALTA = "Alta"
    MEDIANA = "Mediana"
    MENOR = "Menor"


class Person(Located):
    """An office holder: ``Sr.`` + ``Ministro de Hacienda`` (+ optional name)."""

    salutation: Text = Field(description="Sr. / Sra.")
    office: Text = Field(description="the office, e.g. 'Ministro de Hacienda'")
    name: Text | None = None
    TEMPLATE_ATTRIBUTES = frozenset({"addressee"})

    @property
    def addressee(self) -> str:
        return f"{self.salutation} {self.office}"


class Mechanism(Located):
    key: Id = Field(description="short key, lowercase: pmg, mei, sma")
    acronym: Text = Field(description="as written in documents: PMG, MEI, SMA")
    name: Text
    legal_basis: list[Text] = Field(
        min_length=1, description="citations for a decree's VISTOS, in order"
    )
    decree_subject: Text = Field(
        description="what the decree fixes, e.g. 'las Metas de Eficiencia Institucional'"
    )


class Service(Located):
    slug: Id
    name: Text
    article: str = Field(pattern="^(el|la|los|las)$",
                         description="the article the name takes: 'la' Superintendencia")
    head: Person
    mechanisms: list[Id] = Field(min_length=1)
    distribution: Text | None = Field(
        default=None, description="how a circular's distribution list names it when not by "
        "its head's title (e.g. a service whose head is not yet appointed)")
    TEMPLATE_ATTRIBUTES = frozenset({"named"})

    @property
    def named(self) -> str:
        """The name with its article, as running text says it: ``la Fiscalía Nacional Económica``."""
        return f"{self.article} {self.name}"


class Ministry(Located):
    id: Id
    name: Text
    minister: Person
    services: list[Service] = Field(default_factory=list)
    distribution: Text | None = Field(
        default=None, description="how a circular's distribution list names it when not by "
        "its minister's title")


class Decree(Located):
    """A decree's number and date, when known (blank for the stamp otherwise)."""

    number: Text | None = None
    date: dt.date | None = None
    exempt: bool = False
    ministry: Text | None = Field(default=None, description="issuing ministry, for citations")


class Objective(Located):
    id: Id
    text: Text | None = Field(
        default=None, description="Markdown inline text; footnotes as [^label]"
    )


class Stage(Located):
    id: Id | None = None
    advanced: bool = Field(
        default=False, description="a stage of the PMG's Programa Marco Avanzado (towards "
        "certification under ISO 9001), after the Programa Marco Básico's stages")
    example: bool = Field(
        default=False, description="a stage the sources do not give, there to illustrate")
    objectives: list[Objective] = Field(default_factory=list)


class System(Located):
    id: Id
    name: Text
    general_objective: Text | None = None
    advanced_objective: Text | None = Field(
        default=None, description="PMG Programa Marco Avanzado variant of the objective"
    )
    experts: list[Id] = Field(default_factory=list)
    new: bool = False
    voluntary: bool = False
    stages: list[Stage] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    TEMPLATE_ATTRIBUTES = frozenset({"staged", "all_objectives"})

    @property
    def staged(self) -> bool:
        return bool(self.stages)

    def all_objectives(self) -> Iterator[Objective]:
        yield from self.objectives
        for stage in self.stages:
            yield from stage.objectives


class Area(Located):
    id: Id
    name: Text
    systems: list[System] = Field(min_length=1)


class RequiredSystem(Located):
    system: Id
    min_weight: Decimal | None = None
    priority: Priority | None = None
    all_objectives: bool = False


class MinimumStage(Located):
    system: Id
    stage: int = Field(ge=1)


class Tier(Located):
    min_compliance: Decimal = Field(ge=0, le=100)
    increase: Decimal = Field(ge=0)


class Rules(Located):
    """The year's formulation and evaluation rules, as data."""

    weights_total: Decimal = Decimal(100)
    min_weight: Decimal | None = None
    required: list[RequiredSystem] = Field(default_factory=list)
    min_stage: list[MinimumStage] = Field(default_factory=list)
    last_stage: bool = Field(
        default=False,
        description="every committed staged system without a min_stage rule and not "
        "voluntary must be committed at its last stage",
    )
    indicator_met_at: Decimal | None = Field(
        default=None, description="an indicator counts as met at this % of its target"
    )
    tiers: list[Tier] = Field(default_factory=list)


#: Where a framework's title names its year.
YEAR_PLACEHOLDER = re.compile(r"\{year\}")


class Framework(Located):
    id: Id
    mechanisms: list[Id] = Field(min_length=1)
    year: int = Field(ge=1998, le=2100)
    version: int = Field(default=1, ge=1)
    title: Text = Field(description="as a decree cites it: 'que aprueba el <title>', so "
                             "it starts with 'Programa Marco'; {year} stands for the year")
    short_title: Text | None = Field(
        default=None, description="the shorter title tables give it as their subtitle; "
                                  "{year} stands for the year")
    decree: Decree | None = None
    experts: Annotated[dict[Id, Text], PlainMapping] = Field(default_factory=dict)
    footnotes: Annotated[dict[Id, Text], PlainMapping] = Field(default_factory=dict)
    areas: list[Area] = Field(min_length=1)
    rules: Rules = Field(default_factory=Rules)
    TEMPLATE_ATTRIBUTES = frozenset({"systems", "system"})

    @field_validator("title", "short_title")
    @classmethod
    def _compose_year(cls, title: str | None, info: ValidationInfo) -> str | None:
        """A title that names the year says ``{year}`` where it goes, so that
        it follows ``year`` and next year's copy needs no edit there."""
        if title is None:
            return None
        unknown = YEAR_PLACEHOLDER.sub("", title)
        if "{" in unknown or "}" in unknown:
            raise PydanticCustomError("year_placeholder",
                                      "braces other than {year} (the only placeholder)")
        if "year" not in info.data:  # a year in error, reported as such
            return title
        return YEAR_PLACEHOLDER.sub(str(info.data["year"]), title)

    def systems(self) -> Iterator[tuple[Area, System]]:
        for area in self.areas:
            for system in area.systems:
                yield area, system

    def system(self, system_id: str) -> System | None:
        for _, system in self.systems():
            if system.id == system_id:
                return system
        return None


class CommitmentItem(Located):
    system: Id
    stage: int | None = Field(default=None, ge=1)
    objectives: list[Id] | None = None
    priority: Priority
    weight: Decimal = Field(gt=0, le=100)


class Modification(Located):
    system: Id
    objective: Id | None = None
    change: Text
    justification: Text


class Commitment(Located):
    example: bool = Field(
        default=False, description="true for illustrative data not taken from a real decree"
    )
    institution: Id
    year: int = Field(ge=1998, le=2100)
    mechanism: Id
    decree: Decree | None = None
    items: list[CommitmentItem] = Field(min_length=1)
    modifications: list[Modification] = Field(default_factory=list)


@dataclass
class Content:
    """A loaded content tree (see :func:`generator.load.content.load_content`)."""

    root: Path
    mechanisms: dict[str, Mechanism] = field(default_factory=dict)
    ministries: list[Ministry] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    @cached_property
    def services(self) -> dict[str, tuple[Ministry, Service]]:
        """Every service by slug, with its ministry (read once the content is loaded)."""
        return {s.slug: (m, s) for m in self.ministries for s in m.services}

    @cached_property
    def commitments_by_path(self) -> dict[str, Commitment]:
        """The commitments loaded with the content, by the path they were read from."""
        return {commitment.pos().path: commitment for commitment in self.commitments}

    def framework_for(self, mechanism: str, year: int) -> Framework | None:
        for framework in self.frameworks:
            if framework.year == year and mechanism in framework.mechanisms:
                return framework
        return None

    def summary(self) -> str:
        systems = sum(1 for f in self.frameworks for _ in f.systems())
        objectives = sum(
            1 for f in self.frameworks for _, s in f.systems() for _ in s.all_objectives()
        )
        institutions = sum(len(m.services) for m in self.ministries)
        return (
            f"{len(self.frameworks)} frameworks, {systems} systems, {objectives} objectives, "
            f"{institutions} institutions, {len(self.commitments)} commitments"
        )
