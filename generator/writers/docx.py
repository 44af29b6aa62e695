"""DOCX writer, the pandoc ``--reference-doc`` way.

Styles, page margins, fonts, headers (letterhead on the first page, running
header after), the footer with "Página N de M" and the footnote separators all
come from a reference ``.docx``, the Word shell the document's kind names in
the registry (``templates/docx/reference.docx`` or ``decree.docx``, made by
``templates/docx/make_reference.py`` and editable in Word). This module never
sets a font, a size or a margin: it names styles of the reference.

A :class:`DocxRenderer` reads each shell once and again when it changes. For each document
the writer generates, as strings, ``word/document.xml`` (the body, then the
reference's ``w:sectPr`` with the paper size of ``meta.page_size``), its
relationships, ``word/footnotes.xml``, ``docProps/core.xml`` and the running
header, and zips them with the reference's other parts in a fixed order with
fixed dates, so the same document always gives the same bytes.

Every number is text from the engine: headings, numbered paragraphs, list
items and captions carry their ``display``; nothing relies on Word numbering
or on fields other than PAGE and NUMPAGES in the reference's footer.

A redline (:meth:`DocxRenderer.render_redline`) is written as Word tracked
changes that Word and LibreOffice accept or reject: runs in ``w:ins`` and
``w:del``, paragraph marks and table rows marked inserted or deleted, a
renumbered element's old number deleted and its new one inserted. Edits and
whole blocks are by the author "marco", renumbering by "marco —
renumeración", whose Word comment may explain it. Every change carries the
given date and an id in the order written, so a redline too gives the same
bytes each time.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import struct
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, count
from pathlib import Path
from typing import Callable, Iterator, Literal

from lxml import etree

from ..errors import Pos, Problem, Problems, UserError, display_path
from ..kinds import KINDS
from ..model.document import (
    Alignment, Annex, Block, BulletList, ChangeKind, DefinitionList, Deleted, Document, Emph,
    FieldBlock, Figure, Footnote, FootnoteRef, ITEM_MARK, Inline, Inserted, LineBreak, ListItem,
    Meta, NumberedParagraph, OrderedList, PageBreak, PageSize, Paragraph, ParagraphStyle, Ref,
    Revised, Revision, Section, Signer, SignatureBlock, Strong, Table, TableStyle, Text,
    cell_items,
)
from ..model.tables import Slot, held_rows, slots
from . import TEMPLATES, TemplateFiles, cell_height_cm, renderer, taller_than
from .text import inline_text

#: Characters XML 1.0 does not allow (C0 controls but tab and newline): a
#: DOCX holding one is refused by Word, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str, attribute: bool = False) -> str:
    """``text`` for Word XML (for an attribute's value in double quotes with
    ``attribute``): escaped, and without characters XML forbids. (Not
    ``xml.sax.saxutils.escape``: importing it imports ``urllib.request``
    and ``ssl``, a sixth of a one-decree build.)"""
    text = _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attribute else text


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
#: Prefixes the generated XML uses, declared on its root besides the reference's own.
NAMESPACES = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: ``Meta.page_size`` → ``w:pgSz`` (twips): Carta 21.59 × 27.94 cm, Oficio 21.59 × 33.02 cm.
#: Both are 21.59 cm wide, so the text width does not depend on the size.
PAGE_SIZES: dict[PageSize, tuple[int, int]] = {"letter": (12240, 15840), "legal": (12240, 18720)}
#: ``Paragraph.style`` → paragraph style id.
PARAGRAPH_STYLES: dict[ParagraphStyle | None, str] = {
    None: "Normal", "letterhead": "MarcoLetterhead", "title": "MarcoTitle",
    "subtitle": "MarcoSubtitle", "center": "MarcoCenter", "right": "MarcoRight",
    "stamp": "MarcoStamp",
}
#: ``Table.style`` → table style id.
TABLE_STYLES: dict[TableStyle, str] = {"grid": "MarcoTable", "plain": "MarcoPlainTable"}
#: ``Cell.align`` → ``w:jc``.
ALIGNMENTS: dict[Alignment, str] = {"left": "left", "center": "center", "right": "right"}
#: Deepest heading style used; deeper sections share it.
MAX_HEADING = 4
#: List nesting levels with a style of their own ("MarcoList1"…); deeper lists share the last.
MAX_LIST_LEVEL = 3
#: Keys of ``Meta.properties`` → core property elements (``meta.title`` gives ``dc:title``).
CORE_PROPERTIES = {
    "subject": "dc:subject", "creator": "dc:creator", "keywords": "cp:keywords",
    "description": "dc:description", "category": "cp:category", "language": "dc:language",
    "identifier": "dc:identifier", "lastModifiedBy": "cp:lastModifiedBy",
    "contentStatus": "cp:contentStatus", "version": "cp:version",
}
#: The style id the writer uses → the name of the style in the reference. As
#: pandoc does, styles are found by name: Word in another language and
#: LibreOffice give styles other ids when they save. A reference lacking one is
#: refused. "Normal" is the default paragraph style and is never named.
STYLE_NAMES = {
    **{f"Heading{level}": f"heading {level}" for level in range(1, MAX_HEADING + 1)},
    "Caption": "caption", "FootnoteText": "footnote text",
    "FootnoteReference": "footnote reference",
    "MarcoLetterhead": "Marco Letterhead", "MarcoTitle": "Marco Title",
    "MarcoSubtitle": "Marco Subtitle", "MarcoCenter": "Marco Center",
    "MarcoRight": "Marco Right", "MarcoStamp": "Marco Stamp", "MarcoNumbered": "Marco Numbered",
    **{f"MarcoList{level}": f"Marco List {level}" for level in range(1, MAX_LIST_LEVEL + 1)},
    "MarcoField": "Marco Field", "MarcoSignature": "Marco Signature",
    "MarcoSubcaption": "Marco Subcaption", "MarcoFigure": "Marco Figure",
    "MarcoTableText": "Marco Table Text", "MarcoTableHeading": "Marco Table Heading",
    "MarcoTable": "Marco Table", "MarcoPlainTable": "Marco Plain Table",
}
#: The style of the paragraph, in a header of the reference, that receives ``meta.header``.
RUNNING_HEADER_STYLE = "Marco Running Header"
#: A style named in generated XML (escaped text cannot contain ``<w:``).
STYLE_REFERENCE = re.compile(r'(<w:(?:pStyle|rStyle|tblStyle) w:val=")([^"]*)"')

DOCUMENT_PART = "word/document.xml"
DOCUMENT_RELS_PART = "word/_rels/document.xml.rels"
FOOTNOTES_PART = "word/footnotes.xml"
COMMENTS_PART = "word/comments.xml"
CORE_PART = "docProps/core.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
EMU_PER_CM = 360_000
TWIPS_PER_CM = 566.93
#: Drawing ids (``wp:docPr``) start here, clear of the few a reference's headers may hold.
FIRST_DRAWING_ID = 1001
#: Placed in a parsed reference part where generated XML will go, then split on.
SLOT = "\ue000marco-slot\ue000"

BOLD, ITALIC = 1, 2
RUN_PROPERTIES = {
    0: "",
    BOLD: "<w:rPr><w:b/><w:bCs/></w:rPr>",
    ITALIC: "<w:rPr><w:i/><w:iCs/></w:rPr>",
    BOLD | ITALIC: "<w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr>",
}
TAB = "<w:r><w:tab/></w:r>"
BREAK = "<w:r><w:br/></w:r>"
PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'
NOTE_MARK_STYLE = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
BULLET = "•"
#: The space between a table and the paragraph after it (twips): 12 pt, the
#: bottom margin the PDFs give a table (print.css, the Typst template).
TABLE_GAP = 240
#: The paragraph properties that come after ``w:spacing`` in the schema.
AFTER_SPACING = re.compile(r"<w:(?:ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|"
                           r"textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|"
                           r"cnfStyle|rPr|sectPr|pPrChange)\b")
#: A listed cell's items hang 0.25 cm, the room of their mark.
CELL_ITEM_INDENT = '<w:ind w:left="142" w:hanging="142"/>'

#: A redline's authors: of its edits and of the blocks, rows and notes it
#: inserts or deletes; of its renumbering (every ``previous``).
EDITOR = "marco"
RENUMBERER = "marco — renumeración"
AUTHORS: dict[ChangeKind, str] = {"edit": EDITOR, "renumbering": RENUMBERER}
#: The redline's comment, which explains the renumbering, is the renumberer's.
COMMENT_INITIALS = "mr"
#: ``Revision`` → the element of a tracked change.
CHANGE_ELEMENTS: dict[Revision, str] = {"inserted": "w:ins", "deleted": "w:del"}
#: A text element in generated runs (escaped text cannot contain ``<w:t``), which
#: a deletion makes ``w:delText``.
TEXT_ELEMENT = re.compile(r"<(/?)w:t(?=[ >])")

# ------------------------------------------------------------------ public API


class DocxRenderer:
    """Writes documents as DOCX, each with its kind's Word shell (or with
    ``shell``, a reference ``.docx``, for every kind). The same document
    gives the same bytes."""

    def __init__(self, shell: Path | None = None) -> None:
        self._shell = shell
        self._files = TemplateFiles()
        self._references: dict[Path, Reference] = {}

    def stale(self) -> bool:
        return self._files.changed()

    def reference(self, kind: str) -> Reference:
        """The Word shell of documents of ``kind``, read on first use."""
        path = (self._shell or TEMPLATES / "docx" / KINDS[kind].shell).resolve()
        if path not in self._references:
            self._references[path] = read_reference(path, self._files)
        return self._references[path]

    def render(self, document: Document) -> bytes:
        """The document as DOCX (a filled Word form as it was filled); a
        redline is refused (see :meth:`render_redline`)."""
        if document.filled is not None:
            return document.filled
        return self._render(document, None, [])

    def render_redline(self, document: Document, date: dt.date, comment: list[str]) -> bytes:
        """A redline (see :mod:`generator.model.document`) as Word tracked
        changes, all dated ``date``; ``comment``, if any lines, is one Word
        comment on the first paragraph, by the renumberer."""
        return self._render(document, _Tracking(date), comment)

    def _render(self, document: Document, tracking: _Tracking | None,
                comment: list[str]) -> bytes:
        shell = self.reference(document.meta.kind)
        meta = document.meta
        if meta.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, "
                             f"got {meta.page_size!r}")
        if meta.header and shell.header_part is None:
            raise UserError([Problem(shell.location, "no header has a paragraph in style "
                                     f"'{RUNNING_HEADER_STYLE}' for the running header of "
                                     f"{meta.id}")])
        comment_id = next(tracking.ids) if tracking and comment else None
        writer = _BodyWriter(document, shell.text_width, shell.text_height, tracking, comment_id)
        body = shell.restyle(writer.body())
        parts = dict(shell.parts)
        parts[DOCUMENT_PART] = _join(shell.document, body + shell.sections[meta.page_size])
        parts[DOCUMENT_RELS_PART] = _join(shell.relationships, _relationships(
            len(writer.images), comments=comment_id is not None))
        parts[FOOTNOTES_PART] = _join(shell.footnotes, shell.restyle("".join(writer.notes)))
        if tracking and comment_id is not None:
            parts[COMMENTS_PART] = _comments(comment_id, comment, tracking.date)
            parts[CONTENT_TYPES_PART] = _content_types(parts[CONTENT_TYPES_PART], parts)
        parts[CORE_PART] = core_properties(meta)
        if shell.header_part is not None:
            parts[shell.header_part] = _join(shell.header, escape(meta.header or ""))
        for number, png in enumerate(writer.images, start=1):
            parts[_image_part(number)] = png
        return zip_package(parts, meta.date)


def docx_bytes(document: Document, shell: Path | None = None) -> bytes:
    """The document as DOCX, with its kind's Word shell or with ``shell``."""
    return (DocxRenderer(shell) if shell else renderer("docx")).render(document)


def redline_docx_bytes(document: Document, date: dt.date, comment: list[str],
                       shell: Path | None = None) -> bytes:
    """A redline as DOCX with tracked changes (:meth:`DocxRenderer.render_redline`)."""
    docx = DocxRenderer(shell) if shell else renderer("docx")
    assert isinstance(docx, DocxRenderer)
    return docx.render_redline(document, date, comment)


# ------------------------------------------------------------------ reference


@dataclass(frozen=True)
class Reference:
    """A reference ``.docx``, read once and split where generated XML goes.
    Each ``(before, after)`` pair surrounds a slot: the body, the extra
    relationships, the footnotes, the running header's text."""

    location: Pos  # for errors about the reference
    parts: dict[str, bytes]  # every part, in the reference's order; generated ones replace theirs
    document: tuple[str, str]
    sections: dict[str, str]  # page size → the reference's w:sectPr with that w:pgSz
    text_width: int  # twips between the margins
    text_height: int  # twips between the top and bottom margins, on a Carta page
    relationships: tuple[str, str]
    footnotes: tuple[str, str]
    header_part: str | None  # the header holding the running header paragraph, if any
    header: tuple[str, str]
    renamed: dict[str, str]  # style id the writer uses → the reference's, where they differ

    def restyle(self, xml: str) -> str:
        """``xml`` naming the reference's style ids."""
        if not self.renamed:
            return xml
        return STYLE_REFERENCE.sub(
            lambda match: f'{match[1]}{self.renamed.get(match[2], match[2])}"', xml)


def read_reference(path: Path, files: TemplateFiles) -> Reference:
    """Read (through ``files``) and check a reference ``.docx``; raise
    :class:`~generator.errors.UserError` if it cannot style marco documents."""
    problems = Problems()
    where = Pos(display_path(path))
    try:
        with zipfile.ZipFile(io.BytesIO(files.read_bytes(path))) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()
                     if not info.is_dir()}
    except (OSError, zipfile.BadZipFile) as error:
        problems.add(where, f"cannot read the reference document ({error})")
        problems.raise_if_any()
    for name in (CONTENT_TYPES_PART, DOCUMENT_PART, DOCUMENT_RELS_PART, "word/styles.xml"):
        if name not in parts:
            problems.add(where, f"not a Word document: it has no {name}")
    problems.raise_if_any()

    relationships = etree.fromstring(parts[DOCUMENT_RELS_PART])
    targets = {rel.get("Id"): part_name(rel.get("Target")) for rel in relationships}
    old_footnotes = None
    for rel in relationships.findall(f"{{{PACKAGE_RELS}}}Relationship"):
        if rel.get("Type") == f"{R}/footnotes":
            name = targets[rel.get("Id")]
            old_footnotes = parts[name] if name == FOOTNOTES_PART else parts.pop(name)
            relationships.remove(rel)

    document = etree.fromstring(parts[DOCUMENT_PART])
    section = document.find(f"{{{W}}}body/{{{W}}}sectPr")
    page_size = None if section is None else section.find(f"{{{W}}}pgSz")
    margins = None if section is None else section.find(f"{{{W}}}pgMar")
    if page_size is None or margins is None:
        problems.add(where, "the body has no section properties with page size and margins "
                            "(w:sectPr with w:pgSz and w:pgMar)")
    ids = style_ids(parts["word/styles.xml"])
    missing = [name for name in STYLE_NAMES.values() if find_style(ids, name) is None]
    if missing:
        problems.add(where, f"missing styles: {', '.join(missing)} (a style may be changed, "
                            "not renamed or deleted)")
    problems.raise_if_any()
    assert section is not None and margins is not None

    running_style = find_style(ids, RUNNING_HEADER_STYLE)
    header_part, header = _running_header(parts, section, targets, running_style)
    renamed = {ours: theirs for ours, name in STYLE_NAMES.items()
               if (theirs := find_style(ids, name)) != ours}
    for name in (DOCUMENT_PART, DOCUMENT_RELS_PART, FOOTNOTES_PART, CORE_PART):
        parts.setdefault(name, b"")  # a place in the order; the writer fills it
    parts[CONTENT_TYPES_PART] = _content_types(parts[CONTENT_TYPES_PART], parts)
    width, height = PAGE_SIZES["letter"]
    root = _document_root(document)
    return Reference(
        location=where,
        parts=parts,
        document=_split(root, root[0]),
        sections={size: _section(section, size) for size in PAGE_SIZES},
        text_width=width - _twips(margins, "left") - _twips(margins, "right"),
        text_height=height - _twips(margins, "top") - _twips(margins, "bottom"),
        relationships=_split(relationships, relationships),
        footnotes=_footnotes_root(old_footnotes),
        header_part=header_part,
        header=header,
        renamed=renamed,
    )


def part_name(target: str) -> str:
    """A relationship target of the main document as a part name."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")


def style_ids(styles: bytes) -> dict[str, str]:
    """Style name → style id."""
    ids = {}
    for style in etree.fromstring(styles).iter(f"{{{W}}}style"):
        name = style.find(f"{{{W}}}name")
        if name is not None:
            ids[name.get(f"{{{W}}}val")] = style.get(f"{{{W}}}styleId")
    return ids


def find_style(ids: dict[str, str], name: str) -> str | None:
    """The id of the style ``name``; Word writes built-in names in lower case
    ("heading 1"), LibreOffice capitalized ("Heading 1")."""
    if name in ids:
        return ids[name]
    folded = name.casefold()
    return next((id_ for other, id_ in ids.items() if other.casefold() == folded), None)


def _twips(element: etree._Element, attribute: str) -> int:
    return int(element.get(f"{{{W}}}{attribute}", "0"))


def _document_root(document: etree._Element) -> etree._Element:
    """An empty ``w:document`` with the reference's namespaces and attributes
    (``mc:Ignorable``) and ours, holding an empty ``w:body``."""
    root = etree.Element(f"{{{W}}}document", nsmap={**document.nsmap, **NAMESPACES})
    for name, value in document.attrib.items():
        root.set(name, value)
    etree.SubElement(root, f"{{{W}}}body")
    return root


def _section(section: etree._Element, size: str) -> str:
    """The reference's ``w:sectPr`` with the paper size ``size``."""
    width, height = PAGE_SIZES[size]
    page = section.find(f"{{{W}}}pgSz")
    page.set(f"{{{W}}}w", str(width))
    page.set(f"{{{W}}}h", str(height))
    page.attrib.pop(f"{{{W}}}orient", None)
    return etree.tostring(section, encoding="unicode")


def _running_header(parts: dict[str, bytes], section: etree._Element, targets: dict[str, str],
                    style_id: str | None) -> tuple[str | None, tuple[str, str]]:
    """The first header of the section with a paragraph in style ``style_id``,
    split where its text goes (the paragraph's runs are dropped)."""
    if style_id is None:
        return None, ("", "")
    for reference in section.findall(f"{{{W}}}headerReference"):
        name = targets[reference.get(f"{{{R}}}id")]
        header = etree.fromstring(parts[name])
        for paragraph in header.iter(f"{{{W}}}p"):
            style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            if style is None or style.get(f"{{{W}}}val") != style_id:
                continue
            for child in paragraph:
                if child.tag != f"{{{W}}}pPr":
                    paragraph.remove(child)
            text = etree.SubElement(etree.SubElement(paragraph, f"{{{W}}}r"), f"{{{W}}}t")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            return name, _split(header, text)
    return None, ("", "")


_PLAIN_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote></w:footnotes>'
).encode()


def _footnotes_root(reference_notes: bytes | None) -> tuple[str, str]:
    """``word/footnotes.xml`` with the reference's separator notes (or plain
    ones), split where the document's notes go."""
    old = etree.fromstring(reference_notes or _PLAIN_FOOTNOTES)
    root = etree.Element(f"{{{W}}}footnotes", nsmap={**old.nsmap, **NAMESPACES})
    root.extend(note for note in old if note.get(f"{{{W}}}type"))
    if not len(root):
        root.extend(etree.fromstring(_PLAIN_FOOTNOTES))
    return _split(root, root)


def _content_types(reference_types: bytes, parts: dict[str, bytes]) -> bytes:
    """The reference's content types, for the parts that remain, plus PNG
    images, the footnotes and, in a redline with a comment, the comments."""
    root = etree.fromstring(reference_types)
    for override in root.findall(f"{{{CONTENT_TYPES}}}Override"):
        if override.get("PartName").lstrip("/") not in parts:
            root.remove(override)
    extensions = {default.get("Extension").lower()
                  for default in root.findall(f"{{{CONTENT_TYPES}}}Default")}
    if "png" not in extensions:
        etree.SubElement(root, f"{{{CONTENT_TYPES}}}Default", Extension="png",
                         ContentType="image/png")
    overrides = {override.get("PartName") for override in root}
    if f"/{FOOTNOTES_PART}" not in overrides:
        etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override", PartName=f"/{FOOTNOTES_PART}",
                         ContentType=f"{WML}.footnotes+xml")
    if f"/{CORE_PART}" not in overrides:
        etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override", PartName=f"/{CORE_PART}",
                         ContentType="application/vnd.openxmlformats-package.core-properties+xml")
    if COMMENTS_PART in parts and f"/{COMMENTS_PART}" not in overrides:
        etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override", PartName=f"/{COMMENTS_PART}",
                         ContentType=f"{WML}.comments+xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _split(root: etree._Element, container: etree._Element) -> tuple[str, str]:
    """``root`` serialized, split after the last child of ``container``."""
    if len(container):
        container[-1].tail = SLOT
    else:
        container.text = SLOT
    before, slot, after = etree.tostring(root, encoding="unicode").partition(SLOT)
    assert slot, "the slot was not serialized"
    return XML_DECLARATION + before, after


def _join(halves: tuple[str, str], middle: str) -> bytes:
    return (halves[0] + middle + halves[1]).encode("utf-8")


# ------------------------------------------------------------------ document parts


def _image_part(number: int) -> str:
    return f"word/media/marco-figure{number}.png"


def _relationships(images: int, comments: bool) -> str:
    """The relationships the generated parts need besides the reference's."""
    rels = [f'<Relationship Id="rIdMarcoFootnotes" Type="{R}/footnotes" Target="footnotes.xml"/>']
    rels += [f'<Relationship Id="rIdMarcoFigure{number}" Type="{R}/image" '
             f'Target="{_image_part(number).removeprefix("word/")}"/>'
             for number in range(1, images + 1)]
    if comments:
        rels.append(f'<Relationship Id="rIdMarcoComments" Type="{R}/comments" '
                    f'Target="{COMMENTS_PART.removeprefix("word/")}"/>')
    return "".join(rels)


def _comments(identifier: int, lines: list[str], date: str) -> bytes:
    """``word/comments.xml``: one comment by the renumberer, a paragraph a
    line, the first starting with the comment's mark."""
    paragraphs = "".join(
        f'<w:p>{"<w:r><w:annotationRef/></w:r>" if number == 0 else ""}{_run(line)}</w:p>'
        for number, line in enumerate(lines))
    return (XML_DECLARATION + f'<w:comments xmlns:w="{W}">'
            f'<w:comment w:id="{identifier}" w:author="{RENUMBERER}" w:date="{date}"'
            f' w:initials="{COMMENT_INITIALS}">{paragraphs}</w:comment></w:comments>'
            ).encode("utf-8")


def core_properties(meta: Meta) -> bytes:
    """``docProps/core.xml``: title and ``meta.properties``, created and
    modified on ``meta.date``."""
    unknown = set(meta.properties) - set(CORE_PROPERTIES)
    assert not unknown, (f"unknown document properties {sorted(unknown)} "
                         f"(expected some of {', '.join(CORE_PROPERTIES)})")
    fields = [("dc:title", meta.title)]
    fields += [(CORE_PROPERTIES[key], value) for key, value in sorted(meta.properties.items())]
    stamp = f"{meta.date:%Y-%m-%d}T00:00:00Z"
    return (
        XML_DECLARATION
        + '<cp:coreProperties'
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in fields)
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def zip_package(parts: dict[str, bytes], date: dt.date) -> bytes:
    """The package, entries in ``parts`` order, all stamped ``date`` (zip
    dates start in 1980) and made on "Unix", so the bytes depend on nothing else."""
    day = date if date.year >= 1980 else dt.date(1980, 1, 1)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            compressed = name.endswith(".png")  # PNG data is compressed already
            info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# ------------------------------------------------------------------ body


def _run(text: str, properties: int = 0) -> str:
    if not text:
        return ""
    return (f'<w:r>{RUN_PROPERTIES[properties]}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def _labelled(label: str, title: str) -> str:
    """A number's runs, a line break, then ``title``: "Cuadro 1" over its caption."""
    return label + BREAK + title if label and title else label + title


def _commented(identifier: int, content: str) -> str:
    """``content`` as the range of the comment ``identifier``, then its reference."""
    return (f'<w:commentRangeStart w:id="{identifier}"/>{content}'
            f'<w:commentRangeEnd w:id="{identifier}"/>'
            f'<w:r><w:commentReference w:id="{identifier}"/></w:r>')


def _grid(total: int, weights: list[float]) -> list[int]:
    """Column widths (twips) in proportion to ``weights``, adding up to ``total``."""
    assert all(weight > 0 for weight in weights), f"table widths must be positive, got {weights}"
    scale = total / sum(weights)
    edges = [round(scale * edge) for edge in accumulate(weights)]
    return [end - start for start, end in zip([0, *edges], edges)]


def _table(style: str, grid: list[int], rows: list[str], header: bool) -> str:
    look = ('w:val="0620" w:firstRow="1"' if header else 'w:val="0600" w:firstRow="0"')
    columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in grid)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>'
            f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook {look} w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            f' w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{columns}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _spaced_before(paragraph: str) -> str:
    """A paragraph with :data:`TABLE_GAP` before it, placed in its
    properties in schema order (before the indents, the alignment and what
    follows them); a heading keeps its own space before."""
    spacing = f'<w:spacing w:before="{TABLE_GAP}"/>'
    if paragraph == "<w:p/>":
        return f"<w:p><w:pPr>{spacing}</w:pPr></w:p>"
    if not paragraph.startswith("<w:p><w:pPr>"):
        return f"<w:p><w:pPr>{spacing}</w:pPr>{paragraph.removeprefix('<w:p>')}"
    if '<w:pStyle w:val="Heading' in paragraph[:paragraph.index("</w:pPr>")]:
        return paragraph
    end = paragraph.index("</w:pPr>")
    at = AFTER_SPACING.search(paragraph, 0, end)
    where = at.start() if at else end
    return f"{paragraph[:where]}{spacing}{paragraph[where:]}"


def _widths(line: list[Slot], grid: list[int]) -> list[tuple[Slot, int]]:
    """Each cell of a row with its width in twips."""
    return [(slot, sum(grid[slot.column:slot.column + slot.cell.colspan])) for slot in line]


def _cell(width: int, content: str, span: int = 1,
          merge: Literal["restart", "continue"] | None = None, bottom: bool = False) -> str:
    """A cell ``span`` grid columns wide; ``merge`` starts or continues a
    cell that spans rows; a ``bottom`` cell's text sits at its foot."""
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    vertical = {None: "", "restart": '<w:vMerge w:val="restart"/>',
                "continue": "<w:vMerge/>"}[merge]
    foot = '<w:vAlign w:val="bottom"/>' if bottom else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{vertical}{foot}'
            f'</w:tcPr>{content}</w:tc>')


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR", "figure.png is not a PNG"
    return struct.unpack(">II", png[16:24])


def _drawing(number: int, width_cm: float, pixels: tuple[int, int], description: str) -> str:
    """An inline picture of image ``number``, ``width_cm`` wide, keeping the aspect ratio."""
    cx = round(width_cm * EMU_PER_CM)
    cy = round(cx * pixels[1] / pixels[0])
    name = f"marco-figure{number}.png"
    alt = escape(description, attribute=True)
    extent = f'cx="{cx}" cy="{cy}"'
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent {extent}/>'
        f'<wp:docPr id="{FIRST_DRAWING_ID + number - 1}" name="{name}" descr="{alt}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="rIdMarcoFigure{number}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext {extent}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


def _note_mark(number: str) -> str:
    """A footnote's number as superscript text in the footnote reference style."""
    return f"<w:r>{NOTE_MARK_STYLE}<w:t>{number}</w:t></w:r>"


class _Tracking:
    """A redline's tracked changes: the date they all carry, and their ids,
    one sequence for every change and the comment, in every part (Word calls
    a file corrupt when two share an id). Ids follow the writing order, so
    the same redline gets the same ids."""

    def __init__(self, date: dt.date) -> None:
        self.date = f"{date:%Y-%m-%d}T00:00:00Z"
        self.ids = count(1)

    def attributes(self, author: str) -> str:
        """A new change's ``w:id``, ``w:author`` and ``w:date``."""
        return f'w:id="{next(self.ids)}" w:author="{author}" w:date="{self.date}"'


@dataclass(frozen=True)
class _Change:
    """A tracked change being written: an insertion or a deletion by ``author``."""

    action: Revision
    author: str
    tracking: _Tracking

    def wrap(self, runs: str) -> str:
        """``runs`` in a ``w:ins`` or ``w:del`` (their text as ``w:delText``)."""
        if not runs:
            return ""
        if self.action == "deleted":
            runs = TEXT_ELEMENT.sub(r"<\1w:delText", runs)
        element = CHANGE_ELEMENTS[self.action]
        return f"<{element} {self.tracking.attributes(self.author)}>{runs}</{element}>"

    def mark(self) -> str:
        """The mark of a paragraph (in its ``w:rPr``) or row (in ``w:trPr``)."""
        return f"<{CHANGE_ELEMENTS[self.action]} {self.tracking.attributes(self.author)}/>"


class _BodyWriter:
    """Writes the body of one document, collecting its footnotes and images.

    Footnotes are real Word footnotes, placed where the engine placed them:
    a note's text at the call that ``places_note``; Word cannot cite one
    footnote twice, so any other call is the same number as a superscript
    run in the footnote reference style. The notes a note is followed by
    (first called inside it) are paragraphs of the same footnote.

    Word numbers footnotes by counting them; it does not count a note that
    follows another, so once one has, footnotes carry the engine's number as
    a custom mark (``w:customMarkFollows``) instead of Word's count. Custom
    marks only where the count differs, because LibreOffice shows a custom
    mark twice in the footnote area.

    A redline (with ``tracking``) is written as tracked changes. An inline
    inserted or deleted is its runs in ``w:ins`` or ``w:del``; in a block,
    list item, row or note inserted or deleted, every paragraph has its mark
    and runs so marked, and every row its ``w:trPr``; a renumbered element
    shows its old number deleted and its new one inserted, by the
    renumberer. Its footnotes are all numbered by Word, with ids in the order
    they are placed: the notes of both versions are there, so the engine's
    numbers are Word's count only once the changes are accepted or rejected,
    and Word counts again then. ``comment`` is the id of the comment that the
    first paragraph of the body holds.
    """

    def __init__(self, document: Document, text_width: int, text_height: int,
                 tracking: _Tracking | None = None, comment: int | None = None) -> None:
        self.document = document
        self.text_width = text_width
        self.text_height = text_height
        self.tracking = tracking
        self.change: _Change | None = None  # the change being written
        self.comment = comment  # until a paragraph holds it
        self.gapped: list[int] = []  # places in ``out`` of tables the next paragraph keeps a gap from
        self.out: list[str] = []
        self.notes: list[str] = []  # w:footnote elements
        self.images: list[bytes] = []  # PNG data; image n is images[n - 1]

    def body(self) -> str:
        self.blocks(self.document.blocks)
        for at in self.gapped:  # the body paragraph right after each such table
            if at + 1 < len(self.out) and self.out[at + 1].startswith("<w:p"):
                self.out[at + 1] = _spaced_before(self.out[at + 1])
        if self.out and self.out[-1].startswith("<w:tbl>"):
            self.out.append("<w:p/>")  # Word ends a body with a paragraph
        if self.comment is not None:  # a document without paragraphs
            self.out.append(self.paragraph("Normal", ""))
        return "".join(self.out)

    # ------------------------------------------------------------ changes

    @contextmanager
    def revision(self, action: Revision | None, author: str = EDITOR) -> Iterator[_Change | None]:
        """Write what follows as inserted or deleted (``action``) by
        ``author``. Yields the change, or None where there is nothing more to
        mark: no ``action``, or one inside a change of the same action (a row
        of an inserted table), which covers it."""
        if action is not None and self.change is not None and action != self.change.action:
            raise AssertionError(f"something {action} inside something {self.change.action}")
        if action is None or self.change is not None:
            yield None
            return
        if self.tracking is None:
            raise AssertionError(f"an element {action} in {self.document.meta.id}: a redline "
                                 "is written by DocxRenderer.render_redline")
        self.change = _Change(action, author, self.tracking)
        try:
            yield self.change
        finally:
            self.change = None

    def tracked(self, action: Revision, author: str, runs: str) -> str:
        """``runs`` inserted or deleted (``action``) by ``author``."""
        with self.revision(action, author) as change:
            return change.wrap(runs) if change else runs

    @contextmanager
    def note_story(self, action: Revision | None) -> Iterator[None]:
        """Write a note's text, a story apart that neither the change around
        its call nor the comment reaches; ``action``: the note inserted or
        deleted."""
        around = self.change, self.comment
        self.change = self.comment = None
        try:
            with self.revision(action):
                yield
        finally:
            self.change, self.comment = around

    def number(self, display: str | None, previous: str | None,
               write: Callable[[str], str] = _run) -> str:
        """An element's number, ``display``, as ``write`` makes it runs; in a
        redline, one renumbered from ``previous``: that deleted and this
        inserted, by the renumberer."""
        runs = write(display) if display else ""
        if previous is None:
            return runs
        return (self.tracked("deleted", RENUMBERER, write(previous) if previous else "")
                + self.tracked("inserted", RENUMBERER, runs))

    # ------------------------------------------------------------ blocks

    def paragraph(self, style: str, content: str, properties: str = "") -> str:
        """A paragraph of ``style`` ("Normal", the default, is not named);
        ``properties`` are more ``w:pPr`` children, in schema order after
        ``w:pStyle``. In a change, its mark (``w:rPr``, the last child of
        ``w:pPr``) and its runs are marked. The first paragraph of the body
        holds the comment."""
        if self.change:
            properties += f"<w:rPr>{self.change.mark()}</w:rPr>"
            content = self.change.wrap(content)
        if self.comment is not None:
            content = _commented(self.comment, content)
            self.comment = None
        if style != "Normal":
            properties = f'<w:pStyle w:val="{style}"/>{properties}'
        if not properties:
            return f"<w:p>{content}</w:p>"
        return f"<w:p><w:pPr>{properties}</w:pPr>{content}</w:p>"

    def blank(self) -> str:
        """An empty paragraph (with its mark marked in a change)."""
        return self.paragraph("Normal", "") if self.change else "<w:p/>"

    def blocks(self, blocks: list[Block], list_level: int = 1) -> None:
        for block in blocks:
            self.block(block, list_level)

    def block(self, block: Block, list_level: int = 1) -> None:
        match block:
            case Paragraph():
                self.out.append(self.paragraph(PARAGRAPH_STYLES[block.style],
                                               self.inlines(block.inlines)))
            case NumberedParagraph():
                label = self.number(block.display, block.previous,
                                    lambda display: _run(f"{display} ", BOLD))
                self.out.append(self.paragraph("MarcoNumbered",
                                               label + self.inlines(block.inlines)))
            case Section():
                label = self.number(block.display, block.previous,
                                    lambda display: _run(f"{display} "))
                style = f"Heading{min(block.level, MAX_HEADING)}"
                self.out.append(self.paragraph(style, label + self.inlines(block.title)))
                self.blocks(block.children)
            case Annex():
                title = _labelled(self.number(block.display, block.previous),
                                  self.inlines(block.title))
                self.out.append(self.paragraph("Heading1", title, "<w:pageBreakBefore/>"))
                self.blocks(block.children)
            case BulletList():
                self.list_items(block.items, [BULLET] * len(block.items), list_level)
            case OrderedList():
                self.list_items(block.items, block.displays, list_level, block.previous)
            case Table():
                self.table(block)
            case DefinitionList():
                for item in block.items:
                    term = self.inlines(item.term, BOLD) + _run(": ", BOLD)
                    self.out.append(self.paragraph("Normal", term + self.inlines(item.body)))
            case FieldBlock():
                for field in block.fields:
                    content = _run(field.key, BOLD) + TAB + self.inlines(field.value)
                    self.out.append(self.paragraph("MarcoField", content))
            case SignatureBlock():
                self.signatures(block.signers)
            case Figure():
                self.figure(block)
            case PageBreak():
                self.out.append(self.paragraph("Normal", PAGE_BREAK))
            case Revised():
                with self.revision(block.action):
                    self.blocks(block.blocks, list_level)
            case _:
                raise TypeError(f"unknown block {type(block).__name__}")

    def list_items(self, items: list[ListItem], labels: list[str], level: int,
                   previous: list[str | None] | None = None) -> None:
        """List items as paragraphs of the level's style: the label as text,
        a tab to the hanging indent, the text. Later paragraphs of an item
        start at the tab; nested lists go one level deeper. In a redline, an
        item may be inserted or deleted, and its label renumbered from ``previous``."""
        style = f"MarcoList{min(level, MAX_LIST_LEVEL)}"
        for item, label, old in zip(items, labels, previous or [None] * len(items), strict=True):
            with self.revision(item.revised):
                lead = self.item_blocks(item.blocks, style, level, self.number(label, old) + TAB)
                if lead:
                    self.out.append(self.paragraph(style, lead))

    def item_blocks(self, blocks: list[Block], style: str, level: int,
                    lead: str | None) -> str | None:
        """An item's blocks, the first paragraph starting with ``lead`` (the
        label and tab); returns ``lead`` if no block took it."""
        for block in blocks:
            if isinstance(block, Revised):
                with self.revision(block.action):
                    lead = self.item_blocks(block.blocks, style, level, lead)
                continue
            if isinstance(block, Paragraph):
                self.out.append(self.paragraph(style, (lead or TAB) + self.inlines(block.inlines)))
            else:
                if lead:
                    self.out.append(self.paragraph(style, lead))
                nested = isinstance(block, (BulletList, OrderedList))
                self.block(block, level + 1 if nested else level)
            lead = None
        return lead

    def table(self, table: Table) -> None:
        if table.display or table.caption or table.previous:
            caption = _labelled(self.number(table.display, table.previous),
                                self.inlines(table.caption or []))
            self.out.append(self.paragraph("Caption", caption))
        if table.subtitle:
            self.out.append(self.paragraph("MarcoSubcaption", self.inlines(table.subtitle)))
        rows = [*table.head, *table.rows]
        weights = table.widths or [1.0] * max(sum(cell.colspan for cell in row) for row in rows)
        grid = _grid(self.text_width, weights)
        held = {len(table.head) + index for index in held_rows(table.rows)}
        placed = [*slots(table.head), *slots(table.rows)]
        # the room for a row: the page's, less the header repeated over it
        room = (self.text_height / TWIPS_PER_CM - sum(
            max((cell_height_cm(slot.cell, width / TWIPS_PER_CM)
                 for slot, width in _widths(line, grid)), default=0.0)
            for line in placed[:len(table.head)]))
        xml = [self.row(line, grid, index < len(table.head), index in held, room,
                        table.revised_rows.get(index))
               for index, line in enumerate(placed)]
        self.add_table(_table(TABLE_STYLES[table.style], grid, xml, header=bool(table.head)))

    def add_table(self, xml: str, gap: bool = True) -> None:
        """A table in the body; with a ``gap``, the paragraph after it keeps
        :data:`TABLE_GAP` from it (set once the body is written, as a
        table's cells, and a note called in the next paragraph, are written
        before the table or paragraph that holds them)."""
        if self.out and self.out[-1].startswith("<w:tbl>"):
            self.out.append(self.blank())  # Word would merge two adjacent tables
            if self.gapped and self.gapped[-1] == len(self.out) - 2:
                self.gapped.pop()  # the blank paragraph is the gap
        self.out.append(xml)
        if gap:
            self.gapped.append(len(self.out) - 1)

    def row(self, line: list[Slot], grid: list[int], header: bool, held: bool, room: float,
            revision: Revision | None) -> str:
        """A table row, whole on a page unless it may be taller than the
        ``room`` (cm) a page has for it; a ``held`` row stays on the page of
        the next (its paragraphs keep with the next); a cell spanning rows is
        a vertical merge; in a redline, the row may be inserted or deleted
        (``revision``)."""
        style = "MarcoTableHeading" if header else "MarcoTableText"
        keep = "<w:keepNext/>" if held else ""
        widths = _widths(line, grid)
        starting = [(slot.cell, width / TWIPS_PER_CM) for slot, width in widths if slot.first]
        with self.revision(revision):
            xml = [self.row_start(header, whole=not taller_than(starting, room))]
            for slot, width in widths:
                cell, end = slot.cell, slot.column + slot.cell.colspan
                assert end <= len(grid), f"a row spans {end} columns, the table has {len(grid)}"
                if not slot.first:
                    xml.append(_cell(width, self.paragraph(style, "", keep), cell.colspan,
                                     merge="continue"))
                    continue
                align = ""
                if cell.align is not None:
                    align = f'<w:jc w:val="{ALIGNMENTS[cell.align]}"/>'
                if cell.listed:  # an item a paragraph: the mark, a tab to the hanging indent
                    content = "".join(
                        self.paragraph(style, _run(ITEM_MARK) + TAB + self.inlines(item),
                                       keep + CELL_ITEM_INDENT + align)
                        for item in cell_items(cell))
                else:
                    content = self.paragraph(style, self.inlines(cell.inlines), keep + align)
                xml.append(_cell(width, content, cell.colspan,
                                 merge="restart" if cell.rowspan > 1 else None))
        xml.append("</w:tr>")
        return "".join(xml)

    def row_start(self, header: bool = False, whole: bool = False) -> str:
        """A row's start: a ``whole`` row does not split across pages; header
        rows repeat on every page; in a change, the row is marked (after the
        other ``w:trPr`` children, in schema order)."""
        properties = ("<w:cantSplit/>" if whole else "") + ("<w:tblHeader/>" if header else "")
        if self.change:
            properties += self.change.mark()
        return f"<w:tr><w:trPr>{properties}</w:trPr>" if properties else "<w:tr>"

    def signatures(self, signers: list[Signer]) -> None:
        """One signer centred; two or more side by side, two per row of a
        borderless table, their offices on one line (a signer without a
        name sits at the foot of its cell), as in the PDF."""
        signatures = [self.paragraph("MarcoSignature",
                                     (_run(signer.name, BOLD) + BREAK if signer.name else "")
                                     + _run(signer.office)) for signer in signers]
        if len(signatures) == 1:
            self.out.extend(signatures)
            return
        grid = _grid(self.text_width, [1.0, 1.0])
        cells = [_cell(grid[i % 2], signature, bottom=True)
                 for i, signature in enumerate(signatures)]
        if len(cells) % 2:
            cells.append(_cell(grid[1], self.blank()))
        rows = [f"{self.row_start()}{cells[i]}{cells[i + 1]}</w:tr>"
                for i in range(0, len(cells), 2)]
        self.add_table(_table(TABLE_STYLES["plain"], grid, rows, header=False), gap=False)

    def figure(self, figure: Figure) -> None:
        self.images.append(figure.png)
        description = inline_text(figure.caption or [])
        drawing = _drawing(len(self.images), figure.width_cm, _png_size(figure.png), description)
        self.out.append(self.paragraph("MarcoFigure", drawing))
        if figure.display or figure.caption or figure.previous:
            caption = _labelled(self.number(figure.display, figure.previous),
                                self.inlines(figure.caption or []))
            self.out.append(self.paragraph("Caption", caption))

    # ----------------------------------------------------------- inlines

    def inlines(self, inlines: list[Inline], properties: int = 0) -> str:
        return "".join(self.inline(inline, properties) for inline in inlines)

    def inline(self, inline: Inline, properties: int) -> str:
        match inline:
            case Text(text=text):
                return _run(text, properties)
            case Emph(children=children):
                return self.inlines(children, properties | ITALIC)
            case Strong(children=children):
                return self.inlines(children, properties | BOLD)
            case LineBreak():
                return BREAK
            case Ref(text=text):
                if text is None:
                    raise AssertionError(
                        f"{inline.pos}: reference '{inline.label}' was not resolved")
                return _run(text, properties)
            case FootnoteRef():
                return self.footnote_reference(inline)
            case Inserted() | Deleted():
                action: Revision = "inserted" if isinstance(inline, Inserted) else "deleted"
                with self.revision(action, AUTHORS[inline.change]) as change:
                    runs = self.inlines(inline.children, properties)
                    return change.wrap(runs) if change else runs
        raise TypeError(f"unknown inline {type(inline).__name__}")

    def footnote_reference(self, reference: FootnoteRef) -> str:
        number = reference.number
        if number is None:
            raise AssertionError(f"{reference.pos}: footnote '{reference.label}' was not numbered")
        if not reference.places_note:
            previous = None if reference.previous is None else str(reference.previous)
            return self.number(str(number), previous, _note_mark)
        note = self.document.footnotes[reference.label]
        placed = len(self.notes) + 1  # Word's count: notes placed in the body so far
        if self.tracking is None and number != placed:  # a redline is all Word's count
            identifier = number
            reference_xml = (f'<w:r>{NOTE_MARK_STYLE}<w:footnoteReference w:customMarkFollows="1"'
                             f' w:id="{number}"/><w:t>{number}</w:t></w:r>')
            mark = _note_mark(str(number))
        else:
            identifier = placed
            reference_xml = f'<w:r>{NOTE_MARK_STYLE}<w:footnoteReference w:id="{placed}"/></w:r>'
            mark = f"<w:r>{NOTE_MARK_STYLE}<w:footnoteRef/></w:r>"
        self.notes.append(f'<w:footnote w:id="{identifier}">{self.note_text(note, mark)}'
                          '</w:footnote>')
        return reference_xml

    def note_text(self, note: Footnote, mark: str) -> str:
        """The note's paragraph, starting with ``mark``, then those of the
        notes that follow it; in a redline, each marked if its note is
        inserted or deleted."""
        with self.note_story(note.revised):
            paragraph = self.paragraph("FootnoteText",
                                       mark + _run(" ") + self.inlines(note.inlines))
        return paragraph + "".join(
            self.note_text(follower, _note_mark(str(follower.number or 0)))
            for follower in (self.document.footnotes[label] for label in note.followers))
