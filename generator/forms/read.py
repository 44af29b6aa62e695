"""A filled Word form read back into the document model, so that its PDF
and HTML are the same engine's as every other document's: what the form's
body says (paragraphs with their alignment, bold and italic, line and page
breaks, Word's Title and Heading styles, bulleted and numbered lists,
tables with merged cells and header rows), on marco's page design
(``print.css``, ``document.typ``), not the form's page (its letterhead in
the header, fonts, margins), which only the DOCX keeps.

What the model cannot carry (a picture, a text box, an embedded object, a
footnote) is listed as :class:`NotCarried`; a build asked for PDF or HTML
of such a form refuses it, naming the paragraph, and the DOCX alone is made
with ``--format docx``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..errors import Pos
from ..model.document import (
    Block, BulletList, Cell, Emph, Inline, LineBreak, ListItem, OrderedList, PageBreak,
    PageSize, Paragraph, ParagraphStyle, Strong, Table, Text,
)
from .fill import BODY_PART, W, Place, paragraph_text, place_names

_NUMBERING_PART = "word/numbering.xml"
_STYLES_PART = "word/styles.xml"
#: What the model cannot carry, by element, as a message names it.
_NOT_CARRIED = {"drawing": "a picture", "pict": "a picture or text box",
                "object": "an embedded object", "txbxContent": "a text box",
                "footnoteReference": "a footnote", "endnoteReference": "an endnote"}
#: Page heights (twips) up to which a page is Carta; above, Oficio.
LETTER_HEIGHT = 16_500


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class NotCarried:
    """Something of a form's body that PDF and HTML would lose: ``what``
    (``a picture``) in the filled form's paragraph ``place``."""

    place: Place
    what: str

    def __str__(self) -> str:
        return f'{self.place.where} ("{self.place.quoted()}"): {self.what}'


@dataclass
class ReadForm:
    blocks: list[Block]
    page_size: PageSize
    not_carried: list[NotCarried]


def read_filled(data: bytes, shown: str) -> ReadForm:
    """The body of a filled form (DOCX bytes) as blocks."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        root = etree.fromstring(package.read(BODY_PART))
        body = root.find(_w("body"))
        styles = _style_names(package.read(_STYLES_PART)) if _STYLES_PART in names else {}
        formats = (_list_formats(package.read(_NUMBERING_PART))
                   if _NUMBERING_PART in names else {})
    reader = _Reader(styles, formats, Pos(shown))
    reader.names = place_names(root)
    reader.blocks_of(body, reader.blocks)
    size = body.find(f"{_w('sectPr')}/{_w('pgSz')}")
    height = int(size.get(_w("h"), "0")) if size is not None else 0
    return ReadForm(reader.blocks, "legal" if height > LETTER_HEIGHT else "letter",
                    reader.not_carried)


@lru_cache(maxsize=8)
def _style_names(xml: bytes) -> dict[str, tuple[str, str | None]]:
    """Paragraph styles by style id: each one's name and the list it numbers
    its paragraphs in, if any (Word's *List Bullet*). The styles of one form
    are the same in every document filled from it: read once."""
    styles = {}
    for style in etree.fromstring(xml).iter(_w("style")):
        name = style.find(_w("name"))
        if name is not None:
            number = style.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
            styles[style.get(_w("styleId"), "")] = (
                name.get(_w("val"), ""), number.get(_w("val")) if number is not None else None)
    return styles


@lru_cache(maxsize=8)
def _list_formats(xml: bytes) -> dict[tuple[str, str], str]:
    """Each list's number format (``bullet``, ``decimal``, …), by numbering id and level."""
    root = etree.fromstring(xml)
    abstract = {}
    for definition in root.iter(_w("abstractNum")):
        abstract[definition.get(_w("abstractNumId"))] = {
            level.get(_w("ilvl")): level.find(_w("numFmt")).get(_w("val"), "")
            for level in definition.iter(_w("lvl")) if level.find(_w("numFmt")) is not None}
    formats = {}
    for num in root.iter(_w("num")):
        ref = num.find(_w("abstractNumId"))
        levels = abstract.get(ref.get(_w("val")) if ref is not None else None, {})
        for level, fmt in levels.items():
            formats[(num.get(_w("numId")), level)] = fmt
    return formats


def _on(element: etree._Element | None) -> bool:
    """Whether a toggle property (``<w:b/>``, ``<w:i w:val="0"/>``) is on."""
    return element is not None and element.get(_w("val"), "true") not in ("0", "false", "off")


class _Reader:
    def __init__(self, styles: dict[str, tuple[str, str | None]],
                 formats: dict[tuple[str, str], str], pos: Pos):
        self.styles, self.formats, self.pos = styles, formats, pos
        self.blocks: list[Block] = []
        self.not_carried: list[NotCarried] = []
        self.names: dict[etree._Element, str] = {}  # as the form's errors name them

    def place(self, paragraph: etree._Element) -> Place:
        return Place(self.names.get(paragraph, "paragraph"), paragraph_text(paragraph))

    def blocks_of(self, container: etree._Element, out: list[Block]) -> None:
        for child in container:
            if child.tag == _w("p"):
                self.paragraph(child, out)
            elif child.tag == _w("tbl"):
                out.append(self.table(child))
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.blocks_of(content, out)

    def paragraph(self, element: etree._Element, out: list[Block]) -> None:
        place = self.place(element)
        lines: list[list[Inline]] = [[]]  # split at page breaks
        self.runs(element, lines, place)
        properties = element.find(_w("pPr"))
        style, listed = self.style_of(properties)
        for index, inlines in enumerate(lines):
            if index:
                out.append(PageBreak(pos=self.pos))
            inlines = _trimmed(inlines)
            if not inlines:
                continue
            if style == "heading":
                out.append(Paragraph([Strong(inlines)], pos=self.pos))
            elif listed is not None:
                self.list_item(out, listed, inlines)
            else:
                out.append(Paragraph(inlines, style=style, pos=self.pos))

    def style_of(self, properties: etree._Element | None) -> tuple[ParagraphStyle | str | None,
                                                                    str | None]:
        """The paragraph's style in the model (``heading`` for Word's
        headings) and its list format, if it is a list item."""
        if properties is None:
            return None, None
        style_id = properties.find(_w("pStyle"))
        name, num = (self.styles.get(style_id.get(_w("val"), ""), ("", None))
                     if style_id is not None else ("", None))
        numbering = properties.find(_w("numPr"))
        level = None
        if numbering is not None and numbering.find(_w("numId")) is not None:
            num = numbering.find(_w("numId")).get(_w("val"))
            level = numbering.find(_w("ilvl"))
        listed = None
        if num is not None and num != "0":  # numbered by the paragraph or by its style
            listed = self.formats.get((num, level.get(_w("val")) if level is not None
                                       else "0"), "bullet")
        jc = properties.find(_w("jc"))
        align = jc.get(_w("val")) if jc is not None else None
        if name == "Title":
            return "title", None
        if name == "Subtitle":
            return "subtitle", None
        if name.lower().startswith("heading"):
            return "heading", None
        if align == "center":
            return "center", listed
        if align in ("right", "end"):
            return "right", listed
        return None, listed

    def list_item(self, out: list[Block], fmt: str, inlines: list[Inline]) -> None:
        kind = BulletList if fmt in ("bullet", "none") else OrderedList
        if not (out and type(out[-1]) is kind):
            out.append(kind(items=[], pos=self.pos))
        out[-1].items.append(ListItem([Paragraph(inlines, pos=self.pos)]))

    def runs(self, element: etree._Element, lines: list[list[Inline]], place: Place) -> None:
        for child in element:
            tag = etree.QName(child).localname
            if tag == "r":
                self.run(child, lines, place)
            elif tag in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml"):
                self.runs(child, lines, place)
            elif tag == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.runs(content, lines, place)

    def run(self, run: etree._Element, lines: list[list[Inline]], place: Place) -> None:
        properties = run.find(_w("rPr"))
        bold = properties is not None and _on(properties.find(_w("b")))
        italic = properties is not None and _on(properties.find(_w("i")))
        for child in run:
            tag = etree.QName(child).localname
            if tag == "t":
                inline: Inline = Text(child.text or "")
                if italic:
                    inline = Emph([inline])
                if bold:
                    inline = Strong([inline])
                lines[-1].append(inline)
            elif tag == "tab":
                lines[-1].append(Text(" "))
            elif tag in ("br", "cr"):
                if child.get(_w("type")) == "page":
                    lines.append([])
                else:
                    lines[-1].append(LineBreak())
            elif tag == "lastRenderedPageBreak":
                continue
            elif tag in _NOT_CARRIED:
                self.not_carried.append(NotCarried(place, _NOT_CARRIED[tag]))
            elif tag == "AlternateContent":
                self.not_carried.append(NotCarried(place, "a picture or text box"))

    def table(self, element: etree._Element) -> Table:
        grid = [int(col.get(_w("w"), "0") or 0) for col in element.iter(_w("gridCol"))]
        head: list[list[Cell]] = []
        rows: list[list[Cell]] = []
        open_merges: dict[int, Cell] = {}  # vertically merged cells, by grid column
        for row in element.findall(_w("tr")):
            cells: list[Cell] = []
            column = 0
            for cell in row.findall(_w("tc")):
                properties = cell.find(_w("tcPr"))
                span_el = properties.find(_w("gridSpan")) if properties is not None else None
                span = int(span_el.get(_w("val"), "1")) if span_el is not None else 1
                merge = properties.find(_w("vMerge")) if properties is not None else None
                if merge is not None and merge.get(_w("val"), "continue") == "continue" \
                        and column in open_merges:
                    open_merges[column].rowspan += 1
                    column += span
                    continue
                made = self.cell(cell, span)
                if merge is not None:
                    open_merges[column] = made
                else:
                    open_merges.pop(column, None)
                cells.append(made)
                column += span
            header = row.find(f"{_w('trPr')}/{_w('tblHeader')}")
            (head if _on(header) and not rows else rows).append(cells)
        widths = [float(w) for w in grid] if grid and all(grid) else None
        return Table(head=head, rows=rows, widths=widths, pos=self.pos)

    def cell(self, element: etree._Element, span: int) -> Cell:
        inlines: list[Inline] = []
        align = None
        for paragraph in element.iter(_w("p")):
            lines: list[list[Inline]] = [[]]
            self.runs(paragraph, lines, self.place(paragraph))
            content = _trimmed([inline for line in lines for inline in line])
            if not content:
                continue
            if inlines:
                inlines.append(LineBreak())
            inlines.extend(content)
            jc = paragraph.find(f"{_w('pPr')}/{_w('jc')}")
            if align is None and jc is not None and jc.get(_w("val")) in ("center", "right",
                                                                            "end"):
                align = "center" if jc.get(_w("val")) == "center" else "right"
        return Cell(inlines, colspan=span, align=align)


def _trimmed(inlines: list[Inline]) -> list[Inline]:
    """``inlines`` without the line breaks and blank text at either end."""
    def blank(inline: Inline) -> bool:
        return isinstance(inline, LineBreak) or (isinstance(inline, Text)
                                                 and not inline.text.strip())
    start, end = 0, len(inlines)
    while start < end and blank(inlines[start]):
        start += 1
    while end > start and blank(inlines[end - 1]):
        end -= 1
    return inlines[start:end]
