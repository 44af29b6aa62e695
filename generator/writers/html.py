"""HTML writer: a resolved document as one standalone HTML5 page.

Every number and reference is already text on the nodes; this module only
turns the tree into markup. All text from the document is escaped. The same
markup feeds the PDF writer (:mod:`generator.writers.pdf`): footnotes are
``<span class="footnote">`` elements that CSS Paged Media floats to the foot
of the page, numbered by the engine's number (``data-n``), never by a CSS
counter.

A redline's changes are ``<ins>`` and ``<del>`` elements, classed by the
change (``edit``, ``renumbering``); whole blocks, rows, items and notes
inserted or deleted carry the class ``inserted`` or ``deleted``.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup, escape

from ..model.document import (
    PAGE_SIZES, Annex, Block, BulletList, Cell, DefinitionList, Deleted, Document, Emph,
    FieldBlock, Figure, Footnote, FootnoteRef, Inline, Inserted, LineBreak, ListItem,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Ref, Revised, Revision, Section,
    SignatureBlock, Strong, Table, Text,
)
from . import TEMPLATES, TemplateFiles, renderer

PAGE_TEMPLATE = TEMPLATES / "html" / "document.html.j2"
PRINT_CSS = TEMPLATES / "css" / "print.css"
SCREEN_CSS = TEMPLATES / "css" / "screen.css"
#: Deepest heading element used; deeper sections share it.
MAX_HEADING = 4
#: The width and height attributes of an SVG root tag.
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


class HtmlRenderer:
    """Writes documents as standalone HTML pages with the page template and
    the stylesheets of ``templates/``, read once and again when they change."""

    def __init__(self) -> None:
        self.files = TemplateFiles()
        environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True, keep_trailing_newline=True)
        self._page: Template = environment.from_string(self.files.read_text(PAGE_TEMPLATE))
        #: The print stylesheet, trusted (it is ours, not content).
        self.print_css = Markup(self.files.read_text(PRINT_CSS))
        self._screen_css = Markup(self.files.read_text(SCREEN_CSS))

    def stale(self) -> bool:
        return self.files.changed()

    def render(self, document: Document) -> bytes:
        return self.page(document, embed_css=True).encode("utf-8")

    def page(self, document: Document, *, embed_css: bool) -> str:
        """The document as a complete HTML page. With ``embed_css`` the print
        and screen stylesheets are inlined; without, the page carries no style
        and the caller supplies the print stylesheet (the PDF writer, which
        parses it once)."""
        meta = document.meta
        if meta.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, "
                             f"got {meta.page_size!r}")
        body = _BodyWriter(document.footnotes).blocks(document.blocks)
        return self._page.render(
            title=meta.title, kind=meta.kind, page_size=meta.page_size, header=meta.header,
            print_css=self.print_css if embed_css else None,
            screen_css=self._screen_css if embed_css else None,
            body=Markup(body),
        )


def render_html(document: Document) -> str:
    """The document as a standalone HTML page (this process's renderer)."""
    return renderer("html").render(document).decode("utf-8")


def _id(label: str | None) -> str:
    return f' id="{escape(label)}"' if label else ""


def _num(display: str | None, previous: str | None = None) -> str:
    """An element's number; in a redline, the one it had before it."""
    if not display:
        return ""
    if previous:
        return (f'<span class="num"><del class="renumbering">{escape(previous)}</del>'
                f'<ins class="renumbering">{escape(display)}</ins></span> ')
    return f'<span class="num">{escape(display)}</span> '


def _revised(action: Revision | None) -> str:
    return f' class="{action}"' if action else ""


def _svg_element(svg: str) -> str:
    """The ``<svg>`` element of an SVG file, without the XML declaration,
    doctype and comments that Graphviz writes before it. With a viewBox, the
    root's own width and height go: the figure's box sizes the drawing
    (WeasyPrint ignores CSS sizes on an inline SVG that has them)."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("figure.svg holds no <svg> element")
    end = svg.index(">", start)
    root = svg[start:end]
    if "viewBox" in root:
        root = _SVG_SIZE.sub("", root)
    return root + svg[end:].rstrip()


class _BodyWriter:
    """Writes blocks and inlines; footnotes where the engine placed them."""

    def __init__(self, footnotes: Mapping[str, Footnote]) -> None:
        self._footnotes = footnotes

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: Iterable[Block]) -> str:
        return "\n".join(self.block(block) for block in blocks)

    def block(self, block: Block) -> str:
        match block:
            case Paragraph(inlines=inlines, style=style):
                css_class = f' class="style-{escape(style)}"' if style else ""
                return f"<p{css_class}>{self.inlines(inlines)}</p>"
            case NumberedParagraph():
                return (f'<p class="numbered numbered-{escape(block.kind)}"{_id(block.label)}>'
                        f"{_num(block.display, block.previous)}{self.inlines(block.inlines)}</p>")
            case Section():
                level = min(block.level, MAX_HEADING)
                return (f'<section class="level-{level}"{_id(block.label)}>\n'
                        f"<h{level}>{_num(block.display, block.previous)}"
                        f"{self.inlines(block.title)}</h{level}>\n"
                        f"{self.blocks(block.children)}\n</section>")
            case Annex():
                return (f'<section class="annex"{_id(block.label)}>\n<h1 class="annex-title">'
                        f'{_num(block.display, block.previous)}<span class="title">'
                        f"{self.inlines(block.title)}</span></h1>\n"
                        f"{self.blocks(block.children)}\n</section>")
            case BulletList(items=items):
                body = "".join(self.item(item, None, None) for item in items)
                return f"<ul>\n{body}</ul>"
            case OrderedList(items=items, displays=displays):
                if len(displays) != len(items):
                    raise AssertionError(f"{block.pos}: ordered list was not numbered")
                previous = block.previous or [None] * len(items)
                body = "".join(self.item(item, display, before)
                               for item, display, before in zip(items, displays, previous))
                return f'<ol class="numbered">\n{body}</ol>'
            case Table():
                return self.table(block)
            case DefinitionList(items=items):
                body = "".join(f"<dt{_id(item.label)}>{self.inlines(item.term)}</dt>"
                               f"<dd>{self.inlines(item.body)}</dd>\n" for item in items)
                return f"<dl>\n{body}</dl>"
            case FieldBlock(fields=fields):
                rows = "".join(f'<tr><th scope="row">{escape(field.key)}</th>'
                               f"<td>{self.inlines(field.value)}</td></tr>\n" for field in fields)
                return f'<table class="fields">\n{rows}</table>'
            case SignatureBlock(signers=signers):
                body = "".join(
                    '<div class="signer">'
                    + (f'<p class="signer-name">{escape(signer.name)}</p>' if signer.name else "")
                    + f'<p class="signer-office">{escape(signer.office)}</p></div>\n'
                    for signer in signers)
                return f'<div class="signatures">\n{body}</div>'
            case Figure():
                caption = ""
                if block.display or block.caption:
                    caption = (f"<figcaption>{_num(block.display, block.previous)}"
                               f"{self.inlines(block.caption or [])}</figcaption>")
                return (f"<figure{_id(block.label)}>"
                        f'<div class="figure-body" style="width: {block.width_cm:g}cm">'
                        f"{_svg_element(block.svg)}</div>{caption}</figure>")
            case PageBreak():
                return '<div class="page-break"></div>'
            case Revised(action=action, blocks=blocks):
                return f'<div class="{action}">\n{self.blocks(blocks)}\n</div>'
        raise TypeError(f"unknown block {type(block).__name__}")

    def item(self, item: ListItem, display: str | None, previous: str | None) -> str:
        return (f"<li{_revised(item.revised)}>{_num(display, previous)}"
                f"{self.blocks(item.blocks)}</li>\n")

    def table(self, table: Table) -> str:
        classes = ([f"style-{table.style}"] if table.style != "grid" else []) + (
            ["fixed-widths"] if table.widths else [])
        parts = [f"<table{_id(table.label)}"
                 + (f' class="{" ".join(classes)}"' if classes else "") + ">"]
        if table.display or table.caption or table.subtitle:
            parts.append("<caption>")
            if table.display:
                parts.append(_num(table.display, table.previous).rstrip())
            if table.caption:
                parts.append(f'<span class="title">{self.inlines(table.caption)}</span>')
            if table.subtitle:
                parts.append(f'<span class="subtitle">{self.inlines(table.subtitle)}</span>')
            parts.append("</caption>")
        if table.widths:
            total = sum(table.widths)
            parts.append("<colgroup>" + "".join(
                f'<col style="width: {100 * width / total:.2f}%">' for width in table.widths)
                + "</colgroup>")
        if table.head:
            parts.append("<thead>" + self.rows(table.head, "th", table.revised_rows) + "</thead>")
        parts.append("<tbody>" + self.rows(table.rows, "td", table.revised_rows, len(table.head))
                     + "</tbody></table>")
        return "\n".join(parts)

    def rows(self, rows: list[list[Cell]], tag: str, revised: Mapping[int, Revision],
             first: int = 0) -> str:
        return "".join(f"<tr{_revised(revised.get(first + index))}>"
                       + "".join(self.cell(cell, tag) for cell in row) + "</tr>\n"
                       for index, row in enumerate(rows))

    def cell(self, cell: Cell, tag: str) -> str:
        span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
        align = f' class="align-{escape(cell.align)}"' if cell.align else ""
        return f"<{tag}{span}{align}>{self.inlines(cell.inlines)}</{tag}>"

    # ----------------------------------------------------------- inlines

    def inlines(self, inlines: Iterable[Inline]) -> str:
        return "".join(self.inline(inline) for inline in inlines)

    def inline(self, inline: Inline) -> str:
        match inline:
            case Text(text=text):
                return str(escape(text))
            case Emph(children=children):
                return f"<em>{self.inlines(children)}</em>"
            case Strong(children=children):
                return f"<strong>{self.inlines(children)}</strong>"
            case LineBreak():
                return "<br>"
            case Ref():
                return self.ref(inline)
            case FootnoteRef():
                return self.footnote_ref(inline)
            case Inserted(children=children, change=change):
                return f'<ins class="{change}">{self.inlines(children)}</ins>'
            case Deleted(children=children, change=change):
                return f'<del class="{change}">{self.inlines(children)}</del>'
        raise TypeError(f"unknown inline {type(inline).__name__}")

    def ref(self, ref: Ref) -> str:
        if ref.text is None:
            raise AssertionError(f"{ref.pos}: reference '{ref.label}' was not resolved")
        if ref.form == "count" or ref.document is not None:
            return f'<span class="ref">{escape(ref.text)}</span>'
        return f'<a class="ref" href="#{escape(ref.label)}">{escape(ref.text)}</a>'

    def footnote_ref(self, ref: FootnoteRef) -> str:
        if ref.number is None:
            raise AssertionError(f"{ref.pos}: footnote '{ref.label}' was not numbered")
        if not ref.places_note:
            return self.call(ref.number)
        return self.note(self._footnotes[ref.label], nested=False)

    def call(self, number: int) -> str:
        return f'<sup class="footnote-call">{number}</sup>'

    def note(self, note: Footnote, *, nested: bool) -> str:
        """The note's text, floated to the foot of the page, then the notes
        that follow it (with no call in the body: theirs is in the note's text)."""
        css_class = " ".join(c for c in ("footnote", "nested" if nested else "", note.revised or "")
                             if c)
        return (f'<span class="{css_class}" id="fn:{escape(note.label)}" data-n="{note.number}">'
                f"{self.inlines(note.inlines)}</span>"
                + "".join(self.note(self._footnotes[label], nested=True)
                          for label in note.followers))


def blocks_html(blocks: Iterable[Block], footnotes: Mapping[str, Footnote]) -> str:
    """The markup of some blocks of a document (whose notes are ``footnotes``),
    for pages that show parts of documents, as the review report does."""
    return _BodyWriter(footnotes).blocks(blocks)
