"""The text writer: a normalised plain text of a resolved document, one line
per paragraph, heading, table row and footnote. Tests compare it with the
sources, and diff review compares two versions of it."""

from __future__ import annotations

import re

from ..model.document import (
    Annex, Block, BulletList, DefinitionList, Document, Emph, FieldBlock, Figure,
    FootnoteRef, Inline, LineBreak, NumberedParagraph, OrderedList, PageBreak, Paragraph,
    Ref, Section, SignatureBlock, Strong, Table, Text,
)

SPACES = re.compile(r"[ \t\u00a0]+")


def inline_text(inlines: list[Inline]) -> str:
    """The plain text of inlines; footnote calls as ``[n]``."""
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, (Emph, Strong)):
            parts.append(inline_text(inline.children))
        elif isinstance(inline, Ref):
            assert inline.text is not None, f"unresolved reference {inline.label}"
            parts.append(inline.text)
        elif isinstance(inline, FootnoteRef):
            parts.append(f"[{inline.number}]")
        elif isinstance(inline, LineBreak):
            parts.append(" ")
    return normalise("".join(parts))


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def _joined(*parts: str | None) -> str:
    return normalise(" ".join(p for p in parts if p))


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Section):
        return [_joined(block.display, inline_text(block.title))] + blocks_lines(block.children)
    if isinstance(block, Annex):
        return [_joined(block.display), inline_text(block.title)] + blocks_lines(block.children)
    if isinstance(block, Paragraph):
        return [inline_text(block.inlines)]
    if isinstance(block, NumberedParagraph):
        return [_joined(block.display, inline_text(block.inlines))]
    if isinstance(block, (BulletList, OrderedList)):
        lines = []
        for i, item in enumerate(block.items):
            mark = block.displays[i] if isinstance(block, OrderedList) else "-"
            inner = blocks_lines(item.blocks)
            lines += [_joined(mark, inner[0] if inner else "")] + inner[1:]
        return lines
    if isinstance(block, Table):
        lines = [_joined(block.display)] if block.display else []
        if block.caption:
            lines.append(inline_text(block.caption))
        if block.subtitle:
            lines.append(inline_text(block.subtitle))
        for row in [*block.head, *block.rows]:
            lines.append(" | ".join(inline_text(cell.inlines) for cell in row))
        return lines
    if isinstance(block, DefinitionList):
        return [f"{inline_text(i.term)}: {inline_text(i.body)}" for i in block.items]
    if isinstance(block, FieldBlock):
        return [_joined(f.key, inline_text(f.value)) for f in block.fields]
    if isinstance(block, SignatureBlock):
        lines = []
        for signer in block.signers:
            lines += [s for s in (signer.name, signer.office) if s]
        return lines
    if isinstance(block, Figure):
        return [_joined(block.display, inline_text(block.caption or []))]
    if isinstance(block, PageBreak):
        return []
    raise AssertionError(f"unknown block {type(block).__name__}")


def blocks_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        lines += block_lines(block)
    return [line for line in lines if line]


def render_text(document: Document) -> str:
    lines = blocks_lines(document.blocks)
    for note in document.footnotes_in_order():
        lines.append(f"[{note.number}] {inline_text(note.inlines)}")
    return "\n".join(lines) + "\n"


class TextRenderer:
    """The text writer as a renderer: UTF-8 bytes of :func:`render_text`."""

    def stale(self) -> bool:
        return False

    def render(self, document: Document) -> bytes:
        return render_text(document).encode("utf-8")
