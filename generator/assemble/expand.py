"""Expanding a document's placeholders (``::: data NAME``) into the blocks its
assembler builds from data, after reading and before numbering, as pandoc's
filters and Sphinx's transforms do."""

from __future__ import annotations

from typing import Callable, Mapping

from ..errors import Problems, did_you_mean
from ..model.document import Annex, Block, BulletList, Document, OrderedList, Placeholder, Section

#: Builds the blocks that replace one placeholder.
Builder = Callable[[Placeholder], list[Block]]


def expand_placeholders(document: Document, builders: Mapping[str, Builder]) -> None:
    """Replace every placeholder of ``document`` by what its builder makes;
    raise :class:`~generator.errors.UserError` for every unknown one."""
    problems = Problems()
    document.blocks = _expanded(document.blocks, builders, problems)
    problems.raise_if_any()


def _expanded(blocks: list[Block], builders: Mapping[str, Builder],
              problems: Problems) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Placeholder):
            builder = builders.get(block.name)
            if builder is None:
                known = ", ".join(sorted(builders)) or "none in this document"
                problems.add(block.pos, f"unknown data block '{block.name}'"
                                        f"{did_you_mean(block.name, builders)} (available: {known})")
                continue
            out.extend(builder(block))
            continue
        if isinstance(block, (Section, Annex)):
            block.children = _expanded(block.children, builders, problems)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                item.blocks = _expanded(item.blocks, builders, problems)
        out.append(block)
    return out
