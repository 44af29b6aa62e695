"""A review on the terminal: the summary, then a word diff of each changed
document, block by block under the headings above each change:
``~`` a changed block with ``[-deleted-]{+inserted+}`` words (coloured on a
terminal instead), ``+`` and ``-`` a block inserted or deleted; then the
numbers that moved. ``--raw`` gives instead the line diff of the text
writer's output."""

from __future__ import annotations

import difflib
from itertools import groupby
from typing import Iterator

import click

from ..model.document import Revised, Table
from ..writers.text import TextWriter, render_text
from .compare import Change, DocumentDiff
from .diff import Review


class _ColourWriter(TextWriter):
    def inserted(self, text: str) -> str:
        return click.style(text, fg="green", bold=True, underline=True)

    def deleted(self, text: str) -> str:
        return click.style(text, fg="red", bold=True, strikethrough=True)


def summary_lines(review: Review) -> Iterator[str]:
    yield review.summary()
    for document in review.documents:
        yield f"  {document.status:<8} {document.id}: {document.digest()}"


def diff_lines(review: Review, colour: bool, raw: bool = False) -> Iterator[str]:
    """Each changed document's diff (``raw``: its text's line diff)."""
    writer = _ColourWriter() if colour else TextWriter()
    paint = click.style if colour else (lambda text, **_: text)
    for document in review.documents:
        yield ""
        yield paint(f"--- {review.old.name}: {document.id}", bold=True)
        yield paint(f"+++ {review.new.name}: {document.id}", bold=True)
        if raw or document.status != "changed":
            yield from _raw_lines(document, paint)
            continue
        for where, changes in groupby(document.changes, key=lambda change: change.where):
            yield paint(f"@@ {where or 'document'} @@", fg="cyan")
            for change in changes:
                yield from _change_lines(change, writer, paint)
        if document.shifts:
            yield paint("renumbered:", fg="cyan")
            for shift in document.shifts:
                follow = (f" ({shift.references} reference{'s' if shift.references != 1 else ''})"
                          if shift.references else "")
                label = f"  [{shift.label}]" if shift.label else ""
                yield f"  {shift.text()}{follow}{label}"


def _change_lines(change: Change, writer: TextWriter, paint) -> Iterator[str]:
    block = change.block
    if isinstance(block, Revised):
        block = block.blocks[0]
    if isinstance(block, Table) and change.what == "row":
        row = block.rows[0]
        lines = [" | ".join(writer.inlines(cell.inlines) for cell in row)]
    else:
        lines = TextWriter().blocks_lines([block]) if change.action != "changed" \
            else writer.blocks_lines([block])
    if change.action == "changed":
        yield from (f"~ {line}" for line in lines)
    elif change.action == "inserted":
        yield from (paint(f"+ {line}", fg="green") for line in lines)
    else:
        yield from (paint(f"- {line}", fg="red") for line in lines)


def _raw_lines(document: DocumentDiff, paint) -> Iterator[str]:
    old = render_text(document.old).splitlines() if document.old else []
    new = render_text(document.new).splitlines() if document.new else []
    for line in list(difflib.unified_diff(old, new, lineterm="", n=1))[2:]:
        colour = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1])
        yield paint(line, fg=colour) if colour else line
