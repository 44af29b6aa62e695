"""The oficio that sends each institution its commitments decree: a Word
form (``templates/word/oficio.docx``), one per decree, filled from what the
decree itself is made from (:mod:`.decree`), and citing the decree's own
numbers: ``{{ ref('tbl:compromisos') }}`` is the number the decree's
commitments table has, ``{{ ref('art:fija') }}`` its article's.

The form's context (``docs/forms.md`` lists it): the decree template's
names (``institution``, ``ministry``, ``mechanism``, ``framework``,
``commitment``, ``finance``, ``rules``, ``year``, ``decree``), ``rows`` (the
decree table's rows as text), ``total`` (the weights' sum), ``compliance``
(the year's evaluation of the institution once there is one, else none) and
``ref(label)`` / ``ref(label, 'number')``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..errors import Pos, TemplateInputError
from ..forms.document import form_document, load_form
from ..kinds import KINDS, Kind
from ..load.evaluations import EVALUATIONS, read_evaluation
from ..model.content import Commitment, Content, Decree
from ..model.document import Document, Inline, LineBreak, Meta, Placeholder, Ref, Text
from ..model.labels import LabelTable
from ..model.walk import iter_inlines
from ..passes.frameworks import frameworks_library
from ..passes.prepare import prepare
from ..read.markdown import FrontMatter
from . import Assembly, Transform, document_properties
from .decree import Assembler as DecreeAssembler
from .decree import commitments_table, decree_source
from .evaluation_decree import compliance_data
from .parts import BUDGET_OFFICE, rules_in_scope

#: The keys of a row of ``rows``: the decree's commitments table's columns.
ROW_KEYS = ("area", "system", "scope", "priority", "weight")
#: An oficio draws no figure.
TRANSFORMS: dict[str, Transform] = {}


def setup(content: Content, front: FrontMatter) -> Assembly:
    """An oficio written as a Markdown document, not filled from its Word
    form, has only the content in scope."""
    return Assembly()


def label_ref(labels: LabelTable, what: str) -> Callable[..., str]:
    """``ref(label, form='full')`` for a form: how ``labels``' document
    refers to its element (``Cuadro 1``; ``1`` with ``'number'``)."""
    def ref(label: str, form: str = "full") -> str:
        if form not in ("full", "number"):
            raise TemplateInputError(f"ref('{label}', '{form}'): the form of a reference is "
                                     "'full' or 'number'")
        found = labels.labels.get(label)
        if found is None:
            raise TemplateInputError(f"ref('{label}'): {what} has no label '{label}'"
                                     f"{labels.suggest(label)}")
        return found.full if form == "full" else found.short
    return ref


class Assembler:
    """Reads commitments as the decree's assembler does (same checks, same
    ids but for the ``oficio-`` prefix) and fills the form once per decree."""

    def __init__(self, content: Content, kind: Kind):
        self.content = content
        self.kind = kind
        self.decrees = DecreeAssembler(content, KINDS["decree"])
        self.form = load_form(kind, content.root)
        self.library = frameworks_library(content)

    def read(self, path: Path, seen: dict[tuple[str, int, str], Pos]) -> Commitment:
        return self.decrees.read(path, seen)

    def document_id(self, commitment: Commitment) -> str:
        """``oficio-2012-mei-fne``."""
        return f"oficio-{DecreeAssembler.document_id(commitment)}"

    def context(self, commitment: Commitment) -> dict[str, Any]:
        """What the form sees for one commitment (see the module's docstring)."""
        decree = prepare(self.decrees.assemble(commitment), self.library)
        assert decree.labels is not None
        source = decree_source(self.content, commitment)
        framework = source.framework
        # the decree's own table, row by row, as text
        *items, total = commitments_table(source, Placeholder("compromisos")).rows
        rows = [dict(zip(ROW_KEYS, (self.plain(cell.inlines) for cell in row))) for row in items]
        return {
            "institution": source.service, "ministry": source.ministry,
            "mechanism": self.content.mechanisms[commitment.mechanism],
            "framework": framework, "commitment": commitment, "finance": self.decrees.finance,
            "rules": rules_in_scope(framework), "year": commitment.year,
            "decree": commitment.decree or Decree(), "rows": rows,
            "total": self.plain(total[-1].inlines),
            "compliance": self.compliance(commitment),
            "ref": label_ref(decree.labels, "the decree"),
        }

    def plain(self, inlines: list[Inline]) -> str:
        """A decree table cell's text, its objectives' numbers resolved as
        the reference pass resolves the decree's (in the framework's label table)."""
        return "".join(self.library[i.document or ""].labels[i.label].short
                       if isinstance(i, Ref) else i.text if isinstance(i, Text)
                       else " " if isinstance(i, LineBreak) else "" for i in iter_inlines(inlines))

    def compliance(self, commitment: Commitment) -> dict[str, Any] | None:
        """The year's evaluation of the commitment, once its file is there."""
        source = Path(commitment.pos().path)
        path = self.content.root / EVALUATIONS / source.parent.name / source.name
        if not path.is_file():
            return None
        return compliance_data(read_evaluation(self.content, path, {}))

    def assemble(self, commitment: Commitment) -> Document:
        source = decree_source(self.content, commitment)
        mechanism = self.content.mechanisms[commitment.mechanism]
        decree = commitment.decree
        meta = Meta(
            id=self.document_id(commitment), kind=self.kind.name,
            title=f"Oficio {mechanism.acronym} {commitment.year}: {source.service.name}",
            date=decree.date if decree and decree.date else dt.date(commitment.year, 1, 1),
            header=f"Oficio {mechanism.acronym} {commitment.year} · {source.service.name}",
            properties=document_properties(BUDGET_OFFICE),
        )
        return form_document(self.form, self.context(commitment), meta)

