"""HTML writer: a resolved document as one standalone HTML5 page.

Every number and reference is already text on the nodes; this module only
turns the tree into markup. All text from the document is escaped. The same
markup feeds the PDF writer (:mod:`generator.writers.pdf`): footnotes are
``<span class="footnote">`` elements that CSS Paged Media floats to the foot
of the page, numbered by the engine's number (``data-n``), never by a CSS
counter.

The standalone page (:meth:`HtmlRenderer.render`) is also a web page: it
adds, for the screen only, the document's title when its first blocks do not
show it, a table of contents (``<nav class="toc">``) of its sections, and its
notes as endnotes (``<section class="endnotes">``), each linked both ways with
its calls. These parts carry the class ``screen-only``: the print stylesheet
hides them, and the screen stylesheet hides the floated notes instead. The PDF
writer's page (``embed_css=False``) has none of them: its markup is the print
markup alone.

A redline's changes are ``<ins>`` and ``<del>`` elements, classed by the
change (``edit``, ``renumbering``); whole blocks, rows, items and notes
inserted or deleted carry the class ``inserted`` or ``deleted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Container, Iterable, Mapping

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup, escape

from ..model.document import (
    ITEM_MARK, PAGE_SIZES, Annex, Block, BulletList, Cell, DefinitionList, Deleted, Document,
    Emph, FieldBlock, Figure, Footnote, FootnoteRef, Inline, Inserted, LineBreak, ListItem,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Ref, Revised, Revision, Section,
    SignatureBlock, Strong, Table, Text, cell_items,
)
from ..model.tables import held_rows
from . import TEMPLATES, TemplateFiles, renderer
from .design import css as design_css, read_design, shell_of

PAGE_TEMPLATE = TEMPLATES / "html" / "document.html.j2"
#: A slash between two words' letters.
SLASH = re.compile(r"(?<=\w)/(?=\w)")
PRINT_CSS = TEMPLATES / "css" / "print.css"
SCREEN_CSS = TEMPLATES / "css" / "screen.css"
#: Deepest heading element used; deeper sections share it.
MAX_HEADING = 4
#: The width and height attributes of an SVG root tag.
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
#: An id in an SVG file and the references to one (attribute values only:
#: text in an SVG has its quotes escaped).
_SVG_ID = re.compile(r'(\sid="|\s(?:xlink:)?href="#|url\(#)([^"()]*)')
#: Deepest section level listed in the web page's table of contents.
TOC_DEPTH = 2
#: The class of the parts of the web page that print hides.
SCREEN_ONLY = "screen-only"
#: A back-link's mark (U+21A9 with the text-style variation selector, so that
#: no system draws it as an emoji).
BACK = "\u21a9\ufe0e"


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
        self._designed: dict[str, Markup] = {}

    def stale(self) -> bool:
        return self.files.changed()

    def print_css_for(self, kind: str) -> Markup:
        """The print stylesheet of documents of ``kind``: ``print.css``, then
        the page design of the kind's Word shell (:mod:`.design`)."""
        if kind not in self._designed:
            shell = self.files.read_bytes(shell_of(kind))  # a change to it makes this stale
            self._designed[kind] = self.print_css + Markup(design_css(read_design(shell)))
        return self._designed[kind]

    def render(self, document: Document) -> bytes:
        return self.page(document, embed_css=True).encode("utf-8")

    def page(self, document: Document, *, embed_css: bool) -> str:
        """The document as a complete HTML page. With ``embed_css`` it is the
        web page: the print and screen stylesheets inlined, and the parts
        shown on screen only (title, table of contents, endnotes, linked note
        calls). Without, the page carries no style and only the print markup,
        and the caller supplies the print stylesheet (the PDF writer, which
        parses it once)."""
        meta = document.meta
        if meta.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, "
                             f"got {meta.page_size!r}")
        screen = embed_css
        writer = _BodyWriter(document.footnotes, screen=screen)
        parts = [writer.block(block) for block in document.blocks]
        if screen and (toc := _contents(writer.headings)):
            # after the blocks that open the document (its title), before its first section
            first = next((i for i, block in enumerate(document.blocks)
                          if isinstance(block, (Section, Annex))), 0)
            parts.insert(first, toc)
        return self._page.render(
            title=meta.title, kind=meta.kind, page_size=meta.page_size, header=meta.header,
            print_css=self.print_css_for(meta.kind) if embed_css else None,
            screen_css=self._screen_css if embed_css else None,
            body=Markup("\n".join(parts)),
            title_block=screen and not _shows_title(document.blocks),
            endnotes=Markup(writer.endnotes() if screen else ""),
        )


def render_html(document: Document) -> str:
    """The document as a standalone HTML page (this process's renderer)."""
    return renderer("html").render(document).decode("utf-8")


def _id(label: str | None) -> str:
    return f' id="{escape(label)}"' if label else ""


def _shows_title(blocks: Iterable[Block]) -> bool:
    """Whether a document's first blocks, before any section or annex, hold
    a paragraph of the title style (a decree's, a Programa Marco's)."""
    for block in blocks:
        if isinstance(block, (Section, Annex)):
            return False
        if isinstance(block, Paragraph) and block.style == "title":
            return True
    return False


@dataclass
class _Heading:
    """A section or annex of the page, for the table of contents."""

    level: int
    anchor: str
    display: str | None
    title: list[Inline]
    children: list[_Heading] = field(default_factory=list)


def _contents(headings: list[_Heading]) -> str:
    """The table of contents of a page's sections and annexes down to
    ``TOC_DEPTH``, with their numbers and titles (an entry without a title is
    left out); empty for a page without sections."""
    root = _Heading(0, "", None, [])
    stack = [root]
    for heading in headings:
        if heading.level > TOC_DEPTH or not _plain(heading.title).strip():
            continue
        while stack[-1].level >= heading.level:
            stack.pop()
        node = _Heading(heading.level, heading.anchor, heading.display, heading.title)
        stack[-1].children.append(node)
        stack.append(node)
    if not root.children:
        return ""
    return (f'<nav class="toc {SCREEN_ONLY}" aria-labelledby="toc-title">\n'
            '<h1 id="toc-title">Índice</h1>\n'
            f"{_toc_list(root.children)}\n</nav>")


def _toc_list(headings: list[_Heading]) -> str:
    items = "".join(
        f'<li><a href="#{escape(h.anchor)}">'
        + (f'<span class="num">{escape(h.display)}</span> ' if h.display else "")
        + f'<span class="title">{_plain(h.title)}</span></a>'
        + (f"\n{_toc_list(h.children)}\n" if h.children else "") + "</li>\n"
        for h in headings)
    return f"<ol>\n{items}</ol>"


def _plain(inlines: Iterable[Inline]) -> str:
    """Inlines as markup without links or note calls (a heading's title in
    the table of contents, which is a link itself)."""
    parts = []
    for inline in inlines:
        match inline:
            case Text(text=text):
                parts.append(str(escape(text)))
            case Emph(children=children):
                parts.append(f"<em>{_plain(children)}</em>")
            case Strong(children=children):
                parts.append(f"<strong>{_plain(children)}</strong>")
            case Ref(text=text):
                parts.append(str(escape(text or "")))
            case LineBreak():
                parts.append(" ")
            case Inserted(children=children):
                parts.append(_plain(children))
            case FootnoteRef() | Deleted():
                pass
            case _:
                raise TypeError(f"unknown inline {type(inline).__name__}")
    return "".join(parts)


def _letter(index: int) -> str:
    """``a``, ``b``, … for the calls of a note cited more than once."""
    return chr(ord("a") + index) if index < 26 else str(index + 1)


def _num(display: str | None, previous: str | None = None) -> str:
    """An element's number; in a redline, the one it had before it."""
    if not display:
        return ""
    if previous:
        return (f'<span class="num"><del class="renumbering">{escape(previous)}</del>'
                f'<ins class="renumbering">{escape(display)}</ins></span> ')
    return f'<span class="num">{escape(display)}</span> '


def _breakable(text: str) -> str:
    """Text as HTML that a line may break after a slash between words
    ("Elaboración/Actualización"), as Word and Typst break it; browsers do
    not, and such a word would widen its table column past the page."""
    return SLASH.sub("/<wbr>", str(escape(text)))


def _revised(action: Revision | None) -> str:
    return f' class="{action}"' if action else ""


def _row_start(action: Revision | None, held: bool) -> str:
    classes = " ".join(name for name in (action, "held" if held else None) if name)
    return f'<tr class="{classes}">' if classes else "<tr>"


def _svg_element(svg: str, prefix: str) -> str:
    """The ``<svg>`` element of an SVG file, without the XML declaration,
    doctype and comments that Graphviz writes before it. With a viewBox, the
    root's own width and height go: the figure's box sizes the drawing
    (WeasyPrint ignores CSS sizes on an inline SVG that has them). Its ids
    (Graphviz names every drawing's nodes ``node1``, ``node2``, …) and the
    references to them get ``prefix/`` before them, so that two drawings in a
    page share none (no label holds a slash)."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("figure.svg holds no <svg> element")
    end = svg.index(">", start)
    root = svg[start:end]
    if "viewBox" in root:
        root = _SVG_SIZE.sub("", root)
    return _SVG_ID.sub(lambda m: f"{m[1]}{prefix}/{m[2]}", root + svg[end:].rstrip())


class _BodyWriter:
    """Writes blocks and inlines; footnotes where the engine placed them.

    With ``screen``, for the web page: every note call outside the floated
    notes is a link to the note's endnote (:meth:`endnotes`) with an id of its
    own for the way back, every section and annex has an id, and
    :attr:`headings` lists them for the table of contents."""

    def __init__(self, footnotes: Mapping[str, Footnote], *, screen: bool = False) -> None:
        self._footnotes = footnotes
        self._screen = screen
        #: Inside a floated note's text (hidden on screen): calls are plain.
        self._in_note = False
        #: Inside the endnotes: no call places a note.
        self._in_endnotes = False
        #: The labels of the notes written, in the order they were placed.
        self._placed: list[str] = []
        #: The ids of each note's linked calls, in document order.
        self._calls: dict[str, list[str]] = {}
        #: The sections and annexes written, in document order.
        self.headings: list[_Heading] = []
        self._figures = 0

    def _anchor(self, label: str | None, kind: str) -> str:
        """A section's or an annex's id: its label, else one made from its
        place (labels hold a colon, these never do)."""
        return label or f"{kind}-{len(self.headings) + 1}"

    def _figure_prefix(self, figure: Figure) -> str:
        """What the ids of a figure's drawing start with: its label, else
        its place among the page's figures."""
        self._figures += 1
        return str(escape(figure.label or f"figure-{self._figures}"))

    def _heading_id(self, block: Section | Annex) -> str:
        if not self._screen:
            return _id(block.label)
        level = min(block.level, MAX_HEADING) if isinstance(block, Section) else 1
        anchor = self._anchor(block.label, "section" if isinstance(block, Section) else "annex")
        self.headings.append(_Heading(level, anchor, block.display, block.title))
        return _id(anchor)

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
                return (f'<section class="level-{level}"{self._heading_id(block)}>\n'
                        f"<h{level}>{_num(block.display, block.previous)}"
                        f"{self.inlines(block.title)}</h{level}>\n"
                        f"{self.blocks(block.children)}\n</section>")
            case Annex():
                return (f'<section class="annex"{self._heading_id(block)}>\n'
                        '<h1 class="annex-title">'
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
                        f"{_svg_element(block.svg, self._figure_prefix(block))}</div>"
                        f"{caption}</figure>")
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
        parts.append("<tbody>" + self.rows(table.rows, "td", table.revised_rows, len(table.head),
                                           held_rows(table.rows)) + "</tbody></table>")
        return "\n".join(parts)

    def rows(self, rows: list[list[Cell]], tag: str, revised: Mapping[int, Revision],
             first: int = 0, held: Container[int] = ()) -> str:
        """Rows; a ``held`` row (tied to the next by a cell spanning both,
        or heading the rows below it) stays on the page of the row after it."""
        return "".join(_row_start(revised.get(first + index), index in held)
                       + "".join(self.cell(cell, tag) for cell in row) + "</tr>\n"
                       for index, row in enumerate(rows))

    def cell(self, cell: Cell, tag: str) -> str:
        scope = ' scope="col"' if tag == "th" else ""  # header cells are the head's
        span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
        if cell.rowspan > 1:
            span += f' rowspan="{cell.rowspan}"'
        align = f' class="align-{escape(cell.align)}"' if cell.align else ""
        if cell.listed:  # the mark is text, as in the DOCX and the PDF; the item hangs
            content = '<ul class="items">' + "".join(
                f'<li><span class="mark">{ITEM_MARK} </span>{self.inlines(item)}</li>'
                for item in cell_items(cell)) + "</ul>"
        else:
            content = self.inlines(cell.inlines)
        return f"<{tag}{scope}{span}{align}>{content}</{tag}>"

    # ----------------------------------------------------------- inlines

    def inlines(self, inlines: Iterable[Inline]) -> str:
        return "".join(self.inline(inline) for inline in inlines)

    def inline(self, inline: Inline) -> str:
        match inline:
            case Text(text=text):
                return _breakable(text)
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
        if not ref.places_note or self._in_endnotes:
            return self.call(ref.label, ref.number)
        note = self._footnotes[ref.label]
        # on screen the floated note is hidden: its call is shown instead
        call = self.call(ref.label, ref.number, places_note=True) if self._screen else ""
        return call + self.note(note, nested=False)

    def call(self, label: str, number: int, *, places_note: bool = False) -> str:
        """A note's call; on screen, outside the floated notes, a link to the
        endnote, with an id for the endnote's link back. The call that places
        the note is shown on screen only: in print the engine draws it."""
        if not self._screen or self._in_note:
            return f'<sup class="footnote-call">{number}</sup>'
        calls = self._calls.setdefault(label, [])
        anchor = f"fnref:{label}" + (f":{len(calls) + 1}" if calls else "")
        calls.append(anchor)
        css_class = f"footnote-call {SCREEN_ONLY}" if places_note else "footnote-call"
        return (f'<sup class="{css_class}" id="{escape(anchor)}">'
                f'<a href="#fn:{escape(label)}" role="doc-noteref">{number}</a></sup>')

    def note(self, note: Footnote, *, nested: bool) -> str:
        """The note's text, floated to the foot of the page, then the notes
        that follow it (with no call in the body: theirs is in the note's text).
        On screen the id is the endnote's."""
        self._placed.append(note.label)
        css_class = " ".join(c for c in ("footnote", "nested" if nested else "", note.revised or "")
                             if c)
        identity = "" if self._screen else f' id="fn:{escape(note.label)}"'
        outer, self._in_note = self._in_note, True
        text = self.inlines(note.inlines)
        self._in_note = outer
        return (f'<span class="{css_class}"{identity} data-n="{note.number}">{text}</span>'
                + "".join(self.note(self._footnotes[label], nested=True)
                          for label in note.followers))

    def endnotes(self) -> str:
        """The notes written so far as the web page's endnotes, by number,
        each with links back to its calls; empty when there are none."""
        notes = sorted((self._footnotes[label] for label in dict.fromkeys(self._placed)),
                       key=lambda note: note.number or 0)
        if not notes:
            return ""
        self._in_endnotes = True
        texts = [self.inlines(note.inlines) for note in notes]  # gives the calls in notes ids
        self._in_endnotes = False
        items = "".join(
            f'<li id="fn:{escape(note.label)}"{_revised(note.revised)}>'
            f'<span class="num">{note.number}</span> {text}{self.backlinks(note)}</li>\n'
            for note, text in zip(notes, texts))
        return (f'<section class="endnotes {SCREEN_ONLY}" role="doc-endnotes" '
                'aria-labelledby="notes-title">\n<h1 id="notes-title">Notas</h1>\n'
                f"<ol>\n{items}</ol>\n</section>")

    def backlinks(self, note: Footnote) -> str:
        """An endnote's links back to its calls: one, or one per call marked
        a, b, … when the note is cited more than once."""
        calls = self._calls.get(note.label, [])
        links = []
        for index, anchor in enumerate(calls):
            mark = f" {_letter(index)}" if len(calls) > 1 else ""
            links.append(f' <a class="backlink" href="#{escape(anchor)}" role="doc-backlink" '
                         f'aria-label="Volver a la llamada{mark} de la nota {note.number}">'
                         f"{BACK}" + (f"<sup>{mark.strip()}</sup>" if mark else "") + "</a>")
        return "".join(links)


def blocks_html(blocks: Iterable[Block], footnotes: Mapping[str, Footnote]) -> str:
    """The markup of some blocks of a document (whose notes are ``footnotes``),
    for pages that show parts of documents, as the review report does."""
    return _BodyWriter(footnotes).blocks(blocks)
