"""Walking a document tree: every block in document order, every inline."""

from __future__ import annotations

from typing import Iterable, Iterator

from .document import (
    Annex, Block, BulletList, DefinitionList, Deleted, Emph, FieldBlock, Figure, Inline, Inserted,
    NumberedParagraph, OrderedList, Paragraph, Revised, Section, Strong, Table,
)


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, parents before children, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, (Section, Annex)):
            yield from iter_blocks(block.children)
        elif isinstance(block, Revised):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from iter_blocks(item.blocks)


def inline_lists(block: Block) -> Iterator[list[Inline]]:
    """The inline sequences a block holds directly (not those of child blocks)."""
    if isinstance(block, (Paragraph, NumberedParagraph)):
        yield block.inlines
    elif isinstance(block, (Section, Annex)):
        yield block.title
    elif isinstance(block, Table):
        if block.caption:
            yield block.caption
        if block.subtitle:
            yield block.subtitle
        for row in [*block.head, *block.rows]:
            for cell in row:
                yield cell.inlines
    elif isinstance(block, DefinitionList):
        for item in block.items:
            yield item.term
            yield item.body
    elif isinstance(block, FieldBlock):
        for field in block.fields:
            yield field.value
    elif isinstance(block, Figure) and block.caption:
        yield block.caption


def iter_inlines(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Every inline, containers before their children."""
    for inline in inlines:
        yield inline
        if isinstance(inline, (Emph, Strong, Inserted, Deleted)):
            yield from iter_inlines(inline.children)


def all_inlines(blocks: Iterable[Block]) -> Iterator[Inline]:
    """Every inline of every block, in document order."""
    for block in iter_blocks(blocks):
        for inlines in inline_lists(block):
            yield from iter_inlines(inlines)
