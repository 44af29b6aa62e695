"""Assemblers: one module per document kind (named by the kind's entry in
:mod:`generator.kinds`), building documents from content; those of marco's
own kinds are here.

A Markdown document of a kind is read in three steps: its front matter, whose
``kind`` picks the registry entry; its kind's ``setup(content, front)``,
which gives the :class:`Assembly` (the Jinja context and the builders of its
``::: data`` blocks); then Jinja and Markdown, whose placeholders the
builders expand. After numbering, the kind's ``TRANSFORMS`` draw the figures
made from the numbered document (:mod:`generator.passes.prepare`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import Problem, UserError, display_path
from ..kinds import Kind, kind_named
from ..load.files import read_text
from ..load.years import document_year_problems
from ..model.content import Content
from ..model.document import Document, Figure
from ..read.markdown import document_meta, render_document, split_front_matter
from ..read.templating import compile_template
from .expand import Builder, expand_placeholders

#: Draws a pending figure (``Figure.pending``) from the numbered document.
Transform = Callable[[Figure, Document], None]
#: The language of every document (BCP 47): Spanish as written in Chile.
LANGUAGE = "es-CL"


@dataclass
class Assembly:
    """What a kind's assembler gives one document: the names its Jinja
    template sees, the builders of its ``::: data NAME`` blocks, and the
    body that issues it (its author, ``Meta.properties["creator"]``), when
    the assembler knows it."""

    context: Mapping[str, Any] = field(default_factory=dict)
    builders: Mapping[str, Builder] = field(default_factory=dict)
    issuer: str | None = None


def document_properties(issuer: str | None) -> dict[str, str]:
    """A document's ``Meta.properties``: its author, the body that issues it
    (when known), and its language."""
    return {**({"creator": issuer} if issuer else {}), "language": LANGUAGE}


def assembler(kind: Kind) -> Any:
    """The assembler module of ``kind``."""
    return import_module(kind.assembler)


def read_document(path: Path, content: Content | None, expected: Kind | None = None) -> Document:
    """Read a Markdown document with the content and its kind's assembler;
    its placeholders are expanded. Without content (no content folder), it
    gets only its front matter's ``data``, as ``page``. With ``expected``,
    the document must be of that kind."""
    shown = display_path(path)
    front, body = split_front_matter(read_text(path), shown)
    kind = kind_named(front.kind, front.pos("kind"))
    if expected is not None and kind != expected:
        raise UserError([Problem(front.pos("kind"), f"a document of kind '{kind.name}' among "
                                                    f"the {expected.command} (expected kind "
                                                    f"'{expected.name}')")])
    assembly = assembler(kind).setup(content, front) if content is not None else Assembly()
    stale = document_year_problems(front, body, content) if content is not None else []
    template = compile_template(body, shown, content.root if content is not None else None)
    context = {**assembly.context, "page": front.data}
    if content is not None:
        context["content"] = content
    meta = document_meta(front)
    meta.properties.update(document_properties(assembly.issuer))
    try:
        document = render_document(template, shown, meta, context)
    except UserError as error:
        raise UserError([*stale, *error.problems]) from None
    if stale:
        raise UserError(stale)
    expand_placeholders(document, assembly.builders)
    return document
