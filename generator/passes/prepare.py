"""The passes in order, for one document or for documents built together:
numbering by the kind's scheme, the kind's post-numbering transforms (the
figures drawn from the numbered document), then the references, across the
documents when there are several and into the label tables of the
frameworks (:mod:`generator.passes.frameworks`). Each document keeps its
label table (``Document.labels``)."""

from __future__ import annotations

from typing import Mapping

from ..assemble import Transform, assembler
from ..errors import Problem, UserError
from ..kinds import kind_named
from ..model.document import Document, Figure
from ..model.labels import LabelTable
from ..model.walk import iter_blocks
from .numbering import assign_numbers
from .references import resolve_references


def number_document(document: Document) -> LabelTable:
    """Number ``document`` by its kind's scheme and draw its pending figures."""
    kind = kind_named(document.meta.kind, document.source)
    labels = document.labels = assign_numbers(document, kind.scheme)
    transforms: Mapping[str, Transform] = assembler(kind).TRANSFORMS
    for block in iter_blocks(document.blocks):
        if isinstance(block, Figure) and block.pending is not None:
            transforms[block.pending](block, document)
            block.pending = None
    return labels


def prepare(document: Document, library: Mapping[str, LabelTable] | None = None) -> Document:
    """Every pass over one document that refers to no other document; its
    references may name the tables of ``library`` (the frameworks', by id)."""
    return prepare_together([document], library)[0]


def prepare_together(documents: list[Document],
                     library: Mapping[str, LabelTable] | None = None) -> list[Document]:
    """Every pass over documents that may refer to each other
    (``[@id/tbl:label]``) and to the tables of ``library`` (the frameworks',
    by id); every problem of every document is raised."""
    library = library or {}
    numbered, problems = [], []
    for document in documents:
        try:
            numbered.append((document, number_document(document)))
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    tables: dict[str, LabelTable] = dict(library)
    first: dict[str, Document] = {}
    for document, labels in numbered:
        taken = _taken(document, library, first)
        problems.extend(taken)
        if not taken:
            first[document.meta.id] = document
            tables[document.meta.id] = labels
    for document, labels in numbered:
        try:
            resolve_references(document, labels, tables)
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    return documents


def _taken(document: Document, library: Mapping[str, LabelTable],
           first: Mapping[str, Document]) -> list[Problem]:
    """The problem of ``document``'s id when a table of ``library`` or an
    earlier document (``first``, by id) has it already."""
    name = document.meta.id
    if name in library:
        return [Problem(document.source, f"document id '{name}' is already the id of a "
                                         f"{library[name].kind}")]
    if name in first:
        return [Problem(document.source, f"document id '{name}' is already the id of "
                                         f"{first[name].source.path}")]
    return []
