"""The review as one self-contained HTML page (``marco diff --html FILE``):
the summary, a legend, a table of the documents with links to both
versions' files, and for each changed document its changes under the
headings above them, each shown as the HTML writer writes its redline
(``<ins>``/``<del>``), then its renumbering table. The stylesheet is inlined;
the page loads nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..writers import TEMPLATES
from ..writers.html import blocks_html
from .compare import DocumentDiff
from .diff import Review

PAGE = TEMPLATES / "html" / "review.html.j2"
CSS = TEMPLATES / "css" / "review.css"


@dataclass
class _Link:
    name: str
    href: str


def report_page(review: Review, at: Path | None = None) -> str:
    """The page; links to the files are relative to ``at`` (the page's folder)."""
    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
    template = environment.from_string(PAGE.read_text(encoding="utf-8"))
    folder = (at or Path.cwd()).resolve()
    return template.render(
        old=review.old.name, new=review.new.name, summary=review.summary(),
        css=Markup(CSS.read_text(encoding="utf-8")),
        documents=[_document(review, document, folder) for document in review.documents],
    )


def _document(review: Review, document: DocumentDiff, folder: Path) -> dict:
    shown = document.new or document.old
    assert shown is not None
    notes = document.redline.footnotes if document.redline else shown.footnotes
    groups = [{"where": where or "document",
               "changes": [{"action": c.action, "what": c.what,
                            "html": Markup(blocks_html([c.block], notes))} for c in changes]}
              for where, changes in groupby(document.changes, key=lambda c: c.where)]
    return {
        "id": document.id, "anchor": f"doc-{document.id}", "status": document.status,
        "title": shown.meta.title, "digest": document.digest(), "groups": groups,
        "shifts": [{"text": s.text(), "key": s.label or "",
                    "references": s.references} for s in document.shifts],
        "old_files": _links(review.old.files.get(document.id, []), folder),
        "new_files": _links(review.new.files.get(document.id, []), folder),
    }


def _links(paths: list[Path], folder: Path) -> list[_Link]:
    return [_Link(path.suffix.lstrip(".").upper(),
                  Path(os.path.relpath(path.resolve(), folder)).as_posix()) for path in paths]
