"""The decree fixing an institution's commitments for a year.

The prose is the content template the registry names
(``content/decrees/compromisos.md``); the commitments table, the
modifications table and the signatures are built here from data; the
objectives' numbers in the tables are references to the framework's labels
(:mod:`generator.passes.frameworks`). One template is compiled once and
rendered per commitment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import Pos, Problem, UserError, display_path
from ..kinds import Commitments, Kind
from ..load.content import read_commitment
from ..load.files import read_text
from ..model.content import Commitment, Content, Decree, Framework, Ministry, Service
from ..model.document import Cell, Document, Inline, Meta, Placeholder, SignatureBlock, Table, Text
from ..model.scheme import roman
from ..passes.frameworks import objective_ref
from ..read.markdown import FrontMatter, render_document
from ..read.templating import compile_template
from ..spanish import long_date, percent
from . import Assembly, Transform, document_properties
from .expand import expand_placeholders
from .parts import rules_in_scope, signer

#: The Minister of Finance signs every decree with the sector minister.
FINANCE_MINISTRY = "hacienda"
#: Who issues a decree that names no ministry of its own: the Ministry of Finance.
FINANCE = "Ministerio de Hacienda"


@dataclass
class DecreeSource:
    """What one decree is made from."""

    commitment: Commitment
    framework: Framework
    ministry: Ministry
    service: Service



def decree_source(content: Content, commitment: Commitment) -> DecreeSource:
    """What the decree of a checked commitment is made from."""
    framework = content.framework_for(commitment.mechanism, commitment.year)
    ministry, service = content.services[commitment.institution]
    assert framework is not None, "links are checked on load"
    return DecreeSource(commitment, framework, ministry, service)


#: A decree draws no figure from its numbered text.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
    """A decree written as a Markdown document, not made from a commitment,
    has only the content in scope and no data blocks."""
    return Assembly()


class Assembler:
    """The assembler of a kind made from commitments (``kinds.Commitments``):
    compiles the kind's template (under the content root) once;
    :meth:`assemble` makes one commitment's decree."""

    def __init__(self, content: Content, kind: Kind):
        assert isinstance(kind.sources, Commitments)
        self.content = content
        self.kind = kind.name
        path = content.root / kind.sources.template
        self.shown = display_path(path)
        if not (path.exists() or path.is_symlink()):
            raise UserError([Problem(Pos(self.shown), "decree template is missing")])
        self.template = compile_template(read_text(path), self.shown, content.root)
        finance = [m for m in content.ministries if m.id == FINANCE_MINISTRY]
        if not finance:
            raise UserError([Problem(Pos(display_path(content.root / "institutions.yaml")),
                                     f"no ministry with id '{FINANCE_MINISTRY}' "
                                     "(its minister signs every decree)")])
        self.finance = finance[0]

    def read(self, path: Path, seen: dict[tuple[str, int, str], Pos]) -> Commitment:
        """A commitment file, read and checked (``seen``: where the files
        read before it are, to find a second commitment of the same
        institution)."""
        return read_commitment(self.content, path, seen)

    @staticmethod
    def document_id(commitment: Commitment) -> str:
        """The id of a commitment's decree: ``2012-mei-fne``."""
        return f"{commitment.year}-{commitment.mechanism}-{commitment.institution}"

    def assemble(self, commitment: Commitment) -> Document:
        source = decree_source(self.content, commitment)
        framework = source.framework
        mechanism = self.content.mechanisms[commitment.mechanism]
        decree = commitment.decree
        meta = Meta(
            id=self.document_id(commitment), kind=self.kind,
            title=f"Decreto {mechanism.acronym} {commitment.year}: {source.service.name}",
            date=(decree.date if decree and decree.date else dt.date(commitment.year, 1, 1)),
            header=f"{mechanism.acronym} {commitment.year} · {source.service.name}",
            # issued by the institution's (sector) ministry
            properties=document_properties(source.ministry.name),
        )
        context = {
            "institution": source.service, "ministry": source.ministry, "mechanism": mechanism,
            "framework": framework, "commitment": commitment, "finance": self.finance,
            "rules": rules_in_scope(framework), "year": commitment.year,
            "decree": decree or _NO_DECREE,
            "vistos": [*mechanism.legal_basis, approval_citation(framework)],
            "approval": by_means_of(framework.decree, FINANCE),
        }
        builders = {
            "compromisos": lambda block: [commitments_table(source, block)],
            "modificaciones": lambda block: [modifications_table(source, block)],
            "firmas": lambda block: [signatures_of(source, self.finance, block)],
        }
        document = render_document(self.template, self.shown, meta, context)
        expand_placeholders(document, builders)
        return document


def signatures_of(source: DecreeSource, finance: Ministry, block: Placeholder) -> SignatureBlock:
    """The sector minister's signature, and the Minister of Finance's."""
    ministers = [source.ministry.minister]
    if source.ministry.id != finance.id:
        ministers.append(finance.minister)
    return SignatureBlock([signer(m) for m in ministers], pos=block.pos)


#: The decree of a commitment that names none: no number, no date.
_NO_DECREE = Decree()


def citation(decree: Decree | None, subject: str, ministry: str) -> str:
    """A decree as VISTOS cites it: ``el Decreto N° 475, de 1998, del
    Ministerio de Hacienda, <subject>``; without its number, ``el decreto del
    Ministerio de Hacienda <subject>``. The ministry is the decree's own when
    it names one."""
    ministry = _issuer(decree, ministry)
    if decree and decree.number:
        year = f", de {decree.date.year}" if decree.date else ""
        return f"el Decreto N° {decree.number}{year}, del {ministry}, {subject}"
    return f"el decreto del {ministry} {subject}"


def by_means_of(decree: Decree | None, ministry: str) -> str:
    """How running text names a decree: ``mediante el Decreto N° 12, de 3
    de enero de 2012``; without its number, ``mediante decreto del <ministry>``."""
    if decree and decree.number:
        dated = f", de {long_date(decree.date)}" if decree.date else ""
        return f"mediante el Decreto N° {decree.number}{dated}"
    return f"mediante decreto del {_issuer(decree, ministry)}"


def _issuer(decree: Decree | None, ministry: str) -> str:
    return decree.ministry if decree and decree.ministry else ministry


def approval_citation(framework: Framework) -> str:
    """The VISTOS citation of the decree approving the year's Programa Marco."""
    return citation(framework.decree, f"que aprueba el {framework.title}", FINANCE)


def commitment_scope(framework: Framework, system_id: str, stage: int | None,
                     objectives: list[str] | None) -> list[Inline]:
    """``Etapa IV`` (``Etapa V (Avanzado)`` for a stage of the PMG's
    Programa Marco Avanzado: a line of its own in the table's narrow column)
    or ``Objetivos 1, 2 y 3``, the objectives by number, each a reference to
    its label in the framework's table."""
    system = framework.system(system_id)
    assert system is not None
    if stage is not None:
        advanced = " (Avanzado)" if system.stages[stage - 1].advanced else ""
        return [Text(f"Etapa\u00a0{roman(stage)}{advanced}")]  # no break inside "Etapa IV"
    committed = [o for o in system.all_objectives() if o.id in (objectives or [])]
    refs: list[Inline] = [objective_ref(framework, system, objective) for objective in committed]
    return [Text(f"Objetivo{'s' if len(refs) > 1 else ''} "), *_listed(refs)]


def _listed(inlines: list[Inline]) -> list[Inline]:
    """``a``, ``a y b``, ``a, b y c``; no line break between the last "y" and
    its item, which is never left alone on a line."""
    joined: list[Inline] = []
    for i, inline in enumerate(inlines):
        if i:
            joined.append(Text(" y\u00a0" if i == len(inlines) - 1 else ", "))
        joined.append(inline)
    return joined


def commitments_table(source: DecreeSource, block: Placeholder) -> Table:
    framework = source.framework
    area_of = {system.id: area for area, system in framework.systems()}
    order = {system.id: i for i, (_, system) in enumerate(framework.systems())}
    head = [[Cell([Text(h)]) for h in ("Área", "Sistema", "Etapa / Objetivos", "Prioridad",
                                       "Ponderador")]]
    rows = []
    for item in sorted(source.commitment.items, key=lambda i: order[i.system]):
        system = framework.system(item.system)
        assert system is not None
        rows.append([
            Cell([Text(area_of[item.system].name)]),
            Cell([Text(system.name)]),
            Cell(commitment_scope(framework, item.system, item.stage, item.objectives)),
            Cell([Text(item.priority.value)], align="center"),
            Cell([Text(percent(item.weight))], align="right"),
        ])
    total = sum((item.weight for item in source.commitment.items), Decimal(0))
    rows.append([Cell([Text("Total")], colspan=4), Cell([Text(percent(total))], align="right")])
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text(f"Compromisos {source.commitment.year}")],
                 widths=[2.8, 3.8, 2.2, 1.6, 2.0])


def modifications_table(source: DecreeSource, block: Placeholder) -> Table:
    framework = source.framework
    head = [[Cell([Text(h)]) for h in ("Sistema", "Objetivo", "Modificación", "Justificación")]]
    rows = []
    for modification in source.commitment.modifications:
        system = framework.system(modification.system)
        assert system is not None
        number: list[Inline] = [objective_ref(framework, system, objective) for objective
                                in system.all_objectives()
                                if objective.id == modification.objective]
        rows.append([Cell([Text(system.name)]), Cell(number, align="center"),
                     Cell([Text(modification.change)]), Cell([Text(modification.justification)])])
    return Table(head=head, rows=rows, label=block.label, pos=block.pos,
                 caption=[Text("Modificaciones aprobadas")], widths=[3, 1.7, 4, 4])
