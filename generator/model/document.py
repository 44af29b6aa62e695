"""The document model: one tree per document, read from Markdown sources or
assembled from data, numbered by :mod:`generator.passes.numbering`, with
references resolved by :mod:`generator.passes.references`, then formatted by
the writers. It is plain data: no node holds code.

The model is closed: every style, alignment, reference form and kind of
numbered paragraph is one of the values listed here (``PARAGRAPH_STYLES``, …);
the Markdown reader rejects any other at its ``path:line``, and every writer
handles every value.

After the passes every number and reference is plain text on the node
(``display`` on numbered blocks, ``text`` on references and counts, ``number``
on footnote references) and every footnote's place is decided
(``FootnoteRef.places_note``, ``Footnote.followers``): writers format, they
never count or look up.

A redline (:mod:`generator.review.redline`) is a document of the same model
that shows one version changed into another: inlines ``Inserted`` and
``Deleted``, whole blocks ``Revised``, table rows and footnotes marked
inserted or deleted, and on each renumbered element the number it had
(``previous``). Every writer formats these too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union, get_args

from ..errors import Pos
from .labels import Label, LabelTable

NOWHERE = Pos("<generated>", 0)

#: A paragraph's style (``Texto {.center}``); a paragraph without one is body text.
ParagraphStyle = Literal["letterhead", "title", "subtitle", "center", "right", "stamp"]
#: A table cell's alignment.
Alignment = Literal["left", "center", "right"]
#: A table's style: ``grid`` (ruled cells, shaded header), ``plain`` (no rules).
TableStyle = Literal["grid", "plain"]
#: A reference's form: ``[@tbl:x]`` full ("Cuadro 2"), ``[-@tbl:x]`` number
#: only ("2"), ``[#sec]`` a count ("10").
ReferenceForm = Literal["full", "number", "count"]
#: A numbered paragraph's kind: ``par`` (a circular's ``1)``), ``con``
#: (considerando ``1.-``), ``art`` (``Artículo 1°.-``), ``rule`` (``1.``),
#: ``item`` (``i)``).
NumberedKind = Literal["par", "con", "art", "rule", "item"]
#: A page size: ``letter`` (Carta) or ``legal`` (Oficio).
PageSize = Literal["letter", "legal"]
#: A redline's tracked change: ``edit`` (the content changed) or
#: ``renumbering`` (a number moved because elements before it came or went).
ChangeKind = Literal["edit", "renumbering"]
#: What a redline did to a whole block, table row or footnote.
Revision = Literal["inserted", "deleted"]

PARAGRAPH_STYLES: tuple[ParagraphStyle, ...] = get_args(ParagraphStyle)
ALIGNMENTS: tuple[Alignment, ...] = get_args(Alignment)
TABLE_STYLES: tuple[TableStyle, ...] = get_args(TableStyle)
REFERENCE_FORMS: tuple[ReferenceForm, ...] = get_args(ReferenceForm)
NUMBERED_KINDS: tuple[NumberedKind, ...] = get_args(NumberedKind)
PAGE_SIZES: tuple[PageSize, ...] = get_args(PageSize)
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)

# ---------------------------------------------------------------- inlines


@dataclass
class Text:
    text: str


@dataclass
class Emph:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class LineBreak:
    pass


@dataclass
class Ref:
    """A reference to a labelled element, ``[@tbl:x]`` (form ``full``:
    "Cuadro 2"), ``[-@tbl:x]`` (form ``number``: "2"), or a count, ``[#sec]``
    (form ``count``). ``document`` names another document for references
    across documents. ``text`` is set by the reference pass."""

    label: str
    form: ReferenceForm = "full"
    document: str | None = None
    pos: Pos = NOWHERE
    text: str | None = None


@dataclass
class FootnoteRef:
    """A footnote's call. ``places_note``: this call is where the note's text
    goes (its first call outside any note); set with ``number`` by the
    numbering pass."""

    label: str
    pos: Pos = NOWHERE
    number: int | None = None
    places_note: bool = False
    previous: int | None = None  # in a redline: the number it had, when renumbered


@dataclass
class Inserted:
    """In a redline: inlines the newer version has and the older has not."""

    children: list[Inline]
    change: ChangeKind = "edit"


@dataclass
class Deleted:
    """In a redline: inlines the older version has and the newer has not."""

    children: list[Inline]
    change: ChangeKind = "edit"


Inline = Union[Text, Emph, Strong, LineBreak, Ref, FootnoteRef, Inserted, Deleted]

# ----------------------------------------------------------------- blocks


@dataclass
class Paragraph:
    inlines: list[Inline]
    style: ParagraphStyle | None = None
    pos: Pos = NOWHERE


@dataclass
class NumberedParagraph:
    """A paragraph numbered by the engine (see :data:`NumberedKind`)."""

    kind: NumberedKind
    inlines: list[Inline]
    label: str | None = None
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None
    previous: str | None = None  # in a redline: the display it had, when renumbered


@dataclass
class Section:
    title: list[Inline]
    children: list[Block]
    label: str | None = None
    numbered: bool = True
    pos: Pos = NOWHERE
    level: int = 1  # set by the numbering pass from the nesting
    number: tuple[int, ...] | None = None
    display: str | None = None
    previous: str | None = None  # in a redline: the display it had, when renumbered


@dataclass
class ListItem:
    blocks: list[Block]
    revised: Revision | None = None  # in a redline: an item inserted or deleted, with its mark


@dataclass
class BulletList:
    items: list[ListItem]
    pos: Pos = NOWHERE


@dataclass
class OrderedList:
    items: list[ListItem]
    pos: Pos = NOWHERE
    displays: list[str] = field(default_factory=list)  # "1.", "2.", … set by numbering
    previous: list[str | None] = field(default_factory=list)  # in a redline, per item


@dataclass
class Cell:
    """A table cell, ``colspan`` columns wide. A cell of ``rowspan`` > 1
    (an area beside its systems) also covers that many rows: the rows below
    it hold no cell for its columns, and writers keep those rows on one page
    (:mod:`generator.model.tables` places every cell). A ``listed`` cell's
    lines (its inlines between line breaks) are the items of a bulleted
    list, each after :data:`ITEM_MARK` with its wrapped lines hanging."""

    inlines: list[Inline]
    colspan: int = 1
    align: Alignment | None = None
    rowspan: int = 1
    listed: bool = False


#: The mark before each item of a listed cell, as the sources' bullets.
ITEM_MARK = "•"


def cell_items(cell: Cell) -> list[list[Inline]]:
    """A cell's lines: its inlines between line breaks."""
    items: list[list[Inline]] = [[]]
    for inline in cell.inlines:
        if isinstance(inline, LineBreak):
            items.append([])
        else:
            items[-1].append(inline)
    return items


@dataclass
class Table:
    """``head`` and ``rows`` are rows of cells. ``caption`` is the table's
    title under "Cuadro N"; a table without label and caption is not
    numbered. In a redline, ``revised_rows`` marks rows inserted or deleted,
    by their index in ``[*head, *rows]``."""

    head: list[list[Cell]]
    rows: list[list[Cell]]
    caption: list[Inline] | None = None
    subtitle: list[Inline] | None = None
    label: str | None = None
    widths: list[float] | None = None  # relative column widths
    style: TableStyle = "grid"
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None  # "Cuadro 1"
    previous: str | None = None  # in a redline: the display it had, when renumbered
    revised_rows: dict[int, Revision] = field(default_factory=dict)


@dataclass
class Definition:
    term: list[Inline]
    body: list[Inline]
    label: str | None = None
    pos: Pos = NOWHERE


@dataclass
class DefinitionList:
    items: list[Definition]
    pos: Pos = NOWHERE


@dataclass
class Field:
    """One line of a header block: ``MAT.:`` + text."""

    key: str
    value: list[Inline]


@dataclass
class FieldBlock:
    fields: list[Field]
    pos: Pos = NOWHERE


@dataclass
class Annex:
    title: list[Inline]
    children: list[Block]
    label: str | None = None
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None  # "Anexo 1"
    previous: str | None = None  # in a redline: the display it had, when renumbered


@dataclass
class Signer:
    name: str | None
    office: str


@dataclass
class SignatureBlock:
    signers: list[Signer]
    pos: Pos = NOWHERE


@dataclass
class Figure:
    """An image: ``svg`` for HTML and PDF, ``png`` for DOCX. A figure drawn
    from the numbered document itself (a guide's structure) is ``pending``
    until the post-numbering transform of that name draws it."""

    svg: str
    png: bytes
    caption: list[Inline] | None = None
    label: str | None = None
    width_cm: float = 16.0
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None
    pending: str | None = None
    previous: str | None = None  # in a redline: the display it had, when renumbered


@dataclass
class PageBreak:
    pos: Pos = NOWHERE


@dataclass
class Placeholder:
    """``::: data NAME {#label}``: blocks the document's assembler builds from
    data, in place of this node, before numbering (:mod:`generator.assemble.expand`)."""

    name: str
    label: str | None = None
    pos: Pos = NOWHERE


@dataclass
class Revised:
    """In a redline: blocks inserted or deleted as a whole."""

    action: Revision
    blocks: list[Block]


Block = Union[
    Paragraph, NumberedParagraph, Section, BulletList, OrderedList, Table,
    DefinitionList, FieldBlock, Annex, SignatureBlock, Figure, PageBreak, Placeholder, Revised,
]

# --------------------------------------------------------------- document


@dataclass
class Footnote:
    """A footnote's text. ``followers``: the notes first called inside this
    one, whose texts follow it in the footnote area (a note cannot hold a
    note); set with ``number`` by the numbering pass."""

    label: str
    inlines: list[Inline]
    pos: Pos = NOWHERE
    number: int | None = None
    followers: list[str] = field(default_factory=list)
    revised: Revision | None = None  # in a redline: a note inserted or deleted


@dataclass
class Meta:
    """What a document is. ``kind`` is a kind of the registry
    (:mod:`generator.kinds`), which gives its numbering scheme and Word shell."""

    id: str
    kind: str
    title: str
    date: dt.date
    place: str = "SANTIAGO"
    page_size: PageSize = "letter"
    header: str | None = None  # running header text
    #: Document properties by the DOCX writer's names (``CORE_PROPERTIES``):
    #: the assemblers give ``creator``, the issuing body, and ``language``.
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """A document; ``labels`` is its label table once it is numbered, and
    ``cited`` the labels of other documents and frameworks its references
    resolved to (by ``document/kind:name``)."""

    meta: Meta
    blocks: list[Block]
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    source: Pos = NOWHERE
    labels: LabelTable | None = None
    cited: dict[str, Label] = field(default_factory=dict)
    #: A document filled from a Word form (:mod:`generator.forms`): the filled
    #: DOCX, which the DOCX writer gives as it is, its blocks being what was
    #: read back from it; ``not_carried``: what of it the blocks lack (a
    #: picture, a text box), for which its PDF and HTML are refused.
    filled: bytes | None = None
    not_carried: list[str] = field(default_factory=list)

    def footnotes_in_order(self) -> list[Footnote]:
        """Footnotes that are cited, by number (set by the numbering pass)."""
        cited = [f for f in self.footnotes.values() if f.number is not None]
        return sorted(cited, key=lambda f: f.number or 0)
