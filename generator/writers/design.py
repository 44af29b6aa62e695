"""The page design, read from the Word shell of a document's kind.

The Word shells (``templates/docx/reference.docx`` and ``decree.docx``, made
by ``make_reference.py`` and editable in Word or LibreOffice) are the one
place the page is designed: the margins and the distances of the header and
the footer, the first page's letterhead, whether the running header shows on
the first page, the footer's text, and the look of the paragraph styles that
content names (``{.letterhead}``, ``{.title}``, …) and of the body text. The
DOCX writer takes the shell as it is; the Typst template and the print
stylesheet take this, so the three cannot drift apart. Word's style
inheritance (``w:basedOn``, the document defaults) is resolved here.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..kinds import KINDS
from ..model.document import PARAGRAPH_STYLES
from . import TEMPLATES
from .docx import (
    PACKAGE_RELS, RUNNING_HEADER_STYLE, TWIPS_PER_CM, R, W, find_style, part_name, style_ids,
)

#: A content paragraph style → the name of its style in the shell; the body
#: text is Word's "Normal", a numbered paragraph's "Marco Numbered", a table
#: cell's text "Marco Table Text".
STYLE_NAMES = {**{style: f"Marco {style.capitalize()}" for style in PARAGRAPH_STYLES},
               "body": "Normal", "numbered": "Marco Numbered", "table": "Marco Table Text"}
#: ``w:jc`` → the alignment's name in CSS and Typst.
ALIGNMENTS = {"both": "justify", "distribute": "justify", "left": "left", "start": "left",
              "center": "center", "right": "right", "end": "right"}
#: Word's single line spacing for Liberation Sans (hhea ascender + descender
#: + line gap, in em), of which a style's line spacing is a multiple.
WORD_LINE = 1.1499
#: The fields a footer may hold, by their Word instruction.
FIELDS = ("PAGE", "NUMPAGES")


@dataclass(frozen=True)
class Look:
    """A paragraph style as Word resolves it: the alignment, bold, italic,
    all capitals, the size (pt), the space before and after (pt), the
    left indent and the hanging indent of the lines after the first (cm),
    and the line spacing (a multiple of single spacing)."""

    align: str
    bold: bool
    italic: bool
    caps: bool
    size: float
    before: float
    after: float
    indent: float
    hanging: float
    line: float


@dataclass(frozen=True)
class Design:
    """What every writer's page takes from the shell. Lengths in cm;
    ``letterhead``: the lines of the first page's header (none: no
    letterhead); ``running_first``: whether the running header shows on the
    first page too (the shell has no first page of its own); ``footer``: its
    text, the fields ``PAGE`` and ``NUMPAGES`` as ``{PAGE}``, ``{NUMPAGES}``."""

    margins: dict[str, float]
    header: float
    footer: float
    letterhead: tuple[str, ...]
    letterhead_look: Look
    running_first: bool
    running_look: Look
    footer_text: str
    footer_look: Look
    styles: dict[str, Look]

    def as_data(self) -> dict[str, Any]:
        """Plain data (for Typst's ``sys.inputs``), with Word's single line
        spacing (:data:`WORD_LINE`)."""
        return {**asdict(self), "word_line": WORD_LINE}


def shell_of(kind: str) -> Path:
    """The Word shell of documents of ``kind``."""
    return TEMPLATES / "docx" / KINDS[kind].shell


@lru_cache(maxsize=8)
def read_design(shell: bytes) -> Design:
    """The design of a Word shell (a valid one: the DOCX writer checks shells
    and reports what is wrong with them)."""
    with zipfile.ZipFile(io.BytesIO(shell)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    styles = _Styles(parts["word/styles.xml"])
    relationships = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): part_name(rel.get("Target"))
               for rel in relationships.iter(f"{{{PACKAGE_RELS}}}Relationship")}
    section = etree.fromstring(parts["word/document.xml"]).find(f"{{{W}}}body/{{{W}}}sectPr")
    margins = section.find(f"{{{W}}}pgMar")
    first_page = section.find(f"{{{W}}}titlePg") is not None

    def part(element: str, kind: str) -> etree._Element | None:
        for reference in section.findall(f"{{{W}}}{element}Reference"):
            if reference.get(f"{{{W}}}type", "default") == kind:
                return etree.fromstring(parts[targets[reference.get(f"{{{R}}}id")]])
        return None

    letterhead = part("header", "first") if first_page else None
    lines = tuple(text for p in _paragraphs(letterhead) if (text := _text(p)))
    running = _styled(part("header", "default"), styles.id_of(RUNNING_HEADER_STYLE))
    footer = _paragraphs(part("footer", "default"))
    return Design(
        margins={side: _cm(margins, side) for side in ("top", "right", "bottom", "left")},
        header=_cm(margins, "header"),
        footer=_cm(margins, "footer"),
        letterhead=lines,
        letterhead_look=styles.look_of(_paragraphs(letterhead)[0] if lines else None),
        running_first=not first_page,
        running_look=styles.look_of(running),
        footer_text="".join(_text(p, fields=True) for p in footer),
        footer_look=styles.look_of(footer[0] if footer else None),
        styles={style: styles.look(styles.id_of(name)) for style, name in STYLE_NAMES.items()},
    )


class _Styles:
    """A shell's ``styles.xml``: each style's look with what it inherits."""

    def __init__(self, data: bytes):
        root = etree.fromstring(data)
        self.by_id = {s.get(f"{{{W}}}styleId"): s for s in root.iter(f"{{{W}}}style")
                      if s.get(f"{{{W}}}type") == "paragraph"}
        self.ids = style_ids(data)
        self.defaults = root.find(f"{{{W}}}docDefaults")
        self.default_id = next((i for i, s in self.by_id.items()
                                if s.get(f"{{{W}}}default") in ("1", "true")), None)

    def id_of(self, name: str) -> str | None:
        return find_style(self.ids, name)

    def look_of(self, paragraph: etree._Element | None) -> Look:
        style = None if paragraph is None else paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        return self.look(self.default_id if style is None else style.get(f"{{{W}}}val"))

    def look(self, style_id: str | None) -> Look:
        chain = []  # the style, what it is based on, …, then the document defaults
        seen: set[str] = set()
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(f"{{{W}}}basedOn")
            style_id = None if based is None else based.get(f"{{{W}}}val")
        if self.defaults is not None:
            chain.append(self.defaults)

        def first(path: str) -> etree._Element | None:
            return next((found for s in chain if (found := s.find(path)) is not None), None)

        def on(tag: str) -> bool:
            found = first(f".//{{{W}}}rPr/{{{W}}}{tag}")
            return found is not None and found.get(f"{{{W}}}val", "1") not in ("0", "false", "off")

        def twips(tag: str, attribute: str) -> float:
            found = next((e for s in chain for e in s.iterfind(f".//{{{W}}}pPr/{{{W}}}{tag}")
                          if e.get(f"{{{W}}}{attribute}") is not None), None)
            return 0.0 if found is None else float(found.get(f"{{{W}}}{attribute}"))

        align = first(f".//{{{W}}}pPr/{{{W}}}jc")
        size = first(f".//{{{W}}}rPr/{{{W}}}sz")
        return Look(
            align=ALIGNMENTS.get(align.get(f"{{{W}}}val") if align is not None else "", "left"),
            bold=on("b"), italic=on("i"), caps=on("caps"),
            size=float(size.get(f"{{{W}}}val")) / 2 if size is not None else 10.0,
            before=twips("spacing", "before") / 20, after=twips("spacing", "after") / 20,
            indent=round(twips("ind", "left") / TWIPS_PER_CM, 3),
            hanging=round(twips("ind", "hanging") / TWIPS_PER_CM, 3),
            line=(twips("spacing", "line") or 240) / 240)


def _cm(element: etree._Element, attribute: str) -> float:
    return round(float(element.get(f"{{{W}}}{attribute}", "0")) / TWIPS_PER_CM, 3)


def _paragraphs(part: etree._Element | None) -> list[etree._Element]:
    return [] if part is None else list(part.iter(f"{{{W}}}p"))


def _styled(part: etree._Element | None, style_id: str | None) -> etree._Element | None:
    """The first paragraph of ``part`` in the style ``style_id``."""
    return next((p for p in _paragraphs(part)
                 if (s := p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) is not None
                 and s.get(f"{{{W}}}val") == style_id), None)


def _text(paragraph: etree._Element, fields: bool = False) -> str:
    """A paragraph's text; with ``fields``, its page fields as ``{PAGE}`` and
    ``{NUMPAGES}`` (a field's result, its number when last computed, is not
    text: the page's own number replaces it)."""
    out = []
    result = False  # inside a complex field's result
    for element in paragraph.iter(f"{{{W}}}t", f"{{{W}}}fldSimple", f"{{{W}}}instrText",
                                  f"{{{W}}}fldChar"):
        tag = etree.QName(element).localname
        if tag == "fldChar":
            kind = element.get(f"{{{W}}}fldCharType")
            result = kind == "separate" or (result and kind != "end")
        elif tag == "t":
            simple = any(etree.QName(a).localname == "fldSimple" for a in element.iterancestors())
            if not (fields and (result or simple)):
                out.append(element.text or "")
        elif fields:
            instruction = ((element.get(f"{{{W}}}instr") if tag == "fldSimple" else element.text)
                           or "").split()
            if instruction and instruction[0] in FIELDS:
                out.append(f"{{{instruction[0]}}}")
    return "".join(out)


def css(design: Design) -> str:
    """The design as CSS Paged Media, to follow ``print.css``: the page's
    margins, the letterhead on the first page, the running header and the
    footer in their margin boxes, the body text, numbered paragraphs, table
    cells' text and each content paragraph style."""
    margins = design.margins
    body = design.styles["body"]
    numbered = design.styles["numbered"]
    header = _box(design.running_look, "element(header)", f"padding-top: {design.header}cm; "
                  "vertical-align: top;")
    footer = _box(design.footer_look, _css_content(design.footer_text),
                  f"padding-bottom: {design.footer}cm; vertical-align: bottom;")
    rules = [
        f"@page {{ margin: {margins['top']}cm {margins['right']}cm {margins['bottom']}cm "
        f"{margins['left']}cm; @top-left {{ {header} }} @bottom-left {{ {footer} }} }}",
        f"html {{ font-size: {body.size}pt; line-height: {_line(body)}; }}",
        f"p {{ margin: 0 0 {body.after}pt; text-align: {body.align}; }}",
        # Word's left indent is that of the lines after the first; the first
        # hangs out of it by the hanging indent
        f"p.numbered {{ margin-left: {round(numbered.indent - numbered.hanging, 3)}cm; "
        f"padding-left: {numbered.hanging}cm; text-indent: -{numbered.hanging}cm; "
        f"text-align: {numbered.align}; }}",
        f".running-header {{ {_look(design.running_look)} }}",
        f"table {{ font-size: {design.styles['table'].size}pt; "
        f"line-height: {_line(design.styles['table'])}; }}",
    ]
    if not design.running_first:
        letterhead = _css_string("\n".join(design.letterhead))  # a line break: "\a "
        lead = _box(design.letterhead_look, letterhead, f"padding-top: {design.header}cm; "
                    "vertical-align: top; white-space: pre;")
        rules.append(f"@page :first {{ @top-left {{ {lead} }} }}")
    for style, look in design.styles.items():
        if style in PARAGRAPH_STYLES:
            rules.append(f"p.style-{style} {{ {_look(look)} margin: {look.before}pt 0 "
                         f"{look.after}pt {look.indent}cm; line-height: {_line(look)}; }}")
    return "\n".join(rules) + "\n"


def _line(look: Look) -> str:
    return f"{look.line * WORD_LINE:.4f}"


def _look(look: Look) -> str:
    return (f"text-align: {look.align}; font-size: {look.size}pt; "
            f"font-weight: {'bold' if look.bold else 'normal'}; "
            f"font-style: {'italic' if look.italic else 'normal'}; "
            f"text-transform: {'uppercase' if look.caps else 'none'};")


def _box(look: Look, content: str, place: str) -> str:
    """A margin box as wide as the text, in ``look``."""
    return f"content: {content}; width: 100%; {_look(look)} {place}"


def _css_string(text: str) -> str:
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\' or ord(c) < 32 else c for c in text)
    return f'"{escaped}"'


def _css_content(text: str) -> str:
    """``text`` with its ``{PAGE}`` and ``{NUMPAGES}`` as the page counters."""
    parts = []
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\})", text):
        if piece == "{PAGE}":
            parts.append("counter(page)")
        elif piece == "{NUMPAGES}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts) or '""'
