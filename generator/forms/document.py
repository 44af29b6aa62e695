"""A document made from a Word form: the form filled (:mod:`.fill`) and its
body read back (:mod:`.read`), one :class:`~generator.model.document.Document`
that the DOCX writer gives as filled and the other writers format."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..errors import Pos, Problem, UserError, display_path
from ..kinds import Kind
from ..model.document import Document, Meta
from .fill import Form
from .read import read_filled


def load_form(kind: Kind, content_root: Path) -> Form:
    """The form of a Word-authored kind, read and checked."""
    path = kind.form_path(content_root)
    assert path is not None, f"{kind.name} is not a Word-authored kind"
    if not (path.exists() or path.is_symlink()):
        raise UserError([Problem(Pos(display_path(path)), f"the form of the {kind.command} is "
                                                          "missing")])
    return Form(path)


def form_document(form: Form, context: Mapping[str, Any], meta: Meta) -> Document:
    """``form`` filled with ``context``, as a document described by ``meta``
    (its page size is the form's)."""
    filled = form.fill(context, meta)
    read = read_filled(filled, form.shown)
    meta.page_size = read.page_size
    return Document(meta, read.blocks, source=Pos(form.shown), filled=filled,
                    not_carried=[str(item) for item in read.not_carried])
