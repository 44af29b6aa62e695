"""The passes in order, for one document or for documents built together:
numbering by the kind's scheme, the kind's post-numbering transforms (the
figures drawn from the numbered document), then the references, across the
documents when there are several. Each document keeps its label table
(``Document.labels``)."""

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


def prepare(document: Document) -> Document:
    """Every pass over one document that refers to no other."""
    resolve_references(document, number_document(document))
    return document


def prepare_together(documents: list[Document]) -> list[Document]:
    """Every pass over documents that may refer to each other
    (``[@id/tbl:label]``); every problem of every document is raised."""
    numbered, problems = [], []
    for document in documents:
        try:
            numbered.append((document, number_document(document)))
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    library: dict[str, LabelTable] = {}
    first: dict[str, Document] = {}
    for document, labels in numbered:
        if document.meta.id in first:
            problems.append(Problem(document.source, f"document id '{document.meta.id}' is "
                                    f"already the id of {first[document.meta.id].source.path}"))
        first.setdefault(document.meta.id, document)
        library.setdefault(document.meta.id, labels)
    for document, labels in numbered:
        try:
            resolve_references(document, labels, library)
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    return documents
