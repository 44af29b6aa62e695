"""The letter asking each service's head to formulate its commitments for a
year (source 001, step 1): a Word form (``templates/word/formulacion.docx``),
one per service taking part in a mechanism of one of the year's frameworks,
sent before any commitment exists.

The form's context (``docs/forms.md`` lists it): ``institution``,
``ministry``, ``mechanism``, ``framework``, ``rules``, ``year``, ``finance``
(the Ministry of Finance), ``approval`` (how running text names the decree
approving the framework: ``mediante el Decreto N° 12, de …``), ``systems``
(the framework's systems, each ``area``, ``system``, ``count`` — ``4
etapas`` —, ``required``, whether the rules require it, and ``minimum``,
the least weight the rules fix for it, as text, or none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..forms.document import form_document, load_form
from ..kinds import Kind
from ..model.content import Content, Framework, RequiredSystem, Service
from ..model.document import Document, Meta
from ..read.markdown import FrontMatter
from ..spanish import percent
from . import Assembly, Transform, document_properties
from .decree import FINANCE, FINANCE_MINISTRY, by_means_of
from .parts import BUDGET_OFFICE, count_label, rules_in_scope

#: A letter draws no figure.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
    """A letter written as a Markdown document, not filled from its Word
    form, has only the content in scope."""
    return Assembly()


class Assembler:
    """Fills the form once per (framework, service)."""

    def __init__(self, content: Content, kind: Kind):
        self.content = content
        self.kind = kind
        self.form = load_form(kind, content.root)
        self.finance = next((m for m in content.ministries if m.id == FINANCE_MINISTRY), None)

    @staticmethod
    def document_id(framework: Framework, mechanism: str, service: Service) -> str:
        """``formulacion-2012-mei-fne``."""
        return f"formulacion-{framework.year}-{mechanism}-{service.slug}"

    def context(self, framework: Framework, mechanism: str, service: Service) -> dict[str, Any]:
        ministry, _ = self.content.services[service.slug]
        required = {r.system: r for r in framework.rules.required}
        return {
            "institution": service, "ministry": ministry,
            "mechanism": self.content.mechanisms[mechanism], "framework": framework,
            "rules": rules_in_scope(framework), "year": framework.year,
            "finance": self.finance, "approval": by_means_of(framework.decree, FINANCE),
            "systems": [{"area": area.name, "system": system.name, "count": count_label(system),
                         "required": system.id in required,
                         "minimum": _minimum(required.get(system.id))}
                        for area, system in framework.systems()],
        }

    def assemble(self, framework: Framework, mechanism: str, service: Service) -> Document:
        acronym = self.content.mechanisms[mechanism].acronym
        ministry, _ = self.content.services[service.slug]
        meta = Meta(
            id=self.document_id(framework, mechanism, service), kind=self.kind.name,
            title=f"Formulación {acronym} {framework.year}: {service.name}",
            date=(framework.decree.date if framework.decree and framework.decree.date
                  else dt.date(framework.year - 1, 1, 1)),
            header=f"Formulación {acronym} {framework.year} · {service.name}",
            properties=document_properties(BUDGET_OFFICE),
        )
        return form_document(self.form, self.context(framework, mechanism, service), meta)


def _minimum(rule: RequiredSystem | None) -> str | None:
    return percent(rule.min_weight) if rule is not None and rule.min_weight is not None else None
