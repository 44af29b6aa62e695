"""The decree fixing an institution's compliance for a year and the pay
increase it earns (source 001, step 5).

The prose is the content template the registry names
(``content/decrees/evaluacion.md``); the table of results and the signatures
are built here from the evaluation (:mod:`generator.compliance`): each
committed item, its weight, its compliance (100 % or 0 %) and the weight it
obtained, the total the global compliance; the approved modifications an item
was evaluated by, the stage reached, the indicators' measures and the
verifiers' notes are footnotes of the compliance they explain.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from ..compliance import Compliance, ItemCompliance, tier_above
from ..errors import Pos
from ..load.evaluations import read_evaluation
from ..model.content import Content, Decree, Framework, Modification
from ..model.document import (Cell, Document, Footnote, FootnoteRef, Inline, Meta, Placeholder,
                              Table, Text)
from ..model.scheme import roman
from ..passes.frameworks import objective_ref
from ..read.markdown import FrontMatter, render_document
from ..spanish import number, percent
from . import Assembly, Transform, document_properties
from .decree import Assembler as DecreeAssembler
from .decree import (approval_citation, by_means_of, citation, commitment_scope, decree_source,
                     signatures_of)
from .expand import expand_placeholders
from .parts import rules_in_scope

#: An evaluation decree draws no figure from its numbered text.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
    """An evaluation decree written as a Markdown document, not made from an
    evaluation, has only the content in scope and no data blocks."""
    return Assembly()


class Assembler(DecreeAssembler):
    """Compiles the kind's template once (as the decree's assembler does);
    :meth:`assemble` makes the decree of one evaluated commitment."""

    def read(self, path: Path, seen: dict[tuple[str, int, str], Pos]) -> Compliance:
        """An evaluation file and its commitment, read, checked and evaluated."""
        return read_evaluation(self.content, path, seen)

    @staticmethod
    def document_id(compliance: Compliance) -> str:
        """``evaluacion-2012-mei-fne``."""
        commitment = compliance.commitment
        return f"evaluacion-{commitment.year}-{commitment.mechanism}-{commitment.institution}"

    def assemble(self, compliance: Compliance) -> Document:
        commitment, evaluation = compliance.commitment, compliance.evaluation
        source = decree_source(self.content, commitment)
        mechanism = self.content.mechanisms[commitment.mechanism]
        decree = evaluation.decree
        year = commitment.year
        meta = Meta(
            id=self.document_id(compliance), kind=self.kind,
            title=f"Decreto de cumplimiento {mechanism.acronym} {year}: {source.service.name}",
            date=(decree.date if decree and decree.date
                  else evaluation.report or dt.date(year + 1, 1, 1)),
            header=f"Cumplimiento {mechanism.acronym} {year} · {source.service.name}",
            properties=document_properties(source.ministry.name),
        )
        context = {
            "institution": source.service, "ministry": source.ministry, "mechanism": mechanism,
            "framework": source.framework, "commitment": commitment, "evaluation": evaluation,
            "finance": self.finance, "rules": rules_in_scope(source.framework), "year": year,
            "decree": decree or _NO_DECREE, "compliance": compliance_data(compliance),
            "vistos": [*mechanism.legal_basis, approval_citation(source.framework),
                       citation(commitment.decree, f"que fija {mechanism.decree_subject} para "
                                f"el año {year}", source.ministry.name)],
            "fixed": by_means_of(commitment.decree, source.ministry.name),
        }
        document = render_document(self.template, self.shown, meta, context)
        builders = {
            "cumplimiento": lambda block: [results_table(compliance, block, document)],
            "firmas": lambda block: [signatures_of(source, self.finance, block)],
        }
        expand_placeholders(document, builders)
        return document


#: The decree of an evaluation that names none: no number, no date.
_NO_DECREE = Decree()


def compliance_data(compliance: Compliance) -> dict[str, Any]:
    """What the template knows of the evaluation's worth, as plain data:
    ``total`` and ``increase`` (per cent), ``minimum`` (the tier's least
    compliance) and ``below`` (the next tier's, none at the top), ``systems_met``
    and ``systems`` (how many committed systems were met, of how many)."""
    above = tier_above(compliance.framework.rules.tiers, compliance.tier)
    return {
        "total": compliance.total, "increase": compliance.increase,
        "minimum": compliance.tier.min_compliance,
        "below": above.min_compliance if above else None,
        "systems_met": sum(1 for item in compliance.items if item.met),
        "systems": len(compliance.items),
    }


def results_table(compliance: Compliance, block: Placeholder, document: Document) -> Table:
    framework = compliance.framework
    order = {system.id: i for i, (_, system) in enumerate(framework.systems())}
    head = [[Cell([Text(h)]) for h in ("Sistema", "Etapa / Objetivos", "Ponderador",
                                       "Cumplimiento", "Ponderación obtenida")]]
    rows = []
    for item in sorted(compliance.items, key=lambda i: order[i.item.system]):
        system = framework.system(item.item.system)
        assert system is not None
        result: list[Inline] = [Text(percent(item.compliance))]
        explained = explanation(item, framework, compliance.commitment.modifications)
        if explained:
            label = f"resultado-{item.item.system}"
            document.footnotes[label] = Footnote(label, explained, pos=item.result.pos())
            result.append(FootnoteRef(label, pos=item.result.pos()))
        rows.append([
            Cell([Text(system.name)]),
            Cell(commitment_scope(framework, item.item.system, item.item.stage,
                                  item.item.objectives)),
            Cell([Text(percent(item.item.weight))], align="right"),
            Cell(result, align="right"),
            Cell([Text(percent(item.obtained))], align="right"),
        ])
    weights = sum((item.item.weight for item in compliance.items), Decimal(0))
    rows.append([Cell([Text("Total")], colspan=2), Cell([Text(percent(weights))], align="right"),
                 Cell([]), Cell([Text(percent(compliance.total))], align="right")])
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(f"Cumplimiento {compliance.commitment.year}")],
                 widths=[3.8, 2.6, 2.0, 2.2, 2.2])


def explanation(item: ItemCompliance, framework: Framework,
                modifications: list[Modification]) -> list[Inline]:
    """The footnote of an item's compliance: the approved modifications it
    was evaluated by, the stage reached, each indicator's measure, what was
    not met, the verifiers' notes (an objective named by a reference to its
    number in the framework); empty when there is nothing to say beyond the
    figure."""
    parts: list[list[Inline]] = []
    system = framework.system(item.item.system)
    assert system is not None
    objectives = {o.id: o for o in system.all_objectives()}
    for modification in modifications:
        if modification.system != item.item.system:
            continue
        which: list[Inline] = [] if modification.objective is None else [
            Text(" del objetivo\u00a0"),
            objective_ref(framework, system, objectives[modification.objective])]
        parts.append([Text("Evaluado conforme a la modificación"), *which,
                      Text(f" aprobada en el decreto que fijó los compromisos: "
                           f"{_sentence(modification.change)}")])
    committed, reached = item.item.stage, item.result.stage_reached
    if committed is not None and reached is not None and reached != committed:
        parts.append([Text(f"Etapa alcanzada: {roman(reached)}." if reached
                           else "No se alcanzó ninguna etapa.")])
    for objective in item.objectives:
        result = objective.result
        name: list[Inline] = [Text("Objetivo\u00a0"),
                              objective_ref(framework, system, objectives[result.objective])]
        if result.measured is not None and result.target is not None:
            share = (result.measured * 100 / result.target).quantize(Decimal("0.1"), ROUND_DOWN)
            met_at = framework.rules.indicator_met_at
            assert met_at is not None, "checked on load"
            parts.append([*name, Text(
                f": indicador de {number(result.measured)} para una meta de "
                f"{number(result.target)} ({percent(share)} de la meta; se cumple al "
                f"{percent(met_at)}), {'cumplido' if objective.met else 'no cumplido'}.")])
        elif not objective.met:
            parts.append([*name, Text(": no cumplido.")])
        if result.note:
            parts.append([Text(_sentence(result.note))])
    if item.result.note:
        parts.append([Text(_sentence(item.result.note))])
    joined: list[Inline] = []
    for i, part in enumerate(parts):
        joined += [Text(" ")] * bool(i) + part
    return joined


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."
