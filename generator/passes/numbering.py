"""Pass 1: number every numbered element, record every label, and place the
footnotes.

Numbers are tuples; the document kind's :class:`~generator.model.scheme.Scheme`
turns them into text (the element's ``display`` and what references to it
read). The result is the document's :class:`~generator.model.labels.LabelTable`,
which the reference pass (:mod:`generator.passes.references`) reads.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..errors import Pos, Problems, did_you_mean
from ..model.document import (
    Annex, Block, BulletList, DefinitionList, Document, Figure, FootnoteRef, Inline, LineBreak,
    NumberedParagraph, OrderedList, Ref, Section, Table, Text,
)
from ..model.labels import COUNTABLE, LABEL_KINDS, NOUNS, Label, LabelKind, LabelTable, split_label
from ..model.scheme import Scheme, Style
from ..model.walk import all_inlines, iter_inlines


def assign_numbers(document: Document, scheme: Scheme) -> LabelTable:
    """Number ``document`` in place by ``scheme`` and return its labels; raise
    :class:`~generator.errors.UserError` on a duplicate or malformed label."""
    numbering = _Numbering(scheme, LabelTable(document.meta.id, document.meta.kind))
    numbering.blocks(document.blocks, _Sections(level=1, depth=1, count_key="sec"))
    for kind in COUNTABLE:
        if kind != "sec":
            numbering.table.counts[kind] = numbering.counters.get(kind, 0)
    _number_footnotes(document, numbering)
    numbering.problems.raise_if_any()
    return numbering.table


def plain_text(inlines: list[Inline]) -> str:
    """The text of inlines before references are resolved (their ``Text`` only)."""
    return "".join(i.text for i in iter_inlines(inlines) if isinstance(i, Text)).strip()


def label_title(inlines: list[Inline]) -> str:
    """An element's title for its label: its text, references as written
    (they are not resolved yet), without footnote calls."""
    parts = []
    for inline in iter_inlines(inlines):
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append(" ")
        elif isinstance(inline, Ref):
            target = f"{inline.document}/{inline.label}" if inline.document else inline.label
            parts.append({"full": f"[@{target}]", "number": f"[-@{target}]",
                          "count": f"[#{target}]"}[inline.form])
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class _Sections:
    """Where a list of blocks sits: the heading level its sections take,
    their depth in the scheme's styles (an annex's sections start over), the
    number they continue (their parent's), where their count goes (``sec``,
    ``sec:<parent>``; None for an unlabelled parent or an annex), and
    whether they are an introduction's or an annex's."""

    level: int
    depth: int
    prefix: tuple[int, ...] = ()
    count_key: str | None = None
    intro: bool = False
    annex: bool = False


@dataclass
class _Numbering:
    scheme: Scheme
    table: LabelTable
    problems: Problems = field(default_factory=Problems)
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def register(self, label: str | None, expected: LabelKind, pos: Pos, *,
                 number: tuple[int, ...] | None, style: Style | None, title: str) -> None:
        """Record ``label`` (on an element of kind ``expected``) with its number
        formatted by ``style``; without a number, references read ``title``."""
        if label is None:
            return
        kind, name = split_label(label)
        if kind not in LABEL_KINDS or not name:
            self.problems.add(pos, f"malformed label '{label}' (expected kind:name with kind "
                                   f"one of {', '.join(sorted(LABEL_KINDS))})")
            return
        if kind != expected:
            self.problems.add(pos, f"label '{label}' is on a {NOUNS[expected]}, so it must "
                                   f"start with '{expected}:'")
            return
        if label in self.table.labels:
            first = self.table.labels[label]
            self.problems.add(pos, f"duplicate label '{label}' (first at {first.pos})")
            return
        if number is None or style is None:
            entry = Label(expected, name, None, title, title, title, title, pos)
        else:
            entry = Label(expected, name, number, style.shown(number), style.cited(number),
                          style.number_text(number), title, pos)
        self.table.labels[label] = entry

    def blocks(self, blocks: list[Block], where: _Sections) -> None:
        """Number ``blocks`` in document order; sections by their place."""
        sections = 0
        for block in blocks:
            if isinstance(block, Section):
                sections += self.section(block, where, sections + 1)
            elif isinstance(block, Annex):
                self.annex(block)
            elif isinstance(block, NumberedParagraph):
                self.numbered(block.kind, block, getattr(self.scheme, block.kind),
                              label_title(block.inlines))
            elif isinstance(block, Table):
                if block.label is not None or block.caption is not None:
                    self.numbered("tbl", block, self.scheme.tbl, label_title(block.caption or []))
            elif isinstance(block, Figure):
                self.numbered("fig", block, self.scheme.fig, label_title(block.caption or []))
            elif isinstance(block, (BulletList, OrderedList)):
                if isinstance(block, OrderedList):
                    style = self.scheme.list_item
                    block.displays = [style.shown((i,)) for i in range(1, len(block.items) + 1)]
                for item in block.items:
                    self.blocks(item.blocks, where)
            elif isinstance(block, DefinitionList):
                for item in block.items:
                    self.next("def")
                    term = label_title(item.term)
                    self.register(item.label, "def", item.pos, number=None, style=None,
                                  title=term)
        if where.count_key is not None:
            self.table.counts[where.count_key] = sections

    def section(self, section: Section, where: _Sections, n: int) -> int:
        """Number ``section`` as the ``n``-th numbered one of its list; 1 if it
        took the number, else 0."""
        section.level = where.level
        title = label_title(section.title)
        style = self.scheme.section_style(where.depth, intro=where.intro, annex=where.annex)
        numbered = section.numbered and style is not None
        if numbered:
            section.number = where.prefix + (n,)
            section.display = style.shown(section.number)
        self.register(section.label, "sec", section.pos, number=section.number,
                      style=style, title=title)
        count_key = f"sec:{split_label(section.label)[1]}" if section.label else None
        inner = _Sections(level=where.level + 1, depth=where.depth + 1,
                          prefix=section.number or where.prefix, count_key=count_key,
                          annex=where.annex, intro=where.level == 1 and not section.numbered)
        self.blocks(section.children, inner)
        return 1 if numbered else 0

    def annex(self, annex: Annex) -> None:
        """Number the annex, then its sections under its number, a level
        below its title."""
        self.numbered("ann", annex, self.scheme.ann, label_title(annex.title))
        assert annex.number is not None
        self.blocks(annex.children, _Sections(level=2, depth=1, prefix=annex.number, annex=True))

    def numbered(self, kind: LabelKind, block: NumberedParagraph | Table | Figure | Annex,
                 style: Style, title: str) -> None:
        """Give ``block`` the next number of ``kind``."""
        block.number = (self.next(kind),)
        block.display = style.shown(block.number)
        self.register(block.label, kind, block.pos, number=block.number, style=style,
                      title=title)


def _number_footnotes(document: Document, numbering: _Numbering) -> None:
    """Footnotes take numbers in the order of their first call; a note called
    again keeps its number. A note's text goes where it is first called
    outside a note; a note first called inside another note follows that one
    (a note cannot hold a note), and is numbered right after it."""
    next_number = 1
    pending: deque[tuple[Inline, str | None]] = deque(
        (inline, None) for inline in all_inlines(document.blocks))
    while pending:
        inline, host = pending.popleft()
        if not isinstance(inline, FootnoteRef):
            continue
        note = document.footnotes.get(inline.label)
        if note is None:
            numbering.problems.add(inline.pos, f"unknown footnote '{inline.label}'"
                                               f"{did_you_mean(inline.label, document.footnotes)}")
            continue
        inline.number = note.number
        if note.number is not None:
            continue
        note.number = inline.number = next_number
        next_number += 1
        numbering.register(f"fn:{note.label}", "fn", note.pos, number=(note.number,),
                           style=numbering.scheme.fn, title=label_title(note.inlines))
        if host is None:
            inline.places_note = True
        else:
            document.footnotes[host].followers.append(note.label)
        pending.extendleft((inner, note.label)
                           for inner in reversed(list(iter_inlines(note.inlines))))
    for note in document.footnotes.values():
        if note.number is None:
            numbering.problems.add(note.pos, f"footnote '{note.label}' is never cited")
