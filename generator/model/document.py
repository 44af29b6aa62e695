"""The document model: one tree per document, read from Markdown sources or
assembled from data, numbered by :mod:`generator.numbering`, with references
resolved by :mod:`generator.references`, then formatted by the writers.

After both passes every number and reference is plain text on the node
(``display`` on numbered blocks, ``text`` on references and counts, ``number``
on footnote references): writers format, they never count or look up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Union

from ..errors import Pos

NOWHERE = Pos("<generated>", 0)

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
    form: str = "full"
    document: str | None = None
    pos: Pos = NOWHERE
    text: str | None = None


@dataclass
class FootnoteRef:
    label: str
    pos: Pos = NOWHERE
    number: int | None = None


Inline = Union[Text, Emph, Strong, LineBreak, Ref, FootnoteRef]

# ----------------------------------------------------------------- blocks


@dataclass
class Paragraph:
    inlines: list[Inline]
    style: str | None = None  # a named paragraph style: "title", "center", "stamp", …
    pos: Pos = NOWHERE


@dataclass
class NumberedParagraph:
    """A paragraph numbered by the engine: kind ``par`` (circular ``1)``),
    ``con`` (considerando ``1.-``), ``art`` (``Artículo 1°.-``), ``rule``."""

    kind: str
    inlines: list[Inline]
    label: str | None = None
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None


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


@dataclass
class ListItem:
    blocks: list[Block]


@dataclass
class BulletList:
    items: list[ListItem]
    pos: Pos = NOWHERE


@dataclass
class OrderedList:
    items: list[ListItem]
    pos: Pos = NOWHERE
    displays: list[str] = field(default_factory=list)  # "1.", "2.", … set by numbering


@dataclass
class Cell:
    inlines: list[Inline]
    colspan: int = 1
    align: str | None = None  # "left" | "center" | "right"


@dataclass
class Table:
    """``head`` and ``rows`` are rows of cells. With ``numbered_rows`` the
    numbering pass writes each body row's number into its first cell (for
    lists of objectives, which restart in every table). ``caption`` is the
    table's title under "Cuadro N"; a table without label and caption is not
    numbered."""

    head: list[list[Cell]]
    rows: list[list[Cell]]
    caption: list[Inline] | None = None
    subtitle: list[Inline] | None = None
    label: str | None = None
    numbered_rows: bool = False
    widths: list[float] | None = None  # relative column widths
    style: str | None = None
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None  # "Cuadro 1"


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
    from the document itself (a guide's structure) has ``complete``, which sets
    ``svg``, ``png`` and ``width_cm`` once the document is numbered."""

    svg: str
    png: bytes
    caption: list[Inline] | None = None
    label: str | None = None
    width_cm: float = 16.0
    pos: Pos = NOWHERE
    number: tuple[int, ...] | None = None
    display: str | None = None
    complete: Callable[[Figure, Document], None] | None = None


@dataclass
class PageBreak:
    pos: Pos = NOWHERE


Block = Union[
    Paragraph, NumberedParagraph, Section, BulletList, OrderedList, Table,
    DefinitionList, FieldBlock, Annex, SignatureBlock, Figure, PageBreak,
]

# --------------------------------------------------------------- document


@dataclass
class Footnote:
    label: str
    inlines: list[Inline]
    pos: Pos = NOWHERE
    number: int | None = None


@dataclass
class Meta:
    """What a document is. ``kind`` selects the numbering scheme and the
    templates (``decree``, ``circular``, ``programa-marco``, ``guide``)."""

    id: str
    kind: str
    title: str
    date: dt.date
    place: str = "SANTIAGO"
    page_size: str = "letter"  # "letter" (Carta) or "legal" (Oficio)
    header: str | None = None  # running header text
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    source: Pos = NOWHERE

    def footnotes_in_order(self) -> list[Footnote]:
        """Footnotes that are cited, by number (set by the numbering pass)."""
        cited = [f for f in self.footnotes.values() if f.number is not None]
        return sorted(cited, key=lambda f: f.number or 0)
