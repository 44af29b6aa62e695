"""Assemblers: one module per document kind, building documents from content.

A standalone document (a circular, a Programa Marco, a guide) is Markdown with
front matter; its ``kind`` names the module here (``programa-marco`` →
``programa_marco``) whose ``setup(content, front)`` returns the extra Jinja
context and the data builders (``::: data NAME``) of that document. Kinds
without a module get only the content in scope.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from ..model.content import Content
    from ..read.markdown import Builder, FrontMatter
    from ..model.document import Document


def read_document(path: Path, content: Content | None) -> Document:
    """Read a standalone document with the content and its kind's assembler."""
    from ..read.markdown import read_markdown

    def setup(front: FrontMatter) -> tuple[Mapping[str, Any], Mapping[str, Builder]]:
        name = f"{__name__}.{front.kind.replace('-', '_')}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return {}, {}
        hook = getattr(module, "setup", None)
        if hook is None or content is None:
            return {}, {}
        return hook(content, front)

    return read_markdown(path, {"content": content} if content else {}, setup=setup)
