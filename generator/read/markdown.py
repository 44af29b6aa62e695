"""Read a Markdown source (YAML front matter, then Jinja2, then Markdown) into
the document model.

The syntax, on top of CommonMark with tables, footnotes and definition lists:

- ``# Título {#sec:label}`` labels a section; ``{-}`` leaves it unnumbered.
- ``(@) Texto`` / ``(@par:label) Texto`` starts a paragraph numbered by the
  engine; other kinds: ``(@con)`` considerando, ``(@art:x)`` article,
  ``(@rule)`` a numbered rule, ``(@item)`` an item ``i)``, ``ii)``.
- ``Table: Título {#tbl:label}`` right before a table gives its caption.
- ``Término {#def:label}`` / ``: definición`` is a glossary entry.
- ``::: annex {#ann:label}`` … ``:::`` an annex, titled by its first heading.
- ``::: data NAME {#tbl:label}`` … ``:::`` a placeholder for blocks built
  from data by the document's assembler (a table of systems, a signature, …),
  which expands it after reading.
- ``[@tbl:label]`` "Cuadro 2", ``[-@tbl:label]`` "2",
  ``[@doc-id/tbl:label]`` in another document, ``[#sec]`` / ``[#sec:label]``
  / ``[#ann]`` counts; ``[^label]`` footnotes; ``***`` a page break;
  ``{.style}`` at the end of a paragraph gives it a paragraph style, one of
  :data:`~generator.model.document.PARAGRAPH_STYLES`.

Anything else that looks like this syntax (an unknown style, kind of
numbered paragraph or reference form, attributes where none are taken) is an
error at its line, never silently dropped or shown as text.

Jinja comments are ``{## … ##}`` (``{#`` starts a label).

Positions: the front matter is kept as blank lines, and every line of literal
text carries its line number (and the shared part it is in) through Jinja, so
positions are file lines however many lines Jinja's tags, comments, loops and
includes take or make.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Mapping

import jinja2
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pydantic import Field, PrivateAttr

from ..errors import Pos, Problem, Problems, UserError, did_you_mean, display_path
from ..load.files import read_text
from ..load.validate import validate_model
from ..load.yamlsrc import YamlProblem, parse_yaml
from ..model.base import SRC, Id, Located, PlainMapping, Src, Text as TextField
from ..model.document import (
    NUMBERED_KINDS, PARAGRAPH_STYLES, Annex, Block, BulletList, Cell, Definition, DefinitionList,
    Document, Emph, Footnote, FootnoteRef, Inline, LineBreak, ListItem, Meta, NumberedParagraph,
    OrderedList, PageBreak, PageSize, Paragraph, Placeholder, Ref, Section, Strong, Table, Text,
)
from .templating import compile_template, render_template


class FrontMatter(Located):
    """A document's front matter. ``data`` is plain data for the template
    (``page``) and the kind's assembler; :attr:`data_src` says where its keys are."""

    id: Id
    kind: Id
    title: TextField
    date: dt.date
    place: TextField = "SANTIAGO"
    page_size: PageSize = "letter"
    header: TextField | None = None
    data: Annotated[dict[str, Any], PlainMapping] = Field(default_factory=dict)
    _data_src: Src | None = PrivateAttr(default=None)

    @property
    def data_src(self) -> Src:
        """The position of ``data`` and of each of its keys."""
        if self._data_src is not None:
            return self._data_src
        where = self.pos("data")
        return Src(where.path, where.line)


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
REF = re.compile(
    r"\[(?P<minus>-?)@(?:(?P<doc>[a-z0-9][a-z0-9-]*)/)?(?P<label>[a-z]+:[A-Za-z0-9_.-]+)\]"
    r"|\[#(?P<count>[a-z]+(?::[A-Za-z0-9_.-]+)?)\]"
    r"|\[\^(?P<note>[^\]\s]+)\]"  # a footnote call without a definition: an error later
)
#: Text that looks like a reference or a count but is none of their forms.
SUSPECT = re.compile(r"\[(?P<prefix>[^\w\s\[\]@]*)@(?P<label>[^\]\s]*)\]|\[#(?P<count>[^\]\s]*)\]")
NUMBERED = re.compile(r"\A\(@(?P<kind>[a-z]+)?(?::(?P<label>[A-Za-z0-9_.-]+))?\)\s*")
TRAILING_ATTRS = re.compile(r"\s*\{(?P<attrs>(?:[#.][A-Za-z0-9_:.-]+|-)(?:\s+(?:[#.][A-Za-z0-9_:.-]+|-))*)\}\s*\Z")
CAPTION = re.compile(r"\ATable:\s*")
NO_TABLE = "a 'Table:' caption must be followed by a table"


def _keep_uncited_footnotes(state: StateCore) -> None:
    """The footnote plugin drops definitions nothing in the Markdown cites; keep
    them: data (an objective's text) may cite them, and numbering reports the
    ones that stay uncited."""
    data = state.env.get("footnotes")
    if not data:
        return
    for key, number in list(data.get("refs", {}).items()):
        if number < 0:
            identifier = len(data["list"])
            data["list"][identifier] = {"label": key[1:], "count": 0}
            data["refs"][key] = identifier


_MD = (
    MarkdownIt("commonmark", {"html": False, "typographer": False})
    .enable("table")
    .use(footnote_plugin)
    .use(deflist_plugin)
    .use(container_plugin, name="annex")
    .use(container_plugin, name="data")
)
_MD.core.ruler.before("footnote_tail", "keep_uncited_footnotes", _keep_uncited_footnotes)


def read_markdown(path: Path, context: Mapping[str, Any]) -> Document:
    """Read ``path``, a document with front matter, into a document (not yet
    numbered) with ``context`` in its Jinja scope."""
    return parse_markdown_text(read_text(path), display_path(path), context)


def parse_markdown_text(source: str, shown: str, context: Mapping[str, Any]) -> Document:
    """Like :func:`read_markdown`, for text already read (``shown`` names it in errors)."""
    front, body = split_front_matter(source, shown)
    return render_document(compile_template(body, shown), shown, document_meta(front),
                           {**context, "page": front.data})


def document_meta(front: FrontMatter) -> Meta:
    """What the front matter says the document is."""
    return Meta(id=front.id, kind=front.kind, title=front.title, date=front.date,
                place=front.place, page_size=front.page_size, header=front.header)


def render_document(template: jinja2.Template, shown: str, meta: Meta,
                    context: Mapping[str, Any]) -> Document:
    """Render ``template`` with ``context`` and read the Markdown into a
    document; its ``::: data`` blocks are :class:`Placeholder` nodes."""
    rendered, lines = render_template(template, shown, context)
    reader = _Reader(shown, lines)
    blocks, footnotes = reader.read(rendered)
    reader.problems.raise_if_any()
    return Document(meta=meta, blocks=blocks, footnotes=footnotes, source=Pos(shown, 1))


def inline_markdown(text: str, pos: Pos) -> list[Inline]:
    """Inline Markdown from data (an objective's text) as inlines: emphasis,
    ``[^label]`` footnote calls (to be defined in the document's footnotes),
    ``[@…]`` references, hard line breaks (a line ending in ``\\``)."""
    reader = _Reader(pos.path)
    tokens = _MD.parseInline(text)
    inlines = reader._inlines(tokens[0].children or [], pos.line)
    reader.problems.raise_if_any()
    return _strip(inlines)


def split_front_matter(source: str, shown: str) -> tuple[FrontMatter, str]:
    match = FRONT_MATTER.match(source)
    if not match:
        raise UserError([Problem(Pos(shown, 1), "missing front matter "
                                 "(expected '---' lines around id, kind, title, date)")])
    problems = Problems()
    try:
        data = parse_yaml("\n" + match.group(1), shown)  # "\n": file line numbers
    except YamlProblem as exc:
        raise UserError([exc.problem]) from None
    front = validate_model(FrontMatter, data, shown, problems)
    problems.raise_if_any()
    assert front is not None
    inner = data["data"].get(SRC) if isinstance(data.get("data"), dict) else None
    if inner is not None:  # its keys' lines, and the line of "data:" for the mapping
        front._data_src = replace(inner, line=front.pos("data").line)
    blank = "\n" * match.group(0).count("\n")
    return front, blank + source[match.end():]


class _Reader:
    """Markdown tokens → blocks."""

    def __init__(self, shown: str, lines: list[Pos] | None = None):
        self.shown = shown
        self.lines = lines  # source position of each line of the text read, when rendered
        self.text = ""  # the text read
        self.problems = Problems()
        self.inline_notes: dict[int, int] = {}  # an inline note's id → the line of its call

    def at(self, line: int) -> Pos:
        """The source position of ``line`` (1-based) of the text read."""
        if self.lines is not None and 0 < line <= len(self.lines):
            return self.lines[line - 1]
        return Pos(self.shown, line)

    def pos(self, token: Token) -> Pos:
        return self.at(token.map[0] + 1) if token.map else Pos(self.shown, 0)

    def read(self, text: str) -> tuple[list[Block], dict[str, Footnote]]:
        self.text = text
        tokens = _MD.parse(text)
        footnotes: dict[str, Footnote] = {}
        body, notes, i = [], None, 0
        while i < len(tokens):
            if tokens[i].type == "footnote_block_open":
                notes = i + 1
                while tokens[i].type != "footnote_block_close":
                    i += 1
            else:
                body.append(tokens[i])
            i += 1
        blocks = self._nest_sections(self._blocks(body))
        if notes is not None:  # after the body: an inline note's line is that of its call
            self._footnotes(tokens, notes, footnotes)
        return blocks, footnotes

    # -- sections: headings open sections that last until a heading of the same level or higher
    def _nest_sections(self, items: list[Block | tuple[int, Section]]) -> list[Block]:
        root: list[Block] = []
        stack: list[tuple[int, list[Block]]] = [(0, root)]
        for item in items:
            if isinstance(item, tuple):
                level, section = item
                while stack[-1][0] >= level:
                    stack.pop()
                stack[-1][1].append(section)
                stack.append((level, section.children))
            else:
                stack[-1][1].append(item)
        return root

    def _blocks(self, tokens: list[Token]) -> list[Any]:
        out: list[Any] = []
        caption: tuple[list[Inline], str | None] | None = None
        caption_at = Pos(self.shown, 0)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            end = _matching_close(tokens, i)
            inner = tokens[i + 1:end]
            if kind == "heading_open":
                out.append((int(token.tag[1]), self._heading(token, inner[0])))
            elif kind == "paragraph_open":
                paragraph = self._paragraph(token, inner[0])
                if isinstance(paragraph, tuple):
                    if caption is not None:
                        self.problems.add(caption_at, NO_TABLE)
                    caption, caption_at = paragraph, self.pos(token)
                    i = end + 1
                    continue
                out.append(paragraph)
            elif kind == "table_open":
                out.append(self._table(token, inner, caption))
                caption = None
                i = end + 1
                continue
            elif kind in ("bullet_list_open", "ordered_list_open"):
                out.append(self._list(token, inner))
            elif kind == "dl_open":
                out.append(self._deflist(token, inner))
            elif kind == "container_annex_open":
                out.append(self._annex(token, inner))
            elif kind == "container_data_open":
                out.append(self._data(token, inner))
            elif kind == "hr":
                out.append(PageBreak(pos=self.pos(token)))
            else:
                self.problems.add(self.pos(token), f"unsupported Markdown ({_describe(token)})")
            if caption is not None:
                self.problems.add(caption_at, NO_TABLE)
                caption = None
            i = end + 1
        if caption is not None:
            self.problems.add(caption_at, NO_TABLE)
        return out

    def _heading(self, token: Token, inline: Token) -> Section:
        pos = self.pos(token)
        inlines, attrs = self._inline_with_attrs(inline)
        label, _, unnumbered = self._attributes(attrs, pos, "heading", label=True,
                                                unnumbered=True)
        return Section(title=inlines, children=[], label=label, numbered=not unnumbered,
                       pos=pos)

    def _paragraph(self, token: Token, inline: Token):
        pos = self.pos(token)
        first = inline.children[0] if inline.children else None
        if first is not None and first.type == "text" and CAPTION.match(first.content):
            first.content = CAPTION.sub("", first.content)
            inlines, attrs = self._inline_with_attrs(inline)
            return inlines, self._attributes(attrs, pos, "table caption", label=True)[0]
        numbered = None
        if first is not None and first.type == "text":
            match = NUMBERED.match(first.content)
            if match:
                numbered = match
                first.content = first.content[match.end():]
        inlines, attrs = self._inline_with_attrs(inline)
        if numbered:
            kind = numbered.group("kind") or "par"
            marked = _label(numbered)
            label, _, _ = self._attributes(attrs, pos, "numbered paragraph", label=True,
                                           labelled=marked is not None)
            if kind not in NUMBERED_KINDS:
                self.problems.add(pos, f"unknown kind of numbered paragraph '(@{kind})' "
                                       f"(expected one of {', '.join(NUMBERED_KINDS)})"
                                       f"{did_you_mean(kind, NUMBERED_KINDS)}")
                return Paragraph(inlines=inlines, pos=pos)
            return NumberedParagraph(kind=kind, inlines=inlines, label=marked or label, pos=pos)
        _, style, _ = self._attributes(attrs, pos, "paragraph", style=True)
        return Paragraph(inlines=inlines, style=style, pos=pos)

    def _attributes(self, attrs: list[str], pos: Pos, what: str, *, label: bool = False,
                    style: bool = False, unnumbered: bool = False,
                    labelled: bool = False) -> tuple[str | None, Any, bool]:
        """The label, paragraph style and unnumbered mark among ``attrs`` (the
        ``{…}`` at the end of a ``what``), each where the element takes it;
        anything else is a problem. ``labelled``: the element has its label already."""
        found_label, found_style, found_unnumbered = None, None, False
        takes = ["{#kind:name}"] * label + ["{.style}"] * style + ["{-}"] * unnumbered
        for attr in attrs:
            if label and attr.startswith("#"):
                if found_label or labelled:
                    self.problems.add(pos, f"a {what} takes one label (got '{attr}' too)")
                found_label = found_label or attr[1:]
            elif unnumbered and attr in ("-", ".unnumbered"):
                found_unnumbered = True
            elif style and attr.startswith("."):
                name = attr[1:]
                if found_style:
                    self.problems.add(pos, f"a {what} takes one style (got '{attr}' too)")
                elif name not in PARAGRAPH_STYLES:
                    self.problems.add(pos, f"unknown paragraph style '{name}' (expected one of "
                                           f"{', '.join(sorted(PARAGRAPH_STYLES))})"
                                           f"{did_you_mean(name, PARAGRAPH_STYLES)}")
                else:
                    found_style = name
            else:
                allowed = f"it takes {' and '.join(takes)}" if takes else "it takes none"
                self.problems.add(pos, f"a {what} takes no attribute '{{{attr}}}' ({allowed})")
        return found_label, found_style, found_unnumbered

    def _inline_with_attrs(self, inline: Token, line: int = 0) -> tuple[list[Inline], list[str]]:
        """The inlines of ``inline`` and the attributes at its end; ``line``:
        where it starts when the token does not say (an inline note's text)."""
        attrs: list[str] = []
        children = inline.children or []
        if children and children[-1].type == "text":
            match = TRAILING_ATTRS.search(children[-1].content)
            if match:
                attrs = match.group("attrs").split()
                children[-1].content = children[-1].content[:match.start()]
        return _strip(self._inlines(children, inline.map[0] + 1 if inline.map else line)), attrs

    def _inlines(self, tokens: list[Token], line: int) -> list[Inline]:
        stack: list[list[Inline]] = [[]]
        wrappers: list[type] = []
        for token in tokens:
            kind = token.type
            if kind == "text":
                stack[-1].extend(self._text(token.content, line))
            elif kind == "softbreak":
                stack[-1].append(Text(" "))
                line += 1
            elif kind == "hardbreak":
                stack[-1].append(LineBreak())
                line += 1
            elif kind in ("em_open", "strong_open"):
                stack.append([])
                wrappers.append(Emph if kind == "em_open" else Strong)
            elif kind in ("em_close", "strong_close"):
                children = stack.pop()
                stack[-1].append(wrappers.pop()(children))
            elif kind == "footnote_ref":
                label = token.meta.get("label")
                if label is None:  # an inline note, ^[…]
                    label = _inline_label(token.meta["id"])
                    self.inline_notes[token.meta["id"]] = line
                stack[-1].append(FootnoteRef(label=label, pos=self.at(line)))
            elif kind == "code_inline":
                stack[-1].append(Text(token.content))
            elif kind in ("link_open", "link_close"):
                continue
            else:
                self.problems.add(self.at(line), f"unsupported Markdown ({_describe(token)})")
        return _merge(stack[0])

    def _text(self, content: str, line: int) -> list[Inline]:
        out: list[Inline] = []
        start = 0
        for match in REF.finditer(content):
            if match.start() > start:
                out.append(self._literal(content[start:match.start()], line))
            pos = self.at(line)
            if match.group("note"):
                out.append(FootnoteRef(label=match.group("note"), pos=pos))
            elif match.group("count"):
                out.append(Ref(label=match.group("count"), form="count", pos=pos))
            else:
                out.append(Ref(label=match.group("label"), document=match.group("doc"),
                               form="number" if match.group("minus") else "full", pos=pos))
            start = match.end()
        if start < len(content):
            out.append(self._literal(content[start:], line))
        return out

    def _literal(self, text: str, line: int) -> Text:
        """Text that is no reference: what looks like one is a problem."""
        for match in SUSPECT.finditer(text):
            if match.group("count") is not None:
                self.problems.add(self.at(line), f"malformed count '{match[0]}' (expected "
                                                 "[#kind] or [#sec:name], kind in lower case)")
            elif match.group("prefix"):
                self.problems.add(self.at(line), f"unknown reference form '{match[0]}' (expected "
                                                 "[@kind:name] for the full reference or "
                                                 "[-@kind:name] for the number only)")
            else:
                self.problems.add(self.at(line), f"malformed reference '{match[0]}' (expected "
                                                 "[@kind:name] or [@document/kind:name])")
        return Text(text)

    def _table(self, token: Token, inner: list[Token],
               caption: tuple[list[Inline], str | None] | None) -> Table:
        head: list[list[Cell]] = []
        rows: list[list[Cell]] = []
        target = head
        row: list[Cell] = []
        for j, tok in enumerate(inner):
            if tok.type == "tbody_open":
                target = rows
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                target.append(row)
            elif tok.type in ("th_open", "td_open"):
                style = tok.attrGet("style") or ""
                align = style.partition("text-align:")[2].strip() or None
                row.append(Cell(self._plain_inlines(inner[j + 1], "table cell"), align=align))
        return Table(head=head, rows=rows, caption=caption[0] if caption else None,
                     label=caption[1] if caption else None, pos=self.pos(token))

    def _list(self, token: Token, inner: list[Token]) -> BulletList | OrderedList:
        items: list[ListItem] = []
        i = 0
        while i < len(inner):
            if inner[i].type == "list_item_open":
                end = _matching_close(inner, i)
                blocks = self._blocks(inner[i + 1:end])
                items.append(ListItem([b for b in blocks if not isinstance(b, tuple)]))
                i = end
            i += 1
        if token.type == "ordered_list_open":
            return OrderedList(items=items, pos=self.pos(token))
        return BulletList(items=items, pos=self.pos(token))

    def _deflist(self, token: Token, inner: list[Token]) -> DefinitionList:
        items: list[Definition] = []
        i = 0
        while i < len(inner):
            tok = inner[i]
            if tok.type == "dt_open":
                term, attrs = self._inline_with_attrs(inner[i + 1])
                label, _, _ = self._attributes(attrs, self.pos(tok), "term", label=True)
                items.append(Definition(term=term, body=[], label=label, pos=self.pos(tok)))
            elif tok.type == "inline" and items and inner[i - 1].type == "paragraph_open":
                if items[-1].body:
                    items[-1].body.append(LineBreak())
                items[-1].body.extend(self._plain_inlines(tok, "definition"))
            i += 1
        return DefinitionList(items=items, pos=self.pos(token))

    def _annex(self, token: Token, inner: list[Token]) -> Annex:
        label = self._info_label(token, "annex")
        blocks = self._blocks(inner)
        title: list[Inline] = []
        if blocks and isinstance(blocks[0], tuple):
            title = blocks.pop(0)[1].title
        else:
            self.problems.add(self.pos(token), "an annex must start with a heading (its title)")
        return Annex(title=title, children=self._nest_sections(blocks), label=label,
                     pos=self.pos(token))

    def _data(self, token: Token, inner: list[Token]) -> Placeholder:
        words = TRAILING_ATTRS.sub("", token.info).split()
        name = words[1] if len(words) > 1 else ""
        pos = self.pos(token)
        if not name:
            self.problems.add(pos, "a data block needs a name ('::: data NAME')")
        if inner:
            self.problems.add(pos, f"data block '{name}' takes no content")
        return Placeholder(name=name, label=self._info_label(token, "data block"), pos=pos)

    def _info_label(self, token: Token, what: str) -> str | None:
        """The label in the ``{#…}`` at the end of a container's opening line."""
        match = TRAILING_ATTRS.search(token.info)
        attrs = match.group("attrs").split() if match else []
        return self._attributes(attrs, self.pos(token), what, label=True)[0]

    def _plain_inlines(self, inline: Token, what: str, line: int = 0) -> list[Inline]:
        """The inlines of a ``what`` that takes no attributes."""
        inlines, attrs = self._inline_with_attrs(inline, line)
        self._attributes(attrs, self.pos(inline), what)
        return inlines

    def _definition(self, label: str) -> Pos:
        """Where the footnote ``label`` is defined (a definition without text
        has no token of its own)."""
        definition = re.compile(rf"^[ ]{{0,3}}\[\^{re.escape(label)}\]:")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if definition.match(line):
                return self.at(number)
        return Pos(self.shown, 0)

    def _footnotes(self, tokens: list[Token], i: int, footnotes: dict[str, Footnote]) -> None:
        note: Footnote | None = None
        called = 0  # an inline note's line: that of its call
        while tokens[i].type != "footnote_block_close":
            tok = tokens[i]
            if tok.type == "footnote_open":
                label = tok.meta["label"]
                note = Footnote(label=label, inlines=[])
                if label is None:
                    note.label = _inline_label(tok.meta["id"])
                    called = self.inline_notes.get(tok.meta["id"], 0)
                    note.pos = self.at(called)
                footnotes[note.label] = note
            elif tok.type == "footnote_close" and note is not None and not note.inlines:
                if note.label.startswith(INLINE_NOTE):
                    self.problems.add(note.pos, "an inline footnote (^[…]) has no text")
                else:
                    note.pos = self._definition(note.label)
                    self.problems.add(note.pos, f"footnote '{note.label}' has no text")
            elif tok.type == "inline" and note is not None:
                if note.pos.line == 0:
                    note.pos = self.pos(tok)
                elif note.inlines:
                    note.inlines.append(LineBreak())
                note.inlines.extend(self._plain_inlines(tok, "footnote", called))
            i += 1


#: How an inline note's label begins (``^[…]`` has none of its own: the
#: space keeps it apart from every label ``[^…]`` can give).
INLINE_NOTE = "inline "


def _inline_label(identifier: int) -> str:
    return f"{INLINE_NOTE}{identifier}"


def _matching_close(tokens: list[Token], i: int) -> int:
    """Index of the token closing ``tokens[i]`` (``i`` for self-contained tokens)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _describe(token: Token) -> str:
    return token.type.removesuffix("_open").replace("_", " ")


def _label(match: re.Match) -> str | None:
    if match.group("label"):
        return f"{match.group('kind') or 'par'}:{match.group('label')}"
    return None


def _strip(inlines: list[Inline]) -> list[Inline]:
    if inlines and isinstance(inlines[0], Text):
        inlines[0].text = inlines[0].text.lstrip()
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1].text = inlines[-1].text.rstrip()
    return [i for i in inlines if not (isinstance(i, Text) and not i.text)]


def _merge(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + inline.text)
        else:
            out.append(inline)
    return out
