"""PDF writer through Typst: the resolved model as data, laid out by one
fixed template, ``templates/typst/document.typ``, with the look of the
WeasyPrint PDF (:mod:`generator.writers.pdf`, ``templates/css/print.css``)
several times faster.

The document never becomes markup. :class:`TypstRenderer` walks the model
into a JSON tree of plain data (strings, numbers, lists, dictionaries; the
template's header comment describes it) and passes it to the template as
``sys.inputs.doc``, where every string is shown as a string value: ``#``,
``*``, ``$``, ``<label>`` or ``//`` in content are text like any other.
Numbers are the engine's text (``display``, ``displays``,
``FootnoteRef.number``); Typst counts nothing but pages. Each footnote's text
goes where the engine placed it (``places_note``), its followers after it.

A renderer keeps one ``typst.Compiler``, made on first use with the template's
path and only the Liberation fonts of Debian's ``fonts-liberation2`` (no
system or embedded font), so the output depends on nothing else of the
machine; its bytes are the same for the same document in any process, dated
by the document's own date. A character those fonts cannot draw is the
content's error (:class:`~generator.errors.UserError`, at the block holding
it): Typst itself would draw an empty box without a word.

Typst starts a pool of threads on its first compile, which a fork does not
copy: a process forked after that would hang on its own first compile, so it
refuses instead (:func:`safe_to_fork` tells a worker pool beforehand).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import struct
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping

import typst

from ..errors import Pos, Problem, UserError
from ..model.document import (
    ITEM_MARK, NOWHERE, PAGE_SIZES, Annex, Block, BulletList, DefinitionList, Deleted, Document,
    Emph, FieldBlock, Figure, Footnote, FootnoteRef, Inline, Inserted, LineBreak, ListItem,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Placeholder, Ref, Revised, Section,
    SignatureBlock, Strong, Table, Text, cell_items,
)
from ..model.tables import Slot, heading_rows, slots
from ..model.walk import iter_blocks
from . import TEMPLATES, TemplateFiles, may_be_tall
from .design import read_design, shell_of
from .text import inline_text

TEMPLATE_DIR = TEMPLATES / "typst"
TEMPLATE = TEMPLATE_DIR / "document.typ"
#: Where Debian puts the Liberation fonts: ``fonts-liberation2``, then the
#: older ``fonts-liberation``.
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/liberation"))
FONT_PACKAGE = "fonts-liberation2"
#: The faces the template uses (Liberation Sans stands in for Arial).
FACES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
         "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf")
#: The PDF standards Typst can write (``pdf_standards``).
STANDARDS = (
    "1.4", "1.5", "1.6", "1.7", "2.0", "a-1a", "a-1b", "a-2a", "a-2b", "a-2u", "a-3a", "a-3b",
    "a-3u", "a-4", "a-4e", "a-4f", "ua-1")

#: Runs of white space, which HTML shows as one space.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
#: A Typst diagnostic about a character no font can show (PDF/A exports
#: refuse them: "the text 'x' cannot be displayed using …").
_GLYPH_MESSAGE = re.compile(r"(?:text|glyph|character)s? '(.+?)'.*(?:cannot be displayed|"
                            r"not found|missing|no font)", re.IGNORECASE)


#: Whether Typst has compiled in this process: its threads (a pool it starts
#: on its first compile) do not survive a fork, so a process forked after
#: that would wait for them forever on its own first compile.
_compiled = False
_forked_after_compile = False


def _forked() -> None:
    global _forked_after_compile
    _forked_after_compile = _compiled


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forked)


class TypstRenderer:
    """Writes documents as PDF through Typst's one template, the same for
    every document; ``standard`` is a PDF standard Typst writes (``"a-2b"``,
    ``"ua-1"``, …), or None for a plain tagged PDF."""

    def __init__(self, standard: str | None = None) -> None:
        if standard is not None and standard not in STANDARDS:
            raise ValueError(f"standard must be one of {', '.join(STANDARDS)}, got {standard!r}")
        self.standard = standard
        self.files = TemplateFiles()
        for path in sorted(TEMPLATE_DIR.glob("*.typ")):
            self.files.read_bytes(path)  # Typst reads them; this remembers their state
        self.fonts = font_folder()
        self._compiler: typst.Compiler | None = None
        self._coverage: frozenset[int] | None = None
        self._designs: dict[str, str] = {}

    def stale(self) -> bool:
        return self.files.changed()

    def render(self, document: Document) -> bytes:
        if _forked_after_compile:
            raise RuntimeError(
                "this process was forked after Typst had compiled in its parent, whose threads "
                "a fork does not copy: Typst would hang; fork before the first PDF, or start "
                "workers with 'spawn' or 'forkserver'")
        meta = document.meta
        if meta.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, "
                             f"got {meta.page_size!r}")
        tree = _Tree(document)
        data = json.dumps(tree.document(), ensure_ascii=False, separators=(",", ":"))
        self._check_glyphs(document, tree.strings)
        if self._compiler is None:
            # from the template's path: a compiler made from bytes fails on its second compile
            self._compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE_DIR),
                                            font_paths=self._fonts(), ignore_system_fonts=True)
        try:
            pdf, warnings = self._compiler.compile_with_warnings(
                format="pdf", sys_inputs={"doc": data, "design": self._design(meta.kind)},
                pdf_standards=[self.standard] if self.standard else [],
                timestamp=dt.datetime.combine(meta.date, dt.time(), tzinfo=dt.timezone.utc))
        except typst.TypstError as error:
            missing = _glyph_in(error.message)
            if missing is None:
                error.add_note(error.diagnostic)  # where in the template (the message says not)
                raise
            raise UserError([_missing_glyph(document, document.source, missing)]) from None
        finally:
            _compiled_once()
        problems = []
        for warning in warnings:
            missing = _glyph_in(warning.message)
            if missing is None:
                raise RuntimeError(f"Typst warned: {warning.diagnostic or warning.message}")
            problems.append(_missing_glyph(document, document.source, missing))
        if problems:
            raise UserError(problems)
        assert isinstance(pdf, bytes)
        return pdf

    def _design(self, kind: str) -> str:
        """The page design of ``kind``'s Word shell, as JSON."""
        if kind not in self._designs:
            shell = self.files.read_bytes(shell_of(kind))  # a change to it makes this stale
            self._designs[kind] = json.dumps(read_design(shell).as_data(), ensure_ascii=False)
        return self._designs[kind]

    def _fonts(self) -> typst.Fonts:
        """The Liberation fonts' folder only: neither the system's other fonts
        nor those Typst carries can stand in for a missing glyph."""
        return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                           font_paths=[str(self.fonts)])

    def _check_glyphs(self, document: Document, strings: Mapping[Pos, list[str]]) -> None:
        if self._coverage is None:
            self._coverage = frozenset.intersection(
                *(cmap_coverage(self.fonts / face) for face in FACES))
        problems = []
        for pos, texts in strings.items():
            for char in sorted(set("".join(texts))):
                # format characters (zero-width spaces and joiners) draw nothing
                if ord(char) not in self._coverage and unicodedata.category(char) != "Cf":
                    problems.append(_missing_glyph(document, pos, char))
        if problems:
            raise UserError(problems)


def safe_to_fork() -> bool:
    """Whether a process forked now could use Typst: not once Typst has
    compiled here (a build's worker pool must then start its workers another
    way, or render in this process)."""
    return not _compiled


def _compiled_once() -> None:
    global _compiled
    _compiled = True


def font_folder() -> Path:
    """The first of :data:`FONT_DIRS` holding the Liberation Sans faces."""
    for folder in FONT_DIRS:
        if all((folder / face).is_file() for face in FACES):
            return folder
    raise UserError([Problem(Pos(str(FONT_DIRS[0])), (
        f"the Liberation Sans fonts are missing (looked in {', '.join(map(str, FONT_DIRS))}); "
        f"install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})"))])


def _missing_glyph(document: Document, pos: Pos, char: str) -> Problem:
    name = unicodedata.name(char, "")
    return Problem(pos if pos != NOWHERE else document.source, (
        f"document '{document.meta.id}': the PDF's fonts (Liberation Sans) have no glyph for "
        f"U+{ord(char):04X} {char!r}" + (f" ({name})" if name else "")))


def _glyph_in(message: str) -> str | None:
    """The character a Typst diagnostic says no font can show, if it says so."""
    found = _GLYPH_MESSAGE.search(message or "")
    return found.group(1)[0] if found else None


# ------------------------------------------------------------------ fonts

def cmap_coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType font maps to a glyph (its ``cmap`` table's
    Unicode subtable, format 4 or 12), read without fontTools."""
    data = path.read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"cmap":
            break
    else:
        raise ValueError(f"{path}: no cmap table")
    (count,) = struct.unpack_from(">H", data, offset + 2)
    subtables = {}
    for index in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        subtables[(platform, encoding)] = offset + sub
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key in subtables:
            start = subtables[key]
            (fmt,) = struct.unpack_from(">H", data, start)
            if fmt == 12:
                return _format12(data, start)
            if fmt == 4:
                return _format4(data, start)
    raise ValueError(f"{path}: no Unicode cmap of format 4 or 12")


def _format4(data: bytes, start: int) -> frozenset[int]:
    (doubled,) = struct.unpack_from(">H", data, start + 6)
    segments = doubled // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + doubled)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 2 * doubled)
    offsets_at = start + 16 + 3 * doubled
    offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
    covered = set()
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = offsets_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                covered.add(code)
    return frozenset(covered)


def _format12(data: bytes, start: int) -> frozenset[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    covered = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * i)
        covered.update(range(first + (glyph == 0), last + 1))
    return frozenset(covered)


# ------------------------------------------------------------------- tree

def _text(text: str) -> str:
    """A string as HTML shows it: each run of white space one space."""
    return _SPACES.sub(" ", text)


class _Tree:
    """The document as the template's JSON tree. ``strings`` collects every
    string shown, by the position of the block showing it, for the check of
    the fonts' glyphs."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._footnotes: Mapping[str, Footnote] = document.footnotes
        self.strings: dict[Pos, list[str]] = {}
        self._pos = document.source
        # every label of an element that carries one in the PDF, given to its
        # first element only (a redline may hold an element twice), so that a
        # reference links to it
        self._targets = {label for label in _target_labels(document.blocks) if label}
        self._given: set[str] = set()

    def document(self) -> dict[str, Any]:
        meta = self._document.meta
        header = self.shown(meta.header) if meta.header else None
        return {"meta": {"title": meta.title, "header": header, "page_size": meta.page_size,
                         "author": meta.properties.get("creator"),  # the issuing body
                         "item_mark": ITEM_MARK},
                "blocks": self.blocks(self._document.blocks)}

    def shown(self, text: str) -> str:
        text = _text(text)
        self.strings.setdefault(self._pos, []).append(text)
        return text

    def raw(self, text: str | None) -> str | None:
        """A number or key of the engine's, shown as it is."""
        if text is None:
            return None
        self.strings.setdefault(self._pos, []).append(text)
        return text

    def label(self, label: str | None) -> str | None:
        if not label or label not in self._targets or label in self._given:
            return None
        self._given.add(label)
        return label

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: Iterable[Block]) -> list[dict[str, Any]]:
        return [self.block(block) for block in blocks]

    def block(self, block: Block) -> dict[str, Any]:
        """The block's node; its strings are checked at its position (or at
        the nearest enclosing block's that has one)."""
        outer = self._pos
        pos = getattr(block, "pos", NOWHERE)
        if pos != NOWHERE:
            self._pos = pos
        try:
            return self._block(block)
        finally:
            self._pos = outer

    def _block(self, block: Block) -> dict[str, Any]:
        match block:
            case Paragraph(inlines=inlines, style=style):
                return {"t": "p", "s": style, "c": self.inlines(inlines)}
            case NumberedParagraph():
                return {"t": "num", "k": block.kind, "d": self.raw(block.display),
                        "pv": self.raw(block.previous), "lbl": self.label(block.label),
                        "c": self.inlines(block.inlines)}
            case Section():
                return {"t": "sec", "lv": min(block.level, 4), "d": self.raw(block.display),
                        "pv": self.raw(block.previous), "lbl": self.label(block.label),
                        "c": self.inlines(block.title), "b": self.blocks(block.children)}
            case Annex():
                return {"t": "annex", "d": self.raw(block.display),
                        "pv": self.raw(block.previous), "lbl": self.label(block.label),
                        "c": self.inlines(block.title), "b": self.blocks(block.children)}
            case BulletList(items=items):
                return {"t": "ul", "items": [self.item(item, None, None) for item in items]}
            case OrderedList(items=items, displays=displays):
                if len(displays) != len(items):
                    raise AssertionError(f"{block.pos}: ordered list was not numbered")
                previous = block.previous or [None] * len(items)
                return {"t": "ol", "items": [self.item(item, display, before) for item, display,
                                             before in zip(items, displays, previous)]}
            case Table():
                return self.table(block)
            case DefinitionList(items=items):
                return {"t": "dl", "items": [
                    {"term": self.inlines(item.term), "body": self.inlines(item.body),
                     "lbl": self.label(item.label)} for item in items]}
            case FieldBlock(fields=fields):
                return {"t": "fields", "fields": [
                    {"k": self.shown(field.key), "v": self.inlines(field.value)}
                    for field in fields]}
            case SignatureBlock(signers=signers):
                return {"t": "sig", "signers": [
                    {"name": self.shown(signer.name) if signer.name else None,
                     "office": self.shown(signer.office)} for signer in signers]}
            case Figure():
                return self.figure(block)
            case PageBreak():
                return {"t": "pb"}
            case Revised(action=action, blocks=blocks):
                return {"t": "rev", "a": action, "b": self.blocks(blocks)}
            case Placeholder():
                raise AssertionError(f"{block.pos}: data block '{block.name}' was not expanded")
        raise TypeError(f"unknown block {type(block).__name__}")

    def item(self, item: ListItem, display: str | None, previous: str | None) -> dict[str, Any]:
        return {"d": self.raw(display), "pv": self.raw(previous), "r": item.revised,
                "b": self.blocks(item.blocks)}

    def table(self, table: Table) -> dict[str, Any]:
        columns = max((sum(cell.colspan for cell in row) for row in [*table.head, *table.rows]),
                      default=1)
        widths = None
        if table.widths:
            total = sum(table.widths)
            widths = [width / total for width in table.widths]
        return {"t": "table", "style": table.style, "d": self.raw(table.display),
                "pv": self.raw(table.previous), "lbl": self.label(table.label),
                "cap": self.inlines(table.caption) if table.caption else None,
                "sub": self.inlines(table.subtitle) if table.subtitle else None,
                "widths": widths, "ncols": len(widths) if widths else columns,
                "head": [self.row(line) for line in slots(table.head)],
                "rows": [self.row(line) for line in slots(table.rows)],
                "tall": [index for index, row in enumerate(table.rows) if may_be_tall(row)],
                "hd": sorted(heading_rows(table.rows)),
                "rev": {str(index): action for index, action in table.revised_rows.items()}}

    def row(self, line: list[Slot]) -> list[dict[str, Any]]:
        """The cells that start in a row, each with its grid column."""
        return [{"col": slot.column, "span": slot.cell.colspan, "rs": slot.cell.rowspan,
                 "al": slot.cell.align, "c": self.inlines(slot.cell.inlines),
                 "li": [self.inlines(item) for item in cell_items(slot.cell)]
                 if slot.cell.listed else None}
                for slot in line if slot.first]

    def figure(self, figure: Figure) -> dict[str, Any]:
        caption = self.inlines(figure.caption) if figure.caption else None
        self.strings.setdefault(self._pos, []).extend(_svg_texts(figure.svg))
        alt = " ".join(part for part in (figure.display, inline_text(figure.caption or []))
                       if part)
        return {"t": "fig", "svg": figure.svg, "w": figure.width_cm, "d": self.raw(figure.display),
                "pv": self.raw(figure.previous), "lbl": self.label(figure.label), "cap": caption,
                "alt": alt or "Figura"}

    # ----------------------------------------------------------- inlines

    def inlines(self, inlines: Iterable[Inline]) -> list[Any]:
        out: list[Any] = []
        for inline in inlines:
            node = self.inline(inline)
            if isinstance(node, str) and out and isinstance(out[-1], str):
                out[-1] += node
            elif node != "":
                out.append(node)
        return out

    def inline(self, inline: Inline) -> Any:
        match inline:
            case Text(text=text):
                return self.shown(text)
            case Emph(children=children):
                return {"t": "i", "c": self.inlines(children)}
            case Strong(children=children):
                return {"t": "b", "c": self.inlines(children)}
            case LineBreak():
                return {"t": "br"}
            case Ref():
                if inline.text is None:
                    raise AssertionError(f"{inline.pos}: reference '{inline.label}' was not "
                                         "resolved")
                text = self.shown(inline.text)
                if inline.form != "count" and inline.document is None \
                        and inline.label in self._targets:
                    return {"t": "link", "to": inline.label, "c": text}
                return text
            case FootnoteRef():
                return self.footnote_ref(inline)
            case Inserted(children=children):
                return {"t": "ins", "c": self.inlines(children)}
            case Deleted(children=children):
                return {"t": "del", "c": self.inlines(children)}
        raise TypeError(f"unknown inline {type(inline).__name__}")

    def footnote_ref(self, ref: FootnoteRef) -> dict[str, Any]:
        if ref.number is None:
            raise AssertionError(f"{ref.pos}: footnote '{ref.label}' was not numbered")
        number = self.raw(str(ref.number))
        previous = self.raw(str(ref.previous)) if ref.previous is not None else None
        if not ref.places_note:
            return {"t": "call", "n": number, "pv": previous}
        note = self._footnotes[ref.label]
        return {"t": "fn", "n": number, "pv": previous, "r": note.revised,
                "c": self.note_inlines(note), "fol": self.followers(note)}

    def note_inlines(self, note: Footnote) -> list[Any]:
        outer, self._pos = self._pos, note.pos if note.pos != NOWHERE else self._pos
        try:
            return self.inlines(note.inlines)
        finally:
            self._pos = outer

    def followers(self, note: Footnote) -> list[dict[str, Any]]:
        """The notes that follow ``note`` at the foot of the page, each
        followed by its own."""
        out = []
        for label in note.followers:
            follower = self._footnotes[label]
            out.append({"n": self.raw(str(follower.number)), "r": follower.revised,
                        "c": self.note_inlines(follower)})
            out += self.followers(follower)
        return out


def _target_labels(blocks: Iterable[Block]) -> Iterable[str | None]:
    """The labels of the elements that carry theirs in the PDF."""
    for block in iter_blocks(blocks):
        if isinstance(block, (Section, Annex, NumberedParagraph, Table, Figure)):
            yield block.label
        if isinstance(block, DefinitionList):
            yield from (item.label for item in block.items)


def _svg_texts(svg: str) -> list[str]:
    """The texts an SVG drawing shows (its ``<text>`` elements)."""
    import xml.etree.ElementTree as ElementTree  # figures are rare: not on import

    try:
        root = ElementTree.fromstring(svg[svg.find("<svg"):] if "<svg" in svg else svg)
    except ElementTree.ParseError:
        return []  # Typst says what is wrong with it
    return ["".join(element.itertext()) for element in root.iter()
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "text"]
