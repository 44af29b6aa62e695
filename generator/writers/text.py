"""The text writer: a normalised plain text of a resolved document, one line
per paragraph, heading, table row and footnote. Tests compare it with the
sources, and diff review compares two versions of it.

A redline's edits read as git's ``--word-diff=plain`` does,
``[-deleted-]{+inserted+}``, and whole blocks, rows, items and notes inserted
or deleted as one such line each; its renumbering reads as the new numbers
only (diff review lists it apart). :class:`TextWriter` says how a change is
marked; ``marco diff`` colours it instead on a terminal.
"""

from __future__ import annotations

import re

from ..model.document import (
    ITEM_MARK, Annex, Block, BulletList, Cell, DefinitionList, Deleted, Document, Emph,
    FieldBlock, Figure, Footnote, FootnoteRef, Inline, Inserted, LineBreak, ListItem,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Ref, Revised, Revision, Section,
    SignatureBlock, Strong, Table, Text, cell_items,
)

SPACES = re.compile(r"[ \t\u00a0]+")


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip()


class TextWriter:
    """Writes blocks as lines of text; :meth:`inserted` and :meth:`deleted`
    mark a redline's edits."""

    def inserted(self, text: str) -> str:
        return f"{{+{text}+}}"

    def deleted(self, text: str) -> str:
        return f"[-{text}-]"

    def revised(self, action: Revision, lines: list[str]) -> list[str]:
        mark = self.inserted if action == "inserted" else self.deleted
        return [mark(line) for line in lines if line]

    # ----------------------------------------------------------- inlines

    def inlines(self, inlines: list[Inline]) -> str:
        """The plain text of inlines; footnote calls as ``[n]``."""
        return normalise("".join(self.inline(inline) for inline in inlines))

    def inline(self, inline: Inline) -> str:
        if isinstance(inline, Text):
            return inline.text
        if isinstance(inline, (Emph, Strong)):
            return "".join(self.inline(child) for child in inline.children)
        if isinstance(inline, Ref):
            assert inline.text is not None, f"unresolved reference {inline.label}"
            return inline.text
        if isinstance(inline, FootnoteRef):
            return f"[{inline.number}]"
        if isinstance(inline, LineBreak):
            return " "
        if isinstance(inline, (Inserted, Deleted)):
            text = "".join(self.inline(child) for child in inline.children)
            if isinstance(inline, Inserted):
                # renumbering reads as the new number; a change of spacing as a space
                return text if inline.change == "renumbering" or not text.strip() \
                    else self.inserted(text)
            return "" if inline.change == "renumbering" or not text.strip() else self.deleted(text)
        raise AssertionError(f"unknown inline {type(inline).__name__}")

    # ------------------------------------------------------------ blocks

    def block_lines(self, block: Block) -> list[str]:
        if isinstance(block, Section):
            return [_joined(block.display, self.inlines(block.title))] \
                + self.blocks_lines(block.children)
        if isinstance(block, Annex):
            return [_joined(block.display), self.inlines(block.title)] \
                + self.blocks_lines(block.children)
        if isinstance(block, Paragraph):
            return [self.inlines(block.inlines)]
        if isinstance(block, NumberedParagraph):
            return [_joined(block.display, self.inlines(block.inlines))]
        if isinstance(block, (BulletList, OrderedList)):
            lines = []
            for i, item in enumerate(block.items):
                mark = block.displays[i] if isinstance(block, OrderedList) else "-"
                lines += self.item_lines(item, mark)
            return lines
        if isinstance(block, Table):
            return self.table_lines(block)
        if isinstance(block, DefinitionList):
            return [f"{self.inlines(i.term)}: {self.inlines(i.body)}" for i in block.items]
        if isinstance(block, FieldBlock):
            return [_joined(f.key, self.inlines(f.value)) for f in block.fields]
        if isinstance(block, SignatureBlock):
            lines = []
            for signer in block.signers:
                lines += [s for s in (signer.name, signer.office) if s]
            return lines
        if isinstance(block, Figure):
            return [_joined(block.display, self.inlines(block.caption or []))]
        if isinstance(block, PageBreak):
            return []
        if isinstance(block, Revised):
            return self.revised(block.action, self.blocks_lines(block.blocks))
        raise AssertionError(f"unknown block {type(block).__name__}")

    def item_lines(self, item: ListItem, mark: str) -> list[str]:
        inner = self.blocks_lines(item.blocks)
        lines = [_joined(mark, inner[0] if inner else "")] + inner[1:]
        return self.revised(item.revised, lines) if item.revised else lines

    def table_lines(self, table: Table) -> list[str]:
        lines = [_joined(table.display)] if table.display else []
        if table.caption:
            lines.append(self.inlines(table.caption))
        if table.subtitle:
            lines.append(self.inlines(table.subtitle))
        for index, row in enumerate([*table.head, *table.rows]):
            line = " | ".join(self.cell(cell) for cell in row)
            action = table.revised_rows.get(index)
            lines += self.revised(action, [line]) if action else [line]
        return lines

    def cell(self, cell: Cell) -> str:
        if cell.listed:
            return " ".join(f"{ITEM_MARK} {self.inlines(item)}" for item in cell_items(cell))
        return self.inlines(cell.inlines)

    def blocks_lines(self, blocks: list[Block]) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += self.block_lines(block)
        return [line for line in lines if line]

    def note_line(self, note: Footnote) -> str:
        line = f"[{note.number}] {self.inlines(note.inlines)}"
        return self.revised(note.revised, [line])[0] if note.revised else line

    def document(self, document: Document) -> str:
        lines = self.blocks_lines(document.blocks)
        lines += [self.note_line(note) for note in document.footnotes_in_order()]
        return "\n".join(lines) + "\n"


def _joined(*parts: str | None) -> str:
    return normalise(" ".join(p for p in parts if p))


_PLAIN = TextWriter()


def inline_text(inlines: list[Inline]) -> str:
    """The plain text of inlines; footnote calls as ``[n]``."""
    return _PLAIN.inlines(inlines)


def block_lines(block: Block) -> list[str]:
    return _PLAIN.block_lines(block)


def blocks_lines(blocks: list[Block]) -> list[str]:
    return _PLAIN.blocks_lines(blocks)


def render_text(document: Document) -> str:
    return _PLAIN.document(document)


class TextRenderer:
    """The text writer as a renderer: UTF-8 bytes of :func:`render_text`."""

    def stale(self) -> bool:
        return False

    def render(self, document: Document) -> bytes:
        return render_text(document).encode("utf-8")
